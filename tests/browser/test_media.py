"""Video lessons in Chromium, with navigation.instant on and off (one small site each):
nothing leaves 127.0.0.1 before a click, a site file plays and seeks from its transcript,
an iframe is reloaded at a chapter's time, search finds spoken words, captions switch."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import textwrap
import threading
from collections.abc import Iterator

import pytest

from eduplat import site as site_api
from tests.conftest import REPO

pytestmark = pytest.mark.browser

LECTURE = REPO / "docs" / "developers" / "media" / "merkle-proof"
MKDOCS = """\
site_name: Video test
site_url: {url}
theme:
  name: material
  font: false
  features: [{features}]
plugins:
  - search
  - eduplat
"""
PAGES = {
    "index.md": "# Home\n\n[The lesson](lesson.md)\n\n[Hosted videos](hosted.md)\n",
    "lesson.md": """\
        # The lesson

        ```video
        src: media/lecture.webm
        title: What a Merkle proof proves
        captions:
          - {src: media/lecture.en.vtt, lang: en, label: English}
          - {src: media/lecture.zh.vtt, lang: zh, label: 中文}
        chapters: media/chapters.vtt
        ```
        """,
    "hosted.md": """\
        # Hosted videos

        ```video
        src: https://www.youtube.com/watch?v=aqz-KE-bpKQ
        title: On YouTube
        chapters: ["0:00 Start", "1:30 Middle"]
        ```

        ```video
        src: https://www.bilibili.com/video/BV1GJ411x7h7
        title: On Bilibili
        chapters: ["0:00 Start", "2:05 Later"]
        ```

        ```video
        src: https://vimeo.com/76979871
        title: On Vimeo
        chapters: ["0:00 Start", "0:42 Later"]
        ```
        """,
}
MODES = ("instant", "plain")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that answers byte ranges, as real web servers do: without them a
    browser cannot seek in a video (Python's own handler ignores Range)."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        spec = self.headers.get("Range", "")
        path = self.translate_path(self.path)
        if not spec.startswith("bytes=") or not os.path.isfile(path):
            return super().send_head()
        size = os.path.getsize(path)
        first, _, last = spec[6:].partition("-")
        start = int(first or 0)
        end = min(int(last) if last else size - 1, size - 1)
        with open(path, "rb") as file:
            file.seek(start)
            body = file.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return io.BytesIO(body)


def serve_with_ranges(folder):
    handler = functools.partial(RangeHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> Iterator[dict[str, str]]:
    servers, urls = [], {}
    for mode, features in (("instant", "navigation.instant"), ("plain", "")):
        root = tmp_path_factory.mktemp(f"media-{mode}")
        (root / "site").mkdir()
        server, url = serve_with_ranges(root / "site")
        servers.append(server)
        (root / "mkdocs.yml").write_text(MKDOCS.format(url=url, features=features))
        for name, text in PAGES.items():
            (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / name).write_text(textwrap.dedent(text), "utf-8")
        shutil.copytree(LECTURE, root / "docs" / "media")
        site_api.build(root / "mkdocs.yml", strict=True)
        urls[mode] = url
    yield urls
    for server in servers:
        server.shutdown()
        server.server_close()


def visit(page, base, link):
    """Open the home page, then follow a link (an instant navigation where it is on);
    returns the URLs of every request to anywhere but 127.0.0.1 (answered locally)."""
    outside: list[str] = []

    def route(route):
        if route.request.url.startswith("http://127.0.0.1"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<p>player</p>")

    page.route("**/*", route)
    page.goto(base)
    page.get_by_role("link", name=link).first.click()
    page.wait_for_selector("[data-eduplat-video][data-eduplat-ready]")
    page.wait_for_load_state("networkidle")
    return outside


def click_and_request(page, button, host):
    """Click ``button``; the URL of the request it makes to ``host`` (answered locally)."""
    with page.expect_request(lambda request: request.url.startswith(host)) as request:
        button.click()
    return request.value.url


@pytest.mark.parametrize("mode", MODES)
def test_players_load_on_click_and_chapters_reload_them_at_their_time(sites, page, mode):
    outside = visit(page, sites[mode], "Hosted videos")
    assert outside == [], "nothing leaves 127.0.0.1 before a click"
    assert page.locator("iframe").count() == 0
    videos = page.locator("[data-eduplat-video]")
    youtube, bilibili, vimeo = videos.nth(0), videos.nth(1), videos.nth(2)
    assert "hosted by YouTube" in youtube.locator(".eduplat-player__notice").inner_text()
    host = "https://www.youtube-nocookie.com/"
    url = click_and_request(page, youtube.get_by_role("button", name="Play on YouTube"), host)
    assert url == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    url = click_and_request(page, youtube.get_by_role("button", name="Play from 1:30"), host)
    assert url == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=90&autoplay=1"
    url = click_and_request(page, youtube.get_by_role("button", name="Play from 0:00"), host)
    assert url == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=0&autoplay=1"
    assert youtube.locator("iframe").count() == 1, "reloaded, not a second player"
    # One cross-site player at a time: with a second one, Chromium drops the first click.
    page.reload()
    page.wait_for_selector("[data-eduplat-video][data-eduplat-ready]")
    host = "https://player.bilibili.com/"
    url = click_and_request(page, bilibili.get_by_role("button", name="Play from 2:05"), host)
    assert url == "https://player.bilibili.com/player.html?bvid=BV1GJ411x7h7&t=125"
    page.reload()
    page.wait_for_selector("[data-eduplat-video][data-eduplat-ready]")
    host = "https://player.vimeo.com/"
    url = click_and_request(page, vimeo.get_by_role("button", name="Play from 0:42"), host)
    # The fragment is not sent: Vimeo's player reads it from its own address.
    assert url == "https://player.vimeo.com/video/76979871"
    src = vimeo.locator("iframe").get_attribute("src")
    assert src == "https://player.vimeo.com/video/76979871#t=42s"
    assert outside[:3] == [
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=90&autoplay=1",
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=0&autoplay=1",
    ]


@pytest.mark.parametrize("mode", MODES)
def test_site_video_plays_seeks_and_switches_captions(sites, page, mode):
    outside = visit(page, sites[mode], "The lesson")
    english = page.locator('.eduplat-transcript[data-lang="en"]')
    chinese = page.locator('.eduplat-transcript[data-lang="zh"]')
    assert english.is_visible()
    assert chinese.is_hidden()
    video = page.locator("video.eduplat-video__media")
    video.evaluate("v => { v.muted = true; }")
    page.locator("summary", has_text="Transcript (English)").click()
    line = page.locator(
        '.eduplat-transcript[data-lang="en"] .eduplat-cue', has_text="twenty hashes"
    )
    start = float(line.get_attribute("data-start"))
    line.click()
    page.wait_for_function("() => !document.querySelector('video').paused", timeout=10000)
    time = video.evaluate("v => v.currentTime")
    assert start - 0.1 <= time < start + 3
    # The highlight follows the playing video to the cue clicked (or the next one).
    page.wait_for_function(
        "start => { const cue = document.querySelector('.eduplat-cue--current');"
        " return cue !== null && Number(cue.dataset.start) >= start - 0.1; }",
        arg=start,
        timeout=10000,
    )
    assert page.locator(".eduplat-cue--current").count() == 1
    page.get_by_role("button", name="中文").click()
    assert chinese.is_visible()
    assert english.is_hidden()
    modes = page.locator("video").evaluate(
        "v => Array.from(v.textTracks).map(t => t.language + ':' + t.mode)"
    )
    assert modes == ["en:disabled", "zh:showing"]
    assert page.get_by_role("button", name="中文").get_attribute("aria-pressed") == "true"
    assert outside == []


@pytest.mark.parametrize("mode", MODES)
def test_search_finds_a_word_only_spoken_in_the_lecture(sites, page, mode):
    lecture = " ".join(p.read_text("utf-8") for p in LECTURE.glob("*.vtt"))
    assert "Ralph" in lecture
    assert all("Ralph" not in text for text in PAGES.values()), "only spoken"
    page.goto(sites[mode])
    page.keyboard.press("s")  # Material's search shortcut
    page.keyboard.type("Ralph")  # Material searches on key presses
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    result = page.locator(".md-search-result__item", has_text="The lesson").first
    result.locator("a").first.click()
    page.wait_for_url("**/lesson/**")
    assert "Ralph Merkle" in page.locator(".eduplat-transcript").first.text_content()
