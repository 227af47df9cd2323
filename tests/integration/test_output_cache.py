"""Warm builds reuse webinar and quiz pages whose inputs did not change, and only those.

Each test tampers with a stored page: the tampered text in the built site proves the entry
was reused; its absence after a change proves the change was seen.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from eduplat.cli import cli
from tests.conftest import tree_digest
from tests.support.samples import GUIDE, QUIZ

SCHEDULE = """\
timezone: Asia/Shanghai
sessions:
  - id: ops
    title: Node operations
    abstract: Weekly ops hour.
    start: 2026-10-13 20:00
    duration: 60
    quizzes: [basics]
    repeat: {frequency: weekly, count: 3}
  - id: workshop
    title: Audit workshop
    start: 2030-01-20 15:00
    timezone: Europe/Berlin
    duration: 90
"""


def build(*args: str) -> None:
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exit_code == 0, result.output


def course(make_site, chdir):
    config = make_site(
        {
            "webinars.yml": SCHEDULE,
            "quizzes/basics.yml": QUIZ,
            "docs/guide.md": GUIDE,
        }
    )
    chdir(config.parent)
    return config.parent


def entry(root, name):
    return root / ".eduplat-cache" / "outputs" / f"{name}.json"


def tamper(root, name, old, new):
    """Replace text in every stored page of an entry."""
    path = entry(root, name)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def page(root, path):
    return (root / "site" / path).read_text(encoding="utf-8")


def test_reused_pages_are_byte_identical(make_site, chdir):
    root = course(make_site, chdir)
    build("-d", "first")  # renders, saves the history, stores the entries
    assert entry(root, "webinars").is_file()
    assert entry(root, "quizzes").is_file()
    build("-d", "second")  # reuses them
    assert tree_digest(root / "second") == tree_digest(root / "first")


def test_webinar_pages_are_reused_until_an_input_changes(make_site, chdir):
    root = course(make_site, chdir)
    build()
    tamper(root, "webinars", "Audit workshop", "Stored workshop")
    build()
    assert "Stored workshop" in page(root, "webinars/index.html"), "the entry was reused"

    schedule = root / "webinars.yml"
    schedule.write_text(SCHEDULE.replace("duration: 90", "duration: 80"), encoding="utf-8")
    build()
    assert "Stored workshop" not in page(root, "webinars/index.html")
    assert "Audit workshop" in page(root, "webinars/index.html")


def test_webinar_pages_are_rendered_again_once_a_meeting_has_ended(make_site, chdir):
    root = course(make_site, chdir)
    build()
    path = entry(root, "webinars")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["valid_until"].startswith("2030-01-20T16:30"), "the workshop's end"
    tamper(root, "webinars", "Audit workshop", "Stored workshop")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["valid_until"] = "2020-01-01T00:00:00+00:00"  # as if that meeting had ended
    path.write_text(json.dumps(data), encoding="utf-8")
    build()
    assert "Stored workshop" not in page(root, "webinars/index.html")


def test_a_related_quiz_renamed_renders_the_session_again(make_site, chdir):
    root = course(make_site, chdir)
    build()
    assert "Basics" in page(root, "webinars/ops/index.html")
    (root / "quizzes" / "basics.yml").write_text(
        QUIZ.replace("title: Basics", "title: Hashing basics"), encoding="utf-8"
    )
    build()
    assert "Hashing basics" in page(root, "webinars/ops/index.html")
    assert "Hashing basics" in page(root, "quizzes/basics/index.html")


def test_quiz_pages_are_reused_until_the_quiz_or_a_link_changes(make_site, chdir):
    root = course(make_site, chdir)
    build()
    tamper(root, "quizzes", "Hashes are one-way.", "Stored prompt.")
    build()
    assert "Stored prompt." in page(root, "quizzes/basics/index.html"), "the entry was reused"

    # The page the question links to moves: the link in the stored page is stale.
    (root / "docs" / "guide.md").rename(root / "docs" / "handbook.md")
    (root / "quizzes" / "basics.yml").write_text(QUIZ, encoding="utf-8")  # same bytes
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "'teaches: guide.md#hashing' is not a page of this site" in result.output


def test_a_corrupt_entry_is_rebuilt(make_site, chdir):
    root = course(make_site, chdir)
    build()
    entry(root, "webinars").write_text("{not json", encoding="utf-8")
    entry(root, "quizzes").write_text('{"format": 1, "quizzes": {"basics": 3}}', encoding="utf-8")
    build()
    assert "Audit workshop" in page(root, "webinars/index.html")
    assert "Hashes are one-way." in page(root, "quizzes/basics/index.html")
