"""MkDocs-facing glue for each feature; the domain packages stay framework-free.

The few helpers every adapter needs (the site's folder, the tutorial cache folder, the
eduplat plugin of a loaded config) live here, once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from eduplat.plugin import EduplatPlugin

__all__ = ["CACHE_ENV", "DEFAULT_CACHE_DIR", "cache_root", "config_folder", "eduplat_plugin"]

DEFAULT_CACHE_DIR = ".eduplat-cache"
"""The tutorial cache folder, relative to mkdocs.yml, when ``cache_dir`` is not set."""
CACHE_ENV = "EDUPLAT_CACHE_DIR"
"""The environment variable that overrides ``cache_dir`` (e.g. one cache for all versions)."""


def config_folder(config: MkDocsConfig) -> Path:
    """The folder of the site's mkdocs.yml (the working folder for a config without a file)."""
    return Path(config.config_file_path or ".").resolve().parent


def cache_root(config: MkDocsConfig, cache_dir: str = DEFAULT_CACHE_DIR) -> Path:
    """The cache folder: ``EDUPLAT_CACHE_DIR``, else ``cache_dir`` next to mkdocs.yml."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else config_folder(config) / cache_dir


def eduplat_plugin(config: MkDocsConfig) -> EduplatPlugin | None:
    """The eduplat plugin of a loaded config, or None when the site does not use it."""
    from eduplat.plugin import EduplatPlugin

    return next((p for p in config.plugins.values() if isinstance(p, EduplatPlugin)), None)
