"""What the benchmarks share: the synthetic text, the notebooks, and measuring a build.

``build_speed.py`` (a small site) and ``course.py`` (a large course) import this module; it
is not a benchmark by itself. Everything here uses the standard library only, so the
scripts run in any environment that has eduplat and MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import posixpath
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

# The scripts of the environment this runs in (`make bench` uses .venv/bin/python).
BIN = Path(sys.executable).parent


class BenchError(Exception):
    """The benchmark cannot run or a build went wrong; the message says what to do."""


# --- The synthetic site -----------------------------------------------------------------

# Shared by all three sites, so the plugins are the only difference. They are also the
# extensions eduplat adds when they are missing; listing them keeps plain MkDocs honest.
MARKDOWN_EXTENSIONS = """\
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.highlight
  - pymdownx.superfences
"""

THEME = """\
theme:
  name: material
  # System fonts: the build must not depend on Google Fonts being reachable.
  font: false
  features:
    - navigation.prune
"""


SUBJECTS = (
    "The build",
    "Each learner",
    "A tutorial",
    "The search index",
    "Your team",
    "The course outline",
    "A reviewer",
    "The deployment",
    "Every module",
    "The instructor",
    "This page",
    "The glossary",
)
VERBS = (
    "checks",
    "describes",
    "links",
    "summarises",
    "records",
    "compares",
    "collects",
    "explains",
    "updates",
    "validates",
    "publishes",
    "reorganises",
)
OBJECTS = (
    "the reading list",
    "each exercise",
    "the release notes",
    "the quiz results",
    "a worked example",
    "the course schedule",
    "the configuration file",
    "the lesson plan",
    "every code sample",
    "the list of prerequisites",
    "the answers to common questions",
    "the translated pages",
)
CLAUSES = (
    "before the next session starts",
    "so that nobody has to guess what changed",
    "whenever the source changes",
    "without leaving the page",
    "in the order learners need it",
    "for every supported version",
    "as part of the weekly review",
    "with a short explanation of why",
    "while keeping the history intact",
    "once the draft has been approved",
    "long before anyone opens a pull request",
    "even when the network is slow",
)
OPENERS = ("", "", "", "In practice, ", "As a rule, ", "Most of the time, ", "Later on, ")
TITLE_VERBS = (
    "Configuring",
    "Writing",
    "Reviewing",
    "Publishing",
    "Organising",
    "Testing",
    "Translating",
    "Archiving",
    "Scheduling",
    "Grading",
)
TITLE_NOUNS = (
    "lessons",
    "exercises",
    "the glossary",
    "quizzes",
    "slides",
    "course outlines",
    "reading lists",
    "learner feedback",
    "release notes",
    "assessments",
)
CODE_SAMPLES = (
    (
        "python",
        """\
def reading_time(words: int, per_minute: int = 200) -> int:
    \"\"\"Minutes a reader needs, rounded up.\"\"\"
    return -(-words // per_minute)
""",
    ),
    (
        "yaml",
        """\
course:
  title: Introduction
  sessions: 6
  language: en
""",
    ),
    (
        "bash",
        """\
git switch -c update-outline
git commit -am "Reorder the first three lessons"
""",
    ),
)


@dataclass(frozen=True)
class PagePlan:
    """Where a page goes and what it is called."""

    path: str  # relative to docs/, posix
    title: str


def _sentence(rng: random.Random) -> str:
    opener = rng.choice(OPENERS)
    subject = rng.choice(SUBJECTS)
    if opener:
        subject = subject[0].lower() + subject[1:]
    verb, obj, clause = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(CLAUSES)
    return f"{opener}{subject} {verb} {obj} {clause}."


def _paragraph(rng: random.Random, low: int = 3, high: int = 6) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _block(rng: random.Random, page: PagePlan, plans: Sequence[PagePlan]) -> str:
    """One of the things real manual pages hold besides paragraphs."""
    kind = rng.choice(("list", "steps", "code", "admonition", "table", "link"))
    if kind == "list":
        return "\n".join(f"- {_sentence(rng)}" for _ in range(rng.randint(3, 6)))
    if kind == "steps":
        return "\n".join(f"{n}. {_sentence(rng)}" for n in range(1, rng.randint(3, 5) + 1))
    if kind == "code":
        language, code = rng.choice(CODE_SAMPLES)
        return f"```{language}\n{code}```"
    if kind == "admonition":
        flavour = rng.choice(("note", "tip", "warning"))
        return f'!!! {flavour} "{rng.choice(OBJECTS).capitalize()}"\n\n    {_paragraph(rng, 2, 3)}'
    if kind == "table":
        rows = [f"| {rng.choice(TITLE_NOUNS)} | {rng.randint(1, 90)} min | {_sentence(rng)} |"]
        rows += [
            f"| {rng.choice(TITLE_NOUNS)} | {rng.randint(1, 90)} min | {_sentence(rng)} |"
            for _ in range(rng.randint(2, 4))
        ]
        return "| Item | Time | Notes |\n| --- | --- | --- |\n" + "\n".join(rows)
    other = rng.choice([p for p in plans if p is not page])
    target = posixpath.relpath(other.path, posixpath.dirname(page.path) or ".")
    return f"See [{other.title.lower()}]({target}) for the details. {_paragraph(rng, 1, 2)}"


def page_markdown(rng: random.Random, page: PagePlan, plans: Sequence[PagePlan]) -> str:
    """A manual page of about 700-1,100 words: sections, lists, code, notes, tables."""
    parts = [f"# {page.title}", _paragraph(rng, 4, 6)]
    for _ in range(rng.randint(3, 5)):
        parts.append(f"## {rng.choice(TITLE_VERBS)} {rng.choice(OBJECTS)}")
        parts += [_paragraph(rng) for _ in range(rng.randint(2, 3))]
        parts.append(_block(rng, page, plans))
        if rng.random() < 0.5:
            parts.append(f"### {rng.choice(TITLE_NOUNS).capitalize()}")
            parts.append(_paragraph(rng))
    return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class NotebookPlan:
    """A small tutorial: an introduction, then (explanation, code) steps."""

    slug: str
    title: str
    intro: str
    steps: tuple[tuple[str, str], ...]

    @property
    def check_digest(self) -> str:
        """What the last cell prints: its presence in a page proves the notebook ran."""
        return hashlib.sha256(f"bench-{self.slug}".encode()).hexdigest()[:16]


def _step(explanation: str, code: str) -> tuple[str, str]:
    return explanation, textwrap.dedent(code).strip()


NOTEBOOKS = (
    NotebookPlan(
        "hashing-strings",
        "Hashing strings",
        "A hash turns any text into a short fingerprint of fixed length.",
        (
            _step(
                "Hash one word.",
                """
                import hashlib
                hashlib.sha256(b"learning").hexdigest()
                """,
            ),
            _step(
                "Every algorithm has its own digest length.",
                """
                for name in ("md5", "sha1", "sha256", "sha512"):
                    print(name, hashlib.new(name, b"x").digest_size * 8, "bits")
                """,
            ),
            _step(
                "A one-letter change gives an unrelated digest.",
                """
                a = hashlib.sha256(b"lesson").hexdigest()
                b = hashlib.sha256(b"lessons").hexdigest()
                sum(x == y for x, y in zip(a, b))
                """,
            ),
        ),
    ),
    NotebookPlan(
        "summing-series",
        "Summing series",
        "Sums of simple series, exactly and with floating point.",
        (
            _step("The first thousand integers.", "sum(range(1, 1001))"),
            _step(
                "The first hundred squares.",
                """
                n = 100
                sum(k * k for k in range(1, n + 1))
                """,
            ),
            _step(
                "Exact fractions avoid rounding errors.",
                """
                from fractions import Fraction
                print(sum(Fraction(1, k) for k in range(1, 11)))
                """,
            ),
            _step("Floating point drifts.", "print(sum([0.1] * 10), sum([0.1] * 10) == 1.0)"),
        ),
    ),
    NotebookPlan(
        "sorting-records",
        "Sorting records",
        "Sorting lists of records by one key or several.",
        (
            _step(
                "Some learners and their scores.",
                """
                people = [("Ana", 91), ("Bo", 78), ("Chen", 91), ("Dee", 64), ("Eli", 78)]
                sorted(people, key=lambda p: p[1], reverse=True)
                """,
            ),
            _step(
                "Python's sort is stable: equal scores keep their order.",
                "print([name for name, _ in sorted(people, key=lambda p: p[1])])",
            ),
            _step("Sort by two keys at once.", "sorted(people, key=lambda p: (-p[1], p[0]))[:3]"),
        ),
    ),
    NotebookPlan(
        "counting-words",
        "Counting words",
        "Counting how often words occur in a short text.",
        (
            _step(
                "A sentence to count.",
                """
                text = "the cat sat on the mat and the dog sat on the log"
                words = text.split()
                len(words)
                """,
            ),
            _step(
                "The most common words.",
                """
                from collections import Counter
                Counter(words).most_common(3)
                """,
            ),
            _step(
                "Words that occur once.",
                "print(sorted(w for w, n in Counter(words).items() if n == 1))",
            ),
        ),
    ),
    NotebookPlan(
        "prime-numbers",
        "Prime numbers",
        "The sieve of Eratosthenes finds every prime below a bound.",
        (
            _step(
                "Sieve up to 500.",
                """
                limit = 500
                is_prime = [True] * limit
                is_prime[:2] = [False, False]
                for n in range(2, int(limit**0.5) + 1):
                    if is_prime[n]:
                        is_prime[n * n :: n] = [False] * len(is_prime[n * n :: n])
                primes = [n for n, p in enumerate(is_prime) if p]
                len(primes)
                """,
            ),
            _step("The largest ones.", "print(primes[-5:])"),
            _step(
                "Twin primes differ by two.",
                """
                found = set(primes)
                len([(p, p + 2) for p in primes if p + 2 in found])
                """,
            ),
        ),
    ),
    NotebookPlan(
        "statistics-basics",
        "Statistics basics",
        "Mean, median and spread of a small sample.",
        (
            _step(
                "Minutes learners spent on a lesson.",
                """
                import statistics
                minutes = [12, 15, 9, 22, 15, 18, 30, 11, 15, 20]
                statistics.mean(minutes)
                """,
            ),
            _step(
                "The median is robust to the one long session.",
                "print(statistics.median(minutes), statistics.mode(minutes))",
            ),
            _step("Standard deviation.", "round(statistics.stdev(minutes), 3)"),
            _step("Quartiles.", "statistics.quantiles(minutes, n=4)"),
        ),
    ),
    NotebookPlan(
        "json-round-trip",
        "A JSON round trip",
        "Writing data as JSON and reading it back.",
        (
            _step(
                "A course as nested data.",
                """
                import json
                course = {"title": "Intro", "sessions": [1, 2, 3], "open": True}
                text = json.dumps(course, sort_keys=True)
                print(text)
                """,
            ),
            _step("Reading it back gives equal data.", "json.loads(text) == course"),
            _step("Indentation costs bytes.", "len(text), len(json.dumps(course, indent=2))"),
        ),
    ),
    NotebookPlan(
        "dates-and-calendars",
        "Dates and calendars",
        "Date arithmetic with the standard library.",
        (
            _step(
                "Days between two sessions.",
                """
                from datetime import date
                (date(2026, 3, 14) - date(2026, 1, 9)).days
                """,
            ),
            _step("Which weekday a date falls on.", 'print(date(2026, 3, 14).strftime("%A"))'),
            _step(
                "Days in each month of the year.",
                """
                import calendar
                [calendar.monthrange(2026, m)[1] for m in range(1, 13)]
                """,
            ),
        ),
    ),
    NotebookPlan(
        "itertools-recipes",
        "Itertools recipes",
        "Counting arrangements and running totals.",
        (
            _step(
                "Orderings of four items.",
                """
                import itertools
                len(list(itertools.permutations("abcd")))
                """,
            ),
            _step(
                "Pairs for a review rota.",
                'print(list(itertools.combinations(["Ana", "Bo", "Chen"], 2)))',
            ),
            _step("Running totals.", "list(itertools.accumulate([3, 1, 4, 1, 5, 9, 2, 6]))"),
            _step(
                "Group consecutive equal items.",
                '[(k, len(list(g))) for k, g in itertools.groupby("aaabccdddd")]',
            ),
        ),
    ),
    NotebookPlan(
        "checksums-with-zlib",
        "Checksums with zlib",
        "Fast checksums, and what compression does to repetitive text.",
        (
            _step(
                "A CRC-32 checksum.",
                """
                import zlib
                zlib.crc32(b"course material")
                """,
            ),
            _step("Adler-32 is faster and weaker.", 'print(hex(zlib.adler32(b"course material")))'),
            _step(
                "Repetitive text compresses well.",
                """
                data = b"lesson " * 500
                len(data), len(zlib.compress(data))
                """,
            ),
        ),
    ),
)


def _cell(kind: str, text: str) -> dict[str, object]:
    cell: dict[str, object] = {
        "cell_type": kind,
        "metadata": {},
        "source": text.splitlines(keepends=True),
    }
    if kind == "code":
        cell |= {"execution_count": None, "outputs": []}
    return cell


def notebook_json(plan: NotebookPlan, setup: str = "") -> dict[str, object]:
    """The notebook as nbformat 4.5 JSON (cell ids included), without outputs.

    ``setup``, when given, is a first code cell (the course benchmark logs each execution).
    """
    cells = [_cell("markdown", f"# {plan.title}\n\n{plan.intro}")]
    if setup:
        cells.append(_cell("code", setup))
    for explanation, code in plan.steps:
        cells += [_cell("markdown", explanation), _cell("code", code)]
    digest = f'hashlib.sha256(b"bench-{plan.slug}").hexdigest()[:16]'
    cells += [
        _cell("markdown", "## Check"),
        _cell("code", f'import hashlib\nprint("verified", {digest})'),
    ]
    for number, cell in enumerate(cells, start=1):
        cell["id"] = f"cell-{number}"
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write_notebook(folder: Path, plan: NotebookPlan, setup: str = "") -> None:
    """Write ``plan`` as ``folder/<slug>.ipynb`` (see ``notebook_json`` for ``setup``)."""
    text = json.dumps(notebook_json(plan, setup), indent=1, ensure_ascii=False) + "\n"
    (folder / f"{plan.slug}.ipynb").write_text(text, encoding="utf-8")


def write_pages(docs: Path, plans: Sequence[PagePlan], rng: random.Random) -> None:
    """Write manual pages of about 1,000 words (see ``page_markdown``) under ``docs``."""
    for plan in plans:
        path = docs / plan.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_markdown(rng, plan, plans), encoding="utf-8")


def write_config(root: Path, site_name: str, plugins: str, extra: str = "") -> None:
    """Write a site's mkdocs.yml: the shared theme and extensions, ``extra`` settings, then
    its plugins."""
    config = f"site_name: {site_name}\n{extra}{THEME}{MARKDOWN_EXTENSIONS}plugins:\n{plugins}"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


@dataclass(frozen=True)
class Measurement:
    """One build: wall time, CPU time and peak memory of its process tree."""

    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    output: str


def run_build(command: Sequence[str], cwd: Path, env: dict[str, str]) -> Measurement:
    """Run one build in a subprocess and measure it.

    ``os.wait4`` gives the rusage of the child and every descendant it waited for (the
    kernels): CPU time summed, RSS as the largest single process.
    """
    shutil.rmtree(cwd / "site", ignore_errors=True)  # every build starts from no site/
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace").strip()
    if process.returncode != 0:
        raise BenchError(
            f"'{' '.join(command)}' in {cwd} exited with {process.returncode}:\n{output}"
        )
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    rss_bytes = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measurement(seconds, usage.ru_utime + usage.ru_stime, rss_bytes / 2**20, output)


def html_path(page: str) -> str:
    """Where MkDocs writes a page with ``use_directory_urls`` (its default)."""
    folder, name = posixpath.split(page)
    if name == "index.md":
        return posixpath.join(folder, "index.html")
    return posixpath.join(folder, posixpath.splitext(name)[0], "index.html")


def summarise(output: str) -> str:
    """Build output, indented, each distinct line once (kernels repeat their warnings)."""
    counts = Counter(output.splitlines())
    return "\n".join(
        f"    {line}" + (f"  ({count}x)" if count > 1 else "") for line, count in counts.items()
    )


def versions(packages: Sequence[str]) -> str:
    """The installed versions of ``packages``, in one line."""
    found = []
    for name in packages:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def cpu_summary() -> str:
    """OS, architecture, CPUs this process may use, and the Python version."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    total = os.cpu_count()
    cpus = f"{total} CPUs" if usable in (None, total) else f"{usable} of {total} CPUs usable"
    return f"{platform.system()} {platform.machine()}, {cpus}, Python {platform.python_version()}"


@dataclass(frozen=True)
class Ratio:
    """One of the two targets: a ratio of medians and its upper bound."""

    label: str
    value: float
    target: float

    @property
    def passed(self) -> bool:
        """The ratio is at or under its target."""
        return self.value <= self.target
