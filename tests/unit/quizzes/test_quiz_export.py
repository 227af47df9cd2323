"""Quiz exports: GIFT (round trip through the importer), Moodle XML and the answer key."""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from eduplat.errors import EduplatError, SourceError
from eduplat.quizzes.export import ExportError, export_gift, moodle_percent, quiz_to_gift
from eduplat.quizzes.gift import GiftCategory, GiftQuestion, parse_gift
from eduplat.quizzes.key import answer_key
from eduplat.quizzes.load import load_quiz, quiz_from_gift
from eduplat.quizzes.model import Question, Quiz
from eduplat.quizzes.moodle_xml import export_moodle_xml
from tests.conftest import SHARED

HEAD = "id: demo\ntitle: Demo\nquestions:\n"
GIFT_FIXTURES = SHARED / "gift"
XSS = "<script>alert(1)</script> & <img src=x onerror=alert(2)> \"quoted\" 'single'"
YAML_XSS = json.dumps(XSS)  # JSON strings are YAML strings


def load(tmp_path: Path, body: str, head: str = HEAD) -> Quiz:
    path = tmp_path / "demo.yml"
    path.write_text(head + textwrap.dedent(body), encoding="utf-8")
    return load_quiz(path)


def load_gift(tmp_path: Path, text: str) -> Quiz:
    path = tmp_path / "demo.gift"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_quiz(path)


def via_gift(quiz: Quiz, tmp_path: Path) -> Quiz:
    """``quiz`` exported as GIFT and read back the way ``eduplat`` reads a .gift file."""
    path = tmp_path / "back.gift"
    return quiz_from_gift(parse_gift(export_gift(quiz), path), path)


def explicit_weights(question: Question) -> Question:
    """What GIFT gives back for a multiple-choice question: every credit written out."""
    if question.type != "multiple":
        return question
    options = tuple(
        dataclasses.replace(
            o,
            weight=o.weight if o.weight is not None else moodle_percent(question.option_credit(o)),
        )
        for o in question.options
    )
    return dataclasses.replace(question, options=options)


def assert_gift_round_trip(quiz: Quiz, tmp_path: Path) -> Quiz:
    back = via_gift(quiz, tmp_path)
    assert back.questions == tuple(explicit_weights(q) for q in quiz.questions)
    assert back.category == quiz.category
    return back


# -- GIFT: the round trip on every type GIFT can express -----------------------------------

ROUND_TRIPS = {
    "single": """\
        - type: single
          id: hash
          title: Hashes
          prompt: Which hash is **safe**?
          tags: [crypto, "week 1"]
          explanation: MD5 and SHA-1 have collisions.
          options:
            - {text: SHA-256, correct: true, feedback: Yes.}
            - {text: SHA-1, weight: 50, feedback: Half right.}
            - MD5
        """,
    "single-several-right": """\
        - type: single
          prompt: "Specify the seasons:"
          options:
            - {text: spring, correct: true}
            - {text: summer, correct: true, feedback: Warm.}
            - easter
        """,
    "single-negative-weight": """\
        - type: single
          prompt: Pick one
          options:
            - {text: right, correct: true, weight: 100}
            - {text: harmful, weight: -50}
            - neutral
        """,
    "multiple-weighted": """\
        - type: multiple
          prompt: Pick the three
          options:
            - {text: a, correct: true, weight: 33.33333, feedback: one}
            - {text: b, correct: true, weight: 33.33333}
            - {text: c, correct: true, weight: 33.33334}
            - {text: d, weight: -100, feedback: never}
            - {text: e, weight: 0}
        """,
    "multiple-default-weights": """\
        - type: multiple
          prompt: Pick the three
          options:
            - {text: a, correct: true}
            - {text: b, correct: true}
            - {text: c, correct: true}
            - d
        """,
    "true-false-true": """\
        - type: true_false
          prompt: Lamport keys are one-time.
          answer: true
          correct_feedback: Right, reuse leaks the key.
          incorrect_feedback: Reuse leaks half the key.
          explanation: See the chapter.
        """,
    "true-false-false": """\
        - type: true_false
          prompt: MD5 is fine for passwords.
          answer: false
          correct_feedback: Indeed.
        """,
    "short": """\
        - type: short
          prompt: Capital of France?
          accepted:
            - {text: Paris, feedback: Yes}
            - {text: Lutetia, weight: 50, feedback: Old name}
            - {text: Lyon, weight: 0, feedback: No}
            - Paname
        """,
    "numeric-value-tolerance": """\
        - type: numeric
          prompt: Pi?
          numeric:
            - {value: 3.1416, tolerance: 0.0001, feedback: Precise}
            - {value: 3.14, tolerance: 0.01, weight: 50}
            - 3
          incorrect_feedback: Think of a circle.
        """,
    "numeric-range": """\
        - type: numeric
          prompt: A number from 1 to 5
          range: [1, 5]
        - type: numeric
          prompt: Minus something
          numeric:
            - {range: [-0.5, 0.25], weight: 100}
            - {range: [-0.001, 2500000.0], weight: 33.33333, feedback: roughly}
        """,
    "numeric-plain": """\
        - type: numeric
          prompt: Blocks per retarget
          value: 2016
        """,
    "matching-with-distractor": """\
        - type: matching
          prompt: Match each **country** to its capital
          explanation: Geography.
          pairs:
            - {left: Canada, right: Ottawa}
            - {left: "*Italy*", right: Rome}
            - {right: Sydney}
        """,
    "essay": """\
        - type: essay
          prompt: Discuss proof of work.
          explanation: Mention energy use.
        """,
    "description": """\
        - type: description
          title: Context
          prompt: |
            Read this first.

            It matters.
        """,
    "formats-and-specials": """\
        - type: single
          format: html
          prompt: "<p>Which is {special}? ~ = # : \\\\ // not a comment</p>"
          options:
            - {text: "<b>%50% not a weight</b>", correct: true}
            - {text: "[markdown] not a format", feedback: "<i>a -> b</i>"}
        - type: essay
          format: plain
          prompt: "::not a title:: and $CATEGORY: no"
        - type: short
          format: plain
          prompt: "// starts like a comment"
          accepted: ["%100% literally", "{braces}", "tab\\there"]
        - type: true_false
          prompt: |
            Line one
              indented line two
            [x] a checkbox
          answer: true
        """,
    "missing-word": """\
        - type: single
          prompt: Grant is _____ in Grant's tomb.
          options: [{text: entombed, correct: true}, buried]
        - type: short
          prompt: _____ is the largest continent.
          accepted: [Asia]
        - type: numeric
          prompt: Pi is about _____.
          value: 3.14
          tolerance: 0.01
        - type: short
          prompt: Two blanks _____ and _____ stay in the text.
          accepted: [x]
        """,
}


def combined(*names: str) -> str:
    """Several question lists of ROUND_TRIPS as one."""
    return "".join(textwrap.dedent(ROUND_TRIPS[name]) for name in names)


@pytest.mark.parametrize("body", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_gift_round_trip(tmp_path, body):
    assert_gift_round_trip(load(tmp_path, body), tmp_path)


def test_gift_writes_weights_as_moodle_does(tmp_path):
    quiz = load(tmp_path, ROUND_TRIPS["multiple-default-weights"])
    text = export_gift(quiz)
    assert text.count("~%33.33333%") == 3
    assert "~%-33.33333%d" in text
    assert "=" not in text.split("{", 1)[1]  # no '=': several may be ticked
    weighted = export_gift(load(tmp_path, ROUND_TRIPS["multiple-weighted"]))
    assert "~%33.33334%c" in weighted
    assert "~%-100%d#never" in weighted


def test_gift_single_choice_with_several_right_answers_is_read_written_and_graded(tmp_path):
    # Moodle files have it: a single-answer question where each '=' answer is fully right.
    source = "Specify the seasons\\: {\n   = spring\n   = summer\n   ~ easter\n}\n"
    quiz = load_gift(tmp_path, source)
    (question,) = quiz.questions
    assert question.type == "single"
    assert [(o.text, o.correct) for o in question.options] == [
        ("spring", True),
        ("summer", True),
        ("easter", False),
    ]
    assert [question.option_credit(o) for o in question.options] == [100, 100, 0]
    text = export_gift(quiz)
    assert "\t=spring\n\t=summer\n\t~easter" in text
    assert via_gift(quiz, tmp_path).questions == quiz.questions


def test_gift_writes_a_missing_word_question_when_it_reads_back_the_same(tmp_path):
    text = export_gift(load(tmp_path, ROUND_TRIPS["missing-word"]))
    assert re.search(r"Grant is \{\n\t=entombed\n\t~buried\n\} in Grant's tomb\.", text)
    assert "[markdown]{\n\t=Asia\n} is the largest continent." in text
    assert "Pi is about {#3.14:0.01}." in text
    assert "Two blanks _____ and _____ stay in the text. {" in text


def test_gift_ids_tags_titles_formats_and_feedback_are_written(tmp_path):
    text = export_gift(load(tmp_path, combined("single", "essay")))
    assert (
        "// [id:hash] [tag:crypto] [tag:week 1]\n::Hashes::[markdown]Which hash is **safe**?"
        in text
    )
    assert "=SHA-256#Yes." in text
    assert "~%50%SHA-1#Half right." in text
    assert "####MD5 and SHA-1 have collisions." in text
    # The essay is question 2 without an id: its default id q2 is not written.
    assert "[id:q2]" not in text
    assert "[markdown]Discuss proof of work. {####Mention energy use.}" in text


def test_gift_true_false_feedback_is_first_wrong_then_right(tmp_path):
    text = export_gift(load(tmp_path, ROUND_TRIPS["true-false-true"]))
    assert (
        "{TRUE#Reuse leaks half the key.#Right, reuse leaks the key.####See the chapter.}" in text
    )
    assert "{FALSE##Indeed.}" in export_gift(load(tmp_path, ROUND_TRIPS["true-false-false"]))


def test_gift_numeric_forms_and_catch_all(tmp_path):
    text = export_gift(load(tmp_path, ROUND_TRIPS["numeric-value-tolerance"]))
    assert "=3.1416:0.0001#Precise" in text
    assert "=%50%3.14:0.01" in text
    assert "~#Think of a circle." in text
    ranges = export_gift(load(tmp_path, ROUND_TRIPS["numeric-range"]))
    assert "{#1..5}" in ranges
    assert "=%100%-0.5..0.25" in ranges
    assert "{#2016}" in export_gift(load(tmp_path, ROUND_TRIPS["numeric-plain"]))


def test_gift_matching_distractor_has_an_empty_left_side(tmp_path):
    text = export_gift(load(tmp_path, ROUND_TRIPS["matching-with-distractor"]))
    assert "\t=Canada -> Ottawa\n\t=*Italy* -> Rome\n\t= -> Sydney\n" in text


def test_gift_category_and_quiz_settings(tmp_path):
    head = (
        "id: unit-1\ntitle: Unit 1\ncategory: $course$/top/Unit 1\npass_mark: 80\n"
        "shuffle: {questions: true, options: true}\n"
        "description: |\n  First line.\n\n  Second [id:evil] [tag:evil] line.\nquestions:\n"
    )
    body = """\
        - type: single
          prompt: Worth two
          points: 2
          teaches: tutorials/hashes.md#collisions
          options: [{text: a, correct: true}, b]
        - type: essay
          prompt: Worth one
        """
    quiz = load(tmp_path, body, head=head)
    text = export_gift(quiz)
    items = quiz_to_gift(quiz)
    assert items[0] == GiftCategory("$course$/top/Unit 1")
    assert all(isinstance(item, GiftQuestion) for item in items[1:])
    assert "\n\n$CATEGORY: $course$/top/Unit 1\n\n" in text
    header = text.split("\n\n", 1)[0].splitlines()
    assert all(line.startswith("//") for line in header)
    assert "// pass_mark: 80%" in header
    assert "// shuffle: questions, options" in header
    assert "// description: First line." in header
    assert "// question 1 (q1): points 2" in header
    assert "// question 1 (q1): teaches tutorials/hashes.md#collisions" in header
    # The header is a comment-only block: nothing in it reaches a question.
    back = via_gift(quiz, tmp_path)
    assert back.category == "$course$/top/Unit 1"
    assert [q.id for q in back.questions] == ["q1", "q2"]
    assert all(q.tags == () for q in back.questions)
    # Points and teaches are metadata: dropped, everything else equal.
    expected = tuple(dataclasses.replace(q, points=1.0, teaches="") for q in quiz.questions)
    assert back.questions == expected


def test_gift_drops_feedback_that_eduplat_never_shows_on_ungraded_questions(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: essay
          prompt: Discuss
          correct_feedback: never shown
          incorrect_feedback: never shown either
        """,
    )
    assert "never shown" not in export_gift(quiz)


def test_gift_path_quiz_round_trips(tmp_path):
    quiz = load_gift(
        tmp_path,
        """\
        $CATEGORY: $course$/top/Imported

        // [id:q-choice] [tag:imported]
        ::Choice::[html]<p>Pick</p> {
            =%100%<b>right</b>#good
            ~%-33.33333%wrong#bad
            ~other
            ####[html]<em>why</em>
        }

        Several {
            ~%50%a
            ~%50%b
            ~%-100%c
        }

        Year? {#
            =1822#exact
            =%50%1820..1825
            ~#no
        }

        Match {
            =[plain]a -> 1
            =b -> 2
            = -> 3
        }

        Plain {=yes =%25%maybe#hmm}

        Just text.
        """,
    )
    assert [q.type for q in quiz.questions] == [
        "single",
        "multiple",
        "numeric",
        "matching",
        "short",
        "description",
    ]
    assert_gift_round_trip(quiz, tmp_path)


CANNOT = {
    "ordering": (
        """\
        - type: single
          prompt: fine
          options: [{text: a, correct: true}, b]
        - type: ordering
          prompt: Order
          items: [a, b, c]
        """,
        "question 2: GIFT has no ordering questions",
        "Moodle XML",
    ),
    "regex": (
        """\
        - type: short
          prompt: Colour?
          accepted: [color, {regex: "colou?r"}]
        """,
        "question 1: accepted answer 2 is a regular expression",
        "remove the regex",
    ),
    "case-sensitive": (
        """\
        - type: short
          prompt: Element?
          accepted: [{text: Fe, case_sensitive: true}]
        """,
        "question 1: accepted answer 1 is case-sensitive",
        "Moodle XML",
    ),
    "right-feedback-on-single": (
        """\
        - type: single
          prompt: Pick
          correct_feedback: Well done
          options: [{text: a, correct: true}, b]
        """,
        "question 1: GIFT has no feedback for a right answer to a single question",
        "explanation",
    ),
    "right-feedback-on-numeric": (
        """\
        - type: numeric
          prompt: Number?
          value: 1
          correct_feedback: Yes
        """,
        "question 1: GIFT has no feedback for a right answer to a numeric question",
        "Moodle XML",
    ),
    "explained-description": (
        """\
        - type: description
          prompt: Context
          explanation: Why
        """,
        "question 1: a GIFT description has no answer block",
        "into the prompt",
    ),
    "arrow-in-short-answer": (
        """\
        - type: short
          prompt: Arrow?
          accepted: [a->b]
        """,
        "question 1: accepted answer 1 contains '->'",
        "rephrase",
    ),
    "arrow-in-matching-left": (
        """\
        - type: matching
          prompt: Match
          pairs: [{left: a->b, right: x}, {left: c, right: y}]
        """,
        "question 1: the left side 'a->b' contains '->'",
        "rephrase",
    ),
}


@pytest.mark.parametrize(("body", "message", "hint"), CANNOT.values(), ids=CANNOT.keys())
def test_gift_refuses_what_it_cannot_express(tmp_path, body, message, hint):
    quiz = load(tmp_path, body)
    with pytest.raises(ExportError) as info:
        export_gift(quiz)
    error = info.value
    assert isinstance(error, EduplatError)
    assert error.message.startswith(message)
    assert error.hint
    assert hint in error.hint
    assert error.question == int(message.split()[1].rstrip(":"))
    assert str(error) == f"{error.message} — {error.hint}"


def test_gift_tag_it_cannot_write_names_the_question(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: essay
          prompt: ok
        - type: essay
          prompt: tagged
          tags: ["<b>"]
        """,
    )
    with pytest.raises(ExportError, match=r"^question 2: GIFT cannot express the id or tag"):
        export_gift(quiz)


def gift_fixtures() -> list[Path]:
    return sorted(GIFT_FIXTURES.glob("*.gift")) if GIFT_FIXTURES.is_dir() else []


@pytest.mark.skipif(not GIFT_FIXTURES.is_dir(), reason="the shared GIFT fixtures are absent")
def test_every_gift_fixture_round_trips_through_the_model(tmp_path):
    mapped = []
    for path in gift_fixtures():
        if not any(isinstance(item, GiftQuestion) for item in parse_gift(path.read_text(), path)):
            continue  # a lone $CATEGORY is not a quiz
        quiz = load_quiz(path)
        back = quiz_from_gift(parse_gift(export_gift(quiz), path), path)
        expected = tuple(explicit_weights(q) for q in quiz.questions)
        assert back.questions == expected, path.name
        assert back.category == quiz.category, path.name
        mapped.append(path.name)
    assert len(mapped) >= 30
    assert "escapeColon.gift" in mapped  # several '=' answers: a single choice


def test_gift_unweighted_wrong_answer_of_multiple_response_earns_nothing(tmp_path):
    quiz = load_gift(tmp_path, "Pick {\n~%50%a\n~%50%b\n~c\n}\n")
    question = quiz.questions[0]
    assert question.option_credit(question.options[2]) == 0


# -- Moodle XML ----------------------------------------------------------------------------


def moodle(quiz: Quiz) -> tuple[str, list[ET.Element]]:
    text = export_moodle_xml(quiz)
    root = ET.fromstring(text)
    assert root.tag == "quiz"
    return text, root.findall("question")


def texts(element: ET.Element, path: str) -> list[str | None]:
    return [e.text for e in element.findall(path)]


def fractions(question: ET.Element) -> list[str]:
    return [a.attrib["fraction"] for a in question.findall("answer")]


def test_moodle_category_defaults_to_the_quiz_title(tmp_path):
    quiz = load(tmp_path, ROUND_TRIPS["essay"], head="title: Week 1/2\nquestions:\n")
    text, (category, _) = moodle(quiz)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    assert category.attrib == {"type": "category"}
    assert category.findtext("category/text") == "$course$/Week 1//2"
    assert '<info format="markdown">\n      <text></text>' in text  # as Moodle writes it
    given = load(
        tmp_path,
        ROUND_TRIPS["essay"],
        head="category: $course$/top/Unit 1\ndescription: About *this*\nquestions:\n",
    )
    _, (category, _) = moodle(given)
    assert category.findtext("category/text") == "$course$/top/Unit 1"
    assert category.find("info").attrib == {"format": "markdown"}
    assert category.findtext("info/text") == "About *this*"


def test_moodle_single_choice(tmp_path):
    _, (_, single) = moodle(load(tmp_path, ROUND_TRIPS["single"]))
    assert single.attrib == {"type": "multichoice"}
    assert single.findtext("single") == "true"
    assert single.findtext("name/text") == "Hashes"
    assert single.findtext("idnumber") == "hash"
    assert single.find("questiontext").attrib == {"format": "markdown"}
    assert single.findtext("questiontext/text") == "Which hash is **safe**?"
    assert single.findtext("generalfeedback/text") == "MD5 and SHA-1 have collisions."
    assert single.findtext("defaultgrade") == "1.0000000"
    assert fractions(single) == ["100", "50", "0"]
    assert texts(single, "answer/text") == ["SHA-256", "SHA-1", "MD5"]
    assert texts(single, "answer/feedback/text") == ["Yes.", "Half right.", None]
    assert texts(single, "tags/tag/text") == ["crypto", "week 1"]
    assert single.findtext("shuffleanswers") == "false"


def test_moodle_single_choice_with_several_right_answers(tmp_path):
    _, (_, single) = moodle(load(tmp_path, ROUND_TRIPS["single-several-right"]))
    assert single.findtext("single") == "true"  # the reader picks one of them
    assert fractions(single) == ["100", "100", "0"]
    assert texts(single, "answer/text") == ["spring", "summer", "easter"]


def test_moodle_multiple_choice_fractions(tmp_path):
    _, (_, weighted) = moodle(load(tmp_path, ROUND_TRIPS["multiple-weighted"]))
    assert weighted.findtext("single") == "false"
    assert fractions(weighted) == ["33.33333", "33.33333", "33.33334", "-100", "0"]
    _, (_, default) = moodle(load(tmp_path, ROUND_TRIPS["multiple-default-weights"]))
    assert fractions(default) == ["33.33333", "33.33333", "33.33333", "-33.33333"]


def test_moodle_combined_feedback_and_shuffle(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: multiple
          prompt: Pick
          correct_feedback: All right
          incorrect_feedback: Not quite
          options: [{text: a, correct: true}, b]
        """,
        head="shuffle: options\nquestions:\n",
    )
    _, (_, question) = moodle(quiz)
    assert question.findtext("correctfeedback/text") == "All right"
    assert question.findtext("partiallycorrectfeedback/text") == "Not quite"
    assert question.findtext("incorrectfeedback/text") == "Not quite"
    assert question.findtext("shuffleanswers") == "true"
    assert fractions(question) == ["100", "-100"]


def test_moodle_true_false(tmp_path):
    _, (_, yes) = moodle(load(tmp_path, ROUND_TRIPS["true-false-true"]))
    assert yes.attrib == {"type": "truefalse"}
    assert texts(yes, "answer/text") == ["true", "false"]
    assert fractions(yes) == ["100", "0"]
    assert texts(yes, "answer/feedback/text") == [
        "Right, reuse leaks the key.",
        "Reuse leaks half the key.",
    ]
    _, (_, no) = moodle(load(tmp_path, ROUND_TRIPS["true-false-false"]))
    assert fractions(no) == ["0", "100"]
    assert texts(no, "answer/feedback/text") == [None, "Indeed."]


def test_moodle_short_answer(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: short
          prompt: Name?
          correct_feedback: Well done.
          incorrect_feedback: Try again.
          accepted:
            - {text: "a*b", feedback: Exact}
            - {text: ab, weight: 50}
        - type: short
          prompt: Element?
          accepted: [{text: Fe, case_sensitive: true}, {text: FE, case_sensitive: true}]
        """,
    )
    _, (_, loose, strict) = moodle(quiz)
    assert loose.attrib == {"type": "shortanswer"}
    assert loose.findtext("usecase") == "0"
    assert strict.findtext("usecase") == "1"
    assert texts(loose, "answer/text") == ["a\\*b", "ab", "*"]
    assert fractions(loose) == ["100", "50", "0"]
    assert texts(loose, "answer/feedback/text") == [
        "Exact\n\nWell done.",
        "Try again.",
        "Try again.",
    ]


@pytest.mark.parametrize(
    ("accepted", "message", "hint"),
    [
        (
            '[{regex: "colou?r"}]',
            "question 1: accepted answer 1 is a regular expression",
            "remove the regex and list the plain answers it accepts instead",
        ),
        (
            "[{text: Fe, case_sensitive: true}, fe]",
            "question 1: some accepted answers are case-sensitive and some are not",
            "make 'case_sensitive' the same for every accepted answer",
        ),
    ],
)
def test_moodle_short_answer_it_cannot_express(tmp_path, accepted, message, hint):
    quiz = load(tmp_path, f"- type: short\n  prompt: x\n  accepted: {accepted}\n")
    with pytest.raises(ExportError) as info:
        export_moodle_xml(quiz)
    assert info.value.message.startswith(message)
    assert info.value.hint == hint
    assert info.value.question == 1


def test_moodle_numerical(tmp_path):
    quiz = load(tmp_path, combined("numeric-value-tolerance", "numeric-range"))
    _, (_, tolerant, ranged, several) = moodle(quiz)
    assert tolerant.attrib == {"type": "numerical"}
    assert texts(tolerant, "answer/text") == ["3.1416", "3.14", "3", "*"]
    assert texts(tolerant, "answer/tolerance") == ["0.0001", "0.01", "0"]
    assert fractions(tolerant) == ["100", "50", "100", "0"]
    assert texts(tolerant, "answer/feedback/text")[-1] == "Think of a circle."
    # A range low..high is its midpoint ± half its width.
    assert texts(ranged, "answer/text") == ["3"]
    assert texts(ranged, "answer/tolerance") == ["2"]
    assert texts(several, "answer/text") == ["-0.125", "1249999.9995"]
    assert texts(several, "answer/tolerance") == ["0.375", "1250000.0005"]
    assert fractions(several) == ["100", "33.33333"]


def test_moodle_matching_with_a_distractor(tmp_path):
    _, (_, question) = moodle(load(tmp_path, ROUND_TRIPS["matching-with-distractor"]))
    assert question.attrib == {"type": "matching"}
    subquestions = question.findall("subquestion")
    assert [s.findtext("text") for s in subquestions] == ["Canada", "*Italy*", ""]
    assert [s.findtext("answer/text") for s in subquestions] == ["Ottawa", "Rome", "Sydney"]
    assert all(s.attrib == {"format": "markdown"} for s in subquestions)


def test_moodle_ordering(tmp_path):
    quiz = load(
        tmp_path,
        """\
        - type: ordering
          prompt: Incident response
          points: 3
          items: [detect, contain, recover]
        """,
    )
    _, (_, question) = moodle(quiz)
    assert question.attrib == {"type": "ordering"}
    assert question.findtext("layouttype") == "VERTICAL"
    assert question.findtext("selecttype") == "ALL"
    assert question.findtext("gradingtype") == "ABSOLUTE_POSITION"
    assert question.findtext("defaultgrade") == "3.0000000"
    assert texts(question, "answer/text") == ["detect", "contain", "recover"]
    assert fractions(question) == ["1", "2", "3"]


def test_moodle_essay_and_description(tmp_path):
    quiz = load(tmp_path, combined("essay", "description"))
    _, (_, essay, description) = moodle(quiz)
    assert essay.attrib == {"type": "essay"}
    assert essay.findtext("responseformat") == "editor"
    assert essay.findtext("generalfeedback/text") == "Mention energy use."
    assert description.attrib == {"type": "description"}
    assert description.findtext("name/text") == "Context"
    assert description.findtext("defaultgrade") == "0.0000000"
    assert description.findtext("questiontext/text") == "Read this first.\n\nIt matters."


@pytest.mark.parametrize(("fmt", "moodle_format"), [("html", "html"), ("plain", "plain_text")])
def test_moodle_text_formats(tmp_path, fmt, moodle_format):
    quiz = load(
        tmp_path,
        f"""\
        - type: single
          format: {fmt}
          prompt: Pick
          explanation: Why
          options: [{{text: a, correct: true, feedback: ok}}, b]
        """,
    )
    _, (_, question) = moodle(quiz)
    for path in ("questiontext", "generalfeedback", "answer", "answer/feedback"):
        assert question.find(path).attrib["format"] == moodle_format, path


def test_moodle_escapes_special_characters(tmp_path):
    quiz = load(
        tmp_path,
        f"""\
        - type: single
          title: {YAML_XSS}
          prompt: {YAML_XSS}
          explanation: {YAML_XSS}
          tags: [{YAML_XSS}]
          options: [{{text: {YAML_XSS}, correct: true, feedback: {YAML_XSS}}}, b]
        - type: matching
          prompt: m
          pairs: [{{left: {YAML_XSS}, right: {YAML_XSS}}}, {{left: b, right: c}}]
        """,
    )
    text, (_, single, matching) = moodle(quiz)
    assert "<script" not in text
    assert "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in text
    for path in ("name/text", "questiontext/text", "generalfeedback/text", "tags/tag/text"):
        assert single.findtext(path) == XSS, path
    assert single.findtext("answer/text") == XSS
    assert single.findtext("answer/feedback/text") == XSS
    assert matching.findtext("subquestion/text") == XSS
    assert matching.findtext("subquestion/answer/text") == XSS


def test_moodle_refuses_characters_xml_cannot_hold(tmp_path):
    quiz = load(tmp_path, '- type: essay\n  prompt: "bell \\a here"\n')
    with pytest.raises(ExportError, match=r"^question 1: the prompt contains .*U\+0007"):
        export_moodle_xml(quiz)


def test_moodle_exports_every_gift_fixture_as_well_formed_xml():
    if not GIFT_FIXTURES.is_dir():
        pytest.skip("the shared GIFT fixtures are absent")
    for path in gift_fixtures():
        try:
            quiz = load_quiz(path)
        except SourceError:
            continue
        _, questions = moodle(quiz)
        assert len(questions) == len(quiz.questions) + 1, path.name


# -- answer key ----------------------------------------------------------------------------

EVERY_TYPE = """\
    - type: single
      title: Hashes
      prompt: Which hash?
      points: 2
      explanation: Collisions matter.
      options: [{text: SHA-256, correct: true}, {text: SHA-1, weight: 50}, MD5]
    - type: multiple
      prompt: Pick two
      options: [{text: alpha, correct: true}, {text: beta, correct: true}, gamma]
    - type: true_false
      prompt: The sky is green.
      answer: false
    - type: short
      prompt: Colour?
      accepted:
        - {regex: "colou?r"}
        - {text: Farbe, case_sensitive: true, weight: 50}
        - {text: wrong, weight: 0}
    - type: numeric
      prompt: Pi?
      numeric: [{value: 3.14, tolerance: 0.01}, {range: [3, 4], weight: 25}]
    - type: matching
      prompt: Match
      pairs: [{left: Canada, right: Ottawa}, {left: Italy, right: Rome}, {right: Sydney}]
    - type: ordering
      prompt: Incident response
      items: [detect, contain, recover]
    - type: essay
      prompt: Discuss
    - type: description
      prompt: Some context
    """


def test_markdown_key_has_every_answer(tmp_path):
    key = answer_key(load(tmp_path, EVERY_TYPE), "markdown")
    assert key.startswith("# Answer key: Demo\n")
    assert "Pass mark: 70% (5.6 of 8 points)" in key
    assert "Total points: 8" in key
    expected = [
        "## 1. single choice, 2 points",
        "Title: Hashes",
        "Which hash?",
        "- ✓ SHA-256\n- ✗ SHA-1 (50%)\n- ✗ MD5\n",
        "Explanation: Collisions matter.",
        "## 2. multiple choice, 1 point",
        "- ✓ alpha\n- ✓ beta\n- ✗ gamma\n",
        "## 3. true/false, 1 point",
        "- ✓ False",
        "- ✓ colou?r (regular expression, the whole answer must match, any letter case)",
        "- ✓ Farbe (case-sensitive, 50%)",
        "- ✓ 3.14 ± 0.01\n- ✓ from 3 to 4 (25%)",
        "- Canada → Ottawa\n- Italy → Rome\n- Sydney (distractor: matches nothing)",
        "1. detect\n2. contain\n3. recover",
        "## 8. essay, not auto-graded",
        "Not auto-graded: mark it by hand.",
        "## 9. description, not auto-graded",
        "Not a question: not auto-graded.",
    ]
    for text in expected:
        assert text in key, text
    assert "wrong" not in key  # answers worth nothing are not answers


def test_html_key_is_a_standalone_page_with_every_answer(tmp_path):
    key = answer_key(load(tmp_path, EVERY_TYPE), "html")
    assert key.startswith("<!doctype html>\n")
    assert '<meta charset="utf-8">' in key
    assert '<meta name="robots" content="noindex">' in key
    assert "<style>" in key
    assert "@media print" in key
    assert key.rstrip().endswith("</html>")
    expected = [
        "<title>Answer key: Demo</title>",
        "Pass mark: 70% (5.6 of 8 points)",
        'class="right"><span aria-hidden="true">✓</span> <span class="text">SHA-256</span>',
        '<span class="text">SHA-1</span> <span class="note">(50%)</span>',
        '<span class="text">False</span>',
        '<span class="text">colou?r</span>',
        '<span class="text">3.14 ± 0.01</span>',
        '<span class="text">Canada → Ottawa</span>',
        '<ol class="answers"><li><span class="text">detect</span></li>',
        "Not auto-graded: mark it by hand.",
        '<strong>Explanation:</strong> <span class="text">Collisions matter.</span>',
    ]
    for text in expected:
        assert text in key, text


def test_html_key_escapes_all_quiz_text(tmp_path):
    head = f"title: {YAML_XSS}\ndescription: {YAML_XSS}\nquestions:\n"
    body = f"""\
        - type: single
          title: {YAML_XSS}
          prompt: {YAML_XSS}
          explanation: {YAML_XSS}
          options: [{{text: {YAML_XSS}, correct: true}}, b]
        - type: short
          prompt: s
          accepted: [{YAML_XSS}]
        - type: matching
          prompt: m
          pairs: [{{left: {YAML_XSS}, right: {YAML_XSS}}}, {{left: b, right: c}}]
        - type: ordering
          prompt: o
          items: [{YAML_XSS}, b]
        """
    key = answer_key(load(tmp_path, body, head=head), "html")
    assert not re.search(r"<\s*script", key, re.IGNORECASE)
    assert not re.search(r"<\s*img", key, re.IGNORECASE)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;" in key
    assert "&quot;quoted&quot; &#x27;single&#x27;" in key
    # Markdown is plain text: nothing escaped.
    assert XSS in answer_key(load(tmp_path, body, head=head), "markdown")


def test_key_of_a_gift_quiz_and_an_unknown_format(tmp_path):
    quiz = load_gift(tmp_path, "Year? {#1822:2}\n\nSay {T#no#yes}\n")
    key = answer_key(quiz, "markdown")
    assert "- ✓ 1822 ± 2" in key
    assert "- ✓ True" in key
    with pytest.raises(ValueError, match="unknown answer key format 'pdf'"):
        answer_key(quiz, "pdf")  # type: ignore[arg-type]
