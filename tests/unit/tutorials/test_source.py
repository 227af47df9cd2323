"""Reading tutorial sources: formats, front matter, metadata validation, cache keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.tutorials.model import TutorialSource
from eduplat.tutorials.source import discover, execution_key, parse
from tests.conftest import SHARED

PY_TUTORIAL = """\
# ---
# title: Hash chains
# level: beginner
# duration: 20 min
# tags: [hashing]
# prerequisites: [intro, guide/index.md]
# ---

# %% [markdown]
# # Hash chains
#
# Prose.

# %%
import hashlib

# %% tags=["raises-exception"]
1 / 0
"""


def source(tmp_path: Path, name: str, text: str) -> TutorialSource:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return TutorialSource(path=path, rel=name)


def test_percent_py_front_matter_becomes_metadata(tmp_path):
    parsed = parse(source(tmp_path, "chain.py", PY_TUTORIAL))
    meta = parsed.meta
    assert (meta.title, meta.level, meta.duration, meta.tags) == (
        "Hash chains",
        "beginner",
        20,
        ("hashing",),
    )
    assert [p.target for p in meta.prerequisites] == ["intro", "guide/index.md"]
    kinds = [c["cell_type"] for c in parsed.notebook["cells"]]
    assert kinds == ["markdown", "code", "code"], "front matter is not a cell"


def test_cell_lines_point_into_the_source(tmp_path):
    parsed = parse(source(tmp_path, "chain.py", PY_TUTORIAL))
    lines = PY_TUTORIAL.splitlines()
    code_line = parsed.cell_lines[2]
    assert lines[code_line - 1] == "1 / 0"


def test_myst_markdown_tutorial(tmp_path):
    text = (
        "---\ntitle: From Markdown\nlevel: advanced\njupyter:\n  kernelspec:\n"
        "    name: python3\n    display_name: Python 3\n---\n\n# Heading\n\n"
        "```python\nprint('hi')\n```\n"
    )
    parsed = parse(source(tmp_path, "md.md", text))
    assert parsed.meta.title == "From Markdown"
    assert parsed.meta.level == "advanced"
    assert [c["cell_type"] for c in parsed.notebook["cells"]] == ["markdown", "code"]
    assert "# %%" in parsed.py_text, "the .py download is a percent script"


def test_ipynb_metadata_and_title_from_heading(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Notebook title\n\ntext"},
            {
                "cell_type": "code",
                "metadata": {},
                "source": "x = 1",
                "outputs": [],
                "execution_count": None,
            },
        ],
        "metadata": {"eduplat": {"level": "intermediate", "order": 3}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    parsed = parse(source(tmp_path, "nb.ipynb", json.dumps(notebook)))
    assert parsed.meta.title == "Notebook title"
    assert parsed.meta.level == "intermediate"
    assert parsed.meta.order == 3


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "# levle: beginner",
            "chain.py:3: tutorial metadata: unknown key 'levle' — did you mean 'level'?",
        ),
        (
            "# level: expert",
            (
                "chain.py:3: tutorial metadata: unknown level 'expert' "
                "— use one of: beginner, intermediate, advanced"
            ),
        ),
        (
            "# level: begginer",
            "chain.py:3: tutorial metadata: unknown level 'begginer' — did you mean 'beginner'?",
        ),
        (
            "# timeout: soon",
            (
                "chain.py:3: tutorial metadata: 'timeout' must be a positive whole number of seconds, "
                "not 'soon' — give seconds as a number, e.g. 'timeout: 300'"
            ),
        ),
        (
            "# kernel: ''",
            "chain.py:3: tutorial metadata: 'kernel' is empty — remove the line to use the default",
        ),
        (
            "# execute: maybe",
            "chain.py:3: tutorial metadata: 'execute' must be true or false",
        ),
    ],
)
def test_invalid_metadata_names_line_key_and_fix(tmp_path, line, message):
    text = PY_TUTORIAL.replace("# level: beginner", line)
    with pytest.raises(SourceError) as info:
        parse(source(tmp_path, "chain.py", text))
    assert info.value.line == 3
    assert str(info.value).endswith(message)


def test_metadata_left_out_keeps_the_site_defaults(tmp_path):
    meta = parse(source(tmp_path, "chain.py", PY_TUTORIAL)).meta
    assert (meta.kernel, meta.timeout, meta.solutions, meta.publish_solutions) == (
        None,
        None,
        None,
        None,
    )
    assert (meta.execute, meta.order, meta.max_output) == (True, None, None)
    text = PY_TUTORIAL.replace(
        "# level: beginner", "# publish_solutions: false\n# solutions: omit\n# order: '2'"
    )
    meta = parse(source(tmp_path, "chain.py", text)).meta
    assert (meta.publish_solutions, meta.solutions, meta.order) == (False, "omit", 2)


def test_front_matter_yaml_error_names_line(tmp_path):
    text = PY_TUTORIAL.replace("# tags: [hashing]", "# tags: [hashing")
    with pytest.raises(SourceError) as info:
        parse(source(tmp_path, "chain.py", text))
    assert "invalid front matter" in str(info.value)
    assert info.value.line is not None
    assert info.value.line >= 5


def test_negative_timeout_is_rejected(tmp_path):
    text = PY_TUTORIAL.replace("# level: beginner", "# timeout: -5")
    with pytest.raises(SourceError, match="'timeout' must be a positive whole number of seconds"):
        parse(source(tmp_path, "chain.py", text))


def test_prose_does_not_change_the_execution_key_but_code_and_tags_do(tmp_path):
    base = parse(source(tmp_path, "a.py", PY_TUTORIAL)).notebook
    prose = parse(source(tmp_path, "b.py", PY_TUTORIAL.replace("Prose.", "Other."))).notebook
    code = parse(source(tmp_path, "c.py", PY_TUTORIAL.replace("1 / 0", "2 / 0"))).notebook
    tags = parse(
        source(tmp_path, "d.py", PY_TUTORIAL.replace('tags=["raises-exception"]', ""))
    ).notebook
    key = execution_key(base, "python3", {})
    assert execution_key(prose, "python3", {}) == key
    assert execution_key(code, "python3", {}) != key
    assert execution_key(tags, "python3", {}) != key
    assert execution_key(base, "other-kernel", {}) != key
    assert execution_key(base, "python3", {"data.csv": "abc"}) != key


def test_discover_skips_private_folders_and_readme(tmp_path):
    for rel in ("a.py", "sub/b.md", "_references/a.ipynb", ".ipynb_checkpoints/a.ipynb"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x = 1\n")
    (tmp_path / "README.md").write_text("# Readme\n")
    assert [s.id for s in discover(tmp_path)] == ["a", "sub/b"]


def test_discover_rejects_two_files_with_one_id(tmp_path):
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "a.md").write_text("# A\n")
    with pytest.raises(SourceError, match="two tutorials have the id 'a'"):
        discover(tmp_path)


NOTEBOOKS = SHARED / "notebooks"
# Titles from a first heading or front matter; the others fall back to the file name (nb).
NOTEBOOK_TITLES = {
    "Notebook with metadata and long cells.ipynb": "Part one - various cells",
    "jupyter_with_raw_cell_on_top.ipynb": "Quick test",
}


@pytest.mark.skipif(not NOTEBOOKS.is_dir(), reason="../shared acceptance inputs are absent")
@pytest.mark.parametrize(
    "name", sorted(p.name for p in NOTEBOOKS.glob("*.ipynb")) if NOTEBOOKS.is_dir() else []
)
def test_real_third_party_notebooks_parse(tmp_path, name):
    text = (NOTEBOOKS / name).read_text(encoding="utf-8")
    parsed = parse(source(tmp_path, "nb.ipynb", text))
    assert parsed.meta.title == NOTEBOOK_TITLES.get(name, "nb")
    original = json.loads(text)
    kept = len(parsed.notebook["cells"])
    assert kept in {len(original["cells"]), len(original["cells"]) - 1}


def test_max_output_metadata_is_a_size_or_a_mapping(tmp_path):
    from eduplat.tutorials.model import OutputLimits, TutorialMeta

    text = PY_TUTORIAL.replace("# level: beginner", "# max_output: {cell: 1 MB}")
    meta = parse(source(tmp_path, "chain.py", text)).meta
    assert meta.max_output == OutputLimits(cell=1_000_000)
    assert TutorialMeta.from_json(meta.to_json()) == meta
    bad = PY_TUTORIAL.replace("# level: beginner", "# max_output: plenty")
    with pytest.raises(SourceError) as info:
        parse(source(tmp_path, "chain.py", bad))
    assert info.value.line == 3
    assert str(info.value).endswith(
        "chain.py:3: tutorial metadata: 'max_output' is not a size: expected a size such as "
        "'2 MB', '500 kB' or a number of bytes, got 'plenty' "
        "— e.g. 'max_output: 2 MB' or 'max_output: {cell: 1 MB, tutorial: 5 MB}'"
    )


def test_output_limits_are_part_of_the_execution_key(tmp_path):
    from eduplat.tutorials.model import OutputLimits

    notebook = parse(source(tmp_path, "chain.py", PY_TUTORIAL)).notebook
    default = execution_key(notebook, "python3", {})
    assert execution_key(notebook, "python3", {}, OutputLimits()) == default
    assert execution_key(notebook, "python3", {}, OutputLimits(cell=1)) != default


def test_the_notebooks_kernelspec_names_the_kernel_and_changes_the_key(tmp_path):
    from eduplat.tutorials.pipeline import notebook_kernel

    text = PY_TUTORIAL.replace(
        "# ---\n\n", "# jupyter:\n#   kernelspec:\n#     name: ir\n#     display_name: R\n# ---\n\n"
    )
    parsed = parse(source(tmp_path, "stats.py", text))
    assert notebook_kernel(parsed.notebook) == "ir"
    assert notebook_kernel(parse(source(tmp_path, "chain.py", PY_TUTORIAL)).notebook) is None
    assert notebook_kernel({"metadata": {"kernelspec": {"name": " "}}}) is None
    assert execution_key(parsed.notebook, "ir", {}) != execution_key(parsed.notebook, "python3", {})
