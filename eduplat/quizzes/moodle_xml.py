"""Quiz model → Moodle XML (https://docs.moodle.org/en/Moodle_XML_format).

The document is built with ``xml.etree.ElementTree``, so every piece of quiz text is escaped
by the serializer (``&lt;script&gt;``), never pasted into markup. It starts with a
``<question type="category">`` (the quiz's category, else ``$course$/<quiz title>``, with
the quiz description as the category's info), then one ``<question>`` per question:

=============== ===================================================================
eduplat          Moodle
=============== ===================================================================
single           ``multichoice`` with ``<single>true</single>``
multiple         ``multichoice`` with ``<single>false</single>``; fractions are the
                 option credits (defaults made explicit: ``33.33333``, ``-50``)
true_false       ``truefalse``; right/wrong feedback on the two answers
short            ``shortanswer``; ``<usecase>`` from ``case_sensitive``, a literal
                 ``*`` written ``\\*`` (Moodle's wildcard otherwise)
numeric          ``numerical``; a range ``low..high`` becomes its midpoint with
                 ``<tolerance>`` half its width
matching         ``matching``; a distractor is a ``<subquestion>`` with empty text
ordering         ``ordering`` (the format of Moodle's ordering question type): one
                 ``<answer>`` per item in the right order, ``fraction`` = position
essay            ``essay`` (an editor, no attachments)
description      ``description``
=============== ===================================================================

Shared fields: ``<name>`` (title, else id), ``<questiontext>`` and every feedback with
``format="markdown"``, ``"html"`` or ``"plain_text"`` as the question says,
``<generalfeedback>`` (explanation), ``<defaultgrade>`` (points), ``<idnumber>`` (id),
``<tags>``, and ``<shuffleanswers>`` from the quiz's ``shuffle`` option. Fractions are
written as Moodle writes them: percent with at most five decimals (``33.33333``, ``-100``).

Feedback follows what eduplat shows. Multiple choice, matching and ordering have Moodle's
combined feedback: ``correct_feedback`` is ``<correctfeedback>``, ``incorrect_feedback``
both ``<partiallycorrectfeedback>`` and ``<incorrectfeedback>`` (eduplat shows it for a
partly right answer too). Short-answer and numerical questions have none: the right/wrong
feedback is appended to the feedback of each answer earning full/partial credit, and the
wrong-answer feedback also goes on a ``*`` answer worth 0 (Moodle's "any other answer").

Raises [ExportError][eduplat.quizzes.export.ExportError] for what core Moodle cannot grade
the same way: a regular-expression short answer, short answers mixing case-sensitive and
case-insensitive matching, text with characters XML 1.0 cannot hold. ``teaches``, the pass
mark and question shuffling have no place in a question bank and are left out. Moodle
imports only its own list of fractions (100, 90, 83.33333, ..., 5) unless the trainer
chooses "nearest grade" when importing: weights such as 35% need that option.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from eduplat.quizzes.export import ExportError, moodle_percent
from eduplat.quizzes.model import Question, Quiz

__all__ = ["export_moodle_xml"]

_FORMATS = {"markdown": "markdown", "html": "html", "plain": "plain_text"}
# Short/numeric answers are plain text in Moodle; this is what Moodle writes for them.
_ANSWER_FORMAT = "moodle_auto_format"
_TYPES = {
    "single": "multichoice",
    "multiple": "multichoice",
    "true_false": "truefalse",
    "short": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "ordering": "ordering",
    "essay": "essay",
    "description": "description",
}
_PENALTY = {"true_false": 1.0, "essay": 0.0, "description": 0.0}
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ESSAY_OPTIONS = (
    ("responseformat", "editor"),
    ("responserequired", "1"),
    ("responsefieldlines", "15"),
    ("attachments", "0"),
    ("attachmentsrequired", "0"),
)


def export_moodle_xml(quiz: Quiz) -> str:
    """``quiz`` as a Moodle XML question file.

    Args:
        quiz: The quiz.

    Returns:
        The XML document (UTF-8 declaration, indented, ending with a newline).

    Raises:
        ExportError: A question holds something core Moodle cannot express.
    """
    root = ET.Element("quiz")
    root.append(_category(quiz))
    for number, question in enumerate(quiz.questions, start=1):
        root.append(_XmlWriter(quiz, question, number).element())
    ET.indent(root, space="  ")
    # <text></text> rather than <text />, as Moodle writes empty texts.
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _fraction(percent: float) -> str:
    """A percentage as Moodle writes an answer's ``fraction`` (``33.33333``, ``-100``)."""
    text = f"{moodle_percent(percent):.5f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number(value: float) -> str:
    """A number for Moodle's numerical answers: exact for what people type, no ``-0``."""
    value = float(value)
    if value == 0:
        return "0"
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"


def _grade(value: float) -> str:
    return f"{value:.7f}"


def _checked(text: str, where: str, number: int | None) -> str:
    bad = _XML_ILLEGAL.search(text)
    if bad:
        prefix = f"question {number}: " if number is not None else ""
        raise ExportError(
            f"{prefix}{where} contains the control character U+{ord(bad[0]):04X}, which "
            "XML cannot hold",
            question=number,
            hint="delete it (it is usually pasted in by accident)",
        )
    return text


def _text(parent: ET.Element, tag: str, text: str, text_format: str | None = None) -> ET.Element:
    """``<tag format="..."><text>text</text></tag>`` under ``parent``."""
    element = ET.SubElement(parent, tag, {"format": text_format} if text_format else {})
    ET.SubElement(element, "text").text = text
    return element


def _simple(parent: ET.Element, tag: str, value: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = value
    return element


def _category(quiz: Quiz) -> ET.Element:
    # Moodle splits category paths at '/'; a literal slash in a name is written '//'.
    path = quiz.category or "$course$/" + quiz.title.replace("/", "//")
    question = ET.Element("question", {"type": "category"})
    _text(question, "category", _checked(path, "the category", None))
    _text(question, "info", _checked(quiz.description, "the description", None), "markdown")
    return question


def _join(*texts: str) -> str:
    return "\n\n".join(text for text in texts if text)


class _XmlWriter:
    """Builds the ``<question>`` element of one question."""

    def __init__(self, quiz: Quiz, question: Question, number: int) -> None:
        self.quiz = quiz
        self.question = question
        self.number = number
        self.format = _FORMATS[question.format]

    def error(self, what: str, hint: str) -> ExportError:
        return ExportError(f"question {self.number}: {what}", question=self.number, hint=hint)

    def check(self, text: str, where: str) -> str:
        return _checked(text, where, self.number)

    def rich(self, parent: ET.Element, tag: str, text: str, where: str) -> ET.Element:
        """A text field in the question's format."""
        return _text(parent, tag, self.check(text, where), self.format)

    def element(self) -> ET.Element:
        q = self.question
        question = ET.Element("question", {"type": _TYPES[q.type]})
        _text(question, "name", self.check(q.title or q.id, "the title"))
        self.rich(question, "questiontext", q.prompt, "the prompt")
        self.rich(question, "generalfeedback", q.explanation, "the explanation")
        _simple(question, "defaultgrade", _grade(0.0 if q.type == "description" else q.points))
        _simple(question, "penalty", _grade(_PENALTY.get(q.type, 0.3333333)))
        _simple(question, "hidden", "0")
        _simple(question, "idnumber", self.check(q.id, "the id"))
        getattr(self, f"_{q.type}")(question)
        if q.tags:
            tags = ET.SubElement(question, "tags")
            for tag in q.tags:
                _text(tags, "tag", self.check(tag, "a tag"))
        return question

    def combined_feedback(self, question: ET.Element) -> None:
        q = self.question
        self.rich(question, "correctfeedback", q.correct_feedback, "the right-answer feedback")
        for tag in ("partiallycorrectfeedback", "incorrectfeedback"):
            self.rich(question, tag, q.incorrect_feedback, "the wrong-answer feedback")
        ET.SubElement(question, "shownumcorrect")

    def answer(
        self,
        parent: ET.Element,
        percent: float,
        text: str,
        feedback: str,
        text_format: str,
    ) -> ET.Element:
        attributes = {"fraction": _fraction(percent), "format": text_format}
        answer = ET.SubElement(parent, "answer", attributes)
        _simple(answer, "text", self.check(text, "an answer"))
        self.rich(answer, "feedback", feedback, "an answer's feedback")
        return answer

    def shuffle(self) -> str:
        return "true" if self.quiz.shuffle_options else "false"

    # -- per type --------------------------------------------------------------------------

    def _single(self, question: ET.Element) -> None:
        q = self.question
        _simple(question, "single", "true" if q.type == "single" else "false")
        _simple(question, "shuffleanswers", self.shuffle())
        _simple(question, "answernumbering", "abc")
        self.combined_feedback(question)
        for option in q.options:
            self.answer(
                question, q.option_credit(option), option.text, option.feedback, self.format
            )

    _multiple = _single

    def _true_false(self, question: ET.Element) -> None:
        q = self.question
        for value in (True, False):
            right = value == q.answer
            self.answer(
                question,
                100.0 if right else 0.0,
                "true" if value else "false",
                q.correct_feedback if right else q.incorrect_feedback,
                _ANSWER_FORMAT,
            )

    def graded_feedback(self, feedback: str, credit: float) -> str:
        """An answer's feedback plus the right/wrong feedback eduplat shows with it."""
        q = self.question
        return _join(feedback, q.correct_feedback if credit >= 100 else q.incorrect_feedback)

    def _short(self, question: ET.Element) -> None:
        q = self.question
        for index, accepted in enumerate(q.accepted, start=1):
            if accepted.regex:
                raise self.error(
                    f"accepted answer {index} is a regular expression, which core Moodle "
                    "cannot check",
                    "remove the regex and list the plain answers it accepts instead",
                )
        cases = {accepted.case_sensitive for accepted in q.accepted}
        if len(cases) > 1:
            raise self.error(
                "some accepted answers are case-sensitive and some are not; Moodle sets "
                "this once per question",
                "make 'case_sensitive' the same for every accepted answer",
            )
        _simple(question, "usecase", "1" if cases == {True} else "0")
        for accepted in q.accepted:
            credit = 100.0 if accepted.weight is None else accepted.weight
            self.answer(
                question,
                credit,
                # '*' is Moodle's wildcard; eduplat compares it literally.
                accepted.text.replace("*", "\\*"),
                self.graded_feedback(accepted.feedback, credit),
                _ANSWER_FORMAT,
            )
        self.catch_all(question)

    def catch_all(self, question: ET.Element) -> None:
        """A '*' answer worth nothing carries the feedback for any other answer."""
        if self.question.incorrect_feedback:
            self.answer(question, 0.0, "*", self.question.incorrect_feedback, _ANSWER_FORMAT)

    def _numeric(self, question: ET.Element) -> None:
        for accepted in self.question.numeric:
            if accepted.min is not None and accepted.max is not None:
                value = (accepted.min + accepted.max) / 2
                tolerance = accepted.max - value
            elif accepted.value is not None:
                value, tolerance = accepted.value, accepted.tolerance
            else:
                raise self.error(
                    "a numeric answer needs a value or both ends of a range",
                    "give 'value' (and 'tolerance') or 'range: [low, high]'",
                )
            credit = 100.0 if accepted.weight is None else accepted.weight
            answer = self.answer(
                question,
                credit,
                _number(value),
                self.graded_feedback(accepted.feedback, credit),
                _ANSWER_FORMAT,
            )
            _simple(answer, "tolerance", _number(tolerance))
        self.catch_all(question)

    def _matching(self, question: ET.Element) -> None:
        # eduplat lists the right-hand answers sorted, never in pair order.
        _simple(question, "shuffleanswers", "true")
        self.combined_feedback(question)
        for pair in self.question.pairs:
            subquestion = self.rich(question, "subquestion", pair.left, "a matching pair")
            _text(subquestion, "answer", self.check(pair.right, "a matching pair"))

    def _ordering(self, question: ET.Element) -> None:
        _simple(question, "layouttype", "VERTICAL")
        _simple(question, "selecttype", "ALL")
        _simple(question, "selectcount", "0")
        _simple(question, "gradingtype", "ABSOLUTE_POSITION")
        _simple(question, "showgrading", "SHOW")
        _simple(question, "numberingstyle", "none")
        self.combined_feedback(question)
        for position, item in enumerate(self.question.items, start=1):
            self.answer_in_order(question, position, item)

    def answer_in_order(self, question: ET.Element, position: int, item: str) -> None:
        attributes = {"fraction": str(position), "format": self.format}
        answer = ET.SubElement(question, "answer", attributes)
        _simple(answer, "text", self.check(item, "an ordering item"))

    def _essay(self, question: ET.Element) -> None:
        for tag, value in _ESSAY_OPTIONS:
            _simple(question, tag, value)
        self.rich(question, "graderinfo", "", "")
        self.rich(question, "responsetemplate", "", "")

    def _description(self, question: ET.Element) -> None:
        return None
