from __future__ import annotations

import pytest

from eduplat.errors import SourceError
from eduplat.yamlutil import key_line, load_yaml


def test_mappings_and_lists_know_their_lines(tmp_path):
    path = tmp_path / "quiz.yml"
    path.write_text("id: basics\nquestions:\n  - prompt: one\n  - prompt: two\n", "utf-8")
    data = load_yaml(path)
    assert data.line_of("questions") == 2
    assert data["questions"].line_of(1) == 4
    assert data["questions"][1].line_of("prompt") == 4


def test_duplicate_keys_are_an_error_with_both_lines(tmp_path):
    path = tmp_path / "quiz.yml"
    path.write_text("id: a\ntitle: x\nid: b\n", "utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert info.value.line == 3
    assert "duplicate key 'id' (first at line 1)" in str(info.value)


def test_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yml"
    path.write_text("a: 1\nb: [1, 2\nc: 3\n", "utf-8")
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert "YAML syntax error" in str(info.value)
    assert "started at line 2" in str(info.value)


def test_non_utf8_file_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("title: caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError) as info:
        load_yaml(path)
    assert str(info.value) == f"{path}: not UTF-8 at line 1 (byte 0xE9) — save it as UTF-8"


def test_key_line_reads_mkdocs_yml_with_custom_tags(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: !ENV [NAME, x]\n"
        "plugins:\n"
        "  - search\n"
        "  - eduplat:\n"
        "      enabled: true\n"
        "      cache_dir: .c\n",
        "utf-8",
    )
    assert key_line(path, ["plugins", "eduplat", "cache_dir"]) == 6
    assert key_line(path, ["plugins", "search"]) == 3
    assert key_line(path, ["plugins", "missing"]) is None


def test_only_yaml_1_2_booleans(tmp_path):
    path = tmp_path / "quiz.yml"
    path.write_text("feedback: Yes\nother: off\nanswer: true\nno_answer: False\n", "utf-8")
    data = load_yaml(path)
    assert data == {"feedback": "Yes", "other": "off", "answer": True, "no_answer": False}
