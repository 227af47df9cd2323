"""MkDocs side of webinars: schedule and session pages, .ics and Atom feeds, JSON-LD."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from eduplat.errors import SourceError
from eduplat.i18n import Translator
from eduplat.text import escape_markdown

if TYPE_CHECKING:
    from eduplat.webinars.history import History
    from eduplat.webinars.load import Schedule
    from eduplat.webinars.model import Session

__all__ = ["WebinarsFeature"]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


class WebinarsFeature:
    """Loads the schedule and adds its pages and feeds."""

    def __init__(self, options: Any, config: MkDocsConfig, env_loader: Any) -> None:
        self.options = options
        self.base = Path(config.config_file_path or ".").resolve().parent
        self.url = options.url.strip("/")
        self.env_loader = env_loader
        self.history: History | None = None
        self.jsonld: dict[str, str] = {}
        self.schedule: Schedule | None = None
        self.site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        self.host = urlparse(self.site_url).hostname or f"{_slug(config.site_name)}.invalid"

    def files(self) -> list[Path]:
        """The schedule files (for eduplat check and for serve to watch)."""
        # Imported here: sites without webinars do not pay for icalendar and dateutil.
        from eduplat.webinars.load import discover_schedule_files

        return discover_schedule_files(self.base, self.options.source)

    def location(self) -> Path:
        """The schedule file or folder, for serve to watch (new files in a folder too)."""
        from eduplat.webinars.load import schedule_path

        return schedule_path(self.base, self.options.source)

    def load(self) -> Schedule | None:
        """The schedule, loaded without making pages (None when the site has none)."""
        paths = self.files()
        if not paths:
            return None
        from eduplat.webinars.load import load_schedule

        return load_schedule(paths)

    def absolute(self, uri: str) -> str:
        """Absolute URL of a site path, or the path itself without site_url."""
        return f"{self.site_url}{uri}" if self.site_url else f"/{uri}"

    def on_files(
        self,
        files: Files,
        config: MkDocsConfig,
        t: Translator,
        find_tutorial: Callable[[str], tuple[str, File | str] | None],
        find_quiz: Callable[[str], tuple[str, File | str] | None],
        now: dt.datetime | None = None,
    ) -> None:
        paths = self.files()
        if not paths:
            return
        from eduplat.webinars.feeds import atom_feed, event_jsonld
        from eduplat.webinars.history import History
        from eduplat.webinars.ical import build_calendar
        from eduplat.webinars.load import load_schedule
        from eduplat.webinars.render import default_environment, render_schedule, render_session

        env = default_environment(self.env_loader)
        schedule = load_schedule(paths)
        self.schedule = schedule
        now = now or dt.datetime.now(dt.UTC)
        self.history = History(self.base / self.options.history)
        revision = self.history.revision
        organizer = schedule.organizer or {"name": config.site_name, "url": self.site_url}
        name = f"{config.site_name} — {t('webinar.index_title')}"

        def generated(uri: str, **kwargs: Any) -> File:
            file = File.generated(config, uri, **kwargs)
            files.append(file)
            return file

        index = generated(f"{self.url}/index.md", content="", inclusion=InclusionLevel.INCLUDED)
        feed_ics = generated(f"{self.url}/webinars.ics", content=b"")
        feed_atom = generated(f"{self.url}/feed.xml", content=b"")
        pages = {
            s.id: generated(
                f"{self.url}/{s.id}.md", content="", inclusion=InclusionLevel.NOT_IN_NAV
            )
            for s in schedule.sessions
        }
        icals = {s.id: generated(f"{self.url}/{s.id}.ics", content=b"") for s in schedule.sessions}

        def page_url(session: Session) -> str:
            return self.absolute(pages[session.id].url)

        index.content_string = (
            f"# {t('webinar.index_title')}\n\n{t('webinar.index_intro')}\n\n"
            + render_schedule(
                schedule.sessions,
                t,
                now=now,
                session_url=lambda s: pages[s.id].url_relative_to(index),
                feed_urls={
                    "ics": feed_ics.url_relative_to(index),
                    "atom": feed_atom.url_relative_to(index),
                },
                env=env,
            )
        )
        for session in schedule.sessions:
            page = pages[session.id]
            tutorials = [
                self._related(session, "tutorial", item, find_tutorial, page)
                for item in session.tutorials
            ]
            quizzes = [
                self._related(session, "quiz", item, find_quiz, page) for item in session.quizzes
            ]
            title = html.escape(escape_markdown(session.title))
            page.content_string = f"# {title}\n\n" + render_session(
                session,
                t,
                now=now,
                page_url=page_url(session),
                ics_url=icals[session.id].url_relative_to(page),
                schedule_url=index.url_relative_to(page),
                tutorials=tutorials,
                quizzes=quizzes,
                env=env,
            )
            upcoming = [o for o in session.occurrences() if o.end > now][:10]
            self.jsonld[page.src_uri] = event_jsonld(
                upcoming or session.occurrences()[-1:],
                page_url=page_url(session),
                organizer=organizer,
            )
            icals[session.id].content_bytes = build_calendar(
                [session], host=self.host, name=session.title, page_url=page_url, revision=revision
            )
        feed_ics.content_bytes = build_calendar(
            schedule.sessions, host=self.host, name=name, page_url=page_url, revision=revision
        )
        feed_atom.content_bytes = atom_feed(
            schedule.sessions,
            title=name,
            feed_url=self.absolute(feed_atom.url),
            site_url=self.site_url or "/",
            page_url=page_url,
            revision=revision,
        )

    def _related(
        self,
        session: Session,
        kind: str,
        item: str,
        find: Callable[[str], tuple[str, File | str] | None],
        page: File,
    ) -> tuple[str, str]:
        found = find(item)
        if found is None:
            raise SourceError(
                session.path,
                f"session '{session.id}': related {kind} '{item}' does not exist",
                line=session.line,
                hint=f"use the {kind}'s id (its file name without the suffix)",
            )
        title, target = found
        return title, target if isinstance(target, str) else target.url_relative_to(page)

    def on_post_page(self, output: str, page: Page) -> str:
        """Add the page's schema.org Event JSON-LD to <head> (not to the article, which
        Material's instant loading would re-run as a script)."""
        data = self.jsonld.get(page.file.src_uri)
        if data is None:
            return output
        script = f'<script type="application/ld+json">\n{data}\n</script>\n'
        return output.replace("</head>", script + "</head>", 1)

    def on_post_build(self) -> bool:
        """Save the calendar history if sessions changed; True when it was written."""
        return self.history.save() if self.history is not None else False
