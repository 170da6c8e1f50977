from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counterdesk.core.errors import DomainError
from counterdesk.core.staff import (
    AccountLockedError,
    LockoutPolicy,
    NotAllowedError,
    Role,
    SignInError,
    hash_pin,
    is_trivial_pin,
    validate_new_pin,
    validate_pin,
    validate_staff_no,
    verify_pin,
)

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
SALT = b"0123456789abcdef"


@pytest.mark.parametrize("pin", ["0000", "1234", "12345678", "00001111"])
def test_pins_of_4_to_8_digits_are_valid(pin: str) -> None:
    validate_pin(pin)


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", " 1234", "1234\n", "١٢٣٤", "12.5"])
def test_other_pins_are_refused(pin: str) -> None:
    with pytest.raises(DomainError, match="a PIN is 4 to 8 digits"):
        validate_pin(pin)


def test_hash_and_verify_round_trip() -> None:
    encoded = hash_pin("2468")
    assert verify_pin("2468", encoded)
    assert not verify_pin("2469", encoded)
    assert not verify_pin("24680", encoded)


def test_the_encoding_describes_itself() -> None:
    scheme, n, r, p, salt, digest = hash_pin("2468", salt=SALT).split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert salt == "MDEyMzQ1Njc4OWFiY2RlZg=="
    assert len(digest) == 44  # 32 bytes in base64


def test_the_same_salt_gives_the_same_hash() -> None:
    assert hash_pin("2468", salt=SALT) == hash_pin("2468", salt=SALT)


def test_random_salts_give_different_hashes_that_both_verify() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_pin("2468", first)
    assert verify_pin("2468", second)


def test_hash_pin_refuses_a_bad_pin() -> None:
    with pytest.raises(DomainError, match="4 to 8 digits"):
        hash_pin("12")


GOOD = hash_pin("2468", salt=SALT)


@pytest.mark.parametrize(
    "encoded",
    [
        "",
        "2468",
        GOOD.replace("scrypt", "bcrypt"),
        GOOD.rsplit("$", 1)[0],
        GOOD + "$extra",
        GOOD.replace("$16384$", "$abc$"),
        GOOD.replace("$16384$", "$1000$"),  # not a power of two
        GOOD.replace("$8$1$", "$0$1$"),
        GOOD.replace("$16384$", f"${2**30}$"),  # would need 128 GiB
        GOOD.replace("MDEyMzQ1Njc4OWFiY2RlZg==", "not base64!"),
        GOOD.replace("MDEyMzQ1Njc4OWFiY2RlZg==", ""),
        GOOD.rsplit("$", 1)[0] + "$AAAA",  # a 3-byte hash
    ],
    ids=[
        "empty",
        "plain-pin",
        "other-scheme",
        "too-few-parts",
        "too-many-parts",
        "n-not-a-number",
        "n-not-power-of-two",
        "r-zero",
        "n-huge",
        "salt-not-base64",
        "salt-empty",
        "hash-too-short",
    ],
)
def test_a_malformed_encoding_is_refused(encoded: str) -> None:
    with pytest.raises(DomainError, match="malformed PIN hash"):
        verify_pin("2468", encoded)


def test_lockout_counts_failures_then_locks_and_restarts_counting() -> None:
    policy = LockoutPolicy()
    failures = 0
    for expected in (1, 2, 3, 4):
        failures, until = policy.after_failure(failures, NOW)
        assert (failures, until) == (expected, None)
        assert policy.remaining(failures) == 5 - expected
    failures, until = policy.after_failure(failures, NOW)
    assert failures == 0
    assert until == NOW + timedelta(minutes=15)
    assert policy.remaining(failures) == 5


def test_lockout_is_locked_until_the_time_passes() -> None:
    policy = LockoutPolicy(max_failures=3, lock_seconds=60)
    until = NOW + timedelta(seconds=60)
    assert not policy.is_locked(None, NOW)
    assert policy.is_locked(until, NOW)
    assert policy.is_locked(until, until - timedelta(microseconds=1))
    assert not policy.is_locked(until, until)
    assert not policy.is_locked(NOW - timedelta(seconds=1), NOW)


def test_lockout_remaining_never_goes_negative() -> None:
    assert LockoutPolicy(max_failures=3).remaining(7) == 0


def test_a_policy_of_one_failure_locks_at_once() -> None:
    assert LockoutPolicy(max_failures=1, lock_seconds=5).after_failure(0, NOW) == (
        0,
        NOW + timedelta(seconds=5),
    )


@pytest.mark.parametrize(("failures", "seconds"), [(0, 60), (3, 0)])
def test_a_senseless_policy_is_refused(failures: int, seconds: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LockoutPolicy(max_failures=failures, lock_seconds=seconds)


def test_sign_in_error_gives_nothing_away() -> None:
    message = str(SignInError())
    assert message.startswith("wrong staff number or PIN")
    assert "locked for 15 minutes" in message
    assert "left" not in message
    assert "after 3 wrong PINs" in str(SignInError(LockoutPolicy(3, 90)))
    assert "locked for 2 minutes" in str(SignInError(LockoutPolicy(3, 90)))


def test_account_locked_error_keeps_the_time_and_shows_local_minutes() -> None:
    until = NOW + timedelta(minutes=15)
    error = AccountLockedError(until)
    assert error.until == until
    assert str(error) == f"account locked until {until.astimezone():%H:%M}"
    assert isinstance(error, DomainError)


def test_account_locked_error_rounds_up_to_the_minute() -> None:
    until = NOW + timedelta(minutes=15, seconds=20)
    expected = (NOW + timedelta(minutes=16)).astimezone()
    assert str(AccountLockedError(until)) == f"account locked until {expected:%H:%M}"


def test_account_locked_error_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        AccountLockedError(datetime(2026, 11, 30, 9, 15))


def test_staff_errors_are_domain_errors() -> None:
    assert issubclass(SignInError, DomainError)
    assert issubclass(NotAllowedError, DomainError)
    assert Role.SUPERVISOR.may_authorise
    assert not Role.TELLER.may_authorise


@pytest.mark.parametrize(
    "pin", ["0000", "99999999", "1234", "4321", "34567", "7890", "0987", "3001"]
)
def test_trivial_pins_are_refused_for_a_new_pin(pin: str) -> None:
    assert is_trivial_pin(pin, "3001")
    with pytest.raises(DomainError, match="PIN must not be"):
        validate_new_pin(pin, "3001")


@pytest.mark.parametrize("pin", ["1357", "2468", "8642", "1235", "90210", "12341234"])
def test_ordinary_pins_are_accepted(pin: str) -> None:
    assert not is_trivial_pin(pin, "3001")
    validate_new_pin(pin, "3001")


@pytest.mark.parametrize("staff_no", ["abc", "", "123", "12345678901", "1001 ", "T042", "١٠٠١"])
def test_a_staff_number_is_4_to_10_ascii_digits(staff_no: str) -> None:
    with pytest.raises(DomainError, match="staff number is 4 to 10 digits"):
        validate_staff_no(staff_no)


def test_a_good_staff_number_passes() -> None:
    validate_staff_no("1001")
    validate_staff_no("1234567890")
