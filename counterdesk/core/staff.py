"""Staff of the branch: roles, PIN hashing and the lock-out rules for signing in."""

from __future__ import annotations

import base64
import binascii
import enum
import hashlib
import hmac
import itertools
import math
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, domain_words


class Role(enum.StrEnum):
    """What a member of staff may do."""

    TELLER = "teller"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def may_authorise(self) -> bool:
        """Whether this role can authorise steps and override a finish."""
        return self in (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class StaffMember:
    """A member of staff as the rest of the program sees them (never the PIN).

    Attributes:
        staff_no: the staff number they sign in with.
        name: display name.
        role: teller, supervisor or admin.
        stars: star level from customer ratings (0-5), shown on the customer screen.
        photo: path of a photo for the customer screen, relative to the data dir, or None.
    """

    staff_no: str
    name: str
    role: Role
    stars: float = 0.0
    photo: str | None = None


class SignInError(DomainError):
    """A staff number and PIN did not sign anyone in.

    The message is the same whether the staff number is unknown, inactive or the PIN is wrong,
    and it never tells how many attempts are left: a count shown only for real staff numbers
    would let anyone at the counter find out which numbers exist. It states the lock-out rule
    instead, which is the same for everyone.
    """

    def __init__(self, policy: LockoutPolicy | None = None) -> None:
        rule = policy or LockoutPolicy()
        self.policy = rule
        super().__init__(
            QT_TRANSLATE_NOOP(
                "domain",
                "wrong staff number or PIN; after {failures} wrong PINs in a row "
                "the account is locked for {minutes} minutes",
            ),
            failures=rule.max_failures,
            minutes=rule.lock_minutes,
        )


class AccountLockedError(DomainError):
    """Too many wrong PINs: the account refuses every PIN, even the right one, for a while.

    Attributes:
        until: when the lock ends (aware UTC); the UI formats it in local time.

    The message's ``until`` value is the end rounded up to the minute, in local time.
    """

    def __init__(self, until: datetime) -> None:
        if until.tzinfo is None:
            raise ValueError("AccountLockedError needs an aware datetime")
        self.until = until
        # Round up to the minute so "locked until 09:16" is never still locked at 09:16.
        shown = until.astimezone()
        if shown.second or shown.microsecond:
            shown = shown.replace(second=0, microsecond=0) + timedelta(minutes=1)
        super().__init__(
            QT_TRANSLATE_NOOP("domain", "account locked until {until:%H:%M}"), until=shown
        )


class NotAllowedError(DomainError):
    """The member of staff's role may not do what was asked."""


#: Role names appear in refusals ("staff 1002 is a teller and cannot authorise").
ROLE_WORDS = domain_words(
    QT_TRANSLATE_NOOP("domain", "teller"),
    QT_TRANSLATE_NOOP("domain", "supervisor"),
    QT_TRANSLATE_NOOP("domain", "admin"),
)


# --- PINs -----------------------------------------------------------------------------------

_PIN = re.compile(r"[0-9]{4,8}")  # not \d: that would accept Arabic-Indic and other digits

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
SCRYPT_DKLEN = 32
SALT_BYTES = 16
# One hash takes about 34 ms (median of 10; 33-61 ms) on the 2-core AMD EPYC dev VM with
# Python 3.11 / OpenSSL: unnoticeable at sign-in, slow enough to make guessing an 8-digit PIN
# from a stolen journal cost days of CPU per salt. Memory use is 128 * r * n = 16 MiB.
_MAX_MEM = 64 * 1024 * 1024  # refuses encodings asking for absurd parameters (DoS guard)
# Bounds on a stored hash's parameters, checked before scrypt runs: a damaged or planted hash
# must not make one sign-in take a minute. p runs sequentially, so its cost is time, not memory.
_MAX_N = 2**20
_MAX_R = 32
_MAX_P = 16
_MAX_WORK = 16 * SCRYPT_N * SCRYPT_R * SCRYPT_P  # n * r * p: at most 16 times today's cost


def validate_new_member(staff_no: str, name: str) -> None:
    """Check a new account's staff number and name (before anything is written).

    Raises:
        DomainError: the staff number is empty or has spaces around it, or the name is empty.
    """
    if not staff_no.strip() or staff_no != staff_no.strip():
        raise DomainError(f"staff number {staff_no!r} must be non-empty, without spaces")
    if not name.strip():
        raise DomainError(f"staff {staff_no} needs a name")


#: A staff number is digits only, 4 to 10 of them (what the bank's HR system gives out).
STAFF_NO_DIGITS = (4, 10)
_STAFF_NO = re.compile(r"[0-9]{4,10}")


def validate_staff_no(staff_no: str) -> None:
    """Check the shape of a staff number given to a new account.

    Raises:
        DomainError: the staff number is not 4 to 10 ASCII digits.
    """
    if not _STAFF_NO.fullmatch(staff_no):
        raise DomainError(
            QT_TRANSLATE_NOOP("domain", "a staff number is {low} to {high} digits, not {staff_no}"),
            low=STAFF_NO_DIGITS[0],
            high=STAFF_NO_DIGITS[1],
            staff_no=repr(staff_no),
        )


def is_trivial_pin(pin: str, staff_no: str = "") -> bool:
    """Whether a PIN is one anybody would guess first.

    Trivial: every digit the same (``0000``), a run up or down by one (``1234``, ``4321``,
    ``7890``) or the staff number itself.
    """
    if len(set(pin)) == 1 or (staff_no and pin == staff_no):
        return True
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    return steps in ({1}, {9})


def validate_new_pin(pin: str, staff_no: str) -> None:
    """Check a PIN someone chooses (a new account, a reset): its shape, and not trivial.

    Existing PINs are not checked again: only :func:`validate_pin` applies at sign-in.

    Raises:
        DomainError: the PIN is not 4 to 8 digits, or it is trivial (:func:`is_trivial_pin`).
    """
    validate_pin(pin)
    if is_trivial_pin(pin, staff_no):
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain",
                "a PIN must not be one digit repeated, a run like 1234 or 4321, or the staff "
                "number; choose another",
            )
        )


def validate_pin(pin: str) -> None:
    """Check that a PIN has the allowed shape.

    Raises:
        DomainError: the PIN is not 4 to 8 ASCII digits.
    """
    if not _PIN.fullmatch(pin):
        raise DomainError(QT_TRANSLATE_NOOP("domain", "a PIN is 4 to 8 digits"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_MAX_MEM
    )


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """Hash a PIN with scrypt into one self-describing string, for storage.

    The result is ``scrypt$16384$8$1$<salt base64>$<hash base64>``, so stronger parameters can be
    introduced later while old hashes keep verifying.

    Args:
        pin: the PIN; checked with :func:`validate_pin`.
        salt: the salt; a fresh random 16 bytes when None (pass one only in tests).

    Raises:
        DomainError: the PIN is not 4 to 8 digits, or the salt is empty.
    """
    validate_pin(pin)
    if salt is None:
        salt = secrets.token_bytes(SALT_BYTES)
    if not salt:
        raise DomainError("a PIN hash needs a non-empty salt")
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_DKLEN)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    parts = encoded.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        raise DomainError("malformed PIN hash: expected scrypt$n$r$p$salt$hash")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        expected = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error) as exc:
        raise DomainError(f"malformed PIN hash: {exc}") from exc
    if n < 2 or n & (n - 1) or r < 1 or p < 1 or not salt or len(expected) < 16:
        raise DomainError("malformed PIN hash: bad scrypt parameters, salt or hash length")
    if n > _MAX_N or r > _MAX_R or p > _MAX_P or n * r * p > _MAX_WORK or 128 * n * r > _MAX_MEM:
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain",
                "malformed PIN hash: scrypt parameters beyond the limits "
                "(n={n}, r={r}, p={p}); reset this PIN",
            ),
            n=n,
            r=r,
            p=p,
        )
    return n, r, p, salt, expected


def check_pin_hash(encoded: str) -> None:
    """Check that a stored PIN hash is one :func:`verify_pin` takes, without running scrypt.

    For hashes that come from elsewhere (head office's staff directory) before they are stored.

    Raises:
        DomainError: as :func:`verify_pin` for a malformed hash or parameters beyond the limits.
    """
    _parse_hash(encoded)


def verify_pin(pin: str, encoded: str) -> bool:
    """Tell whether a PIN matches a hash made by :func:`hash_pin` (constant-time comparison).

    Raises:
        DomainError: ``encoded`` is not a hash this program understands.
    """
    n, r, p, salt, expected = _parse_hash(encoded)
    try:
        actual = _scrypt(pin, salt, n, r, p, len(expected))
    except ValueError as exc:  # OpenSSL refuses parameters beyond maxmem
        raise DomainError(f"malformed PIN hash: {exc}") from exc
    return hmac.compare_digest(actual, expected)


# --- lock-out -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockoutPolicy:
    """When wrong PINs lock an account, and for how long; pure decisions, no storage.

    Attributes:
        max_failures: wrong PINs in a row that lock the account.
        lock_seconds: how long the lock lasts.
    """

    max_failures: int = 5
    lock_seconds: int = 15 * 60

    def __post_init__(self) -> None:
        if self.max_failures < 1:
            raise ValueError(f"max_failures must be at least 1, not {self.max_failures}")
        if self.lock_seconds < 1:
            raise ValueError(f"lock_seconds must be at least 1, not {self.lock_seconds}")

    @property
    def lock_minutes(self) -> int:
        """The lock time in whole minutes, rounded up (for messages)."""
        return math.ceil(self.lock_seconds / 60)

    def is_locked(self, locked_until: datetime | None, now: datetime) -> bool:
        """Whether an account locked until ``locked_until`` is still locked at ``now``."""
        return locked_until is not None and now < locked_until

    def after_failure(self, failures: int, now: datetime) -> tuple[int, datetime | None]:
        """Decide what one more wrong PIN does.

        Args:
            failures: wrong PINs in a row so far (since the last success or lock).
            now: when the wrong PIN was entered (aware).

        Returns:
            The new failure count and the time the lock ends, or None when the account stays
            open. When the count reaches ``max_failures`` the account locks and counting starts
            again from 0, so after the lock the teller has ``max_failures`` tries again.
        """
        failures += 1
        if failures >= self.max_failures:
            return 0, now + timedelta(seconds=self.lock_seconds)
        return failures, None

    def remaining(self, failures: int) -> int:
        """How many more wrong PINs the account takes before it locks."""
        return max(0, self.max_failures - failures)
