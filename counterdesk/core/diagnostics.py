"""What ``counterdesk doctor`` and the diagnostics dialog report: one finding per check."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text


class Status(enum.Enum):
    """How a check came out; ``FAILED`` makes ``doctor`` exit non-zero."""

    OK = "ok"
    WARNING = "warning"
    FAILED = "failed"
    NOT_APPLICABLE = "n/a"

    @property
    def mark(self) -> str:
        """The one-character mark of a line: ✓, !, ✗ or –."""
        return {"ok": "✓", "warning": "!", "failed": "✗", "n/a": "–"}[self.value]


#: What a finding's summary or fix may be: a translatable text or a translated refusal.
Words = Text | DomainError


@dataclass(frozen=True)
class Finding:
    """One check's result, fit to print on a line and to show in the dialog.

    Attributes:
        key: a stable name for scripts (``config``, ``journal``, ``queue``, ...).
        title: what was checked, e.g. "Queue".
        status: how it came out.
        summary: what was found, in words.
        fix: what to do about it; None when nothing needs doing.
        details: plain values for ``--json`` (paths, versions, milliseconds).
    """

    key: str
    title: Text
    status: Status
    summary: Words
    fix: Words | None = None
    details: Mapping[str, object] = field(default_factory=dict)


def worst(findings: Iterable[Finding]) -> Status:
    """The most serious status among the findings (``OK`` for none)."""
    order = (Status.FAILED, Status.WARNING, Status.OK, Status.NOT_APPLICABLE)
    seen = {finding.status for finding in findings}
    return next((status for status in order if status in seen), Status.OK)


#: Titles of the checks, in the order they are shown.
TITLES: Mapping[str, str] = {
    "config": QT_TRANSLATE_NOOP("domain", "Configuration"),
    "journal": QT_TRANSLATE_NOOP("domain", "Journal"),
    "queue": QT_TRANSLATE_NOOP("domain", "Queue"),
    "clock": QT_TRANSLATE_NOOP("domain", "Clock"),
    "hq": QT_TRANSLATE_NOOP("domain", "Head office"),
    "sync": QT_TRANSLATE_NOOP("domain", "Last sync"),
    "screens": QT_TRANSLATE_NOOP("domain", "Screens"),
    "printer": QT_TRANSLATE_NOOP("domain", "Ticket printer"),
    "speech": QT_TRANSLATE_NOOP("domain", "Speech"),
    "sound": QT_TRANSLATE_NOOP("domain", "Sound device"),
    "font": QT_TRANSLATE_NOOP("domain", "Chinese font"),
    "versions": QT_TRANSLATE_NOOP("domain", "Versions"),
}


def finding(
    key: str,
    status: Status,
    summary: Words,
    fix: Words | None = None,
    /,
    **details: object,
) -> Finding:
    """Build the finding of check ``key`` (its title from :data:`TITLES`)."""
    return Finding(key, Text(TITLES[key]), status, summary, fix, details)
