"""MkDocs side of webinars: schedule and session pages, .ics and Atom feeds, JSON-LD."""

from __future__ import annotations

import datetime as dt
import functools
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from eduplat.features import config_folder
from eduplat.i18n import Translator
from eduplat.outputcache import (
    OutputCache,
    code_fingerprint,
    decode_content,
    digest,
    encode_content,
    files_digest,
    theme_fragments,
)
from eduplat.text import escape_markdown

if TYPE_CHECKING:
    from eduplat.webinars.history import History
    from eduplat.webinars.load import Schedule
    from eduplat.webinars.model import Session

__all__ = ["SessionRef", "WebinarsFeature"]


@dataclass(frozen=True)
class SessionRef:
    """What other pages need of a session: previous/next order and related tutorials."""

    id: str
    title: str
    tutorials: tuple[str, ...]


def _content(file: File) -> str | bytes:
    """What a generated file holds: Markdown pages as text, calendars and feeds as bytes."""
    return file.content_string if file.is_documentation_page() else file.content_bytes


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "site"


class WebinarsFeature:
    """Loads the schedule and adds its pages and feeds."""

    def __init__(
        self, options: Any, config: MkDocsConfig, env_loader: Any, cache_root: Path | None = None
    ) -> None:
        self.options = options
        self.base = config_folder(config)
        self.url = options.url.strip("/")
        self.env_loader = env_loader
        self.history: History | None = None
        self.jsonld: dict[str, str] = {}
        self.schedule: Schedule | None = None
        # Pages, calendars and feeds of the last build, reused while their inputs are the
        # same (see eduplat.outputcache); None disables it.
        self.cache = OutputCache(cache_root, "webinars") if cache_root is not None else None
        self._pending: dict[str, Any] | None = None
        self.pages: dict[str, File] = {}
        # Sessions by first date, as light records: a build that reuses its pages does not
        # parse the schedule, yet tutorials still link their sessions and pages lead on.
        self._order: list[SessionRef] = []
        self.site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        self.host = urlparse(self.site_url).hostname or f"{_slug(config.site_name)}.invalid"

    def files(self) -> list[Path]:
        """The schedule files (for eduplat check and for serve to watch)."""
        # Not webinars.load: sites without webinars do not pay for the model and dateutil.
        from eduplat.webinars.paths import discover_schedule_files

        return discover_schedule_files(self.base, self.options.source)

    def location(self) -> Path:
        """The schedule file or folder, for serve to watch (new files in a folder too)."""
        from eduplat.webinars.paths import schedule_path

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
        self._pending = None
        self._order, self.pages = [], {}
        paths = self.files()
        if not paths:
            return
        now = now or dt.datetime.now(dt.UTC)
        key = self._input_key(paths, config, t)
        if self._reuse(key, now, files, config, find_tutorial, find_quiz):
            return
        from eduplat.webinars.feeds import atom_feed, event_jsonld
        from eduplat.webinars.history import History
        from eduplat.webinars.ical import build_calendar
        from eduplat.webinars.load import load_schedule
        from eduplat.webinars.render import default_environment, render_schedule, render_session

        env = default_environment(self.env_loader)
        schedule = load_schedule(paths)
        self.schedule = schedule
        self.history = History(self.base / self.options.history)
        revision = self.history.revision
        organizer = schedule.organizer or {"name": config.site_name, "url": self.site_url}
        name = f"{config.site_name} — {t('webinar.index_title')}"
        created: list[File] = []
        related: list[list[str]] = []

        def generated(uri: str, **kwargs: Any) -> File:
            file = File.generated(config, uri, **kwargs)
            files.append(file)
            created.append(file)
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
        self.pages = pages
        self._order = [
            SessionRef(s.id, s.title, tuple(s.tutorials))
            for s in sorted(schedule.sessions, key=lambda s: (s.start, s.id))
        ]

        def page_url(session: Session) -> str:
            return self.absolute(pages[session.id].url)

        media: dict[Path, File] = {}  # recordings' caption files, copied into the site

        def media_url(path: Path, page: File) -> str:
            if path not in media:
                inside = path.resolve().is_relative_to(self.base)
                name = path.resolve().relative_to(self.base).as_posix() if inside else path.name
                media[path] = generated(f"{self.url}/media/{name}", content=path.read_bytes())
            return media[path].url_relative_to(page)

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
        # Pages and feeds change with the clock only when a meeting ends (upcoming → past).
        ends = [o.end for s in schedule.sessions for o in s.occurrences() if o.end > now]
        for session in schedule.sessions:
            page = pages[session.id]
            links = {"tutorial": find_tutorial, "quiz": find_quiz}
            items = [("tutorial", item) for item in session.tutorials]
            items += [("quiz", item) for item in session.quizzes]
            resolved: dict[str, list[tuple[str, str]]] = {"tutorial": [], "quiz": []}
            for kind, item in items:
                title, link = self._related(session, kind, item, links[kind], page)
                resolved[kind].append((title, link))
                related.append([kind, item, page.src_uri, title, link])
            title = html.escape(escape_markdown(session.title))
            page.content_string = f"# {title}\n\n" + render_session(
                session,
                t,
                now=now,
                page_url=page_url(session),
                ics_url=icals[session.id].url_relative_to(page),
                schedule_url=index.url_relative_to(page),
                tutorials=resolved["tutorial"],
                quizzes=resolved["quiz"],
                env=env,
                media_url=functools.partial(media_url, page=page),
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
        # Stored after the build, with the history as it is saved then (see on_post_build).
        self._pending = {
            "inputs": key,
            "valid_until": min(ends).isoformat() if ends else None,
            "related": related,
            "files": [[f.src_uri, f.inclusion.name, encode_content(_content(f))] for f in created],
            "jsonld": self.jsonld,
            "order": [[r.id, r.title, list(r.tutorials)] for r in self._order],
            "media": [[str(path), files_digest([path])] for path in media],
        }

    def _input_key(self, paths: list[Path], config: MkDocsConfig, t: Translator) -> str:
        """Everything the pages and feeds depend on, except the clock, the history file and
        the related tutorials and quizzes (checked one by one in ``_reuse``)."""
        return digest(
            files_digest(paths),
            [self.options.url, self.options.source, self.options.history],
            [config.site_name, self.site_url, self.host, config.use_directory_urls],
            t.language,
            theme_fragments(config.theme.dirs),
            code_fingerprint(),
        )

    def _history_key(self) -> str:
        return files_digest([self.base / self.options.history])

    def _reuse(
        self,
        key: str,
        now: dt.datetime,
        files: Files,
        config: MkDocsConfig,
        find_tutorial: Callable[[str], tuple[str, File | str] | None],
        find_quiz: Callable[[str], tuple[str, File | str] | None],
    ) -> bool:
        """Add the files of the last build if nothing they depend on changed."""
        entry = self.cache.load() if self.cache is not None else None
        if entry is None or entry.get("key") != digest(key, self._history_key()):
            return False
        try:
            valid_until = entry["valid_until"]
            if valid_until is not None and now >= dt.datetime.fromisoformat(valid_until):
                return False
            restored = [
                File.generated(
                    config, uri, content=decode_content(content), inclusion=InclusionLevel[level]
                )
                for uri, level, content in entry["files"]
            ]
            by_uri = {file.src_uri: file for file in restored}
            finders = {"tutorial": find_tutorial, "quiz": find_quiz}
            for kind, item, page_uri, title, link in entry["related"]:
                found = finders[kind](item)
                if found is None:
                    return False  # the full path reports it
                target = found[1]
                current = (
                    target if isinstance(target, str) else target.url_relative_to(by_uri[page_uri])
                )
                if (found[0], current) != (title, link):
                    return False
            if any(files_digest([Path(p)]) != d for p, d in entry.get("media", [])):
                return False  # a caption file changed
            jsonld = dict(entry["jsonld"])
            order = [SessionRef(str(i), str(title), tuple(tut)) for i, title, tut in entry["order"]]
            pages = {ref.id: by_uri[f"{self.url}/{ref.id}.md"] for ref in order}
        except (KeyError, TypeError, ValueError):
            return False  # corrupt entry: build it again
        for file in restored:
            files.append(file)
        self.jsonld = jsonld
        self._order, self.pages = order, pages
        return True

    def reading_order(self) -> list[SessionRef]:
        """Sessions by their first date (for previous/next)."""
        return [ref for ref in self._order if ref.id in self.pages]

    def presenting(self, tutorial_id: str) -> list[SessionRef]:
        """Sessions that list the tutorial among their related tutorials."""
        return [s for s in self.reading_order() if tutorial_id in s.tutorials]

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
            from eduplat.webinars.load import unknown_related

            raise unknown_related(session, kind, item)
        title, target = found
        return title, target if isinstance(target, str) else target.url_relative_to(page)

    def with_jsonld(self, output: str, src_uri: str) -> str:
        """A rendered page with its Event JSON-LD in <head> (not in the article, which
        Material's instant loading would re-run as a script); MkDocs and staged builds."""
        data = self.jsonld.get(src_uri)
        if data is None:
            return output
        script = f'<script type="application/ld+json">\n{data}\n</script>\n'
        return output.replace("</head>", script + "</head>", 1)

    def on_post_build(self) -> bool:
        """Save the calendar history if sessions changed, then the pages and feeds for the
        next build; True when the history was written."""
        saved = self.history.save() if self.history is not None else False
        pending, self._pending = self._pending, None
        if pending is not None and self.cache is not None:
            key = digest(pending.pop("inputs"), self._history_key())
            self.cache.store({"key": key, **pending})
        return saved
