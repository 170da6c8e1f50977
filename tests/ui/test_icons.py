from __future__ import annotations

import sys

from pytestqt.qtbot import QtBot

from counterdesk.ui import icons


def test_every_icon_the_windows_use_is_pre_rendered(qtbot: QtBot) -> None:
    for name, color in icons.ICONS:
        path = icons.icon_file(name, color)
        assert path.is_file(), f"{path.name} missing: run `make icons`"
        assert not icons.pixmap(name, color, 24).isNull()


def test_start_up_does_not_import_qtawesome() -> None:
    # The windows are built in other tests of this session; none may have needed qtawesome.
    import counterdesk.ui.teller.window  # noqa: F401

    assert "qtawesome" not in sys.modules
