"""Build-speed benchmark: eduplat against mkdocs-jupyter and plain MkDocs.

Generates one synthetic site (50 Markdown pages, 10 small notebooks) in a temporary folder
and builds it three ways, each as a subprocess so that imports count:

- **eduplat**: ``eduplat build``, notebooks in ``tutorials/``; *cold* with an empty cache
  (a new ``EDUPLAT_CACHE_DIR`` every time), *warm* as the second build with that cache;
- **mkdocs-jupyter**: ``mkdocs build`` with ``execute: true`` and its cache turned off;
- **plain**: ``mkdocs build`` of the 50 pages alone, the floor any plugin adds to, and of
  the 50 pages plus 11 more (out of the nav), as many pages as the eduplat site has.

It prints medians, the two ratios eduplat aims for, and peak memory. It is a report, not a
test: the exit code is 0 whatever the numbers, unless ``--check`` is given.

Run it with ``make bench``, or ``.venv/bin/python bench/build_speed.py --help``.
"""

from __future__ import annotations

import argparse
import os
import posixpath
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from _common import (
    BIN,
    NOTEBOOKS,
    TITLE_NOUNS,
    TITLE_VERBS,
    BenchError,
    Measurement,
    PagePlan,
    Ratio,
    cpu_summary,
    html_path,
    run_build,
    summarise,
    versions,
    write_config,
    write_notebook,
    write_pages,
)

PAGE_COUNT = 50
COLD_TARGET = 0.35  # eduplat cold / mkdocs-jupyter
WARM_TARGET = 1.3  # eduplat warm / plain mkdocs (50 pages)
SAME_COUNT_TARGET = 1.15  # eduplat warm / plain mkdocs with as many pages (61)
EXTRA_PAGES = 11  # the eduplat site's 10 tutorial pages and its tutorials index
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

COLD = "eduplat cold (empty cache)"
WARM = "eduplat warm (2nd build, same cache)"
JUPYTER = "mkdocs-jupyter (execute, no cache)"
PLAIN = "plain mkdocs (50 pages, no notebooks)"
SAME = "plain mkdocs (61 pages, same count)"
BUILDS = (COLD, WARM, JUPYTER, PLAIN, SAME)


FOLDERS = {"": 1, "guide": 14, "howto": 12, "reference": 12, "concepts": 11}


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


def write_site_pages(docs: Path) -> list[str]:
    """Write the 50 Markdown pages under ``docs``; return their paths relative to it."""
    rng = random.Random(20261125)  # the same site on every run and every machine
    plans = plan_pages(rng)
    write_pages(docs, plans, rng)
    return [plan.path for plan in plans]


def write_notebooks(folder: Path) -> None:
    """Write the notebooks once; the sites copy these files, so all read the same bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    for plan in NOTEBOOKS:
        write_notebook(folder, plan)


@dataclass(frozen=True)
class Sites:
    """The three site folders (each holds a mkdocs.yml) and the pages they share."""

    eduplat: Path
    jupyter: Path
    plain: Path
    same: Path  # plain, with as many pages as the eduplat site
    pages: tuple[str, ...]


def make_sites(work: Path) -> Sites:
    """Generate the pages and notebooks once and lay out the three sites."""
    pages, notebooks = work / "source" / "docs", work / "source" / "notebooks"
    page_paths = tuple(write_site_pages(pages))
    write_notebooks(notebooks)
    sites = Sites(
        work / "eduplat", work / "mkdocs-jupyter", work / "plain", work / "same", page_paths
    )

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

    shutil.copytree(pages, sites.same / "docs")
    rng = random.Random(20261203)
    extra = [PagePlan(f"more/page-{n:02d}.md", f"More {n}") for n in range(1, EXTRA_PAGES + 1)]
    write_pages(sites.same / "docs", extra, rng)
    # Out of the nav, like eduplat's tutorial pages (only their index is in it).
    write_config(sites.same, "Bench (plain)", "  - search\n", "not_in_nav: |\n  /more/\n")
    return sites


# --- Running and measuring builds -------------------------------------------------------


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
        self._build(SAME, self.sites.same, [str(BIN / "mkdocs"), "build", "-q"], self.env)

    def round(self, number: int) -> None:
        """One build of each kind; the order rotates so no tool always runs first."""
        steps = [self._eduplat_pair, self._jupyter, self._plain]
        shift = number % len(steps)
        for step in steps[shift:] + steps[:shift]:
            step()

    def warm_round(self, number: int) -> None:
        """``--warm-only``: the warm build and the two plain ones, in alternating order."""
        env = {**self.env, "EDUPLAT_CACHE_DIR": str(self.work / "caches" / "warm-only")}
        command = [str(BIN / "eduplat"), "build", "-q", "-f", "mkdocs.yml"]
        if not self.results[COLD]:  # fill the cache once (measured, but not compared)
            self._build(COLD, self.sites.eduplat, command, env)
        steps = [lambda: self._build(WARM, self.sites.eduplat, command, env), self._plain]
        for step in steps if number % 2 else steps[::-1]:
            step()


# --- Report -----------------------------------------------------------------------------


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


def report(
    results: dict[str, list[Measurement]], repeat: int, nbformat_seconds: tuple[float, float]
) -> list[Ratio]:
    """Print the results table; return the two ratios."""
    results = {name: runs for name, runs in results.items() if runs}
    median = {name: statistics.median(m.seconds for m in runs) for name, runs in results.items()}
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print()
    print(f"eduplat build benchmark, {when}")
    print(f"machine:  {cpu_summary()}")
    print(f"versions: {versions(PACKAGES)}")
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
    ratios = []
    if JUPYTER in median:
        ratios.append(
            Ratio(
                "eduplat cold / mkdocs-jupyter (execute, no cache)",
                median[COLD] / median[JUPYTER],
                COLD_TARGET,
            )
        )
    ratios.append(
        Ratio(
            "eduplat warm / plain mkdocs (50 pages, no notebooks)",
            median[WARM] / median[PLAIN],
            WARM_TARGET,
        )
    )
    ratios.append(
        Ratio(
            "eduplat warm / plain mkdocs (61 pages)", median[WARM] / median[SAME], SAME_COUNT_TARGET
        )
    )
    # Warm and plain builds of one round ran back to back: their ratio cancels slow phases.
    pairs = [w.seconds / p.seconds for w, p in zip(results[WARM], results[SAME], strict=True)]
    ratios.append(
        Ratio(
            "  the same, median of each round's ratio", statistics.median(pairs), SAME_COUNT_TARGET
        )
    )
    cpu = [w.cpu_seconds / p.cpu_seconds for w, p in zip(results[WARM], results[SAME], strict=True)]
    ratios.append(
        Ratio("  the same with CPU s, median of rounds", statistics.median(cpu), SAME_COUNT_TARGET)
    )
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
    parser.add_argument(
        "--warm-only",
        action="store_true",
        help="only warm and plain builds (one cold build fills the cache); no mkdocs-jupyter",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def check_tools(jupyter: bool = True) -> None:
    """Fail early, with the install command, when a tool being compared is missing."""
    missing = [name for name in ("eduplat", "mkdocs") if not (BIN / name).exists()]
    try:
        metadata.version("mkdocs-jupyter")
    except metadata.PackageNotFoundError:
        if jupyter:
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
        check_tools(jupyter=not args.warm_only)
        sites = make_sites(work)
        bench = Bench(sites, work)
        one_round = bench.warm_round if args.warm_only else bench.round
        print("warm-up round (not measured)", file=sys.stderr)
        one_round(0)
        for name, runs in bench.results.items():
            if runs and runs[0].output:  # -q leaves warnings only: they may skew a build
                print(f"  note: {name} printed:\n{summarise(runs[0].output)}", file=sys.stderr)
            if name != COLD or not args.warm_only:
                runs.clear()
        for number in range(1, args.repeat + 1):
            print(f"round {number} of {args.repeat}", file=sys.stderr)
            one_round(number)
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
