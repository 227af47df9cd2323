# ---
# title: Merkle trees and inclusion proofs
# description: Commit to many transactions with one hash, and prove that one of them is included using only a logarithmic number of hashes.
# level: intermediate
# duration: 30
# tags: [hashing, merkle-tree, proofs, bitcoin]
# order: 2
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
# # Merkle trees and inclusion proofs
#
# A block can hold thousands of transactions, yet its header, the part that is chained and
# mined, is only 80 bytes in Bitcoin. The header fits all of them in a single 32-byte field,
# the **Merkle root**. This tutorial shows how that works, and why it lets a light
# client check that its payment is in a block without downloading the block.
#
# You will learn:
#
# - how to build a Merkle root, Bitcoin style;
# - how to produce and verify an **inclusion proof** for one transaction;
# - why the proof has only about log₂(n) hashes;
# - two subtle flaws in Bitcoin's construction (CVE-2012-2459 and CVE-2017-12842), and
#   how domain separation (RFC 6962) avoids both.

# %% [markdown]
# ## Watch first: what a Merkle proof proves
#
# A 45-second lecture with English and Chinese captions; its transcript is below it.
#
# ```video
# src: ../docs/developers/media/merkle-proof/lecture.webm
# title: What a Merkle proof proves
# poster: ../docs/developers/media/merkle-proof/poster.png
# captions:
#   - {src: ../docs/developers/media/merkle-proof/lecture.en.vtt, lang: en, label: English}
#   - {src: ../docs/developers/media/merkle-proof/lecture.zh.vtt, lang: zh, label: 中文}
# chapters: ../docs/developers/media/merkle-proof/chapters.vtt
# ```

# %% [markdown]
# ## From many hashes to one
#
# Hashing all transactions concatenated would also give one digest, but then proving that
# *one* transaction is included would require sending *all* of them. A Merkle tree hashes
# in pairs instead:
#
# 1. Hash every transaction: these are the **leaves**.
# 2. Pair neighbours and hash each pair: `parent = H(left || right)`.
# 3. Repeat on the new, half-sized level until one hash remains: the **root**.
#
# Bitcoin's hash function here is SHA-256 applied twice (often written SHA-256d). When a
# level has an odd number of hashes, Bitcoin **duplicates the last one** so it can be paired
# with itself.
#
# !!! note "Byte order"
#     Bitcoin displays transaction ids and block hashes byte-reversed. We skip that display
#     convention here; it does not change the structure.

# %%
import hashlib


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def next_level(level: list[bytes]) -> list[bytes]:
    if len(level) % 2 == 1:
        level = level + [level[-1]]  # Bitcoin: duplicate the last hash
    return [sha256d(level[i] + level[i + 1]) for i in range(0, len(level), 2)]


def merkle_root(leaves: list[bytes]) -> bytes:
    if not leaves:
        raise ValueError("a Merkle tree needs at least one leaf")
    level = leaves
    while len(level) > 1:
        level = next_level(level)
    return level[0]


txs = [f"tx{i}: pay user{i} {10 * i + 1} coins".encode() for i in range(5)]
leaves = [sha256d(tx) for tx in txs]
root = merkle_root(leaves)
print("leaves:", len(leaves))
print("root:  ", root.hex())

# %% [markdown]
# With five leaves the levels have sizes 5 → 3 → 2 → 1, duplicating at each odd level.
# Let us print the tree to see the shape (abbreviated hashes).

# %%
def levels(leaves: list[bytes]) -> list[list[bytes]]:
    out = [leaves]
    while len(out[-1]) > 1:
        out.append(next_level(out[-1]))
    return out


for depth, level in enumerate(levels(leaves)):
    print(f"level {depth}: " + "  ".join(h.hex()[:8] for h in level))

# %% [markdown]
# Every transaction influences the root: change any byte of any transaction and the root
# changes, just as in the hash chain of the previous tutorial.

# %%
edited = list(txs)
edited[3] = b"tx3: pay user3 31000 coins"
print(merkle_root([sha256d(tx) for tx in edited]) == root)

# %% [markdown]
# ## Inclusion proofs
#
# To prove that leaf *i* is under the root, send the **sibling** of each node on the path
# from the leaf up to the root. The verifier starts from the leaf hash, combines it with each
# sibling in turn, and checks that it ends at the root.
#
# Two things are **not** taken from the proof, because whoever sends it may be lying:
#
# - **Which side each sibling goes on.** It follows from the leaf's index: at each level an
#   even index is a left child (the sibling goes on the right), an odd index a right child;
#   then the index is halved for the next level. A proof that carried its own `L`/`R`
#   markers would let the sender choose the position it proves.
# - **How many levels there are.** The verifier knows how many leaves the tree has (a
#   Bitcoin block says how many transactions it holds), hence the depth ⌈log₂ n⌉. A proof
#   with more or fewer hashes is rejected before any hashing; the second pitfall below
#   shows what a shorter proof could otherwise smuggle in.
#
# So the verifier needs the root (which it already trusts, e.g. from a block header it has
# validated), the number of leaves, the index and the proof. It never sees the other
# transactions.

# %%
def tree_depth(n_leaves: int) -> int:
    """Levels below the root: ceil(log2 n) for n >= 1, in integer arithmetic."""
    return (n_leaves - 1).bit_length()


def make_proof(leaves: list[bytes], index: int) -> list[bytes]:
    """The sibling hashes on the path from leaf `index` up to the root."""
    proof = []
    level = leaves
    while len(level) > 1:
        padded = level + [level[-1]] if len(level) % 2 else level
        proof.append(padded[index ^ 1])  # the other child of the same parent
        level = next_level(level)
        index //= 2
    return proof


def verify_proof(leaf: bytes, index: int, n_leaves: int, proof: list[bytes], root: bytes) -> bool:
    if not 0 <= index < n_leaves or len(proof) != tree_depth(n_leaves):
        return False
    node = leaf
    for sibling in proof:
        node = sha256d(node + sibling) if index % 2 == 0 else sha256d(sibling + node)
        index //= 2
    return node == root


proof = make_proof(leaves, 3)
for sibling in proof:
    print(sibling.hex()[:16], "...")
print("valid:", verify_proof(sha256d(txs[3]), 3, len(leaves), proof, root))

# %% [markdown]
# The proof for transaction 3 has three hashes: one per level below the root. The same
# proof does not work for a different transaction or a different position, a forged
# transaction fails, and so does a proof of the wrong length:

# %%
checks = {
    "proof reused for tx2":      verify_proof(sha256d(txs[2]), 3, len(leaves), proof, root),
    "tx3 claimed at position 2": verify_proof(sha256d(txs[3]), 2, len(leaves), proof, root),
    "forged tx3":                verify_proof(sha256d(b"tx3: pay mallory 1000000 coins"), 3, len(leaves), proof, root),
    "proof one hash short":      verify_proof(sha256d(txs[3]), 3, len(leaves), proof[:-1], root),
}
for name, accepted in checks.items():
    print(f"{name:26} {accepted}")
assert not any(checks.values())

# %% [markdown]
# Check every leaf at once so we know the construction is right for odd positions too,
# including the last leaf, which gets paired with its own duplicate:

# %%
assert all(verify_proof(leaves[i], i, len(leaves), make_proof(leaves, i), root) for i in range(len(leaves)))
print("all", len(leaves), "proofs verify")

# %% [markdown]
# ## Proof size is O(log n)
#
# Each level halves the number of nodes, so a tree with *n* leaves has ⌈log₂ n⌉ levels below
# the root, and the proof has one hash per level. Doubling the number of transactions adds
# just one hash (32 bytes) to the proof. Compare that with sending every leaf hash:

# %%
import math

print(f"{'leaves':>8} {'proof hashes':>13} {'ceil(log2 n)':>13} {'proof bytes':>12} {'all leaves bytes':>17}")
for n in [1, 2, 3, 8, 100, 1000, 4000]:
    tree_leaves = [sha256d(i.to_bytes(4, "little")) for i in range(n)]
    p = make_proof(tree_leaves, n - 1)
    assert verify_proof(tree_leaves[-1], n - 1, n, p, merkle_root(tree_leaves))
    print(f"{n:>8} {len(p):>13} {math.ceil(math.log2(n)):>13} {32 * len(p):>12} {32 * n:>17}")

# %% [markdown]
# !!! tip "Why light clients care"
#     Simplified Payment Verification (SPV), described in section 8 of the Bitcoin paper,
#     relies on this. A phone wallet downloads only the 80-byte headers, and asks a full node
#     for a Merkle proof of its transaction. For a block with 4,000 transactions that is 12
#     hashes, 384 bytes, instead of the whole block. (BIP 37's `merkleblock` message sends
#     the block's total number of transactions along with the hashes, which is what lets
#     the client check the depth.)

# %% [markdown]
# ## Pitfall 1: duplicated nodes (CVE-2012-2459)
#
# Duplicating the last hash on odd levels has a consequence. The list `[a, b, c]` is padded
# to `[a, b, c, c]` internally, so it has **the same root** as the list that really contains
# `c` twice:

# %%
a, b, c = (sha256d(x) for x in (b"tx a", b"tx b", b"tx c"))
print("root([a, b, c])   :", merkle_root([a, b, c]).hex()[:32], "...")
print("root([a, b, c, c]):", merkle_root([a, b, c, c]).hex()[:32], "...")
print("same root:", merkle_root([a, b, c]) == merkle_root([a, b, c, c]))

# %% [markdown]
# The duplicate need not be the last leaf. Padding happens on every odd level, so with six
# transactions it is the *pair* `t4, t5` that can be repeated: level 1 of the six-leaf tree
# is `[h01, h23, h45]`, padded to `[h01, h23, h45, h45]`, which is exactly level 1 of
# `[t0, ..., t5, t4, t5]`:

# %%
six = [sha256d(f"t{i}".encode()) for i in range(6)]
twin = six + six[4:6]
print("6 and 8 leaves, same root:", merkle_root(six) == merkle_root(twin))

# %% [markdown]
# In Bitcoin this was CVE-2012-2459. An attacker could take a valid block, duplicate some of
# its transactions to make a *mutated* block with the same header hash, and relay it. The
# mutated block is invalid (it spends the same outputs twice), and vulnerable nodes marked
# that block **hash** as permanently invalid. They would then reject the genuine block with
# the same hash and could be split from the network.
#
# Bitcoin Core's defence (`ComputeMerkleRoot` in `consensus/merkle.cpp`) checks **every
# pair of siblings on every level**, before padding, and reports the block as *mutated* if
# any two are identical, wherever they sit in the level. A mutated block is rejected, like a
# block whose Merkle root does not match, but its hash is not cached as invalid. The root
# computation itself was left unchanged, since changing it would be a consensus change (a
# hard fork). Here is the same check:

# %%
def merkle_root_and_mutated(leaves: list[bytes]) -> tuple[bytes, bool]:
    """Bitcoin Core's rule: the root, and whether any level has two identical siblings."""
    mutated = False
    level = leaves
    while len(level) > 1:
        for i in range(0, len(level) - 1, 2):  # real pairs only: padding does not count
            mutated |= level[i] == level[i + 1]
        level = next_level(level)
    return level[0], mutated


for name, tree in [
    ("[a, b, c]", [a, b, c]),
    ("[a, b, c, c]", [a, b, c, c]),
    ("[a, a, b, c]", [a, a, b, c]),
    ("six leaves", six),
    ("six + t4, t5", twin),
]:
    print(f"{name:14} mutated: {merkle_root_and_mutated(tree)[1]}")
assert [merkle_root_and_mutated(t)[1] for t in ([a, b, c], [a, b, c, c], [a, a, b, c], six, twin)] == [
    False, True, True, False, True,
]

# %% [markdown]
# `[a, a, b, c]` has no shorter twin, yet it is flagged too: a block cannot contain the
# same transaction twice, so Core rejects any identical sibling pair, not only the one at
# the end of a level. In the eight-leaf twin the identical pair `h45, h45` only appears on
# level 1, which is why the check runs on every level.

# %% [markdown]
# ## Pitfall 2: an inner node passed off as a leaf (CVE-2017-12842)
#
# An inner node is the hash of 64 bytes: two 32-byte child hashes. A leaf is the hash of a
# transaction. Bitcoin hashes both the same way, with nothing to tell them apart. So the 64
# bytes `left || right` under any inner node, presented as a "transaction", hash to that
# inner node, and the path above it is a valid-looking proof, **one level short**:

# %%
def verify_without_depth(leaf: bytes, index: int, proof: list[bytes], root: bytes) -> bool:
    """A verifier that forgot to compare the proof length with the tree depth."""
    node = leaf
    for sibling in proof:
        node = sha256d(node + sibling) if index % 2 == 0 else sha256d(sibling + node)
        index //= 2
    return node == root


fake_tx = leaves[2] + leaves[3]  # the two children of the second node on level 1
inner_proof = make_proof(levels(leaves)[1], 1)  # the path above that node
print("fake transaction:", len(fake_tx), "bytes")
print("accepted without depth check:", verify_without_depth(sha256d(fake_tx), 1, inner_proof, root))
print("accepted by verify_proof:    ", verify_proof(sha256d(fake_tx), 1, len(leaves), inner_proof, root))

# %% [markdown]
# The real attack (CVE-2017-12842) runs the other way round: a genuine 64-byte transaction
# in a block whose second half the attacker has brute-forced to be a hash of their choice,
# so that an SPV proof "descends" through the transaction into a fake payment. It needs a
# great deal of work (the CVE estimates more than a million dollars), which is why it was
# disclosed as a risk for systems that accept large payments on an SPV proof alone. The
# defences:
#
# - **Check the depth**, as `verify_proof` does: the number of transactions fixes the
#   number of levels, and a 64-byte "leaf" one level up no longer fits.
# - Bitcoin Core's relay policy refuses transactions smaller than 65 bytes (without
#   witness), so a 64-byte transaction does not propagate; the Consensus Cleanup proposal
#   (BIP 54) would make it invalid outright.
# - **Domain separation**, below, which rules the confusion out by construction.

# %% [markdown]
# ## The fix: domain separation (RFC 6962)
#
# Both pitfalls have one cause: the tree does not record *what* a hash is (a leaf, an inner
# node, a padding copy). Certificate Transparency's Merkle tree (RFC 6962, section 2.1)
# fixes that with two rules:
#
# - leaves are hashed as `SHA-256(0x00 || data)` and inner nodes as
#   `SHA-256(0x01 || left || right)`: a leaf hash can equal an inner-node hash only if
#   SHA-256 collides;
# - nothing is duplicated: a list of *n* > 1 entries is split at the largest power of two
#   *k* < *n*, and the root is `node(MTH(first k), MTH(rest))`.

# %%
def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def mth(entries: list[bytes]) -> bytes:
    """RFC 6962 Merkle Tree Hash of a list of entries (the data itself, not their hashes)."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return leaf_hash(entries[0])
    k = 1 << ((n - 1).bit_length() - 1)  # the largest power of two smaller than n
    return node_hash(mth(entries[:k]), mth(entries[k:]))


ta, tb, tc = b"tx a", b"tx b", b"tx c"
inner = leaf_hash(ta) + leaf_hash(tb)  # 64 bytes that are an inner node's children
results = {
    "[a, b, c] vs [a, b, c, c]": mth([ta, tb, tc]) == mth([ta, tb, tc, tc]),
    "[a, b, c] vs [inner(a, b), c]": mth([ta, tb, tc]) == mth([inner, tc]),
}
for name, same in results.items():
    print(f"{name:30} same root: {same}")
assert not any(results.values())

# %% [markdown]
# Neither trick works any more: a repeated entry changes the shape of the tree, and 64
# bytes presented as an entry are hashed with the leaf prefix, so they never reproduce the
# inner node. RFC 9162 (Certificate Transparency version 2) keeps both rules. Bitcoin cannot
# adopt them without a hard fork, which is why it relies on the checks above instead.

# %% [markdown]
# ## Summary
#
# - A Merkle root commits to every leaf; changing any leaf changes the root.
# - An inclusion proof is the list of siblings on the path to the root. The verifier derives
#   left/right from the leaf index and checks the proof length against the tree depth; it
#   trusts nothing else the prover sends.
# - Proofs grow with ⌈log₂ n⌉: 12 hashes for 4,000 transactions.
# - Bitcoin duplicates the last hash on odd levels, so different lists can share a root
#   (CVE-2012-2459); Bitcoin Core flags any identical sibling pair on any level as mutated.
# - Bitcoin hashes leaves and inner nodes alike, so a 64-byte transaction can pose as an
#   inner node (CVE-2017-12842).
# - Domain separation (RFC 6962: `0x00` for leaves, `0x01` for nodes) plus a split rule
#   without duplication removes both ambiguities.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** For every leaf of the five-leaf tree, show that its proof verifies at its
# own index and at no other: write `accepted_indexes(i)`, the indexes at which the proof
# of leaf `i` verifies. Why could a verifier that read `L`/`R` markers from the proof not
# tell you *which* position it had proved?

# %% tags=["exercise"]
def accepted_indexes(i: int) -> list[int]:
    """The indexes j at which the proof of leaf i verifies."""
    return []  # your code here

# %% tags=["solution"]
def accepted_indexes(i: int) -> list[int]:
    """The indexes j at which the proof of leaf i verifies."""
    good = make_proof(leaves, i)
    return [j for j in range(len(leaves)) if verify_proof(leaves[i], j, len(leaves), good, root)]


print("Exercise 1:", {i: accepted_indexes(i) for i in range(len(leaves))})
# H(x || y) != H(y || x): concatenation is ordered, so the sides fix the path, and the path
# is the index written in binary. Markers sent by the prover would let the prover choose the
# path; the verifier would learn that the leaf is *somewhere* in the tree, not where.

# %% tags=["check"]
for i in range(len(leaves)):
    assert accepted_indexes(i) == [i], (
        f"the proof of leaf {i} should verify at index {i} only, got {accepted_indexes(i)}"
    )

# %% [markdown]
# **Exercise 2.** Write `merkle_root_promote` that, on an odd level, carries the last hash
# up to the next level unchanged instead of duplicating it. Show that `[a, b, c]` and
# `[a, b, c, c]` now have different roots, and find for which sizes *n* between 1 and 64
# it gives the same root as Bitcoin's rule. Does promotion remove the ambiguity? Compare
# `[a, b, c]` with the two-leaf list `[H(a ‖ b), c]`, then add the RFC 6962 prefixes.

# %% tags=["exercise"]
def merkle_root_promote(leaves: list[bytes]) -> bytes:
    return merkle_root(leaves)  # your code here: promote the odd hash, do not duplicate it

# %% tags=["solution"]
def merkle_root_promote(leaves: list[bytes]) -> bytes:
    level = leaves
    while len(level) > 1:
        nxt = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2 == 1:
            nxt.append(level[-1])  # promote the odd one out
        level = nxt
    return level[0]


assert merkle_root_promote([a, b, c]) != merkle_root_promote([a, b, c, c])
same_as_bitcoin = []
for n in range(1, 65):
    tree_leaves = [sha256d(i.to_bytes(4, "little")) for i in range(n)]
    if merkle_root_promote(tree_leaves) == merkle_root(tree_leaves):
        same_as_bitcoin.append(n)
assert same_as_bitcoin == [1, 2, 4, 8, 16, 32, 64]  # powers of two only: 6, 10, 12 differ
# Promotion alone is not a fix: a promoted node and a leaf are hashed alike.
assert merkle_root_promote([a, b, c]) == merkle_root_promote([sha256d(a + b), c])


def merkle_root_promote_separated(entries: list[bytes]) -> bytes:
    level = [leaf_hash(e) for e in entries]
    while len(level) > 1:
        nxt = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2 == 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


assert merkle_root_promote_separated([ta, tb, tc]) != merkle_root_promote_separated([inner, tc])
# With the prefixes, promotion builds exactly RFC 6962's tree.
assert all(
    merkle_root_promote_separated([bytes([i]) for i in range(n)]) == mth([bytes([i]) for i in range(n)])
    for n in range(1, 65)
)
print("Exercise 2: promote agrees with Bitcoin only for n =", same_as_bitcoin)
print("Exercise 2: promote([a, b, c]) == promote([H(a||b), c]) until leaves and nodes are separated")

# %% tags=["check"]
assert merkle_root_promote([a]) == a, "a single hash is its own root"
assert merkle_root_promote([a, b]) == sha256d(a + b), "two hashes: the root is H(a || b)"
assert merkle_root_promote([a, b, c]) != merkle_root_promote([a, b, c, c]), (
    "[a, b, c] and [a, b, c, c] must have different roots"
)
assert merkle_root_promote([a, b, c]) == sha256d(sha256d(a + b) + c), (
    "on an odd level, the last hash moves up unchanged"
)

# %% [markdown]
# **Exercise 3.** `tree_depth` uses integer arithmetic. Check it against `make_proof` for
# every *n* from 1 to 300 (first and last leaf), then find a number of leaves for which the
# floating-point `math.ceil(math.log2(n))` gives the wrong depth.

# %% tags=["exercise"]
wrong_depth_n = None  # a number of leaves where math.ceil(math.log2(n)) != tree_depth(n)

# %% tags=["solution"]
for n in range(1, 301):
    tree_leaves = [sha256d(i.to_bytes(4, "little")) for i in range(n)]
    assert len(make_proof(tree_leaves, 0)) == len(make_proof(tree_leaves, n - 1)) == tree_depth(n), n
wrong_depth_n = 2**53 + 1  # not representable as a float: it rounds to 2**53
print("Exercise 3: tree_depth matches for n = 1..300; for n = 2**53 + 1, log2 says",
      math.ceil(math.log2(wrong_depth_n)), "but the depth is", tree_depth(wrong_depth_n))

# %% tags=["check"]
assert isinstance(wrong_depth_n, int) and wrong_depth_n > 0, "set wrong_depth_n to a number of leaves"
assert math.ceil(math.log2(wrong_depth_n)) != tree_depth(wrong_depth_n), (
    f"for n = {wrong_depth_n} the float formula is right: try just above a power of two "
    "that a float cannot tell from its neighbours"
)

# %% [markdown]
# ## Sources
#
# - S. Nakamoto, [Bitcoin: A Peer-to-Peer Electronic Cash System](https://bitcoin.org/bitcoin.pdf), section 8 (SPV).
# - [CVE-2012-2459](https://nvd.nist.gov/vuln/detail/CVE-2012-2459) and Bitcoin Core's
#   [`consensus/merkle.cpp`](https://github.com/bitcoin/bitcoin/blob/master/src/consensus/merkle.cpp)
#   (the comment above `ComputeMerkleRoot` describes the mutation check).
# - [CVE-2017-12842](https://nvd.nist.gov/vuln/detail/CVE-2017-12842); Bitcoin Core 25.0
#   [release notes](https://bitcoincore.org/en/releases/25.0/) (minimum standard
#   transaction size 65 bytes); [BIP 54](https://github.com/bitcoin/bips/blob/master/bip-0054.md) (Consensus Cleanup).
# - [BIP 37](https://github.com/bitcoin/bips/blob/master/bip-0037.mediawiki) (`merkleblock`).
# - [RFC 6962](https://www.rfc-editor.org/rfc/rfc6962), section 2.1, and
#   [RFC 9162](https://www.rfc-editor.org/rfc/rfc9162), section 2.1 (Certificate Transparency).
