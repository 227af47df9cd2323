"""The flagship's three learning paths, the home page linking them first, and feedback."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ENGINE_NAMES, REPO


@pytest.fixture(params=ENGINE_NAMES)
def flagship_site(request, flagship_by_engine):
    """These checks hold whichever engine builds the flagship (MkDocs, ProperDocs, Zensical)."""
    return flagship_by_engine(request.param)


PATHS = {
    "wallet-safety": ("Using a wallet safely", "For Users"),
    "building-on-the-chain": ("Building on the chain", "For Developers"),
    "running-a-node": ("Running a node", "For Operators"),
}


def step_keys(flagship_site, path_id: str) -> list[str]:
    page = (flagship_site / "paths" / path_id / "index.html").read_text(encoding="utf-8")
    return re.findall(r'data-step="([^"]+)"', page)


def test_three_paths_on_the_index_users_first(flagship_site):
    index = (flagship_site / "paths" / "index.html").read_text(encoding="utf-8")
    positions = [index.index(f'href="{path_id}/"') for path_id in PATHS]
    assert positions == sorted(positions)
    for title, audience in PATHS.values():
        assert title in index
        assert audience in index


def test_developer_path_goes_from_hash_chain_to_token_audit(flagship_site):
    keys = step_keys(flagship_site, "building-on-the-chain")
    tutorials = [k.split(":", 1)[1] for k in keys if k.startswith("tutorial:")]
    assert tutorials == [
        "hash-chain",
        "merkle-tree",
        "proof-of-work",
        "lamport-signatures",
        "token-audit",
    ]
    assert "page:developers/key-management.md" in keys
    lecture = keys.index("page:developers/merkle-proof-lecture.md")
    assert keys[lecture + 1] == "tutorial:merkle-tree", "the lecture comes before the tutorial"
    assert "quiz:developer-keys" in keys
    assert "webinar:audit-workshop-2026-10" in keys


def test_user_and_operator_paths(flagship_site):
    keys = step_keys(flagship_site, "wallet-safety")
    assert keys[0] == "page:users/wallet-safety.md"
    quizzes = {k for k in keys if k.startswith("quiz:wallet-")}
    assert len(quizzes) == len(list((REPO / "quizzes").glob("wallet-*.yml")))
    assert "quiz:security-awareness" in keys
    assert {"webinar:wallet-safety-2026-11", "webinar:wallet-safety-2026-12"} <= set(keys)
    keys = step_keys(flagship_site, "running-a-node")
    assert keys[:3] == [
        "page:operators/running-a-node.md",
        "quiz:operator-basics",
        "webinar:node-operations",
    ]


def test_home_links_the_paths_first_and_pages_carry_the_bar(flagship_site):
    home = (flagship_site / "index.html").read_text(encoding="utf-8")
    article = home[home.index("<article") :]
    first_link = re.search(r'<a href="([^"]+)"', article.split("</h1>", 1)[1])
    assert first_link is not None
    assert first_link.group(1).startswith("paths/")
    tutorial = (flagship_site / "tutorials" / "merkle-tree" / "index.html").read_text()
    assert "Building on the chain</a> — step 4 of 13" in tutorial
    assert "data-eduplat-feedback" in tutorial
    assert "github.com/eduplat/eduplat/issues/new" in tutorial
