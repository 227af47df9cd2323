"""The small time helpers every webinar module shares (eduplat.webinars.model)."""

from __future__ import annotations

import datetime as dt

import pytest

from eduplat.webinars.model import offset_text, timezone_names


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (dt.timedelta(hours=1), "+01:00"),
        (dt.timedelta(hours=-3, minutes=-30), "-03:30"),
        (dt.timedelta(hours=5, minutes=45), "+05:45"),
        (dt.timedelta(0), "+00:00"),
        (None, "+00:00"),
    ],
)
def test_offset_text(delta, text):
    assert offset_text(delta) == text


def test_timezone_names_are_iana_names():
    names = timezone_names()
    assert {"Europe/Berlin", "America/New_York", "UTC"} <= names
    assert "Europe/Berlim" not in names
