"""How long a customer who just took a ticket should expect to wait."""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from counterdesk.core.errors import DomainError

#: Fewer finished services than this today, and the type's default duration is used instead.
MIN_SAMPLES = 3


def typical_service_seconds(recent: Sequence[float], default_seconds: float) -> float:
    """A robust figure for how long one service of a business type takes now.

    The median of today's recent services, so one long account opening does not double
    everybody's estimate; the type's default until there are :data:`MIN_SAMPLES` of them.
    """
    usable = [s for s in recent if s > 0]
    if len(usable) < MIN_SAMPLES:
        return default_seconds
    return float(statistics.median(usable))


def estimate_wait(
    ahead: int,
    recent_service_seconds: Sequence[float],
    open_counters: int,
    default_service_seconds: float,
) -> float | None:
    """Expected seconds until the customer is called.

    The customers ahead are served by the open counters that serve this business in
    parallel; the services in progress are on average half done, hence the half service
    added:

        wait = (ahead + 0.5) × typical service time ÷ open counters

    Args:
        ahead: customers who will be called first.
        recent_service_seconds: durations of today's recent services of this business.
        open_counters: open counters that serve this business.
        default_service_seconds: the business's usual service time, used early in the day.

    Returns:
        The estimate in seconds, or None when no open counter serves the business (nobody
        can promise a time then).

    Raises:
        DomainError: negative counts or a non-positive default.
    """
    if ahead < 0 or open_counters < 0:
        raise DomainError("ahead and open_counters cannot be negative")
    if default_service_seconds <= 0:
        raise DomainError("the default service time must be positive")
    if open_counters == 0:
        return None
    typical = typical_service_seconds(recent_service_seconds, default_service_seconds)
    return (ahead + 0.5) * typical / open_counters
