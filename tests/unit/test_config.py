from __future__ import annotations

import pytest

from eduplat.config import EduplatConfig, iter_options, reference_markdown
from eduplat.plugin import EduplatPlugin


def test_every_option_is_documented():
    undocumented = [o.name for o in iter_options(EduplatConfig) if not o.doc]
    assert not undocumented, f"options without a docstring: {undocumented}"


def test_reference_lists_every_option_with_its_docstring():
    page = reference_markdown()
    for option in iter_options(EduplatConfig):
        assert f"`{option.name}`" in page
        assert option.doc.splitlines()[0] in page


def test_unknown_option_is_an_error_with_line_and_suggestion(tmp_path, chdir):
    chdir(tmp_path)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        "site_name: x\nplugins:\n  - eduplat:\n      enabeld: false\n", encoding="utf-8"
    )
    errors, warnings = EduplatPlugin().load_config({"enabeld": False}, str(config_file))
    assert [(key, str(msg)) for key, msg in errors] == [
        ("enabeld", "mkdocs.yml:4: unknown option 'enabeld' — did you mean 'enabled'?")
    ]
    assert warnings == []


def test_wrong_type_is_an_error():
    errors, _ = EduplatPlugin().load_config({"enabled": "yes please"})
    assert [(key, str(msg)) for key, msg in errors] == [
        ("enabled", "Expected type: <class 'bool'> but received: <class 'str'>")
    ]


def test_valid_options_load():
    plugin = EduplatPlugin()
    errors, warnings = plugin.load_config({"enabled": False})
    assert (errors, warnings) == ([], [])
    assert plugin.config.enabled is False


def test_output_limits_take_a_size_or_a_mapping():
    from eduplat.tutorials.model import OutputLimits

    plugin = EduplatPlugin()
    options = {"tutorials": {"max_output": {"cell": "1 MB"}, "max_output_bytes": "20 kB"}}
    assert plugin.load_config(options) == ([], [])
    assert plugin.config.tutorials.max_output == OutputLimits(cell=1_000_000)
    assert plugin.config.tutorials.max_output_bytes == 20_000
    assert EduplatPlugin().load_config({})[0] == []
    errors, _ = EduplatPlugin().load_config({"tutorials": {"max_output": "huge"}})
    assert "expected a size such as '2 MB'" in str(errors[0][1])


@pytest.mark.parametrize(
    ("value", "loaded"), [("pyodide", "pyodide"), (False, None), ("off", None), (None, None)]
)
def test_run_in_page_is_pyodide_or_off(value, loaded):
    plugin = EduplatPlugin()
    assert plugin.load_config({"tutorials": {"run_in_page": value}}) == ([], [])
    assert plugin.config.tutorials.run_in_page == loaded
    assert plugin.config.tutorials.pyodide_url.startswith("https://cdn.jsdelivr.net/pyodide/v")


@pytest.mark.parametrize("value", [True, "jupyterlite", 1])
def test_run_in_page_rejects_anything_else(value):
    errors, _ = EduplatPlugin().load_config({"tutorials": {"run_in_page": value}})
    assert "expected 'pyodide' or false" in str(errors[0][1])


def test_run_in_page_is_off_by_default():
    plugin = EduplatPlugin()
    plugin.load_config({})
    assert plugin.config.tutorials.run_in_page is None
