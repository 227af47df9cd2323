"""The site generators eduplat builds with, and what works on each.

MkDocs runs eduplat as a plugin (its hooks). ProperDocs, a maintained fork of MkDocs 1.6,
loads the same plugin. Zensical reads ``mkdocs.yml`` but ignores plugins it does not know,
so eduplat stages a plain docs tree for it (see [eduplat.staging][]).

``SUPPORT`` is the one source of the manual's support table (docs/guide/engines.md): a test
renders it and compares, and every "yes" names the tests that keep it true.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "ENGINES",
    "SUPPORT",
    "Engine",
    "EngineName",
    "Support",
    "engine_command",
    "support_table",
]

EngineName = Literal["mkdocs", "properdocs", "zensical"]
"""The values of ``engine:`` and ``eduplat build --engine``."""


@dataclass(frozen=True)
class Engine:
    """A site generator eduplat can hand a site to."""

    name: EngineName
    module: str
    """The Python package that provides it (and its ``python -m`` command)."""
    tested: str
    """The version the tests run (the ``test`` extra pins it)."""
    install: str
    """How a user installs it."""
    staged: bool
    """True when eduplat stages a plain docs tree for it instead of running as a plugin."""


ENGINES: dict[EngineName, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", "1.6.1", "pip install eduplat", staged=False),
    "properdocs": Engine(
        "properdocs", "properdocs", "1.6.7", "pip install 'eduplat[properdocs]'", staged=False
    ),
    "zensical": Engine(
        "zensical", "zensical", "0.0.73", "pip install 'eduplat[zensical]'", staged=True
    ),
}
assert set(ENGINES) == set(get_args(EngineName))


def engine_command(name: EngineName) -> list[str] | None:
    """The command that runs an engine in this Python environment (None when missing).

    ``python -m`` of this interpreter first, so the engine sees the same packages as
    eduplat; else the engine's own command on PATH (e.g. installed with pipx).
    """
    engine = ENGINES[name]
    if importlib.util.find_spec(engine.module) is not None:
        return [sys.executable, "-m", engine.module]
    found = shutil.which(engine.module)
    return [found] if found else None


@dataclass(frozen=True)
class Support:
    """One eduplat feature across the engines: "yes", "no: why" or "untested: why".

    Every "yes" names its tests in tests/unit/test_engine_support.py.
    """

    feature: str
    mkdocs: str
    properdocs: str
    zensical: str

    def on(self, engine: EngineName) -> str:
        """The cell of one engine."""
        value: str = getattr(self, engine)
        return value


SUPPORT: tuple[Support, ...] = (
    Support("Tutorial pages with their outputs, downloads and index", "yes", "yes", "yes"),
    Support("Quiz pages, index and quizzes embedded in pages", "yes", "yes", "yes"),
    Support(
        "Exercises: solutions hidden or left out, student downloads",
        "yes",
        "untested: the same plugin builds them",
        "untested: staged like other tutorial pages",
    ),
    Support(
        "Run in the page (`run_in_page: pyodide`)",
        "yes",
        "yes: pages built the same; run in the browser on MkDocs",
        "yes: pages built the same; run in the browser on MkDocs",
    ),
    Support(
        "Video lessons: click-to-load players, captions, transcripts, chapters",
        "yes",
        "yes: pages built the same; played in the browser on MkDocs",
        "yes: pages built the same; played in the browser on MkDocs",
    ),
    Support("Webinar schedule, session pages and local times", "yes", "yes", "yes"),
    Support("Calendar (.ics) and Atom feeds", "yes", "yes", "yes"),
    Support("Event JSON-LD in session pages", "yes", "yes", "yes"),
    Support("Learning paths and the path bar", "yes", "yes", "yes"),
    Support("Feedback widget", "yes", "yes", "yes"),
    Support(
        "Previous/next and the highlighted index in the nav for generated pages",
        "yes",
        "yes",
        "no: generated pages outside the nav get no previous/next links",
    ),
    Support(
        "Versions (eduplat deploy, the version selector)",
        "yes",
        "no: deploy drives MkDocs through mike",
        "no: deploy drives MkDocs through mike",
    ),
    Support(
        "Live preview (serve)",
        "yes: `eduplat serve`",
        "untested: `properdocs serve -f mkdocs.yml` loads the plugin",
        "yes: `eduplat serve --engine zensical` (Zensical's server, staged again on change)",
    ),
    Support("Atomic build (previous site intact on failure)", "yes", "yes", "yes"),
)


def support_table() -> str:
    """The manual's support table, as Markdown."""
    heads = ["eduplat feature"] + [
        f"{name.capitalize() if name != 'mkdocs' else 'MkDocs'} {engine.tested}"
        for name, engine in ENGINES.items()
    ]
    heads = [h.replace("Properdocs", "ProperDocs") for h in heads]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for row in SUPPORT:
        cells = [row.feature] + [row.on(name) for name in ENGINES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
