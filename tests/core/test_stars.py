"""Monthly star levels: the policy file and the grading, every figure worked out by hand here."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counterdesk.core.stars import (
    MEASURES,
    NOT_ENOUGH_SERVED,
    AdjustmentError,
    StarPolicyError,
    adjust,
    grade,
    load_policy,
    parse_policy,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "stars" / "counter-staff.toml"

#: Two dimensions, small enough to grade by hand.
SMALL = """
policy = "small"
version = 3
title_en = "Small"
title_zh = "小"
min_served = 10
stars = [40, 60, 75, 90]

[[dimensions]]
id = "performance"
name_en = "Performance"
name_zh = "业绩"
weight = 60
  [[dimensions.measures]]
  measure = "satisfaction"
  weight = 75
  full = 100
  zero = 50
  [[dimensions.measures]]
  measure = "service_time_vs_norm"   # lower is better
  weight = 25
  full = 80
  zero = 160

[[dimensions]]
id = "conduct"
name_en = "Conduct"
name_zh = "品行"
weight = 40
  [[dimensions.measures]]
  measure = "complaints"
  weight = 100
  full = 0
  zero = 4
"""


def test_the_shipped_policy_grades_the_four_dimensions_banks_use() -> None:
    policy = load_policy(SHIPPED)
    assert [d.id for d in policy.dimensions] == ["performance", "ability", "diligence", "conduct"]
    used = {rule.measure for d in policy.dimensions for rule in d.rules}
    # Every figure we compute counts for something; the share satisfied is left to the mean.
    assert used == set(MEASURES) - {"satisfied_share"}
    assert policy.min_served == 20


def test_a_month_graded_by_hand() -> None:
    policy = parse_policy(SMALL, "small.toml")
    level = grade(
        policy,
        "1001",
        "2026-11",
        {"served": 200, "satisfaction": 90, "service_time_vs_norm": 100, "complaints": 1},
    )
    # satisfaction: (90-50)/(100-50) = 0.8 → 80 points, share 0.60 × 0.75 = 0.45 → 36.0
    # service time: (100-160)/(80-160) = 0.75 → 75 points, share 0.60 × 0.25 = 0.15 → 11.25
    # complaints:   (1-4)/(0-4) = 0.75 → 75 points, share 0.40 × 1.00 = 0.40 → 30.0
    # total 77.25 → shown 77.3 → at least 75, below 90: 4 stars
    assert [line.measure for line in level.lines] == [
        "satisfaction",
        "service_time_vs_norm",
        "complaints",
    ]
    assert [line.points for line in level.lines] == pytest.approx([80.0, 75.0, 75.0])
    assert [line.contribution for line in level.lines] == pytest.approx([36.0, 11.25, 30.0])
    assert level.score == 77.3
    assert level.stars == 4
    assert level.level == 4
    assert (level.policy, level.policy_version, level.served) == ("small", 3, 200)


def test_values_beyond_full_or_zero_are_clamped() -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 50, "satisfaction": 40, "service_time_vs_norm": 60, "complaints": 9},
    )
    # satisfaction below zero → 0; service time under full (lower is better) → 100; 9 complaints → 0
    assert [line.points for line in level.lines] == [0.0, 100.0, 0.0]
    # total 100 × 0.15 = 15.0 → below 40: 1 star
    assert (level.score, level.stars) == (15.0, 1)


def test_a_figure_without_data_shares_its_weight_within_its_dimension() -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 50, "satisfaction": None, "service_time_vs_norm": 120, "complaints": 0},
    )
    # No ratings: satisfaction is left out; service time carries performance's whole 0.60.
    # service time: (120-160)/(80-160) = 0.5 → 50 points × 0.60 = 30.0; complaints 100 × 0.40 = 40
    # total 70.0 → at least 60, below 75: 3 stars
    sat, time, complaints = level.lines
    assert (sat.value, sat.points, sat.share, sat.contribution) == (None, None, 0.0, 0.0)
    assert time.share == pytest.approx(0.60)
    assert complaints.share == pytest.approx(0.40)
    assert (level.score, level.stars) == (70.0, 3)


def test_a_dimension_without_data_shares_its_weight_among_the_others() -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 50, "complaints": 2},  # nothing of performance
    )
    # complaints: (2-4)/(0-4) = 0.5 → 50 points, carrying the whole score → 50.0 → 2 stars
    assert (level.score, level.stars) == (50.0, 2)


def test_a_teller_who_served_nobody_has_no_level() -> None:
    level = grade(parse_policy(SMALL, "small.toml"), "1007", "2026-11", {"served": 0})
    assert level.stars is None
    assert level.score is None
    assert level.level is None
    assert level.no_level == NOT_ENOUGH_SERVED
    assert level.served == 0


def test_fewer_than_the_minimum_served_has_no_level_but_keeps_its_explanation() -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 9, "satisfaction": 100, "service_time_vs_norm": 80, "complaints": 0},
    )
    assert level.stars is None
    assert [line.points for line in level.lines] == [100.0, 100.0, 100.0]


@pytest.mark.parametrize(
    ("satisfaction", "score", "stars"),
    [
        # Only satisfaction varies; the rest gives 11.25 + 30.0 = 41.25 as in the hand-graded month.
        # 100 - (score - 41.25) / 0.45 ... worked the other way: points = 2 × (satisfaction - 50)
        (55.0, 45.8, 2),  # 10 points × 0.45 = 4.5 → 45.75 → shown 45.8
        (80.0, 68.3, 3),  # 60 × 0.45 = 27.0 → 68.25 → 68.3
        (87.5, 75.0, 4),  # 75 × 0.45 = 33.75 → 75.0: exactly where 4 stars start
    ],
)
def test_the_level_is_decided_on_the_score_as_shown(
    satisfaction: float, score: float, stars: int
) -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 50, "satisfaction": satisfaction, "service_time_vs_norm": 100, "complaints": 1},
    )
    assert (level.score, level.stars) == (score, stars)


def test_a_score_that_rounds_up_to_a_threshold_reaches_it() -> None:
    # complaints only: points = 25 × (4 - n); the other dimension has no data.
    text = SMALL.replace("stars = [40, 60, 75, 90]", "stars = [40, 60, 75, 87.5]")
    policy = parse_policy(text.replace("zero = 4", "zero = 8"), "small.toml")
    # complaints 1 of zero 8: (1-8)/(0-8) = 0.875 → 87.5 points → 87.5: 5 stars (at the start)
    assert grade(policy, "1", "2026-11", {"served": 50, "complaints": 1}).stars == 5


@given(
    low=st.floats(min_value=0, max_value=100, allow_nan=False),
    high=st.floats(min_value=0, max_value=100, allow_nan=False),
    time=st.floats(min_value=0, max_value=400, allow_nan=False),
    complaints=st.integers(min_value=0, max_value=50),
)
def test_a_better_figure_never_lowers_the_level(
    low: float, high: float, time: float, complaints: int
) -> None:
    low, high = min(low, high), max(low, high)
    policy = parse_policy(SMALL, "small.toml")
    rest = {"served": 50, "service_time_vs_norm": time, "complaints": complaints}
    worse = grade(policy, "1", "2026-11", {**rest, "satisfaction": low})
    better = grade(policy, "1", "2026-11", {**rest, "satisfaction": high})
    assert worse.score is not None
    assert better.score is not None
    assert 0 <= worse.score <= better.score <= 100
    assert worse.stars is not None
    assert better.stars is not None
    assert 1 <= worse.stars <= better.stars <= 5


def test_a_policy_with_errors_is_refused_with_every_problem_listed() -> None:
    broken = """
policy = "Counter Staff"
version = 0
title_en = "x"
title_zh = "x"
min_served = 0
stars = [50, 40, 75, 90]

[[dimensions]]
id = "performance"
name_en = "Performance"
name_zh = "业绩"
weight = 70
  [[dimensions.measures]]
  measure = "smiles"
  weight = 60
  full = 1
  zero = 0
  [[dimensions.measures]]
  measure = "satisfaction"
  weight = 30
  full = 80
  zero = 80

[[dimensions]]
id = "performance"
name_en = "Again"
name_zh = "重复"
weight = 40
colour = "gold"
  [[dimensions.measures]]
  measure = "served"
  weight = 100
  full = "many"
  zero = 0
"""
    with pytest.raises(StarPolicyError) as caught:
        parse_policy(broken, "bad.toml")
    lines = [str(p) for p in caught.value.problems]
    expected = [
        "bad.toml:2: key 'policy': must be 1-32 lower-case letters",
        "bad.toml:3: key 'version': must be a positive whole number",
        "bad.toml:6: key 'min_served': must be at least 1",
        "bad.toml:7: key 'stars': the scores must rise",
        "bad.toml:15: dimension 'performance': key 'measures[0].measure': unknown measure 'smiles'",
        "bad.toml:22: dimension 'performance': key 'measures[1].full': full and zero must differ",
        "dimension 'performance': key 'id': another dimension has this id",
        "key 'colour': unknown key",
        "key 'measures[0].full': must be a number",
    ]
    for want in expected:
        assert any(want in line for line in lines), (want, lines)
    assert len(lines) == len(expected)


def test_weights_must_add_up_to_100() -> None:
    text = SMALL.replace("weight = 60", "weight = 50").replace("weight = 25", "weight = 20")
    with pytest.raises(StarPolicyError) as caught:
        parse_policy(text, "w.toml")
    lines = [str(p) for p in caught.value.problems]
    assert lines == [
        "w.toml:14: dimension 'performance': key 'measures': the measures' weights must add up to "
        "100, not 95"
    ]
    text = SMALL.replace("weight = 60", "weight = 50")
    with pytest.raises(StarPolicyError) as caught:
        parse_policy(text, "w.toml")
    assert [str(p) for p in caught.value.problems] == [
        "w.toml: key 'dimensions': the dimensions' weights must add up to 100, not 90"
    ]


def test_not_a_policy_at_all() -> None:
    with pytest.raises(StarPolicyError) as caught:
        parse_policy("stars = [1, 2", "x.toml")
    assert "TOML syntax error" in str(caught.value)
    with pytest.raises(StarPolicyError) as caught:
        parse_policy("", "empty.toml")
    assert len(caught.value.problems) == 6  # each required key named


def test_a_manager_sets_another_level_with_a_reason() -> None:
    level = grade(
        parse_policy(SMALL, "small.toml"),
        "1001",
        "2026-11",
        {"served": 200, "satisfaction": 90, "service_time_vs_norm": 100, "complaints": 1},
    )
    changed = adjust(
        level, 5, "  Covered two counters during the system outage on the 12th ", "2001"
    )
    assert (changed.stars, changed.adjusted, changed.level) == (4, 5, 5)
    assert changed.reason == "Covered two counters during the system outage on the 12th"
    assert changed.adjusted_by == "2001"
    assert changed.lines == level.lines  # the computed level and its explanation stay


@pytest.mark.parametrize(
    ("stars", "reason", "by", "words"),
    [
        (6, "good", "2001", "1 to 5 stars, not 6"),
        (0, "good", "2001", "1 to 5 stars, not 0"),
        (3, "   ", "2001", "reason is audited"),
        (5, "I did well", "1001", "cannot change their own level"),
    ],
)
def test_an_adjustment_is_refused(stars: int, reason: str, by: str, words: str) -> None:
    level = grade(parse_policy(SMALL, "small.toml"), "1001", "2026-11", {"served": 0})
    with pytest.raises(AdjustmentError, match=words):
        adjust(level, stars, reason, by)
