"""eduplat pack: the trainer PDF (Chromium) and HTML of a learning path, read back with
pypdf: step headings in order, the quiz's answers, a tutorial's executed output, CJK text,
webinar times in --timezone; and the errors a trainer can hit."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from eduplat.cli import cli

TUTORIAL = """\
# ---
# title: Counting hashes
# duration: 15
# ---

# %% [markdown]
# # Counting hashes
#
# We print a value.

# %%
print("executed output:", 6 * 7)
"""

FILES = {
    "docs/index.md": "# Home\n",
    "docs/guide/wallet.md": "# 钱包安全\n\n助记词必须离线保存。\n\n## Seed phrases\n\nNever type them [anywhere](../index.md).\n\n```python\nx = '"
    + "a" * 200
    + "'\n```\n",
    "tutorials/counting.py": TUTORIAL,
    "quizzes/basics.yml": """\
        id: basics
        title: Basics quiz
        questions:
          - type: single
            prompt: Where do you keep a seed phrase?
            options:
              - {text: On paper in a safe, correct: true}
              - {text: In a cloud note}
        """,
    "webinars.yml": """\
        timezone: UTC
        sessions:
          - {id: live-qa, title: Live Q and A, start: 2030-01-10 10:00, duration: 60}
        """,
    "paths/start.yml": """\
        id: start
        title: Wallet basics
        audience: users
        steps:
          - page: guide/wallet.md
          - tutorial: counting
          - quiz: basics
          - webinar: live-qa
          - url: https://bitcoin.org/bitcoin.pdf
            title: The white paper
        """,
}

MKDOCS = """\
site_name: Pack test
site_url: https://learn.example.org/
theme:
  name: material
  font: false
plugins:
  - eduplat
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pack")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    for rel, content in FILES.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def packed(site) -> tuple[Path, Path, str]:
    out = site.parent / "out"
    result = CliRunner().invoke(
        cli,
        [
            "pack", "start", "-f", str(site / "mkdocs.yml"), "-o", str(out / "start.pdf"),
            "--html", str(out / "html"), "--timezone", "Asia/Shanghai",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    reader = PdfReader(out / "start.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    return out / "start.pdf", out / "html" / "index.html", text


pytestmark = [pytest.mark.browser, pytest.mark.kernel]


def test_pdf_has_cover_contents_and_steps_in_order(packed):
    _, _, text = packed
    assert text.startswith("Wallet basics")
    assert "Audience" in text
    assert "Users" in text
    body = text[text.index("Contents") :]
    headings = ["钱包安全", "Counting hashes", "Basics quiz", "Live Q and A", "The white paper"]
    positions = [body.index(h, body.index("The white paper") + 1) for h in headings]
    assert positions == sorted(positions)
    assert "1 / " in text  # page numbers in the footer


def test_pdf_has_answers_outputs_cjk_and_local_times(packed):
    _, _, text = packed
    assert "✓ On paper in a safe" in text
    assert "✗ In a cloud note" in text
    assert "executed output: 42" in text
    assert "助记词必须离线保存" in text
    assert "2030-01-10 18:00–19:00" in text  # 10:00 UTC in Asia/Shanghai
    assert "Asia/Shanghai" in text
    assert "x = '" + "a" * 200 + "'" in text.replace("\n", "")  # the long line wraps, uncut


def test_html_keeps_links_and_wraps_code(packed):
    pdf, page, _ = packed
    html = page.read_text(encoding="utf-8")
    assert 'href="https://learn.example.org/"' in html  # relative links made absolute
    assert "white-space: pre-wrap" in html
    assert 'class="eduplat-pathbars"' not in html  # the path bar is for the site only
    from pypdf import PdfReader

    links = [
        annotation.get_object().get("/A", {}).get("/URI")
        for p in PdfReader(pdf).pages
        for annotation in p.get("/Annots", []) or []
    ]
    assert "https://bitcoin.org/bitcoin.pdf" in links


def run(site: Path, *args: str):
    return CliRunner().invoke(cli, ["pack", *args, "-f", str(site / "mkdocs.yml")])


def test_unknown_path_and_timezone_and_docs_output(site, tmp_path):
    result = run(site, "strat", "--html", str(tmp_path / "h"))
    assert result.exit_code == 1
    assert "no learning path with the id 'strat' — did you mean 'start'?" in result.output
    result = run(site, "start", "--html", str(tmp_path / "h"), "--timezone", "Asia/Shangai")
    assert result.exit_code == 1
    assert "unknown timezone 'Asia/Shangai' — did you mean 'Asia/Shanghai'?" in result.output
    result = run(site, "start", "-o", str(site / "docs" / "pack.pdf"))
    assert result.exit_code == 1
    assert "inside docs/" in result.output
    assert "Traceback" not in result.output


def test_missing_chromium_is_a_clear_error(site, tmp_path, monkeypatch):
    import eduplat.pack

    monkeypatch.setattr(eduplat.pack, "CHROMIUM", tmp_path / "no-chromium")
    result = run(site, "start", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 1
    assert "Chromium is missing" in result.output
    assert not (tmp_path / "x.pdf").exists()
