"""The only place that knows MkDocs internals: what its API does not publish, read here.

eduplat needs a few things MkDocs 1.6 has no public API for: the option objects of a
class-based config (to generate the configuration reference and to suggest a known option
for an unknown one), the type a ``config_options.Type`` checks, the wording MkDocs logs a
configuration error or an unknown option with, and how ``mkdocs build`` wraps a plugin's
error. Each is one function below, and ``tests/unit/test_upstream.py`` checks each
assumption against the installed MkDocs, so an upgrade that changes one fails there, by
name, instead of somewhere in a build.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import Abort, BuildError

__all__ = [
    "build_error",
    "config_message",
    "config_schema",
    "is_unknown_option_warning",
    "type_checked",
]

# "Config value 'KEY': [Plugin 'NAME' option 'OPTION': ]TEXT", as mkdocs.config logs it.
_CONFIG_MESSAGE = re.compile(
    r"^Config value '(?P<key>[^']+)': (?:Plugin '[^']+' option '[^']+': )?"
)
_UNKNOWN_OPTION = "Unrecognised configuration name"


def config_schema(
    config_class: type[base.Config],
) -> Sequence[tuple[str, base.BaseConfigOption[Any]]]:
    """The ``(key, option)`` pairs of a class-based config, in declaration order.

    MkDocs keeps them in ``Config._schema`` (built by ``Config.__init_subclass__``, which
    also turns an attribute ``class_`` into the key ``class``) and offers no accessor.
    """
    return config_class._schema


def type_checked(option: c.Type[Any]) -> type | tuple[type, ...]:
    """The type (or tuple of types) that ``config_options.Type(type_)`` accepts.

    MkDocs stores the constructor's ``type_`` as ``Type._type`` and has no accessor.
    """
    return option._type  # type: ignore[no-any-return]


def config_message(message: str) -> re.Match[str] | None:
    """Match MkDocs' log line for an invalid option: group ``key``, then the bare text.

    ``mkdocs.config`` logs "Config value 'nav': ..." and, for a plugin's option, "Config
    value 'plugins': Plugin 'eduplat' option 'x': ..."; ``match.end()`` is where the
    message proper starts. None for any other line.
    """
    return _CONFIG_MESSAGE.match(message)


def is_unknown_option_warning(message: str) -> bool:
    """Whether a config warning is MkDocs' "Unrecognised configuration name: x"."""
    return _UNKNOWN_OPTION in message


def build_error(exc: Abort) -> BuildError | None:
    """The build error (e.g. a plugin's ``PluginError``) behind ``mkdocs build``'s Abort.

    ``mkdocs.commands.build`` logs a ``BuildError`` and raises ``Abort`` while handling
    it, without ``from``: the error is only the Abort's implicit ``__context__``.
    """
    cause = exc.__context__
    return cause if isinstance(cause, BuildError) else None
