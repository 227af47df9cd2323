"""Generated pages that lead on: the parent index highlighted in the nav, previous/next
within their collection, and a tutorial's related quizzes and sessions.

Tutorial, quiz and session pages are generated outside the nav (a site lists its indexes,
not every page), so MkDocs gives them no active nav item and no previous/next links. This
module fills both in while each page renders, and undoes the highlight afterwards (nav
items are shared by every page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from eduplat.i18n import Translator
from eduplat.text import html_block

__all__ = ["Collection", "Pathways", "render_related"]


@dataclass(frozen=True)
class Collection:
    """Generated pages in reading order, and the index page they belong to."""

    index_uri: str
    page_uris: tuple[str, ...]


@dataclass
class Pathways:
    """Previous/next and nav highlight for the pages of each collection."""

    collections: list[Collection] = field(default_factory=list)
    files: Files | None = None
    _highlighted: Page | None = None

    def add(self, index_uri: str, page_uris: Sequence[str]) -> None:
        """Register a collection (pages in reading order)."""
        if page_uris:
            self.collections.append(Collection(index_uri, tuple(page_uris)))

    def reset(self, files: Files) -> None:
        """Start over for a new build of the site whose files these are."""
        self.collections = []
        self.files = files
        self._highlighted = None

    def _find(self, uri: str) -> tuple[Collection, int] | None:
        for collection in self.collections:
            if uri in collection.page_uris:
                return collection, collection.page_uris.index(uri)
        return None

    def on_page_context(self, page: Page, nav: Any) -> None:
        """Before a generated page renders: link its neighbours, highlight its index."""
        files = self.files
        found = self._find(page.file.src_uri)
        if found is None or files is None:
            return
        collection, position = found
        uris = collection.page_uris

        def neighbour(index: int) -> Page | None:
            if not 0 <= index < len(uris):
                return None
            file: File | None = files.get_file_from_path(uris[index])
            return file.page if file is not None else None

        # Only pages MkDocs left out of the nav: never override the nav's own links.
        if page not in nav.pages:
            page.previous_page = neighbour(position - 1)
            page.next_page = neighbour(position + 1)
            index_file = files.get_file_from_path(collection.index_uri)
            index_page = index_file.page if index_file is not None else None
            if index_page is not None and index_page in nav.pages:
                index_page.active = True  # marks its sections active too
                self._highlighted = index_page

    def on_post_page(self) -> None:
        """After the page renders: the index is no longer the active nav item."""
        if self._highlighted is not None:
            self._highlighted.active = False
            self._highlighted = None


def render_related(
    env: Any,
    t: Translator,
    quizzes: Sequence[tuple[str, str]],
    sessions: Sequence[tuple[str, str]],
) -> str:
    """The "Related: quizzes · webinars" block of a tutorial ("" when there is none).

    Args:
        env: Jinja environment (theme overrides).
        t: UI strings.
        quizzes: (title, link relative to the page) of the quizzes that test the tutorial.
        sessions: (title, link) of the webinar sessions that list it.
    """
    if not quizzes and not sessions:
        return ""
    template = env.get_template("fragments/eduplat/related.html")
    return html_block(template.render(t=t, quizzes=quizzes, sessions=sessions))
