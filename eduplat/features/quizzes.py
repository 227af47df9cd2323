"""MkDocs side of quizzes: quiz pages, the index, and quizzes embedded in any page.

The quiz packages (GIFT parser, model, renderer) are imported only by a site that has
quizzes: every other build, and every ``serve`` reload, would pay for them for nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from eduplat.config import QuizzesConfig
from eduplat.errors import SourceError, did_you_mean
from eduplat.features import config_folder
from eduplat.i18n import Translator
from eduplat.markers import Marker, replace_markers
from eduplat.outputcache import (
    OutputCache,
    code_fingerprint,
    digest,
    files_digest,
    theme_fragments,
)
from eduplat.text import escape_markdown

if TYPE_CHECKING:
    import jinja2

    from eduplat.quizzes.model import Quiz

__all__ = ["QUIZ_MARKER", "QuizzesFeature", "load_all", "not_a_page", "untaught_warnings"]

#: ``<!-- eduplat:quiz ID -->`` alone on a line embeds a quiz in any Markdown page: an HTML
#: comment, so it stays invisible wherever eduplat is not running (and text inside code).
QUIZ_MARKER = "quiz"


def load_all(folder: Path) -> list[Quiz]:
    """Load every quiz in ``folder``; ids must be unique across files."""
    from eduplat.quizzes.load import discover_quizzes, load_quiz

    quizzes: list[Quiz] = []
    seen: dict[str, Quiz] = {}
    for path in discover_quizzes(folder):
        quiz = load_quiz(path)
        if quiz.id in seen:
            raise SourceError(
                path,
                f"duplicate quiz id '{quiz.id}' (also used by {seen[quiz.id].path.name})",
                line=1,
                hint="give one of them another 'id' (for a GIFT file: rename the file)",
            )
        seen[quiz.id] = quiz
        quizzes.append(quiz)
    return quizzes


def not_a_page(quiz: Quiz, teaches: str) -> SourceError:
    """The error for a ``teaches:`` link to no page of the site (``eduplat check`` and
    the build say the same), at the first question with that link."""
    question = next((q for q in quiz.questions if q.teaches == teaches), None)
    return SourceError(
        quiz.path,
        f"'teaches: {teaches}' is not a page of this site",
        line=question.line if question else None,
        hint="give a page path relative to docs/, e.g. tutorials/merkle-tree.md",
    )


def untaught_warnings(quizzes: Iterable[Quiz]) -> list[str]:
    """One warning per quiz none of whose questions says what teaches it.

    A quiz is there to send a reader back to what they missed; ``teaches`` is the link.
    Quizzes with only ungraded questions (essays, descriptions) are left alone.
    """
    warnings = []
    for quiz in quizzes:
        graded = [q for q in quiz.questions if q.graded]
        if not graded or any(q.teaches for q in graded):
            continue
        if quiz.path.suffix.lower() == ".gift":
            hint = (
                "GIFT cannot say this: convert the file with "
                f"'eduplat quiz import {quiz.path.name} -o {quiz.path.stem}.yml', "
                "then add 'teaches: page.md#section' to its questions"
            )
        else:
            hint = "add 'teaches: page.md#section' to its questions (the page that explains each)"
        problem = SourceError(
            quiz.path,
            f"quiz {quiz.id} has no question linked to what it teaches (teaches:)",
            line=graded[0].line or None,
            hint=hint,
        )
        warnings.append(str(problem))
    return warnings


def _still_valid(entry: Any, key: str, link: Any) -> bool:
    """A stored quiz page is valid for the same key when each link resolves as before."""
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    try:
        return isinstance(entry["markdown"], str) and all(
            link(target) == result for target, result in entry["links"]
        )
    except (KeyError, TypeError, ValueError):
        return False


class QuizzesFeature:
    """Loads quizzes, adds their pages, and expands embed markers."""

    def __init__(
        self,
        options: QuizzesConfig,
        config: MkDocsConfig,
        env_loader: jinja2.BaseLoader,
        cache_root: Path | None = None,
    ) -> None:
        self.options = options
        # Quiz pages of the last build, reused while their file and links are the same
        # (see eduplat.outputcache); None disables it.
        self.cache = OutputCache(cache_root, "quizzes") if cache_root is not None else None
        base = config_folder(config)
        self.folder = base / options.dir
        self.url = options.url.strip("/")
        self.env_loader = env_loader
        self._env: jinja2.Environment | None = None
        self.quizzes: dict[str, Quiz] = {}
        self.pages: dict[str, File] = {}

    @property
    def env(self) -> jinja2.Environment:
        """The Jinja environment of the fragments, made when a quiz is first rendered."""
        if self._env is None:
            from eduplat.quizzes.render import default_environment

            self._env = default_environment(self.env_loader)
        return self._env

    def on_files(self, files: Files, config: MkDocsConfig, t: Translator) -> None:
        if not self.folder.is_dir():  # no quizzes: nothing to load or import
            self.quizzes, self.pages = {}, {}
            return
        from eduplat.quizzes.render import render_quiz_index

        quizzes = load_all(self.folder)
        self.quizzes = {quiz.id: quiz for quiz in quizzes}
        self.pages = {}
        for quiz in quizzes:
            uri = f"{self.url}/{quiz.id}.md"
            if files.get_file_from_path(uri) is not None:
                raise SourceError(
                    quiz.path,
                    f"docs/{uri} already exists, so quiz '{quiz.id}' has no page to go to",
                    hint="rename one of them, or set 'quizzes.url' to another folder",
                )
            page_file = File.generated(config, uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            self.pages[quiz.id] = page_file
            files.append(page_file)
        self._render_pages(quizzes, files, config, t)
        index_uri = f"{self.url}/index.md"
        if self.options.index and quizzes and files.get_file_from_path(index_uri) is None:
            index_file = File.generated(config, index_uri, content="")
            index_file.content_string = render_quiz_index(
                quizzes, t, lambda quiz: self.pages[quiz.id].url_relative_to(index_file), self.env
            )
            files.append(index_file)

    def _render_pages(
        self, quizzes: list[Quiz], files: Files, config: MkDocsConfig, t: Translator
    ) -> None:
        """Each quiz's page: from the cache when its file, its links and the site settings
        are those of the last build, else rendered (and stored)."""
        from eduplat.quizzes.render import render_quiz

        stored = self.cache.load() if self.cache is not None else None
        before: dict[str, Any] = (stored or {}).get("quizzes", {})
        site = digest(
            self.url,
            t.language,
            config.use_directory_urls,
            theme_fragments(config.theme.dirs),
            code_fingerprint(),
        )
        after: dict[str, Any] = {}
        for quiz in quizzes:
            page_file = self.pages[quiz.id]
            link = self._linker(quiz, page_file, files)
            key = digest(site, quiz.id, files_digest([quiz.path]))
            entry: Any = before.get(quiz.id)
            if not _still_valid(entry, key, link):
                links: list[list[str]] = []

                def recording(target: str, link: Any = link, links: list[list[str]] = links) -> str:
                    result: str = link(target)
                    links.append([target, result])
                    return result

                title = html.escape(escape_markdown(quiz.title))
                body = render_quiz(quiz, t, link=recording, env=self.env)
                entry = {"key": key, "links": links, "markdown": f"# {title}\n\n{body}"}
            after[quiz.id] = entry
            page_file.content_string = entry["markdown"]
        if self.cache is not None and after != before:
            self.cache.store({"quizzes": after})

    def reading_order(self) -> list[Quiz]:
        """The quizzes in index order (for previous/next)."""
        if not self.pages:
            return []  # no quizzes: do not import their modules
        from eduplat.quizzes.render import index_order

        return sorted((q for q in self.quizzes.values() if q.id in self.pages), key=index_order)

    def teaching(self, page_uri: str) -> list[Quiz]:
        """Quizzes with a question that ``teaches`` the page (in index order)."""
        return [
            quiz
            for quiz in self.reading_order()
            if any(q.teaches.partition("#")[0].lstrip("/") == page_uri for q in quiz.questions)
        ]

    def find_page(self, quiz_id: str) -> tuple[str, File] | None:
        """Title and page of a quiz, by id (None when there is none)."""
        quiz = self.quizzes.get(quiz_id)
        if quiz is None or quiz_id not in self.pages:
            return None
        return quiz.title, self.pages[quiz_id]

    def _linker(self, quiz: Quiz, page_file: File, files: Files) -> Callable[[str], str]:
        def link(target: str) -> str:
            path, _, anchor = target.partition("#")
            if path.startswith(("http://", "https://")):
                return target
            found = files.get_file_from_path(path.lstrip("/"))
            if found is None:
                raise not_a_page(quiz, target)
            return found.url_relative_to(page_file) + (f"#{anchor}" if anchor else "")

        return link

    def on_page_markdown(self, markdown: str, page: Page, files: Files, t: Translator) -> str:
        """Replace ``<!-- eduplat:quiz ID -->`` lines with the quiz."""

        def embed(marker: Marker) -> str:
            quiz_id = marker.argument
            quiz = self.quizzes.get(quiz_id)
            if quiz is None:
                line = marker.line
                suggestion = did_you_mean(quiz_id, self.quizzes)
                raise SourceError(
                    Path(page.file.abs_src_path or page.file.src_uri),
                    f"embedded quiz '{quiz_id}' does not exist",
                    line=line,
                    hint=suggestion or f"quiz ids: {', '.join(sorted(self.quizzes)) or 'none'}",
                )
            from eduplat.quizzes.render import render_quiz

            body = render_quiz(
                quiz, t, link=self._linker(quiz, page.file, files), env=self.env, embedded=True
            )
            return f"\n\n{body}\n"

        return replace_markers(markdown, QUIZ_MARKER, embed)
