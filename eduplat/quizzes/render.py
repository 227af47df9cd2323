"""Quiz → HTML that works without JavaScript and comes alive with ``quiz.js``.

Every question is a ``<fieldset>`` with a ``<legend>``; feedback, explanations and the
answer for readers without JavaScript are in the page, hidden until needed, so the script
only toggles ``hidden`` and writes plain text (it never inserts HTML). Grading data sits
in the root element's ``data-quiz`` attribute. All user text goes through
[render_text][eduplat.text.render_text], which sanitizes it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jinja2
from markupsafe import Markup

from eduplat.i18n import Translator
from eduplat.quizzes.model import Accepted, NumericAnswer, Question, Quiz
from eduplat.text import fragment_environment, html_block, render_text

__all__ = [
    "QUIZ_STRINGS",
    "default_environment",
    "index_order",
    "render_quiz",
    "render_quiz_index",
]

_Answer = TypeVar("_Answer", Accepted, NumericAnswer)

#: UI strings the script needs, passed to it with each quiz.
QUIZ_STRINGS = (
    "quiz.question_n",
    "quiz.correct",
    "quiz.incorrect",
    "quiz.partial",
    "quiz.unanswered",
    "quiz.not_answered",
    "quiz.first_try",
    "quiz.score",
    "quiz.passed",
    "quiz.not_passed",
    "quiz.restored",
)

#: UI strings the quizzes index needs to show saved results.
INDEX_STRINGS = ("quiz.saved_passed", "quiz.saved_not_passed", "quiz.saved_first_try")

LinkResolver = Callable[[str], str]
_EMPTY = Markup("")


def default_environment(loader: jinja2.BaseLoader | None = None) -> jinja2.Environment:
    """Jinja environment for eduplat's fragments (a theme can override each one)."""
    return fragment_environment(loader)


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass
class _Choice:
    value: str
    html: Markup
    feedback: Markup = _EMPTY


@dataclass
class _QuestionView:
    number: int
    question: Question
    name: str
    prompt: Markup
    choices: list[_Choice] = field(default_factory=list)
    lefts: list[Markup] = field(default_factory=list)
    rights: list[str] = field(default_factory=list)
    order_items: list[tuple[int, Markup]] = field(default_factory=list)
    answer_feedback: list[Markup] = field(default_factory=list)
    correct_feedback: Markup = _EMPTY
    incorrect_feedback: Markup = _EMPTY
    explanation: Markup = _EMPTY
    teaches: str = ""
    answer_summary: list[Markup] = field(default_factory=list)
    grading: dict[str, Any] = field(default_factory=dict)


def _scrambled(count: int, seed: str) -> list[int]:
    """A fixed order that is not the right one, for no-JS readers of ordering questions."""
    order = sorted(range(count), key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).digest())
    if order == list(range(count)):
        order = order[1:] + order[:1]
    return order


class _Renderer:
    def __init__(self, quiz: Quiz, t: Translator, link: LinkResolver | None) -> None:
        self.quiz = quiz
        self.t = t
        self.link = link

    def text(self, question: Question, value: str, *, inline: bool = False) -> Markup:
        return Markup(render_text(value, question.format, inline=inline))  # noqa: S704 - sanitized

    def view(self, number: int, question: Question) -> _QuestionView:
        view = _QuestionView(
            number=number,
            question=question,
            name=f"eduplat-{self.quiz.id}-{question.id}",
            prompt=self.text(question, question.prompt),
            correct_feedback=self.text(question, question.correct_feedback),
            incorrect_feedback=self.text(question, question.incorrect_feedback),
            explanation=self.text(question, question.explanation),
            teaches=self.link(question.teaches) if self.link and question.teaches else "",
        )
        grading: dict[str, Any] = {"type": question.type, "points": question.points}
        getattr(self, f"_{question.type}")(question, view, grading)
        view.grading = grading
        return view

    def _single(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        for index, option in enumerate(question.options):
            view.choices.append(
                _Choice(
                    value=str(index),
                    html=self.text(question, option.text, inline=True),
                    feedback=self.text(question, option.feedback),
                )
            )
            if option.correct:
                view.answer_summary.append(self.text(question, option.text, inline=True))
        grading["credits"] = [question.option_credit(o) for o in question.options]

    _multiple = _single

    def _true_false(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        for value, key in (("true", "quiz.true"), ("false", "quiz.false")):
            view.choices.append(_Choice(value=value, html=Markup.escape(self.t(key))))
        view.answer_summary.append(Markup.escape(self.t(f"quiz.{str(question.answer).lower()}")))
        grading["answer"] = question.answer

    def _short(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        grading["accepted"] = self._graded(
            question,
            view,
            question.accepted,
            lambda answer: {
                "text": answer.text,
                "regex": answer.regex,
                "case": answer.case_sensitive,
            },
        )
        for answer in question.accepted:
            if answer.weight is None or answer.weight > 0:
                view.answer_summary.append(Markup.escape(answer.text))

    def _numeric(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        grading["ranges"] = self._graded(
            question,
            view,
            question.numeric,
            lambda answer: {"low": answer.low, "high": answer.high},
        )
        for answer in question.numeric:
            if answer.weight is None or answer.weight > 0:
                if answer.value is not None:
                    shown = _number(answer.value)
                    if answer.tolerance:
                        shown += f" ± {_number(answer.tolerance)}"
                else:
                    shown = self.t("quiz.range", low=_number(answer.low), high=_number(answer.high))
                view.answer_summary.append(Markup.escape(shown))

    def _graded(
        self,
        question: Question,
        view: _QuestionView,
        answers: Sequence[_Answer],
        fields: Callable[[_Answer], dict[str, Any]],
    ) -> list[dict[str, Any]]:
        """What the page's script grades with: each answer's ``fields``, its credit in % and
        the index of its feedback, which is added to the view in the same order."""
        records = []
        for index, answer in enumerate(answers):
            view.answer_feedback.append(self.text(question, answer.feedback))
            credit = 100.0 if answer.weight is None else answer.weight
            records.append({**fields(answer), "credit": credit, "feedback": index})
        return records

    def _matching(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        rights = sorted({pair.right for pair in question.pairs}, key=str.casefold)
        view.rights = rights
        answers = []
        for pair in question.pairs:
            if not pair.left:
                continue  # a distractor: only offered on the right
            view.lefts.append(self.text(question, pair.left, inline=True))
            answers.append(rights.index(pair.right))
            view.answer_summary.append(
                self.text(question, pair.left, inline=True) + Markup(" → ") + pair.right
            )
        grading["matches"] = answers

    def _ordering(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        for index in _scrambled(len(question.items), f"{self.quiz.id}:{question.id}"):
            view.order_items.append(
                (index, self.text(question, question.items[index], inline=True))
            )
        view.answer_summary = [self.text(question, item, inline=True) for item in question.items]
        grading["count"] = len(question.items)

    def _essay(self, question: Question, view: _QuestionView, grading: dict[str, Any]) -> None:
        grading["graded"] = False

    _description = _essay


def render_quiz(
    quiz: Quiz,
    t: Translator,
    *,
    link: LinkResolver | None = None,
    env: jinja2.Environment | None = None,
    embedded: bool = False,
) -> str:
    """The quiz as one HTML block (for a quiz page, or embedded in any page).

    Args:
        quiz: The quiz.
        t: UI strings.
        link: Turns a ``teaches`` target into a URL relative to the page.
        env: Jinja environment (theme overrides).
        embedded: Whether it sits inside another page (then it shows its own title).
    """
    renderer = _Renderer(quiz, t, link)
    views = [renderer.view(n, q) for n, q in enumerate(quiz.questions, start=1)]
    data = {
        "id": quiz.id,
        "hash": quiz.content_hash,
        "passMark": quiz.pass_mark,
        "shuffleQuestions": quiz.shuffle_questions,
        "shuffleOptions": quiz.shuffle_options,
        "questions": {v.question.id: v.grading for v in views},
        "strings": {key.split(".", 1)[1]: t(key) for key in QUIZ_STRINGS},
    }
    template = (env or default_environment()).get_template("fragments/eduplat/quiz.html")
    markup = template.render(
        quiz=quiz,
        t=t,
        views=views,
        description=Markup(render_text(quiz.description)),  # noqa: S704 - sanitized
        title=quiz.title,
        embedded=embedded,
        # An attribute, not a <script> block: Material's instant loading re-runs every
        # script of a new page, whatever its type. Jinja escapes it for the attribute.
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
        pass_mark=_number(quiz.pass_mark),
        number=_number,
    )
    return html_block(markup)


def index_order(quiz: Quiz) -> tuple[bool, int, str]:
    """Sort key of the quizzes index: by ``order`` (quizzes without one last), then title."""
    return (quiz.order is None, quiz.order or 0, quiz.title.casefold())


def render_quiz_index(
    quizzes: Sequence[Quiz],
    t: Translator,
    url: Callable[[Quiz], str],
    env: jinja2.Environment | None = None,
) -> str:
    """The quizzes index page (Markdown with HTML cards).

    Args:
        quizzes: The quizzes.
        t: UI strings.
        url: A quiz's page URL, relative to the index page.
        env: Jinja environment (theme overrides).
    """
    entries = [
        {
            "quiz": quiz,
            "url": url(quiz),
            "description": Markup(render_text(quiz.description)),  # noqa: S704 - sanitized
            "count": sum(1 for q in quiz.questions if q.graded),
        }
        for quiz in sorted(quizzes, key=index_order)
    ]
    strings = {key.split(".", 1)[1]: t(key) for key in INDEX_STRINGS}
    template = (env or default_environment()).get_template("fragments/eduplat/quiz_index.html")
    return template.render(
        t=t, entries=entries, number=_number, strings=json.dumps(strings, ensure_ascii=False)
    )
