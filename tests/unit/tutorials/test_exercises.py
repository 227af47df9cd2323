"""Exercise groups and the student downloads (pure functions, no kernel)."""

from __future__ import annotations

from typing import Any

from eduplat.tutorials.exercises import (
    STUB,
    exercise_groups,
    student_notebook,
    student_percent,
)


def code(source: str, *tags: str) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "source": source,
        "metadata": {"tags": list(tags)},
        "outputs": [{"output_type": "stream", "name": "stdout", "text": "out"}],
        "execution_count": 1,
    }


CELLS = [
    code("x = 1"),
    code("def f(): return 0", "exercise"),
    {"cell_type": "markdown", "source": "Hint", "metadata": {}},
    code("def f(): return SECRET_A", "solution"),
    code("assert f() == 1, 'f should return 1'", "check"),
    code("y = 2"),
    code("SECRET_B = 3", "solution"),
    code("assert SECRET_B == 3", "check"),
]


def test_groups_follow_exercise_solution_check_order() -> None:
    groups = exercise_groups(CELLS)
    assert [(g.number, g.exercise, g.solutions, g.checks) for g in groups] == [
        (1, 1, [3], [4]),
        (2, None, [6], [7]),
    ]


def test_student_notebook_has_no_solution_source_or_outputs() -> None:
    student = student_notebook({"cells": CELLS, "metadata": {}})
    text = repr(student)
    assert "SECRET_A" not in text
    assert "return SECRET_A" not in text
    sources = [c["source"] for c in student["cells"]]
    assert STUB in sources  # the solution without a starter became a stub
    assert "assert f() == 1, 'f should return 1'" in sources  # checks stay
    exercise = student["cells"][1]
    assert exercise["outputs"] == []
    assert student["cells"][0]["outputs"]  # ordinary cells keep theirs
    assert CELLS[3]["source"] == "def f(): return SECRET_A"  # input untouched


def test_student_percent_script_drops_solutions() -> None:
    text = (
        "# %%\nx = 1\n\n"
        '# %% tags=["exercise"]\ndef f():\n    return 0\n\n'
        "# %% [markdown]\n# Hint\n\n"
        '# %% tags=["solution"]\ndef f():\n    return SECRET_A\n\n'
        '# %% tags=["check"]\nassert f() == 1\n\n'
        "# %%\ny = 2\n\n"
        '# %% tags=["solution"]\nSECRET_B = 3\n'
    )
    student = student_percent(text)
    assert "SECRET_A" not in student
    assert "SECRET_B = 3" not in student
    assert "assert f() == 1" in student
    assert "# Hint" in student
    assert '# %% tags=["solution"]\n' + STUB in student
