"""eduplat: tested tutorials, quizzes and webinar schedules as one versioned MkDocs site.

The public Python API is small; most users only need the ``eduplat`` command and the
``eduplat`` MkDocs plugin.
"""

from __future__ import annotations

from eduplat.errors import ConfigError, EduplatError, ExecutionError, SourceError
from eduplat.i18n import translator


def __getattr__(name: str) -> str:
    # ``__version__`` is looked up when asked for: reading package metadata costs every
    # build (and every ``serve`` reload) a few milliseconds for a string it never shows.
    if name != "__version__":
        raise AttributeError(f"module 'eduplat' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("eduplat")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


__all__ = [
    "ConfigError",
    "EduplatError",
    "ExecutionError",
    "SourceError",
    "__version__",
    "translator",
]
