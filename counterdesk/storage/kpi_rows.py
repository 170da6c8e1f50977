"""A counter journal's rows of one business day, as the KPIs read them (``core.kpis`` rows).

The queue decides which tickets belong to a business day; this reads what one journal holds of
those tickets (services, their checked steps and ratings) and the staff sessions and pauses that
overlap the day's window. A branch with several counter PCs reads each journal and adds the
rows up (each row lives in exactly one journal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee

from counterdesk.core.clock import from_utc_text, to_utc_text
from counterdesk.core.kpis import PauseRow, RatingRow, ServiceRow, SessionRow, StepRow
from counterdesk.core.procedures import parse_procedure
from counterdesk.storage.sql import execute

#: Ids per ``IN (...)`` list: well under SQLite's smallest limit of bound parameters (999).
_CHUNK = 500


@dataclass(frozen=True)
class JournalDay:
    """One journal's rows of a business day.

    Attributes:
        services: services of the day's tickets (every state), in call order.
        steps: checked steps of those services.
        ratings: ratings (and "no rating" rows) of those services.
        sessions: staff sessions that overlap the window.
        pauses: pauses of those sessions.
    """

    services: tuple[ServiceRow, ...] = ()
    steps: tuple[StepRow, ...] = ()
    ratings: tuple[RatingRow, ...] = ()
    sessions: tuple[SessionRow, ...] = ()
    pauses: tuple[PauseRow, ...] = ()


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _in(column: str, ids: Sequence[str]) -> str:
    return f"{column} IN ({', '.join('?' for _ in ids)})"


def _at(text: str | None) -> datetime | None:
    return None if text is None else from_utc_text(text)


def _mandatory(snapshot_text: str | None, cache: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The mandatory step ids of a stored procedure snapshot (none for rows without one)."""
    if snapshot_text is None:
        return ()
    found = cache.get(snapshot_text)
    if found is None:
        snapshot = json.loads(snapshot_text)
        procedure = parse_procedure(str(snapshot["toml"]), str(snapshot["source"]))
        found = tuple(step.id for step in procedure.steps if step.mandatory)
        cache[snapshot_text] = found
    return found


def read_journal_day(
    db: peewee.Database,
    *,
    branch: str,
    day: date,
    ticket_ids: Iterable[str],
    window: tuple[datetime, datetime],
) -> JournalDay:
    """Read the rows of a business day from one journal.

    Args:
        db: the journal.
        branch: the branch code the rows carry.
        day: the business day the rows carry (the day of ``ticket_ids``).
        ticket_ids: the day's tickets, from the queue (:meth:`SqlQueue.kpi_tickets`).
        window: ``[start, end)``: sessions signed in before ``end`` and not signed out at or
            before ``start`` are read.
    """
    ids = sorted(set(ticket_ids))
    snapshots: dict[str, tuple[str, ...]] = {}
    services: list[ServiceRow] = []
    for chunk in _chunks(ids):
        rows = execute(
            db,
            "SELECT s.uuid, s.ticket_id, s.ticket_label, s.counter, s.staff_no, s.business_type, "
            "s.called_at, s.started_at, s.finished_at, s.state, s.finish_reason, s.override_by, "
            "s.previous_service_id, p.snapshot FROM service s "
            "LEFT JOIN procedure_snapshot p ON p.uuid = s.procedure_snapshot_id "
            f"WHERE {_in('s.ticket_id', chunk)}",
            chunk,
        ).fetchall()
        for (uuid, ticket_id, label, counter, staff_no, btype, called, started, finished,
             state, reason, override_by, previous, snapshot) in rows:  # fmt: skip
            services.append(
                ServiceRow(
                    service_id=uuid,
                    ticket_id=ticket_id,
                    ticket_label=label,
                    branch=branch,
                    day=day,
                    counter=int(counter),
                    teller=staff_no,
                    business_type=btype,
                    called_at=from_utc_text(called),
                    started_at=_at(started),
                    finished_at=_at(finished),
                    state=state,
                    finish_reason=reason,
                    override_by=override_by,
                    previous_service_id=previous,
                    mandatory_steps=_mandatory(snapshot, snapshots),
                )
            )
    services.sort(key=lambda s: (s.called_at, s.service_id))
    service_ids = [s.service_id for s in services]
    steps: list[StepRow] = []
    ratings: list[RatingRow] = []
    for chunk in _chunks(service_ids):
        for service_id, step_id, checked, seconds, authoriser, checked_by in execute(
            db,
            "SELECT service_id, step_id, checked_at, seconds_open, authoriser, checked_by "
            f"FROM step_record WHERE {_in('service_id', chunk)} ORDER BY checked_at, uuid",
            chunk,
        ).fetchall():
            steps.append(
                StepRow(
                    service_id,
                    step_id,
                    from_utc_text(checked),
                    float(seconds),
                    authoriser,
                    checked_by,
                )
            )
        for service_id, outcome, score, levels, reasons, cause, prompted, answered in execute(
            db,
            "SELECT service_id, outcome, score, scale_levels, reasons, cause, prompted_at, "
            f"answered_at FROM rating WHERE {_in('service_id', chunk)} ORDER BY prompted_at, uuid",
            chunk,
        ).fetchall():
            ratings.append(
                RatingRow(
                    service_id=service_id,
                    outcome=outcome,
                    score=score,
                    scale_levels=levels,
                    reasons=tuple(str(r) for r in json.loads(reasons or "[]")),
                    cause=cause,
                    prompted_at=from_utc_text(prompted),
                    answered_at=_at(answered),
                )
            )
    start, end = (to_utc_text(at) for at in window)
    sessions = [
        SessionRow(
            uuid, branch, day, int(counter), staff_no, from_utc_text(signed_in), _at(signed_out)
        )
        for uuid, counter, staff_no, signed_in, signed_out in execute(
            db,
            "SELECT uuid, counter, staff_no, signed_in_at, signed_out_at FROM staff_session "
            "WHERE signed_in_at < ? AND (signed_out_at IS NULL OR signed_out_at > ?) "
            "ORDER BY signed_in_at, uuid",
            (end, start),
        ).fetchall()
    ]
    pauses: list[PauseRow] = []
    for chunk in _chunks([s.session_id for s in sessions]):
        pauses += [
            PauseRow(session_id, reason, from_utc_text(started), _at(ended))
            for session_id, reason, started, ended in execute(
                db,
                "SELECT session_id, reason, started_at, ended_at FROM pause "
                f"WHERE {_in('session_id', chunk)} ORDER BY started_at, uuid",
                chunk,
            ).fetchall()
        ]
    return JournalDay(tuple(services), tuple(steps), tuple(ratings), tuple(sessions), tuple(pauses))
