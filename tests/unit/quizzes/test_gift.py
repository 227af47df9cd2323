"""GIFT reader and writer: the GIFT-grammar-PEG.js corpus, round trips, each type, each error."""

from __future__ import annotations

import json
import random
import textwrap
from typing import Any

import pytest

from eduplat.errors import SourceError
from eduplat.quizzes.gift import (
    GiftAnswer,
    GiftCategory,
    GiftItem,
    GiftMatch,
    GiftNumeric,
    GiftQuestion,
    GiftSyntaxError,
    GiftText,
    dump_gift,
    parse_gift,
)
from tests.conftest import SHARED

FIXTURES = SHARED / "gift"
GIFT_FILES = sorted(FIXTURES.glob("*.gift")) if FIXTURES.is_dir() else []
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"GIFT acceptance fixtures not found at {FIXTURES}"
)


def gift(text: str) -> list[GiftItem]:
    return parse_gift(textwrap.dedent(text).strip("\n") + "\n", "quiz.gift")


def one(text: str) -> GiftQuestion:
    items = gift(text)
    assert len(items) == 1
    item = items[0]
    assert isinstance(item, GiftQuestion)
    return item


def syntax_error(text: str) -> GiftSyntaxError:
    with pytest.raises(GiftSyntaxError) as info:
        gift(text)
    return info.value


# --------------------------------------------------------------------------- the corpus
#
# Each .gift file comes with the PEG.js project's expected parse in its own JSON shape.
# Both sides are mapped to one neutral shape and compared. Texts are compared after
# whitespace normalisation: the PEG.js parser folds line breaks of non-HTML text into spaces,
# where Moodle (and this module) keep them.


def norm(text: str) -> str:
    return " ".join(text.split())


def num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 9)


KINDS = {
    "MC": "multiple_choice",
    "TF": "true_false",
    "Short": "short",
    "Numerical": "numeric",
    "Matching": "matching",
    "Essay": "essay",
    "Description": "description",
}


def expected_text(node: dict[str, Any] | None) -> tuple[str, str] | None:
    return None if node is None else (node["format"], norm(node["text"]))


def actual_text(text: GiftText | None) -> tuple[str, str] | None:
    return None if text is None else (text.format, norm(text.text))


def expected_number(node: dict[str, Any]) -> tuple[Any, ...]:
    if "format" in node:  # Moodle's "*": any other answer
        assert node["text"] == "*"
        return ("any",)
    if node["type"] == "simple":
        return ("value", num(node["number"]), 0.0)
    if node["type"] == "range":
        return ("value", num(node["number"]), num(node["range"]))
    assert node["type"] == "high-low"
    return ("range", num(node["numberLow"]), num(node["numberHigh"]))


def actual_number(answer: GiftNumeric) -> tuple[Any, ...]:
    if answer.value is None:
        return ("any",)
    if answer.bounds is not None:
        return ("range", num(answer.bounds[0]), num(answer.bounds[1]))
    return ("value", num(answer.value), num(answer.tolerance))


def expected(node: dict[str, Any]) -> dict[str, Any]:
    """The PEG.js JSON of one item, in the neutral shape."""
    if node["type"] == "Category":
        return {"category": node["title"]}
    kind = KINDS[node["type"]]
    shape: dict[str, Any] = {
        "kind": kind,
        "title": node["title"],
        "text": expected_text(node["stem"]),
        "missing_word": node["hasEmbeddedAnswers"],
        "id": node.get("id"),
        "tags": tuple(node.get("tags") or ()),
        "general_feedback": expected_text(node.get("globalFeedback")),
    }
    if kind in ("multiple_choice", "short"):
        shape["answers"] = [
            (
                c["isCorrect"],
                num(c["weight"]),
                expected_text(c["text"]),
                expected_text(c["feedback"]),
            )
            for c in node["choices"]
        ]
    elif kind == "true_false":
        shape["truth"] = node["isTrue"]
        # PEG.js's trueFeedback/falseFeedback are positional: the first and the second '#'
        # feedback as written. Moodle (format.php, split_truefalse_comment; the docs'
        # "{TRUE #Wrong #Right}") reads the first as the feedback for a WRONG answer and the
        # second for a RIGHT one, so for {TRUE#a#b} Moodle stores feedbacktrue=b and
        # feedbackfalse=a. We follow Moodle (GiftQuestion.true_feedback is shown to students
        # answering "true") and compare by position through wrong/right_feedback. With
        # {FALSE...} both readings agree; for the {TRUE#...} questions of TFTwoFeedback.gift
        # our true_feedback/false_feedback are deliberately the JSON's swapped.
        shape["feedbacks"] = (
            expected_text(node["trueFeedback"]),
            expected_text(node["falseFeedback"]),
        )
    elif kind == "numeric":
        choices = node["choices"]
        if isinstance(choices, dict):  # a single bare answer, e.g. {#1822:5}
            choices = [{"isCorrect": True, "weight": None, "text": choices, "feedback": None}]
        shape["numeric"] = [
            (
                c["isCorrect"],
                num(c["weight"]),
                expected_number(c["text"]),
                expected_text(c["feedback"]),
            )
            for c in choices
        ]
    elif kind == "matching":
        shape["matches"] = [
            (expected_text(p["subquestion"]), norm(p["subanswer"])) for p in node["matchPairs"]
        ]
    return shape


def actual(item: GiftItem) -> dict[str, Any]:
    """One parsed item, in the neutral shape."""
    if isinstance(item, GiftCategory):
        return {"category": item.path}
    text = item.text
    if item.text_after is not None:  # PEG.js joins the two parts around a "_____"
        text = GiftText(f"{item.text.text} _____ {item.text_after.text}", item.text.format)
    shape: dict[str, Any] = {
        "kind": item.kind,
        "title": item.title,
        "text": actual_text(text),
        "missing_word": item.is_missing_word,
        "id": item.id,
        "tags": item.tags,
        "general_feedback": actual_text(item.general_feedback),
    }
    if item.kind in ("multiple_choice", "short"):
        shape["answers"] = [
            (a.correct, num(a.weight), actual_text(a.text), actual_text(a.feedback))
            for a in item.answers
        ]
    elif item.kind == "true_false":
        shape["truth"] = item.truth
        shape["feedbacks"] = (actual_text(item.wrong_feedback), actual_text(item.right_feedback))
    elif item.kind == "numeric":
        shape["numeric"] = [
            (n.correct, num(n.weight), actual_number(n), actual_text(n.feedback))
            for n in item.numeric
        ]
    elif item.kind == "matching":
        shape["matches"] = [(actual_text(m.question), norm(m.answer)) for m in item.matches]
    return shape


@needs_fixtures
def test_the_corpus_is_complete():
    assert len(GIFT_FILES) >= 50
    assert [p for p in GIFT_FILES if not p.with_suffix(".json").is_file()] == []


@needs_fixtures
@pytest.mark.parametrize("path", GIFT_FILES, ids=lambda p: p.stem)
def test_parse_matches_the_peg_js_expectation(path):
    items = parse_gift(path.read_text("utf-8"), path)
    want = [expected(node) for node in json.loads(path.with_suffix(".json").read_text("utf-8"))]
    assert [actual(item) for item in items] == want


@needs_fixtures
@pytest.mark.parametrize("path", GIFT_FILES, ids=lambda p: p.stem)
def test_round_trip(path):
    items = parse_gift(path.read_text("utf-8"), path)
    written = dump_gift(items)
    assert parse_gift(written) == items
    assert dump_gift(parse_gift(written)) == written


# --------------------------------------------------------------------------- question types


def test_multiple_choice_with_feedback_weights_and_general_feedback():
    question = one(
        """
        ::Q2:: What's between orange and green in the spectrum?
        {
            =yellow # right; good!
            ~%25%red # [html]<b>wrong</b>
            ~[plain]blue
            ####Yellow is between them.
        }
        """
    )
    assert question.kind == "multiple_choice"
    assert question.title == "Q2"
    assert question.text == GiftText("What's between orange and green in the spectrum?")
    assert question.answers == (
        GiftAnswer(GiftText("yellow"), True, None, GiftText("right; good!")),
        GiftAnswer(GiftText("red"), False, 25.0, GiftText("<b>wrong</b>", "html")),
        GiftAnswer(GiftText("blue", "plain"), False),
    )
    assert [a.credit for a in question.answers] == [100.0, 25.0, 0.0]
    assert question.general_feedback == GiftText("Yellow is between them.")
    assert not question.is_multiple_response
    assert not question.is_missing_word


def test_weighted_choices_without_equals_are_multiple_response():
    question = one(
        """
        Select the continents\\:{
            ~%33.33333%Africa
            ~%33.33333%Asia
            ~%-100%China
            ~%33.33333%Antarctica
        }
        """
    )
    assert question.is_multiple_response
    assert [a.weight for a in question.answers] == [33.33333, 33.33333, -100.0, 33.33333]
    assert question.text.text == "Select the continents:"


def test_multiple_choice_may_have_several_right_answers_and_arrows_in_text():
    question = one("How to make coffee?{~go -> order =get powder -> add water =buy}")
    assert question.kind == "multiple_choice"
    assert [a.text.text for a in question.answers] == [
        "go -> order",
        "get powder -> add water",
        "buy",
    ]
    assert not question.is_multiple_response


def test_equals_with_a_weight_in_multiple_choice_is_a_weight():
    # Moodle would keep "%50%" in the text of a full-credit answer; nobody means that.
    question = one("Q{=%50%half ~wrong}")
    assert question.answers[0] == GiftAnswer(GiftText("half"), True, 50.0)
    assert question.answers[0].credit == 50.0


@pytest.mark.parametrize(
    ("block", "truth"), [("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False)]
)
def test_true_false(block, truth):
    question = one(f"Grant is buried in Grant's tomb.{block}")
    assert question.kind == "true_false"
    assert question.truth is truth
    assert question.true_feedback is None
    assert question.false_feedback is None


def test_true_false_feedback_follows_moodle_first_wrong_then_right():
    answer_true, answer_false, only_wrong = gift(
        """
        The sun rises in the east.{TRUE#No, it does.#Yes.}

        Grant is buried in Grant's tomb.{FALSE#No one is.#Right.####It is a tomb.}

        Two is odd.{F#It is even.}
        """
    )
    assert isinstance(answer_true, GiftQuestion)
    assert answer_true.true_feedback == GiftText("Yes.")
    assert answer_true.false_feedback == GiftText("No, it does.")
    assert answer_true.right_feedback == GiftText("Yes.")
    assert answer_true.wrong_feedback == GiftText("No, it does.")
    assert isinstance(answer_false, GiftQuestion)
    assert answer_false.true_feedback == GiftText("No one is.")
    assert answer_false.false_feedback == GiftText("Right.")
    assert answer_false.general_feedback == GiftText("It is a tomb.")
    assert isinstance(only_wrong, GiftQuestion)
    assert only_wrong.true_feedback == GiftText("It is even.")
    assert only_wrong.false_feedback is None


def test_true_false_keywords_are_case_sensitive_as_in_moodle():
    question = one("The sky is blue.{true}")
    assert question.kind == "short"
    assert question.answers[0].text.text == "true"


def test_short_answer_with_partial_credit_and_a_bare_answer():
    first, second = gift(
        """
        Who's buried in Grant's tomb?{=no one =%50%nobody#Close enough.}

        How do you write the word for the number 1? {One}
        """
    )
    assert isinstance(first, GiftQuestion)
    assert first.kind == "short"
    assert first.answers == (
        GiftAnswer(GiftText("no one"), True),
        GiftAnswer(GiftText("nobody"), True, 50.0, GiftText("Close enough.")),
    )
    assert [a.credit for a in first.answers] == [100.0, 50.0]
    assert isinstance(second, GiftQuestion)
    assert second.answers == (GiftAnswer(GiftText("One"), True),)


def test_missing_word_keeps_text_before_and_after():
    question = one("Two plus {=two =2} equals four.")
    assert question.kind == "short"
    assert question.is_missing_word
    assert question.text == GiftText("Two plus")
    assert question.text_after == GiftText("equals four.")
    assert question.text_with_blank() == "Two plus _____ equals four."


def test_missing_word_at_the_start_and_before_punctuation():
    first, second = gift(
        """
        [html]{ =Asia } is the <b>largest</b> continent.

        Jesus Christ was from {~Jerusalem =Nazareth}.
        """
    )
    assert isinstance(first, GiftQuestion)
    assert first.text == GiftText("", "html")
    assert first.text_after == GiftText("is the <b>largest</b> continent.", "html")
    assert first.text_with_blank("[ ]") == "[ ] is the <b>largest</b> continent."
    assert isinstance(second, GiftQuestion)
    assert second.kind == "multiple_choice"
    assert second.text_with_blank() == "Jesus Christ was from _____."


def test_numeric_forms():
    exact, tolerance, interval, negative, exponent = gift(
        """
        When was Ulysses S. Grant born?{#1822}

        What is pi?{#3.14:0.01}

        Give me a number from 1 to 5.{#1..5}

        Pick a number from -5 to -1.{#-5..-1}

        How many grams in a kilogram?{#1e3}
        """
    )
    assert isinstance(exact, GiftQuestion)
    assert exact.kind == "numeric"
    assert exact.numeric == (GiftNumeric(1822.0),)
    assert isinstance(tolerance, GiftQuestion)
    (pi,) = tolerance.numeric
    assert (pi.value, pi.tolerance, pi.bounds) == (3.14, 0.01, None)
    assert pi.minimum == pytest.approx(3.13)
    assert pi.maximum == pytest.approx(3.15)
    assert isinstance(interval, GiftQuestion)
    (one_to_five,) = interval.numeric
    assert (one_to_five.value, one_to_five.tolerance) == (3.0, 2.0)  # as Moodle stores it
    assert one_to_five.bounds == (1.0, 5.0)
    assert (one_to_five.minimum, one_to_five.maximum) == (1.0, 5.0)
    assert isinstance(negative, GiftQuestion)
    assert negative.numeric[0].bounds == (-5.0, -1.0)
    assert isinstance(exponent, GiftQuestion)
    assert exponent.numeric[0].value == 1000.0


def test_numeric_with_several_weighted_answers_and_a_catch_all():
    question = one(
        """
        What is pi? {#
            =%100%3.14:0.001#Exactly.
            =%50%3.1:0.1 # Roughly.
            ~#Not even close.
            ####Pi is about 3.14159.
        }
        """
    )
    assert question.numeric == (
        GiftNumeric(3.14, 0.001, None, True, 100.0, GiftText("Exactly.")),
        GiftNumeric(3.1, 0.1, None, True, 50.0, GiftText("Roughly.")),
        GiftNumeric(None, correct=False, feedback=GiftText("Not even close.")),
    )
    assert [n.credit for n in question.numeric] == [100.0, 50.0, 0.0]
    catch_all = question.numeric[2]
    assert (catch_all.minimum, catch_all.maximum) == (float("-inf"), float("inf"))
    assert question.general_feedback == GiftText("Pi is about 3.14159.")


def test_numeric_star_answer_is_any_answer_with_its_weight():
    question = one("Best number?{#=7 =%0%*#Anything else is wrong.}")
    assert question.numeric[1] == GiftNumeric(
        None, weight=0.0, feedback=GiftText("Anything else is wrong.")
    )


def test_matching_pairs_with_formats_and_a_distractor():
    question = one(
        """
        ::Moodle activities::[html]Match the <b>activity</b> to the description.{
            =An activity supporting asynchronous discussions. -> Forum
            =[markdown]A collection of *web pages* -> Wiki
            = -> Chat
            ####[plain]Forum and Wiki.
        }
        """
    )
    assert question.kind == "matching"
    assert question.matches == (
        GiftMatch(GiftText("An activity supporting asynchronous discussions.", "html"), "Forum"),
        GiftMatch(GiftText("A collection of *web pages*", "markdown"), "Wiki"),
        GiftMatch(GiftText("", "html"), "Chat"),
    )
    assert question.general_feedback == GiftText("Forum and Wiki.", "plain")


def test_matching_on_one_line():
    question = one("Match capitals.{=Canada->Ottawa =Italy  -> Rome}")
    assert [(m.question.text, m.answer) for m in question.matches] == [
        ("Canada", "Ottawa"),
        ("Italy", "Rome"),
    ]


def test_essay_with_and_without_general_feedback():
    plain, with_feedback = gift(
        """
        Write a short biography of Dag Hammarskjöld. {}

        How are you? {
        ####We hope you're feeling well.
        }
        """
    )
    assert isinstance(plain, GiftQuestion)
    assert plain.kind == "essay"
    assert plain.text.text == "Write a short biography of Dag Hammarskjöld."
    assert isinstance(with_feedback, GiftQuestion)
    assert with_feedback.kind == "essay"
    assert with_feedback.general_feedback == GiftText("We hope you're feeling well.")


def test_description_has_no_answer_block():
    question = one("::Intro::You can use your pencil and paper for these next questions.")
    assert question.kind == "description"
    assert question.title == "Intro"
    assert question.answers == ()
    assert question.general_feedback is None


def test_categories_and_items_in_order_with_lines():
    items = gift(
        """
        // A header comment.

        $CATEGORY: $course$/top/Unit 1: Basics

        ::A::First?{T}

        // [id:q2]
        Second?{F}

        $CATEGORY: $course$/top/Unit 2
        """
    )
    assert items == [
        GiftCategory("$course$/top/Unit 1: Basics"),
        GiftQuestion("true_false", GiftText("First?"), "A", truth=True),
        GiftQuestion("true_false", GiftText("Second?"), truth=False, id="q2"),
        GiftCategory("$course$/top/Unit 2"),
    ]
    assert [item.line for item in items] == [3, 5, 8, 10]


# --------------------------------------------------------------------------- syntax details


def test_title_with_escaped_colons_and_on_its_own_line():
    question = one(
        """
        ::Unit 1\\: Time \\:\\:::
        [html]<p>What time is it?</p>{}
        """
    )
    assert question.title == "Unit 1: Time ::"
    assert question.text == GiftText("<p>What time is it?</p>", "html")


def test_format_prefixes_default_to_the_question_text_format():
    question = one(
        """
        [markdown]Who's buried in **Grant's tomb**?{
        =no one#excellent *answer*!
        =[moodle]nobody#[html]<i>fine</i>
        }
        """
    )
    assert question.text == GiftText("Who's buried in **Grant's tomb**?", "markdown")
    assert question.answers == (
        GiftAnswer(
            GiftText("no one", "markdown"), True, None, GiftText("excellent *answer*!", "markdown")
        ),
        GiftAnswer(GiftText("nobody", "moodle"), True, None, GiftText("<i>fine</i>", "html")),
    )


def test_unknown_format_prefix_is_text():
    assert one("[latex]Is this text?{T}").text == GiftText("[latex]Is this text?")


def test_escapes():
    question = one(
        r"""
        Which is not special\: \~ \= \# \{ \} \\ and a\nline break? {
            = \\ # Right\! a backslash \\ escapes \~\=\#\{\}\:
            ~ \= # no
        }
        """
    )
    assert question.text.text == "Which is not special: ~ = # { } \\ and a\nline break?"
    right, wrong = question.answers
    assert right.text.text == "\\"
    assert right.feedback == GiftText("Right\\! a backslash \\ escapes ~=#{}:")
    assert wrong.text.text == "="


def test_latex_survives_with_escaped_braces():
    question = one(r"[html]Solve $\\frac\{1\}\{2\} + \(x^2\)$ where $1 \\neq 0${=\(x\)}")
    assert question.text.text == r"Solve $\frac{1}{2} + \(x^2\)$ where $1 \neq 0$"
    assert question.answers[0].text.text == r"\(x\)"


def test_line_breaks_and_indentation_inside_texts_are_kept():
    question = one(
        """
        [markdown]Nested lists:
        - item 1
            - nested item
        {
        =first line
        second line#feedback on
        two lines
        }
        """
    )
    assert question.text.text == "Nested lists:\n- item 1\n    - nested item"
    assert question.answers[0].text.text == "first line\nsecond line"
    assert question.answers[0].feedback == GiftText("feedback on\ntwo lines", "markdown")


def test_comments_are_whole_lines_and_slashes_elsewhere_are_text():
    items = gift(
        """
        // only a comment

        // Subheading
        See http://example.org/a//b before answering. {
            // a comment inside the block
            =yes
            ~no
        }
        """
    )
    assert len(items) == 1
    question = items[0]
    assert isinstance(question, GiftQuestion)
    assert question.text.text == "See http://example.org/a//b before answering."
    assert [a.text.text for a in question.answers] == ["yes", "no"]


def test_id_and_tags_come_from_the_question_comments():
    tagged, untagged = gift(
        """
        // question: 12  name: ignored
        // [id:abc\\]1] [tag:foo]
        //[tag:bar-baz] [tag: spaced ]
        Essay?{}

        // [id:lonely]

        No id here?{}
        """
    )
    assert isinstance(tagged, GiftQuestion)
    assert tagged.id == "abc]1"
    assert tagged.tags == ("foo", "bar-baz", "spaced")
    assert isinstance(untagged, GiftQuestion)
    assert (untagged.id, untagged.tags) == (None, ())


def test_windows_line_endings_and_bom_read_the_same():
    text = "// [id:x]\n::T::Q\n{\n=a#fb\n~b\n}\n\n$CATEGORY: c\n"
    unix = parse_gift(text)
    assert parse_gift("\ufeff" + text.replace("\n", "\r\n")) == unix
    assert [item.line for item in parse_gift("\ufeff" + text.replace("\n", "\r\n"))] == [
        item.line for item in unix
    ]


def test_blank_lines_separate_questions_even_with_spaces_on_them():
    items = gift("Q1{T}\n   \t\nQ2{F}\n\n\n\nQ3{}")
    assert [item.text.text for item in items if isinstance(item, GiftQuestion)] == [
        "Q1",
        "Q2",
        "Q3",
    ]


def test_a_no_break_space_line_is_not_blank():
    # PHP's trim(), which Moodle uses, keeps U+00A0, so the line joins the question.
    question = one("First\n\u00a0\nsecond{}")
    assert question.text.text == "First\n\u00a0\nsecond"


def test_empty_input():
    assert parse_gift("") == []
    assert parse_gift("// nothing\n\n   \n") == []
    assert dump_gift([]) == ""


# --------------------------------------------------------------------------- writing


def test_dump_writes_moodle_style_gift():
    items: list[GiftItem] = [
        GiftCategory("$course$/top/Unit 1"),
        GiftQuestion(
            "multiple_choice",
            GiftText("What is 1 + 1 = ?\nPick one: {a} or #b"),
            "Sum: easy",
            answers=(
                GiftAnswer(GiftText("2"), True, None, GiftText("Yes!")),
                GiftAnswer(GiftText("3"), False, -50.0, GiftText("<b>No</b>", "html")),
                GiftAnswer(GiftText("1 ~ 2", "plain"), False),
            ),
            general_feedback=GiftText("Arithmetic."),
            id="q-1",
            tags=("maths", "easy"),
        ),
        GiftQuestion("true_false", GiftText("Sky is blue."), truth=True),
        GiftQuestion("numeric", GiftText("Pi?"), numeric=(GiftNumeric(3.14, 0.01),)),
    ]
    written = dump_gift(items)
    assert written == textwrap.dedent(
        """\
        $CATEGORY: $course$/top/Unit 1

        // [id:q-1] [tag:maths] [tag:easy]
        ::Sum\\: easy::What is 1 + 1 \\= ?\\nPick one\\: \\{a\\} or \\#b {
        \t=2#Yes!
        \t~%-50%3#[html]<b>No</b>
        \t~[plain]1 \\~ 2
        \t####Arithmetic.
        }

        Sky is blue. {TRUE}

        Pi? {#3.14:0.01}
        """
    )
    assert parse_gift(written) == items


def test_dump_shields_text_that_would_read_as_syntax():
    items: list[GiftItem] = [
        GiftQuestion("essay", GiftText("::not a title::")),
        GiftQuestion("essay", GiftText("// not a comment")),
        GiftQuestion("essay", GiftText("$CATEGORY: not a category")),
        GiftQuestion("description", GiftText("[html] literally")),
        GiftQuestion(
            "multiple_choice",
            GiftText("Discounts"),
            answers=(
                GiftAnswer(GiftText("%50% off"), True),
                GiftAnswer(GiftText("[plain]"), False),
            ),
        ),
        GiftQuestion("short", GiftText("Backslash?"), answers=(GiftAnswer(GiftText("\\n"), True),)),
    ]
    assert parse_gift(dump_gift(items)) == items


def test_dump_true_false_feedback_positions():
    for truth in (True, False):
        for right in (None, GiftText("right")):
            for wrong in (None, GiftText("wrong")):
                question = GiftQuestion(
                    "true_false",
                    GiftText("Q"),
                    truth=truth,
                    true_feedback=right if truth else wrong,
                    false_feedback=wrong if truth else right,
                )
                assert parse_gift(dump_gift([question])) == [question]


def test_dump_numeric_ranges_keep_their_written_bounds():
    question = one("Pi? {#3.141..3.142}")
    assert "{#3.141..3.142}" in dump_gift([question])
    assert parse_gift(dump_gift([question])) == [question]


def test_dump_rejects_what_gift_cannot_express():
    with pytest.raises(ValueError, match="->"):
        dump_gift(
            [
                GiftQuestion(
                    "matching",
                    GiftText("Q"),
                    matches=(GiftMatch(GiftText("a -> b"), "c"), GiftMatch(GiftText("d"), "e")),
                )
            ]
        )
    with pytest.raises(ValueError, match="category"):
        dump_gift([GiftCategory("two\nlines")])
    with pytest.raises(ValueError, match="tag"):
        dump_gift([GiftQuestion("essay", GiftText("Q"), tags=("<b>",))])


def test_equality_ignores_line_numbers():
    assert GiftCategory("a", line=1) == GiftCategory("a", line=9)
    assert GiftQuestion("essay", GiftText("Q"), line=1) == GiftQuestion("essay", GiftText("Q"))


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "::T::\nQuestion\n{=a\n~b\n\nNext{T}",
            3,
            "the answer block opened with '{' is not closed",
        ),
        ("Question =a ~b}", 1, "'}' without an opening '{'"),
        ("Question\n} and {=a}", 2, "'}' without an opening '{'"),
        ("Q1 {T}\nQ2 {F}", 2, "a question has only one answer block"),
        ("Q {=a ~b {c}", 1, "'{' inside an answer block"),
        (
            "::Title without end\nQuestion{T}",
            1,
            "the question title opened with '::' is not closed",
        ),
        ("::Only a title::", 1, "the question has no text"),
        ("$CATEGORY: unit\nQuestion{T}", 2, "text right after a $CATEGORY line"),
        ("$CATEGORY:   ", 1, "$CATEGORY without a category name"),
        ("Q {T} // a note", 1, "a comment after the answer block would be read as question text"),
        (
            "Q {\n=yes\n~no\n} // a note",
            4,
            "a comment after the answer block would be read as question text",
        ),
        ("Pi?{#\n=3.14\n=abc\n}", 3, "numeric answer 'abc' is not a number"),
        ("Pi?{#3,14}", 1, "numeric answer '3,14' is not a number"),
        ("Pi?{#3.14:small}", 1, "tolerance 'small' is not a number"),
        ("Pi?{#3.14:-1}", 1, "tolerance '-1' is negative"),
        ("Pick?{#\n=5..1\n}", 2, "numeric range '5..1' starts above its end"),
        ("Pick?{#1..x}", 1, "range end 'x' is not a number"),
        (
            "Pi?{#\n~#wrong\n=3\n}",
            3,
            "'~' (feedback for any other answer) must be the last entry of a numeric question",
        ),
        (
            "Pi?{#=3 ~4#wrong}",
            1,
            "in a numeric question '~' only introduces feedback for any other answer",
        ),
        ("Pi?{#}", 1, "a numeric question needs an answer"),
        ("Match {\n=a -> b\n=c\n}", 3, "matching pair 'c' has no '->'"),
        ("Match {=a -> b}", 1, "a matching question needs at least two pairs"),
        ("Match {\n=a -> b#good\n=c -> d\n}", 2, "matching pairs cannot have feedback"),
        ("Match {=a -> =c -> d}", 1, "matching pair without an answer after '->'"),
        ("Arrow?{a -> b}", 1, "'->' in a short-answer question"),
        ("Mixed?{T ~x}", 1, "answer 'T' has no '=' (right) or '~' (wrong) in front"),
        ("Mixed?{T =x}", 1, "true/false answer 'T' mixed with other answers"),
        ("One?{~only}", 1, "a multiple-choice question needs at least two choices"),
        ("Q{\n=a\n~%abc%b\n}", 3, "answer weight '%abc%' is not a number"),
        ("Q{\n=a\n~%150%b\n}", 3, "answer weight %150% is outside -100%..100%"),
        ("Q{=a ~}", 1, "empty answer in a multiple-choice question"),
        ("Q{= =b}", 1, "empty answer in a short-answer question"),
    ],
)
def test_syntax_errors_name_the_line(text, line, message):
    error = syntax_error(text)
    assert (error.line, error.message) == (line, message)
    assert error.hint


def test_error_text_reads_path_line_message_hint(tmp_path, chdir):
    chdir(tmp_path)
    source = tmp_path / "quizzes" / "unit1.gift"
    with pytest.raises(GiftSyntaxError) as info:
        parse_gift("// intro\n\nPi?{#\n=3\n=three\n}\n", source)
    error = info.value
    assert isinstance(error, SourceError)
    assert str(error).startswith(
        "quizzes/unit1.gift:5: numeric answer 'three' is not a number — write numbers like"
    )


def test_garbled_input_never_raises_anything_but_gift_errors():
    samples = [p.read_text("utf-8") for p in GIFT_FILES] or [
        "::T::Q {=a#f ~%50%b ####g}\n\n$CATEGORY: x\n\nPi {#=1..2 =%50%3:1 ~#no}\n",
        "M {=a -> b =c -> d}\n\nTF {T#w#r}\n\nE {}\n",
    ]
    alphabet = "{}=~#:\\%-> \n.[]/T1"
    rng = random.Random(20240607)
    error_lines = []
    for _ in range(1500):
        chars = list(rng.choice(samples))
        for _ in range(rng.randint(1, 6)):
            position = rng.randrange(len(chars) + 1)
            if chars and rng.random() < 0.5:
                del chars[min(position, len(chars) - 1)]
            else:
                chars.insert(position, rng.choice(alphabet))
        text = "".join(chars)
        try:
            items = parse_gift(text)
        except GiftSyntaxError as error:
            error_lines.append(error.line)
            continue
        assert parse_gift(dump_gift(items)) == items, text
    assert error_lines
    assert all(line is not None and line >= 1 for line in error_lines)
