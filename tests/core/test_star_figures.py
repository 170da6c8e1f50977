"""A teller's month of KPIs to the figures a star policy grades, every value worked out by hand."""

from __future__ import annotations

import pytest

from counterdesk.core.kpis import Compliance, Durations, Override, Satisfaction, Share, TellerTime
from counterdesk.core.star_figures import TellerMonth, month_figures, own_month
from counterdesk.core.stars import MEASURES

NORMS = {"DEP": 300, "WDR": 200, "VIP": 900}


def test_a_month_of_kpis_gives_every_measure_by_hand() -> None:
    month = TellerMonth(
        served={"DEP": 30, "WDR": 10, "VIP": 0},
        service_level=Share(36, 45),
        # DEP: 30 x 330 s = 9,900 s against 30 x 300 = 9,000; WDR: 10 x 150 = 1,500 against
        # 10 x 200 = 2,000; KYC has no norm and is left out. 11,400 / 11,000 = 103.6...%.
        service_times={
            "DEP": Durations(30, 330.0, 320.0, 400.0),
            "WDR": Durations(10, 150.0, 150.0, 180.0),
            "KYC": Durations(2, 900.0, 900.0, 900.0),
        },
        satisfaction=Satisfaction(
            finished=40,
            rated=25,
            mean_score=82.0,
            satisfied=20,
            reasons=(("waiting", 3), ("attitude", 2)),
        ),
        compliance=Compliance(
            finished=40,
            complete=38,
            overrides=(Override("s1", "A001", "1001", "2001", "hurry", ("id",)),),
        ),
        transfers=10,
        time=TellerTime(serving=20_000.0, idle=3_000.0, paused={"lunch": 1_800.0, "x": 200.0}),
    )

    figures = month_figures(month, NORMS)

    assert set(figures) == set(MEASURES)
    assert figures["satisfaction"] == 82.0
    assert figures["satisfied_share"] == 80.0  # 20 / 25
    assert figures["service_level"] == 80.0  # 36 / 45
    assert figures["service_time_vs_norm"] == pytest.approx(11_400 / 11_000 * 100)
    assert figures["sop_compliance"] == 95.0  # 38 / 40
    assert figures["transfer_share"] == 20.0  # 10 / (40 served + 10 transferred)
    assert figures["business_types"] == 2.0  # VIP had none
    assert figures["served"] == 40.0
    assert figures["idle_share"] == 12.0  # 3,000 / 25,000
    assert figures["pause_share"] == 8.0  # 2,000 / 25,000
    assert figures["overrides"] == 1.0
    assert figures["complaints"] == 2.0  # the ratings that gave "attitude"
    assert figures["audit_anomalies"] is None  # nothing records audit findings


def test_a_teller_who_served_nobody_has_no_data_for_the_shares() -> None:
    figures = month_figures(TellerMonth(), NORMS)

    assert figures["served"] == 0.0
    assert figures["business_types"] == 0.0
    assert figures["overrides"] == 0.0
    for name in (
        "satisfaction",
        "satisfied_share",
        "service_level",
        "service_time_vs_norm",
        "sop_compliance",
        "transfer_share",
        "idle_share",
        "pause_share",
        "complaints",
        "audit_anomalies",
    ):
        assert figures[name] is None, name


def test_no_ratings_means_no_complaint_figure_rather_than_a_perfect_one() -> None:
    month = TellerMonth(served={"DEP": 5}, satisfaction=Satisfaction(finished=5, rated=0))

    figures = month_figures(month, NORMS)

    assert figures["complaints"] is None
    assert figures["satisfaction"] is None
    assert figures["transfer_share"] == 0.0


def test_a_tellers_own_month_shows_no_figure_below_ten_ratings() -> None:
    hidden = own_month("2026-12", "2026-12-02T02:00:00+00:00", 9, 73.0, 6, 4, "2026-11")
    shown = own_month("2026-12", "2026-12-02T02:00:00+00:00", 10, 73.0, 6, 4, "2026-11")

    assert (hidden.enough, hidden.rated, hidden.mean, hidden.satisfied_share) == (
        False, None, None, None
    )  # fmt: skip
    assert (hidden.stars, hidden.stars_month) == (4, "2026-11")
    assert (shown.enough, shown.rated, shown.mean, shown.satisfied_share) == (True, 10, 73.0, 60.0)
