"""Each assumption eduplat.upstream makes about MkDocs, checked against the installed one.

When one of these fails after an upgrade, fix the one function in eduplat/upstream.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, PluginError

from eduplat import upstream
from eduplat.config import EduplatConfig


class _Inner(base.Config):
    depth = c.Type(int, default=1)


class _Sample(base.Config):
    name = c.Type(str, default="x")
    class_ = c.Type((int, str), default=0)  # a reserved word: MkDocs drops the underscore
    inner = c.SubConfig(_Inner)


@pytest.mark.parametrize("config_class", [_Sample, _Inner, EduplatConfig])
def test_config_schema_lists_the_options_a_config_instance_has(config_class):
    schema = upstream.config_schema(config_class)
    # A config instance is a mapping of every option to its default (public API).
    assert [key for key, _ in schema] == list(config_class())
    for key, option in schema:
        assert isinstance(option, base.BaseConfigOption)
        attribute = key if hasattr(config_class, key) else f"{key}_"
        assert getattr(config_class, attribute) is option


def test_config_schema_renames_a_trailing_underscore():
    assert [key for key, _ in upstream.config_schema(_Sample)] == ["name", "class", "inner"]


def test_type_checked_is_what_the_option_validates():
    assert upstream.type_checked(c.Type(int)) is int
    assert upstream.type_checked(c.Type((int, str))) == (int, str)
    option = c.Type(int)
    assert option.validate(3) == 3
    with pytest.raises(base.ValidationError, match="int"):
        option.validate("three")


def _config_errors(tmp_path: Path, yaml_text: str, caplog: pytest.LogCaptureFixture) -> list[str]:
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(yaml_text, "utf-8")
    (tmp_path / "docs").mkdir(exist_ok=True)
    with caplog.at_level(logging.ERROR, logger="mkdocs.config"), pytest.raises(Abort):
        load_config(str(config_file))
    return [r.getMessage() for r in caplog.records if r.name.startswith("mkdocs.config")]


def test_config_message_matches_mkdocs_wording_for_an_option(tmp_path, caplog):
    messages = _config_errors(tmp_path, "site_name: t\nsite_url: [1]\n", caplog)
    assert len(messages) == 1
    match = upstream.config_message(messages[0])
    assert match is not None, messages[0]
    assert match.group("key") == "site_url"
    assert not messages[0][match.end() :].startswith("Config value")


def test_config_message_matches_mkdocs_wording_for_a_plugin_option(tmp_path, caplog):
    yaml_text = "site_name: t\nplugins:\n  - search:\n      min_search_length: nope\n"
    messages = _config_errors(tmp_path, yaml_text, caplog)
    assert len(messages) == 1
    match = upstream.config_message(messages[0])
    assert match is not None, messages[0]
    assert match.group("key") == "plugins"
    rest = messages[0][match.end() :]
    assert rest == "Expected type: <class 'int'> but received: <class 'str'>"


def test_config_message_is_none_for_other_lines():
    assert upstream.config_message("Building documentation...") is None


def test_unknown_option_warning_is_recognised():
    config = _Inner()
    config.load_dict({"depth": 2, "dpeth": 3})
    errors, warnings = config.validate()
    assert errors == []
    assert [upstream.is_unknown_option_warning(message) for _, message in warnings] == [True]
    assert not upstream.is_unknown_option_warning("The 'depth' option is deprecated")


def test_build_error_is_the_plugin_error_behind_the_abort(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Hi\n", "utf-8")
    (tmp_path / "hooks.py").write_text(
        "from mkdocs.exceptions import PluginError\n\n"
        "def on_files(files, config):\n"
        "    raise PluginError('the hook failed')\n",
        "utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nhooks:\n  - hooks.py\n", "utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    with pytest.raises(Abort) as caught:
        build(config)
    error = upstream.build_error(caught.value)
    assert isinstance(error, PluginError)
    assert str(error) == "the hook failed"


def test_build_error_is_none_for_an_abort_of_its_own():
    assert upstream.build_error(Abort("Aborted with 1 warnings in strict mode!")) is None
