"""Captions: real WebVTT files (webvtt-py's own test corpus, in ../shared) and the
``file:line: what — how`` message for each way a file goes wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.media.captions import (
    Cue,
    chapters_from_lines,
    format_time,
    parse_captions,
    parse_time,
    read_captions,
)
from eduplat.yamlutil import LineList
from tests.conftest import SHARED

CAPTIONS = SHARED / "captions"
needs_corpus = pytest.mark.skipif(
    not CAPTIONS.is_dir(), reason="../shared acceptance inputs are absent"
)


@needs_corpus
@pytest.mark.parametrize(
    ("name", "line", "what", "how"),
    [
        ("empty.vtt", 1, "not a WebVTT file", "start the file with a line 'WEBVTT'"),
        ("invalid.vtt", 1, "not a WebVTT file", "start the file with a line 'WEBVTT'"),
        (
            "invalid_timeframe.vtt",
            6,
            "malformed cue timings '00:00:07.000 --> 00:00:1d.890'",
            "write times as hh:mm:ss.ttt",
        ),
        (
            "invalid_timeframe_in_cue_text.vtt",
            7,
            "a second timings line in one cue",
            "an empty line before the next timings line",
        ),
        ("youtube_dl.vtt", 19, "a second timings line in one cue", "an empty line"),
        ("missing_timeframe.vtt", 6, "text without a timings line", "add 'start --> end'"),
        (
            "netflix_chicas_del_cable.vtt",
            18,
            "a cue starts with a line of spaces",
            "make that line empty",
        ),
    ],
)
def test_malformed_files_are_reported_at_their_line(name, line, what, how):
    with pytest.raises(SourceError) as caught:
        read_captions(CAPTIONS / name)
    error = caught.value
    assert (error.path.name, error.line) == (name, line)
    assert what in error.message
    assert how in (error.hint or "")
    assert str(error).startswith(f"{error.location}: ")


@needs_corpus
@pytest.mark.parametrize(
    ("name", "count", "first"),
    [
        ("sample.vtt", 16, Cue(0.5, 7.0, "Caption text #1", 3)),
        ("captions_with_bom.vtt", 4, Cue(0.5, 7.0, "Caption text #1", 3)),
        ("using_identifiers.vtt", 6, Cue(0.5, 7.0, "Caption text #1", 3)),
        ("metadata_headers_multiline.vtt", 2, Cue(0.5, 7.0, "Caption text #1", 9)),
        ("styles.vtt", 1, Cue(0.0, 10.0, "- Hello world.", 14)),
        ("cue_tags.vtt", 3, Cue(16.5, 18.5, "When the moon hits your eye", 3)),
        ("no_captions.vtt", 0, None),
    ],
)
def test_valid_files_give_their_cues_as_text(name, count, first):
    cues = read_captions(CAPTIONS / name)
    assert len(cues) == count
    if first is not None:
        assert cues[0] == first


@needs_corpus
def test_inline_tags_do_not_survive_in_cue_text():
    cues = read_captions(CAPTIONS / "cue_tags.vtt")
    assert cues[2].text == "That's amore"  # <00:00:21.000><c.colorE5E5E5>amore</c>


def test_character_references_are_decoded_to_text(tmp_path):
    cues = parse_captions(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Fish &amp; chips &lt;script&gt;\n",
        tmp_path / "a.vtt",
    )
    assert cues[0].text == "Fish & chips <script>"  # text; the renderer escapes it


def test_a_cue_that_ends_before_it_starts(tmp_path):
    with pytest.raises(SourceError) as caught:
        parse_captions("WEBVTT\n\n00:05.000 --> 00:02.000\nBackwards\n", tmp_path / "b.vtt")
    assert caught.value.line == 3
    assert "ends (00:00:02.000) before it starts (00:00:05.000)" in caught.value.message


def test_a_missing_file_is_an_error_where_it_is_named(tmp_path):
    page = tmp_path / "page.md"
    with pytest.raises(SourceError) as caught:
        read_captions(tmp_path / "nope.vtt", cited=(page, 12))
    assert (caught.value.path, caught.value.line) == (page, 12)
    assert "nope.vtt' does not exist" in caught.value.message


def test_times():
    assert format_time(75.4) == "1:15"
    assert format_time(3725) == "1:02:05"
    assert parse_time("1:15") == 75
    assert parse_time("01:02:05.5") == 3725.5
    assert parse_time("75") == 75
    assert parse_time("1:75") is None
    assert parse_time("soon") is None


def test_chapters_from_a_list(tmp_path):
    chapters = chapters_from_lines(["0:00 Intro", "1:15 Why proofs are short"], tmp_path, 4, "v")
    assert [(c.start, c.title) for c in chapters] == [(0, "Intro"), (75, "Why proofs are short")]
    with pytest.raises(SourceError) as caught:
        chapters_from_lines(["0:00 Intro", "later Outro"], tmp_path, 4, "video")
    assert (caught.value.line, caught.value.message) == (
        4,
        "video, chapter 2: 'later Outro' is not 'time title'",
    )
    items = LineList(["1:00 B", "0:30 A"])
    items.line, items.item_lines = 4, [5, 6]
    with pytest.raises(SourceError) as caught:
        chapters_from_lines(items, tmp_path, 4, "session 'a'")
    assert (caught.value.line, caught.value.message) == (
        6,
        "session 'a', chapter 2: starts at 0:30, not after chapter 1",
    )


def test_corpus_location_is_beside_the_repository():
    # The skip above is only for a checkout without ../shared, never for a moved corpus.
    assert Path(__file__).resolve().parents[3].parent / "shared" / "acceptance" / "inputs" == (
        SHARED
    )
