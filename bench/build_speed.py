"""Build-speed benchmark: eduplat against mkdocs-jupyter and plain MkDocs.

Generates one synthetic site (50 Markdown pages, 10 small notebooks) in a temporary folder
and builds it three ways, each as a subprocess so that imports count:

- **eduplat**: ``eduplat build``, notebooks in ``tutorials/``; *cold* with an empty cache
  (a new ``EDUPLAT_CACHE_DIR`` every time), *warm* as the second build with that cache;
- **mkdocs-jupyter**: ``mkdocs build`` with ``execute: true`` and its cache turned off;
- **plain**: ``mkdocs build`` of the 50 pages alone, the floor any plugin adds to.

It prints medians, the two ratios eduplat aims for, and peak memory. It is a report, not a
test: the exit code is 0 whatever the numbers, unless ``--check`` is given.

Run it with ``make bench``, or ``.venv/bin/python bench/build_speed.py --help``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import posixpath
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

PAGE_COUNT = 50
COLD_TARGET = 0.35  # eduplat cold / mkdocs-jupyter
WARM_TARGET = 1.3  # eduplat warm / plain mkdocs
PACKAGES = (
    "eduplat",
    "mkdocs",
    "mkdocs-material",
    "mkdocs-jupyter",
    "jupytext",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "rfc3987-syntax",
)
# The scripts of the environment this runs in (`make bench` uses .venv/bin/python).
BIN = Path(sys.executable).parent

COLD = "eduplat cold (empty cache)"
WARM = "eduplat warm (2nd build, same cache)"
JUPYTER = "mkdocs-jupyter (execute, no cache)"
PLAIN = "plain mkdocs (50 pages, no notebooks)"
BUILDS = (COLD, WARM, JUPYTER, PLAIN)


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

FOLDERS = {"": 1, "guide": 14, "howto": 12, "reference": 12, "concepts": 11}

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


def plan_pages(rng: random.Random) -> list[PagePlan]:
    """50 pages in a few folders, each folder with an index page."""
    titles = [f"{verb} {noun}" for verb in TITLE_VERBS for noun in TITLE_NOUNS]
    rng.shuffle(titles)
    plans = []
    for folder, count in FOLDERS.items():
        for number in range(count):
            name = "index.md" if number == 0 else f"page-{number:02d}.md"
            plans.append(PagePlan(posixpath.join(folder, name), titles.pop()))
    assert len(plans) == PAGE_COUNT
    return plans


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


def write_pages(docs: Path) -> list[str]:
    """Write the 50 Markdown pages under ``docs``; return their paths relative to it."""
    rng = random.Random(20261125)  # the same site on every run and every machine
    plans = plan_pages(rng)
    for plan in plans:
        path = docs / plan.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_markdown(rng, plan, plans), encoding="utf-8")
    return [plan.path for plan in plans]


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


def notebook_json(plan: NotebookPlan) -> dict[str, object]:
    """The notebook as nbformat 4.5 JSON (cell ids included), without outputs."""
    cells = [_cell("markdown", f"# {plan.title}\n\n{plan.intro}")]
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


def write_notebooks(folder: Path) -> None:
    """Write the notebooks once; the sites copy these files, so all read the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for plan in NOTEBOOKS:
        text = json.dumps(notebook_json(plan), indent=1, ensure_ascii=False) + "\n"
        (folder / f"{plan.slug}.ipynb").write_text(text, encoding="utf-8")


def write_config(root: Path, site_name: str, plugins: str) -> None:
    """Write a site's mkdocs.yml: the shared theme and extensions, then its plugins."""
    config = f"site_name: {site_name}\n{THEME}{MARKDOWN_EXTENSIONS}plugins:\n{plugins}"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")


@dataclass(frozen=True)
class Sites:
    """The three site folders (each holds a mkdocs.yml) and the pages they share."""

    eduplat: Path
    jupyter: Path
    plain: Path
    pages: tuple[str, ...]


def make_sites(work: Path) -> Sites:
    """Generate the pages and notebooks once and lay out the three sites."""
    pages, notebooks = work / "source" / "docs", work / "source" / "notebooks"
    page_paths = tuple(write_pages(pages))
    write_notebooks(notebooks)
    sites = Sites(work / "eduplat", work / "mkdocs-jupyter", work / "plain", page_paths)

    shutil.copytree(pages, sites.eduplat / "docs")
    shutil.copytree(notebooks, sites.eduplat / "tutorials")
    write_config(sites.eduplat, "Bench (eduplat)", "  - search\n  - eduplat\n")

    shutil.copytree(pages, sites.jupyter / "docs")
    shutil.copytree(notebooks, sites.jupyter / "docs" / "notebooks")
    # mkdocs-jupyter >= 0.26 caches rendered notebooks by default (in .cache/ of the working
    # directory): off, or its second build would not execute anything.
    write_config(
        sites.jupyter,
        "Bench (mkdocs-jupyter)",
        "  - search\n"
        "  - mkdocs-jupyter:\n"
        "      execute: true\n"
        "      allow_errors: false\n"
        "      cache: false\n",
    )

    shutil.copytree(pages, sites.plain / "docs")
    write_config(sites.plain, "Bench (plain)", "  - search\n")
    return sites


# --- Running and measuring builds -------------------------------------------------------


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


def verify_site(site: Path, pages: Sequence[str], notebook_pages: Path | None) -> None:
    """Check a build produced every page and, where expected, ran every notebook.

    Args:
        site: The built site.
        pages: Markdown pages, relative to docs/.
        notebook_pages: Folder of the notebook pages in ``site``; None for a site without.
    """
    missing = [page for page in pages if not (site / html_path(page)).is_file()]
    if missing:
        raise BenchError(f"{site}: pages missing after the build: {', '.join(missing[:5])}")
    if notebook_pages is None:
        return
    for plan in NOTEBOOKS:
        page = notebook_pages / plan.slug / "index.html"
        if not page.is_file():
            raise BenchError(f"{page}: the page of notebook '{plan.slug}' was not built")
        if plan.check_digest not in page.read_text(encoding="utf-8"):
            raise BenchError(f"{page}: the last cell's output is missing: did it run?")


class Bench:
    """Runs the four builds round by round and keeps their measurements."""

    def __init__(self, sites: Sites, work: Path) -> None:
        self.sites = sites
        self.work = work
        self.env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.env.pop("EDUPLAT_CACHE_DIR", None)
        self.results: dict[str, list[Measurement]] = {name: [] for name in BUILDS}
        self.caches = 0

    def _build(self, name: str, cwd: Path, command: Sequence[str], env: dict[str, str]) -> None:
        measurement = run_build(command, cwd, env)
        notebooks = {COLD: "tutorials", WARM: "tutorials", JUPYTER: "notebooks"}.get(name)
        site = cwd / "site"
        verify_site(site, self.sites.pages, site / notebooks if notebooks else None)
        self.results[name].append(measurement)
        print(f"  {name:<40} {measurement.seconds:7.2f} s", file=sys.stderr)

    def _eduplat_pair(self) -> None:
        """A cold build with a new, empty cache, then the warm build with the same cache."""
        self.caches += 1
        cache = self.work / "caches" / f"cache-{self.caches}"
        env = {**self.env, "EDUPLAT_CACHE_DIR": str(cache)}
        command = [str(BIN / "eduplat"), "build", "-q", "-f", "mkdocs.yml"]
        self._build(COLD, self.sites.eduplat, command, env)
        self._build(WARM, self.sites.eduplat, command, env)
        shutil.rmtree(cache)

    def _jupyter(self) -> None:
        command = [str(BIN / "mkdocs"), "build", "-q"]
        self._build(JUPYTER, self.sites.jupyter, command, self.env)

    def _plain(self) -> None:
        self._build(PLAIN, self.sites.plain, [str(BIN / "mkdocs"), "build", "-q"], self.env)

    def round(self, number: int) -> None:
        """One build of each kind; the order rotates so no tool always runs first."""
        steps = [self._eduplat_pair, self._jupyter, self._plain]
        shift = number % len(steps)
        for step in steps[shift:] + steps[:shift]:
            step()


# --- Report -----------------------------------------------------------------------------


def summarise(output: str) -> str:
    """Build output, indented, each distinct line once (kernels repeat their warnings)."""
    counts = Counter(output.splitlines())
    return "\n".join(
        f"    {line}" + (f"  ({count}x)" if count > 1 else "") for line, count in counts.items()
    )


def nbformat_import_seconds() -> tuple[float, float]:
    """What importing nbformat costs one process here: plainly (as mkdocs-jupyter's build
    does) and the way eduplat imports it (median of 3 each).

    It is about 0.9 s when jsonschema's optional IRI checker (rfc3987-syntax, which builds a
    grammar at import) is installed, as pytest-notebook's dependencies bring it in; eduplat
    skips that checker (``eduplat.tutorials.imports``).
    """
    plain: list[float] = []
    eduplat: list[float] = []
    quiet = "from eduplat.tutorials.imports import jupyter_imports as q\nwith q(): import nbformat"
    for _ in range(3):
        for code, times in (("import nbformat", plain), (quiet, eduplat)):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - started)
    return statistics.median(plain), statistics.median(eduplat)


def versions() -> str:
    """The installed versions of the packages that take part, in one line."""
    found = []
    for name in PACKAGES:
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


def report(
    results: dict[str, list[Measurement]], repeat: int, nbformat_seconds: tuple[float, float]
) -> list[Ratio]:
    """Print the results table; return the two ratios."""
    median = {name: statistics.median(m.seconds for m in runs) for name, runs in results.items()}
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print()
    print(f"eduplat build benchmark, {when}")
    print(f"machine:  {cpu_summary()}")
    print(f"versions: {versions()}")
    print(
        f"imports:  python -c 'import nbformat' takes {nbformat_seconds[0]:.2f} s here, "
        f"{nbformat_seconds[1]:.2f} s as eduplat imports it; each build pays it once"
    )
    print(
        f"site:     {PAGE_COUNT} Markdown pages + {len(NOTEBOOKS)} notebooks (.ipynb); "
        f"median of {repeat} run(s) after 1 warm-up round"
    )
    print()
    header = f"{'build':<40} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7} {'peak RSS':>9}"
    print(header)
    print("-" * len(header))
    for name, runs in results.items():
        seconds = [m.seconds for m in runs]
        cpu = statistics.median(m.cpu_seconds for m in runs)
        rss = max(m.peak_rss_mib for m in runs)
        print(
            f"{name:<40} {median[name]:>9.2f} {min(seconds):>7.2f} {max(seconds):>7.2f} "
            f"{cpu:>7.1f} {rss:>6.0f} MiB"
        )
    print()
    ratios = [
        Ratio(
            "eduplat cold / mkdocs-jupyter (execute, no cache)",
            median[COLD] / median[JUPYTER],
            COLD_TARGET,
        ),
        Ratio(
            "eduplat warm / plain mkdocs (50 pages, no notebooks)",
            median[WARM] / median[PLAIN],
            WARM_TARGET,
        ),
    ]
    header = f"{'ratio of medians':<53} {'value':>6} {'target':>8}  result"
    print(header)
    print("-" * len(header))
    for ratio in ratios:
        verdict = "PASS" if ratio.passed else "MISS"
        print(f"{ratio.label:<53} {ratio.value:>6.2f} {f'<= {ratio.target:.2f}':>8}  {verdict}")
    print()
    print("CPU s: user + system time of the build and the processes it waited for (kernels).")
    print("peak RSS: the largest single process of the build's tree, highest over the runs.")
    return ratios


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line: ``--repeat N``, ``--check``, ``--keep``."""
    parser = argparse.ArgumentParser(
        description="Time eduplat builds against mkdocs-jupyter and plain MkDocs.",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="measured runs per build (default 3)"
    )
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when a ratio misses its target"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated sites and print where they are"
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def check_tools() -> None:
    """Fail early, with the install command, when a tool being compared is missing."""
    missing = [name for name in ("eduplat", "mkdocs") if not (BIN / name).exists()]
    try:
        metadata.version("mkdocs-jupyter")
    except metadata.PackageNotFoundError:
        missing.append("mkdocs-jupyter")
    if missing:
        raise BenchError(
            f"not installed in {sys.prefix}: {', '.join(missing)}; "
            "run: pip install -e '.[bench]' (or: make bench)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 normally, 1 on a missed target with --check, 2 on a failure."""
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="eduplat-bench-"))
    try:
        check_tools()
        sites = make_sites(work)
        bench = Bench(sites, work)
        print("warm-up round (not measured)", file=sys.stderr)
        bench.round(0)
        for name, runs in bench.results.items():
            if runs[0].output:  # -q leaves warnings only: worth seeing, they may skew a build
                print(f"  note: {name} printed:\n{summarise(runs[0].output)}", file=sys.stderr)
            runs.clear()
        for number in range(1, args.repeat + 1):
            print(f"round {number} of {args.repeat}", file=sys.stderr)
            bench.round(number)
        ratios = report(bench.results, args.repeat, nbformat_import_seconds())
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"sites kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    missed = [ratio for ratio in ratios if not ratio.passed]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
