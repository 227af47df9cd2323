"""Generated pages lead on, through a real build: nav highlight, previous/next, related."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from eduplat.cli import cli

MKDOCS = """\
site_name: Pathways
site_url: https://example.org/
theme:
  name: material
  font: false
  features: [navigation.footer]
nav:
  - Home: index.md
  - Tutorials: tutorials/index.md
  - Quizzes: quizzes/index.md
  - Webinars: webinars/index.md
plugins:
  - search
  - eduplat:
      tutorials:
        execute: false
"""


def tutorial(title: str, order: int) -> str:
    return f"# ---\n# title: {title}\n# order: {order}\n# ---\n\n# %%\nprint('{title}')\n"


FILES = {
    "tutorials/alpha.py": tutorial("Alpha", 1),
    "tutorials/beta.py": tutorial("Beta", 2),
    "tutorials/gamma.py": tutorial("Gamma", 3),
    "quizzes/on-beta.yml": (
        "id: on-beta\ntitle: Beta check\norder: 1\nquestions:\n"
        "  - {type: true_false, prompt: x, answer: true, teaches: tutorials/beta.md#top}\n"
    ),
    "quizzes/other.yml": (
        "id: other\ntitle: Other quiz\norder: 2\nquestions:\n"
        "  - {type: true_false, prompt: y, answer: true}\n"
    ),
    "webinars.yml": (
        "timezone: UTC\nsessions:\n"
        "  - {id: live-beta, title: Beta live, start: 2030-01-01 10:00, duration: 60,"
        " tutorials: [beta]}\n"
        "  - {id: later, title: Later, start: 2030-02-01 10:00, duration: 60}\n"
    ),
}


def built(make_site, chdir) -> Path:
    config = make_site(FILES, mkdocs_yml=MKDOCS)
    chdir(config.parent)
    result = CliRunner().invoke(cli, ["build", "--strict"])
    assert result.exit_code == 0, result.output
    return config.parent / "site"


def footer(html: str) -> tuple[str | None, str | None]:
    def label(kind: str) -> str | None:
        marker = f'md-footer__link--{kind}" aria-label="'
        if marker not in html:
            return None
        return html.split(marker, 1)[1].split('"', 1)[0]

    return label("prev"), label("next")


def active_nav(html: str) -> list[str]:
    """Labels of the nav items marked active."""
    return re.findall(
        r'md-nav__item--active">\s*<a [^>]*>.*?<span class="md-ellipsis">\s*(.*?)\s*</span>',
        html,
        re.S,
    )


def test_tutorials_quizzes_and_sessions_lead_on(make_site, chdir):
    site = built(make_site, chdir)
    beta = (site / "tutorials" / "beta" / "index.html").read_text()
    assert footer(beta) == ("Previous: Alpha", "Next: Gamma")
    assert active_nav(beta) == ["Tutorials"]
    related = beta.split('class="eduplat-related"', 1)[1].split("</div>", 1)[0]
    assert '<a href="../../quizzes/on-beta/">Beta check</a>' in related
    assert '<a href="../../webinars/live-beta/">Beta live</a>' in related
    assert "Other quiz" not in related
    alpha = (site / "tutorials" / "alpha" / "index.html").read_text()
    assert footer(alpha) == (None, "Next: Beta")
    assert 'class="eduplat-related"' not in alpha, "nothing relates to it"

    quiz = (site / "quizzes" / "on-beta" / "index.html").read_text()
    assert footer(quiz) == (None, "Next: Other quiz")
    assert active_nav(quiz) == ["Quizzes"]
    session = (site / "webinars" / "live-beta" / "index.html").read_text()
    assert footer(session) == (None, "Next: Later")
    assert active_nav(session) == ["Webinars"]

    # Nav pages keep MkDocs' own links, and the highlight is undone after each page.
    index = (site / "tutorials" / "index.html").read_text()
    assert footer(index) == ("Previous: Home", "Next: Quizzes")
    assert active_nav(index) == []  # the current page itself is not an "active item" link
    home = (site / "index.html").read_text()
    assert "Tutorials" not in active_nav(home)
