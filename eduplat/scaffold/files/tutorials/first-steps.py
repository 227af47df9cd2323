# ---
# title: First steps with a hash
# description: Compute a SHA-256 fingerprint and see how one changed letter changes it all.
# level: beginner
# duration: 5
# tags: [hashing]
# order: 1
# ---

# %% [markdown]
# # First steps with a hash
#
# This page is a **tutorial**: a Python file in `tutorials/` that eduplat runs on every
# build. The code below ran, and the output under it is what it printed.
#
# !!! tip "Edit me"
#     Change the prose and rebuild: nothing runs again. Change the code: this tutorial,
#     and only this one, runs again.

# %%
import hashlib


def fingerprint(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of ``text``, as 64 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


print(fingerprint("hello"))
print(fingerprint("hellp"))

# %% [markdown]
# One changed letter gives an unrelated fingerprint. That is why a hash can stand for a
# document: anyone can recompute it, and nobody can find another text with the same one.
#
# ## Exercise
#
# How many of the 64 hex digits do the two fingerprints share at the same position?

# %% tags=["hide-input"]
a, b = fingerprint("hello"), fingerprint("hellp")
same = sum(x == y for x, y in zip(a, b))
print(f"{same} of 64 positions agree (about 64/16 = 4 by chance)")
