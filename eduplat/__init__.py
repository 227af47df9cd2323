"""eduplat: tested tutorials, quizzes and webinar schedules as one versioned MkDocs site.

The public Python API is small; most users only need the ``eduplat`` command and the
``eduplat`` MkDocs plugin.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from eduplat.errors import ConfigError, EduplatError, ExecutionError, SourceError
from eduplat.i18n import translator

try:
    __version__ = version("eduplat")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ConfigError",
    "EduplatError",
    "ExecutionError",
    "SourceError",
    "__version__",
    "translator",
]
