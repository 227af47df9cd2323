"""The output budget: what a running tutorial keeps, per cell and in all."""

from __future__ import annotations

import pytest

from eduplat.tutorials.execute import CUT_KEY, OutputBudget
from eduplat.tutorials.model import OutputLimits, parse_size


def stream(budget: OutputBudget, text: str, cell: int = 0):
    return budget.admit("stream", {"name": "stdout", "text": text}, cell)


def test_a_stream_is_cut_at_the_cell_limit_and_the_rest_is_dropped_and_counted():
    budget = OutputBudget(OutputLimits(cell=10, tutorial=100))
    assert stream(budget, "abcdef")["text"] == "abcdef"
    assert stream(budget, "ghijklmn")["text"] == "ghij"
    for _ in range(1000):
        assert stream(budget, "x" * 1000) is None
    assert budget.cut == {0: 4 + 1000 * 1000}


def test_the_tutorial_limit_spans_cells():
    budget = OutputBudget(OutputLimits(cell=10, tutorial=15))
    assert stream(budget, "a" * 10, cell=1)["text"] == "a" * 10
    assert stream(budget, "b" * 10, cell=3)["text"] == "b" * 5
    assert stream(budget, "c", cell=4) is None
    assert budget.cut == {3: 5, 4: 1}


def test_one_huge_line_keeps_its_start_without_splitting_a_character():
    budget = OutputBudget(OutputLimits(cell=7, tutorial=100))
    kept = stream(budget, "ab数据数据")["text"]  # each 数/据 is three bytes
    assert kept == "ab数"
    assert budget.cut == {0: 14 - 5}


def test_a_huge_result_keeps_the_start_of_its_text_form_only():
    budget = OutputBudget(OutputLimits(cell=100, tutorial=100))
    content = {"data": {"text/plain": "'" + "z" * 1000 + "'", "text/html": "<b>z</b>"}}
    kept = budget.admit("execute_result", content, 0)
    assert kept["data"] == {"text/plain": "'" + "z" * 99}
    image = {"data": {"image/png": "A" * 500}, "metadata": {}}
    assert budget.admit("display_data", image, 0) is None


def test_clearing_output_frees_the_cell_budget():
    # A progress display that clears and redraws itself must not run out of budget.
    budget = OutputBudget(OutputLimits(cell=10, tutorial=1000))
    for _ in range(50):
        assert budget.admit("clear_output", {"wait": True}, 0) is not None
        assert stream(budget, "12345678")["text"] == "12345678"
    for _ in range(50):
        budget.admit("clear_output", {"wait": False}, 0)
        assert stream(budget, "12345678")["text"] == "12345678"
    assert budget.cut == {}


def test_an_error_is_always_kept_shortened():
    budget = OutputBudget(OutputLimits(cell=10, tutorial=10))
    assert stream(budget, "x" * 10)["text"] == "x" * 10
    error = {"ename": "ValueError", "evalue": "v" * 10_000, "traceback": ["frame"] * 100}
    kept = budget.admit("error", error, 0)
    assert kept["ename"] == "ValueError"
    assert len(kept["evalue"]) < 10_000
    assert len(kept["traceback"]) < 100
    assert budget.cut[0] > 0


def test_messages_without_output_pass_and_updates_past_the_limit_are_dropped():
    budget = OutputBudget(OutputLimits(cell=10, tutorial=10))
    status = {"execution_state": "idle"}
    assert budget.admit("status", status, 0) is status
    assert budget.admit("update_display_data", {"data": {"text/plain": "x" * 50}}, 0) is None


def test_cut_notes_say_how_much_in_the_notebook():
    budget = OutputBudget(OutputLimits(cell=3, tutorial=100))
    stream(budget, "abcdefgh", cell=1)
    cells = [{"cell_type": "markdown"}, {"cell_type": "code", "outputs": []}]
    budget.add_cut_notes(cells)
    (note,) = cells[1]["outputs"]
    assert note["metadata"][CUT_KEY] == {"output_cut": 5}
    assert "5 B of output cut" in note["data"]["text/plain"]
    assert "max_output: cell 3 B, tutorial 100 B" in note["data"]["text/plain"]


@pytest.mark.parametrize(
    ("text", "size"),
    [("2 MB", 2_000_000), ("500kB", 500_000), ("1 MiB", 1_048_576), (4096, 4096)],
)
def test_sizes(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("bad", [0, -5, True, "lots", "2 TB", 1.5, None])
def test_bad_sizes_say_what_a_size_looks_like(bad):
    with pytest.raises(ValueError, match="expected a size such as '2 MB'"):
        parse_size(bad)


def test_limits_from_a_size_or_a_mapping():
    assert OutputLimits.parse("3 MB") == OutputLimits(cell=3_000_000, tutorial=3_000_000)
    assert OutputLimits.parse({"cell": "1 MB"}) == OutputLimits(cell=1_000_000)
    with pytest.raises(ValueError, match="unknown key 'cells'"):
        OutputLimits.parse({"cells": "1 MB"})
