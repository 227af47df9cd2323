"""User-authored text (quiz and webinar fields) → safe HTML.

Markdown is rendered with Python-Markdown, then *everything* is sanitized with nh3 (an
allow-list HTML sanitizer): no script, no event handler, no ``javascript:`` URL, whatever
the source says. Code blocks are highlighted with the same classes as Material's pages.
This module knows nothing of MkDocs.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Literal

import jinja2
import markdown
import nh3

__all__ = ["escape_markdown", "html_block", "render_text", "sanitize_html"]

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del",
    "details", "div", "dl", "dt", "em", "figcaption", "figure", "h3", "h4", "h5", "h6", "hr",
    "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul", "var",
}  # fmt: skip
_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start"},
}
_SCHEMES = {"http", "https", "mailto"}


def escape_markdown(text: str) -> str:
    """Backslash-escape what would turn a title into Markdown markup or break a link."""
    return re.sub(r"([\\`*_{}\[\]()#+!])", r"\\\1", text)


def sanitize_html(markup: str) -> str:
    """Keep harmless markup only; links get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        markup,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "pymdownx.superfences",
            "pymdownx.highlight",
            "pymdownx.inlinehilite",
            "pymdownx.tilde",
        ],
        extension_configs={"pymdownx.highlight": {"guess_lang": False}},
    )


def render_text(
    text: str, fmt: Literal["markdown", "html", "plain"] = "markdown", *, inline: bool = False
) -> str:
    """Render user text to sanitized HTML.

    Args:
        text: The text as written.
        fmt: ``markdown`` (default), ``html`` or ``plain`` (shown as typed).
        inline: Drop the wrapping ``<p>`` of a one-paragraph text (labels, legends).
    """
    if not text:
        return ""
    if fmt == "plain":
        return html.escape(text).replace("\n", "<br>\n")
    if fmt == "html":
        rendered = text
    else:
        converter = _markdown()
        converter.reset()
        rendered = converter.convert(text)
    safe = sanitize_html(rendered).strip()
    if inline and safe.startswith("<p>") and safe.endswith("</p>") and safe.count("<p>") == 1:
        safe = safe[3:-4]
    return safe


def html_block(markup: str) -> str:
    """Drop blank lines outside ``<pre>``: a raw HTML block in Markdown must have none."""
    kept, depth = [], 0
    for line in markup.splitlines():
        if line.strip() or depth > 0:
            kept.append(line)
        depth += line.count("<pre") - line.count("</pre>")
    return "\n".join(kept) + "\n"


def fragment_environment(
    loader: jinja2.BaseLoader | None = None, *, keep_trailing_newline: bool = False
) -> jinja2.Environment:
    """The Jinja environment for eduplat's HTML fragments, autoescaping; ``loader`` lets a
    theme override each fragment (default: the templates shipped with eduplat)."""
    return jinja2.Environment(
        loader=loader or jinja2.PackageLoader("eduplat", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
    )
