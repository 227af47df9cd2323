"""The Markdown form of exercises for manual pages: ``!!! exercise`` / ``!!! solution``.

``!!! exercise`` stays an ordinary admonition (class ``exercise``); each ``!!! solution``
block (its body indented by four spaces, like any admonition) is rewritten as the
``solutions`` mode says: ``omit`` removes it, the other modes show it behind "Show solution"
(``after-attempt`` only after "I give up"; a manual page has no appendix, so ``appendix``
shows it like ``reveal``). Pure text in, text out: no MkDocs.
"""

from __future__ import annotations

import re
import textwrap

from eduplat.i18n import Translator

__all__ = ["render_solution_blocks"]

_BLOCK = re.compile(
    r'^!!! (?P<kind>exercise|solution)(?:\s+"[^"\n]*")?[ \t]*\n'
    r"(?P<body>(?:(?:[ ]{4}.*|[ \t]*)\n)*)",
    re.MULTILINE,
)


def render_solution_blocks(markdown: str, mode: str, t: Translator) -> str:
    """Rewrite the page's ``!!! solution`` blocks for ``mode``; other text is unchanged."""
    if "!!! solution" not in markdown:
        return markdown
    number = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal number
        if match.group("kind") == "exercise":
            number += 1
            return match.group(0)
        if mode == "omit":
            return "\n"
        body = textwrap.dedent(match.group("body")).strip("\n")
        hidden = " hidden" if mode == "after-attempt" else ""
        button = (
            f'<p><button type="button" class="md-button eduplat-give-up" '
            f'data-exercise="{number}">{t("exercise.give_up")}</button></p>\n'
            if mode == "after-attempt"
            else ""
        )
        return (
            f'<div class="eduplat-solution eduplat-solution--{mode}" data-exercise="{number}"'
            f" markdown>\n{button}"
            f'<details class="eduplat-solution__details" data-search-exclude=""{hidden}'
            f" markdown>\n<summary>{t('exercise.show_solution')}</summary>\n\n{body}\n\n"
            "</details>\n</div>\n\n"
        )

    return _BLOCK.sub(replace, markdown + "\n")
