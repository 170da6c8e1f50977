"""Staffing figures: Erlang B, C and A against published worked examples and their properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counterdesk.core.errors import DomainError
from counterdesk.core.staffing import (
    Demand,
    Model,
    counters_needed,
    erlang_a_prediction,
    erlang_b,
    erlang_c,
    erlang_c_prediction,
    patience_from_walk_aways,
    predict,
    service_level_fraction,
)

# -- published worked examples -----------------------------------------------------------------


def test_call_centre_helper_example() -> None:
    """Call Centre Helper, "Erlang C Formula - Made Simple with an Easy Worked Example"
    (callcentrehelper.com, 2020): 100 calls in 30 minutes, 180 s average handling time, target
    80% answered within 20 s. Traffic intensity 10 Erlangs; with 11 agents the probability of
    waiting is 68.21% and the service level 39%; the raw number of agents needed is 14, with a
    service level of 88.8%, occupancy 71.4% and probability of waiting 17.4%.
    (The same figures are the test case of pyworkforce's ErlangC, tests/test_erlang.py.)
    """
    demand = Demand(arrivals_per_hour=200, service_seconds=180)
    assert demand.load == pytest.approx(10.0)

    eleven = erlang_c_prediction(demand, 11, 20)
    assert round(eleven.p_wait, 4) == 0.6821
    assert round(eleven.service_level, 2) == 0.39

    needed = counters_needed(demand, 20, 0.8)
    assert needed.counters == 14
    assert round(needed.service_level, 3) == 0.888
    assert round(needed.occupancy, 3) == 0.714
    assert round(needed.p_wait, 3) == 0.174
    # 13 would just miss the target: the search did not stop one short.
    assert erlang_c_prediction(demand, 13, 20).service_level < 0.8


def test_erlang_c_step_by_step_example() -> None:
    """Mitan Ltd / Westbay Engineers, "The Erlang-C formula" step-by-step page (also reproduced
    in many call-centre notes): 360 calls per half hour, 4-minute calls, 55 agents, 15 s target.
    Published: traffic intensity 48 Erlangs, agent occupancy 0.873, E_C = 0.239 (24% of calls
    wait), average speed of answer 8.2 s, service level 85% answered within 15 s.
    """
    demand = Demand(arrivals_per_hour=720, service_seconds=240)
    figures = erlang_c_prediction(demand, 55, 15)
    assert figures.load == pytest.approx(48.0)
    assert round(figures.occupancy, 3) == 0.873
    assert round(figures.p_wait, 3) == 0.239
    assert round(figures.mean_wait_seconds, 1) == 8.2
    assert round(figures.service_level, 2) == 0.85


@pytest.mark.parametrize(
    ("lines", "load"),
    [(10, 4.461), (20, 12.031), (50, 37.901), (100, 84.064)],
)
def test_erlang_b_table_at_one_percent(lines: int, load: float) -> None:
    """Erlang B tables (e.g. Iversen, "Teletraffic Engineering and Network Planning", DTU /
    ITU-D, table of the Erlang B formula; the same columns in every telephony handbook): the
    traffic n lines carry at 1% blocking: 10 → 4.461, 20 → 12.031, 50 → 37.901, 100 → 84.064
    Erlangs. Also E₁,₁₀(10) = 0.2146.
    """
    assert erlang_b(lines, load) == pytest.approx(0.01, abs=5e-6)
    assert round(erlang_b(10, 10.0), 4) == 0.2146


def test_erlang_a_is_the_infinite_server_queue_when_patience_equals_service() -> None:
    """Mandelbaum & Zeltyn (2007), section 3: with θ = μ every customer in the building leaves
    at rate μ whether served or waiting, so the number present is Poisson(a) as in M/M/∞:
    P(wait) = P(N ≥ n) and P(walk away) = E[(N − n)⁺]/a. Computed here from the Poisson law.
    """
    load = 10.0
    poisson = [math.exp(-load)]
    for k in range(1, 120):
        poisson.append(poisson[-1] * load / k)
    demand = Demand(arrivals_per_hour=200, service_seconds=180, patience_seconds=180)
    for counters in (1, 8, 10, 14):
        figures = erlang_a_prediction(demand, counters, 20)
        assert figures.p_wait == pytest.approx(sum(poisson[counters:]), rel=1e-9)
        queue = sum((k - counters) * p for k, p in enumerate(poisson) if k > counters)
        assert figures.p_abandon == pytest.approx(queue / load, rel=1e-9)


def test_erlang_a_against_an_independent_implementation() -> None:
    """pyworkforce's ErlangA (rodrigo-arenas/pyworkforce, tests/test_abandonment.py) for the
    Call Centre Helper demand with a mean patience of 5 minutes and 14 agents: P(wait) 0.14526,
    P(abandon) 0.013984, occupancy 0.704297, mean wait 0.069919 min, service level within 20 s
    0.916792 (share of all arrivals answered within 20 s).
    """
    demand = Demand(arrivals_per_hour=200, service_seconds=180, patience_seconds=300)
    figures = erlang_a_prediction(demand, 14, 20)
    assert round(figures.p_wait, 5) == 0.14526
    assert round(figures.p_abandon, 6) == 0.013984
    assert round(figures.occupancy, 6) == 0.704297
    assert round(figures.mean_wait_seconds / 60, 6) == 0.069919
    assert round(figures.service_level, 6) == 0.916792


# -- stability at size -------------------------------------------------------------------------


def test_a_thousand_erlangs_need_no_factorials() -> None:
    demand = Demand(arrivals_per_hour=12_000, service_seconds=300)  # 1000 Erlangs
    needed = counters_needed(demand, 20, 0.8)
    assert needed.counters > 1000
    assert needed.service_level >= 0.8
    assert erlang_c_prediction(demand, needed.counters - 1, 20).service_level < 0.8
    assert 0 < erlang_b(5000, 4000.0) < 1

    patient = Demand(arrivals_per_hour=12_000, service_seconds=300, patience_seconds=600)
    walking = counters_needed(patient, 20, 0.8)
    assert walking.counters < needed.counters
    assert walking.service_level >= 0.8
    assert erlang_a_prediction(patient, walking.counters - 1, 20).service_level < 0.8
    # Far too few counters: most wait, many walk away, but every figure stays a number.
    short = erlang_a_prediction(patient, 700, 20)
    assert short.p_wait == pytest.approx(1.0)
    assert short.p_abandon == pytest.approx(0.3, abs=1e-3)
    assert 0 <= short.service_level < 1e-6


def test_overloaded_erlang_c_is_marked_unstable() -> None:
    figures = erlang_c_prediction(Demand(200, 180), 10, 20)
    assert not figures.stable
    assert (figures.p_wait, figures.service_level, figures.occupancy) == (1.0, 0.0, 1.0)
    assert figures.mean_wait_seconds == math.inf


def test_nobody_arriving_needs_no_counter() -> None:
    for patience in (None, 300.0):
        needed = counters_needed(Demand(0, 180, patience), 20, 0.9)
        assert needed.counters == 0
        assert needed.service_level == 1.0
        assert needed.mean_wait_seconds == 0.0


def test_a_full_service_level_is_reachable() -> None:
    needed = counters_needed(Demand(200, 180), 0, 1.0)
    assert needed.service_level == 1.0
    assert counters_needed(Demand(200, 180, 60), 0, 1.0).service_level == 1.0


# -- walk-aways and inputs ---------------------------------------------------------------------


def test_patience_from_the_measured_walk_away_rate() -> None:
    # Little's law on walk-aways: P(abandon) = θ·E[W]. Round trip through the model.
    demand = Demand(200, 180, patience_seconds=300)
    figures = erlang_a_prediction(demand, 12, 20)
    estimate = patience_from_walk_aways(figures.p_abandon, figures.mean_wait_seconds)
    assert estimate == pytest.approx(300)
    assert patience_from_walk_aways(0.0, 40.0) is None


def test_predict_picks_the_model_from_the_patience() -> None:
    assert predict(Demand(200, 180), 14, 20).model is Model.ERLANG_C
    assert predict(Demand(200, 180, 300), 14, 20).model is Model.ERLANG_A


@pytest.mark.parametrize(
    ("value", "fraction"), [(0.8, 0.8), (80, 0.8), (1, 1.0), (100, 1.0), (95.5, 0.955)]
)
def test_service_level_as_fraction_or_percentage(value: float, fraction: float) -> None:
    assert service_level_fraction(value) == pytest.approx(fraction)


@pytest.mark.parametrize("value", [0, -0.5, 100.5, math.nan, math.inf])
def test_service_level_out_of_range_is_refused(value: float) -> None:
    with pytest.raises(DomainError, match="service level"):
        service_level_fraction(value)


def test_bad_demands_are_refused() -> None:
    with pytest.raises(DomainError, match="arrivals"):
        Demand(-1, 180)
    with pytest.raises(DomainError, match="service time"):
        Demand(100, 0)
    with pytest.raises(DomainError, match="patience"):
        Demand(100, 180, 0)
    with pytest.raises(DomainError, match="patience"):
        Demand(100, 180, 2e6)
    with pytest.raises(DomainError, match="service time"):
        Demand(100, 0.5)
    with pytest.raises(DomainError, match="too large"):
        Demand(1e300, 1e300)
    with pytest.raises(DomainError, match="target wait"):
        counters_needed(Demand(100, 180), -5, 0.8)
    with pytest.raises(DomainError, match="service level"):
        counters_needed(Demand(100, 180), 20, 80)
    with pytest.raises(DomainError, match="patience"):
        counters_needed(Demand(100, 180), 20, 0.8, model=Model.ERLANG_A)
    with pytest.raises(DomainError, match="counters would be needed"):
        counters_needed(Demand(100_000, 180), 20, 0.8, max_counters=100)


# -- properties --------------------------------------------------------------------------------

loads = st.floats(min_value=0.1, max_value=300)
services = st.floats(min_value=10, max_value=3600)
targets = st.floats(min_value=0, max_value=600)
patiences = st.floats(min_value=5, max_value=7200)


def _demand(load: float, service: float, patience: float | None = None) -> Demand:
    return Demand(load * 3600 / service, service, patience)


@settings(max_examples=60, deadline=None)
@given(load=loads, service=services, target=targets, extra=st.integers(1, 40))
def test_erlang_c_service_level_grows_with_counters(
    load: float, service: float, target: float, extra: int
) -> None:
    demand = _demand(load, service)
    first = math.floor(demand.load) + 1
    levels = [erlang_c_prediction(demand, n, target).service_level for n in (first, first + extra)]
    assert 0 <= levels[0] <= levels[1] <= 1
    waits = [erlang_c(n, demand.load) for n in (first, first + extra)]
    assert waits[0] >= waits[1]


@settings(max_examples=60, deadline=None)
@given(load=loads, service=services, target=targets, patience=patiences, n=st.integers(1, 400))
def test_erlang_a_service_level_grows_with_counters(
    load: float, service: float, target: float, patience: float, n: int
) -> None:
    demand = _demand(load, service, patience)
    fewer = erlang_a_prediction(demand, n, target)
    more = erlang_a_prediction(demand, n + 1, target)
    # Within 1e-9: deep in overload the late share is a difference of logarithms in the
    # hundreds, and a service level near 0 carries their rounding.
    assert 0 <= fewer.service_level <= more.service_level + 1e-9 <= 1 + 1e-9
    assert more.p_abandon <= fewer.p_abandon + 1e-12
    for figures in (fewer, more):
        assert 0 <= figures.p_abandon <= figures.p_wait <= 1
        assert 0 <= figures.occupancy <= 1


@settings(max_examples=60, deadline=None)
@given(load=loads, service=services, target=targets, patience=patiences, extra=st.integers(1, 20))
def test_walk_aways_make_waiting_rarer(
    load: float, service: float, target: float, patience: float, extra: int
) -> None:
    counters = math.floor(load) + extra
    c = erlang_c_prediction(_demand(load, service), counters, target)
    a = erlang_a_prediction(_demand(load, service, patience), counters, target)
    assume(c.p_wait > 1e-9)  # both round to 0 far from the load
    assert a.p_wait < c.p_wait
    assert a.mean_wait_seconds < c.mean_wait_seconds


@settings(max_examples=40, deadline=None)
@given(load=st.floats(0.1, 20), service=st.floats(1, 10), target=targets, extra=st.integers(0, 20))
def test_erlang_a_tends_to_erlang_c_as_patience_grows(
    load: float, service: float, target: float, extra: int
) -> None:
    # Walk-aways stop mattering once θ·S·n/(n − a)² is small (the queue under Erlang C is
    # about a/(n − a) long and must rarely reach the patience): n − a ≥ 1, θ·S ≤ 1e-5.
    counters = math.ceil(load + 1) + extra
    c = erlang_c_prediction(_demand(load, service), counters, target)
    a = erlang_a_prediction(_demand(load, service, 1e6), counters, target)
    assert a.p_wait == pytest.approx(c.p_wait, rel=1e-3, abs=1e-12)
    assert a.service_level == pytest.approx(c.service_level, rel=1e-3, abs=1e-9)
    assert a.mean_wait_seconds == pytest.approx(c.mean_wait_seconds, rel=1e-3, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    load=st.floats(0.1, 200),
    service=services,
    target=targets,
    level=st.floats(0.05, 0.99),
    patience=st.none() | patiences,
)
def test_counters_needed_is_the_fewest_that_meet_the_level(
    load: float, service: float, target: float, level: float, patience: float | None
) -> None:
    demand = _demand(load, service, patience)
    needed = counters_needed(demand, target, level)
    assert needed.service_level >= level
    assert needed.occupancy < 1
    if needed.counters > 1:
        fewer = predict(demand, needed.counters - 1, target)
        assert fewer.service_level < level or fewer.occupancy >= 1
