"""Reference outputs: record them, and compare a fresh run with pytest-notebook's differ.

A reference is the tutorial's code cells and their outputs (prose is left out, so editing
prose never breaks it), stored as a small ``.ipynb`` in the repository, where a reviewer
reads it like any other file. Volatile text (memory addresses, timestamps, UUIDs,
durations, plus the site's own masks) is masked on both sides before comparing.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eduplat.textio import read_text
from eduplat.tutorials.execute import coalesce_streams

__all__ = ["SHIPPED_MASKS", "compare", "reduce", "write_reference"]

#: (name, regular expression, replacement) masked before comparing outputs.
SHIPPED_MASKS: tuple[tuple[str, str, str], ...] = (
    ("memory address", r"0x[0-9a-fA-F]{4,16}", "0xADDRESS"),
    (
        "timestamp",
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?",
        "TIMESTAMP",
    ),
    (
        "uuid",
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        "UUID",
    ),
    ("duration", r"\b\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|sec|secs|seconds)\b", "DURATION"),
)

_OUTPUT_KEYS = ("output_type", "name", "text", "data", "ename", "evalue", "traceback")


def reduce(notebook: dict[str, Any]) -> dict[str, Any]:
    """Only what a reference compares: code cells' source and outputs (no metadata)."""
    cells: list[dict[str, Any]] = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = [
            {key: output[key] for key in _OUTPUT_KEYS if key in output}
            for output in coalesce_streams(cell.get("outputs", []))
        ]
        source = cell.get("source", "")
        cells.append(
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"code-{len(cells) + 1}",
                "metadata": {},
                "source": "".join(source) if isinstance(source, list) else source,
                "outputs": outputs,
            }
        )
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def write_reference(path: Path, notebook: dict[str, Any]) -> None:
    """Record the reference for a tutorial (atomically, stable formatting for review)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".ipynb.tmp")
    tmp.write_text(
        json.dumps(reduce(notebook), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)


def compare(reference: Path, notebook: dict[str, Any], masks: Sequence[str] = ()) -> str | None:
    """Compare a fresh run with its reference.

    Returns:
        None when they match (after masking), else a readable diff.
    """
    with warnings.catch_warnings():
        # pytest-notebook 0.11 warns about its own traitlets fields at import.
        warnings.filterwarnings("ignore", message="Field .* type could not be converted")
        import nbformat
        from pytest_notebook.diffing import diff_notebooks, diff_to_string
        from pytest_notebook.notebook import regex_replace_nb

    expected = nbformat.from_dict(json.loads(read_text(reference)))  # type: ignore[no-untyped-call]
    obtained = nbformat.from_dict(reduce(notebook))  # type: ignore[no-untyped-call]
    replacements = tuple(("/cells", regex, value) for _, regex, value in SHIPPED_MASKS) + tuple(
        ("/cells", regex, "MASKED") for regex in masks
    )
    expected = regex_replace_nb(expected, replacements)
    obtained = regex_replace_nb(obtained, replacements)
    diff = diff_notebooks(expected, obtained)
    if not diff:
        return None
    text: str = diff_to_string(expected, diff, use_git=False, use_diff=False, use_color=False)
    return text.strip()
