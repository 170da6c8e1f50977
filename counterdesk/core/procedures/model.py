"""The procedure template model: procedures, their steps, captured values and authorisations."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from counterdesk.core.errors import QT_TRANSLATE_NOOP, Bilingual, DomainError, NotFoundError, Text
from counterdesk.core.procedures.conditions import Condition
from counterdesk.core.procedures.patterns import MAX_VALUE_LENGTH
from counterdesk.core.procedures.values import (
    format_amount,
    mask_personal,
    parse_amount,
    parse_id_number,
)

_INTEGER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)$")


def _is_zh(language: str) -> bool:
    return language.startswith("zh")


class FinishRule(enum.StrEnum):
    """What happens when a teller finishes a service with mandatory steps still open."""

    BLOCK = "block"
    """Finishing is refused."""
    WARN = "warn"
    """Finishing is allowed with a reason and a supervisor override."""


class Keep(enum.StrEnum):
    """How a captured value is kept in the journal, its sync events and backups."""

    MASKED = "masked"
    """ID and mobile numbers masked (``110105********002X``, ``138****5678``); the default."""
    FULL = "full"
    """Kept as typed; a procedure must say why (``keep_reason``)."""


class CaptureType(enum.StrEnum):
    """The kind of value a step asks the teller to type in."""

    AMOUNT = "amount"
    INTEGER = "integer"
    TEXT = "text"
    CHOICE = "choice"
    ID_NUMBER = "id_number"


@dataclass(frozen=True)
class Choice:
    """One option of a ``choice`` capture.

    Attributes:
        value: what is stored (stable, language-neutral).
        label_en: English label.
        label_zh: Simplified Chinese label.
    """

    value: str
    label_en: str
    label_zh: str

    def label(self, language: str) -> str:
        """Return the label in ``en`` or ``zh_CN``."""
        return self.label_zh if _is_zh(language) else self.label_en


@dataclass(frozen=True)
class Capture:
    """A value a step captures, with its validation.

    Attributes:
        type: the kind of value.
        label_en: English field label.
        label_zh: Simplified Chinese field label.
        min: lowest allowed value (amounts in the smallest unit, e.g. fen; text: length).
        max: highest allowed value (same units as ``min``).
        choices: the options of a ``choice`` capture.
        pattern: a regular expression a ``text`` value must match in full.
        currency: ISO code of an ``amount`` (``CNY`` when not given).
        keep: how an ``id_number`` or ``text`` value is stored (masked unless the template
            says ``full``, with ``keep_reason``).
        keep_reason: why the procedure keeps the value in full.
    """

    type: CaptureType
    label_en: str
    label_zh: str
    min: int | None = None
    max: int | None = None
    choices: tuple[Choice, ...] = ()
    pattern: str | None = None
    currency: str | None = None
    keep: Keep = Keep.MASKED
    keep_reason: str = ""

    def label(self, language: str) -> str:
        """Return the field label in ``en`` or ``zh_CN``."""
        return self.label_zh if _is_zh(language) else self.label_en

    def kept(self, value: int | str) -> int | str:
        """The value as it may be stored: the full value is only for checking it at entry.

        ID numbers and mobile numbers in ``id_number`` and ``text`` captures are masked
        unless the procedure keeps them in full; numbers and choices are kept as they are.
        """
        if self.keep is Keep.FULL or not isinstance(value, str):
            return value
        if self.type in (CaptureType.ID_NUMBER, CaptureType.TEXT):
            return mask_personal(value)
        return value

    @property
    def currency_code(self) -> str:
        """The currency of an amount, ``CNY`` unless the template says otherwise."""
        return self.currency or "CNY"

    def format(self, value: int | str) -> str:
        """Show a normalised value the way a teller would type it."""
        if self.type is CaptureType.AMOUNT and isinstance(value, int):
            return format_amount(value, self.currency_code)
        return str(value)

    def parse(self, text: str) -> int | str:
        """Validate what the teller typed and return the normalised value.

        Returns:
            An ``int`` for amounts (smallest unit) and integers; a ``str`` otherwise.

        Raises:
            DomainError: with a message fit to show the teller.
        """
        stripped = text.strip()
        if not stripped:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{field}: a value is required"),
                field=self.field_name,
            )
        if self.type is CaptureType.AMOUNT:
            amount = parse_amount(stripped, self.currency_code)
            self._check_range(amount, Text(QT_TRANSLATE_NOOP("domain", "amount")), self.format)
            return amount
        if self.type is CaptureType.INTEGER:
            if not _INTEGER.match(stripped):
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "{text!r} is not a whole number"), text=stripped
                )
            number = int(stripped.replace(",", ""))
            self._check_range(number, Text(QT_TRANSLATE_NOOP("domain", "the number")), str)
            return number
        if self.type is CaptureType.TEXT:
            self._check_range(
                len(stripped), Text(QT_TRANSLATE_NOOP("domain", "the text length")), str
            )
            if self.pattern is not None and len(stripped) > MAX_VALUE_LENGTH:
                # The cap that bounds the pattern's matching time (see procedures.patterns).
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "{field}: at most {limit} characters"),
                    field=self.field_name,
                    limit=MAX_VALUE_LENGTH,
                )
            if self.pattern is not None and re.fullmatch(self.pattern, stripped) is None:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "{text!r} does not have the expected form"),
                    text=stripped,
                )
            return stripped
        if self.type is CaptureType.CHOICE:
            for choice in self.choices:
                if stripped in (choice.value, choice.label_en, choice.label_zh):
                    return choice.value
            allowed = ", ".join(choice.value for choice in self.choices)
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{text!r} is not one of: {allowed}"),
                text=stripped,
                allowed=allowed,
            )
        return parse_id_number(stripped)

    @property
    def field_name(self) -> Bilingual:
        """The field label in both languages, for messages."""
        return Bilingual(self.label_en, self.label_zh)

    def _check_range(self, value: int, what: Text, show: Callable[[int], str]) -> None:
        if self.min is not None and value < self.min:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{what} must be at least {limit}"),
                what=what,
                limit=show(self.min),
            )
        if self.max is not None and value > self.max:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "{what} must be at most {limit}"),
                what=what,
                limit=show(self.max),
            )


@dataclass(frozen=True)
class Authorisation:
    """A supervisor who is not the teller must authorise a step.

    Attributes:
        when_over: only when the captured value of ``of_step`` is greater than this (same
            unit as the capture: fen for amounts); ``None`` means always.
        of_step: the step whose value is compared; the loader fills in the owning step
            when the template leaves it out.
    """

    when_over: int | None = None
    of_step: str | None = None

    def required(self, values: Mapping[str, int | str]) -> bool:
        """Whether a supervisor must authorise, given the values captured so far.

        A threshold whose value has not been captured yet counts as exceeded, so that a
        missing value can never skip the authorisation.
        """
        if self.when_over is None:
            return True
        value = values.get(self.of_step) if self.of_step is not None else None
        if not isinstance(value, int):
            return True
        return value > self.when_over


@dataclass(frozen=True)
class Step:
    """One line of a procedure.

    Attributes:
        id: identifier unique within the procedure (``count_cash``).
        text_en: what to do, in English.
        text_zh: what to do, in Simplified Chinese.
        mandatory: whether the step must be checked before finishing.
        hint_en: optional explanation in English.
        hint_zh: optional explanation in Simplified Chinese.
        capture: the value to type in, if any.
        authorisation: the supervisor rule, if any.
        required_when: when set, the step is mandatory only while this condition on earlier
            captured values holds (``mandatory`` is then false).
        shown_when: when set, the step is shown (and can be required) only while this
            condition holds.
    """

    id: str
    text_en: str
    text_zh: str
    mandatory: bool = True
    hint_en: str = ""
    hint_zh: str = ""
    capture: Capture | None = None
    authorisation: Authorisation | None = None
    required_when: Condition | None = None
    shown_when: Condition | None = None

    def is_shown(self, values: Mapping[str, int | str]) -> bool:
        """Whether the step applies, given the values captured so far."""
        return self.shown_when is None or self.shown_when.holds(values)

    def is_required(self, values: Mapping[str, int | str]) -> bool:
        """Whether the step must be checked before finishing, given the values so far."""
        if not self.is_shown(values):
            return False
        if self.required_when is not None:
            return self.required_when.holds(values)
        return self.mandatory

    def text(self, language: str) -> str:
        """Return the instruction in ``en`` or ``zh_CN``."""
        return self.text_zh if _is_zh(language) else self.text_en

    def hint(self, language: str) -> str:
        """Return the hint in ``en`` or ``zh_CN`` (empty when there is none)."""
        return (self.hint_zh or self.hint_en) if _is_zh(language) else self.hint_en


@dataclass(frozen=True)
class Procedure:
    """A versioned checklist template for one business type.

    Attributes:
        business_type: the business type code (``DEP``).
        version: template version; a service keeps the version it started with.
        title_en: English title.
        title_zh: Simplified Chinese title.
        on_incomplete: whether finishing with open mandatory steps is blocked or warned.
        steps: the steps in the order the teller should do them.
        source: where the template was read from (file name), for messages.
    """

    business_type: str
    version: int
    title_en: str
    title_zh: str
    on_incomplete: FinishRule
    steps: tuple[Step, ...]
    source: str = ""

    def title(self, language: str) -> str:
        """Return the title in ``en`` or ``zh_CN``."""
        return self.title_zh if _is_zh(language) else self.title_en

    def step(self, step_id: str) -> Step:
        """Find a step by id.

        Raises:
            NotFoundError: naming the step and the procedure.
        """
        for step in self.steps:
            if step.id == step_id:
                return step
        raise NotFoundError(
            QT_TRANSLATE_NOOP("domain", "procedure {code} v{version} has no step {step!r}"),
            code=self.business_type,
            version=self.version,
            step=step_id,
        )
