"""The printed ticket's layout: lines, sizes, languages, wait rounding, local time, QR payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from counterdesk.core.business import BusinessType, Catalogue
from counterdesk.core.slip import SlipLine, TicketSlip, slip_for, wait_minutes
from counterdesk.core.tickets import Ticket

BEIJING = timezone(timedelta(hours=8), "CST")
ISSUED_AT = datetime(2026, 11, 30, 9, 5, 40, tzinfo=UTC)
NOW_LOCAL = ISSUED_AT.astimezone(BEIJING)
TICKET_ID = "5f0c7a52-3d4e-4b8f-9a51-0c2b1f7e9d10"


@dataclass(frozen=True)
class Issued:
    """The values a slip is made of (the services' IssuedTicket has the same shape)."""

    ticket: Ticket
    business_type: BusinessType
    ahead: int
    estimated_wait_seconds: float | None
    branch_name: str = "Chaoyang Sub-branch"


def issued(catalogue: Catalogue, *, ahead: int = 3, wait: float | None = 450.0) -> Issued:
    ticket = Ticket.issue(
        id=TICKET_ID,
        day=date(2026, 11, 30),
        number=7,
        prefix="A",
        business_type="DEP",
        priority=0,
        at=ISSUED_AT,
    )
    return Issued(ticket, catalogue.get("DEP"), ahead, wait)


def test_chinese_first_slip_lays_out_every_line(catalogue: Catalogue) -> None:
    slip = slip_for(issued(catalogue), now_local=NOW_LOCAL, qr=True)

    assert slip.label == "A007"
    assert slip.lines == (
        SlipLine("Chaoyang Sub-branch", bold=True),
        SlipLine("A007", "huge", bold=True),
        SlipLine("现金存款", "double"),
        SlipLine("Cash deposit"),
        SlipLine("您前面还有 3 人"),
        SlipLine("3 people are ahead of you"),
        SlipLine("预计等候约 8 分钟"),
        SlipLine("Estimated wait: about 8 min"),
        SlipLine("2026-11-30 17:05"),
    )
    assert slip.qr == f"counterdesk:ticket:{TICKET_ID}"
    assert slip.footer == (SlipLine("请妥善保管您的号票"), SlipLine("Please keep your ticket"))


def test_english_first_prints_the_english_name_large(catalogue: Catalogue) -> None:
    slip = slip_for(
        issued(catalogue), language_order=("en", "zh_CN"), now_local=NOW_LOCAL, qr=False
    )

    assert slip.lines[2:4] == (SlipLine("Cash deposit", "double"), SlipLine("现金存款"))
    assert slip.footer[0].text == "Please keep your ticket"
    assert slip.qr is None


def test_one_language_prints_only_that_language(catalogue: Catalogue) -> None:
    slip = slip_for(issued(catalogue), language_order=("en",), now_local=NOW_LOCAL, qr=False)

    assert not any("现金" in line.text or "您" in line.text for line in slip.all_lines)


def test_unknown_wait_is_left_out(catalogue: Catalogue) -> None:
    slip = slip_for(issued(catalogue, wait=None), now_local=NOW_LOCAL, qr=False)

    assert not any("wait" in line.text or "等候约" in line.text for line in slip.lines)
    assert slip.lines[-1].text == "2026-11-30 17:05"


@pytest.mark.parametrize(
    ("ahead", "zh", "en"),
    [
        (0, "您前面没有人等候", "No one is ahead of you"),
        (1, "您前面还有 1 人", "1 person is ahead of you"),
        (12, "您前面还有 12 人", "12 people are ahead of you"),
    ],
)
def test_people_ahead(catalogue: Catalogue, ahead: int, zh: str, en: str) -> None:
    slip = slip_for(issued(catalogue, ahead=ahead), now_local=NOW_LOCAL, qr=False)

    assert [line.text for line in slip.lines[4:6]] == [zh, en]


@pytest.mark.parametrize(
    ("seconds", "minutes"), [(0, 0), (29, 0), (30, 1), (89, 1), (90, 2), (150, 3), (-5, 0)]
)
def test_wait_rounds_halves_up(seconds: float, minutes: int) -> None:
    assert wait_minutes(seconds) == minutes


def test_a_wait_under_half_a_minute_says_under_one_minute(catalogue: Catalogue) -> None:
    slip = slip_for(issued(catalogue, wait=20), now_local=NOW_LOCAL, qr=False)

    assert "预计等候不到 1 分钟" in slip.plain_text()
    assert "Estimated wait: under 1 min" in slip.plain_text()


def test_issue_time_is_shown_in_the_zone_of_now_local(catalogue: Catalogue) -> None:
    # Printed a minute later, in UTC: still the issue time, now in UTC.
    later_utc = ISSUED_AT + timedelta(minutes=1)
    slip = slip_for(issued(catalogue), now_local=later_utc, qr=False)

    assert "2026-11-30 09:05" in slip.plain_text()


def test_plain_text_keeps_the_printing_order(catalogue: Catalogue) -> None:
    text = slip_for(issued(catalogue), now_local=NOW_LOCAL, qr=True).plain_text().splitlines()

    assert text[1] == "A007"
    assert text[-3:] == [f"[QR counterdesk:ticket:{TICKET_ID}]", "请妥善保管您的号票",
                         "Please keep your ticket"]  # fmt: skip


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ((), "at least one language"),
        (("fr",), "unknown slip language 'fr'"),
        (("en", "en"), "repeat"),
    ],
)
def test_bad_languages_are_refused(
    catalogue: Catalogue, languages: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        slip_for(issued(catalogue), language_order=languages, now_local=NOW_LOCAL, qr=False)


def test_naive_now_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="aware"):
        slip_for(issued(catalogue), now_local=datetime(2026, 11, 30, 17, 5), qr=False)


def test_slip_is_a_value() -> None:
    slip = TicketSlip("A001", (SlipLine("A001", "huge"),))

    assert slip == TicketSlip("A001", (SlipLine("A001", "huge"),))
    assert slip.all_lines == (SlipLine("A001", "huge"),)
