"""Loading ``paths/*.yml``, one learning path per file, with ``file:line`` errors.

Structural problems are found here (unknown keys with a did-you-mean, a path without steps,
a step given twice, a step that names no kind or two, an external step without a title);
whether each step's target exists is checked by [resolve][eduplat.paths.model.resolve],
which needs the site.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eduplat.errors import SourceError
from eduplat.paths.model import STEP_KINDS, LearningPath, Step, StepKind
from eduplat.yamlutil import Fields, LineDict, load_yaml

__all__ = ["discover_paths", "load_path", "load_paths"]

_PATH_KEYS = ("id", "title", "audience", "description", "language", "steps")
_STEP_KEYS = (*STEP_KINDS, "title", "optional")


def discover_paths(folder: Path) -> list[Path]:
    """Every ``*.yml``/``*.yaml`` in ``folder`` (names starting with ``_`` or ``.`` skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*.y*ml") if p.is_file() and not p.name.startswith(("_", "."))
    )


def load_paths(files: Iterable[Path]) -> list[LearningPath]:
    """Load every path file; ids must be unique across them."""
    paths: list[LearningPath] = []
    seen: dict[str, LearningPath] = {}
    for file in files:
        path = load_path(file)
        if path.id in seen:
            raise SourceError(
                file,
                f"duplicate path id '{path.id}' (also used by {seen[path.id].path.name})",
                line=path.line,
                hint="ids must be unique: they are page URLs and keys of the readers' progress",
            )
        seen[path.id] = path
        paths.append(path)
    return paths


def load_path(file: Path) -> LearningPath:
    """Load and validate one path file."""
    data = load_yaml(file)
    if not isinstance(data, LineDict):
        raise SourceError(
            file,
            "a path file must be a mapping with id, title, audience, description and steps",
            line=1,
            hint="see the 'Learning paths' guide for an example",
        )
    fields = Fields(file)
    fields.keys(data, _PATH_KEYS, "path")
    path_id = fields.slug(data, "id", "path", default=file.stem)
    title = fields.text(data, "title", "path", required=True)
    audience = fields.text(data, "audience", "path", required=True)
    steps_data = data.get("steps")
    if steps_data is None or (isinstance(steps_data, list) and not steps_data):
        raise SourceError(
            file,
            f"path '{path_id}' has no steps",
            line=data.line_of("steps"),
            hint="list its steps under 'steps:', e.g. '- page: guide/index.md'",
        )
    steps_data = fields.listing(steps_data, data.line_of("steps"), "'steps'")
    steps: list[Step] = []
    first: dict[str, int] = {}
    for index, item in enumerate(steps_data):
        step = _step(fields, item, steps_data.line_of(index), index + 1)
        if step.key in first:
            raise SourceError(
                file,
                f"path '{path_id}': step {index + 1} repeats {step.kind} '{step.target}' "
                f"(first at line {first[step.key]})",
                line=step.line,
                hint="a step appears once in a path; remove the repetition",
            )
        first[step.key] = step.line
        steps.append(step)
    return LearningPath(
        id=path_id,
        title=title,
        audience=audience,
        description=fields.text(data, "description", "path", multiline=True),
        language=fields.text(data, "language", "path"),
        steps=tuple(steps),
        path=file,
        line=data.line,
    )


def _step(fields: Fields, item: Any, line: int, number: int) -> Step:
    where = f"step {number}"
    if isinstance(item, str):
        raise fields.error(
            line,
            f"{where}: '{item}' does not say what kind of step it is",
            f"write e.g. '- page: {item}' or '- tutorial: {item}' (kinds: {', '.join(STEP_KINDS)})",
        )
    item = fields.mapping(item, line, where)
    fields.keys(item, _STEP_KEYS, where)
    kinds = [kind for kind in STEP_KINDS if kind in item]
    if len(kinds) != 1:
        found = " and ".join(kinds) if kinds else "none"
        raise fields.error(
            item.line,
            f"{where} must name exactly one of {', '.join(STEP_KINDS)} (found {found})",
            "one step per list item, e.g. '- quiz: blockchain-basics'",
        )
    kind: StepKind = kinds[0]
    target = (
        fields.url(item, kind, where, required=True)
        if kind == "url"
        else fields.text(item, kind, where, required=True)
    )
    title = fields.text(item, "title", where)
    optional = fields.flag(item, "optional", where)
    if kind == "url" and not title:
        raise fields.error(
            item.line,
            f"{where}: an external step needs a 'title'",
            "add e.g. 'title: The Bitcoin white paper'",
        )
    if kind == "page":
        target = target.lstrip("/")
        if not target.endswith(".md"):
            raise fields.error(
                item.line_of("page"),
                f"{where}: page '{target}' is not a Markdown page",
                "give the page's file relative to docs/, e.g. guide/index.md",
            )
    return Step(kind=kind, target=target, title=title, optional=optional, line=item.line_of(kind))
