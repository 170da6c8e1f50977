"""Values a teller types at the counter: money amounts and PRC resident identity numbers."""

from __future__ import annotations

import re
from datetime import date

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError

#: Amounts as a teller types them: ``50000``, ``50,000``, ``50000.5``, ``50,000.00``.
_AMOUNT = re.compile(r"^(?P<units>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?$")
#: Currencies without minor units; every other currency has two decimals (fen, cents).
_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW"})
#: GB 11643-1999 weights for the 17 body digits of a resident identity number.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def minor_digits(currency: str) -> int:
    """Return how many decimals an amount in ``currency`` has (2 for CNY, 0 for JPY)."""
    return 0 if currency.upper() in _ZERO_DECIMAL_CURRENCIES else 2


def format_amount(value: int, currency: str = "CNY") -> str:
    """Format an amount held in the smallest unit for a teller: ``5000000`` -> ``50,000.00``."""
    digits = minor_digits(currency)
    sign = "-" if value < 0 else ""
    scale: int = 10**digits
    units, fraction = divmod(abs(value), scale)
    text = f"{sign}{units:,}"
    return f"{text}.{fraction:0{digits}d}" if digits else text


def parse_amount(text: str, currency: str = "CNY") -> int:
    """Read an amount as a teller types it and return it in the smallest unit.

    Args:
        text: ``50000``, ``50,000`` or ``50,000.00`` (thousands separators optional).
        currency: ISO code; decides how many decimals are allowed.

    Returns:
        The amount in fen/cents (``5000000`` for ``50,000.00`` CNY).

    Raises:
        DomainError: for negative, malformed or over-precise amounts.
    """
    cleaned = text.strip().replace(" ", "")
    if cleaned.startswith("-"):
        raise DomainError(QT_TRANSLATE_NOOP("domain", "amount must not be negative"))
    match = _AMOUNT.match(cleaned)
    if match is None:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "{text!r} is not an amount; type e.g. 50,000.00"),
            text=text.strip(),
        )
    digits = minor_digits(currency)
    fraction = match.group("fraction") or ""
    if len(fraction) > digits:
        if digits == 0:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "amounts in {currency} have no decimals"),
                currency=currency,
            )
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "amount may have at most {digits} decimals"),
            digits=digits,
        )
    units = int(str(match.group("units")).replace(",", ""))
    scale: int = 10**digits
    return units * scale + int(fraction.ljust(digits, "0") or "0")


def id_check_char(body: str) -> str:
    """Return the GB 11643 check character for the first 17 digits of a resident ID number."""
    if len(body) != 17 or not body.isdigit():
        raise ValueError("the body of a resident ID number is 17 digits")
    total = sum(int(digit) * weight for digit, weight in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def parse_id_number(text: str) -> str:
    """Validate a PRC resident identity card number (GB 11643) and return it normalised.

    Checks the length, the birth date in positions 7-14 and the check character; a lower-case
    ``x`` is accepted and returned as ``X``.

    Raises:
        DomainError: saying what is wrong with the number.
    """
    number = text.strip().replace(" ", "").upper()
    if len(number) != 18:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "an ID number has 18 characters, not {length}"),
            length=len(number),
        )
    body, check = number[:17], number[17]
    if not body.isdigit() or not (check.isdigit() or check == "X"):
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "an ID number is 17 digits followed by a digit or X")
        )
    try:
        date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the birth date in the ID number is not a real date")
        ) from None
    if id_check_char(body) != check:
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "the ID number's check digit is wrong; please re-type it")
        )
    return number


#: A mainland China mobile number, optionally with the country code (``+86``).
_MOBILE = re.compile(r"^(?P<cc>(?:\+|00)?86)?(?P<number>1[3-9]\d{9})$")
#: A resident ID number: 18 characters (17 digits and a digit or X) or the old 15 digits.
_ID_SHAPE = re.compile(r"^(?:\d{17}[\dX]|\d{15})$")


def mask_personal(value: str) -> str:
    """Return a personal number as it may be stored: ID and mobile numbers masked.

    * ID numbers keep the region (first 6) and the last 4 characters:
      ``11010519491231002X`` -> ``110105********002X`` (15-digit: first 6 and last 3);
    * mobile numbers keep the network prefix (first 3) and the last 4 digits:
      ``13812345678`` -> ``138****5678`` (a ``+86`` prefix is kept);
    * any other text is returned unchanged, and so is a value already masked.
    """
    text = value.strip()
    upper = text.upper()
    if _ID_SHAPE.match(upper):
        tail = 4 if len(upper) == 18 else 3
        return upper[:6] + "*" * (len(upper) - 6 - tail) + upper[-tail:]
    mobile = _MOBILE.match(text.replace(" ", "").replace("-", ""))
    if mobile is not None:
        number = mobile.group("number")
        return (mobile.group("cc") or "") + number[:3] + "****" + number[-4:]
    return value
