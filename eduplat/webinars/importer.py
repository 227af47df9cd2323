"""Importing a frab or pretalx schedule export (``schedule.json``) into ``webinars.yml``.

``eduplat webinars import schedule.json`` reads the JSON that frab, pretalx and the CCC hub
publish (the c3voc "schedule.json" format, version 1 with ``days → rooms → events`` and the
hub's version 2 with a flat ``events`` list) and writes a ``webinars.yml`` that
:func:`eduplat.webinars.load.load_schedule` accepts.

Real exports rarely follow their own JSON schema (upper-case slugs, ids as text, pretalx's
extra ``answers``), so the importer takes what it understands and names what it does not:
every field it cannot use becomes a warning that names the event and the field, and an
event without a usable time, length or title is skipped with such a warning. Only a file
that is not a schedule at all (not UTF-8, not JSON, no ``schedule`` object) is an error.

Times: an event's ``date`` is an exact instant (it carries an offset); it is written as the
local wall-clock time in the conference's timezone, with the offset added only when that
local time happens twice (the night clocks go back), as the loader asks. Text: abstracts,
descriptions and biographies may be HTML, Markdown or a mix of both; HTML is turned into
plain Markdown with the standard library's parser, so no tag reaches the site.
(markdownify 1.2 was tried on the same cases and would need as much code around it: it
drops ``</br>``, keeps ``javascript:`` links, turns the text ``&lt;script&gt;`` into a tag
and raises on a broken ``<![`` declaration, all of which real exports contain.)
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import unicodedata
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urljoin, urlparse

import yaml

from eduplat.errors import SourceError, did_you_mean
from eduplat.textio import read_text

__all__ = ["ImportResult", "html_to_markdown", "import_schedule", "import_schedule_text"]

_EXPORT_HINT = (
    "export the schedule as JSON: pretalx …/<event>/schedule/export/schedule.json, "
    "frab …/<conference>/schedule.json"
)
# Fields of an event in the c3voc schema (version 1), plus the hub's ``participants``.
_EVENT_KEYS = frozenset({
    "guid", "code", "id", "logo", "date", "start", "end", "duration", "room", "slug", "url",
    "title", "subtitle", "track", "type", "language", "abstract", "description",
    "recording_license", "do_not_record", "do_not_stream", "persons", "participants", "links",
    "feedback_url", "origin_url", "attachments",
})  # fmt: skip
_PERSON_KEYS = frozenset({
    "id", "guid", "code", "name", "public_name", "full_name", "url", "links", "avatar",
    "biography", "role",
})  # fmt: skip
# Participants of a hub event with these roles present it; others (e.g. CONTRIBUTOR) do not.
_PRESENTING_ROLES = frozenset({"", "speaker", "moderator", "host", "presenter"})
_ID_MAX = 80
_HHMM = re.compile(r"^\s*(?P<h>\d{1,2}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")
_DURATION = re.compile(r"^\s*(?P<h>\d{1,4}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")
_ISO_DURATION = re.compile(r"^\s*PT(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?\s*$", re.I)
_LANGUAGE_CODE = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3})(?:[-_](?P<rest>[A-Za-z0-9]{1,8}(?:[-_][A-Za-z0-9]{1,8})*))?$"
)
_LANGUAGE_NAMES = {
    "english": "en", "englisch": "en", "german": "de", "deutsch": "de", "french": "fr",
    "français": "fr", "francais": "fr", "spanish": "es", "español": "es", "espanol": "es",
    "italian": "it", "italiano": "it", "dutch": "nl", "nederlands": "nl", "polish": "pl",
    "polski": "pl", "portuguese": "pt", "português": "pt", "russian": "ru", "русский": "ru",
    "chinese": "zh", "中文": "zh", "japanese": "ja", "日本語": "ja", "czech": "cs",
    "čeština": "cs", "swedish": "sv", "svenska": "sv", "danish": "da", "dansk": "da",
    "norwegian": "no", "norsk": "no", "finnish": "fi", "suomi": "fi", "turkish": "tr",
    "türkçe": "tr", "greek": "el", "korean": "ko", "한국어": "ko", "arabic": "ar",
}  # fmt: skip
_STATUS_MARKER = re.compile(
    r"^\s*[\[(]?\s*(?P<word>cancel+ed|abgesagt|entfällt|f[äa]llt aus|postponed|verschoben)"
    r"\s*[\])]?\s*(?:[:!\-–—|]+\s*)?",
    re.IGNORECASE,
)
_POSTPONED = ("postponed", "verschoben")
_RECORDING_HOSTS = (
    "youtube.com", "youtu.be", "vimeo.com", "media.ccc.de", "bilibili.com", "peertube",
)  # fmt: skip
_VIDEO_FILE = re.compile(r"\.(?:mp4|webm|mkv|m4v|mov|ogv)$", re.IGNORECASE)
_SAYS_RECORDING = re.compile(r"record|video|aufzeichnung|mitschnitt|aufnahme", re.IGNORECASE)
_SAYS_SLIDES = re.compile(r"slides|folien|pr[äa]sentation|presentation", re.IGNORECASE)
# Characters YAML cannot show in a block scalar (and the reader refuses raw).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")
# A '<' that would open an HTML tag, comment or declaration in Markdown; autolinks stay.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
_TAG_START = re.compile(r"(<https?://[^\s<>\"]+>)|<(?=[A-Za-z/!?])")


@dataclass(frozen=True)
class ImportResult:
    """What an import produced.

    Attributes:
        yaml_text: A complete ``webinars.yml`` document.
        warnings: Everything the importer could not understand, one sentence each, naming
            the event and the field.
        events: Events found in the export.
        sessions: Sessions written (events minus the skipped ones).
    """

    yaml_text: str
    warnings: list[str] = field(default_factory=list)
    events: int = 0
    sessions: int = 0


def import_schedule(path: Path) -> ImportResult:
    """Convert a frab or pretalx ``schedule.json`` file into ``webinars.yml`` text.

    Args:
        path: The exported JSON file.

    Returns:
        The YAML document and the warnings.

    Raises:
        SourceError: The file cannot be read, is not UTF-8, not JSON, or not a schedule.
    """
    try:
        text = read_text(path)
    except OSError as exc:
        raise SourceError(path, f"cannot read the file: {exc.strerror or exc}") from exc
    return import_schedule_text(text, path)


def import_schedule_text(text: str, path: Path) -> ImportResult:
    """Convert the text of a ``schedule.json`` export; ``path`` is only used in messages.

    Raises:
        SourceError: The text is not JSON, or not a schedule.
    """
    data = _parse_json(text, path)
    return _Importer(path, _find_schedule(data, path)).run()


def _parse_json(text: str, path: Path) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "check the brackets, commas and quotes around this place"
        if text.lstrip().startswith("<"):
            hint = "this looks like XML; " + _EXPORT_HINT
        raise SourceError(
            path, f"not valid JSON: {exc.msg}", line=exc.lineno, column=exc.colno, hint=hint
        ) from exc
    except (ValueError, RecursionError) as exc:  # numbers too long, nesting too deep
        raise SourceError(path, f"not valid JSON: {exc}", hint=_EXPORT_HINT) from exc


def _find_schedule(data: object, path: Path) -> dict[str, object]:
    schedule: dict[str, object] | None = None
    if isinstance(data, dict):
        if isinstance(data.get("schedule"), dict):
            schedule = data["schedule"]
        elif isinstance(data.get("conference"), dict):
            schedule = data
    if schedule is None:
        raise SourceError(
            path,
            "not a frab/pretalx schedule: there is no 'schedule' object at the top",
            hint=_EXPORT_HINT,
        )
    conference = schedule.get("conference")
    if not isinstance(conference, dict):
        raise SourceError(
            path,
            "not a frab/pretalx schedule: 'schedule' has no 'conference' object",
            hint=_EXPORT_HINT,
        )
    has_days = isinstance(conference.get("days"), list)
    if not has_days and not isinstance(schedule.get("events"), list):
        raise SourceError(
            path,
            "not a frab/pretalx schedule: the conference has no 'days' and there is no "
            "'events' list",
            hint=_EXPORT_HINT,
        )
    return schedule


# -- small readers of untrusted JSON values ------------------------------------------------


def _dict(value: object) -> dict[str, object] | None:
    return value if isinstance(value, dict) else None


def _scalar_text(value: object) -> str | None:
    """Text of a string or number; None for anything else (lists, objects, booleans)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _show(value: object) -> str:
    """A short quotation of a value for a warning."""
    if isinstance(value, str):
        shown = " ".join(_clean(value).split())
        return f"'{shown[:60]}…'" if len(shown) > 60 else f"'{shown}'"
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        shown = repr(value)
    shown = " ".join(_clean(shown).split())
    return shown[:60] + "…" if len(shown) > 60 else shown


def _clean(text: str) -> str:
    """Drop characters YAML cannot show and normalise line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    return _UNPRINTABLE.sub("", text.replace("\t", "    "))


def _one_line(text: str) -> str:
    """A title or name: tags and entities resolved, whitespace collapsed."""
    text = _clean(text)
    if _TAG_LIKE.search(text):
        text = _convert_html(text, "", plain=True)
    elif "&" in text:
        text = html.unescape(text)
    return " ".join(_clean(text).split())


def _web_url(value: object, base_url: str = "") -> str:
    """An absolute http(s) URL (relative ones resolved against ``base_url``), or ''."""
    text = _scalar_text(value)
    if not text or not text.strip():
        return ""
    text = _clean(text).strip()
    try:
        if base_url and not urlparse(text).scheme:
            text = urljoin(base_url, text)
        parsed = urlparse(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or re.search(r"\s", text):
        return ""
    return text


@cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _offset(delta: dt.timedelta | None) -> str:
    minutes = int((delta or dt.timedelta()).total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _parse_moment(value: object) -> dt.datetime | None:
    """An ISO date and time (``2019-08-21T11:00:00+02:00``; naive when without offset)."""
    text = _scalar_text(value)
    if text is None or not re.match(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d", text):
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _resolve_local(naive: dt.datetime, zone: zoneinfo.ZoneInfo) -> tuple[dt.datetime, str, str]:
    """A wall-clock time in ``zone`` → an instant, plus what was odd and what was done."""
    early = naive.replace(tzinfo=zone, fold=0)
    late = naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early, "", ""
    moved = early.astimezone(dt.UTC).astimezone(zone)
    if moved.replace(tzinfo=None) != naive:
        return (
            moved,
            f"does not exist in {zone.key} (clocks jump forward)",
            f"used {moved:%H:%M}, the time after the change",
        )
    return (
        early,
        f"happens twice in {zone.key} (clocks go back)",
        f"took the first ({_offset(early.utcoffset())}) and wrote the offset",
    )


def _local_text(moment: dt.datetime, zone: zoneinfo.ZoneInfo) -> str:
    """How the loader wants a start: local time, with the offset only in a DST fold."""
    local = moment.astimezone(zone)
    naive = local.replace(tzinfo=None)
    early = naive.replace(tzinfo=zone, fold=0).utcoffset()
    late = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if early != late:
        return f"{naive:%Y-%m-%dT%H:%M}{_offset(local.utcoffset())}"
    return f"{naive:%Y-%m-%d %H:%M}"


def _duration_minutes(value: object) -> int | None:
    """Minutes of ``"HH:MM"`` (or ``"HH:MM:SS"``, ``"PT1H30M"``); None when unreadable."""
    text = _scalar_text(value)
    if text is None:
        return None
    match = _DURATION.match(text) or _ISO_DURATION.match(text)
    if not match or not any(match.groupdict().values()):
        return None
    hours, minutes, seconds = (int(match.group(g) or 0) for g in ("h", "m", "s"))
    return hours * 60 + minutes + (1 if seconds >= 30 else 0)


def _slug(text: str) -> str:
    """Lowercase ASCII letters, digits, '-' and '_', starting with a letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower())
    slug = re.sub(r"-{2,}", "-", slug).lstrip("-_")
    if len(slug) > _ID_MAX:
        slug = slug[:_ID_MAX]
    return slug.rstrip("-_")


def _language(value: str) -> str | None:
    """A BCP 47 tag (``en``, ``de-DE``) from a code or an English/native name."""
    text = value.strip()
    named = _LANGUAGE_NAMES.get(text.lower())
    if named:
        return named
    match = _LANGUAGE_CODE.match(text)
    if not match:
        return None
    lang = match.group("lang").lower()
    rest = match.group("rest")
    if not rest:
        return lang
    subtags = re.split(r"[-_]", rest)
    shaped = [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s for s in subtags]
    return "-".join([lang, *shaped])


# -- HTML → Markdown -------------------------------------------------------------------------

_BLOCKS = frozenset({
    "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "blockquote",
    "pre", "table", "thead", "tbody", "tfoot", "tr", "dl", "dt", "dd", "figure", "figcaption",
    "address", "center", "details", "summary", "hr", "form", "fieldset",
})  # fmt: skip
_SKIPPED = frozenset({
    "script", "style", "template", "head", "title", "noscript", "iframe", "object", "embed",
    "svg", "math", "textarea", "select", "button",
})  # fmt: skip
_VOID = frozenset({
    "br", "hr", "img", "input", "meta", "link", "wbr", "area", "base", "col", "embed",
    "source", "track", "param",
})  # fmt: skip
_CAPTURED = frozenset({"a", "strong", "b", "em", "i", "code", "h1", "h2", "h3", "h4", "h5", "h6"})
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
_INDENT = "\x01"  # stands for one level of list indentation until whitespace is tidied


@dataclass
class _Frame:
    tag: str
    href: str = ""
    parts: list[str] = field(default_factory=list)


class _MarkdownWriter(HTMLParser):
    """Turns (messy, mixed) HTML into Markdown text: tags go, their meaning mostly stays."""

    def __init__(self, base_url: str, *, plain: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.base_url = base_url
        self.plain = plain  # titles and names: no Markdown markup at all
        self.frames = [_Frame("")]
        self.lists: list[list[int]] = []  # [ordered (0/1), items so far] per open list
        self.skip_tag = ""
        self.skip_depth = 0
        self.item_start = False

    def emit(self, text: str) -> None:
        self.frames[-1].parts.append(text)

    def trim(self) -> None:
        parts = self.frames[-1].parts
        while parts and not parts[-1].strip():
            parts.pop()
        if parts:
            parts[-1] = parts[-1].rstrip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            self.skip_depth += tag == self.skip_tag
            return
        if tag in _SKIPPED:
            if tag not in _VOID:
                self.skip_tag, self.skip_depth = tag, 1
            return
        if tag == "br":
            self.emit("\n")
        elif tag in ("ul", "ol"):
            if not self.lists:  # a nested list starts on the next line, like its items
                self.emit("\n\n")
            self.lists.append([int(tag == "ol"), 0])
        elif tag == "li":
            depth = max(len(self.lists), 1)
            marker = "- "
            if self.lists:
                self.lists[-1][1] += 1
                if self.lists[-1][0]:
                    marker = f"{self.lists[-1][1]}. "
            if self.lists and self.lists[-1][1] > 1:
                self.trim()  # the previous item's trailing source whitespace
            self.emit("\n" + _INDENT * (depth - 1) + marker)
            self.item_start = True
        elif tag in ("td", "th"):
            self.emit(" ")
        elif tag in _BLOCKS:
            if not self.item_start:  # <li><p>… stays on the item's line
                self.emit("\n\n")
        elif tag in _CAPTURED:
            href = dict(attrs).get("href") or "" if tag == "a" else ""
            self.frames.append(_Frame(tag, href=href))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            self.skip_depth -= tag == self.skip_tag
            return
        if tag == "br":  # '</br>' is common in exports and means a line break
            self.emit("\n")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.emit("\n" if self.lists else "\n\n")
        elif tag == "li":
            if not self.lists:  # a stray item; inside a list the next item or the end breaks
                self.emit("\n")
        elif tag in _BLOCKS:
            self.emit("\n\n")
        elif tag in _CAPTURED and any(frame.tag == tag for frame in self.frames[1:]):
            while self.frames[-1].tag != tag:
                self.close_frame(plain=True)
            self.close_frame(plain=False)

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.lists and not data.strip() and "\n" in data:
            return  # source indentation between list items
        if self.item_start:
            data = data.lstrip()
            if not data:
                return
            self.item_start = False
        self.emit(data)

    def close_frame(self, *, plain: bool) -> None:
        frame = self.frames.pop()
        inner = "".join(frame.parts)
        self.emit(inner if plain else self.render(frame, inner))

    def render(self, frame: _Frame, inner: str) -> str:
        label = " ".join(inner.split())
        if self.plain:
            return inner
        if frame.tag == "a":
            target = _link_target(frame.href, self.base_url)
            if not target:
                return inner
            if target.startswith("http") and label in ("", target, target.split("://", 1)[-1]):
                return f"<{target}>"
            label = label or target.removeprefix("mailto:")
            label = re.sub(r"([\[\]\\])", r"\\\1", label)
            return f"[{label}]({target})"
        if frame.tag in _EMPHASIS:
            if not label or "\n" in inner.strip():
                return inner
            lead = inner[: len(inner) - len(inner.lstrip())]
            trail = inner[len(inner.rstrip()) :]
            mark = _EMPHASIS[frame.tag]
            return f"{lead}{mark}{label}{mark}{trail}"
        if frame.tag == "code":
            simple = label and "\n" not in inner and not re.search(r"[`<]", label)
            return f"`{label}`" if simple else inner  # in a code span '&lt;' would show
        return f"\n\n**{label}**\n\n" if label else "\n\n"  # h1…h6

    def finish(self) -> str:
        """Close what the source left open and return the tidied text."""
        self.close()
        while len(self.frames) > 1:
            self.close_frame(plain=True)
        return _tidy("".join(self.frames[0].parts))


def _convert_html(text: str, base_url: str, *, plain: bool = False) -> str:
    parser = _MarkdownWriter(base_url, plain=plain)
    try:
        parser.feed(text)
        return parser.finish()
    except AssertionError:  # Python < 3.13 raises it on broken '<![' declarations
        return _tidy(html.unescape(re.sub(r"<[^>]*>?", " ", text)))


def _link_target(href: str, base_url: str) -> str:
    href = href.strip()
    if href.lower().startswith("mailto:") and "@" in href:
        return _markdown_url(href)
    return _markdown_url(_web_url(href, base_url))


def _markdown_url(url: str) -> str:
    """``url`` with what would end a Markdown link or autolink percent-encoded."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._") if url else ""


def _tidy(text: str) -> str:
    """Whitespace of converted HTML: one space between words, at most one blank line."""
    lines = []
    for line in text.replace("\xa0", " ").split("\n"):
        line = " ".join(line.split())
        if re.fullmatch(rf"{_INDENT}*(?:-|\d+\.)", line):
            continue  # an empty list item would turn the line above into a heading
        lines.append(line.replace(_INDENT, "    "))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return re.sub(r"(?<=\S)(\*{1,2}) +(?=[,.;:!?])", r"\1", text)  # "*polis* ," → "*polis*,"


def html_to_markdown(text: str, base_url: str = "") -> str:
    """Turn an abstract or biography (HTML, Markdown or a mix) into Markdown without HTML.

    Tags are parsed with :class:`html.parser.HTMLParser`: paragraphs, line breaks, lists,
    links (http, https and mailto only), emphasis and headings keep their meaning; scripts,
    styles and other tags disappear; entities are resolved. Text without tags keeps its
    Markdown as written. A ``<`` that could still open a tag is written as ``&lt;``.

    Args:
        text: The text from the export.
        base_url: Where relative links point to.

    Returns:
        Markdown text, stripped; lines without trailing spaces.
    """
    text = _clean(text)
    if _TAG_LIKE.search(text):
        text = _convert_html(text, base_url)
    else:
        if "&" in text:
            text = html.unescape(text)
        lines = [line.rstrip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n").rstrip()
    text = _clean(text)
    return _TAG_START.sub(lambda m: m.group(1) or "&lt;", text)


# -- the import itself -----------------------------------------------------------------------


@dataclass
class _RawEvent:
    data: dict[str, object]
    number: int
    day: dt.date | None = None
    day_start: dt.datetime | None = None
    room: str = ""


@dataclass
class _Mapped:
    moment: dt.datetime
    number: int
    entry: dict[str, object]


@dataclass
class _Grouped:
    label: str
    message: str
    events: set[str] = field(default_factory=set)


class _Importer:
    def __init__(self, path: Path, schedule: dict[str, object]) -> None:
        self.path = path
        self.schedule = schedule
        self.conference: dict[str, object] = _dict(schedule.get("conference")) or {}
        self.base_url = _web_url(schedule.get("base_url"))
        self.warnings: list[str] = []
        self.grouped: dict[str, _Grouped] = {}
        self.zone = zoneinfo.ZoneInfo("UTC")
        self.zone_given = True
        self.zone_problem = ""
        self.offsets: dict[str, int] = {}  # offsets the events' own times carry, counted
        self.found = 0  # events in the export, objects or not
        self.persons: dict[str, dict[str, object]] = {}
        persons = schedule.get("persons")
        for person in persons if isinstance(persons, list) else []:
            entry = _dict(person)
            guid = _scalar_text(entry.get("guid")) if entry else None
            if entry and guid:
                self.persons[guid] = entry
        self.tracks: dict[str, str] = {}
        tracks = self.conference.get("tracks")
        for track in tracks if isinstance(tracks, list) else []:
            entry = _dict(track)
            if entry and _scalar_text(entry.get("slug")) and _scalar_text(entry.get("name")):
                self.tracks[str(entry["slug"])] = str(entry["name"])

    # -- warnings --------------------------------------------------------------------------
    def warn(self, label: str, key: str, problem: str, consequence: str) -> None:
        self.warnings.append(f"{label}: field '{key}' {problem}; {consequence}")

    def warn_once(self, kind: str, label: str, message: str) -> None:
        """A warning that would repeat for many events: said once, with a count."""
        group = self.grouped.setdefault(kind, _Grouped(label, message))
        group.events.add(label)

    def all_warnings(self) -> list[str]:
        found = list(self.warnings)
        for group in self.grouped.values():
            more = len(group.events) - 1
            label = group.label + (f" and {more} more event{'s' * (more > 1)}" if more else "")
            found.append(f"{label}: {group.message}")
        return found

    # -- the whole file ----------------------------------------------------------------------
    def run(self) -> ImportResult:
        zone_name = self.timezone()
        raw_events = list(self.events())
        used_ids: set[str] = set()
        mapped = [m for raw in raw_events if (m := self.session(raw, used_ids)) is not None]
        mapped.sort(key=lambda m: (m.moment, m.number))
        if not self.found:
            self.warnings.append("the schedule has no events; wrote an empty list of sessions")
        if not self.zone_given:
            self.warnings.insert(0, self.zone_warning())
        document: dict[str, object] = {"timezone": zone_name}
        organizer = self.organizer()
        if organizer:
            document["organizer"] = organizer
        document["sessions"] = [m.entry for m in mapped]
        title = _one_line(_scalar_text(self.conference.get("title")) or "")
        source = _one_line(self.path.name)
        header = f"# Imported from {source}" + (f" ({title})" if title else "")
        header += " by `eduplat webinars import`.\n"
        return ImportResult(
            yaml_text=header + _dump(document),
            warnings=self.all_warnings(),
            events=self.found,
            sessions=len(mapped),
        )

    def timezone(self) -> str:
        """The conference's IANA zone; UTC (with a warning after the events) otherwise."""
        value = self.conference.get("time_zone_name")
        name = (_scalar_text(value) or "").strip()
        if name in _zones():
            self.zone = zoneinfo.ZoneInfo(name)
            return name
        self.zone_given = False
        if not name:
            self.zone_problem = "conference: field 'time_zone_name' is missing"
        else:
            suggestion = did_you_mean(name, _zones())
            self.zone_problem = (
                f"conference: field 'time_zone_name' {_show(value)} is not an IANA timezone"
                + (f" ({suggestion})" if suggestion else "")
            )
        return "UTC"

    def zone_warning(self) -> str:
        """Why the times are in UTC, and the offset the events themselves use."""
        text = f"{self.zone_problem}; wrote the times in UTC, the same instants"
        if self.offsets:
            offset = max(self.offsets, key=self.offsets.__getitem__)
            text += (
                f" (the events give their times at {offset}: to show them as the conference "
                "did, set 'timezone', e.g. Europe/Berlin, and convert the starts)"
            )
        return text

    def organizer(self) -> dict[str, str]:
        name = _one_line(_scalar_text(self.conference.get("title")) or "")
        name = name or _one_line(_scalar_text(self.conference.get("acronym")) or "")
        if not name:
            return {}
        url = _web_url(self.conference.get("url")) or self.base_url
        return {"name": name, "url": url} if url else {"name": name}

    def events(self) -> Iterator[_RawEvent]:
        days = self.conference.get("days")
        day_list = days if isinstance(days, list) else []
        has_rooms = any(isinstance(d, dict) and "rooms" in d for d in day_list)
        flat = self.schedule.get("events")
        if has_rooms or not isinstance(flat, list):
            for day_number, day in enumerate(day_list, start=1):
                day_data = _dict(day)
                if day_data is None:
                    self.warnings.append(f"day {day_number} is not an object; skipped it")
                    continue
                day_date = _day_date(day_data.get("date"))
                day_start = _parse_moment(day_data.get("day_start") or day_data.get("start"))
                rooms = day_data.get("rooms")
                if not isinstance(rooms, dict):
                    if rooms is not None:
                        self.warnings.append(
                            f"day {day_number}: field 'rooms' is not an object; skipped the day"
                        )
                    continue
                for room, room_events in rooms.items():
                    if not isinstance(room_events, list):
                        where = f"day {day_number}, room '{_one_line(str(room))}'"
                        self.warnings.append(f"{where} is not a list of events; skipped the room")
                        continue
                    for event in room_events:
                        self.found += 1
                        yield from self.raw_event(event, day_date, day_start, room)
            if isinstance(flat, list) and flat:
                self.warnings.append(
                    "schedule: field 'events' is ignored because the days list events by room"
                )
            return
        for event in flat:
            self.found += 1
            yield from self.raw_event(event, None, None, "")

    def raw_event(
        self,
        event: object,
        day: dt.date | None,
        day_start: dt.datetime | None,
        room: str,
    ) -> Iterator[_RawEvent]:
        data = _dict(event)
        if data is None:
            shown = _show(event)
            self.warnings.append(f"event #{self.found} is not an object ({shown}); skipped it")
            return
        yield _RawEvent(data, self.found, day, day_start, room)

    # -- one event -------------------------------------------------------------------------
    def session(self, raw: _RawEvent, used_ids: set[str]) -> _Mapped | None:
        event = raw.data
        raw_title = _scalar_text(event.get("title")) or ""
        title = _one_line(raw_title)
        ref = next(
            (
                text.strip()
                for key in ("guid", "slug", "id", "code")
                if (text := _scalar_text(event.get(key))) and text.strip()
            ),
            f"#{raw.number}",
        )
        short = title if len(title) <= 60 else title[:59].rstrip() + "…"
        label = f"event '{_one_line(ref)}'" + (f" ({short})" if short else "")
        self.check_fields(event, label)

        if not title:
            problem = (
                "is missing"
                if "title" not in event
                else f"{_show(event.get('title'))} is empty or not text"
            )
            self.warn(label, "title", problem, "skipped the session")
            return None
        status = "scheduled"
        marked = _STATUS_MARKER.match(title)
        if marked:
            status = "postponed" if marked.group("word").lower() in _POSTPONED else "cancelled"
            title = title[marked.end() :].strip() or title
        event_type = _one_line(_scalar_text(event.get("type")) or "")
        if re.search(r"cancel|abgesagt", event_type, re.IGNORECASE):
            status = "cancelled"
        subtitle = _one_line(_scalar_text(event.get("subtitle")) or "")
        if subtitle:
            joiner = " " if title.endswith((":", "–", "—", "-", "|", "!", "?", ".")) else ": "
            title = f"{title}{joiner}{subtitle}"

        moment = self.start(raw, label)
        if moment is None:
            return None
        minutes = self.duration(event, moment, label)
        if minutes is None:
            return None

        entry: dict[str, object] = {
            "id": self.session_id(event, title, label, used_ids),
            "title": title,
            "start": _local_text(moment, self.zone),
            **self.length(moment, minutes, label),
            "timezone": self.zone.key,
        }
        language = self.language(event, label)
        if language:
            entry["language"] = language
        if status != "scheduled":
            entry["status"] = status
        tags = self.tags(event, event_type)
        if tags:
            entry["tags"] = tags
        presenters = self.presenters(event, label)
        if presenters:
            entry["presenters"] = presenters
        recording, slides = self.media(event, label)
        if recording:
            entry["recording"] = recording
        if slides:
            entry["slides"] = slides
        abstract = self.abstract(event, label)
        if abstract:
            entry["abstract"] = abstract
        return _Mapped(moment, raw.number, entry)

    def check_fields(self, event: dict[str, object], label: str) -> None:
        for key in event:
            if key not in _EVENT_KEYS:
                self.warn_once(
                    f"key:{key}",
                    label,
                    f"field '{_one_line(str(key))}' is not part of the schedule format; ignored",
                )
        event_id = event.get("id")
        if event_id is not None and (isinstance(event_id, bool) or not isinstance(event_id, int)):
            self.warn_once(
                "id-type",
                label,
                f"field 'id' {_show(event_id)} should be a number; used only to name the event",
            )
        persons = event.get("persons")
        for person in persons if isinstance(persons, list) else []:
            for key in person if isinstance(person, dict) else []:
                if key not in _PERSON_KEYS:
                    self.warn_once(
                        f"person-key:{key}",
                        label,
                        f"field 'persons.{_one_line(str(key))}' is not part of the schedule "
                        "format; ignored",
                    )

    def start(self, raw: _RawEvent, label: str) -> dt.datetime | None:
        """The start instant: from ``date`` (or a hub ``start``), else ``start`` on the day."""
        event = raw.data
        value_date, value_start = event.get("date"), event.get("start")
        moment, key = _parse_moment(value_date), "date"
        if moment is None and _parse_moment(value_start) is not None:
            moment, key = _parse_moment(value_start), "start"
        if moment is None:
            moment, key = self.start_on_day(raw, label), "start"
            if moment is None:
                return None
        if moment.tzinfo is not None:
            offset = _offset(moment.utcoffset())
            self.offsets[offset] = self.offsets.get(offset, 0) + 1
        else:
            moment, odd, done = _resolve_local(moment, self.zone)
            if odd:
                self.warn(label, key, f"{_show(event.get(key))} {odd}", done)
        if moment.second or moment.microsecond:
            self.warn(label, key, f"{_show(event.get(key))} has seconds", "dropped them")
            moment = moment.replace(second=0, microsecond=0)
        local = moment.astimezone(self.zone)
        clock = _clock(value_start) if key == "date" else None
        if clock and self.zone_given and clock != local.time():
            self.warn_once(
                "start-mismatch",
                label,
                f"field 'start' {_show(value_start)} disagrees with 'date' {_show(value_date)} "
                f"({local:%H:%M} in {self.zone.key}); used 'date', the exact instant",
            )
        return moment

    def start_on_day(self, raw: _RawEvent, label: str) -> dt.datetime | None:
        """A naive local start from ``start`` ("HH:MM") on the event's or the listed day."""
        value_date, value_start = raw.data.get("date"), raw.data.get("start")
        clock = _clock(value_start)
        day = _day_date(value_date)
        if value_date is not None and day is None:
            if clock is None or raw.day is None:
                problem = f"{_show(value_date)} is not a date and time"
                self.warn(label, "date", problem, "skipped the session")
                return None
            problem = f"{_show(value_date)} is not a date and time"
            self.warn(label, "date", problem, "used 'start' on the day's date")
        if clock is None:
            if value_start is None:
                self.warn(label, "date", "is missing", "skipped the session")
            else:
                problem = f"{_show(value_start)} is not a time like 09:30"
                self.warn(label, "start", problem, "skipped the session")
            return None
        if day is None and raw.day is not None:
            day = raw.day
            opening = raw.day_start
            if opening is not None and opening.tzinfo is not None:
                opening = opening.astimezone(self.zone)
            if opening is not None and clock < opening.time().replace(second=0, microsecond=0):
                day += dt.timedelta(days=1)  # the listed day runs past midnight
        if day is None:
            self.warn(label, "date", "is missing (and no day lists the event)", "skipped it")
            return None
        return dt.datetime.combine(day, clock)

    def duration(self, event: dict[str, object], moment: dt.datetime, label: str) -> int | None:
        value = event.get("duration")
        minutes = _duration_minutes(value)
        if minutes is not None and minutes > 0:
            return minutes
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 24 * 60:
            self.warn_once(
                "duration-number",
                label,
                f"field 'duration' {value} is a number, not 'HH:MM'; read it as minutes",
            )
            return value
        end = _parse_moment(event.get("end"))
        end_minutes = None
        if end is not None:
            if end.tzinfo is None:
                end = _resolve_local(end, self.zone)[0]
            end_minutes = round((end - moment).total_seconds() / 60)
        present = value is not None and value != ""
        if end_minutes is not None and end_minutes > 0:
            if present:
                problem = "is zero" if minutes == 0 else "is not a duration"
                self.warn(label, "duration", f"{_show(value)} {problem}", "used 'end'")
            return end_minutes
        if present:
            problem = "is zero" if minutes == 0 else "is not a duration"
            self.warn(label, "duration", f"{_show(value)} {problem}", "skipped the session")
        elif "end" in event:
            self.warn(
                label,
                "end",
                f"{_show(event.get('end'))} is not a time after the start",
                "skipped the session",
            )
        else:
            self.warn(label, "duration", "is missing", "skipped the session")
        return None

    def length(self, moment: dt.datetime, minutes: int, label: str) -> dict[str, object]:
        """``duration``, or ``end`` when the clocks change during the session.

        The loader adds a duration to the local start on the wall clock, so across a DST
        change the end would be an hour off; a local ``end`` keeps the exact instant.
        """
        start = moment.astimezone(self.zone)
        end = (moment.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(self.zone)
        if start.utcoffset() == end.utcoffset():
            return {"duration": minutes}
        if end.replace(tzinfo=None) > start.replace(tzinfo=None):
            return {"end": _local_text(end, self.zone)}
        # Ends inside the repeated hour, before the start on the wall clock: the loader
        # would refuse that 'end', so keep the duration and say what it will mean.
        self.warn(
            label,
            "duration",
            f"{minutes} minutes end at {end:%H:%M} ({_offset(end.utcoffset())}), before the "
            "start on the wall clock, as the clocks go back",
            "wrote the duration; the site will show it ending an hour late",
        )
        return {"duration": minutes}

    def session_id(self, event: dict[str, object], title: str, label: str, used: set[str]) -> str:
        slug_value = _scalar_text(event.get("slug")) or ""
        base = _slug(slug_value)
        if not base:
            number = _slug(_scalar_text(event.get("id")) or _scalar_text(event.get("code")) or "")
            stem = _slug(title)[:60].rstrip("-_")
            base = "-".join(part for part in (stem, number) if part)
            if not base:
                base = _slug(_scalar_text(event.get("guid")) or "") or "session"
            if slug_value.strip():
                self.warn(
                    label, "slug", f"{_show(slug_value)} has no letters or digits", f"used '{base}'"
                )
        session_id = base
        suffix = 1
        while session_id in used:
            suffix += 1
            session_id = f"{base}-{suffix}"
        if suffix > 1:
            self.warn(
                label,
                "slug",
                f"'{base}' is the id of an earlier event too",
                f"wrote id '{session_id}'",
            )
        used.add(session_id)
        return session_id

    def language(self, event: dict[str, object], label: str) -> str:
        value = event.get("language")
        text = _scalar_text(value)
        if value is None or (text is not None and not text.strip()):
            return ""
        if text is not None:
            whole = _language(text)
            if whole:
                return whole
            found = [code for part in re.split(r"[,;/\s]+", text) if (code := _language(part))]
            if found:
                self.warn(
                    label,
                    "language",
                    f"{_show(value)} is not one language code",
                    f"used '{found[0]}'",
                )
                return found[0]
        self.warn(
            label, "language", f"{_show(value)} is not a language code like 'en'", "left it out"
        )
        return ""

    def tags(self, event: dict[str, object], event_type: str) -> list[str]:
        tags: list[str] = []
        track = event.get("track")
        track_data = _dict(track)
        if track_data is not None:
            slug = _scalar_text(track_data.get("slug")) or ""
            name = _scalar_text(track_data.get("name")) or self.tracks.get(slug, slug)
        else:
            name = _scalar_text(track) or ""
        for tag in (_one_line(name), event_type.lower() if event_type.isupper() else event_type):
            if tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        return tags

    def presenters(self, event: dict[str, object], label: str) -> list[dict[str, str]]:
        people = event.get("participants")
        key = "participants"
        if not isinstance(people, list):
            people, key = event.get("persons"), "persons"
        if people is None:
            return []
        if not isinstance(people, list):
            self.warn(label, key, f"{_show(people)} is not a list", "no presenters")
            return []
        presenters = []
        for index, person in enumerate(people, start=1):
            if isinstance(person, str) and _one_line(person):
                presenters.append({"name": _one_line(person)})
                continue
            data = _dict(person)
            if data is None:
                self.warn(
                    label, f"{key}[{index}]", f"{_show(person)} is not a person", "left it out"
                )
                continue
            guid = _scalar_text(data.get("guid"))
            known = self.persons.get(guid, {}) if guid else {}
            merged = {**known, **{k: v for k, v in data.items() if v not in (None, "")}}
            role = (_scalar_text(merged.get("role")) or "").strip().lower()
            if role not in _PRESENTING_ROLES:
                continue
            name = ""
            for name_key in ("public_name", "name", "full_name"):
                name = _one_line(_scalar_text(merged.get(name_key)) or "")
                if name:
                    break
            if not name:
                self.warn(label, f"{key}[{index}]", "has no name", "left the person out")
                continue
            entry = {"name": name}
            bio = _scalar_text(merged.get("biography"))
            if bio and (bio_text := html_to_markdown(bio, self.base_url)):
                entry["bio"] = bio_text
            url = merged.get("url")
            if url not in (None, ""):
                if web := _web_url(url, self.base_url):
                    entry["url"] = web
                else:
                    self.warn(
                        label,
                        f"{key}[{index}].url",
                        f"{_show(url)} is not a web address",
                        "left it out",
                    )
            avatar = merged.get("avatar")
            avatar_data = _dict(avatar)
            if avatar_data is not None:
                avatar = avatar_data.get("url")
            if avatar not in (None, ""):
                if web := _web_url(avatar, self.base_url):
                    entry["avatar"] = web
                else:
                    self.warn(
                        label,
                        f"{key}[{index}].avatar",
                        f"{_show(avatar)} is not a web address",
                        "left it out",
                    )
            presenters.append(entry)
        return presenters

    def media(self, event: dict[str, object], label: str) -> tuple[str, str]:
        """A recording (a video link that says so) and slides (an attachment that says so)."""
        recording = slides = ""
        for key in ("links", "attachments"):
            items = event.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                self.warn(label, key, f"{_show(items)} is not a list", "ignored")
                continue
            for item in items:
                data = _dict(item)
                url = _web_url(data.get("url") if data else item, self.base_url)
                if not url:
                    continue
                kind = (_scalar_text(data.get("type")) or "").lower() if data else ""
                title = (_scalar_text(data.get("title")) or "") if data else ""
                if not recording and _is_recording(url, kind, title):
                    recording = url
                elif not slides and (kind == "slides" or _SAYS_SLIDES.search(title)):
                    slides = url
        return recording, slides

    def abstract(self, event: dict[str, object], label: str) -> str:
        parts: list[str] = []
        for key in ("abstract", "description"):
            value = event.get(key)
            if value is None:
                continue
            text = _scalar_text(value)
            if text is None:
                self.warn(label, key, f"{_show(value)} is not text", "ignored")
                continue
            converted = html_to_markdown(text, self.base_url)
            squeezed = " ".join(converted.split())
            if not converted or any(squeezed in " ".join(p.split()) for p in parts):
                continue
            parts = [p for p in parts if " ".join(p.split()) not in squeezed]
            parts.append(converted)
        url_value = event.get("url")
        url = _web_url(url_value, self.base_url)
        if url:
            parts.append(f"More: <{_markdown_url(url)}>")
        elif url_value not in (None, ""):
            self.warn(label, "url", f"{_show(url_value)} is not a web address", "left it out")
        return "\n\n".join(parts)


def _clock(value: object) -> dt.time | None:
    """The time of ``"HH:MM"`` (seconds allowed), or None."""
    match = _HHMM.match(_scalar_text(value) or "")
    if match is None or int(match.group("h")) > 23:
        return None
    return dt.time(int(match.group("h")), int(match.group("m")), int(match.group("s") or 0))


def _day_date(value: object) -> dt.date | None:
    text = _scalar_text(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def _is_recording(url: str, kind: str, title: str) -> bool:
    parsed = urlparse(url)
    host = parsed.netloc.lower().split(":")[0]
    video = _VIDEO_FILE.search(parsed.path) is not None or any(
        host == h or host.endswith("." + h) or h in host for h in _RECORDING_HOSTS
    )
    said = kind in {"media", "recording", "video"} or bool(_SAYS_RECORDING.search(title))
    # A link to some video is often a reference ("my earlier talk"); it has to say so.
    return video and (said or not title)


class _Dumper(yaml.SafeDumper):
    """Safe YAML, lists indented under their key, multi-line text as ``|`` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_text(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def _dump(document: dict[str, object]) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # long titles and URLs stay on one line
    )
