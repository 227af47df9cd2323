"""Text of an imported schedule: titles, abstracts, biographies and languages.

Abstracts, descriptions and biographies may be HTML, Markdown or a mix of both; HTML is
turned into plain Markdown with the standard library's parser, so no tag reaches the site.

Why not a library: markdownify 1.2 alone drops ``</br>``, keeps ``javascript:`` links, turns
the text ``&lt;script&gt;`` into a tag and raises on a broken ``<![`` declaration, all of
which real exports contain. nh3 in front of it settles all four, so it was measured again
on the same 153 importer tests (run with the real exports in
``shared/acceptance/inputs/schedules``): ``nh3.clean`` plus a ``MarkdownConverter``
subclass for links, headings, code, line breaks and list indentation, and a mask that
keeps the blank lines of Markdown written around the HTML, is 74 lines where the writer
below is 173 (59 against 153 without blank and comment lines), for one more dependency.
But it passes 152 of the 153: an unclosed ``<b>never closed`` comes out bold, because
html5ever closes the tag and nothing after it can tell; and a run of ``<li>`` without a
list around it becomes a tight list (1 of the 15 HTML texts of those exports comes out
different). Behaviour stays as it is, so the writer stays.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from eduplat.webinars.importer.values import (
    Notes,
    clean,
    markdown_url,
    scalar_text,
    show,
    web_url,
)

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
# A '<' that would open an HTML tag, comment or declaration in Markdown; autolinks stay.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
_TAG_START = re.compile(r"(<https?://[^\s<>\"]+>)|<(?=[A-Za-z/!?])")


def one_line(text: str) -> str:
    """A title or name: tags and entities resolved, whitespace collapsed."""
    text = clean(text)
    if _TAG_LIKE.search(text):
        text = convert_html(text, "", plain=True)
    elif "&" in text:
        text = html.unescape(text)
    return " ".join(clean(text).split())


def language_tag(value: str) -> str | None:
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


def convert_html(text: str, base_url: str, *, plain: bool = False) -> str:
    parser = _MarkdownWriter(base_url, plain=plain)
    try:
        parser.feed(text)
        return parser.finish()
    except AssertionError:  # Python < 3.13 raises it on broken '<![' declarations
        return _tidy(html.unescape(re.sub(r"<[^>]*>?", " ", text)))


def _link_target(href: str, base_url: str) -> str:
    href = href.strip()
    if href.lower().startswith("mailto:") and "@" in href:
        return markdown_url(href)
    return markdown_url(web_url(href, base_url))


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
    text = clean(text)
    if _TAG_LIKE.search(text):
        text = convert_html(text, base_url)
    else:
        if "&" in text:
            text = html.unescape(text)
        lines = [line.rstrip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n").rstrip()
    text = clean(text)
    return _TAG_START.sub(lambda m: m.group(1) or "&lt;", text)


def language(event: dict[str, object], label: str, notes: Notes) -> str:
    value = event.get("language")
    text = scalar_text(value)
    if value is None or (text is not None and not text.strip()):
        return ""
    if text is not None:
        whole = language_tag(text)
        if whole:
            return whole
        found = [code for part in re.split(r"[,;/\s]+", text) if (code := language_tag(part))]
        if found:
            notes.warn(
                label,
                "language",
                f"{show(value)} is not one language code",
                f"used '{found[0]}'",
            )
            return found[0]
    notes.warn(label, "language", f"{show(value)} is not a language code like 'en'", "left it out")
    return ""


def abstract(event: dict[str, object], label: str, base_url: str, notes: Notes) -> str:
    parts: list[str] = []
    for key in ("abstract", "description"):
        value = event.get(key)
        if value is None:
            continue
        text = scalar_text(value)
        if text is None:
            notes.warn(label, key, f"{show(value)} is not text", "ignored")
            continue
        converted = html_to_markdown(text, base_url)
        squeezed = " ".join(converted.split())
        if not converted or any(squeezed in " ".join(p.split()) for p in parts):
            continue
        parts = [p for p in parts if " ".join(p.split()) not in squeezed]
        parts.append(converted)
    url_value = event.get("url")
    url = web_url(url_value, base_url)
    if url:
        parts.append(f"More: <{markdown_url(url)}>")
    elif url_value not in (None, ""):
        notes.warn(label, "url", f"{show(url_value)} is not a web address", "left it out")
    return "\n\n".join(parts)
