"""Guards against Qt binding bugs that would crash a station after hours of work."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    number = Signal(int)


def test_emitting_a_signal_keeps_the_reference_count_of_true(qtbot: QtBot) -> None:
    # PySide6 6.12.0 returns True from SignalInstance.emit() without a reference: every emit
    # takes one from True until Python frees it and aborts (after a few thousand emits, i.e. an
    # hour of queue polling). pyproject.toml keeps that version out; this fails if it comes back.
    emitter = _Emitter()
    received: list[int] = []
    emitter.number.connect(received.append)
    before = sys.getrefcount(True)
    for n in range(200):
        emitter.number.emit(n)
    assert len(received) == 200
    assert sys.getrefcount(True) >= before - 5
