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
from typing import TYPE_CHECKING, Any

from eduplat.errors import SourceError, did_you_mean
from eduplat.textio import read_text
from eduplat.tutorials.imports import jupyter_imports
from eduplat.tutorials.model import (
    EXEC_TAGS,
    SOURCE_SUFFIXES,
    OutputLimits,
    TutorialMeta,
    TutorialSource,
)
from eduplat.yamlutil import LineDict, is_blank, load_yaml, one_line

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

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


def validate_meta(
    source: TutorialSource,
    raw: dict[str, Any],
    *,
    ignore_unknown: bool = False,
    line_of: Any = None,
) -> TutorialMeta:
    """Validate raw metadata with pydantic; errors name the file, line and field."""
    import pydantic

    def fail(key: str, message: str, hint: str | None = None) -> SourceError:
        line = line_of(key) if line_of else None
        return SourceError(source.path, message, line=line, hint=hint)

    values = dict(raw)
    for key in list(values):
        if key in _META_KEYS:
            continue
        if key == "jupyter" or ignore_unknown:
            values.pop(key)
            continue
        suggestion = did_you_mean(key, _META_KEYS)
        raise fail(
            key,
            f"unknown tutorial metadata '{key}'",
            suggestion or f"known keys: {', '.join(sorted(_META_KEYS))}",
        )
    _check_text(source, values, fail, line_of)
    prerequisites = values.get("prerequisites")
    if isinstance(prerequisites, list):
        values["prerequisites"] = [
            {"target": p} if isinstance(p, str) else p for p in prerequisites
        ]
    for key in ("tags", "dependencies"):
        if isinstance(values.get(key), str):
            values[key] = [values[key]]
    if "max_output" in values:
        try:
            values["max_output"] = OutputLimits.parse(values["max_output"])
        except ValueError as exc:
            raise fail("max_output", f"invalid tutorial metadata 'max_output': {exc}") from exc
    if isinstance(values.get("duration"), str):
        match = re.fullmatch(r"\s*(\d+)\s*(min|mins|minutes|m)?\s*", values["duration"])
        if match:
            values["duration"] = int(match.group(1))
    try:
        meta = pydantic.TypeAdapter(TutorialMeta).validate_python(values, strict=False)
    except pydantic.ValidationError as exc:
        error = exc.errors()[0]
        key = str(error["loc"][0]) if error["loc"] else "metadata"
        field = ".".join(str(part) for part in error["loc"])
        raise fail(
            key,
            f"invalid tutorial metadata '{field}': {error['msg']}",
            _META_HINTS.get(key, "see the tutorial metadata reference in the manual"),
        ) from exc
    for name, value in (("duration", meta.duration), ("timeout", meta.timeout)):
        if value is not None and value <= 0:
            raise fail(name, f"'{name}' must be a positive number of {_UNITS[name]}")
    return meta


# Metadata that lands on one line: the page's '# title', nav, index cards, kernel names.
_ONE_LINE = ("title", "kernel", "level", "tags", "prerequisites", "dependencies")


def _check_text(
    source: TutorialSource,
    values: dict[str, Any],
    fail: Callable[..., SourceError],
    line_of: Callable[[str], int] | None,
) -> None:
    """An empty value is an error (leave the key out for the default); one-line fields
    hold no line break."""
    for key, value in values.items():
        if is_blank(value):
            raise fail(
                key, f"tutorial metadata '{key}' is empty", "remove the line to use the default"
            )
        items = value if isinstance(value, list) else [value]
        for item in items:
            texts = list(item.values()) if isinstance(item, dict) else [item]
            if key in ("tags", "prerequisites", "dependencies") and any(is_blank(t) for t in texts):
                raise fail(key, f"tutorial metadata '{key}' has an empty item")
            if key in _ONE_LINE:
                for text in texts:
                    if isinstance(text, str):
                        one_line(source.path, text, key, line_of(key) if line_of else None)


_UNITS = {"duration": "minutes", "timeout": "seconds"}
_META_HINTS = {
    "run_in_page": "use 'run_in_page: pyodide', or 'false' to turn it off for this tutorial",
    "level": "use one of: beginner, intermediate, advanced",
    "duration": "give minutes as a number, e.g. 'duration: 20'",
    "prerequisites": "a list of tutorial ids, manual pages (guide/x.md) or URLs",
    "tags": "a list of words, e.g. 'tags: [hashing, security]'",
    "timeout": "give seconds as a number, e.g. 'timeout: 300'",
    "dependencies": "a list of files or globs relative to the tutorial, e.g. [data/*.csv]",
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
