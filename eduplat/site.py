"""Load, build, serve and check a site through MkDocs' Python API.

The CLI is a thin layer over these functions. Every user mistake surfaces as an
[EduplatError][eduplat.errors.EduplatError] with the file and line; a failed build leaves
the previous ``site_dir`` byte-for-byte as it was.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from eduplat import upstream
from eduplat.engines import ENGINES, EngineName, engine_command
from eduplat.errors import ConfigError, EduplatError, display_path
from eduplat.features import cache_root, config_folder, eduplat_plugin
from eduplat.textio import read_text
from eduplat.yamlutil import key_line, yaml_syntax_error

__all__ = [
    "BuildOverrides",
    "build",
    "cache_folder",
    "check",
    "find_config",
    "load_config",
    "quizzes_folder",
    "serve",
    "tutorials_folder",
]

_CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
_LOCATED = re.compile(r"^\S+?:\d+: ")


def find_config(config_file: str | os.PathLike[str] | None) -> Path:
    """Return the mkdocs.yml to use: the given one, or mkdocs.yml/.yaml in the working dir."""
    if config_file is not None:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(path, "config file not found", hint="pass the path with -f FILE")
        return path
    for name in _CONFIG_NAMES:
        if Path(name).is_file():
            return Path(name)
    raise ConfigError(
        Path("mkdocs.yml"),
        "no mkdocs.yml in this folder",
        hint="run eduplat in your site's folder, pass -f FILE, or create a site with 'eduplat new'",
    )


def _check_yaml_syntax(path: Path) -> None:
    """Report YAML syntax errors ourselves: MkDocs' message buries the line."""
    try:
        yaml.compose(read_text(path), Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        raise yaml_syntax_error(path, exc, ConfigError) from exc


class _ErrorCollector(logging.Filter):
    """Holds back MkDocs' config error log lines so they can be reported as one message."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR:
            self.messages.append(record.getMessage())
            return False
        return True


@contextmanager
def _collect_errors(logger_name: str) -> Iterator[_ErrorCollector]:
    logger = logging.getLogger(logger_name)
    collector = _ErrorCollector()
    logger.addFilter(collector)
    try:
        yield collector
    finally:
        logger.removeFilter(collector)


def _locate(path: Path, message: str) -> str:
    """Turn MkDocs' "Config value 'x': ..." into "mkdocs.yml:LINE: x: ..."."""
    match = upstream.config_message(message)
    if not match:
        return f"{display_path(path)}: {message}"
    rest = message[match.end() :]
    if _LOCATED.match(rest):
        return rest
    key = match.group("key")
    line = key_line(path, [key])
    where = f"{display_path(path)}:{line}" if line else display_path(path)
    return f"{where}: '{key}': {rest}"


def load_config(config_file: str | os.PathLike[str] | None = None, **options: Any) -> MkDocsConfig:
    """Load and validate mkdocs.yml (with eduplat's stricter plugin option checks).

    Args:
        config_file: Path to mkdocs.yml; found in the working directory when None.
        **options: Overrides, as for ``mkdocs.config.load_config`` (``strict``, ``site_dir``...).

    Raises:
        EduplatError: YAML syntax errors and invalid options, each with file and line.
    """
    path = find_config(config_file)
    _check_yaml_syntax(path)
    with _collect_errors("mkdocs.config") as collector:
        try:
            return mkdocs_load_config(str(path), **options)
        except (Abort, ConfigurationError) as exc:
            messages = [_locate(path, message) for message in collector.messages]
            if not messages:
                messages = [f"{display_path(path)}: {exc.message}"]
            raise EduplatError("\n".join(messages)) from exc


def swap_in(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new`` with two renames (no half-written site is ever visible)."""
    umask = os.umask(0)
    os.umask(umask)
    new.chmod(0o777 & ~umask)  # mkdtemp made it private; a web server must read it
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.eduplat-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
        new.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        new.rename(target)


@dataclass(frozen=True)
class BuildOverrides:
    """What changes for one build of a versioned site (``eduplat deploy``/``build-versions``).

    A plain build has none. With ``version`` set, the plugin adds the version selector, the
    outdated banner, canonical links to the default version, and links to the single webinar
    schedule at the root instead of versioned webinar pages.

    Attributes:
        version: The version being built; None for an unversioned build.
        default_version: The version (or alias) readers are sent to, e.g. ``latest``.
        webinars_only: Build only the webinar schedule, for the root of a versioned site.
        cache_dir: The tutorial cache to use instead of the site's own (one cache shared by
            every version built); ``EDUPLAT_CACHE_DIR`` still wins when set.
    """

    version: str | None = None
    default_version: str = "latest"
    webinars_only: bool = False
    cache_dir: Path | None = None


def build(
    config_file: str | os.PathLike[str] | None = None,
    *,
    strict: bool | None = None,
    overrides: BuildOverrides | None = None,
    engine: EngineName | None = None,
    **options: Any,
) -> MkDocsConfig:
    """Build the site atomically: into a temporary folder next to ``site_dir``, then swap.

    Args:
        config_file: Path to mkdocs.yml; found in the working directory when None.
        strict: Turn warnings into errors (``mkdocs build --strict``); None: as configured.
        overrides: What changes for one version of a versioned site; None for a plain build.
        engine: The site generator (None: the plugin's ``engine`` option, else MkDocs).
        **options: Overrides of mkdocs.yml settings, as for ``load_config``.

    Returns:
        The loaded config (its ``site_dir`` is the final folder).

    Raises:
        EduplatError: For user mistakes, or an engine that is missing or fails; the
            previous site is left intact.
        mkdocs.exceptions.MkDocsException: MkDocs' own build failures (site left intact).
    """
    if strict is not None:
        options["strict"] = strict
    config = load_config(config_file, **options)
    plugin = eduplat_plugin(config)
    if engine is None:
        engine = plugin.config.engine if plugin is not None else "mkdocs"
    if engine != "mkdocs":
        if overrides is not None:
            raise EduplatError(
                "versions are published with MkDocs (eduplat deploy drives it through mike)",
                hint="deploy versions with engine mkdocs; build single sites with other engines",
            )
        return _build_with(config, engine)
    if plugin is not None:
        # MkDocs keeps one plugin instance per process: set (and below, clear) every time.
        plugin.overrides = overrides
    target = Path(config.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.eduplat-", dir=target.parent))
    config.site_dir = str(work)
    try:
        # MkDocs logs a plugin's error and then aborts; hold the log line back so the
        # error is reported once, by whoever catches it.
        with _collect_errors("mkdocs.commands.build") as collector:
            # As `mkdocs build` does: plugins learn the command (build, not serve).
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except Abort as exc:
        shutil.rmtree(work, ignore_errors=True)
        cause = upstream.build_error(exc)
        # The plugin raises ``PluginError(...) from`` eduplat's error: hand that one on.
        if isinstance(cause, MkDocsException) and isinstance(cause.__cause__, EduplatError):
            raise cause.__cause__ from exc
        for message in collector.messages:
            logging.getLogger("mkdocs.commands.build").error(message)
        raise
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        config.site_dir = str(target)
        if plugin is not None:
            plugin.overrides = None
    swap_in(work, target)
    return config


def _build_with(config: MkDocsConfig, engine: EngineName) -> MkDocsConfig:
    """Build with another engine in a temporary folder next to ``site_dir``, then swap."""
    from eduplat import staging

    target = Path(config.site_dir)
    work = staging.new_work_folder(target)
    try:
        if ENGINES[engine].staged:
            staging.stage_and_build(config, engine, target, work)
        else:
            _run_plugin_engine(config, engine, work / "site")
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    try:
        swap_in(work / "site", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return config


def _run_plugin_engine(config: MkDocsConfig, engine: EngineName, output: Path) -> None:
    """An engine that loads eduplat as a plugin itself (ProperDocs), building ``output``."""
    from eduplat.staging import missing_engine, run_engine

    command = engine_command(engine)
    if command is None:
        raise missing_engine(engine)
    args = ["-d", str(output)]
    run_engine(
        engine,
        command,
        Path(config.config_file_path),
        strict=bool(config.strict),
        cwd=config_folder(config),
        extra=args,
    )


def serve(
    config_file: str | os.PathLike[str] | None = None,
    *,
    dev_addr: str = "127.0.0.1:8000",
    strict: bool | None = None,
    livereload: bool = True,
    open_in_browser: bool = False,
    engine: EngineName | None = None,
) -> None:
    """Run MkDocs' development server with eduplat's up-front config checks.

    With ``engine`` ``zensical`` (or the plugin's ``engine: zensical``), the site is staged
    and Zensical's own server runs on the staged tree, staged again on every change.
    ProperDocs sites preview with MkDocs' server (the same plugin).
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    path = find_config(config_file)
    config = load_config(path, dev_addr=dev_addr)  # fail early, before the server starts
    if engine is None:
        plugin = eduplat_plugin(config)
        engine = plugin.config.engine if plugin is not None else "mkdocs"
    if ENGINES[engine].staged:
        from eduplat.staging import serve_staged

        serve_staged(path, engine, dev_addr=dev_addr)
        return
    options: dict[str, Any] = {"dev_addr": dev_addr}
    if strict is not None:
        options["strict"] = strict
    mkdocs_serve(
        config_file=str(path), livereload=livereload, open_in_browser=open_in_browser, **options
    )


def tutorials_folder(config: MkDocsConfig) -> Path | None:
    """The tutorials folder of a loaded site, or None when eduplat is not enabled."""
    plugin = eduplat_plugin(config)
    if plugin is None:
        return None
    folder: str = plugin.config.tutorials.dir
    return config_folder(config) / folder


def quizzes_folder(config: MkDocsConfig) -> Path:
    """The quizzes folder of a loaded site (``quizzes`` when eduplat is not enabled)."""
    plugin = eduplat_plugin(config)
    folder: str = plugin.config.quizzes.dir if plugin is not None else "quizzes"
    return config_folder(config) / folder


def cache_folder(config: MkDocsConfig) -> Path:
    """The tutorial cache folder of a loaded site."""
    plugin = eduplat_plugin(config)
    return cache_root(config, plugin.config.cache_dir) if plugin is not None else cache_root(config)


def check(config_file: str | os.PathLike[str] | None = None) -> list[str]:
    """Validate mkdocs.yml and every eduplat source without building.

    Returns:
        One line per checked kind of source, for the summary.

    Raises:
        EduplatError: The first problem found, with file and line.
    """
    config = load_config(config_file)
    plugin = eduplat_plugin(config)
    if plugin is None:
        raise ConfigError(
            Path(config.config_file_path),
            "the eduplat plugin is not enabled",
            line=key_line(Path(config.config_file_path), ["plugins"]),
            hint="add '- eduplat' under 'plugins:'",
        )
    if not plugin.config.enabled:
        raise ConfigError(
            Path(config.config_file_path),
            "the eduplat plugin is turned off ('enabled: false'): nothing to check",
            line=key_line(Path(config.config_file_path), ["plugins", "eduplat", "enabled"]),
            hint="set 'enabled: true' (or remove it) to check eduplat's sources",
        )
    summary: list[str] = plugin.check(config)
    return summary
