"""Tests for values a teller types: amounts, identity numbers and the captures that read them."""

from __future__ import annotations

import pytest
from procedure_helpers import amount

from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import (
    Authorisation,
    Capture,
    CaptureType,
    Choice,
    format_amount,
    parse_amount,
    parse_id_number,
)


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("50,000.00", 5000000),
        ("50000", 5000000),
        ("50,000", 5000000),
        (" 12.3 ", 1230),
        ("0.01", 1),
        ("1,000,000.00", 100000000),
    ],
)
def test_amount_parsing(typed: str, fen: int) -> None:
    assert amount().parse(typed) == fen


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "at most 2 decimals"),
        ("-5", "must not be negative"),
        ("1,000,000.01", "amount must be at most 1,000,000.00"),
        ("0", "amount must be at least 0.01"),
        ("5,00", "is not an amount"),
        ("abc", "is not an amount"),
        ("", "a value is required"),
    ],
)
def test_amount_refused(typed: str, message: str) -> None:
    with pytest.raises(DomainError, match=message):
        amount().parse(typed)


def test_amount_helpers() -> None:
    assert format_amount(123456789) == "1,234,567.89"
    assert format_amount(5, "JPY") == "5"
    assert parse_amount("1,000", "JPY") == 1000
    with pytest.raises(DomainError, match="no decimals"):
        parse_amount("1.5", "JPY")


def test_integer_text_and_choice_captures() -> None:
    integer = Capture(CaptureType.INTEGER, "Count", "数量", min=1, max=10)
    assert integer.parse("7") == 7
    with pytest.raises(DomainError, match="at most 10"):
        integer.parse("11")
    card = Capture(CaptureType.TEXT, "Card", "卡号", pattern=r"\d{16,19}")
    assert card.parse(" 6222020200001234567 ") == "6222020200001234567"
    with pytest.raises(DomainError, match="expected form"):
        card.parse("6222-0202")
    choice = Capture(CaptureType.CHOICE, "Pick", "选择", choices=(Choice("yes", "Yes", "是"),))
    assert choice.parse("是") == "yes"
    with pytest.raises(DomainError, match="not one of: yes"):
        choice.parse("maybe")


def valid_id(body: str) -> str:
    """Append the GB 11643 check character, computed from the standard's definition."""
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    remainder = sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
    return body + "10X98765432"[remainder]


def test_prc_id_number_checksum() -> None:
    # The worked example of GB 11643-1999 itself.
    assert valid_id("11010519491231002") == "11010519491231002X"
    for body in ("11010519491231002", "44030419900307123", "31011519850101001"):
        number = valid_id(body)
        assert parse_id_number(number) == number
        assert parse_id_number(number.lower()) == number
    id_capture = Capture(CaptureType.ID_NUMBER, "ID", "身份证号码")
    good = valid_id("44030419900307123")
    assert id_capture.parse(good) == good
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(DomainError, match="check digit"):
        id_capture.parse(wrong)
    with pytest.raises(DomainError, match="18 characters"):
        parse_id_number(good[:17])
    with pytest.raises(DomainError, match="birth date"):
        parse_id_number(valid_id("44030419900230123"))  # 30 February


def test_authorisation_only_over_threshold() -> None:
    rule = Authorisation(when_over=5000000, of_step="amount")
    assert not rule.required({"amount": 5000000})
    assert rule.required({"amount": 5000001})
    assert rule.required({})  # unknown amount never skips the supervisor
    assert Authorisation().required({})
