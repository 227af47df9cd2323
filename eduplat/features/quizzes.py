"""MkDocs side of quizzes: quiz pages, the index, and quizzes embedded in any page."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from eduplat.config import QuizzesConfig
from eduplat.errors import SourceError, did_you_mean
from eduplat.i18n import Translator
from eduplat.quizzes.load import discover_quizzes, load_quiz
from eduplat.quizzes.model import Quiz
from eduplat.quizzes.render import default_environment, render_quiz, render_quiz_index
from eduplat.text import escape_markdown

if TYPE_CHECKING:
    import jinja2

__all__ = ["EMBED_MARKER", "QuizzesFeature", "load_all"]

#: The line that embeds a quiz in any Markdown page: an HTML comment, so it stays
#: invisible wherever eduplat is not running.
EMBED_MARKER = re.compile(r"^[ \t]*<!--\s*eduplat:quiz\s+(?P<id>\S+?)\s*-->[ \t]*$", re.MULTILINE)


def load_all(folder: Path) -> list[Quiz]:
    """Load every quiz in ``folder``; ids must be unique across files."""
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


class QuizzesFeature:
    """Loads quizzes, adds their pages, and expands embed markers."""

    def __init__(
        self, options: QuizzesConfig, config: MkDocsConfig, env_loader: jinja2.BaseLoader
    ) -> None:
        self.options = options
        base = Path(config.config_file_path or ".").resolve().parent
        self.folder = base / options.dir
        self.url = options.url.strip("/")
        self.env = default_environment(env_loader)
        self.quizzes: dict[str, Quiz] = {}
        self.pages: dict[str, File] = {}

    def on_files(self, files: Files, config: MkDocsConfig, t: Translator) -> None:
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
        for quiz in quizzes:
            page_file = self.pages[quiz.id]
            title = html.escape(escape_markdown(quiz.title))
            body = render_quiz(quiz, t, link=self._linker(quiz, page_file, files), env=self.env)
            page_file.content_string = f"# {title}\n\n{body}"
        index_uri = f"{self.url}/index.md"
        if self.options.index and quizzes and files.get_file_from_path(index_uri) is None:
            index_file = File.generated(config, index_uri, content="")
            index_file.content_string = render_quiz_index(
                quizzes, t, lambda quiz: self.pages[quiz.id].url_relative_to(index_file), self.env
            )
            files.append(index_file)

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
                question = next((q for q in quiz.questions if q.teaches == target), None)
                raise SourceError(
                    quiz.path,
                    f"'teaches: {target}' is not a page of this site",
                    line=question.line if question else None,
                    hint="give a page path relative to docs/, e.g. tutorials/merkle-tree.md",
                )
            return found.url_relative_to(page_file) + (f"#{anchor}" if anchor else "")

        return link

    def on_page_markdown(self, markdown: str, page: Page, files: Files, t: Translator) -> str:
        """Replace ``<!-- eduplat:quiz ID -->`` lines with the quiz."""

        def embed(match: re.Match[str]) -> str:
            quiz_id = match.group("id")
            quiz = self.quizzes.get(quiz_id)
            if quiz is None:
                line = markdown.count("\n", 0, match.start()) + 1
                suggestion = did_you_mean(quiz_id, self.quizzes)
                raise SourceError(
                    Path(page.file.abs_src_path or page.file.src_uri),
                    f"embedded quiz '{quiz_id}' does not exist",
                    line=line,
                    hint=suggestion or f"quiz ids: {', '.join(sorted(self.quizzes)) or 'none'}",
                )
            body = render_quiz(
                quiz, t, link=self._linker(quiz, page.file, files), env=self.env, embedded=True
            )
            return f"\n\n{body}\n"

        return EMBED_MARKER.sub(embed, markdown)
