"""Translations, the Chinese font and pseudo-localisation."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.ui import i18n
from counterdesk.ui.customer.window import CustomerWindow


@pytest.fixture
def translators(qapp: QApplication) -> Iterator[list[QTranslator]]:
    installed: list[QTranslator] = []
    yield installed
    for translator in installed:
        qapp.removeTranslator(translator)


def test_pseudo_localise_is_longer_and_accented() -> None:
    text = "How satisfied are you with this service?"
    pseudo = i18n.pseudo_localise(text)

    assert len(pseudo) >= len(text) * 1.4
    assert "Ĥöŵ" in pseudo
    assert not any(c.isascii() and c.isalpha() for c in pseudo)


def test_pseudo_localise_keeps_placeholders() -> None:
    pseudo = i18n.pseudo_localise("Staff No. {number} at %1 <b>now</b> &Submit")

    assert "{number}" in pseudo
    assert "%1" in pseudo
    assert "<b>" in pseudo
    assert "</b>" in pseudo
    assert "&Š" in pseudo
    assert i18n.pseudo_localise("") == ""


def test_english_installs_nothing(qapp: QApplication, translators: list[QTranslator]) -> None:
    translators += i18n.install_translations(qapp, "en", Path("/nonexistent"))

    assert translators == []


def test_chinese_loads_qt_own_translation(
    qapp: QApplication,
    translators: list[QTranslator],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="counterdesk.ui.i18n"):
        translators += i18n.install_translations(qapp, "zh_CN", tmp_path)

    # No counterdesk_zh_CN.qm in tmp_path: warned about, Qt's own still loaded.
    assert "counterdesk" in caplog.text
    assert len(translators) == 1
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_pseudo_translator_changes_the_window_texts(
    qtbot: QtBot,
    qapp: QApplication,
    translators: list[QTranslator],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = CustomerWindow()
    qtbot.addWidget(window)
    window.show_serving("A007", "Deposit")
    caption = window.findChild(QLabel, "nowServingCaption")
    assert caption is not None
    assert caption.text() == "Now serving"

    monkeypatch.setenv(i18n.PSEUDO_ENV, "1")
    translators += i18n.install_translations(qapp, "en", Path("/nonexistent"))

    # Qt posts LanguageChange to the windows: wait for the event loop to deliver it.
    def retranslated() -> None:
        assert caption.text() == i18n.pseudo_localise("Now serving")

    qtbot.waitUntil(retranslated)
    # Data is not translated: the ticket stays as it is.
    ticket = window.findChild(QLabel, "ticketLabel")
    assert ticket is not None
    assert ticket.text() == "A007"


def test_cjk_font_is_available(qapp: QApplication) -> None:
    family = i18n.ensure_cjk_font(qapp)

    assert family is not None
    assert family in QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
