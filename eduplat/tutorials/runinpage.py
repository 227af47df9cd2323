"""Running tutorial cells in the reader's browser with Pyodide (``run_in_page: pyodide``).

Pure functions (no MkDocs): which Pyodide the page loads, the check of a local Pyodide
folder, and the data a page carries for ``assets/eduplat/exercises.js``: the source of
every code cell the reader's session runs, in order, and each exercise's check code.
Solution source is never part of it, whatever the ``solutions`` mode.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from eduplat.errors import SourceError
from eduplat.tutorials import exercises as ex
from eduplat.yamlutil import key_line

__all__ = [
    "DEFAULT_PYODIDE_URL",
    "PYODIDE_VERSION",
    "REQUIRED_FILES",
    "SITE_FOLDER",
    "PyodideSource",
    "RunInPage",
    "pyodide_files",
    "pyodide_source",
    "run_data",
    "run_data_attribute",
]

RunInPage = Literal["pyodide"]

#: The Pyodide release eduplat is tested with (the npm package ``pyodide@314.0.8``).
PYODIDE_VERSION = "314.0.8"
#: The official CDN for that release: the default ``pyodide_url``.
DEFAULT_PYODIDE_URL = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
#: What a local Pyodide folder must hold (the npm package or a downloaded release has them).
REQUIRED_FILES = ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: Where ``eduplat build`` copies a local Pyodide folder inside the site.
SITE_FOLDER = "assets/pyodide"
#: Files of a Pyodide folder that are not copied: documentation and demo pages.
_SKIPPED_SUFFIXES = (".md", ".html", ".d.ts")


@dataclass(frozen=True)
class PyodideSource:
    """Where pages load Pyodide from.

    Attributes:
        url: An absolute URL (the CDN), or empty for the copy inside the site.
        folder: The local folder to copy into ``assets/pyodide/``, or None.
    """

    url: str = DEFAULT_PYODIDE_URL
    folder: Path | None = None


def pyodide_source(value: str, base: Path, config_file: Path) -> PyodideSource:
    """Read the ``pyodide_url`` option: a URL, or a folder relative to ``mkdocs.yml``.

    Raises:
        SourceError: A folder that does not exist or lacks Pyodide's files.
    """
    value = value.strip()
    if value.startswith(("https://", "http://", "//")):
        return PyodideSource(url=value if value.endswith("/") else value + "/")
    folder = (base / value).resolve()
    missing = [name for name in REQUIRED_FILES if not (folder / name).is_file()]
    if not folder.is_dir() or missing:
        what = "is not a folder" if not folder.is_dir() else f"lacks {', '.join(missing)}"
        raise SourceError(
            config_file,
            f"tutorials.pyodide_url '{value}' {what}",
            line=key_line(config_file, ("plugins", "eduplat", "tutorials", "pyodide_url")),
            hint=(
                "give the Pyodide CDN URL, or a folder with a Pyodide release: "
                f"'npm install pyodide@{PYODIDE_VERSION}' (node_modules/pyodide) or the "
                "unpacked 'pyodide-*.tar.bz2' of a GitHub release"
            ),
        )
    return PyodideSource(url="", folder=folder)


def pyodide_files(folder: Path) -> dict[str, Path]:
    """The files to copy from a local Pyodide folder, by URI below the site root."""
    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.name.endswith(_SKIPPED_SUFFIXES):
            rel = path.relative_to(folder).as_posix()
            if not any(part.startswith(".") for part in rel.split("/")):
                files[f"{SITE_FOLDER}/{rel}"] = path
    return files


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def run_data(cells: list[dict[str, Any]], groups: list[ex.ExerciseGroup]) -> dict[str, Any]:
    """What the page's Python session runs: code cells in order, and the checks.

    Each cell is ``{"cell": n, "code": ..., "exercise": k | None, "raises": bool, "skip":
    bool}`` (``n`` is the 1-based notebook cell number, ``k`` the exercise number);
    ``checks`` maps an exercise number to its check code. Solution cells are left out:
    the reader's own code stands in for them.
    """
    exercise_of = {g.exercise: g.number for g in groups if g.exercise is not None}
    checks = {
        str(g.number): "\n\n".join(_text(cells[i].get("source", "")) for i in g.checks)
        for g in groups
        if g.exercise is not None and g.checks
    }
    run = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "code" or ex.cell_role(cell) in ("solution", "check"):
            continue
        tags = cell.get("metadata", {}).get("tags", [])
        run.append(
            {
                "cell": index + 1,
                "code": _text(cell.get("source", "")),
                "exercise": exercise_of.get(index),
                "raises": "raises-exception" in tags,
                "skip": "skip-execution" in tags,
            }
        )
    return {"cells": run, "checks": checks}


def run_data_attribute(data: dict[str, Any]) -> str:
    """``data`` as JSON, escaped for an HTML attribute value in double quotes."""
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)
