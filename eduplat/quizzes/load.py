"""Loading quizzes from ``quizzes/*.yml`` and ``quizzes/*.gift``, with validation.

Every problem is a [SourceError][eduplat.errors.SourceError] naming the file, the line and
the question (``question 3``), with a hint; unknown keys get a "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from eduplat.errors import SourceError, did_you_mean
from eduplat.quizzes.gift import GiftCategory, GiftQuestion, GiftText, parse_gift
from eduplat.quizzes.model import (
    QUESTION_TYPES,
    Accepted,
    NumericAnswer,
    Option,
    Pair,
    Question,
    QuestionType,
    Quiz,
)
from eduplat.textio import read_text
from eduplat.yamlutil import Fields, LineDict, check_keys, load_yaml, one_line

__all__ = ["QUIZ_SUFFIXES", "discover_quizzes", "gift_header", "load_quiz", "quiz_from_gift"]

QUIZ_SUFFIXES = (".yml", ".yaml", ".gift")
_WEIGHT_SLACK = 0.01  # 3 x 33.33333% is 99.99999%
_ORDER_HINT = "e.g. 'order: 1' puts the quiz first in the quizzes index"
_ANY_NUMBER = 1e300  # GIFT's '*' numeric answer: any number
# Regex syntax Python accepts and JavaScript's RegExp rejects (or reads differently).
_PYTHON_ONLY_REGEX = ("(?P<", "(?P=", "(?#", "\\A", "\\Z", "(?i)", "(?s)", "(?x)")

T = TypeVar("T")

_QUIZ_KEYS = (
    "id",
    "title",
    "description",
    "audience",
    "order",
    "pass_mark",
    "shuffle",
    "questions",
    "category",
)
#: Quiz settings a GIFT file can give in its leading ``// key: value`` comments (the
#: header ``eduplat quiz export`` writes); a value goes on over ``//   `` lines.
_GIFT_HEADER_KEYS = ("description", "audience", "order")
_GIFT_HEADER = re.compile(r"^//\s*(?P<key>[a-z_]+):\s?(?P<value>.*)$")
_QUESTION_KEYS = {
    "id",
    "type",
    "prompt",
    "format",
    "title",
    "options",
    "answer",
    "accepted",
    "answers",
    "numeric",
    "value",
    "tolerance",
    "range",
    "pairs",
    "items",
    "correct_feedback",
    "incorrect_feedback",
    "explanation",
    "points",
    "teaches",
    "tags",
}
_TYPE_KEYS: dict[str, set[str]] = {
    "single": {"options"},
    "multiple": {"options"},
    "true_false": {"answer"},
    "short": {"accepted", "answers"},
    "numeric": {"numeric", "value", "tolerance", "range"},
    "matching": {"pairs"},
    "ordering": {"items"},
    "essay": set(),
    "description": set(),
}
_COMMON_KEYS = _QUESTION_KEYS - set().union(*_TYPE_KEYS.values())


def discover_quizzes(folder: Path) -> list[Path]:
    """Quiz sources in ``folder`` (not recursive; names starting with ``_``/``.`` skipped)."""
    if not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in QUIZ_SUFFIXES and p.is_file() and not p.name.startswith(("_", "."))
    )


def load_quiz(path: Path) -> Quiz:
    """Load and validate one quiz file (YAML or GIFT)."""
    if path.suffix == ".gift":
        text = read_text(path)
        return quiz_from_gift(parse_gift(text, path), path, header=gift_header(text, path))
    return _YamlQuiz(path).load()


class _YamlQuiz(Fields):
    def load(self) -> Quiz:
        data = self.mapping(load_yaml(self.path), 1, "a quiz file")
        check_keys(self.path, data, _QUIZ_KEYS, "quiz")
        quiz_id = self.slug(data, "id", "quiz", default=self.path.stem)
        pass_mark = self.number(data, "pass_mark", "quiz")
        if pass_mark is not None and not 0 <= pass_mark <= 100:
            raise self.error(data.line_of("pass_mark"), "quiz: 'pass_mark' must be 0 to 100 (%)")
        shuffle_questions, shuffle_options = self.shuffle(data)
        raw_questions = self.listing(data.get("questions"), data.line_of("questions"), "questions")
        if not raw_questions:
            raise self.error(data.line_of("questions"), "quiz has no questions")
        questions = [
            self.question(item, raw_questions.line_of(i), i + 1)
            for i, item in enumerate(raw_questions)
        ]
        ids = [q.id for q in questions]
        for index, qid in enumerate(ids):
            if qid in ids[:index]:
                raise self.error(
                    questions[index].line,
                    f"question {index + 1}: duplicate question id '{qid}'",
                    "question ids must be unique within a quiz",
                )
        return Quiz(
            id=quiz_id,
            title=self.text(data, "title", "quiz", defaulted=True)
            or quiz_id.replace("-", " ").capitalize(),
            description=self.text(data, "description", "quiz", multiline=True),
            pass_mark=70.0 if pass_mark is None else pass_mark,
            shuffle_questions=shuffle_questions,
            shuffle_options=shuffle_options,
            questions=tuple(questions),
            path=self.path,
            category=self.text(data, "category", "quiz"),
            audience=self.text(data, "audience", "quiz"),
            order=self.whole(data, "order", "quiz", hint=_ORDER_HINT),
        )

    def shuffle(self, data: LineDict) -> tuple[bool, bool]:
        value = data.get("shuffle", False)
        if isinstance(value, bool):
            return value, value
        if isinstance(value, str) and value in {"questions", "options"}:
            return value == "questions", value == "options"
        if isinstance(value, LineDict):
            check_keys(self.path, value, ("questions", "options"), "shuffle")
            return self.flag(value, "questions", "shuffle"), self.flag(value, "options", "shuffle")
        raise self.error(
            data.line_of("shuffle"),
            "quiz: 'shuffle' must be true, false, 'questions', 'options' or a mapping",
            "e.g. 'shuffle: {questions: true, options: true}'",
        )

    def question(self, raw: Any, line: int, number: int) -> Question:
        where = f"question {number}"
        data = self.mapping(raw, line, where)
        kind = data.get("type")
        if kind not in QUESTION_TYPES:
            suggestion = did_you_mean(str(kind), QUESTION_TYPES) if kind else None
            raise self.error(
                data.line_of("type"),
                f"{where}: {'type is missing' if kind is None else f'unknown type {kind!r}'}",
                suggestion or f"use one of: {', '.join(QUESTION_TYPES)}",
            )
        allowed = _COMMON_KEYS | _TYPE_KEYS[kind]
        for key in data:
            if key in _QUESTION_KEYS and key not in allowed:
                raise self.error(
                    data.line_of(key),
                    f"{where}: '{key}' does not belong to a {kind} question",
                    f"a {kind} question takes: "
                    + (", ".join(sorted(_TYPE_KEYS[kind])) or "no answers"),
                )
        check_keys(self.path, data, allowed, where)
        qid = self.slug(
            data,
            "id",
            where,
            default=f"q{number}",
            hint="use lowercase letters, digits, '-' and '_' (saved progress is keyed by it)",
        )
        fmt = data.get("format", "markdown")
        if fmt not in {"markdown", "html", "plain"}:
            raise self.error(
                data.line_of("format"), f"{where}: format must be markdown, html or plain"
            )
        points = self.number(data, "points", where)
        if points is not None and points <= 0:
            raise self.error(data.line_of("points"), f"{where}: 'points' must be positive")
        common: dict[str, Any] = {
            "id": qid,
            "type": kind,
            "prompt": self.text(data, "prompt", where, required=True, multiline=True),
            "format": fmt,
            "title": self.text(data, "title", where),
            "correct_feedback": self.text(data, "correct_feedback", where, multiline=True),
            "incorrect_feedback": self.text(data, "incorrect_feedback", where, multiline=True),
            "explanation": self.text(data, "explanation", where, multiline=True),
            "points": 1.0 if points is None else points,
            "teaches": self.text(data, "teaches", where),
            "tags": self.strings(data, "tags", where),
            "line": data.line,
        }
        builder: Callable[[LineDict, str], dict[str, Any]] = getattr(self, f"_{kind}")
        return Question(**common, **builder(data, where))

    # -- per type --------------------------------------------------------------------------
    def items_of(
        self, data: LineDict, key: str, where: str, build: Callable[[Any, int, str], T]
    ) -> list[T]:
        raw = self.listing(data.get(key), data.line_of(key), f"{where}: '{key}'")
        return [
            build(item, raw.line_of(i), f"{where}, {key} {i + 1}") for i, item in enumerate(raw)
        ]

    def weight(self, data: LineDict, where: str) -> float | None:
        weight = self.number(data, "weight", where)
        if weight is not None and not -100 <= weight <= 100:
            raise self.error(
                data.line_of("weight"),
                f"{where}: weight {weight:g} is outside -100..100",
                "weights are percentages of the question's points",
            )
        return weight

    def option(self, raw: Any, line: int, where: str) -> Option:
        data = raw if isinstance(raw, LineDict) else None
        if data is None:
            if isinstance(raw, str | int | float) and not isinstance(raw, bool):
                return Option(text=str(raw))
            raise self.error(line, f"{where}: an option is text or a mapping with 'text'")
        check_keys(self.path, data, ("text", "correct", "weight", "feedback"), where)
        return Option(
            text=self.text(data, "text", where, required=True, multiline=True),
            correct=self.flag(data, "correct", where),
            weight=self.weight(data, where),
            feedback=self.text(data, "feedback", where, multiline=True),
        )

    def _single(self, data: LineDict, where: str) -> dict[str, Any]:
        options = self.items_of(data, "options", where, self.option)
        correct = sum(o.correct for o in options)
        if len(options) < 2:
            raise self.error(
                data.line_of("options"), f"{where}: a single-choice question needs 2+ options"
            )
        if correct == 0:
            raise self.error(
                data.line_of("options"),
                f"{where}: a single-choice question needs a correct option",
                "mark the right option 'correct: true' (mark several when each of them is "
                "fully right: the reader picks one)",
            )
        return {"options": tuple(options)}

    def _multiple(self, data: LineDict, where: str) -> dict[str, Any]:
        options = self.items_of(data, "options", where, self.option)
        if len(options) < 2:
            raise self.error(
                data.line_of("options"), f"{where}: a multiple-choice question needs 2+ options"
            )
        if not any(o.correct or (o.weight or 0) > 0 for o in options):
            raise self.error(
                data.line_of("options"),
                f"{where}: a multiple-choice question needs at least one correct option",
                "mark the right options 'correct: true'",
            )
        if any(o.weight is not None for o in options):
            for option in options:
                if option.correct and option.weight is None:
                    raise self.error(
                        data.line_of("options"),
                        f"{where}: option '{option.text}' has no weight, but others do",
                        "when you use weights, give every correct option one",
                    )
                if not option.correct and (option.weight or 0) > 0:
                    raise self.error(
                        data.line_of("options"),
                        f"{where}: option '{option.text}' earns {option.weight:g}% "
                        "but is not marked correct",
                        "mark it 'correct: true', or give it a weight of 0 or less",
                    )
            positive = sum(o.weight for o in options if o.weight and o.weight > 0)
            if abs(positive - 100) > _WEIGHT_SLACK:
                raise self.error(
                    data.line_of("options"),
                    f"{where}: the positive option weights add up to {positive:g}%, not 100%",
                    "weights of the right options must add up to 100",
                )
            for option in options:
                if option.correct and (option.weight or 0) <= 0:
                    raise self.error(
                        data.line_of("options"),
                        f"{where}: option '{option.text}' is correct, but its weight is not "
                        "positive",
                    )
        return {"options": tuple(options)}

    def _true_false(self, data: LineDict, where: str) -> dict[str, Any]:
        answer = data.get("answer")
        if not isinstance(answer, bool):
            raise self.error(
                data.line_of("answer"),
                f"{where}: 'answer' must be true or false",
                "e.g. 'answer: true'",
            )
        return {"answer": answer}

    def accepted(self, raw: Any, line: int, where: str) -> Accepted:
        if isinstance(raw, str | int | float) and not isinstance(raw, bool):
            return Accepted(text=str(raw))
        data = self.mapping(raw, line, where)
        check_keys(
            self.path, data, ("text", "regex", "case_sensitive", "weight", "feedback"), where
        )
        is_regex = "regex" in data and not isinstance(data["regex"], bool)
        text = self.text(
            data, "regex" if is_regex else "text", where, required=True, multiline=True
        )
        if is_regex:
            try:
                re.compile(text)
            except re.error as exc:
                raise self.error(
                    data.line_of("regex"), f"{where}: invalid regular expression: {exc}"
                ) from exc
            python_only = next((s for s in _PYTHON_ONLY_REGEX if s in text), None)
            if python_only:
                raise self.error(
                    data.line_of("regex"),
                    f"{where}: '{python_only}' in a regular expression only works in Python",
                    "answers are checked in the reader's browser: use syntax JavaScript "
                    "understands too, e.g. (?<name>...) and no \\A or \\Z",
                )
        return Accepted(
            text=text,
            regex=is_regex or self.flag(data, "regex", where),
            case_sensitive=self.flag(data, "case_sensitive", where),
            weight=self.weight(data, where),
            feedback=self.text(data, "feedback", where, multiline=True),
        )

    def _short(self, data: LineDict, where: str) -> dict[str, Any]:
        key = "accepted" if "accepted" in data else "answers"
        accepted = self.items_of(data, key, where, self.accepted)
        if not accepted:
            raise self.error(
                data.line_of(key), f"{where}: a short-answer question needs accepted answers"
            )
        return {"accepted": tuple(accepted)}

    def numeric_answer(self, raw: Any, line: int, where: str) -> NumericAnswer:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return NumericAnswer(value=float(raw))
        data = self.mapping(raw, line, where)
        check_keys(self.path, data, ("value", "tolerance", "range", "weight", "feedback"), where)
        return self.numeric_fields(data, where)

    def numeric_fields(self, data: LineDict, where: str) -> NumericAnswer:
        value = self.number(data, "value", where)
        tolerance = self.number(data, "tolerance", where) or 0.0
        if tolerance < 0:
            raise self.error(
                data.line_of("tolerance"),
                f"{where}: tolerance {tolerance:g} is negative",
                "a tolerance is a distance: use 0 or more",
            )
        low = high = None
        if "range" in data:
            bounds = data["range"]
            if (
                not isinstance(bounds, list)
                or len(bounds) != 2
                or not all(isinstance(b, int | float) and not isinstance(b, bool) for b in bounds)
            ):
                raise self.error(data.line_of("range"), f"{where}: 'range' must be [low, high]")
            low, high = float(bounds[0]), float(bounds[1])
            if low > high:
                raise self.error(
                    data.line_of("range"), f"{where}: range low {low:g} > high {high:g}"
                )
            if value is not None:
                raise self.error(
                    data.line_of("range"), f"{where}: give 'value' or 'range', not both"
                )
        elif value is None:
            raise self.error(data.line, f"{where}: a numeric answer needs 'value' or 'range'")
        weight = self.weight(data, where)
        return NumericAnswer(
            value=value,
            tolerance=tolerance,
            min=low,
            max=high,
            weight=weight,
            feedback=self.text(data, "feedback", where, multiline=True),
        )

    def _numeric(self, data: LineDict, where: str) -> dict[str, Any]:
        if "numeric" in data:
            if any(k in data for k in ("value", "tolerance", "range")):
                raise self.error(
                    data.line_of("numeric"), f"{where}: give 'numeric' or 'value'/'range', not both"
                )
            answers = self.items_of(data, "numeric", where, self.numeric_answer)
        else:
            answers = [self.numeric_fields(data, where)]
        return {"numeric": tuple(answers)}

    def pair(self, raw: Any, line: int, where: str) -> Pair:
        data = self.mapping(raw, line, where)
        check_keys(self.path, data, ("left", "right"), where)
        return Pair(
            left=self.text(data, "left", where, multiline=True),
            right=self.text(data, "right", where, required=True, multiline=True),
        )

    def _matching(self, data: LineDict, where: str) -> dict[str, Any]:
        pairs = self.items_of(data, "pairs", where, self.pair)
        if sum(bool(p.left) for p in pairs) < 2:
            raise self.error(data.line_of("pairs"), f"{where}: a matching question needs 2+ pairs")
        return {"pairs": tuple(pairs)}

    def _ordering(self, data: LineDict, where: str) -> dict[str, Any]:
        items = self.items_of(data, "items", where, lambda raw, line, w: str(raw).strip())
        if len(items) < 2:
            raise self.error(data.line_of("items"), f"{where}: an ordering question needs 2+ items")
        if len(set(items)) != len(items):
            raise self.error(data.line_of("items"), f"{where}: ordering items must differ")
        return {"items": tuple(items)}

    def _essay(self, data: LineDict, where: str) -> dict[str, Any]:
        return {}

    def _description(self, data: LineDict, where: str) -> dict[str, Any]:
        return {}


# -- GIFT ----------------------------------------------------------------------------------


def _gift_text(text: GiftText | None) -> str:
    return text.text if text is not None else ""


def gift_header(text: str, path: Path) -> dict[str, str]:
    """Quiz settings from a GIFT file's leading comments (``// audience: Operators``).

    Only the comment lines before the first other line count; keys other than
    ``description``, ``audience`` and ``order`` are notes (as in an exported file).
    """
    header: dict[str, str] = {}
    key = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break
            key = ""
            continue
        match = _GIFT_HEADER.match(stripped)
        if match and not stripped.startswith("//  "):
            key = match.group("key") if match.group("key") in _GIFT_HEADER_KEYS else ""
            if key:
                header[key] = match.group("value").strip()
        elif key and (stripped == "//" or stripped.startswith("//  ")):
            header[key] += "\n" + stripped[2:].strip()
        else:
            key = ""
        if key == "order" and not re.fullmatch(r"-?\d+", header["order"]):
            raise SourceError(
                path,
                f"'// order: {header['order']}' must be a whole number",
                line=number,
                hint=_ORDER_HINT.replace("order", "// order", 1),
            )
    return {key: value.strip() for key, value in header.items()}


def quiz_from_gift(
    items: Sequence[GiftCategory | GiftQuestion],
    path: Path,
    *,
    header: Mapping[str, str] | None = None,
) -> Quiz:
    """Map parsed GIFT onto the quiz model (the quiz id is the file name).

    ``header`` holds the settings of the file's leading comments (see [gift_header][]).
    """
    header = header or {}
    questions: list[Question] = []
    category = ""
    ids: dict[str, int] = {}
    for item in items:
        if isinstance(item, GiftCategory):
            category = category or item.path
            continue
        if item.title:  # '::a title::' may span lines in GIFT; Moodle's name is one line
            one_line(path, item.title, f"question {len(questions) + 1}: title", item.line)
        question = _question_from_gift(item, len(questions) + 1)
        if question.id in ids:
            raise SourceError(
                path,
                f"question {len(questions) + 1}: duplicate question id '{question.id}' "
                f"(also question {ids[question.id]})",
                line=item.line,
                hint="give each question its own [id:...]; saved progress is keyed by it",
            )
        ids[question.id] = len(questions) + 1
        questions.append(question)
    if not questions:
        raise SourceError(path, "the GIFT file has no questions", line=1)
    stem = path.stem.lower()
    quiz_id = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-") or "quiz"
    title = category.rsplit("/", 1)[-1] if category else stem.replace("-", " ").capitalize()
    return Quiz(
        id=quiz_id,
        title=title,
        questions=tuple(questions),
        description=header.get("description", ""),
        audience=header.get("audience", ""),
        order=int(header["order"]) if "order" in header else None,
        path=path,
        category=category,
    )


def _format(question: GiftQuestion) -> str:
    fmt = question.text.format
    return {"html": "html", "plain": "plain"}.get(fmt, "markdown")


def _question_from_gift(q: GiftQuestion, number: int) -> Question:
    prompt = q.text_with_blank() if q.is_missing_word else q.text.text
    common: dict[str, Any] = {
        "id": _gift_id(q.id, number),
        "prompt": prompt,
        "format": _format(q),
        "title": q.title or "",
        "explanation": _gift_text(q.general_feedback),
        "tags": q.tags,
        "line": q.line,
    }
    if q.kind == "multiple_choice":
        options = tuple(
            Option(
                text=a.text.text,
                correct=a.correct if not q.is_multiple_response else (a.weight or 0) > 0,
                # Moodle gives an unweighted '~' answer 0%, not eduplat's default share.
                weight=a.weight if a.weight is not None or not q.is_multiple_response else 0.0,
                feedback=_gift_text(a.feedback),
            )
            for a in q.answers
        )
        # Several '=' answers: Moodle's single-answer question where each is fully right.
        kind: QuestionType = "multiple" if q.is_multiple_response else "single"
        return Question(type=kind, options=options, **common)
    if q.kind == "true_false":
        return Question(
            type="true_false",
            answer=q.truth,
            correct_feedback=_gift_text(q.right_feedback),
            incorrect_feedback=_gift_text(q.wrong_feedback),
            **common,
        )
    if q.kind == "short":
        accepted = []
        for a in q.answers:
            text = a.text.text
            if text == "*":  # Moodle's "any other answer": its feedback is for wrong answers
                common["incorrect_feedback"] = _gift_text(a.feedback)
                continue
            regex = "*" in text  # Moodle's wildcard inside an answer
            if regex:
                text = ".*".join(re.escape(part) for part in text.split("*"))
            accepted.append(
                Accepted(text=text, regex=regex, weight=a.weight, feedback=_gift_text(a.feedback))
            )
        return Question(type="short", accepted=tuple(accepted), **common)
    if q.kind == "numeric":
        answers = []
        for n in q.numeric:
            if n.value is None and n.bounds is None:
                if not n.correct:  # '~#feedback': any other answer, no credit
                    common["incorrect_feedback"] = _gift_text(n.feedback)
                    continue
                # '=%50%*': any number earns the weight.
                answers.append(
                    NumericAnswer(
                        min=-_ANY_NUMBER,
                        max=_ANY_NUMBER,
                        weight=n.weight,
                        feedback=_gift_text(n.feedback),
                    )
                )
                continue
            answers.append(
                NumericAnswer(
                    value=None if n.bounds else n.value,
                    tolerance=0.0 if n.bounds else n.tolerance,
                    min=n.bounds[0] if n.bounds else None,
                    max=n.bounds[1] if n.bounds else None,
                    weight=n.weight,
                    feedback=_gift_text(n.feedback),
                )
            )
        numeric = tuple(answers)
        return Question(type="numeric", numeric=numeric, **common)
    if q.kind == "matching":
        pairs = tuple(Pair(left=m.question.text, right=m.answer) for m in q.matches)
        return Question(type="matching", pairs=pairs, **common)
    if q.kind == "essay":
        return Question(type="essay", **common)
    return Question(type="description", **common)


def _gift_id(raw: str | None, number: int) -> str:
    if raw:
        cleaned = re.sub(r"[^a-z0-9_-]+", "-", raw.lower()).strip("-")
        if cleaned:
            return cleaned
    return f"q{number}"
