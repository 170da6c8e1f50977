"""How long something took, as tellers and customers read it: ``16 min 50 s``, ``16分50秒``.

A duration written ``16:50`` reads as a time of day, and ``01:10`` next to ``3:37`` as two
different things; every duration shown on a screen goes through :func:`format_duration`, and
times of day stay ``HH:MM``.

The unit words of each language sit here, side by side, as the slip's texts do: the core has no
Qt, and a pure function with its languages in one table is what the tests pin down.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class _Units:
    seconds: str
    minutes: str
    minutes_seconds: str
    hours: str
    hours_minutes: str


_UNITS = {
    "en": _Units("{s} s", "{m} min", "{m} min {s} s", "{h} h", "{h} h {m} min"),
    "zh_CN": _Units("{s}秒", "{m}分钟", "{m}分{s}秒", "{h}小时", "{h}小时{m}分钟"),
}


@dataclass(frozen=True)
class DurationParts:
    """A duration split into whole hours, minutes and seconds (each part below its unit).

    Attributes:
        hours: whole hours.
        minutes: 0 to 59.
        seconds: 0 to 59.
    """

    hours: int
    minutes: int
    seconds: int


def split_duration(seconds: float) -> DurationParts:
    """Split a duration into hours, minutes and seconds; negative and NaN count as 0.

    Fractions of a second are dropped, as a running timer shows them.
    """
    whole = 0 if math.isnan(seconds) or seconds <= 0 else int(seconds)
    minutes, secs = divmod(whole, 60)
    hours, minutes = divmod(minutes, 60)
    return DurationParts(hours, minutes, secs)


def format_duration(seconds: float, language: str = "en") -> str:
    """Write a duration with its units: ``45 s``, ``10 min``, ``16 min 50 s``, ``1 h 5 min``.

    Zero parts are left out (``10 min``, not ``10 min 0 s``); from one hour on the seconds are
    left out too. Chinese is written without spaces (``16分50秒``, ``10分钟``).

    Args:
        seconds: the duration; negative counts as 0.
        language: ``en`` or ``zh_CN`` (any ``zh`` locale is Chinese, anything else English).
    """
    units = _UNITS["zh_CN" if language.startswith("zh") else "en"]
    parts = split_duration(seconds)
    if parts.hours:
        if parts.minutes:
            return units.hours_minutes.format(h=parts.hours, m=parts.minutes)
        return units.hours.format(h=parts.hours)
    if not parts.minutes:
        return units.seconds.format(s=parts.seconds)
    if not parts.seconds:
        return units.minutes.format(m=parts.minutes)
    return units.minutes_seconds.format(m=parts.minutes, s=parts.seconds)
