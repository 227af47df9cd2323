# ---
# title: Merkle trees and inclusion proofs
# description: Commit to many transactions with one hash, and prove that one of them is included using only a logarithmic number of hashes.
# level: intermediate
# duration: 30
# tags: [hashing, merkle-tree, proofs, bitcoin]
# order: 2
# prerequisites: [hash-chain]
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
# - a subtle flaw in Bitcoin's construction (CVE-2012-2459) and how other designs avoid it.

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
# from the leaf up to the root, and say whether that sibling sits on the left or the right.
# The verifier starts from the leaf hash, combines it with each sibling in turn, and checks
# that it ends at the root.
#
# The verifier needs only the root (which it already trusts, e.g. from a block header it has
# validated) plus the proof. It never sees the other transactions.

# %%
def make_proof(leaves: list[bytes], index: int) -> list[tuple[bytes, str]]:
    """Return [(sibling_hash, side)] from the leaf level upwards; side is 'L' or 'R'."""
    proof = []
    level = leaves
    while len(level) > 1:
        padded = level + [level[-1]] if len(level) % 2 else level
        if index % 2 == 0:
            proof.append((padded[index + 1], "R"))
        else:
            proof.append((padded[index - 1], "L"))
        level = next_level(level)
        index //= 2
    return proof


def verify_proof(leaf: bytes, proof: list[tuple[bytes, str]], root: bytes) -> bool:
    node = leaf
    for sibling, side in proof:
        node = sha256d(sibling + node) if side == "L" else sha256d(node + sibling)
    return node == root


proof = make_proof(leaves, 3)
for sibling, side in proof:
    print(side, sibling.hex()[:16], "...")
print("valid:", verify_proof(sha256d(txs[3]), proof, root))

# %% [markdown]
# The proof for transaction 3 has three hashes: one per level below the root. The same
# proof does not work for a different transaction, and a forged transaction fails too:

# %%
print("proof reused for tx2:  ", verify_proof(sha256d(txs[2]), proof, root))
print("forged tx3:            ", verify_proof(sha256d(b"tx3: pay mallory 1000000 coins"), proof, root))

# %% [markdown]
# Check every leaf at once so we know the construction is right for odd positions too,
# including the last leaf, which gets paired with its own duplicate:

# %%
print(all(verify_proof(leaves[i], make_proof(leaves, i), root) for i in range(len(leaves))))

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
    assert verify_proof(tree_leaves[-1], p, merkle_root(tree_leaves))
    print(f"{n:>8} {len(p):>13} {math.ceil(math.log2(n)):>13} {32 * len(p):>12} {32 * n:>17}")

# %% [markdown]
# !!! tip "Why light clients care"
#     Simplified Payment Verification (SPV), described in section 8 of the Bitcoin paper,
#     relies on this. A phone wallet downloads only the 80-byte headers, and asks a full node
#     for a Merkle proof of its transaction. For a block with 4,000 transactions that is 12
#     hashes, 384 bytes, instead of the whole block.

# %% [markdown]
# ## A pitfall: duplicated leaves (CVE-2012-2459)
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
# In Bitcoin this was CVE-2012-2459. An attacker could take a valid block, duplicate its
# trailing transactions to make a *mutated* block with the same header hash, and relay it.
# The mutated block is invalid (it spends the same outputs twice), and vulnerable nodes
# marked that block **hash** as permanently invalid. They would then reject the genuine block
# with the same hash and could be split from the network. Bitcoin Core's defence detects
# when two identical hashes are paired at the end of a level and treats the block as
# *mutated*: rejected, like a block whose Merkle root does not match, but without caching its
# hash as invalid. The root computation itself was left unchanged, since changing it would
# be a consensus change (a hard fork).
#
# !!! note "Other designs"
#     Certificate Transparency (RFC 6962) avoids the ambiguity: it does not duplicate, it
#     splits the leaves at the largest power of two. It also uses **domain separation**:
#     leaves are hashed as `H(0x00 || data)` and inner nodes as `H(0x01 || left || right)`,
#     so an inner node can never be passed off as a leaf. You will try a simpler
#     non-duplicating rule in the exercises.

# %% [markdown]
# ## Summary
#
# - A Merkle root commits to every leaf; changing any leaf changes the root.
# - An inclusion proof is the list of siblings on the path to the root, with their sides.
# - Proofs grow with ⌈log₂ n⌉: 12 hashes for 4,000 transactions.
# - Bitcoin duplicates the last hash on odd levels; that makes `[a, b, c]` and `[a, b, c, c]`
#   share a root, which led to CVE-2012-2459.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** A dishonest server returns a correct proof but with every side marker
# flipped (`L` ↔ `R`). Show that verification fails for every leaf of the five-leaf tree
# above. Why does order matter?

# %% tags=["hide-input"]
def flip(proof):
    return [(h, "R" if side == "L" else "L") for h, side in proof]


for i in range(len(leaves)):
    good = make_proof(leaves, i)
    # For the duplicated last leaf at an odd level, the sibling equals the node itself,
    # so flipping that step changes nothing; but other steps still break the path.
    assert verify_proof(leaves[i], good, root)
    assert not verify_proof(leaves[i], flip(good), root)
print("Exercise 1: flipped proofs are rejected for all", len(leaves), "leaves")
# H(x || y) != H(y || x): concatenation is ordered, so the side is part of the proof.

# %% [markdown]
# **Exercise 2.** Write `merkle_root_promote` that, on an odd level, carries the last hash
# up to the next level unchanged instead of duplicating it. Show that `[a, b, c]` and
# `[a, b, c, c]` now have different roots.

# %% tags=["hide-input"]
def merkle_root_promote(leaves: list[bytes]) -> bytes:
    level = leaves
    while len(level) > 1:
        nxt = [sha256d(level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2 == 1:
            nxt.append(level[-1])  # promote the odd one out
        level = nxt
    return level[0]


assert merkle_root_promote([a, b, c]) != merkle_root_promote([a, b, c, c])
assert merkle_root_promote([a, b, c, c]) == merkle_root([a, b, c, c])  # even sizes agree
print("Exercise 2: promotion removes the [a, b, c] / [a, b, c, c] collision")

# %% [markdown]
# **Exercise 3.** Without building the tree, compute the proof length for *n* leaves with
# integer arithmetic only (no floating-point `log2`). Check it against `make_proof` for
# every *n* from 1 to 300.

# %% tags=["hide-input"]
def proof_length(n: int) -> int:
    return (n - 1).bit_length()  # = ceil(log2 n) for n >= 1


for n in range(1, 301):
    tree_leaves = [sha256d(i.to_bytes(4, "little")) for i in range(n)]
    assert len(make_proof(tree_leaves, 0)) == proof_length(n), n
print("Exercise 3: proof_length(n) matches for n = 1..300; proof_length(10**6) =", proof_length(10**6))
