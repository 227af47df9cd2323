"""Bad inputs and options that must do what they say (issue 11), through the CLI.

Each test runs ``eduplat build`` or ``eduplat check`` as a user would and asserts the
exact message, the exit code 1 and that no traceback is printed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from eduplat.cli import cli
from tests.support.versions import commit, git_init, make_repo


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def assert_user_error(result, message: str) -> None:
    """Exit 1, the message, and no traceback."""
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output


# -- enabled: false ------------------------------------------------------------------------

FAILING_TUTORIAL = "# %% [markdown]\n# # Never run\n\n# %%\n1 / 0\n"
QUIZ = """\
id: basics
questions:
  - type: true_false
    prompt: Sky is blue.
    answer: true
"""
SCHEDULE = """\
sessions:
  - {id: intro, title: Intro, start: 2030-01-01 10:00, duration: 30, timezone: UTC}
"""


def test_enabled_false_turns_every_hook_off(make_site, chdir):
    config_file = make_site(
        {
            "docs/page.md": "# Page\n\n<!-- eduplat:quiz basics -->\n",
            "tutorials/never.py": FAILING_TUTORIAL,
            "quizzes/basics.yml": QUIZ,
            "webinars.yml": SCHEDULE,
        },
        plugin_options="enabled: false\n",
    )
    root = config_file.parent
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    site = root / "site"
    assert (site / "page" / "index.html").is_file()
    for generated in ("tutorials", "quizzes", "webinars", "assets/eduplat"):
        assert not (site / generated).exists(), generated
    assert not (root / ".eduplat-cache").exists(), "the tutorial was not executed"
    page = (site / "page" / "index.html").read_text(encoding="utf-8")
    assert "<!-- eduplat:quiz basics -->" in page
    assert "eduplat" not in page.replace("<!-- eduplat:quiz basics -->", "")


def test_check_says_eduplat_is_turned_off(make_site, chdir):
    config_file = make_site(plugin_options="enabled: false\n")
    chdir(config_file.parent)
    assert_user_error(
        run("check"),
        "mkdocs.yml:9: the eduplat plugin is turned off ('enabled: false'): nothing to check",
    )


# -- encodings -----------------------------------------------------------------------------

LATIN1 = "é".encode("latin-1")  # 0xE9: what a Windows editor writes for 'é'
NOTEBOOK = (
    b'{\n "cells": [\n  {\n   "cell_type": "markdown",\n   "metadata": {},\n'
    b'   "source": ["# Caf' + LATIN1 + b'"]\n  }\n ],\n "metadata": {},\n'
    b' "nbformat": 4,\n "nbformat_minor": 5\n}\n'
)
GOOD_SCHEDULE = SCHEDULE.encode()
# (file, its bytes, the line of the bad byte, which commands read it)
NOT_UTF8 = {
    "tutorial-py": ("tutorials/cafe.py", b"# %% [markdown]\n# # Caf" + LATIN1 + b"\n", 2),
    "tutorial-md": ("tutorials/cafe.md", b"# Cafe\n\nA caf" + LATIN1 + b" tutorial.\n", 3),
    "tutorial-ipynb": ("tutorials/cafe.ipynb", NOTEBOOK, 6),
    "quiz-yml": ("quizzes/cafe.yml", b"id: cafe\ntitle: Caf" + LATIN1 + b"\nquestions: []\n", 2),
    "quiz-gift": ("quizzes/cafe.gift", b"// a quiz\nCaf" + LATIN1 + b"?{T}\n", 2),
    "webinars-yml": ("webinars.yml", GOOD_SCHEDULE.replace(b"Intro", b"Caf" + LATIN1), 2),
    "webinars-folder": (
        "webinars/cafe.yml",
        b"timezone: UTC\n" + GOOD_SCHEDULE.replace(b"Intro", b"Caf" + LATIN1),
        3,
    ),
}


def write_bytes(root, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("kind", NOT_UTF8)
def test_a_source_that_is_not_utf8_is_named_with_line_and_byte(make_site, chdir, kind, command):
    rel, data, line = NOT_UTF8[kind]
    root = make_site().parent
    write_bytes(root, rel, data)
    chdir(root)
    assert_user_error(
        run(command), f"{rel}: not UTF-8 at line {line} (byte 0xE9) — save it as UTF-8"
    )
    assert not (root / "site").exists()


def test_webinar_history_that_is_not_utf8(make_site, chdir):
    root = make_site({"webinars.yml": SCHEDULE}).parent
    write_bytes(root, "webinars.history.json", b'{\n  "sessions": {"caf\xe9": {}}\n}\n')
    chdir(root)
    assert_user_error(
        run("build"),
        "webinars.history.json: not UTF-8 at line 2 (byte 0xE9) — save it as UTF-8",
    )


@pytest.mark.parametrize("command", ["build", "check"])
def test_mkdocs_yml_that_is_not_utf8(make_site, chdir, command):
    config_file = make_site()
    config_file.write_bytes(config_file.read_bytes().replace(b"Test site", b"Caf" + LATIN1))
    chdir(config_file.parent)
    assert_user_error(
        run(command), "mkdocs.yml: not UTF-8 at line 1 (byte 0xE9) — save it as UTF-8"
    )


def test_a_dependency_that_is_only_hashed_need_not_be_text(make_site, chdir):
    tutorial = "# ---\n# dependencies: [data.bin]\n# ---\n\n# %% [markdown]\n# # Bytes\n"
    root = make_site(
        {"tutorials/bytes.py": tutorial}, plugin_options="tutorials: {execute: false}\n"
    ).parent
    write_bytes(root, "tutorials/data.bin", b"\xe9\xff\x00binary")
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert (root / "site" / "tutorials" / "bytes" / "index.html").is_file()


# -- single-line fields --------------------------------------------------------------------

EVIL = '"x\\r\\nATTENDEE:evil"'  # YAML double quotes: a real CR LF inside the value
ONE_SESSION = """\
organizer: {{name: {organizer}}}
sessions:
  - id: intro
    title: {title}
    start: 2030-01-01 10:00
    duration: 30
    timezone: UTC
    language: {language}
    presenters: [{presenter}, {{name: {named}}}]
    tags: [{tag}]
    join: {join}
    repeat:
      count: 2
      overrides:
        - {{date: 2030-01-08, title: {override}}}
"""
SAFE = {
    "organizer": "Org",
    "title": "Intro",
    "language": "en",
    "presenter": "Ada",
    "named": "Grace",
    "tag": "basics",
    "join": "https://meet.example.org/intro",
    "override": "Intro again",
}
# field -> (line, what the message says must be one line)
WEBINAR_MESSAGES = {
    "organizer": (1, "organizer: name must be one line"),
    "title": (4, "session 'intro': title must be one line"),
    "language": (8, "session 'intro': language must be one line"),
    "presenter": (9, "session 'intro', presenter 1: name must be one line"),
    "named": (9, "session 'intro', presenter 2: name must be one line"),
    "tag": (10, "session 'intro': tags must be one line"),
    "join": (11, "session 'intro': join must be one line"),
    "override": (15, "session 'intro', repeat, override 1: title must be one line"),
}


def test_a_site_name_with_a_line_break_injects_no_calendar_property(make_site, chdir):
    config_file = make_site({"webinars.yml": ONE_SESSION.format(**SAFE)})
    config_file.write_text(
        config_file.read_text().replace("site_name: Test site", f"site_name: {EVIL}")
    )
    chdir(config_file.parent)
    result = run("build")
    assert result.exit_code == 0, result.output
    for ics in (config_file.parent / "site" / "webinars").glob("*.ics"):
        lines = ics.read_bytes().split(b"\r\n")
        assert not [line for line in lines if line.startswith(b"ATTENDEE")], ics.name
        calendar = icalendar.Calendar.from_ical(ics.read_bytes())
        assert not [c for c in calendar.walk() if "ATTENDEE" in c], ics.name


QUIZ_TEMPLATE = """\
title: {title}
category: {category}
questions:
  - type: true_false
    id: {qid}
    title: {qtitle}
    prompt: Sky is blue.
    tags: [{tag}]
    teaches: {teaches}
    answer: true
"""
QUIZ_SAFE = {
    "title": "Basics",
    "category": "Week 1",
    "qid": "sky",
    "qtitle": "Sky",
    "tag": "colours",
    "teaches": "index.md",
}
QUIZ_MESSAGES = {
    "title": (1, "quiz: title must be one line"),
    "category": (2, "quiz: category must be one line"),
    "qid": (5, "question 1: id must be one line"),
    "qtitle": (6, "question 1: title must be one line"),
    "tag": (8, "question 1: tags must be one line"),
    "teaches": (9, "question 1: teaches must be one line"),
}
TUTORIAL_TEMPLATE = """\
# ---
# title: {title}
# kernel: {kernel}
# tags: [{tag}]
# prerequisites: [{prerequisite}]
# dependencies: [{dependency}]
# execute: false
# ---

# %% [markdown]
# # Heading
"""
TUTORIAL_SAFE = {
    "title": "Title",
    "kernel": "python3",
    "tag": "basics",
    "prerequisite": "index.md",
    "dependency": "data.txt",
}
TUTORIAL_MESSAGES = {
    "title": 2,
    "kernel": 3,
    "tag": 4,
    "prerequisite": 5,
    "dependency": 6,
}
TUTORIAL_KEYS = {"tag": "tags", "prerequisite": "prerequisites", "dependency": "dependencies"}


def test_a_gift_title_over_two_lines_is_refused(make_site, chdir):
    chdir(make_site({"quizzes/sky.gift": "::Sky\nblue::Sky is blue.{T}\n"}).parent)
    assert_user_error(run("build"), "quizzes/sky.gift:1: question 1: title must be one line")


@dataclass(frozen=True)
class OneLineFields:
    """A source whose ``template`` has one-line fields, with safe values and, per field,
    the line and message a line break there gets."""

    path: str
    template: str
    safe: dict[str, str]
    messages: dict[str, tuple[int, str]]
    other_files: dict[str, str] = field(default_factory=dict)

    def site(self, make_site, **values: str) -> Path:
        source = self.template.format(**{**self.safe, **values})
        return make_site({self.path: source, **self.other_files}).parent


WEBINAR_FIELDS = OneLineFields("webinars.yml", ONE_SESSION, SAFE, WEBINAR_MESSAGES)
QUIZ_FIELDS = OneLineFields("quizzes/basics.yml", QUIZ_TEMPLATE, QUIZ_SAFE, QUIZ_MESSAGES)
TUTORIAL_FIELDS = OneLineFields(
    "tutorials/intro.py",
    TUTORIAL_TEMPLATE,
    TUTORIAL_SAFE,
    {
        name: (line, f"tutorial metadata: {TUTORIAL_KEYS.get(name, name)} must be one line")
        for name, line in TUTORIAL_MESSAGES.items()
    },
    {"tutorials/data.txt": "1"},
)
ONE_LINE_SOURCES = (WEBINAR_FIELDS, QUIZ_FIELDS, TUTORIAL_FIELDS)


def test_the_templates_build_with_safe_values(make_site, chdir):
    for source in ONE_LINE_SOURCES:
        root = source.site(make_site)
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(
    ("source", "name"),
    [(source, name) for source in ONE_LINE_SOURCES for name in source.messages],
    ids=lambda value: value.path if isinstance(value, OneLineFields) else value,
)
def test_a_line_break_in_a_one_line_field_is_refused(make_site, chdir, source, name, command):
    root = source.site(make_site, **{name: EVIL})
    chdir(root)
    line, message = source.messages[name]
    assert_user_error(run(command), f"{source.path}:{line}: {message}")
    assert not (root / "site").exists()


# -- empty values --------------------------------------------------------------------------

EMPTY_WEBINAR = {
    # (the schedule, the message)
    "session timezone": (
        SCHEDULE.replace("timezone: UTC", 'timezone: ""'),
        "webinars.yml:2: session 'intro': 'timezone' is empty — remove the line to use the default",
    ),
    "schedule timezone": (
        'timezone: "  "\n' + SCHEDULE,
        "webinars.yml:1: schedule: 'timezone' is empty — remove the line to use the default",
    ),
    "id": (
        SCHEDULE.replace("id: intro", 'id: ""'),
        "webinars.yml:2: session 1: 'id' is empty — give a value",
    ),
    "title": (
        SCHEDULE.replace("title: Intro", "title: ''"),
        "webinars.yml:2: session 'intro': 'title' is empty — give a value",
    ),
    "start": (
        SCHEDULE.replace("start: 2030-01-01 10:00", 'start: ""'),
        "webinars.yml:2: session 'intro': 'start' is empty — give a date and a time",
    ),
    "status": (
        SCHEDULE.replace("duration: 30", "duration: 30, status: ''"),
        "webinars.yml:2: session 'intro': 'status' is empty — remove the line to use the default",
    ),
    "null timezone": (
        SCHEDULE.replace("timezone: UTC", "timezone: null"),
        "webinars.yml:2: session 'intro': 'timezone' is empty — remove the line to use the default",
    ),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", EMPTY_WEBINAR)
def test_an_empty_webinar_value_is_an_error(make_site, chdir, case, command):
    schedule, message = EMPTY_WEBINAR[case]
    chdir(make_site({"webinars.yml": schedule}).parent)
    assert_user_error(run(command), message)


def test_an_omitted_timezone_is_the_default(make_site, chdir):
    schedule = "timezone: Asia/Shanghai\n" + SCHEDULE.replace(", timezone: UTC", "")
    root = make_site({"webinars.yml": schedule}).parent
    chdir(root)
    assert run("build", "--strict").exit_code == 0
    ics = (root / "site" / "webinars" / "intro.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Asia/Shanghai:20300101T100000" in ics


EMPTY_QUIZ = {
    "quiz id": ({"title": "Basics\nid: ''"}, "quizzes/basics.yml:2: quiz: 'id' is empty"),
    "quiz title": ({"title": "''"}, "quizzes/basics.yml:1: quiz: 'title' is empty"),
    "question id": ({"qid": '" "'}, "quizzes/basics.yml:5: question 1: 'id' is empty"),
}


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("case", EMPTY_QUIZ)
def test_an_empty_quiz_value_is_an_error(make_site, chdir, case, command):
    values, message = EMPTY_QUIZ[case]
    chdir(QUIZ_FIELDS.site(make_site, **values))
    assert_user_error(run(command), message + " — remove the line to use the default")


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize(("field", "key"), [("title", "title"), ("kernel", "kernel")])
def test_an_empty_tutorial_value_is_an_error(make_site, chdir, field, key, command):
    chdir(TUTORIAL_FIELDS.site(make_site, **{field: "''"}))
    assert_user_error(
        run(command),
        f"tutorials/intro.py:{TUTORIAL_MESSAGES[field]}: tutorial metadata: '{key}' is empty "
        "— remove the line to use the default",
    )


# -- markers in code -----------------------------------------------------------------------


def test_the_manuals_example_marker_stays_an_example(flagship_site):
    # docs/guide/quizzes.md shows the marker in a fenced block under "Embedding a quiz".
    page = (flagship_site / "guide" / "quizzes" / "index.html").read_text(encoding="utf-8")
    section = page.split('id="embedding-a-quiz"', 1)[1].split("<h2", 1)[0]
    assert "eduplat:quiz blockchain-basics" in section
    assert "<pre" in section
    assert "eduplat-quiz" not in section, "no quiz is rendered inside the example"


MARKERS_IN_CODE = """\
# Examples

```markdown
<!-- eduplat:quiz basics -->
```

~~~~
```
<!-- eduplat:quiz basics -->
~~~~

    <!-- eduplat:quiz basics -->

Inline: `<!-- eduplat:quiz basics -->`, and ``
<!-- eduplat:quiz basics -->
``.

The real one:

<!-- eduplat:quiz basics -->
"""


def test_markers_in_code_are_left_as_text_and_the_real_one_embeds(make_site, chdir):
    root = make_site({"docs/page.md": MARKERS_IN_CODE, "quizzes/basics.yml": QUIZ}).parent
    chdir(root)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (root / "site" / "page" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="eduplat-quiz"') == 1
    assert page.count("eduplat:quiz basics") == 5  # the examples, shown as text


# -- versions without site_url -------------------------------------------------------------


@pytest.mark.kernel  # the scaffold's tutorial runs
def test_build_versions_of_a_fresh_scaffold_without_site_url(tmp_path, chdir):
    repo = tmp_path / "course"
    assert run("new", str(repo)).exit_code == 0
    assert "\nsite_url:" not in (repo / "mkdocs.yml").read_text(encoding="utf-8")
    git_init(repo)
    commit(repo, "scaffold", tag="v1.0")
    chdir(repo)
    out = tmp_path / "public"
    result = run("build-versions", "--out", str(out), "--refs", "v*")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1, result.output
    assert "has no 'site_url'" in warnings[0]
    assert "relative links" in warnings[0]
    assert "without canonical links and without the sitemap index" in warnings[0]
    versions = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [("1.0", ["latest"])]
    assert not (out / "sitemap.xml").exists()
    pages = sorted(out.rglob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "eduplat-versions-root" not in text, page
        if 'http-equiv="refresh"' not in text:  # redirect pages name their target
            assert 'rel="canonical"' not in text, page
    schedule = (out / "webinars" / "index.html").read_text(encoding="utf-8")
    assert 'href="../latest/"' in schedule  # back to the default version, relative


def test_versions_without_site_url_link_to_the_root_schedule_relatively(tmp_path, chdir):
    repo = make_repo(tmp_path, url="")  # 'site_url:' with no value
    chdir(repo)
    out = tmp_path / "public"
    result = run("build-versions", "--out", str(out), "--refs", "v2.0")
    assert result.exit_code == 0, result.output
    home = (out / "2.0" / "index.html").read_text(encoding="utf-8")
    guide = (out / "2.0" / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'href="../webinars/"' in home
    assert 'href="../../webinars/"' in guide
    assert 'rel="canonical"' not in home
    schedule = (out / "webinars" / "intro" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../latest/"' in schedule


def test_a_tutorial_file_name_with_a_line_break_is_refused(make_site, chdir):
    root = make_site({"tutorials/two\nlines.md": "# Two lines\n"}).parent
    chdir(root)
    assert_user_error(run("build"), "lines.md: the file name must be one line — rename the file")
