"""Large-course benchmark: eduplat on a synthetic course against plain Material.

Generates a course (x1: 1000 manual pages in folders of 50, 200 tutorial notebooks, 200 GIFT
quizzes, 500 webinar sessions over 5 time zones, series included) and, with ``--scale 1,2``,
the same doubled. For each scale it prints, in one run:

- **cold**: ``eduplat build`` with an empty cache, and how many notebooks executed (each
  notebook appends its name to a log file, so the count comes from the notebooks themselves);
- **warm**: the same build again, nothing changed (it must execute nothing);
- **plain**: ``mkdocs build`` of a Material site with as many ordinary Markdown pages as the
  eduplat site has pages, the floor any plugin adds to;
- optionally (``--jupyter``) **mkdocs-jupyter** executing the same notebooks beside the
  manual pages, the cold baseline;
- the ratios against their targets, and the peak RSS of each build (measured from outside,
  with ``os.wait4``).

Each build is a subprocess, so imports count. Warm and plain builds alternate round by
round, and the warm/plain ratio is also taken pair by pair, so a slow phase of the machine
hits both. It is a report, not a test: the exit code is 0 whatever the numbers, unless
``--check`` is given. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from _common import (
    BIN,
    NOTEBOOKS,
    OBJECTS,
    TITLE_NOUNS,
    TITLE_VERBS,
    BenchError,
    Measurement,
    NotebookPlan,
    PagePlan,
    cpu_summary,
    html_path,
    run_build,
    summarise,
    versions,
    write_config,
    write_notebook,
    write_pages,
)
from _common import _paragraph as paragraph
from _common import _sentence as sentence

WARM_TARGET = 1.3  # eduplat warm / plain Material, same page count
COLD_TARGET = 0.45  # eduplat cold / mkdocs-jupyter
FOLDER_SIZE = 50
ZONES = ("Europe/Berlin", "Asia/Shanghai", "America/New_York", "UTC", "Australia/Sydney")
PACKAGES = ("eduplat", "mkdocs", "mkdocs-material", "icalendar", "jinja2", "markdown")
SITE_URL = "https://course.example.org/"

COLD = "eduplat cold (empty cache)"
WARM = "eduplat warm (nothing changed)"
PLAIN = "plain Material (same page count)"
JUPYTER = "mkdocs-jupyter (execute, no cache)"


@dataclass(frozen=True)
class Scale:
    """How big the course is."""

    factor: int
    pages: int
    tutorials: int
    quizzes: int
    sessions: int

    @classmethod
    def of(cls, factor: int) -> Scale:
        """x1 is 1000 pages, 200 tutorials, 200 quizzes, 500 sessions; xN is N times that."""
        return cls(factor, 1000 * factor, 200 * factor, 200 * factor, 500 * factor)

    @property
    def site_pages(self) -> int:
        """Pages of the eduplat site: the manual, one per item, and three index pages."""
        return self.pages + self.tutorials + self.quizzes + self.sessions + 3

    def describe(self) -> str:
        """One line for the report."""
        return (
            f"x{self.factor}: {self.pages} manual pages, {self.tutorials} tutorials, "
            f"{self.quizzes} quizzes, {self.sessions} webinar sessions "
            f"({self.site_pages} pages in all)"
        )


# --- The synthetic course ---------------------------------------------------------------


def plan_pages(count: int, folder: str, rng: random.Random) -> list[PagePlan]:
    """``count`` pages in sub-folders of 50 below ``folder``, each with an index page."""
    plans = []
    for number in range(count):
        part, index = divmod(number, FOLDER_SIZE)
        name = "index.md" if index == 0 else f"page-{index:02d}.md"
        title = f"{rng.choice(TITLE_VERBS)} {rng.choice(TITLE_NOUNS)} ({number + 1})"
        plans.append(PagePlan(f"{folder}part-{part + 1:02d}/{name}".lstrip("/"), title))
    return plans


def tutorial_plans(count: int) -> list[NotebookPlan]:
    """``count`` small standard-library notebooks, built from the ten of ``_common``."""
    plans = []
    for number in range(count):
        base = NOTEBOOKS[number % len(NOTEBOOKS)]
        slug = f"{base.slug}-{number + 1:03d}"
        plans.append(replace(base, slug=slug, title=f"{base.title} {number + 1}"))
    return plans


def log_cell(log: Path, slug: str) -> str:
    """The first code cell: append the notebook's name to ``log`` (one line per run)."""
    return (
        "from pathlib import Path as _Path\n"
        f"with _Path({str(log)!r}).open('a', encoding='utf-8') as _log:\n"
        f"    _log.write({slug + chr(10)!r})"
    )


def write_notebooks(folder: Path, plans: Sequence[NotebookPlan], log: Path) -> None:
    """Write each notebook as ``<slug>.ipynb``."""
    folder.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        write_notebook(folder, plan, setup=log_cell(log, plan.slug))


def gift_quiz(rng: random.Random, number: int) -> str:
    """A GIFT file with one question of each common kind."""
    words = ("alpha", "beta", "gamma", "delta")
    left = rng.sample(TITLE_NOUNS, 3)
    a, b = rng.randint(2, 9), rng.randint(2, 9)
    questions = [
        f"// Quiz {number}: generated for the course benchmark.",
        (
            f"// [id:choice] [tag:week-{number % 12 + 1}]\n"
            f"::Which one::{sentence(rng)} Which statement holds? {{\n"
            f"\t={rng.choice(OBJECTS)}#Right. {sentence(rng)}\n"
            f"\t~{rng.choice(OBJECTS)}#No. {sentence(rng)}\n"
            f"\t~{rng.choice(OBJECTS)}#No. {sentence(rng)}\n"
            f"\t####{paragraph(rng, 1, 2)}\n}}"
        ),
        f"// [id:true-false]\n::True or false::{sentence(rng)} {{TRUE#{sentence(rng)}}}",
        (
            f"// [id:word]\n::A word::Type the first word of this list: {', '.join(words)}. "
            f"{{={words[0]} ={words[0].upper()}}}"
        ),
        f"// [id:product]\n::A number::What is {a} times {b}? {{#{a * b}}}",
        "// [id:matching]\n::Matching::Match each item with its number. {\n"
        + "".join(f"\t={item} -> {n}\n" for n, item in enumerate(left, start=1))
        + "}",
    ]
    return "\n\n".join(questions) + "\n"


def session_yaml(
    rng: random.Random, number: int, zone_start: dt.datetime, tutorials: Sequence[str], quiz: str
) -> str:
    """One session of the schedule; every tenth is a weekly series with a skip and an
    override."""
    lines = [
        f"  - id: session-{number:04d}",
        f"    title: {json.dumps(rng.choice(TITLE_VERBS) + ' ' + rng.choice(TITLE_NOUNS))}",
        "    abstract: |",
        f"      {paragraph(rng, 2, 4)}",
        f"    start: {zone_start:%Y-%m-%d %H:%M}",
        f"    duration: {rng.choice((45, 60, 90))}",
        "    presenters:",
        f"      - name: Presenter {number % 37 + 1}",
        f"        bio: {json.dumps(sentence(rng))}",
        f"    tags: [week-{number % 12 + 1}, {rng.choice(('basics', 'advanced', 'review'))}]",
        f"    join: https://meet.example.org/session-{number:04d}",
        f"    tutorials: [{', '.join(tutorials)}]",
        f"    quizzes: [{quiz}]",
    ]
    if number % 10 == 0:
        skipped = zone_start.date() + dt.timedelta(days=14)
        moved = zone_start.date() + dt.timedelta(days=7)
        lines += [
            "    repeat:",
            "      frequency: weekly",
            "      count: 6",
            f"      skip: [{skipped.isoformat()}]",
            "      overrides:",
            f"        - date: {moved.isoformat()}",
            '          title: "Special edition"',
        ]
    return "\n".join(lines)


def write_schedule(
    folder: Path, count: int, tutorials: Sequence[str], quizzes: Sequence[str], seed: int
) -> None:
    """``count`` sessions in one file per time zone (``webinars/<n>-<zone>.yml``)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    per_zone: dict[str, list[str]] = {zone: [] for zone in ZONES}
    first = dt.datetime(2026, 1, 5, 10, 0)
    for number in range(1, count + 1):
        zone = ZONES[number % len(ZONES)]
        # Spread over the years; office hours, so no DST gap or fold.
        start = first + dt.timedelta(days=number * 13 // 10, hours=(number % 4) * 2)
        related = [tutorials[number % len(tutorials)]]
        quiz = quizzes[number % len(quizzes)]
        per_zone[zone].append(session_yaml(rng, number, start, related, quiz))
    for index, (zone, sessions) in enumerate(per_zone.items(), start=1):
        text = f"timezone: {zone}\nsessions:\n" + "\n\n".join(sessions) + "\n"
        name = zone.replace("/", "-").lower()
        (folder / f"{index}-{name}.yml").write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Course:
    """The generated sites of one scale."""

    scale: Scale
    root: Path
    eduplat: Path
    plain: Path
    jupyter: Path
    pages: tuple[str, ...]  # manual pages, relative to docs/
    tutorials: tuple[NotebookPlan, ...]
    log: Path  # one line per notebook execution

    def executions(self) -> int:
        """Notebook executions logged so far."""
        try:
            return len(self.log.read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            return 0


def make_course(work: Path, scale: Scale) -> Course:
    """Generate the course of ``scale`` in ``work/x<factor>`` (or reuse it if it is there)."""
    root = work / f"x{scale.factor}"
    rng = random.Random(20261203 + scale.factor)
    plans = plan_pages(scale.pages, "", rng)
    tutorials = tutorial_plans(scale.tutorials)
    course = Course(
        scale,
        root,
        root / "eduplat",
        root / "plain",
        root / "mkdocs-jupyter",
        tuple(p.path for p in plans),
        tuple(tutorials),
        root / "executions.log",
    )
    marker = root / "generated.json"
    if marker.is_file() and json.loads(marker.read_text()) == scale.__dict__:
        return course
    shutil.rmtree(root, ignore_errors=True)
    source = root / "source"
    write_pages(source / "docs", plans, rng)
    write_notebooks(source / "notebooks", tutorials, course.log)

    site = course.eduplat
    shutil.copytree(source / "docs", site / "docs")
    shutil.copytree(source / "notebooks", site / "tutorials")
    quizzes = site / "quizzes"
    quizzes.mkdir()
    quiz_ids = [f"quiz-{n:03d}" for n in range(1, scale.quizzes + 1)]
    for number, quiz_id in enumerate(quiz_ids, start=1):
        (quizzes / f"{quiz_id}.gift").write_text(gift_quiz(rng, number), encoding="utf-8")
    write_schedule(
        site / "webinars", scale.sessions, [t.slug for t in tutorials], quiz_ids, scale.factor
    )
    extra = f"site_url: {SITE_URL}\n"
    write_config(site, "Course (eduplat)", "  - search\n  - eduplat\n", extra)

    # As many ordinary pages as eduplat makes, out of the nav like eduplat's item pages.
    extra_count = scale.site_pages - scale.pages
    shutil.copytree(source / "docs", course.plain / "docs")
    write_pages(course.plain / "docs", plan_pages(extra_count, "more/", rng), rng)
    write_config(
        course.plain, "Course (plain)", "  - search\n", extra + "not_in_nav: |\n  /more/\n"
    )

    shutil.copytree(source / "docs", course.jupyter / "docs")
    shutil.copytree(source / "notebooks", course.jupyter / "docs" / "notebooks")
    write_config(
        course.jupyter,
        "Course (mkdocs-jupyter)",
        "  - search\n  - mkdocs-jupyter:\n      execute: true\n      allow_errors: false\n"
        "      cache: false\n",
        extra,
    )
    shutil.rmtree(source)
    course.log.unlink(missing_ok=True)
    marker.write_text(json.dumps(scale.__dict__))
    return course


def verify(course: Course, name: str) -> None:
    """Check a build wrote every manual page and, for eduplat, every tutorial, quiz and
    session page (and that each tutorial page shows its last cell's output)."""
    site = {COLD: course.eduplat, WARM: course.eduplat, PLAIN: course.plain}.get(
        name, course.jupyter
    )
    out = site / "site"
    missing = [page for page in course.pages if not (out / html_path(page)).is_file()]
    if name in (COLD, WARM):
        scale = course.scale
        expected = [f"quizzes/quiz-{n:03d}/index.html" for n in range(1, scale.quizzes + 1)]
        expected += [f"webinars/session-{n:04d}/index.html" for n in range(1, scale.sessions + 1)]
        expected += ["webinars/webinars.ics", "webinars/feed.xml"]
        missing += [path for path in expected if not (out / path).is_file()]
    if missing:
        raise BenchError(f"{out}: {len(missing)} page(s) missing, e.g. {', '.join(missing[:3])}")
    folder = {COLD: "tutorials", WARM: "tutorials", JUPYTER: "notebooks"}.get(name)
    if folder is None:
        return
    for plan in course.tutorials:
        page = out / folder / plan.slug / "index.html"
        if not page.is_file() or plan.check_digest not in page.read_text(encoding="utf-8"):
            raise BenchError(f"{page}: missing, or without its last cell's output")


# --- Running ------------------------------------------------------------------------------


@dataclass
class Run:
    """One measured build and the notebook executions it caused."""

    measurement: Measurement
    executed: int


@dataclass
class Results:
    """Every measured build of one scale, by kind."""

    course: Course
    runs: dict[str, list[Run]] = field(default_factory=dict)
    pairs: list[float] = field(default_factory=list)  # warm / plain wall time, by round
    cpu_pairs: list[float] = field(default_factory=list)  # the same with CPU time


class CourseBench:
    """Builds one course the ways the options ask for."""

    def __init__(self, course: Course) -> None:
        self.course = course
        self.env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.env["EDUPLAT_CACHE_DIR"] = str(course.root / "cache")
        self.results = Results(course)

    def build(self, name: str, *, measured: bool = True) -> Run:
        site = {COLD: self.course.eduplat, WARM: self.course.eduplat}.get(name)
        if site is not None:
            command = [str(BIN / "eduplat"), "build", "-q", "-f", "mkdocs.yml"]
        else:
            site = self.course.plain if name == PLAIN else self.course.jupyter
            command = [str(BIN / "mkdocs"), "build", "-q"]
        before = self.course.executions()
        measurement = run_build(command, site, self.env)
        run = Run(measurement, self.course.executions() - before)
        verify(self.course, name)
        label = name if measured else f"{name} (warm-up, not measured)"
        print(
            f"  x{self.course.scale.factor} {label:<52} {measurement.seconds:7.2f} s"
            f"  {run.executed} executed",
            file=sys.stderr,
        )
        if measurement.output:
            print(f"    it printed:\n{summarise(measurement.output)}", file=sys.stderr)
        if measured:
            self.results.runs.setdefault(name, []).append(run)
        return run

    def cold(self) -> None:
        shutil.rmtree(self.course.root / "cache", ignore_errors=True)
        (self.course.eduplat / "webinars.history.json").unlink(missing_ok=True)
        run = self.build(COLD)
        if run.executed != self.course.scale.tutorials:
            raise BenchError(
                f"the cold build executed {run.executed} notebook(s), "
                f"expected {self.course.scale.tutorials}"
            )

    def rounds(self, repeat: int) -> None:
        for number in range(repeat):
            order = (WARM, PLAIN) if number % 2 == 0 else (PLAIN, WARM)
            runs = {}
            for name in order:
                runs[name] = self.build(name).measurement
                if name == WARM and self.results.runs[WARM][-1].executed:
                    raise BenchError("a warm build executed notebooks")
            self.results.pairs.append(runs[WARM].seconds / runs[PLAIN].seconds)
            self.results.cpu_pairs.append(runs[WARM].cpu_seconds / runs[PLAIN].cpu_seconds)


# --- Report -------------------------------------------------------------------------------


def report(all_results: Sequence[Results], repeat: int) -> list[tuple[str, float, float]]:
    """Print one table per scale and the ratios; return (label, value, target) of each."""
    print()
    print(f"eduplat large-course benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M UTC}")
    print(f"machine:  {cpu_summary()}")
    print(f"versions: {versions(PACKAGES)}")
    print(f"warm and plain: median of {repeat} round(s), alternating order; cold: one build")
    ratios: list[tuple[str, float, float]] = []
    for results in all_results:
        scale = results.course.scale
        print()
        print(scale.describe())
        header = (
            f"{'build':<36} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7} "
            f"{'peak RSS':>9} {'executed':>9}"
        )
        print(header)
        print("-" * len(header))
        median: dict[str, float] = {}
        for name in (COLD, WARM, PLAIN, JUPYTER):
            runs = results.runs.get(name)
            if not runs:
                continue
            seconds = [r.measurement.seconds for r in runs]
            median[name] = statistics.median(seconds)
            cpu = statistics.median(r.measurement.cpu_seconds for r in runs)
            rss = max(r.measurement.peak_rss_mib for r in runs)
            executed = "/".join(sorted({str(r.executed) for r in runs}))
            print(
                f"{name:<36} {median[name]:>9.2f} {min(seconds):>7.2f} {max(seconds):>7.2f} "
                f"{cpu:>7.1f} {rss:>6.0f} MiB {executed:>9}"
            )
        print()
        if WARM in median and PLAIN in median:
            ratios.append(
                (
                    f"x{scale.factor} warm / plain (median of pairs)",
                    statistics.median(results.pairs),
                    WARM_TARGET,
                )
            )
            ratios.append(
                (
                    f"x{scale.factor} warm / plain (ratio of medians)",
                    median[WARM] / median[PLAIN],
                    WARM_TARGET,
                )
            )
            ratios.append(
                (
                    f"x{scale.factor} warm / plain, CPU s (median of pairs)",
                    statistics.median(results.cpu_pairs),
                    WARM_TARGET,
                )
            )
            pairs = ", ".join(f"{p:.2f}" for p in results.pairs)
            cpu_pairs = ", ".join(f"{p:.2f}" for p in results.cpu_pairs)
            print(f"warm/plain, round by round: wall {pairs}; CPU {cpu_pairs}")
        if COLD in median and JUPYTER in median:
            ratios.append(
                (
                    f"x{scale.factor} cold / mkdocs-jupyter",
                    median[COLD] / median[JUPYTER],
                    COLD_TARGET,
                )
            )
    print()
    header = f"{'ratio':<52} {'value':>6} {'target':>8}  result"
    print(header)
    print("-" * len(header))
    for label, value, target in ratios:
        verdict = "PASS" if value <= target else "MISS"
        print(f"{label:<52} {value:>6.2f} {f'<= {target:.2f}':>8}  {verdict}")
    print()
    print("CPU s: user + system time of the build and the processes it waited for (kernels).")
    print("peak RSS: the largest single process of the build's tree, highest over the runs.")
    print("executed: notebook executions during the build, as logged by the notebooks.")
    return ratios


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time eduplat on a large synthetic course against plain Material."
    )
    parser.add_argument(
        "--scale",
        default="1,2",
        help="comma-separated scale factors: 1 is 1000 pages, 200 tutorials, 200 quizzes, "
        "500 sessions (default 1,2)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="warm/plain rounds (default 3)"
    )
    parser.add_argument(
        "--skip-cold",
        action="store_true",
        help="no measured cold build: the cache is filled (or reused) by a warm-up build",
    )
    parser.add_argument(
        "--jupyter",
        action="store_true",
        help="also time mkdocs-jupyter executing the notebooks (needs the bench extra)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="generate the sites here and keep them (reused by later runs of the same scale)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio misses")
    args = parser.parse_args(argv)
    try:
        args.scales = [Scale.of(int(s)) for s in args.scale.split(",") if s.strip()]
    except ValueError:
        parser.error("--scale takes numbers, e.g. 1,2")
    if not args.scales or min(s.factor for s in args.scales) < 1 or args.repeat < 1:
        parser.error("--scale and --repeat must be at least 1")
    return args


def check_tools(jupyter: bool) -> None:
    """Fail early, with the install command, when a tool is missing."""
    missing = [name for name in ("eduplat", "mkdocs") if not (BIN / name).exists()]
    if jupyter:
        try:
            metadata.version("mkdocs-jupyter")
        except metadata.PackageNotFoundError:
            missing.append("mkdocs-jupyter")
    if missing:
        raise BenchError(
            f"not installed in {sys.prefix}: {', '.join(missing)}; run: pip install -e '.[bench]'"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 0 normally, 1 on a missed target with --check, 2 on a failure."""
    args = parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="eduplat-course-"))
    work.mkdir(parents=True, exist_ok=True)
    all_results = []
    try:
        check_tools(args.jupyter)
        for scale in args.scales:
            print(f"generating {scale.describe()}", file=sys.stderr)
            bench = CourseBench(make_course(work, scale))
            bench.build(PLAIN, measured=False)  # bytecode and the OS file cache
            if args.skip_cold:
                bench.build(WARM, measured=False)
            else:
                bench.cold()
            bench.rounds(args.repeat)
            if args.jupyter:
                bench.build(JUPYTER)
            all_results.append(bench.results)
        ratios = report(all_results, args.repeat)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    missed = [label for label, value, target in ratios if value > target]
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
