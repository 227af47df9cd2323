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

The modules split the work by concern: :mod:`.schedule` walks the export and assembles
sessions, :mod:`.times` reads zones, starts and lengths, :mod:`.people` presenters,
:mod:`.media` recordings and slides, :mod:`.text` titles, abstracts and languages (the
HTML → Markdown writer), and :mod:`.values` the small readers of untrusted JSON values
they all share.
"""

from __future__ import annotations

from eduplat.webinars.importer.schedule import ImportResult, import_schedule, import_schedule_text
from eduplat.webinars.importer.text import html_to_markdown

__all__ = ["ImportResult", "html_to_markdown", "import_schedule", "import_schedule_text"]
