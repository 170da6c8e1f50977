from __future__ import annotations

import itertools

import pytest

from counterdesk.core.errors import DomainError
from counterdesk.core.estimate import (
    estimate_wait,
    typical_service_seconds,
)


def test_no_open_counter_gives_no_estimate() -> None:
    assert estimate_wait(3, [300, 300, 300], 0, 300) is None


def test_customers_ahead_share_the_open_counters() -> None:
    # 5 ahead, 2 counters, 4-minute services: the 6th customer waits ~11 minutes.
    assert estimate_wait(5, [240, 240, 240], 2, 600) == pytest.approx(5.5 * 240 / 2)
    assert estimate_wait(0, [240, 240, 240], 1, 600) == pytest.approx(120)


def test_early_in_the_day_the_default_is_used() -> None:
    assert typical_service_seconds([100, 900], 300) == 300
    assert estimate_wait(1, [], 1, 300) == pytest.approx(450)


def test_one_long_service_does_not_skew_the_estimate() -> None:
    assert typical_service_seconds([200, 220, 210, 3600], 300) == pytest.approx(215)


def test_more_counters_never_make_the_wait_longer() -> None:
    waits = [estimate_wait(7, [300] * 5, n, 300) for n in range(1, 6)]
    assert all(a is not None and b is not None and a > b for a, b in itertools.pairwise(waits))


def test_bad_figures_are_refused() -> None:
    with pytest.raises(DomainError):
        estimate_wait(-1, [], 1, 300)
    with pytest.raises(DomainError):
        estimate_wait(1, [], 1, 0)
