"""The tutorial cache under ``.eduplat-cache/`` (configurable).

Two kinds of entries, both JSON, both written atomically (temporary file + rename), so two
builds sharing the folder never see half an entry:

- ``executions/<key>.json``: outputs of one execution, content-addressed by
  [execution_key][eduplat.tutorials.source.execution_key]. Shared by every source whose
  code is the same, by ``eduplat test`` and ``eduplat build``, and across git refs.
- ``sources/<id hash>.json``: the last rendered state of one tutorial file, with the hash
  of its bytes and of its dependencies. When they match, the warm path uses it without
  importing jupytext, nbformat or nbclient.

A corrupt or unreadable entry is treated as missing: the tutorial is executed again.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from eduplat.outputcache import write_json_atomic
from eduplat.tutorials.source import sha256_bytes

__all__ = ["CACHE_FORMAT", "TutorialCache"]

log = logging.getLogger(__name__)

#: Bumped when an entry's layout changes; older entries are then ignored.
CACHE_FORMAT = 1


class TutorialCache:
    """Reads and writes cache entries in one folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def logs(self) -> Path:
        """Folder of full failure logs."""
        return self.root / "logs"

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.info("Ignoring unreadable cache entry %s (%s); it will be rebuilt", path, exc)
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            log.info("Ignoring cache entry %s from another eduplat version", path)
            return None
        return data

    def _write(self, path: Path, data: dict[str, Any]) -> None:
        write_json_atomic(path, {"format": CACHE_FORMAT, **data})

    def execution(self, key: str) -> dict[str, Any] | None:
        """The stored outputs for an execution key, or None."""
        entry = self._read(self.root / "executions" / f"{key}.json")
        if entry is None or not isinstance(entry.get("outputs"), list):
            return None
        return entry

    def store_execution(self, key: str, entry: dict[str, Any]) -> None:
        """Store outputs under an execution key."""
        self._write(self.root / "executions" / f"{key}.json", entry)

    def _source_path(self, tutorial_id: str) -> Path:
        return self.root / "sources" / f"{sha256_bytes(tutorial_id.encode())[:32]}.json"

    def source(self, tutorial_id: str) -> dict[str, Any] | None:
        """The last rendered state of a tutorial, or None."""
        entry = self._read(self._source_path(tutorial_id))
        if entry is None or entry.get("id") != tutorial_id:
            return None
        return entry

    def store_source(self, tutorial_id: str, entry: dict[str, Any]) -> None:
        """Store the rendered state of a tutorial."""
        self._write(self._source_path(tutorial_id), {"id": tutorial_id, **entry})

    def log_path(self, tutorial_id: str) -> Path:
        """Where the full log of a failed execution goes."""
        return self.logs / f"{tutorial_id.replace('/', '__')}.log"

    def clear(self) -> bool:
        """Delete the whole cache folder; True when there was one."""
        if not self.root.exists():
            return False
        shutil.rmtree(self.root)
        return True
