from __future__ import annotations

import pytest

from eduplat.errors import SourceError
from eduplat.yamlutil import Fields, LineDict, key_line, load_yaml


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


FIELDS_YAML = """\
title: ''
level: begginer
tags: [a, '']
site: ftp://example.org
shown: yes
id: Bad Id
"""


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (
            lambda f, d: f.text(d, "title", "quiz", required=True),
            "data.yml:1: quiz: 'title' is empty — give a value",
        ),
        (
            lambda f, d: f.text(d, "title", "quiz", defaulted=True),
            "data.yml:1: quiz: 'title' is empty — remove the line to use the default",
        ),
        (
            lambda f, d: f.text(d, "prompt", "quiz", required=True),
            "data.yml:1: quiz: 'prompt' is missing — add 'prompt:'",
        ),
        (
            lambda f, d: f.choice(d, "level", "quiz", ("beginner", "advanced")),
            "data.yml:2: quiz: unknown level 'begginer' — did you mean 'beginner'?",
        ),
        (
            lambda f, d: f.strings(d, "tags", "quiz"),
            "data.yml:3: quiz: 'tags' has an empty item",
        ),
        (
            lambda f, d: f.url(d, "site", "quiz"),
            (
                "data.yml:4: quiz: 'site' is not a web address: 'ftp://example.org' "
                "— write a full URL starting with https://"
            ),
        ),
        (
            lambda f, d: f.flag(d, "shown", "quiz"),
            "data.yml:5: quiz: 'shown' must be true or false",
        ),
        (
            lambda f, d: f.slug(d, "id", "quiz"),
            (
                "data.yml:6: quiz: id 'Bad Id' is not a valid id "
                "— use lowercase letters, digits, '-' and '_' (it becomes the page URL)"
            ),
        ),
        (
            lambda f, d: f.keys(d, ("title", "levels", "tags", "site", "shown", "id"), "quiz"),
            "data.yml:2: quiz: unknown key 'level' — did you mean 'levels'?",
        ),
    ],
)
def test_fields_say_where_what_and_how(tmp_path, read, message):
    path = tmp_path / "data.yml"
    path.write_text(FIELDS_YAML, "utf-8")
    with pytest.raises(SourceError) as info:
        read(Fields(path), load_yaml(path))
    assert str(info.value).endswith(message)


def test_fields_read_typed_values_and_an_unknown_line_is_none(tmp_path):
    fields = Fields(tmp_path / "nb.ipynb")
    data = LineDict.of({"tags": "one", "level": "beginner", "n": 3})
    assert fields.strings(data, "tags", "meta") == ("one",)
    assert fields.choice(data, "level", "meta", ("beginner",)) == "beginner"
    assert fields.choice(data, "absent", "meta", ("beginner",)) is None
    assert fields.number(data, "n", "meta") == 3.0
    with pytest.raises(SourceError) as info:
        fields.flag(data, "n", "meta")
    assert info.value.line is None
    assert str(info.value).endswith("nb.ipynb: meta: 'n' must be true or false")
