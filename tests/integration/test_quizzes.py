"""Quizzes through real builds: pages, index, embedding, link checks, eduplat check."""

from __future__ import annotations

from click.testing import CliRunner

from eduplat.cli import cli
from tests.support.samples import GUIDE, QUIZ


def run(*args):
    return CliRunner().invoke(cli, list(args))


def site_with(make_site, chdir, files):
    config = make_site({"docs/guide.md": GUIDE, **files})
    chdir(config.parent)
    return config.parent


def test_quiz_page_index_and_teaches_link(make_site, chdir):
    root = site_with(make_site, chdir, {"quizzes/basics.yml": QUIZ})
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (root / "site" / "quizzes" / "basics" / "index.html").read_text()
    assert 'data-eduplat-quiz="basics"' in page
    assert '<a href="../../guide/#hashing">Learn more</a>' in page
    index = (root / "site" / "quizzes" / "index.html").read_text()
    assert '<a href="basics/">Basics</a>' in index
    assert (root / "site" / "assets" / "eduplat" / "quiz.js").is_file()
    assert (root / "site" / "assets" / "eduplat" / "eduplat.js").is_file()
    shared = page.index('src="../../assets/eduplat/eduplat.js"')
    assert shared < page.index('src="../../assets/eduplat/quiz.js"'), "quiz.js needs eduplat.js"


def test_embed_marker_in_a_manual_page(make_site, chdir):
    root = site_with(
        make_site,
        chdir,
        {
            "quizzes/basics.yml": QUIZ,
            "docs/index.md": "# Home\n\nBefore.\n\n<!-- eduplat:quiz basics -->\n\nAfter.\n",
        },
    )
    assert run("build", "--strict").exit_code == 0
    home = (root / "site" / "index.html").read_text()
    assert 'data-eduplat-quiz="basics"' in home
    assert home.index("Before.") < home.index("data-eduplat-quiz") < home.index("After.")
    assert 'href="guide/#hashing"' in home, "the link is relative to the embedding page"


def test_embed_of_unknown_quiz_names_page_line_and_suggests(make_site, chdir):
    site_with(
        make_site,
        chdir,
        {"quizzes/basics.yml": QUIZ, "docs/index.md": "# Home\n\n<!-- eduplat:quiz basic -->\n"},
    )
    result = run("build")
    assert result.exit_code == 1
    assert "index.md:3: embedded quiz 'basic' does not exist" in result.output
    assert "did you mean 'basics'?" in result.output


def test_teaches_a_missing_page(make_site, chdir):
    quiz = QUIZ.replace("guide.md#hashing", "missing.md")
    site_with(make_site, chdir, {"quizzes/basics.yml": quiz})
    for command in ("build", "check"):
        result = run(command)
        assert result.exit_code == 1, command
        assert "quizzes/basics.yml:4: 'teaches: missing.md' is not a page of this site" in (
            result.output
        )


def test_duplicate_quiz_ids_across_files(make_site, chdir):
    site_with(make_site, chdir, {"quizzes/a.yml": QUIZ, "quizzes/b.yml": QUIZ})
    result = run("check")
    assert result.exit_code == 1
    assert "quizzes/b.yml:1: duplicate quiz id 'basics' (also used by a.yml)" in result.output


def test_invalid_quiz_fails_the_build_and_keeps_the_site(make_site, chdir):
    root = site_with(make_site, chdir, {"quizzes/basics.yml": QUIZ})
    assert run("build").exit_code == 0
    before = (root / "site" / "index.html").read_bytes()
    (root / "quizzes" / "basics.yml").write_text(QUIZ.replace("answer: true", "answer: maybe"))
    result = run("build")
    assert result.exit_code == 1
    assert "quizzes/basics.yml:6: question 1: 'answer' must be true or false" in result.output
    assert (root / "site" / "index.html").read_bytes() == before


def test_gift_quiz_builds(make_site, chdir):
    root = site_with(make_site, chdir, {"quizzes/quick.gift": "::T::Hashes are one-way.{T}\n"})
    assert run("build", "--strict").exit_code == 0
    assert "Hashes are one-way." in (root / "site" / "quizzes" / "quick" / "index.html").read_text()


def test_chinese_site(make_site, chdir):
    config = make_site({"quizzes/basics.yml": QUIZ.replace("    teaches: guide.md#hashing\n", "")})
    config.write_text(config.read_text().replace("  font: false", "  font: false\n  language: zh"))
    chdir(config.parent)
    assert run("build", "--strict").exit_code == 0
    page = (config.parent / "site" / "quizzes" / "basics" / "index.html").read_text()
    assert "第 1 题" in page
    assert "及格线：70%" in page


def test_check_warns_about_a_quiz_that_links_to_nothing_it_teaches(make_site, chdir):
    untaught = QUIZ.replace("id: basics", "id: orphan").replace(
        "    teaches: guide.md#hashing\n", ""
    )
    gift = "::Q1::Hashes are one-way.{T}\n"
    site_with(
        make_site,
        chdir,
        {"quizzes/basics.yml": QUIZ, "quizzes/orphan.yml": untaught, "quizzes/quick.gift": gift},
    )
    result = run("check")
    assert result.exit_code == 0, result.output
    assert (
        "quizzes/orphan.yml:4: quiz orphan has no question linked to what it teaches (teaches:)"
        in (result.output)
    )
    assert "add 'teaches: page.md#section'" in result.output
    assert "quiz quick has no question linked to what it teaches" in result.output
    assert "eduplat quiz import quick.gift -o quick.yml" in result.output
    assert "quiz basics" not in result.output
    assert "3 quiz(zes)" in result.output
    assert "(2 without 'teaches' links)" in result.output


SEARCHABLE = """\
id: searchable
title: Searchable
questions:
  - type: single
    prompt: Which tree gives inclusion proofs, promptword?
    options:
      - {text: Merkle optionword, correct: true, feedback: "Yes <div>nested feedbackword</div> tail feedbacktail"}
      - {text: Binary heap, feedback: "Heaps order, they do not prove."}
    explanation: "<details><summary>more</summary>nested</details> explanationword"
    correct_feedback: rightword
    incorrect_feedback: wrongword
  - type: short
    prompt: Name the hash.
    accepted: [{text: answerkeyword, feedback: shortfeedbackword}]
  - type: ordering
    prompt: Order these.
    items: [orderfirst, ordersecond]
"""


def test_feedback_explanations_and_answers_stay_out_of_search(make_site, chdir):
    """Material's indexer ends an exclusion at the first closing tag of the same name, so
    nested user <div>/<details> in feedback must not let the rest leak into the index."""
    import json

    root = site_with(make_site, chdir, {"quizzes/searchable.yml": SEARCHABLE})
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    index = json.loads((root / "site" / "search" / "search_index.json").read_text())
    text = " ".join(
        doc["text"] for doc in index["docs"] if doc["location"].startswith("quizzes/searchable")
    )
    assert "promptword" in text
    assert "optionword" in text
    for hidden in (
        "feedbackword",
        "feedbacktail",
        "Heaps order",
        "explanationword",
        "rightword",
        "wrongword",
        "answerkeyword",
        "shortfeedbackword",
        "Show the answer",
    ):
        assert hidden not in text, hidden
    # The page still shows them (to readers who check or open the answer).
    page = (root / "site" / "quizzes" / "searchable" / "index.html").read_text()
    assert "explanationword" in page
    assert "answerkeyword" in page
