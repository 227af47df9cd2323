"""YAML loading that remembers where every key came from, and typed reads of its values.

User data files (quizzes, webinars, learning paths, tutorial front matter) and ``mkdocs.yml``
are YAML; every validation message names ``file:line``, so mappings and lists keep the line
of each entry. Duplicate keys, which PyYAML silently overwrites, are an error here.
[Fields][eduplat.yamlutil.Fields] is the one way a loader turns those values into a typed
record: each read checks one key and fails as ``file:line: where: what — how``, with a
"did you mean" for an unknown key or choice. This module knows nothing of MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import yaml

from eduplat.errors import SourceError, did_you_mean
from eduplat.textio import read_text  # re-exported: loaders used to import it from here

__all__ = [
    "Fields",
    "LineDict",
    "LineList",
    "check_keys",
    "is_blank",
    "key_line",
    "load_yaml",
    "one_line",
    "read_text",
    "yaml_syntax_error",
]


class LineDict(dict[str, Any]):
    """A mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)

    @classmethod
    def of(
        cls, values: Mapping[str, Any], line: int = 0, key_lines: Mapping[str, int] | None = None
    ) -> LineDict:
        """A LineDict of ``values`` at ``line`` (0: unknown), with the given key lines."""
        result = cls(values)
        result.line = line
        result.key_lines = dict(key_lines or {})
        return result


class LineList(list[Any]):
    """A list that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    @classmethod
    def of(cls, values: Iterable[Any], line: int = 0) -> LineList:
        """A LineList of ``values``, all at ``line`` (0: unknown)."""
        result = cls(values)
        result.line = line
        result.item_lines = [line] * len(result)
        return result

    def line_of(self, index: int) -> int:
        """Line of item ``index``."""
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings and sequences carry line numbers."""

    def __init__(self, stream: str, path: Path) -> None:
        super().__init__(stream)
        self.path = path

    def construct_line_mapping(self, node: yaml.MappingNode) -> LineDict:
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise SourceError(
                    self.path,
                    "a mapping key must be a plain value",
                    line=key_node.start_mark.line + 1,
                )
            key = str(key) if not isinstance(key, str) else key
            if key in result:
                raise SourceError(
                    self.path,
                    f"duplicate key '{key}' (first at line {result.key_lines[key]})",
                    line=key_node.start_mark.line + 1,
                    hint="YAML keeps only the last one; remove or rename one of them",
                )
            result.key_lines[key] = key_node.start_mark.line + 1
            result[key] = self.construct_object(value_node, deep=True)
        return result

    def construct_line_sequence(self, node: yaml.SequenceNode) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [child.start_mark.line + 1 for child in node.value]
        return result


# YAML 1.2 booleans only: in 1.1 'feedback: Yes' or 'answer: no' silently become booleans.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _LineLoader.construct_line_mapping,
)
_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    _LineLoader.construct_line_sequence,
)


def yaml_syntax_error(
    path: Path, exc: yaml.MarkedYAMLError, error_class: type[SourceError] = SourceError
) -> SourceError:
    """A SourceError for a YAML syntax error, at the line PyYAML points to."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    if exc.context:
        context = exc.context
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            context += f" (started at line {exc.context_mark.line + 1})"
        problem = f"{context}: {problem}"
    hint = "check the indentation, colons and quotes around this line"
    if "mapping values are not allowed" in problem:
        hint = "put text that contains ': ' in quotes, e.g. feedback: \"Right: it is 32 bytes\""
    return error_class(
        path,
        f"YAML syntax error: {problem}",
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Load a YAML file into LineDict/LineList values; errors name the file and line."""
    if text is None:
        text = read_text(path)
    loader = _LineLoader(text, path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise yaml_syntax_error(path, exc) from exc
    except yaml.YAMLError as exc:
        raise SourceError(path, f"YAML error: {exc}") from exc
    finally:
        loader.dispose()


def key_line(path: Path, keys: Sequence[str | int]) -> int | None:
    """Line of the node at ``keys`` in any YAML file, custom tags (``!ENV``...) included.

    Only composes the document (no tags are constructed), so it works on ``mkdocs.yml``.
    A string key matches a mapping key; an int picks a sequence item. In a sequence, a
    string key also matches an item that is, or is a mapping whose only key is, that name
    (how ``plugins:`` entries are written). Returns None when the path is not found.
    """
    try:
        node = yaml.compose(read_text(path), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, SourceError, OSError):
        return None
    line = None
    for key in keys:
        if node is None:
            return None
        found = None
        if isinstance(node, yaml.MappingNode) and isinstance(key, str):
            for key_node, value_node in node.value:
                if getattr(key_node, "value", None) == key:
                    found, line = value_node, key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode):
            if isinstance(key, int):
                if key < len(node.value):
                    found = node.value[key]
                    line = found.start_mark.line + 1
            else:
                for item in node.value:
                    if isinstance(item, yaml.ScalarNode) and item.value == key:
                        found, line = item, item.start_mark.line + 1
                        break
                    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                        key_node, value_node = item.value[0]
                        if getattr(key_node, "value", None) == key:
                            found, line = value_node, key_node.start_mark.line + 1
                            break
        if found is None:
            return None
        node = found
    return line


def check_keys(path: Path, data: LineDict, known: Iterable[str], where: str) -> None:
    """Raise on the first key of ``data`` not in ``known``, at its line, with a "did you
    mean" (or the list of known keys) as the hint."""
    known = set(known)
    for key in data:
        if key not in known:
            raise SourceError(
                path,
                f"{where}: unknown key '{key}'",
                line=data.line_of(key),
                hint=did_you_mean(key, known) or f"known keys: {', '.join(sorted(known))}",
            )


def is_blank(value: Any) -> bool:
    """Whether a YAML value says nothing: ``key:`` (null), ``""`` or only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


# What str.splitlines() breaks on, plus the other control characters no one-line text holds.
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def one_line(
    path: Path,
    value: str,
    what: str,
    line: int | None,
    hint: str = "remove the line break; in YAML a '|' block or a \\n in double quotes makes one",
) -> str:
    """``value`` when it fits on one line; else ``path:line: <what> must be one line``.

    Titles, names, ids, tags and locations land in one-line places: iCalendar properties,
    HTML attributes and headings, GIFT and Moodle names. A line break there would break
    the page or inject a calendar property, so it is refused at load, with the field.
    """
    if _LINE_BREAK.search(value):
        raise SourceError(
            path,
            f"{what} must be one line",
            line=line,
            hint=hint,
        )
    control = _CONTROL.search(value)
    if control:
        raise SourceError(
            path,
            f"{what} contains the control character U+{ord(control.group()):04X}",
            line=line,
            hint="remove it: it is invisible and calendars, feeds and pages reject it",
        )
    return value


C = TypeVar("C", bound=str)
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


class Fields:
    """Typed values out of the mappings of one YAML file, each error at ``file:line``.

    A loader subclasses it (or makes one) per file and reads every key through it, so the
    same mistake reads the same in quizzes, webinars, learning paths and tutorial metadata:
    ``file:line: <where>: '<key>' <what is wrong> — <how to fix>``. ``where`` says which
    record (``quiz``, ``question 3``, ``session 'intro'``, ``tutorial metadata``). A line of
    0 means "not known" (metadata embedded in a notebook's JSON).
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def error(self, line: int | None, message: str, hint: str | None = None) -> SourceError:
        """A SourceError in this file at ``line``."""
        return SourceError(self.path, message, line=line or None, hint=hint)

    def mapping(self, value: Any, line: int, where: str) -> LineDict:
        """``value`` when it is a mapping, else ``<where> must be a mapping``."""
        if not isinstance(value, LineDict):
            raise self.error(line, f"{where} must be a mapping of keys to values")
        return value

    def listing(self, value: Any, line: int, where: str) -> LineList:
        """``value`` when it is a list, else ``<where> must be a list``."""
        if not isinstance(value, LineList):
            raise self.error(line, f"{where} must be a list", "start each item with '- '")
        return value

    def items(self, data: LineDict, key: str, where: str) -> LineList:
        """The list under ``key``; an empty one when absent or empty (``key:``)."""
        value = data.get(key)
        if value is None:
            return LineList.of([], data.line_of(key))
        return self.listing(value, data.line_of(key), f"{where}: '{key}'")

    def keys(self, data: LineDict, known: Iterable[str], where: str) -> None:
        """Refuse the first key not in ``known``, with a "did you mean" (see [check_keys][])."""
        check_keys(self.path, data, known, where)

    def given(self, data: LineDict, key: str, where: str) -> Any:
        """The value under ``key``, None when absent; written but empty, it is an error.

        For keys with a default: ``key:`` with nothing after it is a mistake to point
        at, not a silent default.
        """
        value = data.get(key)
        if key in data and is_blank(value):
            raise self.error(
                data.line_of(key),
                f"{where}: '{key}' is empty",
                "remove the line to use the default",
            )
        return value

    def text(
        self,
        data: LineDict,
        key: str,
        where: str,
        *,
        required: bool = False,
        defaulted: bool = False,
        multiline: bool = False,
    ) -> str:
        """The text under ``key`` (``""`` when absent): one line unless ``multiline``.

        A ``required`` key must be there and say something; a ``defaulted`` one may be left
        out (the caller then uses its default) but, written with an empty value, it is an
        error rather than a silent default. Other keys may be empty.
        """
        if key not in data:
            if required:
                raise self.error(data.line, f"{where}: '{key}' is missing", f"add '{key}:'")
            return ""
        value = self.given(data, key, where) if defaulted else data[key]
        if is_blank(value):
            if required:
                raise self.error(data.line_of(key), f"{where}: '{key}' is empty", "give a value")
            return ""
        if isinstance(value, bool | list | dict):
            raise self.error(data.line_of(key), f"{where}: '{key}' must be text")
        text = str(value).strip()
        if multiline:
            return text
        return one_line(self.path, text, f"{where}: {key}", data.line_of(key))

    def slug(
        self,
        data: LineDict,
        key: str,
        where: str,
        *,
        default: str = "",
        required: bool = False,
        hint: str = "use lowercase letters, digits, '-' and '_' (it becomes the page URL)",
    ) -> str:
        """An id under ``key`` (else ``default``): lowercase letters, digits, ``-`` and ``_``.

        Ids become URLs, calendar UIDs and keys of saved progress, so every loader accepts
        the same ones.
        """
        value = self.text(data, key, where, required=required, defaulted=not required) or default
        if value and not _SLUG.fullmatch(value):
            raise self.error(data.line_of(key), f"{where}: {key} '{value}' is not a valid id", hint)
        return value

    def strings(self, data: LineDict, key: str, where: str) -> tuple[str, ...]:
        """A list of one-line words (tags, ids); a single one may be written without [ ]."""
        value = data.get(key, [])
        if not isinstance(value, list):
            value = [value]
        for item in value:
            if is_blank(item):
                raise self.error(data.line_of(key), f"{where}: '{key}' has an empty item")
            if isinstance(item, bool | list | dict):
                raise self.error(data.line_of(key), f"{where}: '{key}' must be a list of words")
        return tuple(
            one_line(self.path, str(item).strip(), f"{where}: {key}", data.line_of(key))
            for item in value
        )

    def number(self, data: LineDict, key: str, where: str) -> float | None:
        """A number under ``key``, or None when absent."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(data.line_of(key), f"{where}: '{key}' must be a number, not {value!r}")
        return float(value)

    def whole(
        self,
        data: LineDict,
        key: str,
        where: str,
        *,
        positive: bool = False,
        unit: str = "",
        hint: str | None = None,
    ) -> int | None:
        """A whole number under ``key`` (None when absent); ``positive``: 1 or more.

        ``unit`` (``minutes``) names what is counted in the message.
        """
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or (positive and value < 1):
            what = "a positive whole number" if positive else "a whole number"
            what += f" of {unit}" if unit else ""
            raise self.error(
                data.line_of(key), f"{where}: '{key}' must be {what}, not {value!r}", hint
            )
        return value

    def flag(self, data: LineDict, key: str, where: str, default: bool = False) -> bool:
        """``true`` or ``false`` under ``key``; ``default`` when absent."""
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(data.line_of(key), f"{where}: '{key}' must be true or false")
        return value

    def choice(self, data: LineDict, key: str, where: str, choices: Iterable[C]) -> C | None:
        """One of ``choices`` under ``key`` (None when absent), else ``unknown <key>`` with a
        "did you mean" or the list of choices."""
        value = self.text(data, key, where, defaulted=True)
        if not value:
            return None
        options = tuple(choices)
        for option in options:
            if option == value:
                return option
        raise self.error(
            data.line_of(key),
            f"{where}: unknown {key} '{value}'",
            did_you_mean(value, options) or f"use one of: {', '.join(options)}",
        )

    def url(self, data: LineDict, key: str, where: str, *, required: bool = False) -> str:
        """A full http(s) address under ``key``, or ``""`` when absent."""
        value = self.text(data, key, where, required=required)
        if not value:
            return ""
        parsed = urlparse(value)
        if parsed.scheme not in {"http", "https"} or not parsed.netloc:
            raise self.error(
                data.line_of(key),
                f"{where}: '{key}' is not a web address: {value!r}",
                "write a full URL starting with https://",
            )
        return value
