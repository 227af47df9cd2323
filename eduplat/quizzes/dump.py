"""Quiz model → eduplat's quiz YAML (for ``eduplat quiz import``).

Writes only what differs from the defaults, in the order a person would write it, so
an imported GIFT file reads like a hand-written quiz. ``load_quiz`` reads the result
back to an equal model.
"""

from __future__ import annotations

from typing import Any

import yaml

from eduplat.quizzes.model import Accepted, NumericAnswer, Option, Question, Quiz

__all__ = ["dump_quiz_yaml", "quiz_to_data"]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _scored(data: dict[str, Any], answer: Option | Accepted | NumericAnswer) -> dict[str, Any]:
    """``data`` with the answer's weight and feedback, when it has them."""
    if answer.weight is not None:
        data["weight"] = _number(answer.weight)
    if answer.feedback:
        data["feedback"] = answer.feedback
    return data


def _option(option: Option) -> dict[str, Any] | str:
    data: dict[str, Any] = {"text": option.text}
    if option.correct:
        data["correct"] = True
    data = _scored(data, option)
    return data if len(data) > 1 else option.text


def _accepted(answer: Accepted) -> dict[str, Any] | str:
    data: dict[str, Any] = {"regex" if answer.regex else "text": answer.text}
    if answer.case_sensitive:
        data["case_sensitive"] = True
    data = _scored(data, answer)
    return data if len(data) > 1 or answer.regex else answer.text


def _numeric(answer: NumericAnswer) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if answer.min is not None and answer.max is not None:
        data["range"] = [_number(answer.min), _number(answer.max)]
    else:
        assert answer.value is not None
        data["value"] = _number(answer.value)
        if answer.tolerance:
            data["tolerance"] = _number(answer.tolerance)
    return _scored(data, answer)


def _question(question: Question, number: int) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if question.id != f"q{number}":
        data["id"] = question.id
    data["type"] = question.type
    if question.title:
        data["title"] = question.title
    if question.format != "markdown":
        data["format"] = question.format
    data["prompt"] = question.prompt
    if question.type in {"single", "multiple"}:
        data["options"] = [_option(o) for o in question.options]
    elif question.type == "true_false":
        data["answer"] = question.answer
    elif question.type == "short":
        data["accepted"] = [_accepted(a) for a in question.accepted]
    elif question.type == "numeric":
        answers = [_numeric(a) for a in question.numeric]
        if len(answers) == 1 and set(answers[0]) <= {"value", "tolerance", "range"}:
            data.update(answers[0])
        else:
            data["numeric"] = answers
    elif question.type == "matching":
        data["pairs"] = [
            {"left": p.left, "right": p.right} if p.left else {"right": p.right}
            for p in question.pairs
        ]
    elif question.type == "ordering":
        data["items"] = list(question.items)
    for key in ("correct_feedback", "incorrect_feedback", "explanation", "teaches"):
        if getattr(question, key):
            data[key] = getattr(question, key)
    if question.points != 1:
        data["points"] = _number(question.points)
    if question.tags:
        data["tags"] = list(question.tags)
    return data


def quiz_to_data(quiz: Quiz) -> dict[str, Any]:
    """The quiz as plain data in eduplat's YAML schema."""
    data: dict[str, Any] = {"id": quiz.id, "title": quiz.title}
    if quiz.description:
        data["description"] = quiz.description
    if quiz.audience:
        data["audience"] = quiz.audience
    if quiz.order is not None:
        data["order"] = quiz.order
    if quiz.category:
        data["category"] = quiz.category
    if quiz.pass_mark != 70:
        data["pass_mark"] = _number(quiz.pass_mark)
    if quiz.shuffle_questions or quiz.shuffle_options:
        data["shuffle"] = {"questions": quiz.shuffle_questions, "options": quiz.shuffle_options}
    data["questions"] = [_question(q, n) for n, q in enumerate(quiz.questions, start=1)]
    return data


class _Dumper(yaml.SafeDumper):
    """Multi-line text as ``|`` blocks, so Markdown stays readable."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_quiz_yaml(quiz: Quiz) -> str:
    """The quiz as eduplat quiz YAML."""
    header = "# Imported by eduplat. Schema: see the quizzes guide in the eduplat manual.\n"
    body = yaml.dump(
        quiz_to_data(quiz), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )
    return header + body
