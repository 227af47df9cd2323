"""Where a site's webinar schedule lives.

Kept apart from [load][eduplat.webinars.load] (the model, dateutil and validation), so a
build can tell that a site has no schedule without importing any of that.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["discover_schedule_files", "schedule_path"]


def schedule_path(base: Path, source: str) -> Path:
    """Where the schedule lives: ``source`` itself or, when that YAML file is missing, the
    folder of the same name beside it (``webinars.yml`` → ``webinars/``)."""
    path = base / source
    folder = path.with_suffix("")
    if not path.exists() and path.suffix in {".yml", ".yaml"} and folder.is_dir():
        return folder
    return path


def discover_schedule_files(base: Path, source: str) -> list[Path]:
    """``webinars.yml``, or every ``*.yml`` in a ``webinars/`` folder."""
    path = schedule_path(base, source)
    if path.is_dir():
        return sorted(p for p in path.glob("*.y*ml") if not p.name.startswith(("_", ".")))
    return [path] if path.is_file() else []
