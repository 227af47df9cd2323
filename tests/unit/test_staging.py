"""The configuration a staged engine reads: the user's, minus eduplat, plus its files."""

from __future__ import annotations

import textwrap

import yaml

from eduplat.staging import derived_config, source_relative_html

SOURCE = """\
site_name: Course
INHERIT: base.yml
docs_dir: manual
theme:
  name: material
  custom_dir: overrides
extra_css: [css/mine.css]
hooks: [hooks/gen.py]
plugins:
  - search
  - eduplat:
      engine: zensical
  - tags
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
not_in_nav: |
  /drafts/*.md
extra:
  analytics: !ENV [ANALYTICS, off]
"""


def derive(tmp_path, **changes):
    source = tmp_path / "mkdocs.yml"
    source.write_text(textwrap.dedent(SOURCE), encoding="utf-8")
    options = {"added_css": [], "added_js": [], "extensions": [], "not_in_nav": [], **changes}
    return derived_config(source, **options)


class _KeepTags(yaml.SafeLoader):
    pass


_KeepTags.add_multi_constructor("", lambda loader, tag, node: f"<{tag}>")


def test_eduplat_and_hooks_removed_other_plugins_kept(tmp_path):
    config = yaml.load(derive(tmp_path), Loader=_KeepTags)
    assert config["plugins"] == ["search", "tags"]
    assert "hooks" not in config
    assert config["docs_dir"] == "docs"
    assert config["site_dir"] == "site"


def test_relative_paths_point_back_to_the_site_folder(tmp_path):
    config = yaml.load(derive(tmp_path), Loader=_KeepTags)
    assert config["theme"]["custom_dir"] == str(tmp_path / "overrides")
    assert config["INHERIT"] == str(tmp_path / "base.yml")


def test_tags_the_engine_resolves_are_written_back(tmp_path):
    text = derive(tmp_path)
    assert "!!python/name:material.extensions.emoji.twemoji" in text
    assert "!ENV [ANALYTICS, off]" in text


def test_eduplat_files_and_extensions_added_once(tmp_path):
    config = yaml.load(
        derive(
            tmp_path,
            added_css=["assets/eduplat/eduplat.css", "css/mine.css"],
            added_js=["assets/eduplat/quiz.js"],
            extensions=["attr_list", "toc", "fenced_code"],
            not_in_nav=["/tutorials/a.md"],
        ),
        Loader=_KeepTags,
    )
    assert config["extra_css"] == ["css/mine.css", "assets/eduplat/eduplat.css"]
    assert config["extra_javascript"] == ["assets/eduplat/quiz.js"]
    names = [x if isinstance(x, str) else next(iter(x)) for x in config["markdown_extensions"]]
    assert names == ["toc", "pymdownx.emoji", "attr_list"]
    assert config["not_in_nav"].splitlines() == ["/drafts/*.md", "/tutorials/a.md"]


def test_raw_html_links_become_relative_to_the_source_file():
    # Zensical resolves raw-HTML URLs from the .md file: x/b.md served at x/b/ loses a level.
    page = (
        '<video src="../../dev/v.webm#t=3"></video> <a href="solutions/?q=1">s</a> '
        '<a href="#top">t</a> <a href="/abs/">a</a> <img src="https://cdn.example/x.png">\n'
        "[markdown](../dev/page.md)\n"
        "```html\n"
        '<a href="../../dev/">shown as written</a>\n'
        "```\n"
    )
    assert source_relative_html(page, "x/b/", "x/b.md") == (
        '<video src="../dev/v.webm#t=3"></video> <a href="b/solutions/?q=1">s</a> '
        '<a href="#top">t</a> <a href="/abs/">a</a> <img src="https://cdn.example/x.png">\n'
        "[markdown](../dev/page.md)\n"
        "```html\n"
        '<a href="../../dev/">shown as written</a>\n'
        "```\n"
    )
    # An index page's folder is its URL: nothing to change.
    assert source_relative_html(page, "x/", "x/index.md") == page
