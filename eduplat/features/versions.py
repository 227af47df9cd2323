"""MkDocs side of versioned sites: what changes while building one version.

``eduplat deploy`` and ``eduplat build-versions`` hand each build a
[BuildOverrides][eduplat.site.BuildOverrides] (see [publish][eduplat.publish]); a plain
``eduplat build`` is unversioned.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pathspec
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from eduplat.i18n import Translator

if TYPE_CHECKING:
    import jinja2

    from eduplat.site import BuildOverrides

__all__ = ["VersionContext"]

#: Without ``site_url`` the root of the versioned site has no address: links to it are
#: written with this prefix and made relative to each page in ``on_post_page``.
RELATIVE_ROOT = "eduplat-versions-root:/"
_OVERRIDES = Path(__file__).resolve().parent.parent / "templates" / "overrides"
VERSIONS_JS = "assets/eduplat/versions.js"


class VersionContext:
    """The version being built (or the root webinar build), from the build's overrides."""

    def __init__(self, version: str | None, default: str, webinars_only: bool) -> None:
        self.version = version
        self.default = default
        self.webinars_only = webinars_only
        self.root = ""
        self.relative = False

    @classmethod
    def for_build(cls, overrides: BuildOverrides | None) -> VersionContext | None:
        """The context of this build, or None for an ordinary unversioned build."""
        if overrides is None or (overrides.version is None and not overrides.webinars_only):
            return None
        return cls(overrides.version, overrides.default_version, overrides.webinars_only)

    def on_config(self, config: MkDocsConfig, t: Translator, webinars_url: str) -> None:
        self.relative = not config.site_url
        site_url = (config.site_url or RELATIVE_ROOT).rstrip("/") + "/"
        if self.version is not None:
            suffix = f"{self.version}/"
            self.root = site_url[: -len(suffix)] if site_url.endswith(suffix) else site_url
            # Material's version selector reads ../versions.json (mike's layout).
            config.extra["version"] = {"provider": "mike", "default": self.default, "alias": True}
            material = next(
                (d for d in config.theme.dirs if d.endswith("material/templates")), None
            )
            position = config.theme.dirs.index(material) if material else len(config.theme.dirs)
            config.theme.dirs.insert(position, str(_OVERRIDES))
            if VERSIONS_JS not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(VERSIONS_JS)
            if config.nav is not None:
                config.nav = _replace_nav(
                    config.nav, f"{webinars_url}/index.md", f"{self.root}{webinars_url}/"
                )
        if self.webinars_only:
            # Only the schedule is built here; it goes to the root of the versioned site.
            self.root = site_url
            # Every page of docs/ is left out; theme assets stay (they are not *.md).
            config.exclude_docs = pathspec.GitIgnoreSpec.from_lines(["*.md"])
            config.nav = [
                {t("nav.webinars"): f"{webinars_url}/index.md"},
                {t("versions.docs"): f"{self.root}{self.default}/"},
            ]

    def on_env(self, env: jinja2.Environment, t: Translator) -> None:
        env.globals["eduplat_default_version"] = self.default
        env.globals["eduplat_outdated_text"] = t("versions.outdated")
        env.globals["eduplat_outdated_link"] = t("versions.go_to_default")

    def on_page_context(self, page: Page) -> None:
        """Canonical links point to the default version, where search engines should go
        (none without ``site_url``: a canonical link must be absolute)."""
        if self.version is not None and self.root and not self.relative:
            page.canonical_url = f"{self.root}{self.default}/{page.url}"

    def on_post_page(self, output: str, page: Page) -> str:
        """Without ``site_url``: links to the versioned site's root, relative to the page."""
        if not self.relative:
            return output
        depth = page.url.count("/") + (1 if self.version is not None else 0)
        return output.replace(RELATIVE_ROOT, "../" * depth)

    def on_post_template(self, output: str) -> str:
        """Theme pages (404.html): MkDocs writes their links from the host's root when there
        is no ``site_url``, so the root of the versioned site is ``/`` there."""
        return output.replace(RELATIVE_ROOT, "/") if self.relative else output

    def default_link(self, kind: str, item: str) -> tuple[str, str]:
        """A related tutorial or quiz, linked in the default version (webinar build)."""
        title = item.replace("-", " ").capitalize()
        return title, f"{self.root}{self.default}/{kind}/{item}/"


def _replace_nav(nav: Any, target: str, url: str) -> Any:
    if isinstance(nav, list):
        return [_replace_nav(item, target, url) for item in nav]
    if isinstance(nav, dict):
        return {key: _replace_nav(value, target, url) for key, value in nav.items()}
    return url if nav == target else nav
