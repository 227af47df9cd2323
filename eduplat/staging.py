"""Build with an engine that does not run MkDocs plugins (Zensical): stage plain files.

Zensical reads ``mkdocs.yml`` but ignores plugins it does not know, so eduplat does its
part first and hands the engine a site that needs no plugin:

1. the MkDocs plugin pipeline runs once, through MkDocs' public API, up to the Markdown of
   every page (``on_config``, ``on_files``, ``on_page_markdown``): the same hooks as a MkDocs
   build, so every generated page and file comes from the same code, not a second copy;
2. a docs tree is written to a temporary folder next to ``site_dir`` (never inside
   ``docs/``): the user's files, each page's Markdown after eduplat's transforms (quiz
   embeds, solutions, the path bar and feedback widget), every generated page and file
   (tutorials with their outputs, quizzes, webinars, paths, CSS/JS);
3. a derived config points the engine at it (eduplat removed, its CSS/JS and Markdown
   extensions added, generated pages kept out of the nav);
4. the engine builds into the temporary folder; eduplat puts back its own files byte for
   byte (calendars, feeds, downloads, images), adds what MkDocs would add after rendering
   (Event JSON-LD, accessibility fixes), and swaps the result in like a MkDocs build.

A feature plugs in by doing its work in those hooks (pages and files in ``on_files``,
Markdown in ``on_page_markdown``); HTML it adds after rendering goes through
``EduplatPlugin.staged_markdown`` (around the page) or ``EduplatPlugin.finished_html``
(the whole page), which the MkDocs hooks call too.
"""

from __future__ import annotations

import logging
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files
from mkdocs.structure.pages import Page

from eduplat.engines import ENGINES, EngineName, engine_command
from eduplat.errors import EduplatError, EngineError
from eduplat.features import config_folder, eduplat_plugin
from eduplat.textio import read_text

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from eduplat.plugin import EduplatPlugin

__all__ = [
    "derived_config",
    "missing_engine",
    "new_work_folder",
    "run_engine",
    "serve_staged",
    "stage_and_build",
]

log = logging.getLogger("eduplat.staging")

# What `mkdocs build` leaves out (exclude_docs, draft_docs).
_UNPUBLISHED = (InclusionLevel.EXCLUDED, InclusionLevel.DRAFT)

STAGE_PREFIX = "eduplat-stage-"
"""Staging folders are named ``.<site_dir name>.eduplat-stage-*`` (``make clean`` removes them)."""


def stage_and_build(config: MkDocsConfig, engine: EngineName, target: Path, work: Path) -> None:
    """Stage ``config``'s site in ``work`` and build it with ``engine`` into ``work/site``.

    Args:
        config: The loaded site (its plugins are run, not its build).
        engine: A staged engine (see [eduplat.engines.ENGINES][]).
        target: The final site folder (only for messages).
        work: An empty temporary folder next to ``target``.

    Raises:
        EduplatError: A user mistake in a source, or the engine is missing or fails.
    """
    command = engine_command(engine)
    if command is None:
        raise missing_engine(engine)
    plugin = eduplat_plugin(config)
    output = work / "site"
    config.plugins.on_startup(command="build", dirty=False)
    try:
        staged = _stage_tree(config, plugin, work / "docs", work / "mkdocs.yml")
        run_engine(
            engine,
            command,
            work / "mkdocs.yml",
            strict=bool(config.strict),
            cwd=config_folder(config),
        )
        if not (output / "index.html").is_file() and not any(output.glob("*.html")):
            raise EngineError(f"{engine} finished but wrote no pages into {output}")
        _finish(output, staged.files, plugin)
        if plugin is not None and plugin.config.enabled:
            with _unwrapped():
                plugin.on_post_build(config=config)
    finally:
        config.plugins.on_shutdown()
    log.info(f"Built {target} with {engine}")


def _stage_tree(
    config: MkDocsConfig, plugin: EduplatPlugin | None, docs: Path, config_path: Path
) -> _Staged:
    """Write the docs tree and the derived config (plugins already started)."""
    docs.mkdir(parents=True, exist_ok=True)
    with _strict_warnings(bool(config.strict)) as warnings, _unwrapped():
        staged = _stage(config, plugin, docs)
    if warnings:
        raise EduplatError(
            f"{len(warnings)} warning(s) in strict mode while staging the site",
            hint="fix the warnings above, or build without --strict",
        )
    text = derived_config(
        Path(config.config_file_path),
        added_css=staged.added_css,
        added_js=staged.added_js,
        extensions=staged.extensions,
        not_in_nav=staged.not_in_nav,
    )
    _write_if_changed(config_path, text.encode("utf-8"))
    return staged


def _write_if_changed(path: Path, content: bytes) -> None:
    """Leave a file as it is when it already holds ``content`` (an engine's server then
    rebuilds only what changed)."""
    if path.is_file() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


class _Staged:
    """What staging found out, for the derived config and the finishing step."""

    def __init__(self, files: Files) -> None:
        self.files = files
        self.added_css: list[str] = []
        self.added_js: list[str] = []
        self.extensions: list[str] = []
        self.not_in_nav: list[str] = []
        self.written: set[str] = set()


def _stage(config: MkDocsConfig, plugin: EduplatPlugin | None, docs: Path) -> _Staged:
    css_before = [str(x) for x in config.extra_css]
    js_before = [str(x) for x in config.extra_javascript]
    extensions_before = list(config.markdown_extensions)
    config = config.plugins.on_config(config)  # versioned builds never get here (site.build)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    staged = _Staged(files)
    staged.added_css = [str(x) for x in config.extra_css if str(x) not in css_before]
    staged.added_js = [str(x) for x in config.extra_javascript if str(x) not in js_before]
    # Names only: plugins may add extension objects, which the engine sets up itself.
    staged.extensions = [
        x for x in config.markdown_extensions if isinstance(x, str) and x not in extensions_before
    ]
    for file in files:
        if file.inclusion in _UNPUBLISHED:
            continue
        if file.is_documentation_page():
            content = _page_markdown(file, config, files, plugin).encode("utf-8")
            if file.inclusion == InclusionLevel.NOT_IN_NAV:
                staged.not_in_nav.append(f"/{file.src_uri}")
        elif file.generated_by is not None or not file.abs_src_path:
            content = file.content_bytes
        else:
            content = Path(file.abs_src_path).read_bytes()
        _write_if_changed(docs / file.src_uri, content)
        staged.written.add(file.src_uri)
    _remove_stale(docs, staged.written)
    return staged


def _remove_stale(docs: Path, written: set[str]) -> None:
    """Files of an earlier staging (serve) that the site no longer has."""
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(docs).as_posix() not in written:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _page_markdown(
    file: File, config: MkDocsConfig, files: Files, plugin: EduplatPlugin | None
) -> str:
    """A page's Markdown as MkDocs would render it, front matter kept for the engine."""
    page = Page(None, file, config)
    page.read_source(config)
    source = file.content_string
    body = page.markdown or ""
    front = source[: len(source) - len(body)] if body and source.endswith(body) else ""
    markdown = config.plugins.on_page_markdown(body, page=page, config=config, files=files)
    if plugin is not None and plugin.config.enabled:
        markdown = plugin.staged_markdown(markdown, page)
    return front + source_relative_html(markdown or "", file.url, file.src_uri)


_HTML_URL = re.compile(r'(<[A-Za-z][^<>]*?\s(?:href|src|poster)=")([^"]*)(")')
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def source_relative_html(markdown: str, page_url: str, src_uri: str) -> str:
    """Raw-HTML links of a page made relative to its source file instead of its URL.

    eduplat writes HTML (players, captions, related links) with URLs relative to the page,
    as MkDocs leaves raw HTML alone. Zensical (0.0.73) resolves relative ``href``/``src`` in
    raw HTML from the source file, like Markdown links: ``tutorials/x.md`` served at
    ``tutorials/x/`` would gain one ``../`` too many. Links in fenced code stay as written.
    """
    page_dir = page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/"
    src_dir = posixpath.dirname(src_uri) + "/" if "/" in src_uri else ""
    if page_dir.strip("/") == src_dir.strip("/"):
        return markdown

    def rebase(match: re.Match[str]) -> str:
        url = match.group(2)
        if not url or url.startswith(("#", "/", "?")) or re.match(r"^[A-Za-z][\w+.-]*:", url):
            return match.group(0)
        cut = re.search(r"[?#]", url)
        path, tail = (url[: cut.start()], url[cut.start() :]) if cut else (url, "")
        target = posixpath.normpath(posixpath.join(page_dir, path)) if path else page_dir
        moved = posixpath.relpath(target, src_dir or ".")
        if path.endswith("/") or not path:
            moved += "/"
        return match.group(1) + moved + tail + match.group(3)

    lines, fence = [], ""
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
        elif opened:
            fence = opened.group(1)
        else:
            line = _HTML_URL.sub(rebase, line)
        lines.append(line)
    return "".join(lines)


def _finish(output: Path, files: Files, plugin: EduplatPlugin | None) -> None:
    """eduplat's own files byte for byte, and what it adds to rendered pages."""
    enabled = plugin is not None and plugin.config.enabled
    for file in files:
        if file.inclusion in _UNPUBLISHED:
            continue
        dest = output / file.dest_uri
        if file.is_documentation_page():
            if enabled and dest.is_file():
                assert plugin is not None
                html = read_text(dest)
                finished = plugin.finished_html(html, file.src_uri)
                if finished != html:
                    dest.write_text(finished, encoding="utf-8")
        elif file.generated_by is not None:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(file.content_bytes)


def missing_engine(engine: EngineName) -> EngineError:
    """The error for an engine that is not installed."""
    return EngineError(
        f"the {engine} engine is not installed, so the site cannot be built with it "
        f"(eduplat is tested with {engine} {ENGINES[engine].tested})",
        hint=f"run {ENGINES[engine].install!r}, or build with --engine mkdocs",
    )


def run_engine(
    engine: EngineName,
    command: list[str],
    config_path: Path,
    *,
    strict: bool,
    cwd: Path,
    extra: list[str] | None = None,
) -> None:
    """Run ``ENGINE build -f CONFIG``; its output is logged, a failure raised with it."""
    args = [*command, "build", "-f", str(config_path), *(extra or [])]
    if strict:
        args.append("--strict")
    log.info(f"Running {engine} build")
    try:
        result = subprocess.run(  # noqa: S603 - our own command line, no shell
            args, cwd=cwd, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise EngineError(f"could not run {engine}: {exc}", hint=ENGINES[engine].install) from exc
    said = "\n".join(x for x in (result.stdout.strip(), result.stderr.strip()) if x)
    for line in said.splitlines():
        log.debug(f"{engine}: {line}")
    if result.returncode != 0:
        raise EngineError(
            f"{engine} build failed (exit status {result.returncode}), so the previous site "
            f"is left as it was — fix what {engine} reports below, or build with --engine "
            f"mkdocs (--debug shows all it printed):\n{_without_traceback(said) or '(nothing)'}"
        )


def _without_traceback(text: str) -> str:
    """An engine's messages without the Python traceback frames around them."""
    lines = text.splitlines()
    kept = [x for x in lines if x.strip() and not x.startswith((" ", "\t", "Traceback ("))]
    return "\n".join(kept)


@contextmanager
def _unwrapped() -> Iterator[None]:
    """eduplat's errors as themselves, not as the PluginError the hooks wrap them in."""
    try:
        yield
    except PluginError as exc:
        if isinstance(exc.__cause__, EduplatError):
            raise exc.__cause__ from exc
        raise


class _WarningCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def _strict_warnings(strict: bool) -> Iterator[list[logging.LogRecord]]:
    """Warnings MkDocs and its plugins log while staging (they fail a strict build)."""
    counter = _WarningCounter()
    logger = logging.getLogger("mkdocs")
    if strict:
        logger.addHandler(counter)
    try:
        yield counter.records
    finally:
        logger.removeHandler(counter)


# -- the derived configuration -----------------------------------------------------------


def derived_config(
    source: Path,
    *,
    added_css: list[str],
    added_js: list[str],
    extensions: list[str],
    not_in_nav: list[str],
) -> str:
    """``source`` (mkdocs.yml) rewritten for the staged tree next to the written file.

    The YAML is edited as a node tree, so tags the engine resolves itself (``!ENV``,
    ``!!python/name:``) are written back as they were.
    """
    root = yaml.compose(read_text(source), Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        raise EduplatError(f"{source}: the configuration is not a mapping")
    base = source.resolve().parent
    _set(root, "docs_dir", _scalar("docs"))
    _set(root, "site_dir", _scalar("site"))
    _drop(root, "hooks")  # already run while staging
    inherit = _get(root, "INHERIT")
    if isinstance(inherit, yaml.ScalarNode):
        inherit.value = str(base / inherit.value)
    plugins = _get(root, "plugins")
    if isinstance(plugins, yaml.SequenceNode):
        plugins.value = [p for p in plugins.value if _plugin_name(p) != "eduplat"]
    elif isinstance(plugins, yaml.MappingNode):
        _drop(plugins, "eduplat")
    theme = _get(root, "theme")
    if isinstance(theme, yaml.MappingNode):
        custom = _get(theme, "custom_dir")
        if isinstance(custom, yaml.ScalarNode):
            custom.value = str(base / custom.value)
    for key, added in (("extra_css", added_css), ("extra_javascript", added_js)):
        if added:
            _extend(root, key, added)
    if extensions and _get(root, "markdown_extensions") is not None:
        # MkDocs' built-in fenced code is superfences' job in Material sites.
        _extend(root, "markdown_extensions", [x for x in extensions if x != "fenced_code"])
    if not_in_nav:
        current = _get(root, "not_in_nav")
        lines = (current.value if isinstance(current, yaml.ScalarNode) else "").splitlines()
        _set(root, "not_in_nav", _scalar("\n".join([*lines, *not_in_nav]) + "\n", style="|"))
    return str(yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True))


def _scalar(value: str, style: str | None = None) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", value, style=style)


def _get(mapping: yaml.MappingNode, key: str) -> Any:
    return next((v for k, v in mapping.value if k.value == key), None)


def _set(mapping: yaml.MappingNode, key: str, value: yaml.Node) -> None:
    _drop(mapping, key)
    mapping.value.append((_scalar(key), value))


def _drop(mapping: yaml.MappingNode, key: str) -> None:
    mapping.value = [(k, v) for k, v in mapping.value if k.value != key]


def _extend(mapping: yaml.MappingNode, key: str, items: list[str]) -> None:
    current = _get(mapping, key)
    if not isinstance(current, yaml.SequenceNode):
        current = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
        _set(mapping, key, current)
    present = {_plugin_name(node) for node in current.value}
    current.value += [_scalar(item) for item in items if item not in present]


def _plugin_name(node: yaml.Node) -> str:
    """The name of a list entry: ``- name`` or ``- name: {options}``."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value)
    if isinstance(node, yaml.MappingNode) and node.value:
        return str(node.value[0][0].value)
    return ""


def new_work_folder(target: Path) -> Path:
    """An empty folder next to ``target`` (same file system, so the swap is a rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.{STAGE_PREFIX}", dir=target.parent))


# -- serve -----------------------------------------------------------------------------------


def serve_staged(config_path: Path, engine: EngineName, *, dev_addr: str) -> None:
    """Stage the site next to mkdocs.yml and run ``ENGINE serve`` on it; stage again
    whenever a source changes (the engine's server rebuilds what changed in the tree).

    A staging error is logged and the server keeps the last good tree, as MkDocs' serve
    does; the staging folder is removed on exit.
    """
    from eduplat import site

    command = engine_command(engine)
    if command is None:
        raise missing_engine(engine)
    config = site.load_config(config_path)  # fail early, before the server starts
    base = config_folder(config)
    work = Path(tempfile.mkdtemp(prefix=f".{STAGE_PREFIX}serve-", dir=base))
    ignored = [work.resolve(), Path(config.site_dir).resolve()]
    changes = _Changes(base, ignored)
    observer = _observe(base, changes)
    server: subprocess.Popen[bytes] | None = None
    # Stopped by a service manager (SIGTERM) as by Ctrl-C: clean up either way.
    stop = signal.signal(signal.SIGTERM, _interrupt)
    try:
        _restage(config_path, work)
        log.info(f"Running {engine} serve on the staged site at http://{dev_addr}/")
        server = subprocess.Popen(  # noqa: S603 - our own command line, no shell
            [*command, "serve", "-f", str(work / "mkdocs.yml"), "-a", dev_addr], cwd=base
        )
        while server.poll() is None:
            if changes.settled():
                log.info("Sources changed: staging the site again")
                try:
                    _restage(config_path, work)
                except EduplatError as exc:
                    log.error(str(exc))
            time.sleep(0.2)
        raise EngineError(f"{engine} serve stopped (exit status {server.returncode})")
    finally:
        signal.signal(signal.SIGTERM, stop)
        observer.stop()
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        observer.join(timeout=5)
        shutil.rmtree(work, ignore_errors=True)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _restage(config_path: Path, work: Path) -> None:
    """Load the site afresh and stage it into ``work`` (only changed files are rewritten)."""
    from eduplat import site

    config = site.load_config(config_path)
    plugin = eduplat_plugin(config)
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        _stage_tree(config, plugin, work / "docs", work / "mkdocs.yml")
        if plugin is not None and plugin.config.enabled:
            with _unwrapped():
                plugin.on_post_build(config=config)
    finally:
        config.plugins.on_shutdown()


class _Changes:
    """Source changes seen by the file watcher, quiet for a moment before restaging."""

    def __init__(self, base: Path, ignored: list[Path]) -> None:
        self.base = base.resolve()
        self.ignored = ignored
        self.lock = threading.Lock()
        self.last: float | None = None

    def saw(self, path: str) -> None:
        changed = Path(path).resolve()
        if not changed.is_relative_to(self.base):
            return
        parts = changed.relative_to(self.base).parts
        hidden = any(part.startswith(".") or part == "__pycache__" for part in parts)
        if hidden or any(changed.is_relative_to(folder) for folder in self.ignored):
            return
        if changed.suffix == ".json" and changed.name.endswith("history.json"):
            return  # the webinar history a staging writes itself
        with self.lock:
            self.last = time.monotonic()

    def settled(self, quiet: float = 0.3) -> bool:
        with self.lock:
            if self.last is None or time.monotonic() - self.last < quiet:
                return False
            self.last = None
            return True


def _observe(base: Path, changes: _Changes) -> Any:
    """Watch the site's folder (watchdog comes with MkDocs)."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if path:
                    changes.saw(str(path))

    observer = Observer()
    observer.schedule(Handler(), str(base), recursive=True)
    observer.start()
    return observer
