"""Tests of the rating scale, reasons, rating records and the rating prompt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counterdesk.core.errors import DomainError
from counterdesk.core.ratings import (
    NoRatingCause,
    PromptStep,
    Rating,
    RatingLevel,
    RatingOutcome,
    RatingPrompt,
    RatingScale,
    Reason,
    ReasonChoice,
)

T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


# -- scale ------------------------------------------------------------------------------------


def test_five_levels_by_default() -> None:
    scale = RatingScale()
    assert (scale.levels, scale.low_threshold) == (5, 2)
    assert [lv.label("en") for lv in scale.levels_desc()] == [
        "Very satisfied",
        "Satisfied",
        "Neutral",
        "Dissatisfied",
        "Very dissatisfied",
    ]
    assert [lv.label("zh_CN") for lv in scale.levels_desc()] == [
        "非常满意",
        "满意",
        "一般",
        "不满意",
        "非常不满意",
    ]
    assert [lv.score for lv in scale.levels_desc()] == [5, 4, 3, 2, 1]


def test_four_levels() -> None:
    scale = RatingScale(4)
    assert scale.low_threshold == 2
    assert [(lv.score, lv.label("en")) for lv in scale.levels_desc()] == [
        (4, "Very satisfied"),
        (3, "Satisfied"),
        (2, "Dissatisfied"),
        (1, "Very dissatisfied"),
    ]
    assert scale.label(2, "zh_CN") == "不满意"


def test_three_levels() -> None:
    scale = RatingScale(3)
    assert scale.low_threshold == 1
    assert [(lv.score, lv.label("zh_CN")) for lv in scale.levels_desc()] == [
        (3, "满意"),
        (2, "一般"),
        (1, "不满意"),
    ]
    assert [scale.is_low(s) for s in (1, 2, 3)] == [True, False, False]


def test_levels_carry_a_stable_key() -> None:
    assert RatingScale(5).level(5) == RatingLevel(5, "very_satisfied", "Very satisfied", "非常满意")
    assert RatingScale(3).level(3).key == "satisfied"


@pytest.mark.parametrize("levels", [0, 1, 2, 6, 10, -5, True])
def test_unsupported_number_of_levels(levels: int) -> None:
    with pytest.raises(DomainError, match="3, 4 or 5 levels"):
        RatingScale(levels)


def test_custom_low_threshold() -> None:
    scale = RatingScale(5, low_threshold=3)
    assert [scale.is_low(s) for s in range(1, 6)] == [True, True, True, False, False]


@pytest.mark.parametrize(("levels", "low"), [(5, 0), (5, 5), (3, 3), (4, -1)])
def test_low_threshold_must_leave_both_kinds(levels: int, low: int) -> None:
    with pytest.raises(DomainError, match="low_threshold"):
        RatingScale(levels, low_threshold=low)


def test_default_is_low() -> None:
    scale = RatingScale()
    assert [scale.is_low(s) for s in range(1, 6)] == [True, True, False, False, False]
    assert [RatingScale(4).is_low(s) for s in range(1, 5)] == [True, True, False, False]


@pytest.mark.parametrize("score", [0, 6, -1, True, 2.5, "3"])
def test_score_off_the_scale(score: int) -> None:
    scale = RatingScale()
    assert score not in scale
    with pytest.raises(DomainError, match="not on a 5-level rating scale"):
        scale.label(score, "en")
    with pytest.raises(DomainError):
        scale.is_low(score)


def test_label_falls_back_to_english() -> None:
    assert RatingScale().label(3, "fr") == "Neutral"
    assert RatingScale().label(3, "zh") == "一般"


def test_scales_are_values() -> None:
    assert RatingScale() == RatingScale(5, 2)
    assert RatingScale(5) != RatingScale(5, 3)
    assert hash(RatingScale(4)) == hash(RatingScale(4))


# -- reasons ----------------------------------------------------------------------------------


def test_reason_labels() -> None:
    assert [(r.value, r.label("en"), r.label("zh_CN")) for r in Reason] == [
        ("waiting", "Waiting too long", "等候时间过长"),
        ("attitude", "Service attitude", "服务态度"),
        ("knowledge", "Professional knowledge", "专业知识"),
        ("efficiency", "Efficiency", "办理效率"),
        ("environment", "Branch environment", "网点环境"),
        ("other", "Other", "其他"),
    ]


# -- rating records ---------------------------------------------------------------------------


def rated(score: int, *reasons: str, scale: RatingScale | None = None) -> Rating:
    return Rating(
        "svc-1",
        RatingOutcome.RATED,
        score,
        reasons,
        None,
        at(0),
        at(5),
        scale or RatingScale(),
    )


def test_rating_with_reasons_for_a_low_score() -> None:
    r = rated(1, Reason.WAITING, Reason.OTHER)
    assert r.reasons == (Reason.WAITING, Reason.OTHER)
    assert r.is_low


def test_rating_reasons_are_deduplicated_and_parsed() -> None:
    r = rated(2, Reason.ATTITUDE, "waiting", Reason.ATTITUDE)
    assert r.reasons == (Reason.ATTITUDE, Reason.WAITING)
    # A code head office handed out is kept as it is; one no rating could store is refused.
    assert rated(2, "queue_info").reasons == ("queue_info",)
    with pytest.raises(DomainError, match="svc-1"):
        rated(2, "Rude staff!")


def test_a_prompt_offers_head_office_reasons_and_refuses_one_it_did_not_offer() -> None:
    offered = (ReasonChoice("queue_info", "no queue information", "排队信息不清"),)
    p = RatingPrompt("svc-1", RatingScale(), at(0), reasons=offered)
    assert p.choose_score(1, at(1)) is None
    with pytest.raises(DomainError, match="'waiting' was not offered"):
        p.choose_reasons([Reason.WAITING], at(2))
    r = p.choose_reasons(["queue_info"], at(3))
    assert r is not None
    assert r.reasons == ("queue_info",)
    assert offered[0].label("zh_CN") == "排队信息不清"
    # Without head office's list, the shipped reasons are offered.
    assert [c.code for c in RatingPrompt("svc-2", RatingScale(), at(0)).reasons] == [
        reason.value for reason in Reason
    ]


def test_reasons_only_with_a_low_score() -> None:
    with pytest.raises(DomainError, match="only asked for a low score"):
        rated(3, Reason.WAITING)
    assert not rated(3).is_low
    with pytest.raises(DomainError, match="only asked for a low score"):
        rated(2, Reason.WAITING, scale=RatingScale(3))


@pytest.mark.parametrize("score", [0, 6])
def test_rating_score_must_be_on_the_scale(score: int) -> None:
    with pytest.raises(DomainError, match="not on a 5-level"):
        rated(score)
    with pytest.raises(DomainError, match="not on a 4-level"):
        rated(5, scale=RatingScale(4))


@pytest.mark.parametrize(
    ("outcome", "score", "reasons", "cause"),
    [
        (RatingOutcome.RATED, None, (), None),
        (RatingOutcome.RATED, 5, (), NoRatingCause.DECLINED),
        (RatingOutcome.NO_RATING, None, (), None),
        (RatingOutcome.NO_RATING, 1, (), NoRatingCause.TIMEOUT),
        (RatingOutcome.NO_RATING, None, (Reason.OTHER,), NoRatingCause.TIMEOUT),
    ],
)
def test_outcome_score_and_cause_must_agree(
    outcome: RatingOutcome,
    score: int | None,
    reasons: tuple[Reason, ...],
    cause: NoRatingCause | None,
) -> None:
    with pytest.raises(DomainError):
        Rating("svc-1", outcome, score, reasons, cause, at(0), at(1))


def test_rating_needs_a_service() -> None:
    with pytest.raises(DomainError, match="service"):
        Rating("", RatingOutcome.NO_RATING, None, (), NoRatingCause.TIMEOUT, at(0), at(1))


# -- prompt -----------------------------------------------------------------------------------


def prompt(levels: int = 5, timeout: float = 30) -> RatingPrompt:
    return RatingPrompt("svc-1", RatingScale(levels), at(0), timeout_seconds=timeout)


def test_high_score_completes_at_once() -> None:
    p = prompt()
    assert p.is_open
    assert p.result is None
    assert p.step is PromptStep.SCORE
    r = p.choose_score(4, at(3))
    assert r == Rating("svc-1", RatingOutcome.RATED, 4, (), None, at(0), at(3), RatingScale())
    assert p.result is r
    assert not p.is_open
    assert p.step is PromptStep.DONE


def test_low_score_asks_for_reasons() -> None:
    p = prompt()
    assert p.choose_score(2, at(3)) is None
    assert p.is_open
    assert (p.step, p.score) == (PromptStep.REASONS, 2)
    r = p.choose_reasons([Reason.WAITING, Reason.EFFICIENCY], at(9))
    assert r is not None
    assert (r.outcome, r.score, r.reasons, r.answered_at) == (
        RatingOutcome.RATED,
        2,
        (Reason.WAITING, Reason.EFFICIENCY),
        at(9),
    )
    assert p.result is r


def test_low_score_without_reasons() -> None:
    p = prompt(3)
    assert p.choose_score(1, at(1)) is None
    r = p.choose_reasons((), at(2))
    assert r is not None
    assert (r.score, r.reasons) == (1, ())


def test_reasons_before_a_low_score_are_refused() -> None:
    p = prompt()
    with pytest.raises(DomainError, match="reasons can only follow a low score"):
        p.choose_reasons([Reason.OTHER], at(1))
    assert p.is_open


def test_score_off_the_scale_leaves_the_prompt_open() -> None:
    p = prompt(3)
    with pytest.raises(DomainError):
        p.choose_score(4, at(1))
    assert p.is_open
    assert p.step is PromptStep.SCORE


def test_decline() -> None:
    p = prompt()
    r = p.decline(at(4))
    assert r == Rating(
        "svc-1", RatingOutcome.NO_RATING, None, (), NoRatingCause.DECLINED, at(0), at(4)
    )


def test_supersede() -> None:
    p = prompt()
    r = p.supersede(at(4))
    assert r is not None
    assert (r.outcome, r.cause, r.answered_at) == (
        RatingOutcome.NO_RATING,
        NoRatingCause.SUPERSEDED,
        at(4),
    )


def test_expire_only_after_the_timeout() -> None:
    p = prompt(timeout=30)
    assert p.deadline == at(30)
    assert p.expire(at(29.9)) is None
    assert p.is_open
    r = p.expire(at(30))
    assert r is not None
    assert (r.outcome, r.cause, r.answered_at) == (
        RatingOutcome.NO_RATING,
        NoRatingCause.TIMEOUT,
        at(30),
    )


def test_reasons_step_has_its_own_timeout() -> None:
    p = prompt(timeout=30)
    p.choose_score(1, at(20))
    assert p.deadline == at(50)
    assert p.expire(at(40)) is None
    r = p.expire(at(50))
    assert r is not None
    # The customer gave a score; only the optional reasons are missing.
    assert (r.outcome, r.score, r.reasons, r.cause) == (RatingOutcome.RATED, 1, (), None)


@pytest.mark.parametrize("leave", ["decline", "supersede"])
def test_leaving_the_reasons_step_keeps_the_score(leave: str) -> None:
    p = prompt()
    p.choose_score(2, at(1))
    r = getattr(p, leave)(at(2))
    assert r is not None
    assert (r.outcome, r.score, r.reasons, r.cause) == (RatingOutcome.RATED, 2, (), None)


def test_double_taps_are_ignored() -> None:
    p = prompt()
    first = p.choose_score(5, at(1))
    assert first is not None
    assert p.choose_score(5, at(1.1)) is None
    assert p.choose_score(1, at(1.2)) is None
    assert p.choose_reasons([Reason.OTHER], at(1.3)) is None
    assert p.decline(at(2)) is None
    assert p.supersede(at(3)) is None
    assert p.expire(at(99)) is None
    assert p.result is first


def test_second_score_tap_during_reasons_is_ignored() -> None:
    p = prompt()
    p.choose_score(1, at(1))
    assert p.choose_score(5, at(1.1)) is None
    assert p.score == 1
    assert p.step is PromptStep.REASONS


def test_after_timeout_nothing_changes() -> None:
    p = prompt()
    expired = p.expire(at(31))
    assert p.choose_score(5, at(32)) is None
    assert p.result is expired


def test_a_score_tapped_after_the_deadline_is_no_rating_by_timeout() -> None:
    p = prompt(timeout=30)
    # Ten minutes after the deadline: the window's timer did not fire, the tap must not count.
    r = p.choose_score(5, at(30 + 600))
    assert r == Rating(
        "svc-1", RatingOutcome.NO_RATING, None, (), NoRatingCause.TIMEOUT, at(0), at(30)
    )
    assert p.result is r
    assert p.step is PromptStep.DONE


def test_a_low_score_tapped_after_the_deadline_asks_no_reasons() -> None:
    p = prompt(timeout=30)
    r = p.choose_score(1, at(30))
    assert r is not None
    assert (r.outcome, r.score, r.cause) == (RatingOutcome.NO_RATING, None, NoRatingCause.TIMEOUT)
    assert p.choose_reasons([Reason.ATTITUDE], at(31)) is None


def test_reasons_after_their_deadline_keep_the_score_without_them() -> None:
    p = prompt(timeout=30)
    p.choose_score(2, at(10))
    r = p.choose_reasons([Reason.WAITING, Reason.ATTITUDE], at(10 + 3600))
    assert r is not None
    assert (r.outcome, r.score, r.reasons, r.cause, r.answered_at) == (
        RatingOutcome.RATED,
        2,
        (),
        None,
        at(40),
    )


def test_a_tap_just_before_the_deadline_still_counts() -> None:
    p = prompt(timeout=30)
    r = p.choose_score(4, at(29.9))
    assert r is not None
    assert (r.outcome, r.score) == (RatingOutcome.RATED, 4)


@pytest.mark.parametrize(("service", "timeout"), [("", 30), ("svc", 0), ("svc", -1)])
def test_prompt_validation(service: str, timeout: float) -> None:
    with pytest.raises(DomainError):
        RatingPrompt(service, RatingScale(), at(0), timeout_seconds=timeout)


EVENTS = st.lists(
    st.tuples(
        st.sampled_from(["score", "reasons", "decline", "supersede", "expire"]),
        st.integers(1, 5),
        st.lists(st.sampled_from(list(Reason)), max_size=3),
        st.integers(0, 40),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(levels=st.sampled_from([3, 4, 5]), events=EVENTS)
def test_prompt_completes_exactly_once(
    levels: int, events: list[tuple[str, int, list[Reason], int]]
) -> None:
    p = prompt(levels)
    results = []
    elapsed = 0
    for kind, score, reasons, step in events:
        elapsed += step
        when = at(elapsed)
        was_open = p.is_open
        try:
            if kind == "score":
                r = p.choose_score(score, when)
            elif kind == "reasons":
                r = p.choose_reasons(reasons, when)
            elif kind == "decline":
                r = p.decline(when)
            elif kind == "supersede":
                r = p.supersede(when)
            else:
                r = p.expire(when)
        except DomainError:
            assert was_open
            continue
        if r is not None:
            assert was_open
            results.append(r)
        assert p.is_open == (p.result is None)
    assert len(results) <= 1
    if results:
        (r,) = results
        assert p.result is r
        assert (r.service_id, r.prompted_at, r.scale.levels) == ("svc-1", at(0), levels)
        assert r.answered_at >= r.prompted_at
        assert (r.outcome is RatingOutcome.RATED) == (r.score is not None)
        assert not r.reasons or r.is_low
