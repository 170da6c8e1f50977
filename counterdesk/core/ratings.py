"""Customer satisfaction ratings: the scale, reason tags and the prompt on the customer screen."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.text import sentence

_LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "very_satisfied": ("Very satisfied", "非常满意"),
    "satisfied": ("Satisfied", "满意"),
    "neutral": ("Neutral", "一般"),
    "dissatisfied": ("Dissatisfied", "不满意"),
    "very_dissatisfied": ("Very dissatisfied", "非常不满意"),
}

#: Level keys per supported scale size, happiest first.
_SCALES: dict[int, tuple[str, ...]] = {
    5: ("very_satisfied", "satisfied", "neutral", "dissatisfied", "very_dissatisfied"),
    4: ("very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied"),
    3: ("satisfied", "neutral", "dissatisfied"),
}

#: Scores at or below this count as low, per scale size, unless the scale says otherwise.
_DEFAULT_LOW: dict[int, int] = {5: 2, 4: 2, 3: 1}


def _pick(language: str, en: str, zh: str) -> str:
    # Same rule as BusinessType.name: any zh locale gets Chinese, everything else English.
    return zh if language.startswith("zh") else en


@dataclass(frozen=True)
class RatingLevel:
    """One button on the rating screen.

    Attributes:
        score: 1 for the unhappiest level up to the number of levels for the happiest.
        key: stable name of the level (``very_satisfied``), for icons and styles.
        label_en: English label.
        label_zh: Simplified Chinese label.
    """

    score: int
    key: str
    label_en: str
    label_zh: str

    def label(self, language: str) -> str:
        """Return the label in ``en`` or ``zh_CN``."""
        return _pick(language, self.label_en, self.label_zh)


@dataclass(frozen=True, init=False)
class RatingScale:
    """The levels a customer chooses from, and which of them count as low.

    Attributes:
        levels: how many levels: 3, 4 or 5.
        low_threshold: scores at or below it are low and may carry reason tags.
    """

    levels: int
    low_threshold: int

    def __init__(self, levels: int = 5, low_threshold: int | None = None) -> None:
        """Build a scale.

        Args:
            levels: 3, 4 or 5.
            low_threshold: the highest low score; by default the bottom two levels of a
                5- or 4-level scale and the bottom level of a 3-level scale.

        Raises:
            DomainError: for another number of levels, or a threshold that leaves no level
                low or no level not low.
        """
        if isinstance(levels, bool) or levels not in _SCALES:
            raise DomainError(f"a rating scale has 3, 4 or 5 levels, not {levels!r}")
        low = _DEFAULT_LOW[levels] if low_threshold is None else low_threshold
        if isinstance(low, bool) or not 1 <= low < levels:
            raise DomainError(
                f"low_threshold of a {levels}-level scale must be 1 to {levels - 1}, not {low!r}"
            )
        object.__setattr__(self, "levels", levels)
        object.__setattr__(self, "low_threshold", low)

    def __contains__(self, score: object) -> bool:
        return isinstance(score, int) and not isinstance(score, bool) and 1 <= score <= self.levels

    def level(self, score: int) -> RatingLevel:
        """Return the level with this score.

        Raises:
            DomainError: when the score is not on the scale.
        """
        if score not in self:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "score {score!r} is not on a {levels}-level rating scale"
                ),
                score=score,
                levels=self.levels,
            )
        key = _SCALES[self.levels][self.levels - score]
        en, zh = _LEVEL_LABELS[key]
        return RatingLevel(score, key, en, zh)

    def label(self, score: int, language: str) -> str:
        """Return the label of a score in ``en`` or ``zh_CN``."""
        return self.level(score).label(language)

    def is_low(self, score: int) -> bool:
        """Whether the score is low enough to ask the customer why."""
        return self.level(score).score <= self.low_threshold

    def levels_desc(self) -> tuple[RatingLevel, ...]:
        """All levels, happiest first (the order of the buttons on the customer screen)."""
        return tuple(self.level(score) for score in range(self.levels, 0, -1))


class Reason(enum.StrEnum):
    """Why a customer gave a low score (tags the customer may tick)."""

    WAITING = "waiting"
    ATTITUDE = "attitude"
    KNOWLEDGE = "knowledge"
    EFFICIENCY = "efficiency"
    ENVIRONMENT = "environment"
    OTHER = "other"

    def label(self, language: str) -> str:
        """Return the label in ``en`` or ``zh_CN``."""
        en, zh = _REASON_LABELS[self]
        return _pick(language, en, zh)


_REASON_LABELS: dict[Reason, tuple[str, str]] = {
    Reason.WAITING: ("Waiting too long", "等候时间过长"),
    Reason.ATTITUDE: ("Service attitude", "服务态度"),
    Reason.KNOWLEDGE: ("Professional knowledge", "专业知识"),
    Reason.EFFICIENCY: ("Efficiency", "办理效率"),
    Reason.ENVIRONMENT: ("Branch environment", "网点环境"),
    Reason.OTHER: ("Other", "其他"),
}


#: A reason's code, as a rating keeps it: the shipped :class:`Reason` values or head office's.
_REASON_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class ReasonChoice:
    """One reason the rating prompt offers for a low score.

    Attributes:
        code: what the rating keeps (``waiting``); 1-32 small letters, digits or ``_``.
        text_en: the button's text in English.
        text_zh: the button's text in Simplified Chinese.
    """

    code: str
    text_en: str
    text_zh: str

    def __post_init__(self) -> None:
        if not _REASON_CODE.match(self.code):
            raise DomainError(f"rating reason code {self.code!r}: 1-32 small letters, digits, _")

    def label(self, language: str) -> str:
        """The text in ``en`` or ``zh_CN`` (the other language when one is missing).

        It starts with a capital letter, as a button's label does, also when head office
        wrote it in lower case.
        """
        return sentence(_pick(language, self.text_en or self.text_zh, self.text_zh or self.text_en))


#: The reasons offered when head office has handed out none (the fallback).
SHIPPED_REASONS: tuple[ReasonChoice, ...] = tuple(
    ReasonChoice(reason.value, *_REASON_LABELS[reason]) for reason in Reason
)


class RatingOutcome(enum.StrEnum):
    """Whether the customer gave a score."""

    RATED = "rated"
    NO_RATING = "no_rating"


class NoRatingCause(enum.StrEnum):
    """Why a service ended without a score."""

    TIMEOUT = "timeout"
    #: The teller called the next customer while the prompt was still open.
    SUPERSEDED = "superseded"
    #: The customer pressed "skip".
    DECLINED = "declined"


@dataclass(frozen=True)
class Rating:
    """What the customer said about one service, or why they said nothing.

    Attributes:
        service_id: UUID of the service that was rated.
        outcome: rated or not.
        score: the score on ``scale``; None without a rating.
        reasons: reason codes for a low score, in the order chosen, without repeats (the
            shipped :class:`Reason` values, or codes head office handed out).
        cause: why there is no rating; None when rated.
        prompted_at: when the prompt opened (UTC).
        answered_at: when the prompt closed: the customer's last tap, the timeout, the skip or
            the next call (UTC).
        scale: the scale the score is on (the same score means something else on 3 levels).
    """

    service_id: str
    outcome: RatingOutcome
    score: int | None
    reasons: tuple[str, ...]
    cause: NoRatingCause | None
    prompted_at: datetime
    answered_at: datetime
    scale: RatingScale = field(default_factory=RatingScale)

    def __post_init__(self) -> None:
        if not self.service_id:
            raise DomainError("a rating needs the id of the service it rates")
        reasons = tuple(dict.fromkeys(str(r) for r in self.reasons))
        for code in reasons:
            if not _REASON_CODE.match(code):
                raise DomainError(f"service {self.service_id}: {code!r} is not a reason code")
        object.__setattr__(self, "reasons", reasons)
        if self.outcome is RatingOutcome.RATED:
            if self.score is None or self.cause is not None:
                raise DomainError(f"service {self.service_id}: a rating has a score and no cause")
            if self.score not in self.scale:
                raise DomainError(
                    f"service {self.service_id}: score {self.score!r} is not on a "
                    f"{self.scale.levels}-level rating scale"
                )
            if reasons and not self.scale.is_low(self.score):
                raise DomainError(
                    f"service {self.service_id}: reasons are only asked for a low score "
                    f"({self.scale.low_threshold} or less), not {self.score}"
                )
        elif self.score is not None or reasons or self.cause is None:
            raise DomainError(
                f"service {self.service_id}: no rating means a cause, no score and no reasons"
            )

    @property
    def is_low(self) -> bool:
        """Whether the customer gave a low score."""
        return self.score is not None and self.scale.is_low(self.score)


class PromptStep(enum.StrEnum):
    """What the customer screen shows while a prompt runs."""

    SCORE = "score"
    REASONS = "reasons"
    DONE = "done"


class RatingPrompt:
    """The rating question for one service, from the moment it opens until it has a result.

    The prompt completes exactly once; any call after that (a double tap, a late timer) is
    ignored and returns None. A customer who chose a low score and then leaves the reasons
    step (skip, timeout, next customer called) keeps their score, without reasons. The
    timeout counts from the prompt opening, and again from the score when reasons are asked.
    The deadline is the prompt's own rule, not the window timer's: a tap that arrives after
    it (a timer that did not fire, a frozen screen) closes the prompt as timed out at the
    deadline instead of counting as an answer.
    """

    def __init__(
        self,
        service_id: str,
        scale: RatingScale,
        opened_at: datetime,
        timeout_seconds: float = 30,
        reasons: tuple[ReasonChoice, ...] = SHIPPED_REASONS,
    ) -> None:
        """Open the prompt.

        Args:
            service_id: UUID of the service being rated.
            scale: the scale shown to the customer.
            opened_at: when the prompt appeared (UTC).
            timeout_seconds: how long the customer may take over each step.
            reasons: the reasons offered for a low score (fixed while the prompt is open).

        Raises:
            DomainError: without a service id or with a timeout that is not positive.
        """
        if not service_id:
            raise DomainError("a rating prompt needs the id of the service it rates")
        if timeout_seconds <= 0:
            raise DomainError(f"rating timeout must be positive, got {timeout_seconds}")
        self.service_id = service_id
        self.scale = scale
        self.opened_at = opened_at
        self.timeout_seconds = timeout_seconds
        self.reasons = reasons or SHIPPED_REASONS
        self._step = PromptStep.SCORE
        self._score: int | None = None
        self._last_activity = opened_at
        self._result: Rating | None = None

    @property
    def step(self) -> PromptStep:
        """The step the customer is on."""
        return self._step

    @property
    def is_open(self) -> bool:
        """Whether the prompt still waits for the customer."""
        return self._result is None

    @property
    def result(self) -> Rating | None:
        """The rating once the prompt is complete; None while it is open."""
        return self._result

    @property
    def score(self) -> int | None:
        """The score chosen so far, if any."""
        return self._score

    @property
    def deadline(self) -> datetime:
        """When the current step times out."""
        return self._last_activity + timedelta(seconds=self.timeout_seconds)

    def choose_score(self, score: int, at: datetime) -> Rating | None:
        """The customer tapped a score.

        Returns:
            The rating when the score is not low; "no rating" with cause timeout when the tap
            came after the deadline; None when reasons are asked next, or when the tap is
            ignored (prompt complete, or a second tap after the score).

        Raises:
            DomainError: when the score is not on the scale.
        """
        if self._step is not PromptStep.SCORE:
            return None
        if at >= self.deadline:
            return self._time_out()
        low = self.scale.is_low(score)
        self._score = score
        if low:
            self._step = PromptStep.REASONS
            self._last_activity = at
            return None
        return self._complete(at)

    def choose_reasons(self, reasons: Iterable[str], at: datetime) -> Rating | None:
        """The customer confirmed the reasons for a low score (possibly none).

        Returns:
            The rating (the score without these reasons when they came after the deadline),
            or None when the prompt was already complete.

        Raises:
            DomainError: when no low score has been chosen yet, or a reason this prompt did
                not offer.
        """
        if self._result is not None:
            return None
        chosen = tuple(str(reason) for reason in reasons)
        offered = {choice.code for choice in self.reasons}
        unknown = [code for code in chosen if code not in offered]
        if unknown:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "service {service}: {reason!r} was not offered"),
                service=self.service_id,
                reason=unknown[0],
            )
        if self._step is not PromptStep.REASONS:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "service {service}: reasons can only follow a low score"
                ),
                service=self.service_id,
            )
        if at >= self.deadline:
            return self._time_out()
        return self._complete(at, chosen)

    def decline(self, at: datetime) -> Rating | None:
        """The customer pressed "skip"."""
        return self._close(at, NoRatingCause.DECLINED)

    def supersede(self, at: datetime) -> Rating | None:
        """The teller called the next customer while the prompt was open."""
        return self._close(at, NoRatingCause.SUPERSEDED)

    def expire(self, at: datetime) -> Rating | None:
        """Close the prompt if the customer has taken too long.

        Returns:
            The rating when the prompt timed out at ``at``; None when it is still in time or
            already complete.
        """
        if self._result is not None or at < self.deadline:
            return None
        return self._close(at, NoRatingCause.TIMEOUT)

    def _time_out(self) -> Rating | None:
        # The prompt closed at its deadline, whenever the late tap arrived: answered_at says
        # when the customer's time ran out, not when the screen was touched again.
        return self._close(self.deadline, NoRatingCause.TIMEOUT)

    def _close(self, at: datetime, cause: NoRatingCause) -> Rating | None:
        if self._result is not None:
            return None
        if self._score is not None:
            # The score was given; only the optional reasons are missing.
            return self._complete(at)
        rating = Rating(
            service_id=self.service_id,
            outcome=RatingOutcome.NO_RATING,
            score=None,
            reasons=(),
            cause=cause,
            prompted_at=self.opened_at,
            answered_at=at,
            scale=self.scale,
        )
        return self._finish(rating)

    def _complete(self, at: datetime, reasons: tuple[str, ...] = ()) -> Rating:
        rating = Rating(
            service_id=self.service_id,
            outcome=RatingOutcome.RATED,
            score=self._score,
            reasons=reasons,
            cause=None,
            prompted_at=self.opened_at,
            answered_at=at,
            scale=self.scale,
        )
        return self._finish(rating)

    def _finish(self, rating: Rating) -> Rating:
        self._result = rating
        self._step = PromptStep.DONE
        return rating
