"""Quiz HTML: structure, accessibility hooks, no-JS answers, sanitized user text."""

from __future__ import annotations

import json
import re
import textwrap

from eduplat.i18n import translator
from eduplat.quizzes.load import load_quiz
from eduplat.quizzes.render import render_quiz, render_quiz_index

XSS_QUIZ = """\
id: xss
title: "<script>alert('title')</script>"
description: "Hi <script>alert('desc')</script> [x](javascript:alert(1))"
questions:
  - type: single
    prompt: "Pick <img src=x onerror=alert(1)> </script><script>alert(2)</script>"
    options:
      - text: "<b onmouseover=alert(3)>bold</b>"
        correct: true
        feedback: "<a href='javascript:alert(4)'>link</a>"
      - "<svg onload=alert(5)>"
    explanation: "<iframe src=javascript:alert(6)></iframe>"
  - type: short
    prompt: x
    accepted: ["</script><script>alert(7)</script>"]
"""


def quiz_data(html: str) -> str:
    """The grading data attribute, unescaped as a browser would."""
    import html as html_module

    raw = re.search(r' data-quiz="([^"]*)"', html).group(1)
    assert "<" not in raw, "the attribute cannot hold raw markup"
    return html_module.unescape(raw)


def quiz_from(tmp_path, text, name="q.yml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_quiz(path)


def test_no_script_or_handler_survives(tmp_path):
    html = render_quiz(quiz_from(tmp_path, XSS_QUIZ), translator("en"), embedded=True)
    assert "<script" not in html
    assert not re.search(r"\son\w+\s*=", html), "no event handler attributes"
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<svg" not in html
    assert json.loads(quiz_data(html))["questions"]["q2"]["accepted"][0]["text"].startswith(
        "</script>"
    )


def test_fieldset_legend_and_live_regions(tmp_path):
    quiz = quiz_from(
        tmp_path,
        """\
        id: demo
        questions:
          - {type: true_false, prompt: "Is **this** true?", answer: true}
          - {type: short, prompt: Name it, accepted: [x]}
        """,
    )
    html = render_quiz(quiz, translator("en"))
    assert html.count("<fieldset>") == 2
    assert '<legend><span class="eduplat-question__number">Question 1</span>' in html
    assert 'aria-live="polite"' in html
    assert (
        '<div class="eduplat-quiz__result" role="status" aria-live="polite" tabindex="-1">' in html
    )
    assert "<strong>this</strong>" in html
    assert 'aria-describedby="eduplat-demo-q2-prompt"' in html


def test_answers_for_readers_without_javascript(tmp_path):
    quiz = quiz_from(
        tmp_path,
        """\
        id: demo
        questions:
          - type: single
            prompt: Which?
            options: [{text: Right one, correct: true}, Wrong one]
            explanation: Because.
          - {type: ordering, prompt: Order, items: [one, two, three, four]}
        """,
    )
    html = render_quiz(quiz, translator("en"))
    answers = re.findall(r'<details class="eduplat-question__answer">(.*?)</details>', html, re.S)
    assert len(answers) == 2
    assert "Right one" in answers[0]
    assert "Wrong one" not in answers[0]
    assert "Because." in answers[0]
    assert re.findall(r"<li>(\w+)</li>", answers[1]) == ["one", "two", "three", "four"]
    shown = re.findall(r'data-item="(\d)"', html)
    assert shown != ["0", "1", "2", "3"], "the page does not show the ordering solved"


def test_chinese_strings(tmp_path):
    quiz = quiz_from(
        tmp_path, "id: demo\nquestions:\n  - {type: true_false, prompt: x, answer: true}\n"
    )
    html = render_quiz(quiz, translator("zh"))
    assert "第 1 题" in html
    assert "检查" in html
    assert json.loads(quiz_data(html))["strings"]["correct"] == "正确。"


def test_teaches_link_uses_the_resolver(tmp_path):
    quiz = quiz_from(
        tmp_path,
        """\
        id: demo
        questions:
          - {type: true_false, prompt: x, answer: true, teaches: tutorials/merkle.md}
        """,
    )
    html = render_quiz(quiz, translator("en"), link=lambda target: "../../tutorials/merkle/")
    assert '<a href="../../tutorials/merkle/">Learn more</a>' in html


def test_index_lists_quizzes_with_counts(tmp_path):
    a = quiz_from(
        tmp_path,
        "id: alpha\ntitle: Alpha <i>\nquestions:\n  - {type: true_false, prompt: x, answer: true}\n",
        "a.yml",
    )
    b = quiz_from(
        tmp_path,
        "id: beta\npass_mark: 80\nquestions:\n  - {type: essay, prompt: x}\n  - {type: true_false, prompt: y, answer: true}\n",
        "b.yml",
    )
    page = render_quiz_index([b, a], translator("en"), lambda quiz: f"{quiz.id}/")
    assert page.index("Alpha") < page.index("Beta")
    assert '<a href="beta/">Beta</a>' in page
    assert "Alpha &lt;i&gt;" in page
    assert "Questions: 1 · Pass mark: 80%" in page
