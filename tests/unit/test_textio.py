"""One way to read a user's text file: eduplat.textio, with one message when it is not UTF-8."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from eduplat.errors import SourceError
from eduplat.textio import decode_text, read_text

PACKAGE = Path(__file__).resolve().parents[2] / "eduplat"
# Files eduplat reads as text without textio, and why that is not a user's file.
ALLOWED = {
    "textio.py": "the helper itself",
    "scaffold/__init__.py": "eduplat's own templates, shipped in the package",
    "tutorials/execute.py": "the tail of a kernel's log, which eduplat writes",
    "pack.py": "pages and stylesheets of the site eduplat has just built",
    "tutorials/dask_executor.py": "the failure log a worker wrote, read with errors replaced",
    "publish.py": "the version marker eduplat writes (unreadable means: build again)",
}


def text_reads(path: Path) -> list[str]:
    """``x.read_text(...)``, ``open(...)`` and ``x.read_bytes().decode(...)`` calls in a module."""
    found: list[int] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        reads = (
            (isinstance(func, ast.Attribute) and func.attr == "read_text")
            or (isinstance(func, ast.Name) and func.id == "open")
            or (
                isinstance(func, ast.Attribute)
                and func.attr == "decode"
                and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Attribute)
                and func.value.func.attr == "read_bytes"
            )
        )
        if reads:
            found.append(node.lineno)
    return [f"{path.name}:{line}" for line in sorted(found)]


def test_detector_finds_each_way_of_reading_text(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "a = p.read_text('utf-8')\nb = open(p).read()\nc = p.read_bytes().decode()\n"
        "d = read_text(p)\n",
        "utf-8",
    )
    assert text_reads(module) == ["bad.py:1", "bad.py:2", "bad.py:3"]


@pytest.mark.parametrize(
    "module",
    sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).as_posix() not in ALLOWED),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_user_files_are_read_through_textio(module):
    assert text_reads(module) == [], "read user files with eduplat.textio.read_text"


def test_byte_order_mark_is_accepted():
    assert decode_text("x.md", "\ufeffcafé\n".encode()) == "café\n"


def test_the_message_names_line_and_first_bad_byte(tmp_path):
    path = tmp_path / "notes.md"
    path.write_bytes(b"one\ntwo\r\nthree \xff\xfe\n")
    with pytest.raises(SourceError) as info:
        read_text(path)
    assert info.value.message == "not UTF-8 at line 3 (byte 0xFF)"
    assert info.value.hint == "save it as UTF-8"
    assert info.value.line is None  # the line is in the message: 'path: not UTF-8 at line 3'
