"""The windows' icons: drawn once from qtawesome into ``resources/icons``, loaded as files.

Importing qtawesome costs about 120 ms at start-up (it pulls in qtpy and several Qt modules),
so the program loads pre-rendered PNG files instead. ``python -m counterdesk.ui.icons`` (run
by ``make icons``) renders every icon listed in :data:`ICONS`; a test checks they all exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

from counterdesk.resources import resource

#: Every (qtawesome name, colour) the windows use.
ICONS: frozenset[tuple[str, str]] = frozenset(
    {
        ("mdi6.bullhorn", "#1f3b57"),
        ("mdi6.replay", "#1f3b57"),
        ("mdi6.account-cancel", "#1f3b57"),
        ("mdi6.play-circle", "#1f3b57"),
        ("mdi6.swap-horizontal", "#1f3b57"),
        ("mdi6.pause-circle", "#1f3b57"),
        ("mdi6.shuffle-variant", "#1f3b57"),
        ("mdi6.check-decagram", "#1f3b57"),
        ("mdi6.coffee", "#1f3b57"),
        ("mdi6.account-arrow-left", "#1f3b57"),
        ("mdi6.logout", "#1f3b57"),
        ("mdi6.shield-account", "#b26a00"),
        ("mdi6.account-clock-outline", "#9ca3af"),
        ("mdi6.shield-account", "#1d5fc9"),
        ("mdi6.alert-outline", "#b26a00"),
        ("mdi6.coffee-outline", "#1d5fc9"),
        ("mdi6.swap-horizontal", "#1d5fc9"),
        ("mdi6.swap-horizontal-circle-outline", "#1d5fc9"),
        ("mdi6.checkbox-blank-outline", "#c62828"),
        ("mdi6.login", "#ffffff"),
        # The kiosk (counterdesk.ui.kiosk: its pages and keypad).
        ("mdi6.cash-plus", "#12355b"),
        ("mdi6.cash-minus", "#12355b"),
        ("mdi6.bank-transfer", "#12355b"),
        ("mdi6.account-plus", "#12355b"),
        ("mdi6.credit-card-refresh-outline", "#12355b"),
        ("mdi6.lock-reset", "#12355b"),
        ("mdi6.currency-usd", "#12355b"),
        ("mdi6.diamond-stone", "#12355b"),
        ("mdi6.ticket-outline", "#12355b"),
        ("mdi6.account-key-outline", "#9fb3c8"),
        ("mdi6.account-multiple", "#12355b"),
        ("mdi6.clock-outline", "#12355b"),
        ("mdi6.ticket-confirmation-outline", "#1b6e3a"),
        ("mdi6.printer-alert", "#8d2b0b"),
        ("mdi6.store-clock", "#12355b"),
        ("mdi6.store-off", "#12355b"),
        ("mdi6.shield-account", "#12355b"),
        ("mdi6.backspace-outline", "#12355b"),
        ("mdi6.crown", "#ffffff"),
        ("mdi6.human-cane", "#ffffff"),
        ("mdi6.account", "#ffffff"),
        ("mdi6.gesture-tap", "#627d98"),
        # The "please ask staff" page of the kiosk and the customer screen after an error.
        ("mdi6.face-agent", "#12355b"),
        # The heading of the "About and diagnostics" dialog.
        ("mdi6.stethoscope", "#1d5fc9"),
    }
)
#: Rendered size; Qt scales down cleanly for buttons and headings.
SIZE = 96


def icon_file(name: str, color: str) -> Path:
    """Where the pre-rendered icon lives."""
    return resource("icons", f"{name}@{color.lstrip('#').lower()}.png")


def icon(name: str, color: str) -> QIcon:
    """The icon ``name`` (a qtawesome name) in ``color``.

    Raises:
        KeyError: the icon is not in :data:`ICONS` (add it there and run ``make icons``).
    """
    if (name, color) not in ICONS:
        raise KeyError(f"icon {name} in {color} is not in counterdesk.ui.icons.ICONS")
    path = icon_file(name, color)
    if path.is_file():
        return QIcon(str(path))
    # A checkout where `make icons` has not run yet: draw it (slower start-up, same picture).
    import qtawesome

    return qtawesome.icon(name, color=color)  # type: ignore[no-any-return]


def pixmap(name: str, color: str, size: int) -> QPixmap:
    """The icon as a square pixmap of ``size`` pixels."""
    return icon(name, color).pixmap(QSize(size, size))


def render_all(directory: Path) -> list[Path]:
    """Draw every icon of :data:`ICONS` into ``directory``; return the files written."""
    import qtawesome

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, color in sorted(ICONS):
        path = directory / icon_file(name, color).name
        qtawesome.icon(name, color=color).pixmap(QSize(SIZE, SIZE)).save(str(path))
        written.append(path)
    return written


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    for written_path in render_all(resource("icons")):
        print(written_path)
