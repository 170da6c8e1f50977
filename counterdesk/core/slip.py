"""The layout of a printed queue ticket, shared by the receipt printer and the system printer."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from counterdesk.core.business import BusinessType
from counterdesk.core.tickets import Ticket

SlipSize = Literal["normal", "double", "huge"]
SlipAlign = Literal["left", "center", "right"]

#: The languages a slip can be printed in.
SLIP_LANGUAGES = ("zh_CN", "en")

# The slip is printed in every language at once, whatever the kiosk's screen language, so
# these texts are not Qt translations: each language's text sits here, next to the others.
_AHEAD = {
    "en": ("No one is ahead of you", "1 person is ahead of you", "{n} people are ahead of you"),
    "zh_CN": ("您前面没有人等候", "您前面还有 1 人", "您前面还有 {n} 人"),
}
_WAIT = {
    "en": ("Estimated wait: under 1 min", "Estimated wait: about {m} min"),
    "zh_CN": ("预计等候不到 1 分钟", "预计等候约 {m} 分钟"),
}
_FOOTER = {"en": "Please keep your ticket", "zh_CN": "请妥善保管您的号票"}


def ticket_qr_payload(ticket_id: str) -> str:
    """Return what the QR code on a slip encodes (a customer-facing status URL later)."""
    return f"counterdesk:ticket:{ticket_id}"


class IssuedLike(Protocol):
    """What a slip is made from; :class:`counterdesk.services.state.IssuedTicket` is one."""

    @property
    def ticket(self) -> Ticket:
        """The new ticket."""
        ...

    @property
    def business_type(self) -> BusinessType:
        """Its business type."""
        ...

    @property
    def ahead(self) -> int:
        """Customers waiting before this one."""
        ...

    @property
    def estimated_wait_seconds(self) -> float | None:
        """The wait estimate, or None when unknown."""
        ...

    @property
    def branch_name(self) -> str:
        """The branch, printed at the top."""
        ...


@dataclass(frozen=True)
class SlipLine:
    """One line of a printed ticket.

    Attributes:
        text: what is printed; may be wider than the paper, the printer then wraps it.
        size: ``normal``; ``double`` (twice as wide and high); ``huge`` (the ticket number).
        align: ``left``, ``center`` or ``right``.
        bold: emphasised.
    """

    text: str
    size: SlipSize = "normal"
    align: SlipAlign = "center"
    bold: bool = False


@dataclass(frozen=True)
class TicketSlip:
    """A printed ticket: body lines, an optional QR code, then the footer lines.

    Attributes:
        label: the ticket number as the customer knows it (``A007``), for logs and faults.
        lines: the body, top to bottom.
        qr: the QR code payload, or None for no code.
        footer: the lines under the QR code.
    """

    label: str
    lines: tuple[SlipLine, ...]
    qr: str | None = None
    footer: tuple[SlipLine, ...] = ()

    @property
    def all_lines(self) -> tuple[SlipLine, ...]:
        """Body and footer lines, in printing order (the QR code sits between them)."""
        return self.lines + self.footer

    def plain_text(self) -> str:
        """The slip as plain text, one line each (for logs and a screen without a printer)."""
        body = [line.text for line in self.lines]
        if self.qr is not None:
            body.append(f"[QR {self.qr}]")
        return "\n".join(body + [line.text for line in self.footer])


def wait_minutes(seconds: float) -> int:
    """Round an estimated wait to whole minutes, halves up (90 s is 2 min, 89 s is 1 min)."""
    return math.floor(max(0.0, seconds) / 60 + 0.5)


def _ahead_text(language: str, ahead: int) -> str:
    none, one, many = _AHEAD[language]
    if ahead <= 0:
        return none
    return one if ahead == 1 else many.format(n=ahead)


def _wait_text(language: str, seconds: float) -> str:
    under, about = _WAIT[language]
    minutes = wait_minutes(seconds)
    return under if minutes < 1 else about.format(m=minutes)


def slip_for(
    issued: IssuedLike,
    *,
    language_order: Sequence[str] = ("zh_CN", "en"),
    now_local: datetime,
    qr: bool,
) -> TicketSlip:
    """Lay out the slip of a ticket just issued.

    Args:
        issued: the ticket with its business type, queue position and wait estimate.
        language_order: the languages to print, first one first; the business name in the
            first language is printed large.
        now_local: the current time, aware, in the branch's zone; the ticket's issue time is
            printed in that zone.
        qr: whether to print a QR code of the ticket (:func:`ticket_qr_payload`).

    Returns:
        The slip, the same for every printer.

    Raises:
        ValueError: an unknown or repeated language, no language, or a naive ``now_local``.
    """
    languages = tuple(language_order)
    if not languages:
        raise ValueError("a slip needs at least one language")
    for language in languages:
        if language not in SLIP_LANGUAGES:
            raise ValueError(
                f"unknown slip language {language!r}; expected {' or '.join(SLIP_LANGUAGES)}"
            )
    if len(set(languages)) != len(languages):
        raise ValueError(f"slip languages repeat: {', '.join(languages)}")
    if now_local.tzinfo is None or now_local.utcoffset() is None:
        raise ValueError("now_local must be an aware datetime in the branch's zone")

    ticket = issued.ticket
    kind = issued.business_type
    # The queue stores UTC; a naive time from it can only be UTC.
    issued_at = (
        ticket.issued_at if ticket.issued_at.tzinfo else ticket.issued_at.replace(tzinfo=UTC)
    )
    local_issued = issued_at.astimezone(now_local.tzinfo)

    lines = [SlipLine(issued.branch_name, bold=True), SlipLine(ticket.label, "huge", bold=True)]
    for index, language in enumerate(languages):
        lines.append(SlipLine(kind.name(language), "double" if index == 0 else "normal"))
    lines.extend(SlipLine(_ahead_text(language, issued.ahead)) for language in languages)
    if issued.estimated_wait_seconds is not None:
        seconds = issued.estimated_wait_seconds
        lines.extend(SlipLine(_wait_text(language, seconds)) for language in languages)
    lines.append(SlipLine(local_issued.strftime("%Y-%m-%d %H:%M")))
    return TicketSlip(
        label=ticket.label,
        lines=tuple(lines),
        qr=ticket_qr_payload(ticket.id) if qr else None,
        footer=tuple(SlipLine(_FOOTER[language]) for language in languages),
    )
