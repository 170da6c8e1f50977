"""Monthly star levels: a versioned policy file turns a teller's month of figures into 1-5 stars.

Banks grade counter staff every month on four dimensions (conduct, ability, diligence and
performance), and star-based pay follows from the grade, so a level must be explainable point
by point. The policy is data, not code: a TOML file (format in ``docs/stars.md``) names, per
dimension, the measured figures that count, their weights, and for each figure the value that
earns full points and the value that earns none.

The arithmetic, all of it here and nothing hidden elsewhere:

* **Points of a figure** (0-100): linear between ``zero`` and ``full``, clamped. When ``full``
  is above ``zero`` higher is better, else lower is better::

      points = 100 × clamp((value − zero) / (full − zero), 0, 1)

* **Score of a dimension** (0-100): the weighted mean of its figures' points. A figure with no
  data this month (no ratings, say) is left out and its weight shared among the others of its
  dimension; a dimension with no figure left is left out the same way among the dimensions.
* **Total score** (0-100): the weighted mean of the dimensions' scores.
* **Shown and decided to one decimal**: the total is rounded half up to 0.1 (87.95 → 88.0)
  and the level is decided on that figure, so the score a teller reads is the one that counted.
* **Stars**: ``stars = [a, b, c, d]`` (ascending) gives 5 stars at a total of at least ``d``,
  4 at ``c``, 3 at ``b``, 2 at ``a``, and 1 below ``a``.
* **No level**: a teller who finished fewer than ``min_served`` services in the month gets no
  stars at all (the customer screen then shows none), nor does one with no figure at all.

A manager may set a different level with a written reason (:func:`adjust`); the computed level
and its explanation stay beside it.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures.datafile import (
    Checker,
    DataFileError,
    Locator,
    decode_error,
    loads_toml,
    read_text,
)


class StarPolicyError(DataFileError):
    """A star policy file is invalid (every problem listed)."""


@dataclass(frozen=True)
class Measure:
    """A figure of a teller's month a policy may grade.

    Attributes:
        name: the key used in policy files.
        unit: how the value reads (``%``, ``points``, ``count``).
        description: what it is, in English (marked for translation).
    """

    name: str
    unit: str
    description: str


#: Every figure a policy may use, computed per teller and month from the KPIs (docs/kpis.md).
MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure(
            "satisfaction",
            "points",
            QT_TRANSLATE_NOOP("stars", "Mean rating on a 0-100 scale"),
        ),
        Measure(
            "satisfied_share",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of ratings that were satisfied"),
        ),
        Measure(
            "service_level",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of the teller's customers called within target"),
        ),
        Measure(
            "service_time_vs_norm",
            "%",
            QT_TRANSLATE_NOOP(
                "stars", "Mean service time against the business types' norms (100 = on norm)"
            ),
        ),
        Measure(
            "sop_compliance",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of services with every mandatory step done"),
        ),
        Measure(
            "transfer_share",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of services transferred to another counter"),
        ),
        Measure(
            "business_types",
            "count",
            QT_TRANSLATE_NOOP("stars", "Business types served"),
        ),
        Measure("served", "count", QT_TRANSLATE_NOOP("stars", "Services finished")),
        Measure(
            "idle_share",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of signed-in time idle with customers waiting"),
        ),
        Measure(
            "pause_share",
            "%",
            QT_TRANSLATE_NOOP("stars", "Share of signed-in time paused"),
        ),
        Measure(
            "overrides",
            "count",
            QT_TRANSLATE_NOOP("stars", "Finishes with an open mandatory step authorised"),
        ),
        Measure(
            "complaints",
            "count",
            QT_TRANSLATE_NOOP("stars", "Low ratings that gave the teller's attitude as a reason"),
        ),
        Measure(
            "audit_anomalies",
            "count",
            QT_TRANSLATE_NOOP("stars", "Audit findings against the teller"),
        ),
    )
}

_ID = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_TOP_REQUIRED = ("policy", "version", "title_en", "title_zh", "stars", "dimensions")
_TOP_OPTIONAL = ("min_served",)
_DIMENSION_REQUIRED = ("id", "name_en", "name_zh", "weight", "measures")
_MEASURE_REQUIRED = ("measure", "weight", "full", "zero")
_MAX_STARS = 5


@dataclass(frozen=True)
class Rule:
    """How one figure earns points: linear from ``zero`` (0 points) to ``full`` (100)."""

    measure: str
    weight: float
    full: float
    zero: float

    def points(self, value: float) -> float:
        """The points (0-100) this value earns."""
        share = (value - self.zero) / (self.full - self.zero)
        return 100.0 * min(1.0, max(0.0, share))


@dataclass(frozen=True)
class Dimension:
    """One graded dimension (``conduct``, ``ability``, ...) with its rules."""

    id: str
    name_en: str
    name_zh: str
    weight: float
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class StarPolicy:
    """A validated star policy.

    Attributes:
        policy: the policy's id (``counter-staff``).
        version: its version; a changed text gets a new version.
        stars: the total scores at which 2, 3, 4 and 5 stars start (ascending).
        min_served: fewer finished services in the month give no level.
    """

    policy: str
    version: int
    title_en: str
    title_zh: str
    stars: tuple[float, ...]
    min_served: int
    dimensions: tuple[Dimension, ...]
    source: str = ""

    def stars_for(self, score: float) -> int:
        """The star level of a total score."""
        return 1 + sum(1 for start in self.stars if score >= start)


def parse_policy(text: str, source: str) -> StarPolicy:
    """Read a star policy from TOML text.

    Raises:
        StarPolicyError: listing every problem found, each with file, line and key.
    """
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        raise StarPolicyError([decode_error(exc, text, source)]) from None
    checker = Checker(source, Locator(text, "dimensions"), item="dimension")
    policy = _read_policy(data, checker)
    if checker.problems or policy is None:
        raise StarPolicyError(checker.problems)
    return policy


def load_policy(path: Path) -> StarPolicy:
    """Read and validate a star policy file (see :func:`parse_policy`)."""
    return parse_policy(read_text(path, StarPolicyError), str(path))


def _number(
    c: Checker, data: Mapping[str, Any], name: str, *, prefix: str = "", **where: Any
) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        c.add("must be a number", key=prefix + name, **where)
        return None
    return float(value)


def _read_policy(data: Mapping[str, Any], c: Checker) -> StarPolicy | None:
    complete = c.table(data, required=_TOP_REQUIRED, optional=_TOP_OPTIONAL)
    policy_id = c.string(data, "policy")
    if policy_id is not None and not re.fullmatch(r"[a-z][a-z0-9-]{0,31}", policy_id):
        c.add("must be 1-32 lower-case letters, digits or - (e.g. counter-staff)", key="policy")
        policy_id = None
    version = c.integer(data, "version")
    if version is not None and version <= 0:
        c.add("must be a positive whole number", key="version")
        version = None
    title_en = c.string(data, "title_en")
    title_zh = c.string(data, "title_zh")
    min_served = c.integer(data, "min_served")
    if min_served is not None and min_served < 1:
        c.add("must be at least 1 (a teller who served nobody has no level)", key="min_served")
        min_served = None
    stars = _read_stars(data.get("stars"), c)
    dimensions = _read_dimensions(data.get("dimensions"), c)
    if (
        not complete
        or policy_id is None
        or version is None
        or title_en is None
        or title_zh is None
        or stars is None
        or dimensions is None
        or ("min_served" in data and min_served is None)
    ):
        return None
    return StarPolicy(
        policy_id, version, title_en, title_zh, stars, min_served or 1, dimensions, c.source
    )


def _read_stars(raw: Any, c: Checker) -> tuple[float, ...] | None:
    if raw is None:
        return None
    numbers = raw if isinstance(raw, list) else None
    if numbers is None or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in numbers
    ):
        c.add("must be a list of numbers (the scores where 2, 3, 4 and 5 stars start)", key="stars")
        return None
    if len(numbers) != _MAX_STARS - 1:
        c.add(
            f"must list {_MAX_STARS - 1} scores (where 2, 3, 4 and 5 stars start), "
            f"not {len(numbers)}",
            key="stars",
        )
        return None
    if any(not 0 < v <= 100 for v in numbers):
        c.add("each score must be above 0 and at most 100", key="stars")
        return None
    if any(b <= a for a, b in itertools.pairwise(numbers)):
        c.add("the scores must rise (2 stars start lowest, 5 stars highest)", key="stars")
        return None
    return tuple(float(v) for v in numbers)


def _weights_problem(weights: Sequence[float]) -> bool:
    return not math.isclose(sum(weights), 100.0, abs_tol=1e-9)


def _read_dimensions(raw: Any, c: Checker) -> tuple[Dimension, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        c.add("must be an array of tables ([[dimensions]])", key="dimensions")
        return None
    if not raw:
        c.add("a policy needs at least one dimension", key="dimensions")
        return None
    dimensions: list[Dimension] = []
    seen: set[str] = set()
    ok = True
    for index, item in enumerate(raw):
        raw_id = item.get("id")
        label = raw_id if isinstance(raw_id, str) and raw_id else f"#{index + 1}"
        where: dict[str, Any] = {"index": index, "label": label, "item_id": label}
        dimension = _read_dimension(item, c, where, seen)
        if dimension is None:
            ok = False
        else:
            dimensions.append(dimension)
    if not ok:
        return None
    weights = [d.weight for d in dimensions]
    if _weights_problem(weights):
        c.add(f"the dimensions' weights must add up to 100, not {sum(weights):g}", key="dimensions")
        return None
    return tuple(dimensions)


def _read_dimension(
    item: Mapping[str, Any], c: Checker, where: dict[str, Any], seen: set[str]
) -> Dimension | None:
    complete = c.table(item, required=_DIMENSION_REQUIRED, optional=(), **where)
    dim_id = c.string(item, "id", **where)
    if dim_id is not None:
        if not _ID.match(dim_id):
            c.add("must be a lower-case word (letters, digits, _)", key="id", **where)
            dim_id = None
        elif dim_id in seen:
            c.add("another dimension has this id", key="id", **where)
            dim_id = None
        else:
            seen.add(dim_id)
    name_en = c.string(item, "name_en", **where)
    name_zh = c.string(item, "name_zh", **where)
    weight = _weight(c, item, "weight", **where)
    rules = _read_rules(item.get("measures"), c, where)
    if (
        not complete
        or dim_id is None
        or name_en is None
        or name_zh is None
        or weight is None
        or rules is None
    ):
        return None
    return Dimension(dim_id, name_en, name_zh, weight, rules)


def _weight(
    c: Checker, data: Mapping[str, Any], name: str, *, prefix: str = "", **where: Any
) -> float | None:
    weight = _number(c, data, name, prefix=prefix, **where)
    if weight is not None and not 0 < weight <= 100:
        c.add("must be above 0 and at most 100", key=prefix + name, **where)
        return None
    return weight


def _read_rules(raw: Any, c: Checker, where: dict[str, Any]) -> tuple[Rule, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw) or not raw:
        c.add(
            "must be a non-empty array of tables ([[dimensions.measures]])",
            key="measures",
            **where,
        )
        return None
    rules: list[Rule] = []
    used: set[str] = set()
    ok = True
    for n, item in enumerate(raw):
        prefix = f"measures[{n}]."
        complete = c.table(item, required=_MEASURE_REQUIRED, optional=(), prefix=prefix, **where)
        name = c.string(item, "measure", prefix=prefix, **where)
        if name is not None and name not in MEASURES:
            known = ", ".join(sorted(MEASURES))
            c.add(f"unknown measure {name!r} (known: {known})", key=f"{prefix}measure", **where)
            name = None
        elif name is not None and name in used:
            c.add(f"{name!r} is graded twice in this dimension", key=f"{prefix}measure", **where)
            name = None
        if name is not None:
            used.add(name)
        weight = _weight(c, item, "weight", prefix=prefix, **where)
        full = _number(c, item, "full", prefix=prefix, **where)
        zero = _number(c, item, "zero", prefix=prefix, **where)
        if full is not None and zero is not None and full == zero:
            c.add(
                "full and zero must differ (full above zero: higher is better; below: lower is)",
                key=f"{prefix}full",
                **where,
            )
            full = None
        if not complete or name is None or weight is None or full is None or zero is None:
            ok = False
            continue
        rules.append(Rule(name, weight, full, zero))
    if not ok:
        return None
    weights = [r.weight for r in rules]
    if _weights_problem(weights):
        c.add(
            f"the measures' weights must add up to 100, not {sum(weights):g}",
            key="measures",
            **where,
        )
        return None
    return tuple(rules)


# --- Grading a month -----------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One figure's part in a level: the explanation of its points.

    Attributes:
        dimension: the dimension's id.
        measure: the figure's name (:data:`MEASURES`).
        value: the teller's figure this month, None when there was no data.
        points: what the value earned (0-100), None when left out.
        share: the share (0-1) of the total score this figure carried after weights of
            figures without data were shared out; 0 when left out.
        contribution: ``points × share``: what it added to the total score.
    """

    dimension: str
    measure: str
    value: float | None
    points: float | None
    share: float
    contribution: float


@dataclass(frozen=True)
class Grade:
    """A teller's level for a month, with the explanation of every point.

    Attributes:
        teller: the staff number.
        month: ``YYYY-MM``.
        served: services finished in the month.
        score: the total score (0-100), None when there is no level.
        stars: the computed level (1-5), None when there is no level.
        lines: one per figure of the policy, in policy order.
        no_level: why there is no level (an English template marked for translation), if none.
        adjusted: the level a manager set instead, with ``reason`` and ``adjusted_by``.
    """

    teller: str
    month: str
    policy: str
    policy_version: int
    served: int
    score: float | None
    stars: int | None
    lines: tuple[Line, ...]
    no_level: str | None = None
    adjusted: int | None = None
    reason: str = ""
    adjusted_by: str = ""

    @property
    def level(self) -> int | None:
        """The level customers see: the manager's when adjusted, else the computed one."""
        return self.adjusted if self.adjusted is not None else self.stars


NOT_ENOUGH_SERVED = QT_TRANSLATE_NOOP(
    "stars", "Served {served} this month, fewer than the {minimum} a level needs"
)
NO_FIGURES = QT_TRANSLATE_NOOP("stars", "No figure of the policy has data this month")


def grade(
    policy: StarPolicy,
    teller: str,
    month: str,
    figures: Mapping[str, float | None],
) -> Grade:
    """Grade one teller's month by ``policy``.

    Args:
        policy: the star policy in force for the month.
        teller: the staff number.
        month: the month, ``YYYY-MM``.
        figures: every measure's value this month (:data:`MEASURES` names); a missing name or
            None means no data (no ratings, say). ``served`` must be present.
    """
    served_value = figures.get("served")
    served = int(served_value) if served_value is not None else 0
    base = Grade(teller, month, policy.policy, policy.version, served, None, None, ())
    # The share each figure carries: its weight × its dimension's weight, with the weight of
    # figures (then dimensions) without data shared among the rest.
    kept: list[tuple[Dimension, list[Rule]]] = []
    for dimension in policy.dimensions:
        rules = [r for r in dimension.rules if figures.get(r.measure) is not None]
        if rules:
            kept.append((dimension, rules))
    total_dimension_weight = sum(d.weight for d, _ in kept)
    shares: dict[tuple[str, str], float] = {}
    for dimension, rules in kept:
        rule_weight = sum(r.weight for r in rules)
        for rule in rules:
            shares[(dimension.id, rule.measure)] = (
                dimension.weight / total_dimension_weight * rule.weight / rule_weight
            )
    lines: list[Line] = []
    for dimension in policy.dimensions:
        for rule in dimension.rules:
            value = figures.get(rule.measure)
            share = shares.get((dimension.id, rule.measure), 0.0)
            if value is None:
                lines.append(Line(dimension.id, rule.measure, None, None, 0.0, 0.0))
                continue
            points = rule.points(float(value))
            lines.append(
                Line(dimension.id, rule.measure, float(value), points, share, points * share)
            )
    if served < policy.min_served:
        return replace(base, lines=tuple(lines), no_level=NOT_ENOUGH_SERVED)
    if not kept:
        return replace(base, lines=tuple(lines), no_level=NO_FIGURES)
    score = _tenths(sum(line.contribution for line in lines))
    return replace(base, lines=tuple(lines), score=score, stars=policy.stars_for(score))


def _tenths(score: float) -> float:
    """The score as shown, to one decimal, half up; the level is decided on this figure."""
    exact = Decimal(repr(round(score, 9)))
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class AdjustmentError(DomainError):
    """A manager's adjustment of a level is refused."""


def adjust(level: Grade, stars: int, reason: str, by: str) -> Grade:
    """A manager's level in place of the computed one, with the written reason.

    Raises:
        AdjustmentError: stars outside 1-5, an empty reason, or the teller adjusting their own.
    """
    if not 1 <= stars <= _MAX_STARS:
        raise AdjustmentError(
            QT_TRANSLATE_NOOP("domain", "A level is 1 to 5 stars, not {stars}"), stars=stars
        )
    if not reason.strip():
        raise AdjustmentError(
            QT_TRANSLATE_NOOP("domain", "Say why the level is changed: the reason is audited")
        )
    if by.strip() == level.teller:
        raise AdjustmentError(
            QT_TRANSLATE_NOOP("domain", "Staff member {staff} cannot change their own level"),
            staff=by,
        )
    return replace(level, adjusted=stars, reason=reason.strip(), adjusted_by=by.strip())
