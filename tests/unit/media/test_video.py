"""The video block: YAML → record → HTML, and finding blocks outside code."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.i18n import translator
from eduplat.markers import find_fenced_blocks, replace_fenced_blocks
from eduplat.media.captions import Chapter, Cue
from eduplat.media.load import parse_video_block
from eduplat.media.model import Track, Video
from eduplat.media.providers import player_for
from eduplat.media.render import paragraphs, render_video

VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nHello.\n"


def test_paragraphs_break_at_chapters_and_pauses_and_skip_empty_cues():
    cues = [
        Cue(0, 2, "One."),
        Cue(2, 4, ""),
        Cue(4, 6, "Two"),
        Cue(6, 8, "three."),  # chapter at 6
        Cue(12, 14, "After a pause."),
    ]
    groups = paragraphs(cues, [Chapter(0, "A"), Chapter(6, "B")])
    assert [(p.start, [c.text for c in p.cues]) for p in groups] == [
        (0, ["One.", "Two"]),
        (6, ["three."]),
        (12, ["After a pause."]),
    ]


def test_cue_text_and_titles_are_escaped():
    video = Video(
        src="lecture.webm",
        title='"><script>alert(1)</script>',
        tracks=(
            Track("a.vtt", "en", "<i>English</i>", (Cue(0, 1, "<img src=x onerror=alert(1)>"),)),
        ),
        chapters=(Chapter(0, "<b>bold</b>"),),
    )
    html = render_video(video, translator("en"))
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>bold" not in html
    assert "<i>English" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_players_carry_their_seek_address():
    assert player_for("https://youtu.be/aqz-KE-bpKQ").seek.endswith("?start={t}&autoplay=1")
    assert player_for("https://www.bilibili.com/video/BV1GJ411x7h7").seek.endswith("&t={t}")
    assert player_for("https://vimeo.com/76979871").seek.endswith("#t={t}s")
    assert player_for("https://media.example.org/talk.mp4").seek == ""


def test_a_bare_link_is_enough(tmp_path):
    video = parse_video_block("https://vimeo.com/76979871\n", tmp_path / "p.md", 4, tmp_path)
    assert video.src == "https://vimeo.com/76979871"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("title: no source\n", 6, "video: 'src' is missing"),
        (
            "src: a.webm\ntitle: [oops\n",
            8,
            (
                "YAML syntax error: while parsing a flow sequence (started at line 7): "
                "expected ',' or ']', but got '<stream end>'"
            ),
        ),
        ("src: a.webm\ncaptions: [{src: a.vtt}]\n", 7, "video, caption 1: 'lang' is missing"),
        (
            "src: a.webm\ncaptions: [{src: a.vtt, lang: 'en us'}]\n",
            7,
            "video, caption 1: 'lang' is not a language code: 'en us'",
        ),
        (
            "src: a.webm\ncaptions: [{src: a.srt, lang: en}]\n",
            7,
            "video, caption 1: 'src' is not a WebVTT (.vtt) file: 'a.srt'",
        ),
        (
            "src: a.webm\ncaptions:\n  - {src: a.vtt, lang: en}\n  - {src: a.vtt, lang: en}\n",
            9,
            "video, caption 2: 'lang' 'en' already has a caption file",
        ),
        ("src: a.webm\ncaptions: 3\n", 7, "video: 'captions' must be a list"),
        ("src: a.webm\ncaptions: [3]\n", 7, "video, caption 1 must be a mapping of keys to values"),
        (
            "src: a.webm\ncaptions: {src: a.vtt, lang: en, lable: x}\n",
            7,
            "video, caption 1: unknown key 'lable'",
        ),
        (
            "src: a.webm\nchapters: ['soon Intro']\n",
            7,
            "video, chapter 1: 'soon Intro' is not 'time title'",
        ),
        (
            "src: a.webm\nchapters:\n  - 0:00 A\n  - 0:00 B\n",
            9,
            "video, chapter 2: starts at 0:00, not after chapter 1",
        ),
        (
            "src: a.webm\nchapters: 12\n",
            7,
            "video: 'chapters' must be a WebVTT file or a list of 'time title'",
        ),
        ('src: a.webm\ntitle: "a\\nb"\n', 7, "video: title must be one line"),
        (
            "- a\n- b\n",
            5,
            (
                "video: the block must be a link or YAML keys "
                "(src, url, title, captions, chapters, poster, slides)"
            ),
        ),
        (
            "src: a.webm\nslides: javascript:alert(1)\n",
            7,
            "video: 'slides' must be an http(s) link or a path, not a javascript: address",
        ),
        (
            "src: 'data:text/html,x'\n",
            6,
            "video: 'src' must be an http(s) link or a path, not a data: address",
        ),
    ],
)
def test_block_errors_name_the_page_line(tmp_path, body, line, message):
    (tmp_path / "a.vtt").write_text(VTT, "utf-8")
    with pytest.raises(SourceError) as caught:
        parse_video_block(body, tmp_path / "page.md", 5, tmp_path)
    assert caught.value.path == tmp_path / "page.md"
    assert caught.value.line == line
    assert caught.value.message == message


def test_an_unknown_key_suggests_the_known_one(tmp_path):
    with pytest.raises(SourceError) as caught:
        parse_video_block("src: a.webm\ncaption: a.vtt\n", tmp_path / "page.md", 5, tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'page.md'}:7: video: unknown key 'caption' — did you mean 'captions'?"
    )


def test_a_missing_caption_file_is_an_error_at_the_line_naming_it(tmp_path):
    body = "src: a.webm\ncaptions: [{src: gone.vtt, lang: en}]\n"
    with pytest.raises(SourceError) as caught:
        parse_video_block(body, tmp_path / "page.md", 5, tmp_path)
    assert caught.value.path == tmp_path / "page.md"
    assert caught.value.line == 7
    assert caught.value.message == f"caption file '{tmp_path / 'gone.vtt'}' does not exist"


def test_one_caption_mapping_and_a_chapter_list_are_accepted(tmp_path):
    (tmp_path / "a.vtt").write_text(VTT, "utf-8")
    video = parse_video_block(
        "src: a.webm\ncaptions: {src: a.vtt, lang: en, label: English}\nchapters: ['0:00 A']\n",
        tmp_path / "page.md",
        1,
        tmp_path,
    )
    assert [(t.src, t.lang, t.label) for t in video.tracks] == [("a.vtt", "en", "English")]
    assert video.chapters == (Chapter(0.0, "A"),)


def test_blocks_inside_code_stay_text():
    markdown = (
        "```video\nsrc: a.webm\n```\n\n"
        "````markdown\n```video\nsrc: shown.webm\n```\n````\n\n"
        "!!! note\n\n    ```video\n    src: b.webm\n    ```\n\n"
        "    Code:\n\n        ```video\n        src: code.webm\n        ```\n\n"
        "```videos\nsrc: other\n```\n"
    )
    blocks = find_fenced_blocks(markdown, "video")
    assert [(b.line, b.body, b.indent) for b in blocks] == [
        (1, "src: a.webm\n", 0),
        (13, "src: b.webm\n", 4),
    ]
    replaced = replace_fenced_blocks(markdown, "video", lambda b: "<div>\nX\n</div>")
    assert replaced.startswith("<div>\nX\n</div>\n")
    assert "    <div>\n    X\n    </div>\n" in replaced
    assert "src: shown.webm" in replaced
    assert "src: code.webm" in replaced


def test_an_unclosed_block_runs_to_the_end():
    blocks = find_fenced_blocks("text\n\n```video\nsrc: a.webm\n", "video")
    assert [(b.line, b.body) for b in blocks] == [(3, "src: a.webm\n")]


def test_paths_are_kept_as_written(tmp_path):
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "a.vtt").write_text(VTT, "utf-8")
    video = parse_video_block(
        "src: media/a.webm\ncaptions: [{src: media/a.vtt, lang: en}]\n",
        Path("page.md"),
        1,
        tmp_path,
    )
    assert video.tracks[0].src == "media/a.vtt"
    assert video.tracks[0].cues == (Cue(0.0, 2.0, "Hello.", 3),)
