"""The runtime checklist: one service's progress through its procedure (pure; no storage).

:class:`Checklist` validates captured values, enforces the "supervisor who is not the teller"
rule and decides whether a service may finish with mandatory steps still open. The service
layer persists its :class:`StepRecord` values.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, render
from counterdesk.core.procedures.conditions import comparisons, steps_of
from counterdesk.core.procedures.model import FinishRule, Procedure, Step


@dataclass(frozen=True)
class StepRecord:
    """A checked step, as the service stores it.

    Attributes:
        step_id: the step.
        checked_at: when the teller checked it (aware UTC).
        value: the normalised captured value (fen for amounts), or None.
        authoriser: the supervisor who authorised it, or None.
        seconds_open: time from the step becoming current (the previous check, or the start
            of the checklist) to this check.
        sequence: 1 for the first check of the service, 2 for the next, ...
        out_of_order: whether an earlier step of the procedure was still open at the time.
    """

    step_id: str
    checked_at: datetime
    value: int | str | None
    authoriser: str | None
    seconds_open: float
    sequence: int
    out_of_order: bool = False


@dataclass(frozen=True)
class FinishVerdict:
    """Whether a service may finish, and on what terms.

    Attributes:
        allowed: whether finishing is allowed.
        template: the teller-facing explanation, marked for translation in context
            ``"domain"`` (empty when all mandatory steps are done); ``params`` fill it.
        params: the values of the template; ``steps`` is the open step ids, comma-separated.
        open_steps: ids of the mandatory steps still open.
        override: whether finishing relies on a supervisor override (``warn`` templates).
        reason: the teller's reason, when overriding.
        override_by: the supervisor who overrode, when overriding.
    """

    allowed: bool
    template: str = ""
    params: Mapping[str, object] = field(default_factory=dict)
    open_steps: tuple[str, ...] = ()
    override: bool = False
    reason: str | None = None
    override_by: str | None = None

    @property
    def message(self) -> str:
        """The explanation in English (empty when all mandatory steps are done)."""
        return render(self.template, self.params)

    def raise_if_refused(self) -> None:
        """Raise a :class:`DomainError` with the message when finishing is refused."""
        if not self.allowed:
            raise DomainError(self.template, **self.params)


def _reads(step: Step, step_ids: Collection[str]) -> bool:
    """Whether a step's authorisation or conditions read the value of one of ``step_ids``."""
    rule = step.authorisation
    if rule is not None and rule.of_step in step_ids:
        return True
    return any(
        not steps_of(condition).isdisjoint(step_ids)
        for condition in (step.required_when, step.shown_when)
        if condition is not None
    )


def _same_person(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def _aware(at: datetime, what: str) -> None:
    if at.tzinfo is None:
        raise ValueError(f"{what} must be an aware datetime")


@dataclass
class Checklist:
    """The progress of one service through its procedure (pure; the caller persists records).

    Steps may be checked in any order; the order is recorded in each :class:`StepRecord`.
    """

    procedure: Procedure
    teller: str
    started_at: datetime
    _records: dict[str, StepRecord] = field(default_factory=dict, init=False, repr=False)
    _sequence: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        _aware(self.started_at, "started_at")

    @classmethod
    def restore(
        cls,
        procedure: Procedure,
        teller: str,
        started_at: datetime,
        records: Iterable[StepRecord],
    ) -> Checklist:
        """Rebuild a checklist from stored records (crash recovery).

        Raises:
            DomainError: when a record names an unknown step or a step twice.
        """
        checklist = cls(procedure, teller, started_at)
        for record in sorted(records, key=lambda r: r.sequence):
            procedure.step(record.step_id)
            if record.step_id in checklist._records:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r} is recorded twice"),
                    step=record.step_id,
                )
            checklist._records[record.step_id] = record
            checklist._sequence = max(checklist._sequence, record.sequence)
        return checklist

    @property
    def records(self) -> tuple[StepRecord, ...]:
        """The checked steps, in the order they were checked."""
        return tuple(sorted(self._records.values(), key=lambda r: r.sequence))

    @property
    def values(self) -> dict[str, int | str]:
        """Captured values by step id."""
        return {
            step_id: record.value
            for step_id, record in self._records.items()
            if record.value is not None
        }

    def is_checked(self, step_id: str) -> bool:
        """Whether a step is checked."""
        return step_id in self._records

    def current(self) -> Step | None:
        """The first open step in procedure order, or None when all are checked."""
        values = self.values
        return next(
            (s for s in self.procedure.steps if s.id not in self._records and s.is_shown(values)),
            None,
        )

    def is_required(self, step_id: str) -> bool:
        """Whether a step must be checked before finishing, on the values captured so far."""
        return self.procedure.step(step_id).is_required(self.values)

    def is_shown(self, step_id: str) -> bool:
        """Whether a step applies to this service, on the values captured so far."""
        return self.procedure.step(step_id).is_shown(self.values)

    def open_mandatory(self) -> tuple[Step, ...]:
        """The required steps not checked yet, in procedure order.

        A step is required when it is mandatory, or when its ``required_when`` condition holds
        on the values captured so far; a step whose ``shown_when`` does not hold is not.
        """
        values = self.values
        return tuple(
            step
            for step in self.procedure.steps
            if step.id not in self._records and step.is_required(values)
        )

    def needs_authorisation(self, step_id: str, value_text: str | None = None) -> bool:
        """Whether checking the step (with that value) needs a supervisor, so the UI can ask.

        Raises:
            DomainError: when the value does not parse.
        """
        step = self.procedure.step(step_id)
        if step.authorisation is None:
            return False
        values = self.values
        if step.capture is not None and value_text is not None:
            values[step.id] = step.capture.parse(value_text)
        return step.authorisation.required(values)

    def check(
        self,
        step_id: str,
        at: datetime,
        value_text: str | None = None,
        authoriser: str | None = None,
    ) -> StepRecord:
        """Check a step, validating its value and authorisation.

        Args:
            step_id: the step.
            at: when (aware datetime).
            value_text: what the teller typed, for steps that capture a value.
            authoriser: the supervisor, for steps that need one.

        Returns:
            The record to store.

        Raises:
            DomainError: the step is already checked, the value is missing or invalid, the
                authorisation depends on a step not checked yet, or a required supervisor is
                missing or is the teller.
        """
        _aware(at, "at")
        step = self.procedure.step(step_id)
        if step_id in self._records:
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain", "step {step!r} is already checked; uncheck it to change it"
                ),
                step=step_id,
            )
        if step.shown_when is not None and not step.shown_when.holds(self.values):
            # The step does not apply on the values so far: name the earlier step whose value
            # decides (a text the translations already have; the UI never offers such a step).
            unmet = [c.step for c in comparisons(step.shown_when) if not c.holds(self.values)]
            raise DomainError(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "step {step!r} depends on the value of step {other_step!r}; "
                    "check that step first",
                ),
                step=step_id,
                other_step=(unmet or sorted(steps_of(step.shown_when)))[0],
            )
        value: int | str | None = None
        if step.capture is not None:
            if value_text is None or not value_text.strip():
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r}: {field} is required"),
                    step=step_id,
                    field=step.capture.field_name,
                )
            try:
                value = step.capture.parse(value_text)  # the full value, checked here only
            except DomainError as exc:
                raise DomainError(
                    QT_TRANSLATE_NOOP("domain", "step {step!r}: {detail}"),
                    step=step_id,
                    detail=exc,
                ) from None
        elif value_text is not None and value_text.strip():
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "step {step!r} does not capture a value"),
                step=step_id,
            )
        who = authoriser.strip() if authoriser is not None and authoriser.strip() else None
        rule = step.authorisation
        if rule is not None:
            values = self.values
            if value is not None:
                values[step_id] = value
            waiting_for = rule.of_step if rule.when_over is not None else None
            if waiting_for is not None and waiting_for not in values:
                raise DomainError(
                    QT_TRANSLATE_NOOP(
                        "domain",
                        "step {step!r} depends on the value of step {other_step!r}; "
                        "check that step first",
                    ),
                    step=step_id,
                    other_step=waiting_for,
                )
            if rule.required(values):
                if who is None:
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "domain", "step {step!r} needs a supervisor's authorisation"
                        ),
                        step=step_id,
                    )
                if _same_person(who, self.teller):
                    raise DomainError(
                        QT_TRANSLATE_NOOP(
                            "domain",
                            "step {step!r} must be authorised by a supervisor "
                            "other than the teller",
                        ),
                        step=step_id,
                    )
        since = max((r.checked_at for r in self._records.values()), default=self.started_at)
        since = max(since, self.started_at)
        out_of_order = any(
            s.id not in self._records for s in self.procedure.steps[: self._index(step_id)]
        )
        self._sequence += 1
        record = StepRecord(
            step_id=step_id,
            checked_at=at,
            # Only the masked form of an ID or mobile number outlives the check.
            value=value if step.capture is None or value is None else step.capture.kept(value),
            authoriser=who,
            seconds_open=max(0.0, (at - since).total_seconds()),
            sequence=self._sequence,
            out_of_order=out_of_order,
        )
        self._records[step_id] = record
        return record

    def uncheck(self, step_id: str) -> tuple[str, ...]:
        """Reopen a step, and any checked step whose authorisation or condition reads its value.

        A step whose ``required_when``/``shown_when`` reads the value is reopened with it, so
        that no checked step is left standing on a value that is gone (and a hidden step never
        keeps a check).

        Returns:
            The ids of the reopened steps (the step itself first; empty if it was open).
        """
        self.procedure.step(step_id)
        if step_id not in self._records:
            return ()
        del self._records[step_id]
        reopened = [step_id]
        for step in self.procedure.steps:
            if step.id in self._records and step.id != step_id and _reads(step, reopened):
                del self._records[step.id]
                reopened.append(step.id)
        return tuple(reopened)

    def void_authorisations_by(self, staff_no: str) -> tuple[str, ...]:
        """Reopen the steps ``staff_no`` authorised (they now serve: authorisation needs two).

        Returns:
            The ids of the reopened steps, with any step authorised on their values.
        """
        reopened: list[str] = []
        for record in self.records:
            if record.authoriser is not None and _same_person(record.authoriser, staff_no):
                reopened.extend(self.uncheck(record.step_id))
        return tuple(reopened)

    def finish_check(
        self, reason: str | None = None, override_by: str | None = None
    ) -> FinishVerdict:
        """Decide whether the service may finish now.

        Args:
            reason: why the teller finishes with open steps (``warn`` templates).
            override_by: the supervisor who accepts that (``warn`` templates).

        Returns:
            The verdict; a refusal names the open steps or what is missing.
        """
        open_steps = tuple(step.id for step in self.open_mandatory())
        if not open_steps:
            return FinishVerdict(allowed=True)
        params = {"steps": ", ".join(open_steps)}
        if self.procedure.on_incomplete is FinishRule.BLOCK:
            return FinishVerdict(
                allowed=False,
                template=QT_TRANSLATE_NOOP(
                    "domain", "cannot finish: mandatory steps still open: {steps}"
                ),
                params=params,
                open_steps=open_steps,
            )
        why = reason.strip() if reason is not None else ""
        who = override_by.strip() if override_by is not None else ""
        no_supervisor = not who
        own = bool(who) and _same_person(who, self.teller)
        # One whole sentence per case, so that each can be translated as a sentence.
        refusal = ""
        if not why and no_supervisor:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a reason and "
                "a supervisor override",
            )
        elif not why and own:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a reason and "
                "a supervisor other than the teller",
            )
        elif not why:
            refusal = QT_TRANSLATE_NOOP(
                "domain", "mandatory steps still open: {steps}; to finish anyway, give a reason"
            )
        elif no_supervisor:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give a supervisor override",
            )
        elif own:
            refusal = QT_TRANSLATE_NOOP(
                "domain",
                "mandatory steps still open: {steps}; to finish anyway, give "
                "a supervisor other than the teller",
            )
        if refusal:
            return FinishVerdict(
                allowed=False, template=refusal, params=params, open_steps=open_steps
            )
        return FinishVerdict(
            allowed=True,
            template=QT_TRANSLATE_NOOP("domain", "finished with mandatory steps open: {steps}"),
            params=params,
            open_steps=open_steps,
            override=True,
            reason=why,
            override_by=who,
        )

    def _index(self, step_id: str) -> int:
        return next(i for i, s in enumerate(self.procedure.steps) if s.id == step_id)
