"""Reading the text files users write: one place that decodes, one message when it fails.

Every source eduplat reads as text (tutorials, quizzes, webinar schedules and their history,
``mkdocs.yml``, reference outputs) goes through [read_text][eduplat.textio.read_text] or
[decode_text][eduplat.textio.decode_text], so a file saved in another encoding is always
``path: not UTF-8 at line N (byte 0xE9) — save it as UTF-8``, never a traceback. Files that
are only hashed (tutorial dependencies) are read as bytes and need not be text.
"""

from __future__ import annotations

from pathlib import Path

from eduplat.errors import SourceError

__all__ = ["decode_text", "read_text"]


def decode_text(path: str | Path, data: bytes) -> str:
    """``data`` (the bytes of ``path``) as text: UTF-8, with or without a byte order mark.

    Raises:
        SourceError: The bytes are not UTF-8; the message gives the line and the first bad
            byte.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            path,
            f"not UTF-8 at line {line} (byte 0x{data[exc.start]:02X})",
            hint="save it as UTF-8",
        ) from exc


def read_text(path: Path) -> str:
    """Read a user's text file as UTF-8, with a clear error when it is not."""
    return decode_text(path, path.read_bytes())
