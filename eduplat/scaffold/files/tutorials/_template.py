# ---
# title: A short title that names the skill
# description: One sentence that says what the reader will be able to do afterwards.
# level: beginner
# duration: 20
# tags: [topic]
# order: 99
# prerequisites: []
# ---

# %% [markdown]
# # A short title that names the skill
#
# *This is the tutorial template from `eduplat new`. Files whose name starts with `_` are
# not built: copy it to a new name (`cp tutorials/_template.py tutorials/my-topic.py`),
# fill it in, and delete these italic lines. The style guide in the eduplat manual
# explains each part.*
#
# One paragraph of motivation: the problem the reader has, and why this skill solves it.
#
# You will learn:
#
# - the first thing the reader can do at the end;
# - the second;
# - the pitfall they will know to avoid.

# %% [markdown]
# ## Step 1: the smallest working example
#
# Explain the idea in two or three sentences, then show it in code that runs in a
# fraction of a second. Keep each cell short and each output small.

# %%
def double(n: int) -> int:
    return 2 * n


print(double(21))

# %% [markdown]
# ## Check: what the output shows
#
# Say what the reader should notice in the output, and **assert** it, so the build fails
# if a later edit makes the prose wrong.

# %%
assert double(21) == 42
print("double(21) is 42, as claimed")

# %% [markdown]
# ## Step 2: the pitfall
#
# Show the mistake people make and what it costs. If the lesson is an error, tag the cell
# `raises-exception` so the error is shown and the build goes on.

# %% tags=["raises-exception"]
double(int("twenty-one"))  # int() cannot read words: ValueError

# %% [markdown]
# ## Summary
#
# - One line per thing learned, in the order of the steps.
# - The pitfall, and how to avoid it.

# %% [markdown]
# ## Exercises
#
# **Exercise 1.** A task the reader can do with what the steps taught. Put the solution in
# the next cell, tagged `hide-input`, with asserts that check it.

# %% tags=["hide-input"]
assert [double(n) for n in range(4)] == [0, 2, 4, 6]
print("Exercise 1: solved")

# %% [markdown]
# ## Sources
#
# - The primary source for every fact on the page: a standard (RFC, BIP, EIP), a paper,
#   or the vendor's own documentation, with a link.
