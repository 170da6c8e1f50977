"""Translations, the CJK font and pseudo-localisation for layout checks."""

from __future__ import annotations

import logging
import math
import os
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication

logger = logging.getLogger(__name__)

#: Set to 1 to replace every translated text with a longer, accented version.
PSEUDO_ENV = "COUNTERDESK_PSEUDO_L10N"

#: Debian's CJK fonts, tried in order when no installed font covers Simplified Chinese.
CJK_FONT_FILES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Placeholders, markup and mnemonics must survive pseudo-localisation untouched.
_KEEP = re.compile(r"%L?\d+|%n|\{[^{}]*\}|<[^<>]*>|&\w+;|&(?=\w)")
_GROWTH = 0.4


def pseudo_localise(text: str) -> str:
    """Return ``text`` accented and about 40% longer, to find cut-off and hard-coded texts.

    Placeholders (``%1``, ``{name}``), HTML tags and ``&`` mnemonics are kept as they are.

    Args:
        text: the source text.

    Returns:
        For example ``"[Šûƀɱîţ ~~~]"`` for ``"Submit"``; empty text stays empty.
    """
    if not text:
        return text
    parts: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    padding = "~" * max(1, math.ceil(len(text) * _GROWTH) - 3)
    return f"[{''.join(parts)} {padding}]"


class PseudoTranslator(QTranslator):
    """Translates every text into its pseudo-localised form (``COUNTERDESK_PSEUDO_L10N=1``)."""

    def translate(
        self,
        context: str,
        source_text: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str:
        """Return the pseudo-localised source text, whatever the context."""
        del context, disambiguation, n
        return pseudo_localise(source_text)

    def isEmpty(self) -> bool:
        """Never empty: it has a text for everything (Qt may skip empty translators)."""
        return False


def pseudo_enabled() -> bool:
    """Whether pseudo-localisation was asked for in the environment."""
    return os.environ.get(PSEUDO_ENV, "") == "1"


def install_translations(app: QCoreApplication, language: str, i18n_dir: Path) -> list[QTranslator]:
    """Install counterdesk's and Qt's own translations for ``language``.

    English is the source language, so nothing is loaded for it (except the pseudo
    translator when ``COUNTERDESK_PSEUDO_L10N=1``, which then takes precedence).

    Args:
        app: the application to install into.
        language: ``en`` or a locale name such as ``zh_CN``.
        i18n_dir: where ``counterdesk_<language>.qm`` files are.

    Returns:
        The installed translators. Keep the list: a translator that is garbage-collected
        stops translating.
    """
    installed: list[QTranslator] = []
    if language != "en":
        own = QTranslator(app)
        if own.load(f"counterdesk_{language}", str(i18n_dir)):
            installed.append(own)
        else:
            logger.warning("no counterdesk translation for %s in %s", language, i18n_dir)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qtbase = QTranslator(app)
        if qtbase.load(f"qtbase_{language}", qt_dir):
            installed.append(qtbase)
        else:
            logger.warning("no Qt translation for %s in %s", language, qt_dir)
    if pseudo_enabled():
        # Installed last, so it is asked first.
        installed.append(PseudoTranslator(app))
    for translator in installed:
        app.installTranslator(translator)
    return installed


def ensure_cjk_font(app: QGuiApplication) -> str | None:
    """Make sure some font can draw Simplified Chinese, so it is not shown as boxes.

    Args:
        app: the running application (fonts need a GUI application).

    Returns:
        The family that covers Simplified Chinese, or None (logged) when there is none.
    """
    del app  # the font database needs it to exist, nothing more
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if families:
        return families[0]
    for path in CJK_FONT_FILES:
        if not path.is_file():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        loaded = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if loaded:
            logger.info("loaded CJK font %s from %s", loaded[0], path)
            return loaded[0]
    logger.warning(
        "no font for Simplified Chinese; install fonts-wqy-microhei (tried %s)",
        ", ".join(str(path) for path in CJK_FONT_FILES),
    )
    return None
