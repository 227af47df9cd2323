"""The MkDocs plugin: hook wiring only; the work happens in the domain packages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from eduplat import upstream
from eduplat.config import EduplatConfig, unknown_option_errors
from eduplat.errors import EduplatError
from eduplat.exercise_blocks import render_solution_blocks
from eduplat.features import config_folder
from eduplat.features.a11y import fix_page
from eduplat.features.media import MediaFeature
from eduplat.features.pathways import Pathways, render_related
from eduplat.features.quizzes import QuizzesFeature
from eduplat.features.tutorials import TutorialsFeature, theme_loader
from eduplat.features.versions import VERSIONS_JS, VersionContext
from eduplat.features.webinars import WebinarsFeature
from eduplat.i18n import Translator, translator
from eduplat.text import fragment_environment

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer

    from eduplat.features.paths import PathsFeature
    from eduplat.site import BuildOverrides

__all__ = ["EduplatPlugin"]

log = get_plugin_logger(__name__)

_CSS = "assets/eduplat/eduplat.css"
_BASE_JS = "assets/eduplat/eduplat.js"  # what the other scripts use: load it before them
_QUIZ_JS = "assets/eduplat/quiz.js"
_SCHEDULE_JS = "assets/eduplat/schedule.js"
_PATHS_JS = "assets/eduplat/paths.js"
_EXERCISES_JS = "assets/eduplat/exercises.js"
# Not a page script: exercises.js starts it as a Web Worker when a reader presses Run.
_PYODIDE_WORKER_JS = "assets/eduplat/pyodide-worker.js"
_MEDIA_JS = "assets/eduplat/media.js"
_ASSETS = Path(__file__).parent / "assets"
# What eduplat's generated Markdown relies on (cards, collapsible cells, fenced code).
_NEEDED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "pymdownx.superfences")


class EduplatPlugin(BasePlugin[EduplatConfig]):
    """Turns tutorials, quizzes and webinar schedules into Material pages."""

    def __init__(self) -> None:
        self.t: Translator = translator(None)
        self.command: str = "build"
        self.tutorials: TutorialsFeature | None = None
        self.quizzes: QuizzesFeature | None = None
        self.webinars: WebinarsFeature | None = None
        self.media: MediaFeature | None = None
        self.versioning: VersionContext | None = None
        #: Set by ``eduplat.site.build`` for one build of a versioned site.
        self.overrides: BuildOverrides | None = None
        self.pathways = Pathways()
        self.paths: PathsFeature | None = None

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        # MkDocs only warns about unknown plugin options; a typo must not silently do nothing.
        unknown = unknown_option_errors(options, EduplatConfig, config_file_path)
        errors, warnings = super().load_config(options, config_file_path)
        warnings = [(k, msg) for k, msg in warnings if not upstream.is_unknown_option_warning(msg)]
        return [(key, ValidationError(msg)) for key, msg in unknown] + errors, warnings

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # MkDocs reuses this instance for every site loaded in the process (serve rebuilds,
        # tests): rebuild per-site state from this config; warm state lives in the cache.
        self.tutorials = self.quizzes = self.webinars = self.versioning = None
        if not self.config.enabled:
            # eduplat declares `enabled` itself, so MkDocs leaves it to us: every hook
            # below does nothing and the site builds as plain MkDocs/Material.
            return None
        self.t = translator(config.theme.get("language"))
        _ensure_extensions(config)
        if _CSS not in config.extra_css:
            config.extra_css.append(_CSS)
        scripts = [str(script) for script in config.extra_javascript]
        for script in (_BASE_JS, _QUIZ_JS, _SCHEDULE_JS, _EXERCISES_JS, _MEDIA_JS):
            if script not in scripts:
                config.extra_javascript.append(script)
        overrides = self.overrides
        cache_dir = str(overrides.cache_dir) if overrides and overrides.cache_dir else None
        self.tutorials = TutorialsFeature(
            self.config.tutorials, config, cache_dir or self.config.cache_dir, log
        )
        self.tutorials.serving = self.command == "serve"
        cache = self.tutorials.cache.root
        self.quizzes = QuizzesFeature(self.config.quizzes, config, theme_loader(config), cache)
        self.webinars = WebinarsFeature(self.config.webinars, config, theme_loader(config), cache)
        self.media = MediaFeature(config, theme_loader(config))
        self.versioning = VersionContext.for_build(overrides)
        if self.versioning is not None:
            url = self.config.webinars.url.strip("/")
            self.versioning.on_config(config, self.t, url)
        self.paths = self._paths_feature(config)
        if self.paths is not None and _PATHS_JS not in scripts:
            config.extra_javascript.append(_PATHS_JS)
        return config

    def _paths_feature(self, config: MkDocsConfig) -> PathsFeature | None:
        """Paths and feedback, imported only when the site has paths or a feedback target."""
        from eduplat.paths.load import discover_paths

        options, feedback = self.config.paths, self.config.feedback
        base = config_folder(config)
        has_paths = bool(discover_paths(base / options.dir))
        if not (has_paths or feedback.issue_url or feedback.endpoint):
            return None
        if self.versioning is not None and self.versioning.webinars_only:
            return None
        from eduplat.features.paths import PathsFeature

        versioning = self.versioning
        return PathsFeature(
            options,
            feedback,
            config,
            theme_loader(config),
            {
                "tutorial": self.config.tutorials.url.strip("/"),
                "quiz": self.config.quizzes.url.strip("/"),
                "webinar": self.config.webinars.url.strip("/"),
            },
            version=(versioning.version or "") if versioning else "",
            webinars_root=versioning.root if versioning else "",
        )

    # Late: pages other plugins generate exist already, so prerequisites can link to them.
    @event_priority(-50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        assets = (_CSS, _BASE_JS, _QUIZ_JS, _SCHEDULE_JS, _EXERCISES_JS, _PYODIDE_WORKER_JS)
        for uri in (*assets, _MEDIA_JS, VERSIONS_JS, _PATHS_JS):
            files.append(File.generated(config, uri, abs_src_path=str(_ASSETS / Path(uri).name)))
        tutorials, quizzes, webinars = self.tutorials, self.quizzes, self.webinars
        assert tutorials is not None
        assert quizzes is not None
        assert webinars is not None
        versioning = self.versioning
        with _as_plugin_error():
            if versioning is not None and versioning.webinars_only:
                # The root schedule of a versioned site: links go to the default version.
                webinars.on_files(
                    files,
                    config,
                    self.t,
                    lambda item: versioning.default_link("tutorials", item),
                    lambda item: versioning.default_link("quizzes", item),
                )
                return files
            # Tutorials first: quizzes and webinars link to them.
            files = tutorials.on_files(files, config, self.t)
            quizzes.on_files(files, config, self.t)
            if versioning is None:  # versions link to the one schedule at the root
                webinars.on_files(files, config, self.t, tutorials.find_page, quizzes.find_page)
            if self.paths is not None:  # last: steps point to all of the above
                schedule = webinars.schedule or webinars.load()
                self.paths.on_files(files, config, self.t, tutorials, quizzes, schedule)
            self._lead_on(files, config)
            return files

    def _lead_on(self, files: Files, config: MkDocsConfig) -> None:
        """Previous/next within each collection, and each tutorial's related pages."""
        tutorials, quizzes, webinars = self.tutorials, self.quizzes, self.webinars
        assert tutorials is not None
        assert quizzes is not None
        assert webinars is not None
        pathways = self.pathways
        pathways.reset(files)
        pathways.add(
            f"{tutorials.url}/index.md",
            [tutorials.pages[x.id].src_uri for x in tutorials.reading_order()],
        )
        pathways.add(
            f"{quizzes.url}/index.md",
            [quizzes.pages[q.id].src_uri for q in quizzes.reading_order()],
        )
        pathways.add(
            f"{webinars.url}/index.md",
            [webinars.pages[s.id].src_uri for s in webinars.reading_order()],
        )
        env = fragment_environment(theme_loader(config))
        for tutorial_id, page in tutorials.pages.items():
            related = render_related(
                env,
                self.t,
                [
                    (q.title, quizzes.pages[q.id].url_relative_to(page))
                    for q in quizzes.teaching(page.src_uri)
                ],
                [
                    (s.title, webinars.pages[s.id].url_relative_to(page))
                    for s in webinars.presenting(tutorial_id)
                ],
            )
            if related:
                page.content_string = page.content_string.rstrip("\n") + "\n\n" + related

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.versioning is not None:
            self.versioning.on_env(env, self.t)
        return env

    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if self.versioning is not None:
            self.versioning.on_page_context(page)
        self.pathways.on_page_context(page, nav)
        return context

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.paths is None:
            return html
        return self.paths.on_page_content(html, page, self.t)

    def staged_markdown(self, markdown: str, page: Page) -> str:
        """A page's Markdown for an engine without plugins: what ``on_page_content`` adds
        around the rendered page, as raw HTML blocks around the Markdown."""
        if self.paths is None:
            return markdown
        before, after = self.paths.around(page, self.t)
        parts = [before.strip(), markdown.strip("\n"), after.strip()]
        return "\n\n".join(part for part in parts if part) + "\n"

    def finished_html(self, output: str, src_uri: str) -> str:
        """What eduplat adds to every rendered page (Event JSON-LD, accessibility fixes),
        for MkDocs' ``on_post_page`` and for staged builds alike."""
        assert self.webinars is not None
        return fix_page(self.webinars.with_jsonld(output, src_uri), self.t)

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or self.versioning is None:
            return None
        return self.versioning.on_post_template(output_content)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        assert self.webinars is not None
        self.pathways.on_post_page()
        output = self.finished_html(output, page.file.src_uri)
        if self.versioning is not None:
            output = self.versioning.on_post_page(output, page)
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        assert self.webinars is not None
        if self.webinars.on_post_build():
            log.info(
                f"Recorded changed webinar times in {self.config.webinars.history}: commit it, "
                "so calendar apps pick up the changes"
            )

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        assert self.quizzes is not None
        assert self.media is not None
        markdown = render_solution_blocks(markdown, self.config.tutorials.solutions, self.t)
        with _as_plugin_error():
            markdown = self.quizzes.on_page_markdown(markdown, page, files, self.t)
            return self.media.on_page_markdown(markdown, page, files, self.t, self._source_of)

    def _source_of(self, src_uri: str) -> tuple[Path, Path] | None:
        """A tutorial page's source file and folder (video blocks' paths start there)."""
        tutorials = self.tutorials
        if tutorials is None:
            return None
        for tutorial_id, page in tutorials.pages.items():
            if page.src_uri == src_uri and tutorial_id in tutorials.by_id:
                return tutorials.by_id[tutorial_id].source.path, tutorials.folder
        return None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if self.tutorials is not None and self.tutorials.folder.is_dir():
            server.watch(str(self.tutorials.folder))
        if self.quizzes is not None and self.quizzes.folder.is_dir():
            server.watch(str(self.quizzes.folder))
        if self.webinars is not None and self.webinars.location().exists():
            server.watch(str(self.webinars.location()))
        if self.paths is not None and self.paths.folder.is_dir():
            server.watch(str(self.paths.folder))
        return server

    def check(self, config: MkDocsConfig) -> list[str]:
        """Validate every eduplat source without building; raise on the first problem."""
        from eduplat.tutorials.source import dependency_hashes, discover, parse

        summary = [f"{config.config_file_path}: configuration is valid"]
        feature = self.tutorials or TutorialsFeature(
            self.config.tutorials, config, self.config.cache_dir, log
        )
        sources = discover(feature.folder)
        metas = {}
        for source in sources:
            parsed = parse(source)
            dependency_hashes(source, parsed.meta.dependencies)
            metas[source.id] = parsed.meta
        summary.append(f"{len(sources)} tutorial(s) in {feature.folder}: metadata is valid")
        from eduplat.features.quizzes import load_all, not_a_page, untaught_warnings

        quiz_folder = config_folder(config) / self.config.quizzes.dir
        quizzes = load_all(quiz_folder)
        pages = {f.src_uri for f in get_files(config) if f.is_documentation_page()}
        pages |= {f"{feature.url}/{source.id}.md" for source in sources}
        for quiz in quizzes:
            for question in quiz.questions:
                target = question.teaches.partition("#")[0].lstrip("/")
                if (
                    target
                    and not target.startswith(("http://", "https://"))
                    and (target not in pages)
                ):
                    raise not_a_page(quiz, question.teaches)
        untaught = untaught_warnings(quizzes)
        for warning in untaught:
            log.warning(warning)
        note = f" ({len(untaught)} without 'teaches' links)" if untaught else ""
        summary.append(f"{len(quizzes)} quiz(zes) in {quiz_folder}: valid{note}")
        from eduplat.webinars.load import discover_schedule_files, load_schedule, unknown_related

        base = config_folder(config)
        schedule_files = discover_schedule_files(base, self.config.webinars.source)
        schedule = load_schedule(schedule_files)
        tutorial_ids = {source.id for source in sources}
        quiz_ids = {quiz.id for quiz in quizzes}
        for session in schedule.sessions:
            for kind, items, known in (
                ("tutorial", session.tutorials, tutorial_ids),
                ("quiz", session.quizzes, quiz_ids),
            ):
                for item in items:
                    if item not in known:
                        raise unknown_related(session, kind, item, known)
        summary.append(f"{len(schedule.sessions)} webinar session(s): valid")
        paths_dir = base / self.config.paths.dir
        from eduplat.paths.load import discover_paths

        if discover_paths(paths_dir):
            from eduplat.features.paths import catalog, check_paths
            from eduplat.paths.model import Target

            manual = {
                f.src_uri: f.content_string for f in get_files(config) if f.is_documentation_page()
            }
            site = catalog(
                manual,
                {id_: Target(meta.title, meta.duration) for id_, meta in metas.items()},
                quizzes,
                schedule,
                self.config.paths.minutes_per_question,
            )
            summary.append(f"{check_paths(paths_dir, site)} learning path(s): valid")
        return summary


class _as_plugin_error:
    """Re-raise eduplat's errors as PluginError so plain ``mkdocs build`` shows them too."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, EduplatError):
            raise PluginError(str(exc)) from exc


def _ensure_extensions(config: MkDocsConfig) -> None:
    for name in _NEEDED_EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    if not {"pymdownx.highlight", "codehilite"} & set(config.markdown_extensions):
        config.markdown_extensions.append("pymdownx.highlight")
