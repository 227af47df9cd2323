"""The ``plugins: - eduplat:`` options, one docstring under each.

The docstrings are the documentation: the manual's configuration reference is generated
from this module by [reference_markdown][eduplat.config.reference_markdown], so it cannot
drift from the code.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from eduplat.errors import did_you_mean, display_path
from eduplat.yamlutil import key_line

__all__ = ["EduplatConfig", "reference_markdown", "unknown_option_errors"]


class EduplatConfig(base.Config):
    """Options of the ``eduplat`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn eduplat off without removing it, e.g. `enabled: !ENV [EDUPLAT, true]`."""


@dataclass(frozen=True)
class OptionDoc:
    """One documented option, as shown in the configuration reference."""

    name: str
    type: str
    default: str
    doc: str


def _attribute_docstrings(cls: type) -> dict[str, str]:
    """Docstrings written under class attributes (PEP 257 "attribute docstrings")."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body  # type: ignore[attr-defined]
    docs: dict[str, str] = {}
    for node, following in itertools.pairwise(body):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[node.targets[0].id] = inspect.cleandoc(following.value.value)
    return docs


def _type_name(option: Any) -> str:
    if isinstance(option, c.Optional):
        return _type_name(option.option)
    if isinstance(option, c.Choice):
        return " | ".join(f"`{choice}`" for choice in option.choices)
    if isinstance(option, c.SubConfig):
        return "mapping"
    if isinstance(option, c.ListOfItems):
        return f"list of {_type_name(option.option_type)}"
    if isinstance(option, c.DictOfItems):
        return f"mapping of {_type_name(option.option_type)}"
    if isinstance(option, c.Type):
        kind = option._type  # the documented way to read it back
        if isinstance(kind, tuple):
            return " | ".join(t.__name__ for t in kind)
        return str(kind.__name__)
    return type(option).__name__.lower()


def _default(option: Any) -> str:
    if isinstance(option, c.SubConfig):
        return ""
    default = option.default
    if default is None:
        return "none"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if default == [] or default == {}:
        return "empty"
    return f"`{default}`"


def iter_options(config_class: type[base.Config], prefix: str = "") -> Iterator[OptionDoc]:
    """Yield every option of ``config_class`` and its sub-configs, depth first."""
    docs = _attribute_docstrings(config_class)
    for name, option in config_class._schema:
        full = f"{prefix}{name}"
        yield OptionDoc(full, _type_name(option), _default(option), docs.get(name, ""))
        if isinstance(option, c.SubConfig) and isinstance(option.config_class, type):
            yield from iter_options(option.config_class, prefix=f"{full}.")


def reference_markdown(config_class: type[base.Config] = EduplatConfig) -> str:
    """Render the configuration reference page (Markdown) from the option docstrings."""
    lines = [
        "# Configuration reference",
        "",
        "All options go under the plugin in `mkdocs.yml`:",
        "",
        "```yaml",
        "plugins:",
        "  - search",
        "  - eduplat:",
        "      enabled: true",
        "```",
        "",
        "Paths are relative to the folder of `mkdocs.yml`. An unknown option is an error",
        "that names its line and suggests the closest known option.",
        "",
        "<!-- Generated from eduplat/config.py by eduplat.config.reference_markdown. -->",
        "",
    ]
    for option in iter_options(config_class):
        depth = option.name.count(".")
        lines.append(f"{'#' * (2 + min(depth, 2))} `{option.name}`")
        lines.append("")
        facts = f"Type: {option.type}"
        if option.default:
            facts += f" · Default: {option.default}"
        lines.extend([facts, "", option.doc or "Undocumented.", ""])
    return "\n".join(lines)


def unknown_option_errors(
    options: Mapping[str, Any],
    config_class: type[base.Config],
    config_file: str | None,
    yaml_keys: tuple[str | int, ...] = ("plugins", "eduplat"),
) -> list[tuple[str, str]]:
    """Report unknown keys, recursively, as ``(option, message)`` errors.

    MkDocs only *warns* about unknown plugin options, so a typo silently does nothing
    outside ``--strict``. eduplat treats them as errors with the line and a suggestion.
    """
    errors: list[tuple[str, str]] = []
    schema = dict(config_class._schema)
    for key, value in options.items():
        path = (*yaml_keys, key)
        option = schema.get(key)
        if option is None:
            where = ""
            if config_file:
                line = key_line(Path(config_file), path)
                shown = display_path(Path(config_file))
                where = f"{shown}:{line}: " if line else f"{shown}: "
            message = f"{where}unknown option '{key}'"
            suggestion = did_you_mean(key, schema)
            hint = suggestion or f"known options: {', '.join(sorted(schema))}"
            errors.append((".".join(str(p) for p in path[2:]), f"{message} — {hint}"))
        elif (
            isinstance(option, c.SubConfig)
            and isinstance(option.config_class, type)
            and isinstance(value, Mapping)
        ):
            errors.extend(unknown_option_errors(value, option.config_class, config_file, path))
    return errors
