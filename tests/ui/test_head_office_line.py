"""The teller's line about head office: every state in words, all of it through Qt translation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QApplication

from counterdesk.core.errors import DomainError
from counterdesk.services.head_office import SyncReport, SyncStatus
from counterdesk.sync.schedule import PlanReason, SyncPlan, SyncResult
from counterdesk.ui import i18n
from counterdesk.ui.head_office import HeadOfficeView, status_line

NOW = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
AT = datetime(2026, 12, 1, 2, 14, tzinfo=UTC)
RETRY = SyncPlan(AT + timedelta(minutes=1), PlanReason.RETRY, AT)
NIGHTLY = SyncPlan(datetime(2026, 12, 2, 2, 9, tzinfo=UTC), PlanReason.NIGHTLY, AT)
OK = SyncStatus(AT, True, "42 events sent", AT, 0)
FAILED = SyncStatus(AT, False, "head office cannot be reached", NOW - timedelta(days=1), 9)

VIEWS = {
    "checking": (HeadOfficeView(), "Head office: checking…"),
    "running": (HeadOfficeView(OK, NIGHTLY, running=True), "Head office: syncing…"),
    "never": (HeadOfficeView(SyncStatus(), NIGHTLY), "Head office: not synced yet, first sync "
              "2026-12-02 02:09"),
    "ok": (HeadOfficeView(OK, NIGHTLY), "Head office: synced 02:14"),
    "failed": (HeadOfficeView(FAILED, RETRY), "Head office: sync failed 02:14, retry 02:15"),
    "busy": (
        HeadOfficeView(
            OK,
            SyncPlan(AT + timedelta(minutes=5), PlanReason.RECHECK, AT),
            last=SyncReport(SyncResult.BUSY, AT, OK, DomainError("busy")),
        ),
        "Head office: another sync is running, checking again 02:19",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(VIEWS))
def test_each_state_has_its_line(qapp: QApplication, name: str) -> None:
    view, line = VIEWS[name]
    assert status_line(view, NOW, UTC) == line


@pytest.fixture
def pseudo(qapp: QApplication) -> Iterator[None]:
    translator = i18n.PseudoTranslator(qapp)
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


@pytest.mark.parametrize("name", list(VIEWS))
def test_every_word_of_the_line_goes_through_translation(pseudo: None, name: str) -> None:
    view, _ = VIEWS[name]
    line = status_line(view, NOW, UTC)
    assert "Head office" not in line
    assert line.startswith("[")
