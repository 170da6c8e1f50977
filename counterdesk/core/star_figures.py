"""A teller's month of KPIs turned into the figures a star policy grades (``core.stars.MEASURES``).

The KPIs come from :mod:`counterdesk.core.kpis` (at head office, their SQL twins in
``sync.hq_kpi``), grouped by teller for the month; :func:`month_figures` only does the last
arithmetic, stated in ``docs/stars.md`` ("Where the figures come from"). A figure with no data
(no ratings, no signed-in time, no service with a norm) is None, so the policy shares its
weight out instead of grading it as zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from counterdesk.core.kpis import Compliance, Durations, Satisfaction, Share, TellerTime
from counterdesk.core.ratings import Reason

#: The reason code that makes a low rating a complaint about the teller.
COMPLAINT_REASON = Reason.ATTITUDE.value


@dataclass(frozen=True)
class TellerMonth:
    """The KPIs of one teller's month (each as ``core.kpis`` gives it for that teller's group).

    Attributes:
        served: tickets served, by business type (``served`` by teller and type).
        service_level: customers whose first service was this teller's, called within target.
        service_times: start to finish per visit, by business type.
        satisfaction: ratings of the teller's finished services.
        compliance: SOP compliance of the teller's finished services.
        transfers: transfer events at the teller's counter.
        time: signed-in time split into serving, idle and paused.
        audit_anomalies: audit findings against the teller, None when nothing records them.
    """

    served: Mapping[str, int] = field(default_factory=dict)
    service_level: Share = field(default_factory=lambda: Share(0, 0))
    service_times: Mapping[str, Durations] = field(default_factory=dict)
    satisfaction: Satisfaction = field(default_factory=Satisfaction)
    compliance: Compliance = field(default_factory=Compliance)
    transfers: int = 0
    time: TellerTime = field(default_factory=TellerTime)
    audit_anomalies: int | None = None


def _percent(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def month_figures(month: TellerMonth, norms: Mapping[str, int]) -> dict[str, float | None]:
    """Every measure of :data:`counterdesk.core.stars.MEASURES` for one teller's month.

    Args:
        month: the teller's KPIs.
        norms: the usual service time (seconds) per business type (the catalogue's
            ``service_seconds``); types without one are left out of ``service_time_vs_norm``.
    """
    served = sum(month.served.values())
    timed = [
        (d.count, d.mean, norms[code])
        for code, d in month.service_times.items()
        if d.count and d.mean is not None and norms.get(code)
    ]
    sat = month.satisfaction
    rated = sat.rated
    complaints = dict(sat.reasons).get(COMPLAINT_REASON, 0)
    signed_in = month.time.signed_in
    return {
        "satisfaction": sat.mean_score if rated else None,
        "satisfied_share": _percent(sat.satisfied, rated),
        "service_level": _percent(month.service_level.part, month.service_level.whole),
        "service_time_vs_norm": _percent(
            sum(count * mean for count, mean, _ in timed),
            sum(count * norm for count, _, norm in timed),
        ),
        "sop_compliance": _percent(month.compliance.complete, month.compliance.finished),
        "transfer_share": _percent(month.transfers, served + month.transfers),
        "business_types": float(sum(1 for n in month.served.values() if n > 0)),
        "served": float(served),
        "idle_share": _percent(month.time.idle, signed_in),
        "pause_share": _percent(month.time.paused_total, signed_in),
        "overrides": float(len(month.compliance.overrides)),
        "complaints": float(complaints) if rated else None,
        "audit_anomalies": (
            None if month.audit_anomalies is None else float(month.audit_anomalies)
        ),
    }


#: A teller sees their own month's rating figures only from this many ratings: fewer would let
#: them work out what one customer answered.
MIN_RATINGS_SHOWN = 10


@dataclass(frozen=True)
class OwnMonth:
    """What a teller may see of their own month: figures from 10 ratings, and their stars.

    The figures are head office's as of the terminal's last sync (they change once a night,
    never with each rating), and are None below :data:`MIN_RATINGS_SHOWN` ratings, so that
    nothing on the screen can reveal one customer's answer.

    Attributes:
        month: ``YYYY-MM`` of the figures (the current month at the last sync), or "".
        as_of: when head office computed them (ISO text), or "".
        enough: whether at least :data:`MIN_RATINGS_SHOWN` ratings are in.
        rated: ratings this month, None unless ``enough``.
        mean: mean rating on a 0-100 scale, None unless ``enough``.
        satisfied_share: share of ratings that were satisfied (0-100), None unless ``enough``.
        stars: the teller's published level, None when none (or no level).
        stars_month: the month of that level, or "".
    """

    month: str = ""
    as_of: str = ""
    enough: bool = False
    rated: int | None = None
    mean: float | None = None
    satisfied_share: float | None = None
    stars: int | None = None
    stars_month: str = ""


def own_month(
    month: str,
    as_of: str,
    rated: int,
    mean: float | None,
    satisfied: int,
    stars: int | None = None,
    stars_month: str = "",
) -> OwnMonth:
    """A teller's own month as they may see it: the figures dropped below 10 ratings."""
    if rated < MIN_RATINGS_SHOWN:
        return OwnMonth(month, as_of, False, stars=stars, stars_month=stars_month)
    return OwnMonth(month, as_of, True, rated, mean, 100.0 * satisfied / rated, stars,
                    stars_month)  # fmt: skip
