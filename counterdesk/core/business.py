"""Business types (deposit, withdrawal, ...) and customer priority levels."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, NotFoundError

#: A service's usual length when the catalogue does not say (used for wait estimates early in
#: the day, before there are finished services to learn from).
DEFAULT_SERVICE_SECONDS = 300

_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,15}$")
_PREFIX = re.compile(r"^[A-Z]$")


class Priority(enum.IntEnum):
    """How urgently a customer is called; higher is called first.

    The green channel (elderly, disabled, pregnant customers) comes before VIP, and both before
    everyone else, within the fairness ratio of the counter's calling policy.
    """

    NORMAL = 0
    VIP = 1
    GREEN = 2

    @classmethod
    def parse(cls, text: str) -> Priority:
        """Read a level from its name (``normal``, ``vip``, ``green``) or number."""
        key = text.strip().lower()
        for level in cls:
            if key in (level.name.lower(), str(level.value)):
                return level
        names = ", ".join(level.name.lower() for level in cls)
        raise DomainError(
            QT_TRANSLATE_NOOP(
                "domain", "unknown priority level {text!r}; expected one of: {names}"
            ),
            text=text,
            names=names,
        )


@dataclass(frozen=True)
class BusinessType:
    """A kind of business a customer comes for, with its own ticket series.

    Attributes:
        code: stable identifier used in config and data (``DEP``).
        prefix: the letter printed before the ticket number (``A`` for ``A007``).
        name_en: English name.
        name_zh: Simplified Chinese name.
        target_seconds: service-level target for waiting time.
        service_seconds: how long one service usually takes (wait estimates before the day has
            its own figures).
        priority_weight: the priority level every ticket of this type starts at (e.g. VIP
            wealth management); a ticket issued with a higher level keeps the higher one.
    """

    code: str
    prefix: str
    name_en: str
    name_zh: str
    target_seconds: int
    priority_weight: int = 0
    service_seconds: int = DEFAULT_SERVICE_SECONDS

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise DomainError(
                f"business type code {self.code!r} must be 1-16 capitals, digits or _"
            )
        if not _PREFIX.match(self.prefix):
            raise DomainError(f"business type {self.code}: prefix must be one capital letter")
        if not self.name_en.strip() or not self.name_zh.strip():
            raise DomainError(f"business type {self.code}: names in en and zh are required")
        if self.target_seconds <= 0:
            raise DomainError(f"business type {self.code}: target_seconds must be positive")
        if self.service_seconds <= 0:
            raise DomainError(f"business type {self.code}: service_seconds must be positive")
        if self.priority_weight not in {p.value for p in Priority}:
            raise DomainError(f"business type {self.code}: priority_weight must be 0, 1 or 2")

    def name(self, language: str) -> str:
        """Return the name in ``en`` or ``zh_CN``."""
        return self.name_zh if language.startswith("zh") else self.name_en


class Catalogue:
    """The business types a branch offers, looked up by code or prefix letter.

    Args:
        types: the types offered for new tickets, in the order of the kiosk's tiles.
        retired: types no longer offered (head office retired them) that tickets and services
            of the day may still name: :meth:`get` finds them, iteration and :attr:`codes` do
            not, and their ticket letters stay theirs.
    """

    def __init__(self, types: Iterable[BusinessType], retired: Iterable[BusinessType] = ()) -> None:
        self._by_code: dict[str, BusinessType] = {}
        self._retired: dict[str, BusinessType] = {}
        by_prefix: dict[str, BusinessType] = {}
        for offered, group in ((True, types), (False, retired)):
            for item in group:
                if item.code in self._by_code or item.code in self._retired:
                    raise DomainError(f"business type code {item.code} is defined twice")
                if item.prefix in by_prefix:
                    other = by_prefix[item.prefix].code
                    raise DomainError(
                        f"business types {other} and {item.code} share ticket prefix {item.prefix}"
                    )
                (self._by_code if offered else self._retired)[item.code] = item
                by_prefix[item.prefix] = item
        # Config may name a type by code or by prefix, so neither may stand for two types.
        for code, item in {**self._by_code, **self._retired}.items():
            shadow = by_prefix.get(code)
            if shadow is not None and shadow is not item:
                raise DomainError(
                    f"business type code {code} is also the ticket prefix of {shadow.code}; "
                    "a counter's serves list could mean either"
                )
        self._by_prefix = by_prefix

    def overlaid(self, pulled: Iterable[BusinessType], retired: Iterable[str] = ()) -> Catalogue:
        """The catalogue with head office's types over it.

        A pulled type replaces the type of its code in place (names, targets...) or is added
        after the others; a code in ``retired`` is no longer offered (still found by
        :meth:`get`). A type keeps its ticket letter for good: the tickets of the day, the
        display and the reports carry it, so a pulled type that changes the letter of a known
        code is refused, as is a letter another type (even a retired one) holds.

        Raises:
            DomainError: one line naming the type and the conflict.
        """
        pulled = list(pulled)
        known = {**self._by_code, **self._retired}
        merged: dict[str, BusinessType] = dict(known)
        added: list[str] = []
        for item in pulled:
            before = known.get(item.code)
            if before is not None and before.prefix != item.prefix:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "business type {code}: its ticket letter {before} cannot change to "
                        "{after} (tickets and reports carry it); publish a new code instead",
                    ),
                    code=item.code,
                    before=before.prefix,
                    after=item.prefix,
                )
            if item.code not in merged:
                added.append(item.code)
            merged[item.code] = item
        gone = set(retired) | set(self._retired)
        revived = {item.code for item in pulled if item.code not in set(retired)}
        gone -= revived
        order = [*self._by_code, *self._retired, *sorted(added)]
        return Catalogue(
            (merged[code] for code in order if code not in gone),
            (merged[code] for code in order if code in gone),
        )

    def offers(self, key: str) -> bool:
        """Whether new tickets may be issued for a type (code or prefix); False when retired."""
        wanted = key.strip().upper()
        return wanted in self._by_code or (
            wanted in self._by_prefix and self._by_prefix[wanted].code in self._by_code
        )

    @property
    def retired(self) -> tuple[str, ...]:
        """The codes of retired types (found by :meth:`get`, no longer offered)."""
        return tuple(self._retired)

    def __iter__(self) -> Iterator[BusinessType]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    @property
    def codes(self) -> tuple[str, ...]:
        """All codes, in catalogue order."""
        return tuple(self._by_code)

    def get(self, key: str) -> BusinessType:
        """Find a type by code (``DEP``) or ticket prefix (``A``), case-insensitively.

        Raises:
            NotFoundError: naming the key and the known codes.
        """
        wanted = key.strip().upper()
        found = (
            self._by_code.get(wanted) or self._retired.get(wanted) or self._by_prefix.get(wanted)
        )
        if found is None:
            known = ", ".join(f"{t.code} ({t.prefix})" for t in self._by_code.values())
            raise NotFoundError(
                QT_TRANSLATE_NOOP("domain", "unknown business type {key!r}; known: {known}"),
                key=key,
                known=known,
            )
        return found

    def resolve(self, keys: Iterable[str]) -> tuple[str, ...]:
        """Turn a list of codes or prefixes (config ``serves``) into codes, keeping order."""
        codes: list[str] = []
        for key in keys:
            code = self.get(key).code
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def targets(self) -> Mapping[str, int]:
        """Service-level target in seconds per code."""
        return {t.code: t.target_seconds for t in self._by_code.values()}
