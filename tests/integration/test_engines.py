"""The same site on MkDocs, ProperDocs and Zensical (issue 14).

The flagship builds with each engine (see ``flagship_by_engine``; the content and path
checks of test_flagship_content.py and test_flagship_paths.py run on all three), and a
staged Zensical build behaves like a MkDocs one: nothing written into docs/, clear errors,
the previous site intact.
"""

from __future__ import annotations

import dataclasses
import json
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from click.testing import CliRunner

from eduplat import engines
from eduplat.cli import cli
from tests.conftest import ENGINE_NAMES, tree_digest

QUIZ = """\
id: mini
title: Mini quiz
questions:
  - id: tf
    type: true_false
    prompt: Hashes are one-way.
    answer: true
    teaches: index.md
"""

SCHEDULE = """\
timezone: Europe/Berlin
sessions:
  - id: workshop
    title: Audit workshop
    start: 2030-01-20 15:00
    duration: 90
"""

SITE_FILES = {
    "docs/index.md": "---\ntitle: Start here\n---\n# Home\n\n<!-- eduplat:quiz mini -->\n",
    "docs/guide.md": "# Guide\n\n[Webinars](webinars/index.md)\n",
    "docs/img/dot.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
    "quizzes/mini.yml": QUIZ,
    "webinars.yml": SCHEDULE,
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_flagship_has_every_generated_page_and_file(flagship_by_engine, engine):
    site = flagship_by_engine(engine)
    tutorial = (site / "tutorials" / "hash-chain" / "index.html").read_text(encoding="utf-8")
    assert "eduplat-output" in tutorial, "the tutorial's rendered outputs"
    assert "TamperError" in tutorial
    assert (site / "tutorials" / "hash-chain.ipynb").is_file()
    assert (
        "data-eduplat-quiz="
        in (site / "quizzes" / "hashing-quick-check" / "index.html").read_text()
    )
    assert (site / "quizzes" / "index.html").is_file()
    session = (site / "webinars" / "node-operations" / "index.html").read_text(encoding="utf-8")
    assert "eduplat-session__when" in session
    jsonld = re.search(
        r'<head>.*<script type="application/ld\+json">\n(.*?)\n</script>', session, re.S
    )
    assert jsonld is not None, "Event JSON-LD in <head>"
    assert '"Event"' in json.dumps(json.loads(jsonld.group(1)))
    assert (site / "webinars" / "node-operations.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert (site / "webinars" / "webinars.ics").is_file()
    assert (site / "webinars" / "feed.xml").is_file()
    assert (site / "paths" / "index.html").is_file()
    for asset in ("eduplat.css", "quiz.js", "schedule.js", "paths.js"):
        assert (site / "assets" / "eduplat" / asset).is_file(), asset
    assert "assets/eduplat/quiz.js" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_flagship_lecture_and_run_in_page_exercises_on_every_engine(flagship_by_engine, engine):
    site = flagship_by_engine(engine)
    page = (site / "tutorials" / "merkle-tree" / "index.html").read_text(encoding="utf-8")
    # The video lesson: player, captions and the transcript of words only spoken in it.
    assert 'class="eduplat-video' in page
    assert "eduplat-transcript" in page
    assert "light client check one transaction" in page
    for track in re.findall(r'<track[^>]*src="([^"]+)"', page):
        assert (site / "tutorials" / "merkle-tree" / track).resolve().is_file(), track
    assert re.search(r'<track[^>]*srclang="zh"', page)
    # Run in the page: the cells' data is in the page, the worker is in the site.
    assert 'data-run="pyodide"' in page
    assert (site / "assets" / "eduplat" / "pyodide-worker.js").is_file()
    assert "assets/eduplat/exercises.js" in page
    assert "assets/eduplat/media.js" in page


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_generated_pages_lead_on_with_plugin_engines(flagship_by_engine, engine):
    tutorial = (flagship_by_engine(engine) / "tutorials" / "hash-chain" / "index.html").read_text()
    assert "md-footer__link--next" in tutorial


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_calendars_and_feeds_are_byte_identical_across_engines(flagship_by_engine, engine):
    mkdocs, other = flagship_by_engine("mkdocs"), flagship_by_engine(engine)
    feeds = sorted(
        p.relative_to(mkdocs) for p in mkdocs.glob("webinars/*") if p.suffix in (".ics", ".xml")
    )
    assert len([p for p in feeds if p.suffix == ".ics"]) >= 3
    for relative in feeds:
        assert (other / relative).read_bytes() == (mkdocs / relative).read_bytes(), relative


def test_zensical_build_writes_nothing_into_docs(make_site, chdir):
    config_file = make_site(SITE_FILES, plugin_options="engine: zensical\n")
    root = config_file.parent
    chdir(root)
    docs_before = tree_digest(root / "docs")
    entries_before = {p.name for p in root.iterdir()}
    result = run("build", "--strict")  # the engine comes from mkdocs.yml
    assert result.exit_code == 0, result.output
    assert "Running zensical build" in result.output
    assert tree_digest(root / "docs") == docs_before
    new_entries = {p.name for p in root.iterdir()} - entries_before
    # The site, the cache and the calendar history, as a MkDocs build writes them.
    assert new_entries <= {"site", ".eduplat-cache", "webinars.history.json"}, new_entries
    site = root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-eduplat-quiz="mini"' in home, "the quiz embed expanded"
    assert "<title>Start here" in home, "front matter reaches the engine"
    assert (site / "quizzes" / "mini" / "index.html").is_file()
    assert (site / "webinars" / "workshop.ics").is_file()
    assert (site / "img" / "dot.svg").read_bytes() == (
        root / "docs" / "img" / "dot.svg"
    ).read_bytes()
    assert (site / "search.json").is_file(), "built by Zensical (MkDocs writes search/)"


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_a_version_is_built_with_mkdocs_only(make_site, engine):
    from eduplat.errors import EduplatError
    from eduplat.site import BuildOverrides, build

    config_file = make_site(SITE_FILES)
    with pytest.raises(EduplatError) as caught:
        build(config_file, engine=engine, overrides=BuildOverrides(version="1.0"))
    assert str(caught.value).startswith(
        "versions are published with MkDocs (eduplat deploy drives it through mike)"
    )
    assert not (config_file.parent / "site").exists()


def test_unknown_engine_is_refused_with_the_choices(make_site, chdir):
    config_file = make_site(SITE_FILES, plugin_options="engine: hugo\n")
    chdir(config_file.parent)
    result = run("build")
    assert result.exit_code == 1
    assert "mkdocs.yml:6:" in result.output
    assert "'hugo'" in result.output
    assert "zensical" in result.output
    assert "Traceback" not in result.output


ENGINE_TEST_YML = """\
site_name: Engine test
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.snippets:
      check_paths: true
plugins:
  - search
  - eduplat
"""


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    """A site built once with Zensical, and the digest of its site/ (tests that break it
    put it back)."""
    root = tmp_path_factory.mktemp("engine-site")
    (root / "mkdocs.yml").write_text(ENGINE_TEST_YML, encoding="utf-8")
    for rel, content in {"docs/index.md": "# Home\n", **SITE_FILES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    result = run("build", "-f", str(root / "mkdocs.yml"), "--engine", "zensical")
    assert result.exit_code == 0, result.output
    return root / "mkdocs.yml", tree_digest(root / "site")


def test_missing_engine_is_a_clear_error_and_the_site_stays(zensical_site, monkeypatch):
    config_file, before = zensical_site
    missing = dataclasses.replace(engines.ENGINES["zensical"], module="eduplat_no_such_engine")
    monkeypatch.setitem(engines.ENGINES, "zensical", missing)
    result = run("build", "-f", str(config_file), "--engine", "zensical")
    assert result.exit_code == 1
    assert "the zensical engine is not installed" in result.output
    assert "eduplat[zensical]" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(config_file.parent / "site") == before
    assert [p.name for p in config_file.parent.iterdir() if ".eduplat-stage" in p.name] == []


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_failing_engine_shows_its_message_and_the_site_stays(zensical_site, engine):
    config_file, before = zensical_site
    page = config_file.parent / "docs" / "guide.md"
    text = page.read_text()
    page.write_text(text + '\n--8<-- "no-such-snippet.md"\n')
    try:
        result = run("build", "-f", str(config_file), "--engine", engine)
    finally:
        page.write_text(text)
    assert result.exit_code == 1
    assert f"{engine} build failed" in result.output
    assert "no-such-snippet.md" in result.output, "the engine's own message"
    assert "Traceback" not in result.output
    assert tree_digest(config_file.parent / "site") == before
    assert [p.name for p in config_file.parent.iterdir() if ".eduplat-stage" in p.name] == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str, deadline: float, wanted: str) -> str:
    """The page at ``url`` once it contains ``wanted`` (polling until ``deadline``)."""
    text = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                text = response.read().decode("utf-8")
        except OSError:
            text = ""
        if wanted in text:
            return text
        time.sleep(0.3)
    raise AssertionError(f"{url} never showed {wanted!r}; last: {text[:200]!r}")


def test_serve_with_zensical_stages_again_on_change(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Serve test\ntheme:\n  name: material\n  font: false\n"
        "plugins:\n  - search\n  - eduplat:\n      engine: zensical\n",
        encoding="utf-8",
    )
    for rel, content in SITE_FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(content, encoding="utf-8")
    docs_before = tree_digest(tmp_path / "docs")
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "eduplat", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/quizzes/mini/"
        _fetch(url, time.monotonic() + 60, "Mini quiz")
        quiz = tmp_path / "quizzes" / "mini.yml"
        quiz.write_text(quiz.read_text().replace("Mini quiz", "Renamed quiz"))
        _fetch(url, time.monotonic() + 30, "Renamed quiz")
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output, output
    assert tree_digest(tmp_path / "docs") == docs_before
    assert [p.name for p in tmp_path.iterdir() if ".eduplat-stage" in p.name] == [], output
