"""Quiz sources: every question type, and every validation error with its message."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.quizzes.load import load_quiz
from eduplat.quizzes.model import Quiz

HEAD = "id: demo\ntitle: Demo\nquestions:\n"


def write(tmp_path: Path, body: str, name: str = "demo.yml", head: str = HEAD) -> Path:
    path = tmp_path / name
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return path


def load(tmp_path: Path, body: str, **kwargs) -> Quiz:
    return load_quiz(write(tmp_path, body, **kwargs))


def error(tmp_path: Path, body: str, **kwargs) -> SourceError:
    with pytest.raises(SourceError) as info:
        load(tmp_path, body, **kwargs)
    return info.value


# -- every type ----------------------------------------------------------------------------


def test_single_choice(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: single
          prompt: Which hash?
          options:
            - {text: SHA-256, correct: true, feedback: Yes}
            - MD5
        """,
    )
    (question,) = quiz.questions
    assert question.type == "single"
    assert [o.text for o in question.options] == ["SHA-256", "MD5"]
    assert [question.option_credit(o) for o in question.options] == [100.0, 0.0]
    assert question.line == 4
    assert question.id == "q1"


def test_multiple_choice_default_credits_make_ticking_everything_worthless(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: multiple
          prompt: Pick two
          options:
            - {text: a, correct: true}
            - {text: b, correct: true}
            - {text: c}
        """,
    )
    question = quiz.questions[0]
    credits = [question.option_credit(o) for o in question.options]
    assert credits == [50.0, 50.0, -50.0]
    assert sum(credits) == 50.0


def test_multiple_choice_with_weights(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: multiple
          prompt: Pick
          options:
            - {text: a, correct: true, weight: 33.33333}
            - {text: b, correct: true, weight: 33.33333}
            - {text: c, correct: true, weight: 33.33333}
            - {text: d, weight: -100}
        """,
    )
    assert [o.weight for o in quiz.questions[0].options] == [33.33333] * 3 + [-100.0]


def test_true_false_short_numeric_matching_ordering_essay_description(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: true_false
          prompt: Lamport keys are one-time.
          answer: true
          correct_feedback: Right
          incorrect_feedback: They leak
        - type: short
          prompt: Name it
          accepted: [sha256, {text: SHA-256, case_sensitive: true}, {regex: "sha-?256"}]
        - type: numeric
          prompt: Blocks per retarget
          value: 2016
        - type: numeric
          prompt: Pi
          value: 3.14
          tolerance: 0.01
        - type: numeric
          prompt: Minutes
          range: [9, 11]
        - type: numeric
          prompt: Several
          numeric: [2016, {value: 2015, weight: 50, feedback: off by one}]
        - type: matching
          prompt: Match
          pairs: [{left: PoW, right: mining}, {left: Merkle, right: proofs}, {right: extra}]
        - type: ordering
          prompt: Order
          items: [detect, contain, recover]
        - type: essay
          prompt: Discuss
        - type: description
          prompt: Some context
        """,
    )
    tf, short, exact, tolerant, ranged, several, match, order, essay, text = quiz.questions
    assert tf.answer is True
    assert tf.incorrect_feedback == "They leak"
    assert [(a.text, a.regex, a.case_sensitive) for a in short.accepted] == [
        ("sha256", False, False),
        ("SHA-256", False, True),
        ("sha-?256", True, False),
    ]
    assert (exact.numeric[0].low, exact.numeric[0].high) == (2016, 2016)
    assert (tolerant.numeric[0].low, tolerant.numeric[0].high) == pytest.approx((3.13, 3.15))
    assert (ranged.numeric[0].low, ranged.numeric[0].high) == (9, 11)
    assert several.numeric[1].weight == 50
    assert [p.left for p in match.pairs] == ["PoW", "Merkle", ""]
    assert order.items == ("detect", "contain", "recover")
    assert not essay.graded
    assert not text.graded
    assert quiz.total_points == 8


def test_quiz_settings(tmp_path):
    quiz = load(
        tmp_path,
        "- {type: true_false, prompt: x, answer: true}\n",
        head="id: demo\npass_mark: 80\nshuffle: {questions: true}\ndescription: Hi\nquestions:\n",
    )
    assert (quiz.pass_mark, quiz.shuffle_questions, quiz.shuffle_options) == (80, True, False)
    assert quiz.title == "Demo"  # from the id


def test_content_hash_changes_with_questions_not_with_lines(tmp_path):
    a = load(tmp_path, "- {type: true_false, prompt: x, answer: true}\n", name="a.yml")
    b = load(tmp_path, "\n\n- {type: true_false, prompt: x, answer: true}\n", name="b.yml")
    c = load(tmp_path, "- {type: true_false, prompt: x, answer: false}\n", name="c.yml")
    assert a.content_hash == b.content_hash
    assert a.content_hash != c.content_hash


# -- validation errors ---------------------------------------------------------------------

SINGLE_NONE_CORRECT = """\
- type: single
  prompt: Which?
  options:
    - {text: a}
    - {text: b}
"""


def test_single_choice_may_have_several_fully_right_options(tmp_path):
    # Moodle's single-answer question with several '=' answers: any one of them is right.
    quiz = load(
        tmp_path,
        """\
        - type: single
          prompt: Name a season
          options:
            - {text: spring, correct: true}
            - {text: summer, correct: true}
            - easter
        """,
    )
    question = quiz.questions[0]
    assert question.type == "single"
    assert [o.correct for o in question.options] == [True, True, False]
    assert [question.option_credit(o) for o in question.options] == [100.0, 100.0, 0.0]


@pytest.mark.parametrize(
    ("body", "line", "message", "hint"),
    [
        (
            SINGLE_NONE_CORRECT,
            6,
            "question 1: a single-choice question needs a correct option",
            "mark the right option 'correct: true'",
        ),
        (
            "- type: multiple\n  prompt: x\n  options: [a, b]\n",
            6,
            "question 1: a multiple-choice question needs at least one correct option",
            "correct: true",
        ),
        (
            (
                "- type: multiple\n  prompt: x\n  options:\n"
                "    - {text: a, correct: true, weight: 60}\n    - {text: b, correct: true, weight: 30}\n"
            ),
            6,
            "the positive option weights add up to 90%, not 100%",
            "must add up to 100",
        ),
        (
            "- type: multiple\n  prompt: x\n  options:\n    - {text: a, correct: true, weight: 150}\n",
            7,
            "weight 150 is outside -100..100",
            "percentages",
        ),
        (
            "- type: numeric\n  prompt: x\n  value: 3\n  tolerance: -1\n",
            7,
            "question 1: tolerance -1 is negative",
            "use 0 or more",
        ),
        (
            "- type: single\n  prompt: '  '\n  options: [a, b]\n",
            5,
            "question 1: 'prompt' is empty",
            "give a value",
        ),
        (
            "- type: singel\n  prompt: x\n",
            4,
            "question 1: unknown type 'singel'",
            "did you mean 'single'?",
        ),
        (
            "- type: single\n  promt: x\n  options: [a, b]\n",
            5,
            "question 1: unknown key 'promt'",
            "did you mean 'prompt'?",
        ),
        (
            "- type: true_false\n  prompt: x\n  answer: true\n  options: [a]\n",
            7,
            "question 1: 'options' does not belong to a true_false question",
            "takes: answer",
        ),
        (
            "- type: true_false\n  prompt: x\n  answer: yes please\n",
            6,
            "question 1: 'answer' must be true or false",
            None,
        ),
        (
            "- type: short\n  prompt: x\n  accepted: [{regex: '(unclosed'}]\n",
            6,
            "invalid regular expression",
            None,
        ),
        (
            "- type: numeric\n  prompt: x\n  range: [5, 1]\n",
            6,
            "range low 5 > high 1",
            None,
        ),
        (
            "- type: matching\n  prompt: x\n  pairs: [{left: a, right: b}]\n",
            6,
            "a matching question needs 2+ pairs",
            None,
        ),
        (
            "- type: ordering\n  prompt: x\n  items: [a, a]\n",
            6,
            "ordering items must differ",
            None,
        ),
        (
            (
                "- {type: true_false, prompt: x, answer: true, id: same}\n"
                "- {type: true_false, prompt: y, answer: true, id: same}\n"
            ),
            5,
            "question 2: duplicate question id 'same'",
            "unique",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 40 and " " not in v else None,
)
def test_validation_error(tmp_path, body, line, message, hint):
    err = error(tmp_path, body)
    text = str(err)
    assert text.startswith(f"demo.yml:{line}: ") or f"demo.yml:{line}:" in text, text
    assert message in text
    if hint:
        assert hint in text


@pytest.mark.parametrize(
    ("head", "line", "message"),
    [
        (
            "id: demo\npass_mrk: 50\nquestions:\n",
            2,
            "quiz: unknown key 'pass_mrk' — did you mean 'pass_mark'?",
        ),
        ("id: demo\npass_mark: 120\nquestions:\n", 2, "quiz: 'pass_mark' must be 0 to 100 (%)"),
        (
            "id: Not Valid\nquestions:\n",
            1,
            (
                "quiz: id 'Not Valid' is not a valid id "
                "— use lowercase letters, digits, '-' and '_' (it becomes the page URL)"
            ),
        ),
    ],
    ids=["unknown key", "pass mark", "id"],
)
def test_quiz_level_errors(tmp_path, head, line, message):
    err = error(tmp_path, "- {type: true_false, prompt: x, answer: true}\n", head=head)
    assert err.line == line
    assert str(err).endswith(f"demo.yml:{line}: {message}")


def test_no_questions(tmp_path):
    err = error(tmp_path, "", head="id: demo\nquestions: []\n")
    assert "quiz has no questions" in str(err)


def test_yaml_syntax_error_has_line(tmp_path):
    err = error(tmp_path, "- type: single\n  prompt: [unclosed\n")
    assert err.line is not None
    assert "YAML syntax error" in str(err)


def test_non_utf8_file(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes("id: demo\ntitle: caf\xe9\n".encode("latin-1"))
    with pytest.raises(
        SourceError, match=r"latin.yml: not UTF-8 at line 2 \(byte 0xE9\) — save it as UTF-8$"
    ):
        load_quiz(path)


# -- GIFT ----------------------------------------------------------------------------------


def test_gift_file_becomes_a_quiz(tmp_path):
    path = tmp_path / "Hashing Check.gift"
    path.write_text(
        "$CATEGORY: $course$/Blockchain/Hashing\n\n"
        "::Algo::Which hash does Bitcoin use?{=SHA-256#Yes ~MD5#No ####Double SHA-256.}\n\n"
        "Lamport keys are one-time.{T#Wrong#Right}\n\n"
        "Blocks per retarget?{#2016:0}\n\n"
        "Pick{~%50%a ~%50%b ~%-100%c}\n",
        encoding="utf-8",
    )
    quiz = load_quiz(path)
    assert quiz.id == "hashing-check"
    assert quiz.title == "Hashing"
    assert quiz.category == "$course$/Blockchain/Hashing"
    single, tf, numeric, multiple = quiz.questions
    assert single.type == "single"
    assert single.title == "Algo"
    assert single.explanation == "Double SHA-256."
    assert single.options[0].feedback == "Yes"
    assert (tf.answer, tf.correct_feedback, tf.incorrect_feedback) == (True, "Right", "Wrong")
    assert numeric.numeric[0].value == 2016
    assert multiple.type == "multiple"
    assert [o.correct for o in multiple.options] == [True, True, False]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "Fine{T}\n\nBroken{=a ~b\n",
            3,
            (
                "the answer block opened with '{' is not closed — close it with '}' before the next "
                "blank line"
            ),
        ),
        (
            "// order: soon\n::Q1::Hashes are one-way. {T}\n",
            1,
            (
                "'// order: soon' must be a whole number "
                "— e.g. '// order: 1' puts the quiz first in the quizzes index"
            ),
        ),
    ],
    ids=["syntax", "header order"],
)
def test_gift_file_errors_name_the_line(tmp_path, text, line, message):
    path = tmp_path / "bad.gift"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_quiz(path)
    assert info.value.line == line
    assert f"bad.gift:{line}: {message}" in str(info.value)


def test_python_only_regex_syntax_is_rejected(tmp_path):
    err = error(tmp_path, "- type: short\n  prompt: x\n  accepted: [{regex: '(?P<algo>sha)256'}]\n")
    assert "'(?P<' in a regular expression only works in Python" in str(err)
    assert "JavaScript" in str(err)


def test_numeric_weight_range(tmp_path):
    err = error(tmp_path, "- type: numeric\n  prompt: x\n  numeric: [{value: 1, weight: 200}]\n")
    assert "weight 200 is outside -100..100" in str(err)


def test_colon_in_text_gets_a_quoting_hint(tmp_path):
    err = error(tmp_path, "- type: true_false\n  prompt: Note: this breaks\n  answer: true\n")
    assert "put text that contains ': ' in quotes" in str(err)


def test_audience_and_order_order_the_quizzes_index(tmp_path):
    from eduplat.quizzes.render import index_order

    first = load(
        tmp_path,
        "  - {type: true_false, prompt: x, answer: true}\n",
        head="id: b\ntitle: B\naudience: operators\norder: 1\nquestions:\n",
        name="b.yml",
    )
    assert (first.audience, first.order) == ("operators", 1)
    unordered = load(
        tmp_path, "  - {type: true_false, prompt: x, answer: true}\n", head=HEAD, name="a.yml"
    )
    assert unordered.order is None
    assert sorted([unordered, first], key=index_order) == [first, unordered]


def test_order_must_be_a_whole_number(tmp_path):
    problem = error(
        tmp_path,
        "  - {type: true_false, prompt: x, answer: true}\n",
        head="id: demo\norder: first\nquestions:\n",
    )
    assert problem.line == 2
    assert "'order' must be a whole number" in str(problem)


def test_gift_header_comments_give_description_audience_and_order(tmp_path):
    path = tmp_path / "quick.gift"
    path.write_text(
        "// Quick check: notes for authors, not a setting.\n"
        "// description: Five questions on hashing.\n"
        "//   Take it after the hash chain tutorial.\n"
        "// audience: learners\n"
        "// order: 2\n"
        "\n"
        "::Q1::Hashes are one-way. {T}\n"
        "// description: not a header any more\n",
        encoding="utf-8",
    )
    quiz = load_quiz(path)
    assert quiz.description == "Five questions on hashing.\nTake it after the hash chain tutorial."
    assert (quiz.audience, quiz.order) == ("learners", 2)


def test_exported_gift_header_reads_back(tmp_path):
    from eduplat.quizzes.export import export_gift

    quiz = load(
        tmp_path,
        "  - {type: true_false, prompt: x, answer: true}\n",
        head="id: demo\ndescription: |\n  One.\n\n  Two.\naudience: users\norder: 3\nquestions:\n",
    )
    path = tmp_path / "demo.gift"
    path.write_text(export_gift(quiz), encoding="utf-8")
    back = load_quiz(path)
    assert (back.description, back.audience, back.order) == ("One.\n\nTwo.", "users", 3)
