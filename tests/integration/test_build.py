"""Build tiny sites through the plugin (MkDocs API) and through the CLI."""

from __future__ import annotations

import logging

import pytest
from click.testing import CliRunner
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config as mkdocs_load_config
from mkdocs.exceptions import Abort

from eduplat.cli import cli
from tests.conftest import tree_digest

FAILING_HOOK = """\
from mkdocs.exceptions import PluginError

def on_post_build(config):
    raise PluginError("the hook failed on purpose")
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_plugin_builds_through_the_mkdocs_api(make_site):
    config_file = make_site()
    config = mkdocs_load_config(str(config_file))
    assert "eduplat" in config.plugins
    mkdocs_build(config)
    assert "Welcome to the test site" in (config_file.parent / "site/index.html").read_text()


def test_plain_mkdocs_reports_unknown_option_with_line(make_site, caplog):
    config_file = make_site(plugin_options="tutorial_dir: x\n")
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        mkdocs_load_config(str(config_file))
    assert "mkdocs.yml:9: unknown option 'tutorial_dir'" in caplog.text


def test_cli_build_writes_site(make_site, chdir):
    config_file = make_site()
    chdir(config_file.parent)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert (config_file.parent / "site" / "index.html").is_file()
    leftovers = [p.name for p in config_file.parent.iterdir() if "eduplat-" in p.name]
    assert leftovers == []


@pytest.mark.kernel  # the new site's example tutorial runs
def test_new_site_builds_strict(tmp_path, chdir):
    target = tmp_path / "course"
    result = run("new", str(target))
    assert result.exit_code == 0, result.output
    for rel in ("mkdocs.yml", "docs/index.md", "webinars.yml", "tutorials", "quizzes"):
        assert (target / rel).exists(), rel
    chdir(target)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert "course" in (target / "site" / "index.html").read_text()


@pytest.mark.kernel  # the copied template runs
def test_new_offers_a_tutorial_template_that_builds_once_copied(tmp_path, chdir):
    target = tmp_path / "course"
    assert run("new", str(target)).exit_code == 0
    template = target / "tutorials" / "_template.py"
    assert template.is_file()
    chdir(target)
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    assert not (target / "site" / "tutorials" / "_template").exists(), "templates are not built"
    (target / "tutorials" / "my-topic.py").write_text(template.read_text())
    result = run("build", "--strict")
    assert result.exit_code == 0, result.output
    page = (target / "site" / "tutorials" / "my-topic" / "index.html").read_text()
    for heading in ("Step 1", "Check", "Summary", "Exercises", "Sources"):
        assert heading in page, heading
    assert "double(21) is 42, as claimed" in page
    assert "ValueError" in page


def test_new_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "keep.txt").write_text("mine")
    result = run("new", str(tmp_path))
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert "--force" in result.output


@pytest.fixture
def built_site(make_site, chdir):
    """A site built once, and the digest of its site/ to compare after a failed build."""
    config_file = make_site()
    chdir(config_file.parent)
    assert run("build").exit_code == 0
    return config_file, tree_digest(config_file.parent / "site")


def test_unknown_option_is_one_message_with_line_and_site_untouched(built_site):
    config_file, before = built_site
    config_file.write_text(
        config_file.read_text().replace("  - eduplat", "  - eduplat:\n      enabeld: true")
    )
    result = run("build")
    assert result.exit_code == 1
    assert "mkdocs.yml:9: unknown option 'enabeld' — did you mean 'enabled'?" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(config_file.parent / "site") == before


def test_yaml_error_names_line_and_leaves_site_untouched(built_site):
    config_file, before = built_site
    config_file.write_text(config_file.read_text().replace("theme:\n", "theme:\n name: [\n"))
    result = run("build")
    assert result.exit_code == 1
    assert result.output.startswith("mkdocs.yml:")
    assert "YAML syntax error" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(config_file.parent / "site") == before


def test_failed_build_leaves_previous_site_and_no_temp_folder(built_site):
    config_file, before = built_site
    (config_file.parent / "hook.py").write_text(FAILING_HOOK)
    config_file.write_text(config_file.read_text() + "hooks:\n  - hook.py\n")
    result = run("build")
    assert result.exit_code == 1
    assert "the hook failed on purpose" in result.output
    assert tree_digest(config_file.parent / "site") == before
    assert [p.name for p in config_file.parent.iterdir() if "eduplat-" in p.name] == []


def test_debug_shows_the_traceback(built_site):
    config_file, _ = built_site
    config_file.write_text(config_file.read_text().replace("theme:\n", "theme:\n name: [\n"))
    result = run("build", "--debug")
    assert result.exit_code == 1
    assert result.exc_info is not None
    assert type(result.exception).__name__ == "ConfigError"


def test_strict_fails_on_warnings(make_site, chdir):
    config_file = make_site({"docs/index.md": "# Home\n\n[broken](missing.md)\n"})
    chdir(config_file.parent)
    assert run("build").exit_code == 0
    result = run("build", "--strict")
    assert result.exit_code == 1
    assert "missing.md" in result.output


def test_unknown_mkdocs_setting_is_located(make_site, chdir):
    config_file = make_site()
    config_file.write_text(config_file.read_text() + "use_directory_urls: maybe\n")
    chdir(config_file.parent)
    result = run("build")
    assert result.exit_code == 1
    assert "mkdocs.yml:9: 'use_directory_urls':" in result.output


def test_missing_config_file_hint(tmp_path, chdir):
    chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert "no mkdocs.yml in this folder" in result.output
    assert "eduplat new" in result.output


def test_bad_usage_exits_2():
    result = run("build", "--no-such-option")
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_check_validates_without_building(make_site, chdir):
    config_file = make_site()
    chdir(config_file.parent)
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "All sources are valid." in result.output
    assert not (config_file.parent / "site").exists()


def test_check_requires_the_plugin(make_site, chdir):
    config_file = make_site()
    config_file.write_text(config_file.read_text().replace("  - eduplat\n", ""))
    chdir(config_file.parent)
    result = run("check")
    assert result.exit_code == 1
    assert "the eduplat plugin is not enabled" in result.output


def test_flagship_site_has_generated_reference_pages(flagship_site):
    configuration = (flagship_site / "reference" / "configuration" / "index.html").read_text()
    assert "Turn eduplat off without removing it" in configuration
    cli_page = (flagship_site / "reference" / "cli" / "index.html").read_text()
    assert "eduplat build" in cli_page
    assert "--strict" in cli_page
    api = (flagship_site / "reference" / "api" / "index.html").read_text()
    assert "SourceError" in api
