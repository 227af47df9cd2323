"""Exercises in tutorials: which cells are exercises, solutions and checks.

Pure functions of notebook JSON data (no MkDocs, no nbformat), so they run on the warm
path too. The build executes the *full* notebook (solutions included); what readers get
is derived from it here:

- [student_notebook][eduplat.tutorials.exercises.student_notebook]: the ``.ipynb``
  download, without solution source or outputs (check cells kept so asserts run locally);
- [exercise_groups][eduplat.tutorials.exercises.exercise_groups]: an ``exercise`` cell,
  the ``solution`` and ``check`` cells that follow it, for the page and its appendix.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "EXERCISE_TAGS",
    "SOLUTION_MODES",
    "STUB",
    "ExerciseGroup",
    "SolutionMode",
    "cell_role",
    "exercise_groups",
    "has_exercises",
    "solutions_notebook",
    "student_notebook",
    "student_percent",
]

#: Cell tags for exercises (Jupyter Book style names).
EXERCISE_TAGS = frozenset({"exercise", "solution", "check"})

SolutionMode = Literal["reveal", "after-attempt", "appendix", "omit"]
SOLUTION_MODES: tuple[SolutionMode, ...] = ("reveal", "after-attempt", "appendix", "omit")

#: What replaces a solution that has no exercise (starter) cell before it.
STUB = "# your code here\n"


def _tags(cell: dict[str, Any]) -> set[str]:
    tags = cell.get("metadata", {}).get("tags", [])
    return set(tags) if isinstance(tags, list) else set()


def cell_role(cell: dict[str, Any]) -> str | None:
    """``exercise``, ``solution``, ``check`` or None for an ordinary cell.

    A cell with several exercise tags takes the most secret one (check, then solution).
    """
    if cell.get("cell_type") != "code":
        return None
    tags = _tags(cell)
    for role in ("check", "solution", "exercise"):
        if role in tags:
            return role
    return None


@dataclass
class ExerciseGroup:
    """One exercise: its number (1-based, in page order) and the indexes of its cells.

    Attributes:
        number: 1 for the page's first exercise.
        exercise: Index of the starter cell, or None when a solution has no starter.
        solutions: Indexes of the solution cells.
        checks: Indexes of the check cells.
    """

    number: int
    exercise: int | None = None
    solutions: list[int] = field(default_factory=list)
    checks: list[int] = field(default_factory=list)

    @property
    def first(self) -> int:
        """Index of the group's first cell."""
        return min([i for i in (self.exercise, *self.solutions, *self.checks) if i is not None])


def exercise_groups(cells: list[dict[str, Any]]) -> list[ExerciseGroup]:
    """Group exercise, solution and check cells.

    A group starts at an ``exercise`` cell (or at a ``solution``/``check`` cell that no
    group is open for) and takes the ``solution`` and ``check`` cells after it; a
    Markdown cell between them does not close it, any other code cell does.
    """
    groups: list[ExerciseGroup] = []
    current: ExerciseGroup | None = None
    for index, cell in enumerate(cells):
        role = cell_role(cell)
        if role is None:
            if cell.get("cell_type") == "code":
                current = None
            continue
        if role == "exercise" or current is None:
            current = ExerciseGroup(number=len(groups) + 1)
            groups.append(current)
        if role == "exercise":
            current.exercise = index
        elif role == "solution":
            current.solutions.append(index)
        else:
            current.checks.append(index)
    return groups


def has_exercises(notebook: dict[str, Any]) -> bool:
    """Whether any cell is tagged ``exercise``, ``solution`` or ``check``."""
    return any(cell_role(cell) for cell in notebook.get("cells", []))


def _clear(cell: dict[str, Any]) -> dict[str, Any]:
    cell = copy.deepcopy(cell)
    cell["outputs"] = []
    cell["execution_count"] = None
    return cell


def student_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook students download: no solution source and no solution outputs.

    Solution cells after an exercise are dropped (the exercise's starter code takes their
    place); a solution with no starter becomes a ``# your code here`` stub. Exercise and
    check cells keep their source with outputs cleared (their outputs came from running
    the solution). Cell ids stay stable.
    """
    cells = notebook.get("cells", [])
    groups = exercise_groups(cells)
    drop: set[int] = set()
    stub: set[int] = set()
    clear: set[int] = set()
    for group in groups:
        if group.exercise is None and group.solutions:
            stub.add(group.solutions[0])
            drop.update(group.solutions[1:])
        else:
            drop.update(group.solutions)
        if group.exercise is not None:
            clear.add(group.exercise)
        clear.update(group.checks)
    out = []
    for index, cell in enumerate(cells):
        if index in drop:
            continue
        if index in stub:
            cell = _clear(cell)
            cell["source"] = STUB
            tags = [t for t in cell.get("metadata", {}).get("tags", []) if t != "solution"]
            cell["metadata"] = {**cell.get("metadata", {}), "tags": [*tags, "exercise"]}
        elif index in clear:
            cell = _clear(cell)
        out.append(cell)
    return {**notebook, "cells": out}


def solutions_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The full notebook (solutions included), for ``<name>-solutions.ipynb``."""
    return copy.deepcopy(notebook)


_PERCENT = re.compile(r"^# %%(?P<rest>.*)$")
_TAGS = re.compile(r"tags=(\[[^\]]*\])")


def _percent_role(header: str) -> str | None:
    match = _TAGS.search(header)
    if match is None:
        return None
    try:
        tags = set(json.loads(match.group(1)))
    except ValueError:
        return None
    for role in ("check", "solution", "exercise"):
        if role in tags:
            return role
    return None


def student_percent(text: str) -> str:
    """The jupytext percent script students download: same rule as the notebook.

    Cells start at ``# %%`` lines; a ``solution`` cell after an exercise is dropped, one
    without a starter keeps its header with a ``# your code here`` body.
    """
    lines = text.splitlines(keepends=True)
    chunks: list[list[str]] = [[]]
    for line in lines:
        if _PERCENT.match(line):
            chunks.append([])
        chunks[-1].append(line)
    out: list[str] = []
    open_group = False
    starter = False
    for chunk in chunks:
        header = chunk[0] if chunk and _PERCENT.match(chunk[0]) else ""
        is_code = bool(header) and "[markdown]" not in header and "[raw]" not in header
        role = _percent_role(header) if is_code else None
        if role == "exercise":
            open_group, starter = True, True
        elif role in ("solution", "check") and not open_group:
            open_group, starter = True, False
        elif role is None and is_code:
            open_group = starter = False
        if role == "solution":
            if starter:
                continue
            starter = True  # later solution cells of this exercise are dropped
            out.extend([header, STUB, "\n"])
            continue
        out.extend(chunk)
    return "".join(out)
