"""The ``plugins: - eduplat:`` options, one docstring under each.

The docstrings are the documentation: the manual's configuration reference is generated
from this module by [reference_markdown][eduplat.config.reference_markdown], so it cannot
drift from the code.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import os
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args

from mkdocs.config import base
from mkdocs.config import config_options as c

from eduplat import upstream
from eduplat.engines import EngineName
from eduplat.errors import did_you_mean, display_path
from eduplat.features import DEFAULT_CACHE_DIR
from eduplat.tutorials.model import OutputLimits, format_size, parse_size
from eduplat.tutorials.runinpage import DEFAULT_PYODIDE_URL
from eduplat.yamlutil import key_line

__all__ = ["EduplatConfig", "reference_markdown", "unknown_option_errors"]


class Workers(base.BaseConfigOption[int]):
    """``auto`` (one per CPU core) or a positive number."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "auto"

    def run_validation(self, value: object) -> int:
        if value == "auto":
            return os.cpu_count() or 1
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
        raise base.ValidationError(f"expected 'auto' or a positive number, got {value!r}")


class Size(base.BaseConfigOption[int]):
    """A size in bytes: `2 MB`, `500 kB`, `1 MiB` or a number of bytes."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> int:
        try:
            return parse_size(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from exc


class OutputLimitsOption(base.BaseConfigOption[OutputLimits]):
    """A size for a cell and the whole tutorial alike, or `{cell: SIZE, tutorial: SIZE}`."""

    def __init__(self) -> None:
        super().__init__()
        default = OutputLimits()
        self.default = {"cell": default.cell, "tutorial": default.tutorial}

    def run_validation(self, value: object) -> OutputLimits:
        try:
            return OutputLimits.parse(value)
        except ValueError as exc:
            raise base.ValidationError(str(exc)) from exc


class Scheduler(base.BaseConfigOption[str]):
    """`local` or the address of a Dask scheduler, `tcp://host:8786`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = "local"

    def run_validation(self, value: object) -> str:
        if value == "local" or (
            isinstance(value, str) and value.startswith(("tcp://", "tls://", "ucx://", "inproc://"))
        ):
            return str(value)
        raise base.ValidationError(
            f"expected 'local' or a scheduler address such as 'tcp://host:8786', got {value!r}"
        )


class RunInPageOption(base.BaseConfigOption[str | None]):
    """`pyodide`, or `false` (off)."""

    def __init__(self) -> None:
        super().__init__()
        self.default = None

    def run_validation(self, value: object) -> str | None:
        if value is None or value is False or value == "off":
            return None
        if value == "pyodide":
            return "pyodide"
        raise base.ValidationError(f"expected 'pyodide' or false, got {value!r}")


class DaskConfig(base.Config):
    """Where tutorials run with `executor: dask`."""

    scheduler = Scheduler()
    """`local` starts a `distributed.LocalCluster` on this machine for the build; an address
    such as `tcp://scheduler.example.org:8786` uses a running Dask scheduler (started with
    `dask scheduler`, its workers with `dask worker ADDRESS`)."""
    n_workers = Workers()
    """Workers of the local cluster (`scheduler: local`): `auto` (CPU cores) or a number."""
    threads_per_worker = c.Type(int, default=1)
    """Tutorials each worker of the local cluster runs at once (each in its own kernel)."""
    retries = c.Type(int, default=2)
    """How often a task that raised is retried, e.g. on a worker's disk error. A tutorial that
    fails on its own is never retried; a task whose worker dies is rescheduled by Dask."""


class LaunchConfig(base.Config):
    """Launch buttons on tutorial pages."""

    repo = c.Type(str, default="")
    """GitHub repository of the site as `owner/name`; empty hides every launch button."""
    branch = c.Type(str, default="main")
    """Branch holding the tutorial sources; Binder opens them there (with jupytext)."""
    notebooks_branch = c.Type(str, default="gh-pages")
    """Branch where the built site is published. Colab only opens `.ipynb` files from
    GitHub, so for `.py`/`.md` tutorials it opens the executed notebook eduplat publishes
    next to each page."""
    notebooks_path = c.Type(str, default="")
    """Folder of the site inside `notebooks_branch`, e.g. `latest` for a mike deployment."""
    colab = c.Type(bool, default=True)
    """Show "Open in Colab"."""
    binder = c.Type(bool, default=True)
    """Show "Open in Binder"."""
    jupyterlite = c.Type(str, default="")
    """Base URL of a JupyterLite deployment, e.g. `https://jupyterlite.github.io/demo`;
    needs `site_url`. Empty hides the button."""


class TutorialsConfig(base.Config):
    """Runnable tutorials: executed, cached, rendered as pages."""

    dir = c.Type(str, default="tutorials")
    """Folder of tutorial sources (`.py` percent/light, `.md` MyST/jupytext, `.ipynb`),
    relative to `mkdocs.yml`. Names starting with `_` or `.` are skipped."""
    url = c.Type(str, default="tutorials")
    """Where tutorial pages go in the site: `tutorials/<id>/`, plus the index `tutorials/`."""
    execute = c.Type(bool, default=True)
    """Execute tutorials (cached). `false` renders them with the outputs they carry."""
    execute_on_serve = c.Type(bool, default=True)
    """Also execute under `eduplat serve`; `false` previews uncached tutorials without
    outputs, for fast editing of prose."""
    workers = Workers()
    """How many tutorials run their cells at once, each in a fresh kernel (its own process):
    `auto` (CPU cores) or a number. Kernels for the next tutorials start meanwhile."""
    timeout = c.Type(int, default=120)
    """Seconds each cell may run before the build fails; a tutorial can set `timeout:`."""
    kernel = c.Type(str, default="python3")
    """Jupyter kernel for tutorials that name none: a tutorial's `kernel:` metadata comes
    first, then its notebook's own kernelspec (`metadata.kernelspec.name`), then this."""
    max_output = OutputLimitsOption()
    """Output a tutorial keeps while it runs: per cell and for the whole tutorial, e.g.
    `max_output: {cell: 2 MB, tutorial: 5 MB}` (a single size bounds both). Past it, the rest
    is discarded as the cell runs, so a cell that prints without end costs neither memory
    nor disk; the page and the notebook say how much was cut. A tutorial can set
    `max_output:` in its metadata."""
    max_output_lines = c.Type(int, default=200)
    """Text outputs longer than this are cut on the page (the notebook download keeps all)."""
    max_output_bytes = Size(default="100 kB")
    """Text outputs larger than this are cut on the page too, however few lines they have
    (one long line counts); the notebook download keeps what `max_output` kept."""
    searchable_output_lines = c.Type(int, default=30)
    """Lines of each output that search indexes (4 kB at most); the rest is shown but not
    indexed, so long outputs do not drown prose in search results."""
    raw_html_outputs = c.Type(bool, default=False)
    """Keep HTML outputs as they are, scripts included (interactive widgets). By default
    they are sanitized: no script or event handler from an output runs in a reader's browser."""
    index = c.Type(bool, default=True)
    """Generate the index page `tutorials/` with a card per tutorial, unless `docs/` has one."""
    reference_dir = c.Type(str, default="tutorials/_references")
    """Where `eduplat test --update` records reference outputs, relative to `mkdocs.yml`."""
    masks = c.ListOfItems(c.Type(str), default=[])
    """Extra regular expressions whose matches `eduplat test` ignores when comparing outputs
    (memory addresses, timestamps, UUIDs and durations are masked already)."""
    executor = c.Choice(("local", "dask"), default="local")
    """Where tutorials run: `local` (kernels on this machine, `workers` at once) or `dask`
    (each tutorial is a task on a Dask cluster, see `dask`; needs `pip install
    'eduplat[dask]'`). `eduplat test` uses the same executor."""
    dask = c.SubConfig(DaskConfig)
    """The Dask cluster for `executor: dask`."""
    launch = c.SubConfig(LaunchConfig)
    """Colab, Binder and JupyterLite buttons."""
    solutions = c.Choice(("reveal", "after-attempt", "appendix", "omit"), default="after-attempt")
    """How exercise solutions appear: `reveal` (a collapsed "Show solution"),
    `after-attempt` (that button once the reader ran or checked the exercise, or gave up),
    `appendix` (a `<tutorial>/solutions/` page) or `omit` (not in the site at all)."""
    publish_solutions = c.Type(bool, default=False)
    """Also publish `<name>-solutions.ipynb` (the student `<name>.ipynb` never has them)."""
    run_in_page = RunInPageOption()
    """`pyodide`: readers run and edit the code cells in the page (Python compiled to
    WebAssembly, in a Web Worker) and check their exercises there. Off by default, for
    tutorials that need packages Pyodide lacks; a tutorial can set `run_in_page:` too."""
    pyodide_url = c.Type(str, default=DEFAULT_PYODIDE_URL)
    """Where pages load Pyodide from once a reader presses Run: the official CDN for the
    release eduplat is tested with, another URL, or a folder (relative to `mkdocs.yml`) with
    a Pyodide release, which `eduplat build` copies to `assets/pyodide/` so the site works
    offline or where the CDN is blocked."""


class QuizzesConfig(base.Config):
    """Training quizzes: validated sources, interactive pages, GIFT and Moodle interop."""

    dir = c.Type(str, default="quizzes")
    """Folder of quiz sources (`*.yml` in eduplat's schema, `*.gift` in Moodle's GIFT format),
    relative to `mkdocs.yml`."""
    url = c.Type(str, default="quizzes")
    """Where quiz pages go: `quizzes/<id>/`, plus the index `quizzes/`."""
    index = c.Type(bool, default=True)
    """Generate the index page `quizzes/`, unless `docs/` has one."""


class WebinarsConfig(base.Config):
    """Webinar schedules: pages, calendar feeds, Atom and schema.org events."""

    source = c.Type(str, default="webinars.yml")
    """The schedule: a YAML file, or a folder of them (`webinars/`), relative to `mkdocs.yml`.
    When the file is missing, the folder of the same name is used (`webinars.yml` →
    `webinars/*.yml`). Missing both is fine: then there are no webinar pages."""
    url = c.Type(str, default="webinars")
    """Where the schedule goes: `webinars/`, `webinars/<id>/`, `webinars/<id>.ics`,
    `webinars/webinars.ics` and `webinars/feed.xml`."""
    history = c.Type(str, default="webinars.history.json")
    """File (next to `mkdocs.yml`) where eduplat records each session's calendar SEQUENCE and
    last change, so calendar apps pick up moved sessions. Commit it."""


class PathsConfig(base.Config):
    """Learning paths: ordered courses with progress kept in the reader's browser."""

    dir = c.Type(str, default="paths")
    """Folder of path files (`*.yml`, one path each), relative to `mkdocs.yml`. Missing is
    fine: then there are no path pages."""
    url = c.Type(str, default="paths")
    """Where path pages go: the index `paths/` and `paths/<id>/`."""
    minutes_per_question = c.Type((int, float), default=1.5)
    """Minutes a quiz step counts per question, for the durations on path pages."""


class FeedbackConfig(base.Config):
    """ "Was this page helpful?" and "Report a problem" under pages. Shown only when a
    target is set; nothing is sent until the reader clicks."""

    issue_url = c.Type(str, default="")
    """Issue tracker URL with `{title}` and `{body}` placeholders (URL-encoded for you), e.g.
    `https://github.com/OWNER/REPO/issues/new?title={title}&body={body}` (GitLab:
    `.../-/issues/new?issue[title]={title}&issue[description]={body}`)."""
    endpoint = c.Type(str, default="")
    """URL that receives each answer as a JSON `POST` (a form service or your own server)."""
    manual = c.Type(bool, default=True)
    """Show the widget on manual pages (every page of `docs/`)."""
    tutorials = c.Type(bool, default=True)
    """Show it on tutorial pages."""
    quizzes = c.Type(bool, default=True)
    """Show it on quiz pages."""
    paths = c.Type(bool, default=True)
    """Show it on learning path pages."""


class EduplatConfig(base.Config):
    """Options of the ``eduplat`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn eduplat off without removing it, e.g. `enabled: !ENV [EDUPLAT, true]`. Off, no
    eduplat hook runs: tutorials are neither executed nor rendered, no quiz or webinar page
    is generated, and the site builds as plain MkDocs."""
    cache_dir = c.Type(str, default=DEFAULT_CACHE_DIR)
    """Cache of executed tutorials, relative to `mkdocs.yml`. The `EDUPLAT_CACHE_DIR`
    environment variable overrides it (e.g. one cache for all versions of a site)."""
    engine = c.Choice(get_args(EngineName), default="mkdocs")
    """The site generator `eduplat build` hands the site to. `mkdocs` runs eduplat as a
    MkDocs plugin; `properdocs` runs ProperDocs, which loads the same plugin; `zensical`
    stages eduplat's pages and files as a plain docs tree in a temporary folder and runs
    `zensical build` on it. `eduplat build --engine` overrides it; see the engine support
    table in the manual."""
    tutorials = c.SubConfig(TutorialsConfig)
    """Runnable tutorials."""
    webinars = c.SubConfig(WebinarsConfig)
    """Webinar schedule."""
    quizzes = c.SubConfig(QuizzesConfig)
    """Training quizzes. Embed one in any page or tutorial with the line
    `<!-- eduplat:quiz QUIZ-ID -->`."""
    paths = c.SubConfig(PathsConfig)
    """Learning paths."""
    feedback = c.SubConfig(FeedbackConfig)
    """Feedback widget under pages."""


@dataclass(frozen=True)
class OptionDoc:
    """One documented option, as shown in the configuration reference."""

    name: str
    type: str
    default: str
    doc: str


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """Docstrings written under class attributes (PEP 257 "attribute docstrings")."""
    definition = ast.parse(textwrap.dedent(inspect.getsource(cls))).body[0]
    body = definition.body if isinstance(definition, ast.ClassDef) else []
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


def _type_name(option: Any) -> str:
    if isinstance(option, c.Optional):
        return _type_name(option.option)
    if isinstance(option, c.Choice):
        return " | ".join(f"`{choice}`" for choice in option.choices)
    if isinstance(option, c.SubConfig):
        return "mapping"
    if isinstance(option, Workers):
        return "`auto` | int"
    if isinstance(option, Size):
        return "size"
    if isinstance(option, Scheduler):
        return "`local` | address"
    if isinstance(option, OutputLimitsOption):
        return "size | mapping"
    if isinstance(option, RunInPageOption):
        return "`pyodide` | `false`"
    if isinstance(option, c.ListOfItems):
        return f"list of {_type_name(option.option_type)}"
    if isinstance(option, c.DictOfItems):
        return f"mapping of {_type_name(option.option_type)}"
    if isinstance(option, c.Type):
        kind = upstream.type_checked(option)
        if isinstance(kind, tuple):
            return " | ".join(t.__name__ for t in kind)
        return str(kind.__name__)
    return type(option).__name__.lower()


def _default(option: Any) -> str:
    if isinstance(option, c.SubConfig):
        return ""
    if isinstance(option, OutputLimitsOption):
        limits = OutputLimits()
        return f"`{{cell: {format_size(limits.cell)}, tutorial: {format_size(limits.tutorial)}}}`"
    default = option.default
    if isinstance(option, RunInPageOption):
        return "`false`"
    if default is None:
        return "none"
    if isinstance(default, str) and not default:
        return '`""`'
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if default == [] or default == {}:
        return "empty"
    return f"`{default}`"


def iter_options(config_class: type[base.Config], prefix: str = "") -> Iterator[OptionDoc]:
    """Yield every option of ``config_class`` and its sub-configs, depth first."""
    docs = _attribute_docstrings(config_class)
    for name, option in upstream.config_schema(config_class):
        full = f"{prefix}{name}"
        yield OptionDoc(full, _type_name(option), _default(option), docs.get(name, ""))
        if isinstance(option, c.SubConfig) and isinstance(option.config_class, type):
            yield from iter_options(option.config_class, prefix=f"{full}.")


def reference_markdown(config_class: type[base.Config] = EduplatConfig) -> str:
    """Render the configuration reference page (Markdown) from the option docstrings."""
    lines = [
        "# Configuration reference",
        "",
        "All options go under the plugin in `mkdocs.yml`:",
        "",
        "```yaml",
        "plugins:",
        "  - search",
        "  - eduplat:",
        "      enabled: true",
        "```",
        "",
        "Paths are relative to the folder of `mkdocs.yml`. An unknown option is an error",
        "that names its line and suggests the closest known option.",
        "",
        "<!-- Generated from eduplat/config.py by eduplat.config.reference_markdown. -->",
        "",
    ]
    for option in iter_options(config_class):
        depth = option.name.count(".")
        lines.append(f"{'#' * (2 + min(depth, 2))} `{option.name}`")
        lines.append("")
        facts = f"Type: {option.type}"
        if option.default:
            facts += f" · Default: {option.default}"
        lines.extend([facts, "", option.doc or "Undocumented.", ""])
    return "\n".join(lines)


def unknown_option_errors(
    options: Mapping[str, Any],
    config_class: type[base.Config],
    config_file: str | None,
    yaml_keys: tuple[str | int, ...] = ("plugins", "eduplat"),
) -> list[tuple[str, str]]:
    """Report unknown keys, recursively, as ``(option, message)`` errors.

    MkDocs only *warns* about unknown plugin options, so a typo silently does nothing
    outside ``--strict``. eduplat treats them as errors with the line and a suggestion.
    """
    errors: list[tuple[str, str]] = []
    schema = dict(upstream.config_schema(config_class))
    for key, value in options.items():
        path = (*yaml_keys, key)
        option = schema.get(key)
        if option is None:
            where = ""
            if config_file:
                line = key_line(Path(config_file), path)
                shown = display_path(Path(config_file))
                where = f"{shown}:{line}: " if line else f"{shown}: "
            message = f"{where}unknown option '{key}'"
            suggestion = did_you_mean(key, schema)
            hint = suggestion or f"known options: {', '.join(sorted(schema))}"
            errors.append((".".join(str(p) for p in path[2:]), f"{message} — {hint}"))
        elif (
            isinstance(option, c.SubConfig)
            and isinstance(option.config_class, type)
            and isinstance(value, Mapping)
        ):
            errors.extend(unknown_option_errors(value, option.config_class, config_file, path))
    return errors
