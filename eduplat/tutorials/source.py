"""Finding tutorial files and reading them into notebooks (via jupytext).

Only [discover][eduplat.tutorials.source.discover] and the hashing helpers run on the warm
path; [parse][eduplat.tutorials.source.parse] imports jupytext, which costs about a second,
so it is called only for a tutorial whose bytes changed.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from eduplat.errors import SourceError
from eduplat.textio import read_text
from eduplat.tutorials.exercises import SOLUTION_MODES
from eduplat.tutorials.imports import jupyter_imports
from eduplat.tutorials.model import (
    EXEC_TAGS,
    LEVELS,
    SOURCE_SUFFIXES,
    OutputLimits,
    Prerequisite,
    TutorialMeta,
    TutorialSource,
)
from eduplat.yamlutil import Fields, LineDict, is_blank, load_yaml, one_line

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

__all__ = [
    "ParsedTutorial",
    "dependency_hashes",
    "discover",
    "execution_key",
    "parse",
    "sha256_bytes",
    "validate_meta",
]

#: Bumped when the execution cache format or semantics change.
EXECUTION_KEY_VERSION = 3

_FRONT_MATTER = re.compile(r"\A---\s*\n(?P<body>.*?\n)?---\s*\Z", re.DOTALL)
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.MULTILINE)


def discover(folder: Path, exclude: Iterable[str] = ()) -> list[TutorialSource]:
    """Tutorial sources below ``folder``, sorted by relative path.

    Folders and files whose name starts with ``.`` or ``_`` are skipped (checkpoints,
    reference outputs, private helpers), as are ``README.md`` files.
    """
    if not folder.is_dir():
        return []
    excluded = set(exclude)
    found = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        if path.suffix not in SOURCE_SUFFIXES or not path.is_file():
            continue
        if path.name.lower() == "readme.md" or rel.as_posix() in excluded:
            continue
        # The id (the path without its suffix) lands in URLs, the nav and page titles.
        one_line(path, rel.as_posix(), "the file name", None, hint="rename the file")
        found.append(TutorialSource(path=path, rel=rel.as_posix()))
    ids: dict[str, TutorialSource] = {}
    for source in found:
        if source.id in ids:
            raise SourceError(
                source.path,
                f"two tutorials have the id '{source.id}' ({ids[source.id].rel} and {source.rel})",
                hint="rename one of them: the id is the file name without its suffix",
            )
        ids[source.id] = source
    return found


def sha256_bytes(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def dependency_hashes(source: TutorialSource, patterns: Iterable[str]) -> dict[str, str]:
    """Hash every file matched by the tutorial's declared dependencies.

    Raises:
        SourceError: A pattern that matches no file (a missing dependency).
    """
    base = source.path.parent
    hashes: dict[str, str] = {}
    for pattern in patterns:
        # glob.glob, unlike Path.glob, accepts '../data/*.csv' and absolute patterns.
        found = glob.glob(str(base / pattern), recursive=True)  # noqa: PTH207
        matches = sorted(Path(p) for p in found if Path(p).is_file())
        if not matches:
            raise SourceError(
                source.path,
                f"dependency '{pattern}' matches no file (looked in {base})",
                hint="fix the path in 'dependencies', relative to the tutorial's folder",
            )
        for match in matches:
            key = Path(os.path.relpath(match, base)).as_posix()
            hashes[key] = sha256_bytes(match.read_bytes())
    return hashes


@dataclass
class ParsedTutorial:
    """A tutorial read from its source: metadata, notebook (as a JSON dict) and cell lines.

    Attributes:
        source: The file.
        meta: Validated metadata.
        notebook: nbformat v4 notebook as plain JSON data, front matter removed.
        cell_lines: For each cell of ``notebook``, its first line in the source file.
        py_text: The tutorial as a jupytext percent ``.py`` script (the source download).
    """

    source: TutorialSource
    meta: TutorialMeta
    notebook: dict[str, Any]
    cell_lines: list[int | None]
    py_text: str


def parse(source: TutorialSource, text: str | None = None) -> ParsedTutorial:
    """Read a tutorial with jupytext, extract and validate its metadata.

    Raises:
        SourceError: Unreadable file, invalid front matter, or invalid metadata.
    """
    with jupyter_imports():
        import jupytext  # 0.3 s: only for tutorials whose bytes changed

    if text is None:
        text = read_text(source.path)
    fmt = source.suffix.lstrip(".")
    try:
        with warnings.catch_warnings():
            # Older notebooks lack cell ids; eduplat assigns stable ones itself.
            warnings.filterwarnings("ignore", message="Cell is missing an id field")
            notebook = jupytext.reads(text, fmt=fmt)
    except Exception as exc:
        raise SourceError(
            source.path,
            f"cannot read this {fmt} notebook: {exc}",
            hint="open it in Jupyter or check the jupytext format",
        ) from exc
    data: dict[str, Any] = json.loads(json.dumps(notebook))  # plain JSON types from here on
    cells: list[dict[str, Any]] = data["cells"]
    lines: list[int | None] = _cell_lines(text, cells) if fmt != "ipynb" else [None] * len(cells)

    raw_meta: dict[str, Any] = {}
    meta_lines: LineDict | None = None
    meta_offset = 0
    if cells and cells[0]["cell_type"] == "raw":
        front = _front_matter(source, _cell_text(cells[0]), strict=fmt != "ipynb", line=lines[0])
        if front is not None:
            raw_meta, meta_lines = dict(front), front
            meta_offset = (lines[0] or 1) - 1 + (0 if fmt == "ipynb" else 1)
            cells.pop(0)
            lines.pop(0)
    embedded = data.get("metadata", {}).get("eduplat")
    if isinstance(embedded, dict):
        raw_meta = {**embedded, **raw_meta}

    meta = validate_meta(
        source,
        raw_meta,
        ignore_unknown=fmt == "ipynb" and meta_lines is not None,
        line_of=(lambda key: meta_lines.line_of(key) + meta_offset) if meta_lines else None,
    )
    if not meta.title:
        meta = replace(meta, title=_first_heading(cells) or source.path.stem)
    data["cells"] = cells
    py_text = text if fmt == "py" else jupytext.writes(notebook, fmt="py:percent")
    return ParsedTutorial(source, meta, data, lines, py_text)


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _front_matter(
    source: TutorialSource, text: str, *, strict: bool, line: int | None
) -> LineDict | None:
    """The YAML mapping in a leading ``---`` raw cell, or None when it is not front matter."""
    match = _FRONT_MATTER.match(text.strip() + "\n")
    if not match:
        return None
    body = match.group("body") or ""
    try:
        value = load_yaml(source.path, body)
    except SourceError as exc:
        if not strict:
            return None  # a raw cell that merely looks like YAML in someone's notebook
        offset = (line or 1) - 1 + 1
        raise SourceError(
            source.path,
            f"invalid front matter: {exc.message}",
            line=(exc.line or 0) + offset if exc.line else line,
            hint=exc.hint,
        ) from exc
    if value is None:
        value = LineDict()
        value.key_lines = {}
    if not isinstance(value, LineDict):
        if not strict:
            return None
        raise SourceError(
            source.path, "front matter must be a mapping of keys to values", line=line
        )
    return value


def _first_heading(cells: list[dict[str, Any]]) -> str | None:
    for cell in cells:
        if cell["cell_type"] == "markdown":
            match = _HEADING.search(_cell_text(cell))
            if match:
                return match.group("title")
    return None


def _cell_lines(text: str, cells: list[dict[str, Any]]) -> list[int | None]:
    """First line of each cell in a text source, found by searching forward for its text.

    Works for every jupytext text format because code appears verbatim (markdown cells
    in ``.py`` files are commented, so their lines are searched without the ``# ``).
    """
    lines = text.splitlines()
    found: list[int | None] = []
    cursor = 0
    for cell in cells:
        first = next((ln.strip() for ln in _cell_text(cell).splitlines() if ln.strip()), None)
        position = None
        if first is not None:
            for index in range(cursor, len(lines)):
                candidate = lines[index].strip()
                if candidate == first or candidate.lstrip("#").strip() == first:
                    position = index
                    break
        if position is None:
            found.append(None)
            continue
        found.append(position + 1)
        cursor = position + 1
    return found


_META_KEYS = set(TutorialMeta.__dataclass_fields__)
_META = "tutorial metadata"
_MINUTES = re.compile(r"\s*(\d+)\s*(?:min|mins|minutes|m)?\s*")
_WHOLE = re.compile(r"\s*(-?\d+)\s*")


def validate_meta(
    source: TutorialSource,
    raw: Mapping[str, Any],
    *,
    ignore_unknown: bool = False,
    line_of: Callable[[str], int] | None = None,
) -> TutorialMeta:
    """Validate raw metadata; errors name the file, the line (when known) and the key.

    Read with the same [Fields][eduplat.yamlutil.Fields] as quizzes, webinars and paths;
    ``line_of`` gives a key's line in the source file (None for a notebook's JSON).
    """
    fields = Fields(source.path)
    values = {
        key: value
        for key, value in raw.items()
        if key != "jupyter" and (key in _META_KEYS or not ignore_unknown)
    }
    data = LineDict.of(values, key_lines={key: line_of(key) for key in values} if line_of else {})
    fields.keys(data, _META_KEYS, _META)
    for key in data:
        fields.given(data, key, _META)
    level = fields.choice(data, "level", _META, LEVELS)
    kernel = fields.text(data, "kernel", _META)
    publish = "publish_solutions" in data
    return TutorialMeta(
        title=fields.text(data, "title", _META),
        description=fields.text(data, "description", _META, multiline=True),
        level=level,
        duration=_whole(fields, data, "duration", positive=True),
        prerequisites=_prerequisites(fields, data),
        tags=fields.strings(data, "tags", _META),
        order=_whole(fields, data, "order"),
        kernel=kernel or None,
        timeout=_whole(fields, data, "timeout", positive=True),
        dependencies=fields.strings(data, "dependencies", _META),
        execute=fields.flag(data, "execute", _META, default=True),
        max_output=_max_output(fields, data),
        solutions=fields.choice(data, "solutions", _META, SOLUTION_MODES),
        publish_solutions=fields.flag(data, "publish_solutions", _META) if publish else None,
        run_in_page=_run_in_page(fields, data),
    )


_RUN_IN_PAGE: tuple[Literal["pyodide"], ...] = ("pyodide",)


def _run_in_page(fields: Fields, data: LineDict) -> Literal["pyodide", False] | None:
    """``pyodide``, ``false`` (off for this tutorial) or None (the site default)."""
    if data.get("run_in_page") is False:
        return False
    if "run_in_page" in data and not isinstance(data["run_in_page"], str):
        raise fields.error(
            data.line_of("run_in_page"),
            f"{_META}: 'run_in_page' must be pyodide or false, not {data['run_in_page']!r}",
            "use 'run_in_page: pyodide', or 'false' to turn it off for this tutorial",
        )
    return fields.choice(data, "run_in_page", _META, _RUN_IN_PAGE)


def _whole(fields: Fields, data: LineDict, key: str, *, positive: bool = False) -> int | None:
    """A whole number under ``key``, also written as text (``20 min``), or None."""
    value = data.get(key)
    pattern = _MINUTES if key == "duration" else _WHOLE
    match = pattern.fullmatch(value) if isinstance(value, str) else None
    if match:
        data[key] = int(match.group(1))
    elif isinstance(value, float) and value.is_integer():
        data[key] = int(value)
    return fields.whole(
        data, key, _META, positive=positive, unit=_UNITS.get(key, ""), hint=_META_HINTS[key]
    )


def _prerequisites(fields: Fields, data: LineDict) -> tuple[Prerequisite, ...]:
    """Tutorial ids, pages or URLs, each a word or ``{target: ..., title: ...}``."""
    value = data.get("prerequisites", [])
    line = data.line_of("prerequisites")
    where = f"{_META}: prerequisites"
    result = []
    for item in value if isinstance(value, list) else [value]:
        if is_blank(item):
            raise fields.error(line, f"{_META}: 'prerequisites' has an empty item")
        entry = LineDict.of(item if isinstance(item, dict) else {"target": item}, line)
        fields.keys(entry, ("target", "title"), where)
        target = fields.text(entry, "target", where, required=True, multiline=True)
        title = fields.text(entry, "title", where, multiline=True)
        result.append(
            Prerequisite(
                target=one_line(fields.path, target, where, line),
                title=one_line(fields.path, title, where, line) or None,
            )
        )
    return tuple(result)


def _max_output(fields: Fields, data: LineDict) -> OutputLimits | None:
    if "max_output" not in data:
        return None
    try:
        return OutputLimits.parse(data["max_output"])
    except ValueError as exc:
        raise fields.error(
            data.line_of("max_output"),
            f"{_META}: 'max_output' is not a size: {exc}",
            _META_HINTS["max_output"],
        ) from exc


_UNITS = {"duration": "minutes", "timeout": "seconds"}
_META_HINTS = {
    "duration": "give minutes as a number, e.g. 'duration: 20'",
    "timeout": "give seconds as a number, e.g. 'timeout: 300'",
    "order": "e.g. 'order: 1' puts the tutorial first in the index",
    "max_output": "e.g. 'max_output: 2 MB' or 'max_output: {cell: 1 MB, tutorial: 5 MB}'",
}


def execution_key(
    notebook: dict[str, Any],
    kernel: str,
    dependencies: dict[str, str],
    max_output: OutputLimits | None = None,
) -> str:
    """Content-addressed key of everything that can change the outputs.

    Code cells (source and execution-relevant tags), the kernel, the dependency files'
    hashes and the output limits; prose, titles and display-only tags are left out, so
    editing them never re-executes.
    """
    limits = max_output or OutputLimits()
    code = [
        [_cell_text(cell), sorted(set(cell.get("metadata", {}).get("tags", [])) & EXEC_TAGS)]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]
    payload = {
        "version": EXECUTION_KEY_VERSION,
        "kernel": kernel,
        "code": code,
        "dependencies": dependencies,
        "max_output": [limits.cell, limits.tutorial],
    }
    return sha256_bytes(json.dumps(payload, sort_keys=True).encode("utf-8"))
