"""What build/counterdesk.spec lets into the bundle (build/bundle_rules.py), without building."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "build"))

import bundle_rules as rules


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so", True),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("counterdesk/_resources/i18n/counterdesk_zh_CN.qm", True),
        # Windows: PySide6/plugins (no Qt/ folder), names as PyInstaller writes them there.
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qoffscreen.dll", True),
        ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
        ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
        ("PySide6\\plugins\\multimedia\\ffmpegmediaplugin.dll", False),
        ("PySide6\\plugins\\texttospeech\\qtexttospeech_sapi.dll", True),
        ("PySide6\\plugins\\qmltooling\\qmldbg_debugger.dll", False),
        ("PySide6\\plugins\\platforminputcontexts\\qtvirtualkeyboardplugin.dll", False),
        ("PySide6\\translations\\qtbase_zh_CN.qm", True),
        ("PySide6\\translations\\qtwebengine_zh_CN.qm", False),
        ("PySide6\\Qt6Core.dll", True),
    ],
)
def test_only_the_qt_plugins_and_translations_the_program_loads_go_in(
    dest: str, kept: bool
) -> None:
    assert rules.keep_qt_file(dest) is kept


@pytest.mark.parametrize(
    ("name", "decision"),
    [
        ("libpython3.11.so.1.0", "bundle"),
        ("libsqlite3.so.0", "bundle"),
        ("libcrypto.so.3", "bundle"),
        ("libpulse.so.0", "os"),
        ("libspeechd.so.2", "os"),
        ("libGL.so.1", "os"),
        ("libxcb-cursor.so.0", "os"),
        ("libfontconfig.so.1", "os"),
        ("libc.so.6", "os"),
        # Codecs libpulse would pull in, and anything new: a decision, not an accident.
        ("libFLAC.so.12", "undecided"),
        ("libavcodec.so.61", "undecided"),
    ],
)
def test_host_libraries_are_decided_by_name(name: str, decision: str) -> None:
    assert rules.host_library_decision(name) == decision


def test_a_library_is_kept_only_when_something_kept_loads_it() -> None:
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None
    assert spec.submodule_search_locations
    pyside = Path(next(iter(spec.submodule_search_locations)))
    (qtcore,) = pyside.glob("QtCore*.so")
    qt_lib = pyside / "Qt" / "lib"
    libraries = {
        name: str(qt_lib / name)
        for name in ("libQt6Core.so.6", "libicuuc.so.73", "libicudata.so.73", "libQt6Quick.so.6")
    }
    reached = rules.reachable([str(qtcore)], libraries)
    # QtCore's module loads libQt6Core, which loads ICU; nothing kept loads Qt Quick.
    assert {"libQt6Core.so.6", "libicuuc.so.73", "libicudata.so.73"} <= reached
    assert "libQt6Quick.so.6" not in reached
