"""Durations as tellers and customers read them: units, never clock-like ``16:50``."""

from __future__ import annotations

import pytest

from counterdesk.core.durations import DurationParts, format_duration, split_duration


@pytest.mark.parametrize(
    ("seconds", "en", "zh"),
    [
        (0, "0 s", "0秒"),
        (45, "45 s", "45秒"),
        (59.9, "59 s", "59秒"),
        (60, "1 min", "1分钟"),
        (70, "1 min 10 s", "1分10秒"),
        (217, "3 min 37 s", "3分37秒"),
        (600, "10 min", "10分钟"),
        (1010, "16 min 50 s", "16分50秒"),
        (3600, "1 h", "1小时"),
        (3725, "1 h 2 min", "1小时2分钟"),
        (7199, "1 h 59 min", "1小时59分钟"),
    ],
)
def test_format_duration_in_both_languages(seconds: float, en: str, zh: str) -> None:
    assert format_duration(seconds, "en") == en
    assert format_duration(seconds, "zh_CN") == zh


def test_negative_and_nan_are_zero() -> None:
    assert format_duration(-5) == "0 s"
    assert format_duration(float("nan")) == "0 s"


def test_unknown_language_is_english_and_any_zh_is_chinese() -> None:
    assert format_duration(70, "de") == "1 min 10 s"
    assert format_duration(70, "zh") == "1分10秒"


def test_never_reads_as_a_time_of_day() -> None:
    for seconds in range(0, 4 * 3600, 7):
        assert ":" not in format_duration(seconds)


def test_split_duration() -> None:
    assert split_duration(3725.9) == DurationParts(1, 2, 5)
