"""``eduplat new``: a starter site that builds with ``--strict`` at once."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from eduplat.errors import EduplatError

__all__ = ["create_site"]

# Folders that exist in a new site even while empty.
_EMPTY_DIRS = ("quizzes",)


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    files: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            files.extend(_walk(entry, f"{rel}/"))
        else:
            files.append((rel, entry))
    return files


def create_site(directory: Path, *, name: str | None = None, force: bool = False) -> list[Path]:
    """Write the starter site into ``directory``.

    Args:
        directory: Target folder; created when missing.
        name: ``site_name``; defaults to the folder's name.
        force: Write into a non-empty folder (existing files are overwritten).

    Returns:
        The files written.
    """
    if directory.exists() and any(directory.iterdir()) and not force:
        raise EduplatError(
            f"{directory} is not empty",
            hint="choose a new folder, or pass --force to write the starter files into it",
        )
    site_name = name or directory.resolve().name or "My learning site"
    written: list[Path] = []
    for rel, source in _walk(resources.files(__package__) / "files"):
        text = source.read_text(encoding="utf-8")
        # A JSON string is a valid YAML scalar, so any name is safely quoted.
        text = text.replace("__SITE_NAME_YAML__", json.dumps(site_name, ensure_ascii=False))
        text = text.replace("__SITE_NAME__", site_name)
        folder, _, filename = rel.rpartition("/")
        if filename.startswith("dot-"):  # stored without the dot so git sees it as data
            filename = "." + filename[4:]
        target = directory / folder / filename
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(target)
    for folder in _EMPTY_DIRS:
        keep = directory / folder / ".gitkeep"
        if not (directory / folder).exists():
            keep.parent.mkdir(parents=True)
            keep.touch()
            written.append(keep)
    return written
