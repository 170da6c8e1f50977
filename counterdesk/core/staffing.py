"""How many counters to open: Erlang C and Erlang A (with walk-aways) staffing figures.

Pure functions over plain numbers (standard library only). The queue at the counters is modelled
as M/M/n: customers arrive at random (Poisson) at rate λ, a service takes on average S seconds
(exponential, rate μ = 1/S), n counters serve one queue in order of arrival. The offered load is
a = λ·S Erlangs (the number of counters that would be busy all the time).

* **Erlang C** (M/M/n): every customer waits as long as it takes. Erlang, "Solution of some
  problems in the theory of probabilities of significance in automatic telephone exchanges"
  (1917); the formulas as in Gans, Koole & Mandelbaum, "Telephone call centers: tutorial,
  review, and research prospects", M&SOM 5(2), 2003, section 4.1.
* **Erlang A** (M/M/n+M, Palm's model): a waiting customer walks away after an exponential
  patience time of mean 1/θ. Garnett, Mandelbaum & Reiman, "Designing a call center with
  impatient customers", M&SOM 4(3), 2002; the closed forms with the incomplete gamma function
  from Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers"
  (Technion teaching note, 2007), section 3 and appendix.

Both models need the Erlang B (loss) function, computed by its recursion
``B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1))``, which never forms ``a^n`` or ``n!`` and stays
within [0, 1]: hundreds of counters and loads of a thousand Erlangs are fine.

Service level here is always **the share of all arriving customers who are called within the
target time T**. Under Erlang A a customer who walks away counts as not called in time (whenever
they leave): the bank's service level counts walk-aways as failures, not as short waits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError

#: The shortest service time and mean patience accepted, in seconds (shorter ones are typing
#: errors, and would make the Erlang A series below needlessly long).
MIN_SECONDS = 1.0
#: The longest mean patience accepted (11.6 days): customers that patient never walk away, and
#: Erlang C (no patience) says the same at a fraction of the cost.
MAX_PATIENCE_SECONDS = 1_000_000.0
#: The search for the counters needed stops here (no branch has more; bad input otherwise).
MAX_COUNTERS = 10_000

# Relative precision at which the series and continued fraction stop.
_EPS = 1e-16
_TINY = 1e-300
_MAX_TERMS = 10_000_000


class Model(Enum):
    """Which queueing model a prediction comes from."""

    ERLANG_C = "erlang_c"
    ERLANG_A = "erlang_a"


@dataclass(frozen=True)
class Demand:
    """What customers ask of the counters in one period (e.g. Mondays 10:00-11:00).

    Attributes:
        arrivals_per_hour: λ, customers arriving per hour (0 or more).
        service_seconds: S, the mean service time in seconds (at least :data:`MIN_SECONDS`).
        patience_seconds: 1/θ, how long a waiting customer waits on average before walking
            away (:data:`MIN_SECONDS` to :data:`MAX_PATIENCE_SECONDS`); None for customers who
            never walk away (Erlang C).

    Raises:
        DomainError: a figure that is negative or not a number, a time below
            :data:`MIN_SECONDS`, or a load too large for a float.
    """

    arrivals_per_hour: float
    service_seconds: float
    patience_seconds: float | None = None

    def __post_init__(self) -> None:
        if not math.isfinite(self.arrivals_per_hour) or self.arrivals_per_hour < 0:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "arrivals per hour must be 0 or more, not {value!r}"),
                value=self.arrivals_per_hour,
            )
        if not math.isfinite(self.service_seconds) or self.service_seconds < MIN_SECONDS:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "the service time must be at least 1 second, not {value!r}"
                ),
                value=self.service_seconds,
            )
        patience = self.patience_seconds
        if patience is not None and not MIN_SECONDS <= patience <= MAX_PATIENCE_SECONDS:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "the mean patience must be between 1 and 1000000 seconds, not {value!r}",
                ),
                value=patience,
            )
        if not math.isfinite(self.load):
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "arrivals times service time is too large to compute ({load})"
                ),
                load=self.load,
            )

    @property
    def load(self) -> float:
        """The offered load a = λ·S in Erlangs."""
        return self.arrivals_per_hour * self.service_seconds / 3600.0


@dataclass(frozen=True)
class Prediction:
    """What a number of open counters gives for one demand.

    Attributes:
        model: Erlang C or Erlang A.
        counters: n, the open counters.
        load: a = λ·S, the offered load in Erlangs.
        target_seconds: T, the waiting time the service level is measured against.
        service_level: share of arriving customers called within T (0..1).
        p_wait: share of arriving customers who find every counter busy and wait.
        mean_wait_seconds: mean time from arrival until called (Erlang C), or until called or
            walked away (Erlang A), over all customers including those not waiting;
            ``math.inf`` when the queue grows without end (Erlang C with n ≤ a).
        occupancy: share of the counters' time spent serving (0..1).
        p_abandon: share of arriving customers who walk away (always 0 under Erlang C).
    """

    model: Model
    counters: int
    load: float
    target_seconds: float
    service_level: float
    p_wait: float
    mean_wait_seconds: float
    occupancy: float
    p_abandon: float

    @property
    def stable(self) -> bool:
        """Whether the queue stays finite (always under Erlang A; n > a under Erlang C)."""
        return math.isfinite(self.mean_wait_seconds)


def service_level_fraction(value: float) -> float:
    """Read a service-level target written as a fraction (0.8) or a percentage (80).

    Values up to 1 are fractions, values above 1 up to 100 are percentages (1 is 100% either
    way).

    Raises:
        DomainError: 0 or less, more than 100, or not a number.
    """
    if not math.isfinite(value) or value <= 0 or value > 100:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain",
                "the service level must be above 0 and at most 1 (or a percentage up to 100), "
                "not {value!r}",
            ),
            value=value,
        )
    return value if value <= 1 else value / 100.0


def patience_from_walk_aways(walk_away_share: float, mean_wait_seconds: float) -> float | None:
    """The customers' mean patience 1/θ estimated from what the branch measured.

    In Erlang A walk-aways per unit time equal θ times the mean queue length, so by Little's
    law P(walk away) = θ·E[W] (Mandelbaum & Zeltyn 2007, section 4.1), hence
    ``1/θ = E[W] / P(walk away)``.

    Args:
        walk_away_share: share of arriving customers who left before being called (0..1).
        mean_wait_seconds: mean time from arrival until called or walked away, over all
            customers.

    Returns:
        The mean patience in seconds, or None when nobody walked away (infinitely patient:
        Erlang C applies).

    Raises:
        DomainError: a share outside 0..1 or a negative wait.
    """
    if not 0 <= walk_away_share <= 1:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain", "the walk-away share must be between 0 and 1, not {value!r}"
            ),
            value=walk_away_share,
        )
    if not math.isfinite(mean_wait_seconds) or mean_wait_seconds < 0:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the mean wait must be 0 seconds or more, not {value!r}"),
            value=mean_wait_seconds,
        )
    if walk_away_share == 0:
        return None
    if mean_wait_seconds == 0:
        # Walk-aways without any wait: patience too short to measure; the smallest sensible one.
        return 1.0
    return mean_wait_seconds / walk_away_share


# -- Erlang B and C ----------------------------------------------------------------------------


def erlang_b(counters: int, load: float) -> float:
    """Erlang's loss formula B(n, a): all n counters busy, when nobody may wait.

    ``B(n, a) = (aⁿ/n!) / Σₖ₌₀ⁿ aᵏ/k!``, computed by the recursion
    ``B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1))``: no overflow, O(n).

    Args:
        counters: n ≥ 0.
        load: a ≥ 0 Erlangs.
    """
    _check_counters(counters)
    b = 1.0
    for k in range(1, counters + 1):
        b = load * b / (k + load * b)
    return b


def _erlang_c_from_b(counters: int, load: float, b: float) -> float:
    """C(n, a) = n·B / (n − a·(1 − B)) for n > a; 1 when n ≤ a (everybody waits)."""
    if counters <= load:
        return 1.0
    return counters * b / (counters - load * (1.0 - b))


def erlang_c(counters: int, load: float) -> float:
    """Erlang's delay formula C(n, a): the probability that a customer has to wait.

    ``C(n, a) = n·B(n, a) / (n − a·(1 − B(n, a)))`` for n > a, and 1 when n ≤ a (the queue
    never empties).
    """
    return _erlang_c_from_b(counters, load, erlang_b(counters, load))


def _erlang_c_prediction(
    demand: Demand, counters: int, target_seconds: float, b: float
) -> Prediction:
    load = demand.load
    s = demand.service_seconds
    if load == 0:
        return _idle(Model.ERLANG_C, counters, target_seconds)
    if counters <= load:
        return Prediction(
            Model.ERLANG_C, counters, load, target_seconds, 0.0, 1.0, math.inf, 1.0, 0.0
        )
    c = _erlang_c_from_b(counters, load, b)
    spare = counters - load
    return Prediction(
        model=Model.ERLANG_C,
        counters=counters,
        load=load,
        target_seconds=target_seconds,
        # P(W ≤ T) = 1 − C·exp(−(n − a)·T/S)
        service_level=1.0 - c * math.exp(-spare * target_seconds / s),
        p_wait=c,
        # Average speed of answer E[W] = C·S / (n − a)
        mean_wait_seconds=c * s / spare,
        occupancy=load / counters,
        p_abandon=0.0,
    )


def erlang_c_prediction(demand: Demand, counters: int, target_seconds: float) -> Prediction:
    """Erlang C figures for n counters (patience ignored).

    * P(wait) = C(n, a)
    * service level P(W ≤ T) = 1 − C(n, a)·e^(−(n−a)·T/S)
    * mean wait (average speed of answer) = C(n, a)·S / (n − a)
    * occupancy = a / n

    With n ≤ a the queue grows without end: service level 0, P(wait) 1, mean wait ``inf``,
    occupancy 1.
    """
    _check_counters(counters)
    check_target_seconds(target_seconds)
    return _erlang_c_prediction(demand, counters, target_seconds, erlang_b(counters, demand.load))


# -- Erlang A ----------------------------------------------------------------------------------


def _log_palm(x: float, y: float) -> float:
    """The logarithm of A(x, y), where A(x, y) = x·eʸ·y⁻ˣ·γ(x, y) = Σⱼ₌₀ yʲ / ((x+1)(x+2)…(x+j)).

    γ is the lower incomplete gamma function; A is the function of Mandelbaum & Zeltyn (2007),
    appendix. For y < x + 1 the series converges from its first term; otherwise
    A = x·eʸ·y⁻ˣ·Γ(x) − x·h with Γ(x, y) = e⁻ʸ·yˣ·h, h by the continued fraction for the upper
    incomplete gamma function (modified Lentz; Press et al., Numerical Recipes, 3rd ed., 6.2),
    kept in logarithms since A grows like e^(y−x) in overload.
    """
    if y <= 0:
        return 0.0
    if y < x + 1:
        term = total = 1.0
        j = 0
        while term > total * _EPS:
            j += 1
            term *= y / (x + j)
            total += term
            if j > _MAX_TERMS:  # pragma: no cover - the terms shrink geometrically here
                break
        return math.log(total)
    # Continued fraction 1/(y+1−x− 1·(1−x)/(y+3−x− 2·(2−x)/(y+5−x− …)))
    b = y + 1.0 - x
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - x)
        b += 2.0
        d = an * d + b
        if abs(d) < _TINY:
            d = _TINY
        c = b + an / c
        if abs(c) < _TINY:
            c = _TINY
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS or i > _MAX_TERMS:
            break
    log_whole = math.log(x) + y - x * math.log(y) + math.lgamma(x)
    # γ(x, y) ≥ Γ(x)/2 here (y ≥ x+1 is above the gamma median), so no cancellation.
    return log_whole + math.log1p(-math.exp(math.log(x * h) - log_whole))


def _erlang_a_prediction(
    demand: Demand, counters: int, target_seconds: float, b: float
) -> Prediction:
    patience = demand.patience_seconds
    assert patience is not None
    load = demand.load
    if load == 0:
        return _idle(Model.ERLANG_A, counters, target_seconds)
    if counters == 0:
        # Nobody is ever called; everybody walks away after their patience.
        return Prediction(Model.ERLANG_A, 0, load, target_seconds, 0.0, 1.0, patience, 0.0, 1.0)
    lam = demand.arrivals_per_hour / 3600.0
    mu = 1.0 / demand.service_seconds
    theta = 1.0 / patience
    x = counters * mu / theta  # nμ/θ
    y = lam / theta  # λ/θ
    rho = y / x  # λ/(nμ)
    log_a = _log_palm(x, y)
    # P(W > 0) = A·B / (1 − B + A·B)   (Mandelbaum & Zeltyn 2007, (3.3)); B = E₁,ₙ(a),
    # as a logistic function of z = log((1 − B)/B) − log A, and P(W = 0) as its complement.
    if b <= 0:
        p_wait, no_wait = 0.0, 1.0
    else:
        z = math.log1p(-b) - math.log(b) - log_a
        p_wait, no_wait = _logistic(-z), _logistic(z)
    # P(abandon | W > 0) = 1/(ρ·A) + 1 − 1/ρ; its complement, served after waiting, as
    # x/(x+1)·A(x+1, y)/A(x, y) (the same, by A(x, y) = 1 + y/(x+1)·A(x+1, y)), in logarithms.
    log_served = math.log(x / (x + 1.0)) + _log_palm(x + 1.0, y) - log_a
    served_after_wait = min(1.0, math.exp(log_served))
    p_abandon = p_wait * (1.0 - served_after_wait)
    # Of those served after waiting, the share still waiting at T: with u = e^(−θT),
    #   R = A(x+1, y·u)·e^(y(1−u))·e^(−(nμ+θ)T) / A(x+1, y)
    # (the offered wait of an arrival finding k ahead is −log of a Beta(x, k+1) variable over
    # θ; summing over k gives the incomplete gamma form). Service level = not waiting + served
    # after waiting, but within T.
    log_late = (
        _log_palm(x + 1.0, y * math.exp(-theta * target_seconds))
        + y * -math.expm1(-theta * target_seconds)
        - (counters * mu + theta) * target_seconds
        - _log_palm(x + 1.0, y)
    )
    in_time = -math.expm1(min(0.0, log_late))
    service_level = min(1.0, no_wait + p_wait * served_after_wait * in_time)
    return Prediction(
        model=Model.ERLANG_A,
        counters=counters,
        load=load,
        target_seconds=target_seconds,
        service_level=service_level,
        p_wait=p_wait,
        # Little's law on walk-aways: P(abandon) = θ·E[W]
        mean_wait_seconds=p_abandon * patience,
        # Served work per counter: λ·(1 − P(abandon))·S / n
        occupancy=min(1.0, rho * (1.0 - p_abandon)),
        p_abandon=p_abandon,
    )


def erlang_a_prediction(demand: Demand, counters: int, target_seconds: float) -> Prediction:
    """Erlang A (M/M/n+M) figures for n counters; the demand must have a patience.

    With x = nμ/θ, y = λ/θ, ρ = λ/(nμ), B = B(n, a) and A(x, y) as in :func:`_log_palm`
    (Mandelbaum & Zeltyn 2007):

    * P(wait) = A(x, y)·B / (1 + (A(x, y) − 1)·B)
    * P(walk away) = P(wait)·(1/(ρ·A(x, y)) + 1 − 1/ρ)
    * mean wait (until called or gone) = P(walk away) / θ
    * occupancy = ρ·(1 − P(walk away))
    * service level (called within T) = 1 − P(walk away)
      − P(wait)·x/(x+1)·A(x+1, y·e^(−θT))·e^(y(1−e^(−θT)))·e^(−(nμ+θ)T) / A(x, y)

    The queue is always stable: when counters are short, more customers walk away.

    Raises:
        DomainError: the demand has no patience (use :func:`erlang_c_prediction`).
    """
    _check_counters(counters)
    check_target_seconds(target_seconds)
    if demand.patience_seconds is None:
        raise DomainError(QT_TRANSLATE_NOOP("domain", "Erlang A needs the customers' patience"))
    return _erlang_a_prediction(demand, counters, target_seconds, erlang_b(counters, demand.load))


def predict(demand: Demand, counters: int, target_seconds: float) -> Prediction:
    """Erlang A figures when the demand has a patience, Erlang C figures otherwise."""
    if demand.patience_seconds is None:
        return erlang_c_prediction(demand, counters, target_seconds)
    return erlang_a_prediction(demand, counters, target_seconds)


# -- counters needed ---------------------------------------------------------------------------


def counters_needed(
    demand: Demand,
    target_seconds: float,
    level: float,
    *,
    model: Model | None = None,
    max_counters: int = MAX_COUNTERS,
) -> Prediction:
    """The fewest open counters whose predicted service level reaches the target.

    Counters are tried upwards (the service level grows with every counter) from a lower
    bound: under Erlang C the queue must be stable (n > a, occupancy below 1); under Erlang A no
    more than n/a of the customers can be served at all, so n ≥ level·a. Erlang B is carried
    along the search by its recursion, so the search costs O(n) Erlang B steps.

    Args:
        demand: arrivals, service time and (for Erlang A) patience.
        target_seconds: T, the waiting time customers should be called within.
        level: the share of customers to call within T, a fraction in (0, 1].
        model: Erlang C or A; by default Erlang A when the demand has a patience.
        max_counters: give up above this many counters.

    Returns:
        The prediction for that number of counters (0 counters when nobody arrives).

    Raises:
        DomainError: a target or level out of range, Erlang A without a patience, or more than
            ``max_counters`` counters needed.
    """
    check_target_seconds(target_seconds)
    if not 0 < level <= 1:  # also NaN; a percentage must be converted by the caller
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain", "the service level must be above 0 and at most 1, not {value!r}"
            ),
            value=level,
        )
    if model is None:
        model = Model.ERLANG_C if demand.patience_seconds is None else Model.ERLANG_A
    if model is Model.ERLANG_A and demand.patience_seconds is None:
        raise DomainError(QT_TRANSLATE_NOOP("domain", "Erlang A needs the customers' patience"))
    load = demand.load
    if load == 0:
        return _idle(model, 0, target_seconds)
    if model is Model.ERLANG_A:
        return _erlang_a_needed(demand, target_seconds, level, max_counters)
    start = math.floor(load) + 1
    if start > max_counters:
        raise _too_many(max_counters, load)
    b = erlang_b(start - 1, load)
    for n in range(start, max_counters + 1):
        b = load * b / (n + load * b)
        prediction = _erlang_c_prediction(demand, n, target_seconds, b)
        if prediction.service_level >= level:
            return prediction
    raise _too_many(max_counters, load)


def _erlang_a_needed(
    demand: Demand, target_seconds: float, level: float, max_counters: int
) -> Prediction:
    """Erlang A's counters needed by bisection (each evaluation may sum a long series)."""
    load = demand.load

    def at(n: int) -> Prediction:
        return _erlang_a_prediction(demand, n, target_seconds, erlang_b(n, load))

    def enough(prediction: Prediction) -> bool:
        return prediction.service_level >= level and prediction.occupancy < 1

    low = max(1, math.ceil(level * load))  # SL ≤ served share ≤ n/a
    if low > max_counters:
        raise _too_many(max_counters, load)
    # Grow the bracket until it holds the answer, then halve it; the service level grows with
    # every counter, so the first n that is enough is found.
    high = low
    best = at(high)
    while not enough(best):
        if high >= max_counters:
            raise _too_many(max_counters, load)
        low = high + 1
        high = min(max_counters, high * 2)
        best = at(high)
    while low < high:
        middle = (low + high) // 2
        candidate = at(middle)
        if enough(candidate):
            high, best = middle, candidate
        else:
            low = middle + 1
    return best


def _too_many(limit: int, load: float) -> DomainError:
    return DomainError(
        QT_TRANSLATE_NOOP(
            "domain", "more than {limit} counters would be needed for {load} Erlangs"
        ),
        limit=limit,
        load=round(load, 1),
    )


def _logistic(v: float) -> float:
    """1 / (1 + e^(−v)) without overflow."""
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def _idle(model: Model, counters: int, target_seconds: float) -> Prediction:
    """Nobody arrives: nobody waits."""
    return Prediction(model, counters, 0.0, target_seconds, 1.0, 0.0, 0.0, 0.0, 0.0)


def _check_counters(counters: int) -> None:
    if counters < 0:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the number of counters must be 0 or more, not {value}"),
            value=counters,
        )


def check_target_seconds(target_seconds: float) -> None:
    """Refuse a target wait that is negative or not a number (DomainError)."""
    if not math.isfinite(target_seconds) or target_seconds < 0:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the target wait must be 0 seconds or more, not {value!r}"),
            value=target_seconds,
        )
