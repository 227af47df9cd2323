# ---
# title: Hash chains and tamper detection
# description: Link records with SHA-256 so that changing any past record is detected, and learn what the chain can and cannot protect.
# level: beginner
# duration: 20
# tags: [hashing, integrity, sha-256]
# order: 1
# prerequisites: []
# solutions: after-attempt
# run_in_page: pyodide
# jupyter:
#   kernelspec:
#     name: python3
#     display_name: Python 3
#     language: python
# ---

# %% [markdown]
# # Hash chains and tamper detection
#
# A blockchain is, at its core, a list of records where each record commits to the one
# before it. That single idea, a *hash chain*, is what makes history hard to rewrite quietly.
# In this tutorial you will build one from scratch with nothing but the standard library,
# verify it, tamper with it, and see exactly where the verifier notices.
#
# You will learn:
#
# - what a cryptographic hash gives you, and why SHA-256 is the usual choice;
# - why a record must be serialised *canonically* before it is hashed;
# - how linking records by the hash of the previous one turns a local edit into a visible break;
# - what a hash chain does **not** protect against, and why blockchains add more on top.

# %% [markdown]
# ## A hash is a fingerprint
#
# A cryptographic hash function maps any input to a fixed-size digest (32 bytes for
# SHA-256). Three properties matter here:
#
# - **Deterministic**: the same input always gives the same digest.
# - **Avalanche**: changing one bit of input changes about half of the output bits.
# - **Preimage resistant**: given a digest, nobody can find an input that produces it; and
#   given an input, nobody can find a *second* input with the same digest (second-preimage
#   resistance).
# - **Collision resistant**: nobody can find two different inputs with the same digest.
#
# Together they mean a digest acts as a short, unforgeable fingerprint of the data.
#
# !!! tip "Why SHA-256?"
#     SHA-256 is standardised (FIPS 180-4), fast, available everywhere (`hashlib`
#     in Python), and has no known practical attacks on its collision or preimage
#     resistance. Bitcoin uses it for block hashes and proof of work. Older functions such as
#     MD5 and SHA-1 have practical collision attacks and must not be used for integrity.

# %%
import hashlib
import json
from dataclasses import dataclass, replace


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


print(sha256_hex(b"pay alice 10"))
print(sha256_hex(b"pay alice 11"))

# %% [markdown]
# Changing one character changed the whole digest. Count how many of the 256 bits differ:

# %%
a = int(sha256_hex(b"pay alice 10"), 16)
b = int(sha256_hex(b"pay alice 11"), 16)
print("bits that differ:", bin(a ^ b).count("1"), "of 256")

# %% [markdown]
# About half, as the avalanche property promises. There is no "nearby" digest that hints at
# a nearby input.
#
# That is also why the only way to find an input for a given digest is to guess. We can
# afford it for a toy target, the first **2 bytes** (16 bits) of a digest: about 2¹⁶ =
# 65,536 guesses on average. Each extra byte multiplies the work by 256; for all 32 bytes it
# is about 2²⁵⁶ guesses, far beyond any computer.

# %%
target = hashlib.sha256(b"pay alice 10").digest()[:2]
guesses = 0
while True:
    guesses += 1
    candidate = f"guess {guesses}".encode()
    if hashlib.sha256(candidate).digest()[:2] == target:
        break
print(f"{candidate!r} matches the first 2 bytes after {guesses:,} guesses")
assert hashlib.sha256(candidate).digest()[:2] == target
assert hashlib.sha256(candidate).digest() != hashlib.sha256(b"pay alice 10").digest()

# %% [markdown]
# A hash chain relies on this. To replace a block without breaking the next link, an
# attacker would need a *different* block with the *same* hash, a second preimage; since
# that is out of reach, every edit shows.

# %% [markdown]
# ## Canonical serialisation
#
# We want to hash *records* (Python dicts), but hashes work on bytes. The conversion must be
# **canonical**: the same logical record must always become the same bytes. Otherwise two
# honest parties could compute different hashes for the same record, and verification
# would fail for no real reason.
#
# JSON does not guarantee key order or spacing, so we fix both: sorted keys and no spaces.

# %%
def canonical(obj) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode("utf-8")


r1 = {"from": "alice", "to": "bob", "amount": 5}
r2 = {"amount": 5, "to": "bob", "from": "alice"}  # same record, different key order

print(canonical(r1))
print(canonical(r1) == canonical(r2))
print(json.dumps(r1) == json.dumps(r2), "<- naive json.dumps disagrees")

# %% [markdown]
# !!! warning "Canonical form is part of the protocol"
#     Real systems specify the exact byte layout. Bitcoin serialises block headers as a fixed
#     80-byte binary structure; Ethereum uses RLP. If two implementations disagree on the
#     bytes, they disagree on the hash, and the network splits.

# %% [markdown]
# ## Linking blocks
#
# Each block stores its position, its payload and the hash of the previous block. Its own
# hash covers all three. Because the previous hash is *inside* what gets hashed, a block's
# hash depends on its own content **and**, transitively, on every block before it.
#
# The first block (the *genesis* block) has no predecessor, so it points to 32 zero bytes.

# %%
GENESIS_PREV = "00" * 32


@dataclass(frozen=True)
class Block:
    index: int
    data: dict
    prev_hash: str

    def header(self) -> dict:
        return {"index": self.index, "data": self.data, "prev_hash": self.prev_hash}

    @property
    def hash(self) -> str:
        return sha256_hex(canonical(self.header()))


def build_chain(payloads: list[dict]) -> list[Block]:
    chain: list[Block] = []
    prev = GENESIS_PREV
    for i, data in enumerate(payloads):
        block = Block(index=i, data=data, prev_hash=prev)
        chain.append(block)
        prev = block.hash
    return chain


payloads = [
    {"from": "mint", "to": "alice", "amount": 50},
    {"from": "alice", "to": "bob", "amount": 20},
    {"from": "bob", "to": "carol", "amount": 5},
    {"from": "alice", "to": "dave", "amount": 10},
    {"from": "carol", "to": "alice", "amount": 2},
]
chain = build_chain(payloads)
print("blocks:", len(chain))
print("head hash:", chain[-1].hash)

# %% [markdown]
# The full chain is long to print, so the output below is collapsed. Notice that each
# block's `prev` equals the `hash` of the block above it.

# %% tags=["hide-output"]
for block in chain:
    print(f"block {block.index}: {block.data}")
    print(f"  prev: {block.prev_hash}")
    print(f"  hash: {block.hash}")

# %% [markdown]
# ## Verifying a chain
#
# Verification walks the chain and checks two things for every block:
#
# 1. its `index` is where it sits;
# 2. its `prev_hash` equals the recomputed hash of the block before it.
#
# Note that we **recompute** hashes from content rather than trusting any stored value.
# A stored hash is just another field an attacker could edit.
#
# When a check fails we raise a dedicated exception that says *where* the chain broke.
# A custom exception type lets callers catch tampering specifically, without swallowing
# unrelated bugs.

# %%
class TamperError(Exception):
    """Raised when a chain fails verification."""

    def __init__(self, index: int, reason: str):
        super().__init__(f"block {index}: {reason}")
        self.index = index


def verify(chain: list[Block]) -> None:
    prev = GENESIS_PREV
    for position, block in enumerate(chain):
        if block.index != position:
            raise TamperError(position, f"index is {block.index}, expected {position}")
        if block.prev_hash != prev:
            raise TamperError(position, "prev_hash does not match the hash of the previous block")
        prev = block.hash


verify(chain)
print("chain is valid")

# %% [markdown]
# ## Tampering
#
# Suppose someone with write access to the storage edits block 1 so that Alice paid Bob
# 2 instead of 20. Block 1 itself still *looks* fine; it is the **next** block whose
# `prev_hash` no longer matches. The verifier therefore reports the first block whose link
# is broken, which is the block right after the edit.

# %% tags=["raises-exception"]
tampered = list(chain)
tampered[1] = replace(chain[1], data={"from": "alice", "to": "bob", "amount": 2})

verify(tampered)

# %% [markdown]
# The error names block 2: its stored `prev_hash` still commits to the *original* block 1.
# In code you would catch the exception and use its `index` attribute:

# %%
try:
    verify(tampered)
except TamperError as err:
    print("tampering detected at block", err.index, "-", err)
    assert err.index == 2

# %% [markdown]
# `err.index` is where verification **noticed** a problem, not necessarily the block that
# was edited. For this link failure after an edited payload, the edit is in the block before
# it, `err.index - 1`. That inference does not hold in general: an index failure points at
# a block that is itself out of place, and if someone edits a block's own `prev_hash`, the
# edited block is `err.index` itself:

# %%
relinked = list(chain)
relinked[3] = replace(chain[3], prev_hash="ff" * 32)  # edit block 3's link, not its data
try:
    verify(relinked)
except TamperError as err:
    print("edited block 3's prev_hash; verify reports block", err.index, "-", err)
    assert err.index == 3

# %% [markdown]
# The verifier knows where the chain stopped being consistent; *which* block an attacker
# changed is a conclusion you draw from the kind of failure.

# %% [markdown]
# ## The limit: rewriting everything after the edit
#
# What if the attacker is more careful and, after editing block 1, recomputes every later
# block's `prev_hash`? Then every link is consistent again:

# %%
rewritten = build_chain([b.data for b in tampered])
verify(rewritten)  # no exception
print("rewritten chain verifies on its own")
print("original head: ", chain[-1].hash[:16], "...")
print("rewritten head:", rewritten[-1].hash[:16], "...")

# %% [markdown]
# The rewritten chain is internally valid, but its **head hash is different**. A hash chain
# does not stop rewriting; it guarantees that any rewrite changes the head. So integrity
# comes down to knowing the correct head from somewhere the attacker cannot reach.
#
# !!! note "Anchoring the head"
#     If you keep the 32-byte head hash somewhere safe (published, signed, or held by many
#     independent parties), you can verify a chain of any length against it. Blockchains go
#     further: proof of work (see the *Proof of work* tutorial) makes rewriting expensive, and
#     thousands of nodes each keep their own copy of the head.

# %%
def verify_against(chain: list[Block], trusted_head: str) -> None:
    verify(chain)
    if chain[-1].hash != trusted_head:
        raise TamperError(len(chain) - 1, "head hash does not match the trusted head")


trusted = chain[-1].hash
verify_against(chain, trusted)
try:
    verify_against(rewritten, trusted)
except TamperError as err:
    print("rejected:", err)

# %% [markdown]
# ## Summary
#
# - A hash chain stores in each block the hash of the previous block, so each block commits
#   to the whole history before it.
# - Serialise canonically, and recompute hashes during verification; never trust stored hashes.
# - Editing a past block's payload breaks the next link; a custom `TamperError` reports
#   where the chain stopped being consistent, which is not always the edited block.
# - Finding another input with a given digest (a preimage) takes about 2⁸ᵏ guesses for *k*
#   bytes of digest: easy for 2 bytes, impossible for 32.
# - An attacker can rebuild the chain after an edit, but the head hash changes. Anchor the
#   head somewhere trustworthy.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** Write `first_bad_block(chain)` that returns the index of the first block
# whose link is broken, or `None` if the chain is valid, without using exceptions for
# control flow. Check it on `chain` and `tampered`.

# %% tags=["exercise"]
def first_bad_block(chain: list[Block]) -> int | None:
    return None  # your code here


# %% tags=["solution"]
def first_bad_block(chain: list[Block]) -> int | None:
    prev = GENESIS_PREV
    for position, block in enumerate(chain):
        if block.index != position or block.prev_hash != prev:
            return position
        prev = block.hash
    return None


print("Exercise 1: first bad block in tampered chain =", first_bad_block(tampered))

# %% tags=["check"]
assert first_bad_block(chain) is None, "the untouched chain is valid: expected None"
assert first_bad_block(tampered) == 2, "the tampered chain first breaks at block 2"
assert first_bad_block([chain[0], chain[2]]) == 1, (
    "a missing block breaks the chain where it was"
)

# %% [markdown]
# **Exercise 2.** An attacker deletes the *last* block. Does `verify` notice? Does
# `verify_against` with the trusted head notice? Set the two flags below to `True` or
# `False` (compute them, or predict them), then think about why.

# %% tags=["exercise"]
truncated = chain[:-1]
verify_notices = None  # True if verify(truncated) raises TamperError
head_notices = None  # True if verify_against(truncated, trusted) raises TamperError

# %% tags=["solution"]
truncated = chain[:-1]


def raises_tamper(check, *args) -> bool:
    try:
        check(*args)
    except TamperError:
        return True
    return False


verify_notices = raises_tamper(verify, truncated)  # internally consistent: nothing points forward
head_notices = raises_tamper(verify_against, truncated, trusted)
print("Exercise 2: verify notices:", verify_notices, "- verify_against notices:", head_notices)
# Links only point backwards, so removing blocks from the end leaves every remaining
# link intact. Only a trusted head (or a known length) reveals the truncation.

# %% tags=["check"]
assert verify_notices in (True, False), "set verify_notices to True or False"
assert head_notices in (True, False), "set head_notices to True or False"
assert verify_notices is False, "verify(truncated) passes: which links could a deleted last block break?"
assert head_notices is True, "verify_against compares the last block with the trusted head"

# %% [markdown]
# **Exercise 3.** Swap blocks 2 and 3 (keeping their fields unchanged). Which check fires
# first, the index check or the link check, and at which position? Predict, then confirm.

# %% tags=["exercise"]
swapped = [chain[0], chain[1], chain[3], chain[2], chain[4]]
first_check = None  # "index" or "link": the check of verify() that fires first
failing_position = None  # the position TamperError reports

# %% tags=["solution"]
swapped = [chain[0], chain[1], chain[3], chain[2], chain[4]]
try:
    verify(swapped)
    raise AssertionError("swap was not detected")
except TamperError as err:
    failing_position = err.index
    first_check = "index" if "index" in str(err) else "link"
    print("Exercise 3:", err)
# The index check runs first for each block, and block 3 now sits at position 2.
# Even without the index field, the link check would catch it: block 3's prev_hash
# commits to block 2, not to block 1.

# %% tags=["check"]
assert first_check in ("index", "link"), "set first_check to 'index' or 'link'"
assert isinstance(failing_position, int), "set failing_position to a block position"
assert first_check == "index", "verify() compares block.index with the position before the link"
assert failing_position == 2, "the first block out of place is at position 2"

# %% [markdown]
# ## Check yourself
#
# Five quick questions on what hashing gives a chain. Your answers stay in this browser.
#
# <!-- eduplat:quiz hashing-quick-check -->

# %% [markdown]
# ## Sources
#
# - NIST [FIPS 180-4](https://csrc.nist.gov/pubs/fips/180-4/upd1/final), Secure Hash
#   Standard (SHA-256).
# - P. Rogaway and T. Shrimpton, [Cryptographic Hash-Function Basics](https://eprint.iacr.org/2004/035)
#   (preimage, second-preimage and collision resistance).
# - S. Nakamoto, [Bitcoin: A Peer-to-Peer Electronic Cash System](https://bitcoin.org/bitcoin.pdf),
#   sections 3 and 4 (timestamp server, proof of work).
