"""Path pages, the paths index, the path bar and the feedback widget, from Jinja fragments.

Everything works as plain HTML: the index is a list of cards, a path page an ordered list
of its steps, the bar two links. ``paths.js`` adds ticks, "n of m done", Continue, reset,
export/import and the feedback buttons; it reads its strings and settings from ``data-``
attributes and only sets text, classes and ``hidden`` (it never inserts HTML).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from eduplat.i18n import Translator
from eduplat.paths.model import AUDIENCES, ResolvedPath, ResolvedStep
from eduplat.text import fragment_environment, html_block, render_text

__all__ = [
    "PATH_STRINGS",
    "FeedbackTarget",
    "StepLink",
    "audience_label",
    "default_environment",
    "duration_text",
    "render_bar",
    "render_feedback",
    "render_index",
    "render_path",
]

#: UI strings ``paths.js`` needs on a path page and in the bar.
PATH_STRINGS = (
    "path.progress",
    "path.complete",
    "path.done",
    "path.import_failed",
    "path.reset_confirm",
    "path.exercises_passed",
)
#: UI strings of the feedback widget.
FEEDBACK_STRINGS = ("feedback.sent", "feedback.send_failed", "feedback.thanks")


def default_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Jinja environment for the fragments (a theme can override each one)."""
    return fragment_environment(loader)


def audience_label(audience: str, t: Translator) -> str:
    """Translated label of a known audience, else the text as written."""
    return t(f"webinar.audience.{audience}") if audience in AUDIENCES else audience


def duration_text(minutes: int | None, t: Translator) -> str:
    """``45 min`` or ``1 h 30 min``; empty when unknown."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return t("tutorial.minutes", minutes=rest)
    return t("path.hours", hours=hours, minutes=rest) if rest else t("path.hours_only", hours=hours)


@dataclass(frozen=True)
class StepLink:
    """Where a step goes from the page being rendered, and what the script needs of it."""

    url: str
    quiz_hash: str = ""  # quiz steps: the key part of the quiz's saved progress


def _strings(t: Translator, keys: Sequence[str]) -> str:
    return json.dumps({key.split(".", 1)[1]: t(key) for key in keys}, ensure_ascii=False)


def render_index(
    paths: Sequence[ResolvedPath],
    t: Translator,
    url: Callable[[ResolvedPath], str],
    env: jinja2.Environment,
) -> str:
    """The ``paths/`` index page (Markdown with an HTML block)."""
    cards = [
        {
            "title": resolved.path.title,
            "url": url(resolved),
            "audience": audience_label(resolved.path.audience, t),
            "steps": len(resolved.steps),
            "total": duration_text(resolved.minutes, t),
            "description": Markup(render_text(resolved.path.description)),  # noqa: S704 - sanitized
        }
        for resolved in paths
    ]
    body = env.get_template("fragments/eduplat/path_index.html").render(t=t, cards=cards)
    return f"# {t('path.index_title')}\n\n{t('path.index_intro')}\n\n" + html_block(body)


def render_path(
    resolved: ResolvedPath,
    t: Translator,
    link: Callable[[ResolvedStep], StepLink],
    env: jinja2.Environment,
) -> str:
    """The body of a path page (an HTML block; the page adds the title)."""
    steps = []
    for step in resolved.steps:
        target = link(step)
        steps.append(
            {
                "key": step.step.key,
                "kind": step.kind,
                "kind_label": t(f"path.kind.{step.kind}"),
                "title": step.title,
                "url": target.url,
                "external": step.kind == "url",
                "duration": duration_text(step.minutes, t),
                "optional": step.step.optional,
                "quiz_id": step.step.target if step.kind == "quiz" else "",
                "quiz_hash": target.quiz_hash,
            }
        )
    path = resolved.path
    body = env.get_template("fragments/eduplat/path.html").render(
        t=t,
        path=path,
        audience=audience_label(path.audience, t),
        description=Markup(render_text(path.description)),  # noqa: S704 - sanitized
        total=duration_text(resolved.minutes, t),
        steps=steps,
        strings=_strings(t, PATH_STRINGS),
    )
    return html_block(body)


def render_bar(
    entries: Sequence[tuple[ResolvedPath, ResolvedStep]],
    t: Translator,
    path_url: Callable[[ResolvedPath], str],
    link: Callable[[ResolvedStep], StepLink],
    env: jinja2.Environment,
) -> str:
    """The "Path: … — step 3 of 7" bar(s) of a page that belongs to paths."""
    bars: list[dict[str, Any]] = []
    for resolved, step in entries:
        index = step.number - 1
        previous = resolved.steps[index - 1] if index > 0 else None
        following = resolved.steps[index + 1] if index + 1 < len(resolved.steps) else None
        bars.append(
            {
                "id": resolved.path.id,
                "title": resolved.path.title,
                "url": path_url(resolved),
                "number": step.number,
                "count": len(resolved.steps),
                "key": step.step.key,
                "kind": step.kind,
                "previous": _neighbour(previous, link),
                "next": _neighbour(following, link),
            }
        )
    return env.get_template("fragments/eduplat/path_bar.html").render(
        t=t, bars=bars, strings=_strings(t, PATH_STRINGS)
    )


def _neighbour(
    step: ResolvedStep | None, link: Callable[[ResolvedStep], StepLink]
) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"title": step.title, "url": link(step).url, "external": step.kind == "url"}


@dataclass(frozen=True)
class FeedbackTarget:
    """Where feedback goes: an issue tracker URL template and/or a form endpoint."""

    issue_url: str = ""
    endpoint: str = ""

    @property
    def configured(self) -> bool:
        """Whether anything can be sent at all."""
        return bool(self.issue_url or self.endpoint)


def render_feedback(
    target: FeedbackTarget,
    t: Translator,
    *,
    page: str,
    title: str,
    version: str,
    env: jinja2.Environment,
) -> str:
    """The "Was this page helpful?" widget; hidden until ``paths.js`` starts it."""
    settings = {
        "issueUrl": target.issue_url,
        "endpoint": target.endpoint,
        "page": page,
        "title": title,
        "version": version,
        "strings": {key.split(".", 1)[1]: t(key) for key in FEEDBACK_STRINGS},
        "issueTitle": t("feedback.issue_title", title="{title}"),
    }
    return env.get_template("fragments/eduplat/feedback.html").render(
        t=t, target=target, settings=json.dumps(settings, ensure_ascii=False)
    )
