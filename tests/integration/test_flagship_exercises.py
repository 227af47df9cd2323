"""The flagship tutorials' exercises are real exercises: each has starter code, a check and
a solution; the starter fails its check and the solution passes it.

Each scenario runs the cells before the exercise (as the build does), then the starter
(and the solution), then the check, in a fresh Python process per tutorial: the flagship
tutorials are plain Python (no magics), as in a `python3` kernel.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from eduplat.tutorials import exercises as ex
from eduplat.tutorials.source import discover, parse
from tests.conftest import REPO

pytestmark = pytest.mark.kernel

TUTORIALS = REPO / "tutorials"

DRIVER = """
import contextlib, io, json, sys
results = []
out = sys.stdout
sys.stdout = io.StringIO()  # what the tutorials print is not the result
for scenario in json.load(sys.stdin):
    namespace = {"__name__": "__main__"}
    outcome = None
    for position, cell in enumerate(scenario):
        try:
            exec(compile(cell["code"], f"<cell {position}>", "exec"), namespace)
        except BaseException as exc:
            if cell["raises"]:
                continue
            outcome = {"at": position, "ename": type(exc).__name__, "evalue": str(exc)}
            break
    results.append(outcome)
out.write(json.dumps(results))
"""


def _code(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _cell(cell: dict[str, Any]) -> dict[str, Any]:
    tags = cell.get("metadata", {}).get("tags", [])
    return {"code": _code(cell), "raises": "raises-exception" in tags}


def _scenarios(cells: list[dict[str, Any]], group: ex.ExerciseGroup) -> list[list[dict]]:
    prefix = [
        _cell(c)
        for c in cells[: group.first]
        if c["cell_type"] == "code"
        and "skip-execution" not in c.get("metadata", {}).get("tags", [])
    ]
    assert group.exercise is not None
    starter = [_cell(cells[group.exercise])]
    solutions = [_cell(cells[i]) for i in group.solutions]
    checks = [_cell(cells[i]) for i in group.checks]
    return [prefix + starter + checks, prefix + starter + solutions + checks]


SOURCES = discover(TUTORIALS)


@pytest.mark.parametrize("source", SOURCES, ids=[s.id for s in SOURCES])
def test_each_exercise_has_a_starter_that_fails_and_a_solution_that_passes(source) -> None:
    tutorial = parse(source)
    assert tutorial.meta.solutions == "after-attempt"
    cells = tutorial.notebook["cells"]
    groups = ex.exercise_groups(cells)
    assert len(groups) == 3, f"{source.rel}: expected three exercises"
    for group in groups:
        assert group.exercise is not None, f"{source.rel} exercise {group.number}: no starter"
        assert group.solutions, f"{source.rel} exercise {group.number}: no solution"
        assert group.checks, f"{source.rel} exercise {group.number}: no check"
    scenarios = [s for g in groups for s in _scenarios(cells, g)]
    done = subprocess.run(
        [sys.executable, "-c", DRIVER],
        input=json.dumps(scenarios),
        capture_output=True,
        text=True,
        cwd=TUTORIALS,
        timeout=300,
        check=True,
    )
    results = json.loads(done.stdout)
    for group, starter, solved, scenario in zip(
        groups, results[0::2], results[1::2], scenarios[0::2], strict=True
    ):
        where = f"{source.rel} exercise {group.number}"
        checks_start = len(scenario) - len(group.checks)
        assert starter is not None, f"{where}: the starter code passes its check"
        assert starter["at"] >= checks_start, f"{where}: the starter code fails before the check"
        assert starter["ename"] == "AssertionError", f"{where}: {starter}"
        assert starter["evalue"], f"{where}: a failed check should say what is wrong"
        assert solved is None, f"{where}: the solution fails: {solved}"
