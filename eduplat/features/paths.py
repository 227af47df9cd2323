"""MkDocs side of learning paths: the index and path pages, the path bar on every page of
a path, and the feedback widget. Imported only when a site has paths or feedback."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from eduplat.features import config_folder
from eduplat.i18n import Translator
from eduplat.paths.load import discover_paths, load_paths
from eduplat.paths.model import (
    AUDIENCES,
    Catalog,
    ResolvedPath,
    ResolvedStep,
    StepKind,
    Target,
    paths_with,
    quiz_minutes,
    reading_minutes,
    resolve,
)
from eduplat.paths.render import (
    FeedbackTarget,
    StepLink,
    default_environment,
    render_bar,
    render_feedback,
    render_index,
    render_path,
)
from eduplat.text import escape_markdown

if TYPE_CHECKING:
    from eduplat.features.quizzes import QuizzesFeature
    from eduplat.features.tutorials import TutorialsFeature
    from eduplat.quizzes.model import Quiz
    from eduplat.webinars.load import Schedule

__all__ = ["PathsFeature", "catalog", "check_paths", "page_title", "paths_folder"]

_FRONT_TITLE = re.compile(r"\A---\s*\n(?:.*\n)*?title:\s*['\"]?(?P<title>[^'\"\n]+)", re.M)
_HEADING = re.compile(r"^#\s+(?P<title>.+?)\s*#*\s*$", re.M)


def paths_folder(config: MkDocsConfig, options: Any) -> Path:
    """The folder of path files, next to mkdocs.yml."""
    folder: str = options.dir
    return config_folder(config) / folder


def page_title(text: str, src_uri: str) -> str:
    """A manual page's title as MkDocs shows it: front matter, first heading, or file name."""
    match = _FRONT_TITLE.match(text) or _HEADING.search(text)
    if match:
        return match.group("title").strip()
    stem = Path(src_uri).stem
    if stem == "index":
        stem = Path(src_uri).parent.name or "home"
    return stem.replace("-", " ").replace("_", " ").capitalize()


def catalog(
    pages: dict[str, str],
    tutorials: dict[str, Target],
    quizzes: Iterable[Quiz],
    schedule: Schedule | None,
    minutes_per_question: float,
) -> Catalog:
    """What path steps can point to, with titles and durations. ``pages`` maps a manual
    page (relative to docs/) to its Markdown."""
    return Catalog(
        pages={
            uri: Target(page_title(text, uri), reading_minutes(text)) for uri, text in pages.items()
        },
        tutorials=tutorials,
        quizzes={
            q.id: Target(q.title, quiz_minutes(len(q.questions), minutes_per_question))
            for q in quizzes
        },
        webinars={
            s.id: Target(s.title, int(s.duration.total_seconds() // 60))
            for s in (schedule.sessions if schedule else ())
        },
    )


def check_paths(folder: Path, known: Catalog) -> int:
    """Load and resolve every path in ``folder`` (for ``eduplat check``); returns how many."""
    return len([resolve(path, known) for path in load_paths(discover_paths(folder))])


class PathsFeature:
    """Loads paths, adds their pages, and decorates the pages that belong to them."""

    def __init__(
        self,
        options: Any,
        feedback: Any,
        config: MkDocsConfig,
        env_loader: Any,
        urls: dict[str, str],
        *,
        version: str = "",
        webinars_root: str = "",
    ) -> None:
        self.options = options
        self.folder = paths_folder(config, options)
        self.url = options.url.strip("/")
        self.urls = urls  # tutorial, quiz and webinar page folders
        self.version = version
        self.webinars_root = webinars_root  # versioned site: the one schedule at the root
        self.env = default_environment(env_loader)
        self.feedback = FeedbackTarget(feedback.issue_url.strip(), feedback.endpoint.strip())
        self.feedback_kinds = {
            kind for kind in ("manual", "tutorials", "quizzes", "paths") if feedback[kind]
        }
        self.paths: list[ResolvedPath] = []
        self.pages: dict[str, File] = {}
        self.files: Files | None = None
        self.generated: set[str] = set()
        self.quiz_hashes: dict[str, str] = {}  # the key of each quiz's saved progress

    def on_files(
        self,
        files: Files,
        config: MkDocsConfig,
        t: Translator,
        tutorials: TutorialsFeature,
        quizzes: QuizzesFeature,
        schedule: Schedule | None,
    ) -> None:
        self.files = files
        self.paths, self.pages = [], {}
        self.quiz_hashes = {q.id: q.content_hash for q in quizzes.quizzes.values()}
        self.generated = {
            *(f"{self.urls['tutorial']}/{id_}.md" for id_ in tutorials.pages),
            *(f"{self.urls['quiz']}/{id_}.md" for id_ in quizzes.pages),
        }
        sources = discover_paths(self.folder)
        if not sources:
            return
        manual = {
            f.src_uri: f.content_string
            for f in files.documentation_pages()
            if f.generated_by is None and f.abs_src_path
        }
        known = catalog(
            manual,
            {t.id: Target(t.meta.title, t.meta.duration) for t in tutorials.prepared},
            quizzes.quizzes.values(),
            schedule,
            self.options.minutes_per_question,
        )
        loaded = [resolve(path, known) for path in load_paths(sources)]
        # Users, developers, operators, then other audiences; by title within each.
        order = {audience: index for index, audience in enumerate(AUDIENCES)}
        self.paths = sorted(
            loaded, key=lambda r: (order.get(r.path.audience, len(order)), r.path.title)
        )
        index = File.generated(config, f"{self.url}/index.md", content="")
        files.append(index)
        for resolved in self.paths:
            page = File.generated(
                config,
                f"{self.url}/{resolved.path.id}.md",
                content="",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            self.pages[resolved.path.id] = page
            files.append(page)
        index.content_string = render_index(
            self.paths, t, lambda r: self.pages[r.path.id].url_relative_to(index), self.env
        )
        for resolved in self.paths:
            page = self.pages[resolved.path.id]
            title = html.escape(escape_markdown(resolved.path.title))
            body = render_path(resolved, t, self._linker(page), self.env)
            page.content_string = f"# {title}\n\n{body}"

    def _linker(self, origin: File) -> Callable[[ResolvedStep], StepLink]:
        return lambda step: self._link(step, origin)

    def _source_uri(self, kind: StepKind, target: str) -> str | None:
        if kind == "page":
            return target
        if kind in ("tutorial", "quiz", "webinar"):
            return f"{self.urls[kind]}/{target}.md"
        return None

    def built_file(self, step: ResolvedStep) -> File | None:
        """The site file a page, tutorial, quiz or webinar step points to (None for URLs
        and for webinars of a versioned site, which live at its root)."""
        uri = self._source_uri(step.kind, step.step.target)
        if uri is None or self.files is None:
            return None
        return self.files.get_file_from_path(uri)

    def _link(self, step: ResolvedStep, origin: File) -> StepLink:
        kind, target = step.kind, step.step.target
        quiz_hash = ""
        if kind == "quiz":
            quiz_hash = self.quiz_hashes.get(target, "")
        if kind == "url":
            return StepLink(target)
        if kind == "webinar" and self.webinars_root:
            return StepLink(f"{self.webinars_root}{self.urls['webinar']}/{target}/")
        uri = self._source_uri(kind, target)
        assert self.files is not None
        assert uri is not None
        found = self.files.get_file_from_path(uri)
        if found is None:  # resolve() checked it exists; a generated page may be elsewhere
            return StepLink(uri, quiz_hash)
        return StepLink(found.url_relative_to(origin), quiz_hash)

    def kind_of(self, page: Page) -> str | None:
        """Which feedback kind a page is: manual, tutorials, quizzes or paths (or None)."""
        uri = page.file.src_uri
        if uri == f"{self.url}/index.md" or uri in {p.src_uri for p in self.pages.values()}:
            return "paths"
        if uri.startswith(f"{self.urls['tutorial']}/") and uri in self.generated:
            return "tutorials"
        if uri.startswith(f"{self.urls['quiz']}/") and uri in self.generated:
            return "quizzes"
        if page.file.generated_by is None:
            return "manual"
        return None

    def on_page_content(self, output: str, page: Page, t: Translator) -> str:
        """Add the path bar(s) above a page of a path, and the feedback widget below."""
        before, after = self.around(page, t)
        return before + output + after

    def around(self, page: Page, t: Translator) -> tuple[str, str]:
        """The HTML above a page (its path bars) and below it (path end, feedback widget):
        added to the rendered page by MkDocs, to the staged Markdown for other engines."""
        uri = page.file.src_uri
        entries = []
        for kind, prefix in (("tutorial", "tutorial"), ("quiz", "quiz"), ("webinar", "webinar")):
            folder = self.urls[prefix] + "/"
            if uri.startswith(folder) and uri.count("/") == folder.count("/"):
                entries = paths_with(self.paths, kind, uri[len(folder) : -len(".md")])  # type: ignore[arg-type]
                break
        if not entries:
            entries = paths_with(self.paths, "page", uri)
        before = after = ""
        if entries:
            before = render_bar(
                entries,
                t,
                lambda r: self.pages[r.path.id].url_relative_to(page.file),
                lambda s: self._link(s, page.file),
                self.env,
            )
            after = '<div class="eduplat-path-end" data-eduplat-path-end></div>\n'
        if self.feedback.configured and self.kind_of(page) in self.feedback_kinds:
            after += render_feedback(
                self.feedback,
                t,
                page=page.url,
                title=str(page.title or ""),
                version=self.version,
                env=self.env,
            )
        return before, after
