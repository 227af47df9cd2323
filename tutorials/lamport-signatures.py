# ---
# title: Lamport one-time signatures
# description: Build a hash-based signature scheme from SHA-256 alone, sign a transaction, catch tampering, and see why a Lamport key must never sign twice.
# level: intermediate
# duration: 30
# tags: [signatures, hashing, post-quantum, cryptography]
# order: 4
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
# # Lamport one-time signatures
#
# A blockchain transaction says "move these coins", and the network must be sure the owner
# said it. That is a job for digital signatures. Bitcoin and Ethereum use elliptic-curve
# signatures, but there is a much simpler scheme, from Leslie Lamport (1979), that needs
# nothing except a hash function. It is easy to understand completely, it is believed to
# resist quantum computers, and it has one sharp edge: **each key may sign only once**.
#
# You will learn:
#
# - how to generate a Lamport key pair, sign a transaction and verify the signature;
# - why any change to the signed transaction makes verification fail;
# - exactly what leaks when the same key signs two messages, and how an attacker turns
#   several reuses into a forgery.

# %% [markdown]
# ## The idea
#
# We sign the 256-bit SHA-256 digest of the message, one bit at a time.
#
# - **Private key**: 256 *pairs* of random 32-byte secrets, `sk[i][0]` and `sk[i][1]`.
# - **Public key**: the hash of every secret, `pk[i][b] = H(sk[i][b])`.
# - **Signature**: for each bit `i` of the digest, reveal `sk[i][bit]`.
# - **Verification**: hash each revealed secret and compare it with `pk[i][bit]`.
#
# Forging a signature would require a secret that nobody has revealed, i.e. inverting the
# hash, which is exactly what a preimage-resistant hash makes infeasible.
#
# !!! note "Why sign the digest, not the message?"
#     Hashing first turns a message of any length into exactly 256 bits, so a fixed-size key
#     can sign it. It also means the security **also** rests on SHA-256's collision
#     resistance, on top of the preimage resistance that protects unrevealed secrets: two
#     messages with the same digest would share a signature.

# %% [markdown]
# ## Deterministic key generation
#
# Real keys must come from a cryptographically secure random source such as
# `secrets.token_bytes(32)`. For a tutorial we want the **same output on every run**, so we
# derive each secret from a fixed seed with HMAC-SHA256 used as a pseudorandom function.
# This is also how real wallets derive many keys from one seed; the seed is then the single
# thing to protect.
#
# !!! danger "Never use a fixed, published seed"
#     Anyone who reads this page can regenerate these keys. The construction is fine; the
#     seed is public.

# %%
import hashlib
import hmac
import json

SEED = b"eduplat lamport tutorial seed (public, do not use for real keys)"


def H(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def derive_secret(seed: bytes, key_index: int, i: int, bit: int) -> bytes:
    return hmac.new(seed, f"lamport/{key_index}/{i}/{bit}".encode(), hashlib.sha256).digest()


def keygen(seed: bytes, key_index: int = 0):
    sk = [(derive_secret(seed, key_index, i, 0), derive_secret(seed, key_index, i, 1)) for i in range(256)]
    pk = [(H(s0), H(s1)) for s0, s1 in sk]
    return sk, pk


sk, pk = keygen(SEED)
print("sk[0] =", sk[0][0].hex()[:16], "...,", sk[0][1].hex()[:16], "...")
print("pk[0] =", pk[0][0].hex()[:16], "...,", pk[0][1].hex()[:16], "...")
print(f"private key {256 * 2 * 32} bytes, public key {256 * 2 * 32} bytes")

# %% [markdown]
# A 16 KiB public key is unwieldy to put in a transaction output, so we identify the key by
# an **address**: the hash of the whole public key. Bitcoin addresses are, similarly, hashes
# of public keys.

# %%
def address(pk) -> str:
    return H(b"".join(h0 + h1 for h0, h1 in pk)).hex()[:40]


alice = address(pk)
print("alice's address:", alice)

# %% [markdown]
# ## Signing a transaction
#
# A transaction is a record; as in the hash chain tutorial we serialise it canonically so
# that signer and verifier hash exactly the same bytes.

# %%
def canonical(tx: dict) -> bytes:
    return json.dumps(tx, sort_keys=True, separators=(",", ":")).encode()


def digest_bits(message: bytes) -> list[int]:
    d = H(message)
    return [(d[i // 8] >> (7 - i % 8)) & 1 for i in range(256)]


def sign(sk, message: bytes) -> list[bytes]:
    return [sk[i][bit] for i, bit in enumerate(digest_bits(message))]


def verify(pk, message: bytes, signature: list[bytes]) -> bool:
    if len(signature) != 256:
        return False
    return all(H(s) == pk[i][bit] for i, (s, bit) in enumerate(zip(signature, digest_bits(message))))


tx = {"from": alice, "to": "bob", "amount": 25, "fee": 1, "nonce": 0}
sig = sign(sk, canonical(tx))
print("digest bits (first 16):", "".join(map(str, digest_bits(canonical(tx))[:16])))
print("signature: 256 secrets,", sum(len(s) for s in sig), "bytes")
print("valid:", verify(pk, canonical(tx), sig))

# %% [markdown]
# An 8 KiB signature is far larger than a 64-byte Schnorr or ~72-byte ECDSA signature. Size
# is the main practical cost of hash-based signatures.

# %% [markdown]
# ## Tampering fails
#
# Change the amount and the digest changes in about half of its bits. For each changed bit
# the verifier now expects the *other* secret of the pair, which the signature does not
# contain, so verification fails.

# %%
tampered = dict(tx, amount=2500)
bits_a, bits_b = digest_bits(canonical(tx)), digest_bits(canonical(tampered))
print("digest bits that changed:", sum(x != y for x, y in zip(bits_a, bits_b)), "of 256")
print("valid for tampered tx:", verify(pk, canonical(tampered), sig))

# %% [markdown]
# ## Why a Lamport key is one-time
#
# Each signature reveals **half** of the private key: one secret of every pair. If the same
# key signs a second message, then at every position where the two digests differ, the
# *other* secret is revealed as well. Let us see how much leaks.

# %%
def exposure(sk, signatures: list[list[bytes]]):
    """For each position, the set of bit values whose secret has been revealed."""
    known = [set() for _ in range(256)]
    for s in signatures:
        for i, secret in enumerate(s):
            known[i].add(0 if secret == sk[i][0] else 1)
    return known


tx2 = {"from": alice, "to": "carol", "amount": 7, "fee": 1, "nonce": 1}
sig2 = sign(sk, canonical(tx2))  # the mistake: same key, second message
known = exposure(sk, [sig, sig2])
print("positions with both secrets revealed:", sum(len(k) == 2 for k in known), "of 256")
print("positions where only one secret is known:", sum(len(k) == 1 for k in known))

# %% [markdown]
# An attacker can now sign any message whose digest matches the single revealed bit at each
# of the remaining positions, about half of them. Finding one by trial takes around 2¹³⁴
# attempts here: still out of reach, but the
# security margin has fallen drastically after a single reuse. And it keeps falling: after
# *k* signatures each position is still constrained (only one of its two secrets revealed)
# with probability 2^-(k-1), so only about 256 / 2^(k-1) bits stay constrained.
#
# Suppose the wallet software reused the key for six payments. The signatures are public
# (they sit in the blockchain), so the attacker collects them all:

# %%
payments = [
    {"from": alice, "to": name, "amount": amount, "fee": 1, "nonce": n}
    for n, (name, amount) in enumerate(
        [("bob", 25), ("carol", 7), ("dave", 12), ("erin", 3), ("frank", 40), ("grace", 9)]
    )
]
observed = [sign(sk, canonical(p)) for p in payments]
known = exposure(sk, observed)
constrained = [i for i in range(256) if len(known[i]) == 1]
print("positions still constrained:", len(constrained))
print("expected forging attempts: about 2 **", len(constrained), "=", 2 ** len(constrained))

# %% [markdown]
# Now the attacker grinds a free field (here a `memo`) of a transaction paying themselves,
# until its digest agrees with the revealed bits at every constrained position. Then they
# assemble a signature purely from revealed secrets.

# %%
def forge(observed: list[tuple[dict, list[bytes]]], template: dict, max_tries: int = 100_000):
    """observed: public (transaction, signature) pairs made with the same key."""
    pool = [dict() for _ in range(256)]  # position -> {bit: revealed secret}
    for signed_tx, signature in observed:
        for i, (secret, bit) in enumerate(zip(signature, digest_bits(canonical(signed_tx)))):
            pool[i][bit] = secret
    for attempt in range(max_tries):
        candidate = dict(template, memo=attempt)
        bits = digest_bits(canonical(candidate))
        if all(bit in pool[i] for i, bit in enumerate(bits)):
            return candidate, [pool[i][bit] for i, bit in enumerate(bits)], attempt + 1
    raise RuntimeError("no forgery found")


evil = {"from": alice, "to": "mallory", "amount": 10_000, "fee": 1, "nonce": 6}
forged_tx, forged_sig, tries = forge(list(zip(payments, observed)), evil)
print("forged transaction:", forged_tx)
print("found after", tries, "attempts")
print("valid under alice's public key:", verify(pk, canonical(forged_tx), forged_sig))

# %% [markdown]
# Alice never signed that transaction, yet it verifies. Nobody stole her private key:
# reusing it was enough to leak it, piece by piece.
#
# !!! tip "Many-time signatures from one-time keys"
#     Practical hash-based schemes fix the one-time limit with the Merkle tree from the
#     previous tutorial: generate many one-time key pairs and publish only the Merkle root of
#     their public keys. Each signature includes a one-time signature plus an inclusion proof.
#     XMSS (RFC 8391) and LMS (RFC 8554) work this way and must track which keys are used;
#     SPHINCS+ (standardised as SLH-DSA in FIPS 205) avoids that state. They also use
#     Winternitz chains to shrink signatures.

# %% [markdown]
# ## Summary
#
# - A Lamport private key is 256 pairs of secrets; the public key is their hashes.
# - A signature reveals one secret per digest bit; verification re-hashes and compares.
# - Any change to the signed bytes flips about half the digest bits, so tampering fails.
# - Every signature reveals half the private key. Reusing a key exposes more pairs with each
#   signature, until an attacker can forge. Treat a Lamport key as strictly one-time.
#
# Keeping real keys out of source code, notebooks and CI logs is its own discipline: see
# [Keys in code and CI](../developers/key-management.md).

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** Show that verification fails for (a) a transaction with a different
# recipient, (b) the original transaction with one signature element replaced by the other
# secret of its pair, and (c) a signature with one element dropped. Build the three
# tampered variants below.

# %% tags=["exercise"]
msg = canonical(tx)
other_recipient = None  # canonical bytes of tx sent to someone else
swapped = None  # sig with its first element replaced by the other secret of its pair
dropped = None  # sig without its last element

# %% tags=["solution"]
msg = canonical(tx)
assert verify(pk, msg, sig)
other_recipient = canonical(dict(tx, to="mallory"))
swapped = list(sig)
swapped[0] = sk[0][1] if sig[0] == sk[0][0] else sk[0][0]
dropped = sig[:-1]
for variant in (verify(pk, other_recipient, sig), verify(pk, msg, swapped), verify(pk, msg, dropped)):
    assert not variant
print("Exercise 1: all three tampered variants are rejected")

# %% tags=["check"]
assert isinstance(other_recipient, bytes) and other_recipient != msg, (
    "other_recipient: the canonical bytes of tx with another 'to'"
)
assert not verify(pk, other_recipient, sig), "the signature must not verify another transaction"
assert isinstance(swapped, list) and len(swapped) == len(sig), "swapped: a full-length signature"
assert swapped[0] in sk[0] and swapped[0] != sig[0], "swapped[0]: the other secret of pair 0"
assert swapped[1:] == list(sig[1:]), "swapped: only the first element changes"
assert not verify(pk, msg, swapped), "a swapped element must not verify"
assert dropped is not None and list(dropped) == list(sig[:-1]), "dropped: sig without its last element"
assert not verify(pk, msg, dropped), "a shortened signature must not verify"

# %% [markdown]
# **Exercise 2.** Make reuse impossible by construction: write a `OneTimeSigner` that signs
# once and raises `RuntimeError` on any further call.

# %% tags=["exercise"]
class OneTimeSigner:
    def __init__(self, sk):
        self._sk = sk

    def sign(self, message: bytes) -> list[bytes]:
        return sign(self._sk, message)  # your code here: refuse every call after the first

# %% tags=["solution"]
class OneTimeSigner:
    def __init__(self, sk):
        self._sk = sk

    def sign(self, message: bytes) -> list[bytes]:
        if self._sk is None:
            raise RuntimeError("this Lamport key has already been used")
        sk, self._sk = self._sk, None  # forget the key before returning the signature
        return sign(sk, message)


signer = OneTimeSigner(keygen(SEED, key_index=1)[0])
first = signer.sign(canonical(tx))
try:
    signer.sign(canonical(tx2))
except RuntimeError as err:
    print("Exercise 2: second signature refused:", err)

# %% tags=["check"]
check_sk, check_pk = keygen(SEED, key_index=2)
check_signer = OneTimeSigner(check_sk)
assert verify(check_pk, canonical(tx), check_signer.sign(canonical(tx))), (
    "the first signature must be a valid one"
)
try:
    check_signer.sign(canonical(tx2))
except RuntimeError:
    pass
else:
    raise AssertionError("a second call to sign() must raise RuntimeError")

# %% [markdown]
# **Exercise 3.** Use a 32-byte public key: publish only `H(pk)`. The signature then carries
# the revealed secrets **and** the hashes of the unrevealed secrets, so the verifier can
# rebuild the full public key and compare its hash. Implement `sign_compact` and
# `verify_compact`: a valid signature passes and a tampered transaction fails.

# %% tags=["exercise"]
def pk_hash(pk) -> bytes:
    return H(b"".join(h0 + h1 for h0, h1 in pk))


def sign_compact(sk, pk, message: bytes):
    return [], []  # your code here: (revealed secrets, hashes of the unrevealed ones)


def verify_compact(root: bytes, message: bytes, signature) -> bool:
    return False  # your code here

# %% tags=["solution"]
def pk_hash(pk) -> bytes:
    return H(b"".join(h0 + h1 for h0, h1 in pk))


def sign_compact(sk, pk, message: bytes):
    bits = digest_bits(message)
    revealed = [sk[i][b] for i, b in enumerate(bits)]
    others = [pk[i][1 - b] for i, b in enumerate(bits)]
    return revealed, others


def verify_compact(root: bytes, message: bytes, signature) -> bool:
    revealed, others = signature
    rebuilt = []
    for i, bit in enumerate(digest_bits(message)):
        pair = [None, None]
        pair[bit], pair[1 - bit] = H(revealed[i]), others[i]
        rebuilt.append(tuple(pair))
    return pk_hash(rebuilt) == root


root = pk_hash(pk)
compact = sign_compact(sk, pk, canonical(tx))
print(f"Exercise 3: public key {len(root)} bytes, signature {32 * 512} bytes")

# %% tags=["check"]
check_root = pk_hash(pk)
check_compact = sign_compact(sk, pk, canonical(tx))
assert verify_compact(check_root, canonical(tx), check_compact), "a valid compact signature must verify"
assert not verify_compact(check_root, canonical(tampered), check_compact), (
    "a tampered transaction must not verify"
)
assert len(check_compact[0]) == len(check_compact[1]) == 256, (
    "256 revealed secrets and 256 hashes of the others"
)

# %% [markdown]
# ## Sources
#
# - L. Lamport, *Constructing Digital Signatures from a One Way Function*, SRI International
#   technical report CSL-98, 1979.
# - [RFC 8391](https://www.rfc-editor.org/rfc/rfc8391) (XMSS) and
#   [RFC 8554](https://www.rfc-editor.org/rfc/rfc8554) (LMS);
#   NIST [FIPS 205](https://csrc.nist.gov/pubs/fips/205/final) (SLH-DSA).
# - [RFC 2104](https://www.rfc-editor.org/rfc/rfc2104) (HMAC).
