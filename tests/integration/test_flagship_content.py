"""The flagship site's own content: every quiz links to what it teaches, and the links land."""

from __future__ import annotations

import re

import pytest

from eduplat.features.quizzes import load_all, untaught_warnings
from tests.conftest import ENGINE_NAMES, REPO


@pytest.fixture(params=ENGINE_NAMES)
def flagship_site(request, flagship_by_engine):
    """These checks hold whichever engine builds the flagship (MkDocs, ProperDocs, Zensical)."""
    return flagship_by_engine(request.param)


def test_every_flagship_quiz_question_says_what_teaches_it():
    quizzes = load_all(REPO / "quizzes")
    assert untaught_warnings(quizzes) == []
    missing = [f"{q.id}/{x.id}" for q in quizzes for x in q.questions if x.graded and not x.teaches]
    assert missing == []


def test_teaches_anchors_exist_on_the_built_pages(flagship_site):
    broken = []
    for quiz in load_all(REPO / "quizzes"):
        for question in quiz.questions:
            page, _, anchor = question.teaches.partition("#")
            if not anchor:
                continue
            html_file = flagship_site / page.removesuffix(".md") / "index.html"
            if not re.search(rf'\bid="{re.escape(anchor)}"', html_file.read_text()):
                broken.append(f"{quiz.id}/{question.id}: {question.teaches}")
    assert broken == []


def test_user_operator_and_developer_pages_embed_their_quizzes(flagship_site):
    pages = {
        "users/wallet-safety": ["wallet-seed-phrases", "wallet-phishing", "wallet-fees-finality"],
        "operators/running-a-node": ["operator-basics"],
        "developers/key-management": ["developer-keys"],
    }
    for page, quiz_ids in pages.items():
        html = (flagship_site / page / "index.html").read_text()
        for quiz_id in quiz_ids:
            assert f'data-eduplat-quiz="{quiz_id}"' in html, (page, quiz_id)
        assert ">Sources<" in html, page


def test_the_secret_wrapper_on_the_key_management_page_hides_the_key(monkeypatch, capsys):
    text = (REPO / "docs" / "developers" / "key-management.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert block is not None
    code = "\n".join(line.removeprefix("    ") for line in block.group(1).splitlines())
    monkeypatch.setenv("DEPLOYER_KEY", "0x4c0883a69102937d6231471b5dbb6204fe512961708279f0")
    namespace: dict[str, object] = {}
    exec(compile(code, "key-management.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert out == "Secret('***')\n"
    secret = namespace["deployer_key"]
    assert "4c0883" not in f"{secret!r} {secret!s} {[secret]}"
    assert secret.reveal().startswith("0x4c0883")  # type: ignore[attr-defined]
