"""Video lessons through real builds: the ```video block, caption files in the site,
transcripts in the page HTML, errors at the page's line, webinar recordings' captions."""

from __future__ import annotations

import re

from click.testing import CliRunner

from eduplat.cli import cli

EN = """\
WEBVTT

00:00.000 --> 00:03.000
A Merkle proof shows <b>one</b> leaf belongs.

00:03.000 --> 00:06.000
Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt;
"""
ZH = """\
WEBVTT

00:00.000 --> 00:03.000
默克尔证明表明一个叶子属于这棵树。
"""
LESSON = """\
# Lesson

Before.

```video
src: media/lecture.webm
title: What a Merkle proof proves
poster: media/poster.png
captions:
  - {src: media/lecture.en.vtt, lang: en, label: English}
  - {src: media/lecture.zh.vtt, lang: zh, label: 中文}
chapters:
  - "0:00 Leaves"
  - "0:03 Chips"
```

After.

````markdown
```video
src: media/not-embedded.webm
```
````
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


def lesson_site(make_site, chdir, lesson=LESSON, **extra):
    config = make_site(
        {
            "docs/lesson.md": lesson,
            "docs/media/lecture.en.vtt": EN,
            "docs/media/lecture.zh.vtt": ZH,
            **extra,
        }
    )
    (config.parent / "docs" / "media" / "lecture.webm").write_bytes(
        b"\x1aE\xdf\xa3 not a real video"
    )
    (config.parent / "docs" / "media" / "poster.png").write_bytes(b"\x89PNG")
    chdir(config.parent)
    return config.parent


def test_video_block_in_a_manual_page(make_site, chdir):
    root = lesson_site(make_site, chdir)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (root / "site" / "lesson" / "index.html").read_text()
    assert page.index("Before.") < page.index("data-eduplat-video") < page.index("After.")
    assert '<source src="../media/lecture.webm">' in page
    assert 'poster="../media/poster.png"' in page
    assert (
        '<track kind="captions" src="../media/lecture.en.vtt" srclang="en" label="English" default>'
        in page
    )
    assert 'srclang="zh" label="中文">' in page
    # The transcript is in the page (search indexes it), as text: no markup passes through.
    assert "A Merkle proof shows one leaf belongs." in page
    assert "Fish &amp; chips &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert "默克尔证明表明一个叶子属于这棵树。" in page
    assert re.search(
        r'<button type="button" class="eduplat-seek" data-time="3"[^>]*>0:03</button> Chips', page
    )
    # The example inside a fence stays text.
    assert "src: media/not-embedded.webm" in page
    assert page.count("data-eduplat-video") == 1
    assert 'src="../assets/eduplat/media.js"' in page
    assert (root / "site" / "assets" / "eduplat" / "media.js").is_file()
    assert (root / "site" / "media" / "lecture.en.vtt").read_text() == EN


def test_bad_yaml_in_a_video_block_names_the_page_line(make_site, chdir):
    lesson_site(
        make_site, chdir, "# L\n\n```video\nsrc: media/lecture.webm\ntitle: [unclosed\n```\n"
    )
    result = run("build")
    assert result.exit_code == 1
    assert "lesson.md:6" in result.output or "lesson.md:5" in result.output, result.output
    assert "YAML syntax error" in result.output
    assert "Traceback" not in result.output


def test_unknown_key_suggests_the_right_one(make_site, chdir):
    lesson_site(make_site, chdir, "# L\n\n```video\nsrc: media/lecture.webm\ncaption: x.vtt\n```\n")
    result = run("build")
    assert result.exit_code == 1
    assert "lesson.md:5: video: unknown key 'caption'" in result.output
    assert "did you mean 'captions'?" in result.output


def test_a_missing_caption_file_stops_the_build(make_site, chdir):
    lesson = "# L\n\n```video\nsrc: media/lecture.webm\ncaptions: [{src: media/gone.vtt, lang: en}]\n```\n"
    root = lesson_site(make_site, chdir, lesson)
    result = run("build")
    assert result.exit_code == 1
    assert "lesson.md:5: caption file" in result.output
    assert "gone.vtt' does not exist" in result.output
    assert not (root / "site" / "lesson").exists()


def test_a_malformed_caption_file_is_reported_at_its_line(make_site, chdir):
    broken = EN.replace("00:03.000 --> 00:06.000", "00:03.000 --> 00:0x.000")
    lesson_site(make_site, chdir, **{"docs/media/lecture.en.vtt": broken})
    result = run("build")
    assert result.exit_code == 1
    assert "lecture.en.vtt:6: malformed cue timings '00:03.000 --> 00:0x.000'" in result.output


def test_a_youtube_video_is_click_to_load(make_site, chdir):
    lesson = (
        "# L\n\n```video\nsrc: https://youtu.be/aqz-KE-bpKQ\nchapters: ['0:00 A', '1:30 B']\n```\n"
    )
    root = lesson_site(make_site, chdir, lesson)
    assert run("build", "--strict").exit_code == 0
    page = (root / "site" / "lesson" / "index.html").read_text()
    assert "<iframe" not in page
    assert 'data-src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"' in page
    assert (
        'data-seek="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start={t}&amp;autoplay=1"'
        in page
    )
    notice = page.index("This video is hosted by YouTube")
    assert notice < page.index("Play on YouTube")


SCHEDULE = """\
timezone: Europe/Berlin
sessions:
  - id: talk
    title: Merkle talk
    start: 2026-01-20 15:00
    duration: 60
    recording: https://vimeo.com/76979871
    captions:
      - {src: captions/talk.en.vtt, lang: en}
    chapters: ["0:00 Start", "0:03 Middle"]
"""


def test_webinar_recording_with_captions(make_site, chdir):
    root = lesson_site(
        make_site,
        chdir,
        "# L\n",
        **{"webinars.yml": SCHEDULE, "captions/talk.en.vtt": EN},
    )
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (root / "site" / "webinars" / "talk" / "index.html").read_text()
    assert "A Merkle proof shows one leaf belongs." in page
    assert 'data-seek="https://player.vimeo.com/video/76979871#t={t}s"' in page
    assert (root / "site" / "webinars" / "media" / "captions" / "talk.en.vtt").is_file()


def test_webinar_caption_file_missing(make_site, chdir):
    lesson_site(make_site, chdir, "# L\n", **{"webinars.yml": SCHEDULE})
    result = run("build")
    assert result.exit_code == 1
    assert "webinars.yml:8: caption file 'captions/talk.en.vtt' does not exist" in result.output, (
        result.output
    )
