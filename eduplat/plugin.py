"""The MkDocs plugin: hook wiring only; the work happens in the domain packages."""

from __future__ import annotations

from typing import Any

from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger

from eduplat.config import EduplatConfig, unknown_option_errors
from eduplat.i18n import Translator, translator

__all__ = ["EduplatPlugin"]

log = get_plugin_logger(__name__)

_UNRECOGNISED = "Unrecognised configuration name"


class EduplatPlugin(BasePlugin[EduplatConfig]):
    """Turns tutorials, quizzes and webinar schedules into Material pages."""

    def __init__(self) -> None:
        self.t: Translator = translator(None)

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        # MkDocs only warns about unknown plugin options; a typo must not silently do nothing.
        unknown = unknown_option_errors(options, EduplatConfig, config_file_path)
        errors, warnings = super().load_config(options, config_file_path)
        warnings = [(key, msg) for key, msg in warnings if _UNRECOGNISED not in msg]
        return [(key, ValidationError(msg)) for key, msg in unknown] + errors, warnings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.t = translator(config.theme.get("language"))
        return config

    def check(self, config: MkDocsConfig) -> list[str]:
        """Validate every eduplat source without building; raise on the first problem."""
        return [f"{config.config_file_path}: configuration is valid"]
