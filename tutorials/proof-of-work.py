# ---
# title: Proof of work and difficulty adjustment
# description: Mine blocks by searching for a nonce, see why the expected work doubles with every difficulty bit, and simulate Bitcoin's 2016-block retarget.
# level: intermediate
# duration: 30
# tags: [proof-of-work, mining, consensus, bitcoin]
# order: 3
# prerequisites: [hash-chain]
# solutions: after-attempt
# run_in_page: pyodide
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
#     language: python
# ---

# %% [markdown]
# # Proof of work and difficulty adjustment
#
# The hash chain tutorial ended with a problem: an attacker can edit an old block and simply
# recompute every later hash. Proof of work makes that recomputation **expensive**. A block
# only counts if its hash is below a *target*, and the only known way to find such a hash is
# to try many inputs. Rewriting history then means redoing all that work, faster than the
# honest network keeps adding to it.
#
# You will learn:
#
# - how mining is a search for a nonce that makes the block hash small enough;
# - why each extra bit of difficulty doubles the expected work;
# - how Bitcoin keeps blocks about 10 minutes apart as hash power changes, by retargeting
#   every 2016 blocks with the change clamped to a factor of 4.
#
# !!! note "Toy difficulty"
#     Bitcoin's real target needs on the order of 10²³ hashes per block. We use 4 to 16
#     leading zero bits so every cell here runs in a fraction of a second.

# %% [markdown]
# ## A hash below a target
#
# Treat the 256-bit hash as an integer. A block is valid when `hash < target`. A hash behaves
# like a uniformly random number, so the chance that one attempt succeeds is
# `target / 2**256`. With `target = 2**(256 - k)` that is `1 / 2**k`, which is the same as
# asking for `k` leading zero bits.
#
# The block's contents are fixed, so miners vary a **nonce** ("number used once") field in
# the header and hash again.
#
# !!! note "How Bitcoin does it"
#     Bitcoin hashes an 80-byte header (version, previous block hash, Merkle root, time,
#     compact target `bits`, 32-bit nonce) with SHA-256 applied twice, and compares the
#     result, read as a little-endian integer, with the target. We read the digest big-endian
#     so the zeros show up at the start of the hex string.

# %%
import hashlib
import random


def block_hash(header: bytes, nonce: int) -> int:
    data = header + nonce.to_bytes(8, "little")
    return int.from_bytes(hashlib.sha256(hashlib.sha256(data).digest()).digest(), "big")


def leading_zero_bits(h: int) -> int:
    return 256 - h.bit_length()


def mine(header: bytes, zero_bits: int) -> tuple[int, int]:
    """Return (nonce, attempts) for the first nonce whose hash has `zero_bits` leading zeros."""
    target = 1 << (256 - zero_bits)
    nonce = 0
    while block_hash(header, nonce) >= target:
        nonce += 1
    return nonce, nonce + 1


header = b"prev=00000000abcd|merkle=23388b86|time=1700000000"
print("first attempts, nonce and leading zero bits of the hash:")
for nonce in range(6):
    h = block_hash(header, nonce)
    print(f"  nonce {nonce}: {h:064x}  ({leading_zero_bits(h)} zero bits)")

# %% [markdown]
# None of these has many zero bits. Now search for real, at increasing difficulty:

# %%
found = {}  # bits -> nonce, reused below so we mine each difficulty only once
print(f"{'bits':>4} {'nonce':>7} {'attempts':>9} {'expected 2**bits':>17}  hash")
for bits in (4, 8, 12, 16):
    nonce, attempts = mine(header, bits)
    found[bits] = nonce
    h = block_hash(header, nonce)
    print(f"{bits:>4} {nonce:>7} {attempts:>9} {2**bits:>17}  {h:064x}"[:80] + "...")

# %% [markdown]
# Each difficulty step of 4 bits multiplies the **expected** number of attempts by 16. The
# actual count varies a lot: here 16 bits took almost three times the expected 65,536
# attempts. Success on each attempt is an independent coin flip with probability
# `2**-bits`, so the number of attempts follows a geometric distribution with mean
# `2**bits` and a long tail. You will check that average in the exercises.
#
# Verifying, on the other hand, costs **one** hash whatever the difficulty. That asymmetry,
# expensive to produce but cheap to check, is the whole point.

# %%
def verify_pow(header: bytes, nonce: int, zero_bits: int) -> bool:
    return block_hash(header, nonce) < 1 << (256 - zero_bits)


nonce16 = found[16]
print("valid at 16 bits:", verify_pow(header, nonce16, 16))
print("valid after editing the header:", verify_pow(header.replace(b"abcd", b"abce"), nonce16, 16))

# %% [markdown]
# ## Why work protects history
#
# Put proof of work into the hash chain: each header contains the previous block's hash, and
# each block needs its own nonce. To change block *k*, an attacker must re-mine block *k*
# **and every block after it**, because each of their hashes changes. Nodes follow the chain
# with the **most cumulative work**, so the attacker must also outpace everyone else who is
# mining on the honest chain. With less than half of the total hash power, the chance of
# catching up shrinks exponentially with the number of blocks behind (section 11 of the
# Bitcoin paper).
#
# Let us mine a short chain at 12 bits and count the work an edit would cost.

# %%
def mine_chain(payloads: list[str], zero_bits: int) -> list[tuple[bytes, int]]:
    chain = []
    prev = 0
    for payload in payloads:
        hdr = f"prev={prev:064x}|data={payload}".encode()
        nonce, _ = mine(hdr, zero_bits)
        chain.append((hdr, nonce))
        prev = block_hash(hdr, nonce)
    return chain


payloads = ["alice->bob 20", "bob->carol 5", "alice->dave 10", "carol->alice 2"]
chain = mine_chain(payloads, 12)
total = sum(nonce + 1 for _, nonce in chain)
redo = sum(nonce + 1 for _, nonce in chain[1:])
print("hashes spent mining 4 blocks:", total)
print("of which spent on blocks 1-3, to be redone (on average) by an editor of block 1:", redo)

# %% [markdown]
# ## Targets and difficulty in Bitcoin
#
# Bitcoin stores the target in a compact 32-bit form in the header (`bits`) and does not
# require it to be a power of two. The *difficulty* shown by explorers is just a ratio:
#
# `difficulty = max_target / current_target`, with `max_target = 0xFFFF * 2**208`.
#
# At difficulty 1 a block needs about 2³² hashes on average, so expected hashes per block is
# roughly `difficulty * 2**32`.
#
# Bitcoin accepts a header when its hash, read as a number, is **less than or equal to** the
# target (Bitcoin Core's `CheckProofOfWork` rejects only `hash > target`). So `target + 1`
# of the 2²⁵⁶ possible hashes win, and the expected number of attempts is
# `2**256 / (target + 1)`: that is where the `+ 1` below comes from. Our toy `mine` above
# tests `hash < 2**(256 - bits)`, which is the same rule with `target = 2**(256 - bits) - 1`.

# %%
MAX_TARGET = 0xFFFF << 208  # Bitcoin's "difficulty 1" target (the proof-of-work limit)


def difficulty(target: int) -> float:
    return MAX_TARGET / target


def expected_hashes(target: int) -> float:
    return 2**256 / (target + 1)


print(f"difficulty 1 needs about {expected_hashes(MAX_TARGET):.6g} hashes; 2**32 = {2**32}")
print(f"a target 1000x smaller is difficulty {difficulty(MAX_TARGET // 1000):.1f}")

# Counted directly on a toy 8-bit hash space: the hashes h <= target number target + 1.
toy_target = 0x3F
winners = sum(1 for h in range(256) if h <= toy_target)
assert winners == toy_target + 1 == 64
print(f"8-bit toy: {winners} of 256 hashes meet target {toy_target:#x}, so {256 / winners:.0f} attempts expected")

# %% [markdown]
# ## Difficulty adjustment
#
# Hash power on the network changes all the time. If the target stayed fixed, doubling the
# hash power would halve the block interval. Bitcoin wants one block every **10 minutes**, so
# every **2016 blocks** (two weeks at the ideal rate) each node recomputes the target:
#
# ```
# actual   = time taken by the last 2016 blocks, clamped to [expected / 4, expected * 4]
# expected = 2016 * 600 seconds (two weeks)
# new_target = old_target * actual / expected     (never above max_target)
# ```
#
# Blocks came too fast → `actual` is small → the target shrinks → mining gets harder.
#
# !!! warning "Why the clamp?"
#     Limiting each adjustment to a factor of 4 stops a single period with wild timestamps
#     (which miners choose, within limits) from swinging the difficulty arbitrarily. The
#     price is that a very large change in hash power takes several periods to absorb.
#
# Every node computes this from the block headers themselves, so all nodes agree on the
# new target without any coordination.

# %%
TARGET_SPACING = 600  # seconds per block
INTERVAL = 2016  # blocks per retarget period
TARGET_TIMESPAN = INTERVAL * TARGET_SPACING  # 1,209,600 s = 14 days


def retarget(old_target: int, actual_timespan: int) -> int:
    actual = max(TARGET_TIMESPAN // 4, min(actual_timespan, TARGET_TIMESPAN * 4))
    new_target = old_target * actual // TARGET_TIMESPAN
    return min(new_target, MAX_TARGET)


t = MAX_TARGET // 1000
for days in (14, 7, 28, 1, 100):
    new = retarget(t, days * 86400)
    print(f"period took {days:>3} days -> difficulty x {difficulty(new) / difficulty(t):.2f}")

# %% [markdown]
# The 1-day and 100-day periods hit the clamp: difficulty changes by at most ×4 or ÷4.
#
# !!! warning "An off-by-one in Bitcoin, and the time-warp attack"
#     Bitcoin Core measures the timespan from the first to the last block of the 2016-block
#     window, which spans only 2015 intervals. This quirk from the original client is part of
#     consensus now. Its small effect is that the long-run average interval is slightly
#     longer than 600 s (14 days / 2015 ≈ 600.3 s).
#
#     Its large effect is the **time-warp attack**. Because each window starts at its own
#     first block instead of the previous window's last block, consecutive windows do not
#     share a block, and nothing ties the timestamp that *ends* one window to the one that
#     *starts* the next. Miners with a majority of the hash power can keep timestamps low
#     (the median-time-past rule only requires them to rise slowly), give the last block
#     of each window the real time, far ahead of the others, then drop back at the start
#     of the next window. Every window then looks long, the difficulty falls at each
#     retarget, and the attackers can mine blocks far faster than one per ten minutes.
#     Measuring 2016 intervals would have
#     linked the windows. Testnet4 (BIP 94) closes the hole with a rule that the first block
#     of a window may not be timestamped much earlier than the block before it, and the
#     Consensus Cleanup proposal (BIP 54) would add such a rule to Bitcoin.
#
#     Our simulation below measures all 2016 intervals to keep the arithmetic clean.

# %% [markdown]
# ## Simulating the retarget
#
# We cannot wait two weeks per period, so we simulate. Finding a block is a memoryless
# process: the time to the next block is exponentially distributed with mean
# `expected_hashes(target) / hashrate`. We draw those times from `random.Random` with a fixed
# seed and add them to a **simulated clock**. No real time is measured, so the output is the
# same on every run.
#
# The scenario: hash power doubles in period 2, jumps 10× in period 5, and a third of it
# leaves in period 9.

# %%
rng = random.Random(2016)

target = MAX_TARGET // 1000
base_rate = expected_hashes(target) / TARGET_SPACING  # hashes/s that gives 600 s blocks
schedule = [1, 1, 2, 2, 2, 20, 20, 20, 20, 13.3, 13.3, 13.3]  # hash power, relative to base

clock = 0.0  # simulated seconds
print(f"{'period':>6} {'hashpower':>9} {'avg block':>10} {'took':>8} {'difficulty':>11}")
for period, power in enumerate(schedule):
    start = clock
    mean_interval = expected_hashes(target) / (base_rate * power)
    for _ in range(INTERVAL):
        clock += rng.expovariate(1 / mean_interval)
    timespan = clock - start
    print(
        f"{period:>6} {power:>8}x {timespan / INTERVAL / 60:>7.1f} min"
        f" {timespan / 86400:>5.1f} d {difficulty(target):>11.0f}"
    )
    target = retarget(target, int(timespan))

# %% [markdown]
# Read the table row by row:
#
# - Periods 0-1: difficulty 1000 matches the hash power, blocks average about 10 minutes.
# - Period 2: hash power doubles, blocks come every ~5 minutes, the period takes ~7 days,
#   and the next period's difficulty roughly doubles. Blocks return to ~10 minutes.
# - Period 5: a 10× jump makes the period take ~1.4 days, shorter than the 3.5-day clamp, so
#   difficulty rises only 4×. Period 6 is still too fast and gets a further
#   ~2.4×; by period 7 blocks are back near 10 minutes.
# - Period 9: a third of the hash power leaves, blocks slow to ~15 minutes for one period,
#   and the difficulty falls back.
#
# Small wobbles around 10 minutes are the randomness of mining; 2016 blocks is long enough to
# average most of it out.

# %% [markdown]
# ## Summary
#
# - Mining searches for a nonce that makes the header hash fall below a target; each bit of
#   difficulty doubles the expected attempts, while verification takes one hash.
# - Chaining plus work means rewriting a block requires re-mining it and all its successors
#   faster than the honest network.
# - Bitcoin retargets every 2016 blocks toward 10-minute blocks, scaling the target by
#   `actual / two weeks`, clamped to a factor of 4 either way. A hash is valid when it is
#   `<=` the target.
# - Measuring only 2015 intervals per window leaves consecutive windows unlinked, which is
#   what makes the time-warp attack possible.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** The number of attempts is geometric with mean `2**bits`. Write
# `mean_attempts(headers, bits)`: mine `headers` different headers at `bits` bits and
# return the average number of attempts. At 8 bits it should be close to 256.

# %% tags=["exercise"]
def mean_attempts(headers: int, bits: int) -> float:
    return 0.0  # your code here

# %% tags=["solution"]
def mean_attempts(headers: int, bits: int) -> float:
    attempts = [mine(f"exercise header {i}".encode(), bits)[1] for i in range(headers)]
    return sum(attempts) / len(attempts)


print(f"Exercise 1: mean attempts over 200 headers = {mean_attempts(200, 8):.1f}")
# The spread is large (some headers succeed in a handful of tries, some need over a
# thousand), which is why real block intervals vary so much.

# %% tags=["check"]
check_mean = mean_attempts(200, 8)
assert 200 < check_mean < 320, f"200 headers at 8 bits should average about 256 attempts, got {check_mean}"
assert mean_attempts(50, 2) < 10, "at 2 bits a header needs about 4 attempts on average"

# %% [markdown]
# **Exercise 2.** A new ASIC generation makes a period finish in 2 days instead of 14.
# Using `retarget`, how many periods at the new hash power does it take until difficulty
# has risen 7× (the new hash power)? Write `periods_until(factor)` for a hash power that
# grew `factor` times; assume each period's duration is exactly
# `14 days * difficulty_ratio / factor`.

# %% tags=["exercise"]
def periods_until(factor: float) -> int:
    return 0  # your code here: count the retargets

# %% tags=["solution"]
def periods_until(factor: float) -> int:
    start_target = MAX_TARGET // 1000
    target = start_target
    periods = 0
    while True:
        ratio = difficulty(target) / difficulty(start_target)  # how far difficulty has risen
        if ratio >= factor - 1e-9:
            return periods
        timespan = int(TARGET_TIMESPAN * ratio / factor)
        target = retarget(target, timespan)
        periods += 1


print(f"Exercise 2: {periods_until(7)} retargets for 7x the hash power")
# The first retarget is clamped to x4 (the period took 2 days < 3.5 days); the second
# supplies the remaining 7 / 4 = 1.75.

# %% tags=["check"]
assert periods_until(1) == 0, "the same hash power needs no retarget"
assert periods_until(3) == 1, "a 3x rise is within one retarget's clamp"
assert periods_until(7) == 2, "7x: how much can one retarget raise the difficulty at most?"
assert periods_until(20) == 3, "20x needs three retargets: 4 x 4 = 16 is not enough"

# %% [markdown]
# **Exercise 3.** Show that `retarget` never makes the target easier than `MAX_TARGET`, even
# when a period takes far longer than eight weeks, and that the clamp is symmetric. Predict
# how many times larger (easier) or smaller (harder) the target of `small` becomes after
# a 100-day period and after a 1-day one, then confirm with `retarget`.

# %% tags=["exercise"]
small = MAX_TARGET // 1000
slow_factor = None  # retarget(small, 100 days) / small
fast_factor = None  # retarget(small, 1 day) / small

# %% tags=["solution"]
small = MAX_TARGET // 1000
assert retarget(MAX_TARGET, 10 * TARGET_TIMESPAN) == MAX_TARGET  # capped at the easiest target
slow_factor = retarget(small, 100 * 86400) / small
fast_factor = retarget(small, 86400) / small
print(f"Exercise 3: x{slow_factor:g} after 100 days, x{fast_factor:g} after 1 day")

# %% tags=["check"]
assert slow_factor is not None and fast_factor is not None, "set slow_factor and fast_factor"
assert retarget(MAX_TARGET, 10 * TARGET_TIMESPAN) == MAX_TARGET
assert abs(slow_factor - 4) < 1e-9, "a 100-day period is clamped: the target grows at most 4x"
assert abs(fast_factor - 0.25) < 1e-9, "a 1-day period is clamped too: the target shrinks at most 4x"

# %% [markdown]
# ## Sources
#
# - S. Nakamoto, [Bitcoin: A Peer-to-Peer Electronic Cash System](https://bitcoin.org/bitcoin.pdf), sections 4 and 11.
# - Bitcoin Core, [`pow.cpp`](https://github.com/bitcoin/bitcoin/blob/master/src/pow.cpp)
#   (`CheckProofOfWork`, `CalculateNextWorkRequired`).
# - [BIP 94](https://github.com/bitcoin/bips/blob/master/bip-0094.mediawiki) (Testnet 4,
#   time-warp fix) and [BIP 54](https://github.com/bitcoin/bips/blob/master/bip-0054.md)
#   (Consensus Cleanup).
