from __future__ import annotations

import pytest

from eduplat.i18n import DEFAULT_LANGUAGE, STRINGS, placeholders, translator


@pytest.mark.parametrize("language", sorted(set(STRINGS) - {DEFAULT_LANGUAGE}))
def test_every_language_has_every_key_with_the_same_placeholders(language):
    english = STRINGS[DEFAULT_LANGUAGE]
    other = STRINGS[language]
    assert set(other) == set(english), "keys differ from English"
    for key, text in english.items():
        assert placeholders(other[key]) == placeholders(text), key


def test_chinese_is_at_least_supported():
    assert {"en", "zh"} <= set(STRINGS)


@pytest.mark.parametrize(
    ("theme_language", "expected"),
    [("zh", "zh"), ("zh-Hant", "zh"), ("zh_TW", "zh"), ("en", "en"), ("fr", "en"), (None, "en")],
)
def test_theme_language_maps_to_a_table(theme_language, expected):
    assert translator(theme_language).language == expected


def test_translation_fills_placeholders():
    assert translator("zh")("tutorial.minutes", minutes=15) == "15 分钟"
    assert translator("en")("tutorial.minutes", minutes=15) == "15 min"


def test_unknown_key_is_a_bug_not_a_silent_blank():
    with pytest.raises(KeyError):
        translator("en")("no.such.key")
