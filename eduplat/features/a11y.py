"""Accessibility fixes to Material's page chrome that CSS cannot make.

Each one is a narrow, literal edit of Material's markup; when upstream changes that markup
the edit does nothing and the axe-core check in ``tests/browser/test_accessibility.py``
reports the problem again.
"""

from __future__ import annotations

import html

from eduplat.i18n import Translator

__all__ = ["fix_page"]

# Material's search overlay is a dialog without a name (axe: aria-dialog-name, serious).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def fix_page(output: str, t: Translator) -> str:
    """Give Material's search dialog an accessible name."""
    label = html.escape(t("site.search"))
    named = _SEARCH_DIALOG[:-1] + f' aria-label="{label}">'
    return output.replace(_SEARCH_DIALOG, named, 1)
