"""Learning paths through real builds: pages, the bar, feedback switches, errors, check."""

from __future__ import annotations

from click.testing import CliRunner

from eduplat.cli import cli

QUIZ = """\
id: basics
title: Basics
questions:
  - {type: true_false, prompt: Hashes are one-way., answer: true, teaches: guide/install.md}
  - {type: true_false, prompt: Keys are public., answer: false}
"""

SCHEDULE = """\
timezone: Europe/Berlin
sessions:
  - id: live-qa
    title: Live Q&A
    start: 2030-01-10 18:00
    duration: 90min
"""

START = """\
id: start
title: Getting started
audience: users
description: The *first* steps.
steps:
  - page: guide/install.md
  - quiz: basics
  - webinar: live-qa
  - page: guide/keys.md
    optional: true
  - url: https://bitcoin.org/bitcoin.pdf
    title: The white paper
"""

SECOND = """\
id: second
title: A second path
audience: trainers of trainers
steps:
  - page: guide/keys.md
  - page: guide/install.md
"""

FILES = {
    "docs/guide/install.md": "# Install the wallet\n\nText.\n",
    "docs/guide/keys.md": "# Keep keys\n\nText.\n",
    "quizzes/basics.yml": QUIZ,
    "webinars.yml": SCHEDULE,
    "paths/start.yml": START,
    "paths/second.yml": SECOND,
}


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_index_path_pages_and_bars(make_site, chdir):
    config = make_site(FILES)
    chdir(config.parent)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    site = config.parent / "site"
    index = (site / "paths" / "index.html").read_text()
    assert '<a href="start/">Getting started</a>' in index
    assert "For Users · 5 steps · about 1 h 34 min" in index  # 1 + 3 (2 × 1.5) + 90, not optional
    assert index.index("Getting started") < index.index("A second path")  # users first
    assert "For trainers of trainers · 2 steps" in index
    page = (site / "paths" / "start" / "index.html").read_text()
    assert page.index("Install the wallet") < page.index("Basics") < page.index("Live Q&amp;A")
    assert 'href="../../webinars/live-qa/"' in page
    assert 'data-quiz-id="basics" data-quiz-hash="' in page
    assert "<em>first</em>" in page
    assert "1 h 30 min" in page
    install = (site / "guide" / "install" / "index.html").read_text()
    assert install.count('class="eduplat-pathbar"') == 2  # in both paths
    assert "step 1 of 5" in install
    assert "step 2 of 2" in install
    assert 'rel="next" href="../../quizzes/basics/"' in install
    assert "data-eduplat-path-end" in install
    session = (site / "webinars" / "live-qa" / "index.html").read_text()
    assert "step 3 of 5" in session
    assert "Mark as attended" in session
    assert "eduplat-pathbar" not in (site / "index.html").read_text()
    assert "paths.js" in install
    assert "data-eduplat-feedback" not in install  # no target configured: no widget


def test_feedback_only_with_a_target_and_per_page_kind(make_site, chdir):
    config = make_site(
        FILES,
        plugin_options="""\
        feedback:
          issue_url: https://github.com/o/r/issues/new?title={title}&body={body}
          quizzes: false
        """,
    )
    chdir(config.parent)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    site = config.parent / "site"
    assert "data-eduplat-feedback" in (site / "guide" / "install" / "index.html").read_text()
    assert "data-eduplat-feedback" in (site / "paths" / "start" / "index.html").read_text()
    assert "data-eduplat-feedback" not in (site / "quizzes" / "basics" / "index.html").read_text()
    assert "data-eduplat-feedback" not in (site / "webinars" / "index.html").read_text()


def test_missing_target_fails_build_and_check_with_file_line(make_site, chdir):
    config = make_site({**FILES, "paths/start.yml": START.replace("quiz: basics", "quiz: basic")})
    chdir(config.parent)
    for command in ("build", "check"):
        result = run(command)
        assert result.exit_code == 1
        assert (
            "paths/start.yml:7: path 'start': step 2: quiz 'basic' does not exist" in result.output
        )
        assert "did you mean 'basics'?" in result.output
        assert "Traceback" not in result.output


def test_check_counts_paths(make_site, chdir):
    config = make_site(FILES)
    chdir(config.parent)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "2 learning path(s): valid" in result.output


def test_site_without_paths_does_not_load_them(make_site, chdir):
    config = make_site({"docs/guide.md": "# Guide\n"})
    chdir(config.parent)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert not (config.parent / "site" / "paths").exists()
    assert "paths.js" not in (config.parent / "site" / "guide" / "index.html").read_text()
