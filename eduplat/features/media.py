"""MkDocs side of video lessons: the ```` ```video ```` fenced block of any page.

The work is in :mod:`eduplat.media` (plain functions from YAML to a record to HTML); this
adapter finds each block, resolves its files against the page's source folder, and makes
sure every site file it names (the video, the poster, the caption files) is in the site,
so its relative URL works from the page, with or without directory URLs.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from eduplat.errors import SourceError
from eduplat.i18n import Translator
from eduplat.markers import FencedBlock, replace_fenced_blocks
from eduplat.text import fragment_environment
from eduplat.textio import read_text

if TYPE_CHECKING:
    import jinja2

__all__ = ["VIDEO_FENCE", "MediaFeature"]

#: ```` ```video ```` opens a video lesson: YAML with src, title, captions, chapters...
VIDEO_FENCE = "video"
_FENCE_LINE = re.compile(r"^\W*(`{3,}|~{3,})\s*video\b")

#: A generated page's source and the folder its relative paths start from (tutorials).
SourceOf = Callable[[str], tuple[Path, Path] | None]


class MediaFeature:
    """Expands video blocks; site files they name join the site's files."""

    def __init__(self, config: MkDocsConfig, env_loader: jinja2.BaseLoader) -> None:
        self.docs_dir = Path(config.docs_dir).resolve()
        self.config = config
        self.env = fragment_environment(env_loader)

    def on_page_markdown(
        self, markdown: str, page: Page, files: Files, t: Translator, source_of: SourceOf
    ) -> str:
        """Replace each ```` ```video ```` block outside code with the video lesson."""
        if VIDEO_FENCE not in markdown:
            return markdown
        from eduplat.media.load import local_paths, parse_video_block
        from eduplat.media.render import render_video

        found = source_of(page.file.src_uri)
        if found is not None:
            source, base = found
            lines = _fence_lines(source)
        elif page.file.abs_src_path:
            source = Path(page.file.abs_src_path)
            base, lines = source.parent, []
        else:
            source = self.docs_dir / page.file.src_uri
            base, lines = source.parent, []
        count = 0

        def embed(block: FencedBlock) -> str:
            nonlocal count
            # A tutorial's blocks are counted in its source file, so errors name its lines.
            line = lines[count] if count < len(lines) else block.line
            count += 1
            video = parse_video_block(block.body, source, line, base)
            for path in local_paths(video):
                self._site_file(path, base, page, files, (source, line))
            return "\n" + render_video(
                video, t, url=lambda path: self._url(path, base, page, files), env=self.env
            )

        return replace_fenced_blocks(markdown, VIDEO_FENCE, embed)

    def _uri(self, path: str, base: Path, page: Page) -> str:
        """Where a file named in a page lives in the site: its place under docs/, or next
        to the page (a tutorial's files, which are outside docs/)."""
        target = (base / path).resolve()
        if target.is_relative_to(self.docs_dir):
            return target.relative_to(self.docs_dir).as_posix()
        return posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))

    def _site_file(
        self, path: str, base: Path, page: Page, files: Files, cited: tuple[Path, int]
    ) -> None:
        target = (base / path).resolve()
        if not target.is_file():
            raise SourceError(
                cited[0],
                f"video: '{path}' does not exist",
                line=cited[1],
                hint=f"give the path relative to {os.path.relpath(base)}",
            )
        uri = self._uri(path, base, page)
        if uri.startswith("../"):
            raise SourceError(
                cited[0],
                f"video: '{path}' is outside the site",
                line=cited[1],
                hint="put the file in docs/ (or next to the tutorial) and give its path",
            )
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(self.config, uri, abs_src_path=str(target)))

    def _url(self, path: str, base: Path, page: Page, files: Files) -> str:
        file = files.get_file_from_path(self._uri(path, base, page))
        return file.url_relative_to(page.file) if file is not None else path


def _fence_lines(source: Path) -> list[int]:
    """Lines of the ```` ```video ```` fences of a tutorial source (a notebook's Markdown
    cells, commented in a .py file)."""
    try:
        text = read_text(source)
    except (OSError, SourceError):
        return []
    if source.suffix == ".ipynb":
        return []  # cells are JSON strings: the page's own lines are the best we have
    return [n for n, line in enumerate(text.splitlines(), start=1) if _FENCE_LINE.match(line)]
