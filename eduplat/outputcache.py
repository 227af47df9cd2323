"""Generated pages kept between builds, for features whose output is a pure function of
inputs that are cheap to fingerprint.

A warm build of a large course spends most of eduplat's time re-rendering webinar and quiz
pages and re-serialising calendars whose inputs did not change. Each feature stores what it
generated under ``<cache>/outputs/<name>.json`` with a *key*: a hash of its source files'
bytes, the site settings it reads, the page language, theme overrides of eduplat's
fragments and eduplat's own code. The next build compares keys before parsing anything and,
when they match, adds the stored files as they are, so output stays byte-identical.

A corrupt or unreadable entry counts as missing. Entries are written atomically, so two
builds sharing the folder never see half an entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

__all__ = ["OutputCache", "code_fingerprint", "digest", "files_digest", "write_json_atomic"]

log = logging.getLogger(__name__)

#: Bumped when an entry's layout changes; older entries are then ignored.
OUTPUT_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parent
# Libraries whose output ends up in generated pages and calendars.
_LIBRARIES = ("icalendar", "jinja2", "markdown", "pymdown-extensions", "nh3", "pygments")


def digest(*parts: Any) -> str:
    """A short hash of JSON-able parts (paths and other objects as their ``str``)."""
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def files_digest(paths: Iterable[Path]) -> str:
    """A hash of each file's path and bytes (a missing file hashes as missing)."""
    hasher = hashlib.sha256()
    for path in paths:
        hasher.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            hasher.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            hasher.update(b"missing")
    return hasher.hexdigest()[:32]


@cache
def code_fingerprint() -> str:
    """eduplat's own code and templates (by size and modification time) and the versions of
    the libraries that render pages: editing eduplat or upgrading one invalidates entries."""
    stats = []
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in {".py", ".html"} and path.is_file():
            stat = path.stat()
            stats.append((path.relative_to(_PACKAGE).as_posix(), stat.st_size, stat.st_mtime_ns))
    versions: list[str | None] = []
    for name in _LIBRARIES:
        try:
            versions.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            versions.append(None)
    return digest(OUTPUT_FORMAT, stats, versions)


def theme_fragments(theme_dirs: Sequence[str]) -> list[tuple[str, int, int]]:
    """eduplat fragments a theme overrides (path, size, modification time)."""
    found = []
    for folder in theme_dirs:
        for path in sorted(Path(folder).glob("fragments/eduplat/*")):
            stat = path.stat()
            found.append((str(path), stat.st_size, stat.st_mtime_ns))
    return found


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON through a temporary file and a rename, so readers never see half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(payload)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def encode_content(content: str | bytes) -> dict[str, str]:
    """A generated file's content as JSON: text as is, bytes as UTF-8 text when they are
    UTF-8 (calendars, feeds), base64 otherwise."""
    if isinstance(content, str):
        return {"text": content}
    try:
        return {"utf8": content.decode("utf-8")}
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(content).decode("ascii")}


def decode_content(data: dict[str, str]) -> str | bytes:
    """The inverse of [encode_content][eduplat.outputcache.encode_content]."""
    if "text" in data:
        return data["text"]
    if "utf8" in data:
        return data["utf8"].encode("utf-8")
    return base64.b64decode(data["base64"])


class OutputCache:
    """One feature's entry: ``<root>/outputs/<name>.json``."""

    def __init__(self, root: Path, name: str) -> None:
        self.path = root / "outputs" / f"{name}.json"

    def load(self) -> dict[str, Any] | None:
        """The stored entry, or None when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("Ignoring unreadable cache entry %s (%s); it will be rebuilt", self.path, exc)
            return None
        if not isinstance(data, dict) or data.get("format") != OUTPUT_FORMAT:
            return None
        return data

    def store(self, data: dict[str, Any]) -> None:
        """Replace the entry."""
        try:
            write_json_atomic(self.path, {"format": OUTPUT_FORMAT, **data})
        except OSError as exc:  # a read-only cache slows the next build down, nothing more
            log.info("Could not write cache entry %s (%s)", self.path, exc)
