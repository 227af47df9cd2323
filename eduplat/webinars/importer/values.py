"""Small readers of untrusted JSON values, and the warnings an import collects.

Everything here takes what an export gives (any JSON value) and returns a plain Python
value or ``None``/``""``, never raising: the callers decide what a missing value means.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlparse

_ID_MAX = 80
# Characters YAML cannot show in a block scalar (and the reader refuses raw).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")


@dataclass
class RawEvent:
    """One event object of the export, with what its day and room say about it."""

    data: dict[str, object]
    number: int
    day: dt.date | None = None
    day_start: dt.datetime | None = None
    room: str = ""


@dataclass
class _Grouped:
    label: str
    message: str
    events: set[str] = field(default_factory=set)


class Notes:
    """The warnings of one import, in the order they were found."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.grouped: dict[str, _Grouped] = {}

    def add(self, sentence: str) -> None:
        self.warnings.append(sentence)

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


def as_dict(value: object) -> dict[str, object] | None:
    return value if isinstance(value, dict) else None


def scalar_text(value: object) -> str | None:
    """Text of a string or number; None for anything else (lists, objects, booleans)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def show(value: object) -> str:
    """A short quotation of a value for a warning."""
    if isinstance(value, str):
        shown = " ".join(clean(value).split())
        return f"'{shown[:60]}…'" if len(shown) > 60 else f"'{shown}'"
    try:
        shown = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        shown = repr(value)
    shown = " ".join(clean(shown).split())
    return shown[:60] + "…" if len(shown) > 60 else shown


def clean(text: str) -> str:
    """Drop characters YAML cannot show and normalise line breaks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_SEPARATORS.sub("\n", text)
    return _UNPRINTABLE.sub("", text.replace("\t", "    "))


def web_url(value: object, base_url: str = "") -> str:
    """An absolute http(s) URL (relative ones resolved against ``base_url``), or ''."""
    text = scalar_text(value)
    if not text or not text.strip():
        return ""
    text = clean(text).strip()
    try:
        if base_url and not urlparse(text).scheme:
            text = urljoin(base_url, text)
        parsed = urlparse(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    if parsed.scheme not in {"http", "https"} or not parsed.netloc or re.search(r"\s", text):
        return ""
    return text


def markdown_url(url: str) -> str:
    """``url`` with what would end a Markdown link or autolink percent-encoded."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~-._") if url else ""


def slug(text: str) -> str:
    """Lowercase ASCII letters, digits, '-' and '_', starting with a letter or digit."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    dashed = re.sub(r"[^a-z0-9_-]+", "-", ascii_text.lower())
    dashed = re.sub(r"-{2,}", "-", dashed).lstrip("-_")
    return dashed[:_ID_MAX].rstrip("-_")
