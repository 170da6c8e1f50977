"""What goes into the PyInstaller bundle: Qt plugins, translations and which libraries.

build/counterdesk.spec applies these rules to PyInstaller's analysis (lists of
``(destination, source, typecode)`` entries). They are plain functions so that they can be
read and tested without building.

Libraries from the build host are decided by name, never by what the host happens to have
installed: Python's own runtime goes in (its SQLite and OpenSSL are the ones the tests ran
with); the desktop's libraries (graphics, X11, fonts, audio, speech, printing) are left to the
operating system and become the package's dependencies. A host library on neither list stops
the build, so a new one is a decision, not an accident.
"""

from __future__ import annotations

import fnmatch
import subprocess
from collections.abc import Iterable
from pathlib import PurePosixPath

#: (destination, source, typecode), as PyInstaller's TOC lists hold them.
Entry = tuple[str, str, str]

QT = "PySide6/Qt"

#: The Qt plugins the program loads; every other plugin is left out.
KEPT_PLUGINS = (
    "platforms/libqxcb.so",  # X11 desktops (Wayland sessions run it through XWayland)
    "platforms/libqoffscreen.so",  # screenshots and smoke tests without a display
    "xcbglintegrations/*",  # the xcb plugin's GL glue (it warns without it)
    "platforminputcontexts/libcomposeplatforminputcontextplugin.so",  # dead keys
    "platforminputcontexts/libibusplatforminputcontextplugin.so",  # Chinese input methods
    "printsupport/libcupsprintersupport.so",  # kiosk printer = "system" (libcups2 from the OS)
    "texttospeech/libqtexttospeech_speechd.so",  # lobby voice (speech-dispatcher from the OS)
)

#: The same on Windows, where PySide6 keeps Qt's plugins in PySide6/plugins (no Qt/ folder).
#: Not built or run here: decided from the PySide6 6.11 win_amd64 wheels' file lists.
KEPT_WINDOWS_PLUGINS = (
    "platforms/qwindows.dll",  # the Windows desktop
    "platforms/qoffscreen.dll",  # screenshots and smoke tests without a display
    "styles/qmodernwindowsstyle.dll",  # the Windows 10/11 look (else Qt's older "windows" style)
    "multimedia/windowsmediaplugin.dll",  # the chime through Windows Media Foundation
    "texttospeech/qtexttospeech_sapi.dll",  # lobby voice: SAPI voices installed on the PC
    "texttospeech/qtexttospeech_winrt.dll",  # lobby voice: Windows OneCore voices (zh-CN, en)
)

#: Qt's own translations the program loads (counterdesk.ui.i18n: qtbase_<language>).
KEPT_QT_TRANSLATIONS = ("qtbase_zh_CN.qm",)

#: Host libraries that go into the bundle: Python's runtime and what its modules link.
BUNDLED_FROM_HOST = (
    "libpython3*.so*",
    "libsqlite3.so*",  # the queue needs UPDATE ... RETURNING (SQLite >= 3.35)
    "libssl.so*",
    "libcrypto.so*",  # hashlib.scrypt for the staff PINs
    "libffi.so*",
    "liblzma.so*",
    "libbz2.so*",
    "libz.so*",
    "libuuid.so*",
    "libexpat.so*",
    "libmpdec.so*",
)

#: Host libraries left to the operating system (the Debian package's Depends/Recommends).
FROM_THE_OS = (
    # glibc and the compiler runtime: the bundle needs a glibc at least as new as the host's
    "libc.so*",
    "libm.so*",
    "libdl.so*",
    "libpthread.so*",
    "librt.so*",
    "libutil.so*",
    "libresolv.so*",
    "libanl.so*",
    "ld-linux*.so*",
    "libstdc++.so*",
    "libgcc_s.so*",
    # graphics and the X11 display server (tied to the machine's drivers and server)
    "libGL.so*",
    "libEGL.so*",
    "libGLX.so*",
    "libGLdispatch.so*",
    "libOpenGL.so*",
    "libX11.so*",
    "libX11-xcb.so*",
    "libXext.so*",
    "libXrender.so*",
    "libXau.so*",
    "libXdmcp.so*",
    "libxcb*.so*",
    "libxkbcommon*.so*",
    "libdrm.so*",
    "libgbm.so*",
    "libwayland-*.so*",
    # fonts: read the system's fontconfig configuration, so they must match it
    "libfontconfig.so*",
    "libfreetype.so*",
    "libpng16.so*",
    "libbrotli*.so*",
    "libharfbuzz.so*",
    # GLib and D-Bus, shared with the desktop session
    "libglib-2.0.so*",
    "libgthread-2.0.so*",
    "libgobject-2.0.so*",
    "libgio-2.0.so*",
    "libgmodule-2.0.so*",
    "libpcre2-*.so*",
    "libdbus-1.so*",
    "libsystemd.so*",
    "libcap.so*",
    "libgcrypt.so*",
    "libgpg-error.so*",
    "liblz4.so*",
    "libzstd.so*",
    "libmd.so*",
    "libbsd.so*",
    # sound, speech and printing: services of the machine, optional for the program
    "libpulse*.so*",
    "libasound.so*",
    "libsndfile.so*",
    "libspeechd.so*",
    "libcups.so*",
    "libgssapi_krb5.so*",
    "libavahi-*.so*",
    "libusb-1.0.so*",
)


def _matches(name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in patterns)


def keep_qt_file(dest: str) -> bool:
    """Whether a file PyInstaller's Qt hooks collected belongs in the bundle."""
    path = PurePosixPath(dest.replace("\\", "/"))  # PyInstaller uses \ on Windows
    parts = path.parts
    if parts[:3] == ("PySide6", "Qt", "plugins") and len(parts) > 3:
        plugin = "/".join(parts[3:])
        return _matches(plugin, KEPT_PLUGINS)
    if parts[:2] == ("PySide6", "plugins") and len(parts) > 2:  # Windows
        plugin = "/".join(parts[2:])
        return _matches(plugin, KEPT_WINDOWS_PLUGINS)
    if parts[:3] == ("PySide6", "Qt", "translations") or parts[:2] == ("PySide6", "translations"):
        return path.name in KEPT_QT_TRANSLATIONS
    return True


def is_site_package(source: str, site_dirs: Iterable[str]) -> bool:
    """Whether ``source`` comes from an installed Python package (a wheel), not the host."""
    return any(source.startswith(site.rstrip("/") + "/") for site in site_dirs)


def host_library_decision(name: str) -> str:
    """``bundle``, ``os`` or ``undecided`` for a library found on the build host."""
    if _matches(name, BUNDLED_FROM_HOST):
        return "bundle"
    if _matches(name, FROM_THE_OS):
        return "os"
    return "undecided"


def needed(path: str) -> list[str]:
    """The libraries an ELF file names directly (DT_NEEDED), read with ``objdump -p``.

    Direct dependencies only: ``ldd`` would follow the host's libraries and report theirs.
    """
    dump = subprocess.run(
        ["objdump", "-p", path], check=True, capture_output=True, text=True
    ).stdout
    return [line.split()[1] for line in dump.splitlines() if line.strip().startswith("NEEDED")]


def reachable(roots: Iterable[str], libraries: dict[str, str]) -> set[str]:
    """Names of the bundled libraries that ``roots`` (files) load, directly or not.

    Args:
        roots: paths of the files Python or Qt open by themselves (extension modules,
            plugins, the Python library).
        libraries: bundled library name -> its source path.
    """
    seen: set[str] = set()
    todo = [needed(root) for root in roots]
    while todo:
        for name in todo.pop():
            if name in libraries and name not in seen:
                seen.add(name)
                todo.append(needed(libraries[name]))
    return seen
