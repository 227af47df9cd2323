"""The ``eduplat`` command line.

Exit codes: 0 success, 1 a problem in the user's sources or config (printed as
``path:line: message — hint``, no traceback unless ``--debug``), 2 bad command-line usage.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal, TypeVar, get_args

import click

from eduplat.engines import EngineName
from eduplat.errors import EduplatError

# Material 9.8 prints a banner about MkDocs 2.0 at import; eduplat pins mkdocs<2.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

F = TypeVar("F", bound=Callable[..., Any])

_DEBUG_KEY = "eduplat.debug"
_QUIET_KEY = "eduplat.quiet"


class _LevelFormatter(logging.Formatter):
    """``LEVEL    -  message``, like MkDocs' own CLI, coloured on a terminal."""

    COLORS: ClassVar[dict[str, str]] = {
        "WARNING": "yellow",
        "ERROR": "red",
        "CRITICAL": "red",
        "DEBUG": "blue",
    }

    def __init__(self, color: bool) -> None:
        super().__init__()
        self.color = color

    def format(self, record: logging.LogRecord) -> str:
        level = f"{record.levelname:<8}"
        if self.color and record.levelname in self.COLORS:
            level = click.style(level, fg=self.COLORS[record.levelname])
        text = f"{level}-  {record.getMessage()}"
        if record.exc_info and record.levelno <= logging.DEBUG:
            text += "\n" + self.formatException(record.exc_info)
        return text


@contextmanager
def _logging(debug: bool, quiet: bool) -> Iterator[None]:
    """Route MkDocs' and eduplat's log records to stderr for the length of one command."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LevelFormatter(color=sys.stderr.isatty()))
    level = logging.DEBUG if debug else logging.WARNING if quiet else logging.INFO
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("eduplat")]
    saved = [(lg.level, lg.propagate) for lg in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(level)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, (old_level, old_propagate) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate


def _user_error(exc: BaseException) -> EduplatError | None:
    """The EduplatError behind ``exc`` (PluginError wraps ours with ``from``), if any."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, EduplatError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


class _Group(click.Group):
    """Turns user mistakes into one readable message and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from mkdocs.exceptions import MkDocsException

        try:
            return super().invoke(ctx)
        except (EduplatError, MkDocsException) as exc:
            if ctx.meta.get(_DEBUG_KEY):
                raise
            if isinstance(exc, click.exceptions.Exit | click.UsageError):
                raise
            mine = _user_error(exc)
            message = str(mine) if mine else f"Error: {getattr(exc, 'message', exc)}"
            click.secho(message, err=True, fg="red")
            ctx.exit(1)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


def _set_flag(key: str) -> Callable[[click.Context, click.Parameter, bool], bool]:
    def callback(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        if value:
            ctx.meta[key] = True
        return value

    return callback


def _common(func: F) -> F:
    """``--debug`` and ``--quiet`` on every command."""
    for names, key, text in (
        (("--debug",), _DEBUG_KEY, "Show debug logs and full tracebacks."),
        (("-q", "--quiet"), _QUIET_KEY, "Only show warnings and errors."),
    ):
        option = click.option(
            *names,
            is_flag=True,
            expose_value=False,
            is_eager=True,
            callback=_set_flag(key),
            help=text,
        )
        func = option(func)
    return func


def _config_option(func: F) -> F:
    return click.option(
        "-f",
        "--config-file",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Path to mkdocs.yml (default: ./mkdocs.yml).",
    )(func)


@contextmanager
def _run(ctx: click.Context) -> Iterator[None]:
    with _logging(bool(ctx.meta.get(_DEBUG_KEY)), bool(ctx.meta.get(_QUIET_KEY))):
        yield


_ENGINE = click.option(
    "--engine",
    type=click.Choice(get_args(EngineName)),
    default=None,
    help="Site generator (default: the plugin's 'engine' option, else mkdocs).",
)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eduplat", prog_name="eduplat")
@_common
def cli() -> None:
    """Tested tutorials, quizzes and webinar schedules as one MkDocs Material site."""


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="Site name (default: the folder's name).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@_common
@click.pass_context
def new(ctx: click.Context, directory: Path, name: str | None, force: bool) -> None:
    """Create a new eduplat site in DIRECTORY that builds with --strict at once."""
    from eduplat.scaffold import create_site

    with _run(ctx):
        written = create_site(directory, name=name, force=force)
    click.echo(f"Created {len(written)} files in {directory}. Next:")
    click.echo(f"  cd {directory} && eduplat serve")


@cli.command()
@_config_option
@click.option("-s", "--strict", is_flag=True, default=None, help="Fail on warnings.")
@click.option(
    "-d",
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site_dir from mkdocs.yml).",
)
@_ENGINE
@_common
@click.pass_context
def build(
    ctx: click.Context,
    config_file: Path | None,
    strict: bool | None,
    site_dir: Path | None,
    engine: EngineName | None,
) -> None:
    """Build the site; a failed build leaves the previous site untouched."""
    from eduplat import site

    options: dict[str, Any] = {}
    if site_dir is not None:
        options["site_dir"] = str(site_dir)
    with _run(ctx):
        site.build(config_file, strict=strict, engine=engine, **options)


@cli.command()
@_config_option
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="IP:PORT",
    help="Address to serve on.",
)
@click.option("-s", "--strict", is_flag=True, default=None, help="Fail on warnings.")
@click.option("--no-livereload", is_flag=True, help="Do not reload pages on change.")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
@_ENGINE
@_common
@click.pass_context
def serve(
    ctx: click.Context,
    config_file: Path | None,
    dev_addr: str,
    strict: bool | None,
    no_livereload: bool,
    open_in_browser: bool,
    engine: EngineName | None,
) -> None:
    """Preview the site with live reload."""
    from eduplat import site

    with _run(ctx):
        site.serve(
            config_file,
            dev_addr=dev_addr,
            strict=strict,
            livereload=not no_livereload,
            open_in_browser=open_in_browser,
            engine=engine,
        )


@cli.command()
@_config_option
@_common
@click.pass_context
def check(ctx: click.Context, config_file: Path | None) -> None:
    """Validate mkdocs.yml and all sources without building."""
    from eduplat import site

    with _run(ctx):
        summary = site.check(config_file)
    for line in summary:
        click.echo(line)
    click.secho("All sources are valid.", fg="green")


@cli.command("test", context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@_config_option
@click.option("--update", is_flag=True, help="Record current outputs as the references.")
@_common
@click.pass_context
def test_command(ctx: click.Context, config_file: Path | None, update: bool) -> None:
    """Run every tutorial as a test, comparing outputs with their references.

    Extra arguments go to pytest, e.g. 'eduplat test -- -k merkle -x'.
    """
    import pytest

    from eduplat import site

    with _run(ctx):
        path = site.find_config(config_file)
        mkdocs_config = site.load_config(path)
        folder = site.tutorials_folder(mkdocs_config)
    if folder is None or not folder.is_dir():
        click.echo("No tutorials to test.")
        return
    args = [
        str(folder),
        f"--eduplat-config={path.resolve()}",
        f"--rootdir={path.resolve().parent}",
        "-p",
        "no:cacheprovider",
        # eduplat is imported before pytest loads it as a plugin; nothing to rewrite there.
        "-W",
        "ignore:Module already imported:pytest.PytestAssertRewriteWarning",
        *(["--eduplat-update"] if update else []),
        *ctx.args,
    ]
    with warnings.catch_warnings():
        # pytest-notebook 0.11 warns about its own fields at import: harmless. Importing it
        # here, quietly, keeps those lines out of every test report.
        warnings.filterwarnings("ignore", message="Field .* type could not be converted")
        import pytest_notebook.plugin  # noqa: F401
    code = pytest.main(args)
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        click.echo("No tutorials to test.")
        return
    ctx.exit(int(code))


@cli.group()
def cache() -> None:
    """Manage the tutorial execution cache."""


@cache.command("clear")
@_config_option
@_common
@click.pass_context
def cache_clear(ctx: click.Context, config_file: Path | None) -> None:
    """Delete the cache: every tutorial executes again on the next build."""
    from eduplat import site
    from eduplat.tutorials.cache import TutorialCache

    with _run(ctx):
        root = site.cache_folder(site.load_config(site.find_config(config_file)))
    if TutorialCache(root).clear():
        click.echo(f"Removed {root}")
    else:
        click.echo(f"No cache at {root}")


def _write_output(text: str, output: Path | None, *, force: bool = False) -> None:
    """Print, or write atomically to ``output`` (refusing to overwrite without --force)."""
    if output is None:
        click.echo(text, nl=not text.endswith("\n"))
        return
    if output.exists() and not force:
        raise EduplatError(f"{output} exists", hint="pass --force to overwrite it")
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    click.echo(f"Wrote {output}", err=True)


def _site_quiz(config_file: Path | None, quiz_id: str) -> Any:
    """Load the site's quizzes and return the one with ``quiz_id``."""
    from eduplat import site
    from eduplat.errors import did_you_mean
    from eduplat.features.quizzes import load_all

    config = site.load_config(site.find_config(config_file))
    folder = site.quizzes_folder(config)
    quizzes = {quiz.id: quiz for quiz in load_all(folder)}
    if quiz_id not in quizzes:
        raise EduplatError(
            f"no quiz with the id '{quiz_id}' in {folder}",
            hint=did_you_mean(quiz_id, quizzes)
            or f"quiz ids: {', '.join(sorted(quizzes)) or 'none'}",
        )
    return quizzes[quiz_id], config


_OUTPUT = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE."
)
_FORCE = click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")


@cli.group()
def quiz() -> None:
    """Tools for trainers: answer keys, GIFT and Moodle XML."""


@dataclass(frozen=True)
class _QuizRequest:
    """What ``eduplat quiz key`` and ``quiz export`` are asked: a quiz, a format, where to."""

    quiz_id: str
    fmt: str
    output: Path | None
    force: bool
    config_file: Path | None


def _quiz_command(
    name: str, formats: list[str], *, default: str | None = None, help: str | None = None
) -> Callable[[Callable[[_QuizRequest], None]], click.Command]:
    """A ``quiz NAME QUIZ_ID --format F [-o FILE]`` command that runs the decorated action."""

    # Click 8.3 takes an explicit default=None as a default: pass one only when there is one.
    given: dict[str, Any] = {"default": default, "show_default": True} if default else {}

    def register(action: Callable[[_QuizRequest], None]) -> click.Command:
        @quiz.command(name, help=action.__doc__)
        @click.argument("quiz_id")
        @click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            required=default is None,
            help=help,
            **given,
        )
        @_OUTPUT
        @_FORCE
        @_config_option
        @_common
        @click.pass_context
        def command(ctx: click.Context, /, **params: Any) -> None:
            with _run(ctx):
                action(_QuizRequest(**params))

        return command

    return register


@_quiz_command("key", ["html", "markdown"], default="html")
def quiz_key(request: _QuizRequest) -> None:
    """Print (or write) the answer key of QUIZ_ID. It is never published in the site."""
    from eduplat.quizzes.key import answer_key

    found, config = _site_quiz(request.config_file, request.quiz_id)
    output = request.output
    fmt: Literal["html", "markdown"] = "markdown" if request.fmt == "markdown" else "html"
    if output is not None:
        docs = Path(config.docs_dir).resolve()
        if output.resolve().is_relative_to(docs):
            raise EduplatError(
                f"{output} is inside docs/, so the answer key would be published",
                hint=f"write it outside docs/, e.g. -o keys/{request.quiz_id}.{fmt[:4]}",
            )
    _write_output(answer_key(found, fmt), output, force=request.force)


@cli.command()
@click.argument("path_id")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the PDF to FILE."
)
@click.option(
    "--html",
    "html_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write one printable HTML page (index.html) into DIR.",
)
@click.option("--timezone", help="Webinar times in this IANA timezone (default: each session's).")
@_FORCE
@_config_option
@_common
@click.pass_context
def pack(
    ctx: click.Context,
    path_id: str,
    output: Path | None,
    html_dir: Path | None,
    timezone: str | None,
    force: bool,
    config_file: Path | None,
) -> None:
    """Write the trainer pack of learning path PATH_ID: a PDF (-o) and/or HTML (--html)."""
    from eduplat.pack import PackOptions, make_pack

    with _run(ctx):
        options = PackOptions(path_id, output, html_dir, timezone, force)
        for written in make_pack(config_file, options):
            click.echo(f"Wrote {written}", err=True)


@quiz.command("import")
@click.argument("gift_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_OUTPUT
@_FORCE
@_common
@click.pass_context
def quiz_import(ctx: click.Context, gift_file: Path, output: Path | None, force: bool) -> None:
    """Convert a Moodle GIFT file into eduplat's quiz YAML."""
    from eduplat.quizzes.dump import dump_quiz_yaml
    from eduplat.quizzes.load import load_quiz

    with _run(ctx):
        loaded = load_quiz(gift_file)
        _write_output(dump_quiz_yaml(loaded), output, force=force)


@_quiz_command(
    "export",
    ["gift", "moodle-xml"],
    help="gift (Moodle's text format) or moodle-xml (Moodle's XML import).",
)
def quiz_export(request: _QuizRequest) -> None:
    """Export QUIZ_ID to GIFT or Moodle XML."""
    from eduplat.quizzes.export import export_gift
    from eduplat.quizzes.moodle_xml import export_moodle_xml

    found, _ = _site_quiz(request.config_file, request.quiz_id)
    text = export_gift(found) if request.fmt == "gift" else export_moodle_xml(found)
    _write_output(text, request.output, force=request.force)


@cli.group()
def webinars() -> None:
    """Webinar schedule tools."""


@webinars.command("import")
@click.argument("schedule_json", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_OUTPUT
@_FORCE
@_common
@click.pass_context
def webinars_import(
    ctx: click.Context, schedule_json: Path, output: Path | None, force: bool
) -> None:
    """Convert a pretalx or frab schedule export (schedule.json) into webinars.yml."""
    from eduplat.webinars.importer import import_schedule

    with _run(ctx):
        result = import_schedule(schedule_json)
        for warning in result.warnings:
            click.secho(f"warning: {warning}", err=True, fg="yellow")
        _write_output(result.yaml_text, output, force=force)


@cli.command("build-versions")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the multi-version site (any static host can serve it).",
)
@click.option(
    "--refs",
    "patterns",
    multiple=True,
    default=("v*", "main"),
    show_default=True,
    help="Git tags or branches to build (glob patterns; repeat the option).",
)
@click.option(
    "--default",
    "default_alias",
    default="latest",
    show_default=True,
    help="Alias of the newest tag, where the root redirects.",
)
@click.option(
    "--aliases",
    "alias_kind",
    type=click.Choice(["redirect", "copy"]),
    default="redirect",
    show_default=True,
    help="How aliases are published.",
)
@_config_option
@_common
@click.pass_context
def build_versions_command(
    ctx: click.Context,
    out: Path,
    patterns: tuple[str, ...],
    default_alias: str,
    alias_kind: str,
    config_file: Path | None,
) -> None:
    """Build several git refs into OUT/<version>/ with versions.json, redirects and a 404."""
    from eduplat import publish, site

    with _run(ctx):
        report = publish.build_versions(
            site.find_config(config_file),
            out,
            patterns,
            default_alias=default_alias,
            alias_kind=alias_kind,
        )
    click.echo(
        f"Built {', '.join(report.built) or 'nothing new'}"
        + (f"; unchanged: {', '.join(report.reused)}" if report.reused else "")
        + f". Default: {report.default}. Site in {out}"
    )


@cli.command()
@click.argument("version")
@click.argument("aliases", nargs=-1)
@click.option("--title", help="Title in the version selector (default: the version).")
@click.option("--push", is_flag=True, help="Push the branch after committing.")
@click.option("--branch", default="gh-pages", show_default=True, help="Branch to commit to.")
@click.option("--remote", default="origin", show_default=True, help="Remote to push to.")
@click.option(
    "--aliases-as",
    "alias_kind",
    type=click.Choice(["redirect", "copy", "symlink"]),
    default="redirect",
    show_default=True,
    help="How aliases are published.",
)
@_config_option
@_common
@click.pass_context
def deploy(
    ctx: click.Context,
    version: str,
    aliases: tuple[str, ...],
    title: str | None,
    push: bool,
    branch: str,
    remote: str,
    alias_kind: str,
    config_file: Path | None,
) -> None:
    """Build this checkout as VERSION (with ALIASES) and commit it to the pages branch."""
    from eduplat import publish

    with _run(ctx):
        publish.deploy(
            config_file,
            version,
            aliases,
            title=title,
            branch=branch,
            remote=remote,
            push=push,
            alias_kind=alias_kind,
        )
    click.echo(f"Deployed {version} to {branch}" + (f" and pushed to {remote}" if push else ""))


@cli.group()
def versions() -> None:
    """List, delete and set the default of deployed versions (on the pages branch)."""


@versions.command("list")
@click.option("--branch", default="gh-pages", show_default=True)
@_common
@click.pass_context
def versions_list(ctx: click.Context, branch: str) -> None:
    """List deployed versions and their aliases."""
    from mike import commands

    with _run(ctx):
        for info in commands.list_versions(branch=branch):
            aliases = f" [{', '.join(info.aliases)}]" if info.aliases else ""
            title = f' "{info.title}"' if info.title != str(info.version) else ""
            click.echo(f"{info.version}{title}{aliases}")


@versions.command("delete")
@click.argument("identifiers", nargs=-1, required=True)
@click.option("--branch", default="gh-pages", show_default=True)
@click.option("--push", is_flag=True, help="Push the branch afterwards.")
@click.option("--remote", default="origin", show_default=True)
@_common
@click.pass_context
def versions_delete(
    ctx: click.Context, identifiers: tuple[str, ...], branch: str, push: bool, remote: str
) -> None:
    """Delete versions (or aliases) from the pages branch; other versions are untouched."""
    from mike import commands, git_utils

    with _run(ctx):
        try:
            commands.delete(list(identifiers), branch=branch)
        except (KeyError, ValueError) as exc:
            raise EduplatError(f"cannot delete {', '.join(identifiers)}: {exc}") from exc
        if push:
            git_utils.push_branch(remote, branch)
    click.echo(f"Deleted {', '.join(identifiers)}")


@versions.command("set-default")
@click.argument("identifier")
@click.option("--branch", default="gh-pages", show_default=True)
@click.option("--push", is_flag=True, help="Push the branch afterwards.")
@click.option("--remote", default="origin", show_default=True)
@_common
@click.pass_context
def versions_set_default(
    ctx: click.Context, identifier: str, branch: str, push: bool, remote: str
) -> None:
    """Make the root of the site redirect to IDENTIFIER (a version or alias)."""
    from mike import commands, git_utils

    with _run(ctx):
        try:
            commands.set_default(identifier, branch=branch)
        except (KeyError, ValueError) as exc:
            raise EduplatError(f"cannot set the default to {identifier}: {exc}") from exc
        if push:
            git_utils.push_branch(remote, branch)
    click.echo(f"The site's root now redirects to {identifier}")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    cli.main(args=argv, prog_name="eduplat")
