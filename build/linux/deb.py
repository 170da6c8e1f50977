"""Build the Debian package dist/counterdesk_<version>_amd64.deb from the bundle (`make deb`).

The bundle (dist/counterdesk, `make bundle`) goes to /opt/counterdesk; /usr/bin/counterdesk is
a symbolic link to its program. Depends are derived, not copied: every library a bundled ELF
file names (DT_NEEDED, read with ``objdump -p``) that the bundle does not carry is located
with ``ldconfig -p`` and mapped to its Debian package with ``dpkg -S`` on this host; a library
needed only by an optional Qt plugin (speech, printing) becomes a Recommends. libc6's minimum
version is the newest ``GLIBC_x.y`` symbol version any bundled file uses. Run-time needs that
are not libraries (keyboard maps, fontconfig's configuration, a CJK font, the speech server,
the USB printer library python-escpos opens, CUPS's tools) are listed here with the reason.

    .venv/bin/python build/linux/deb.py [--bundle dist/counterdesk] [--out dist]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACKAGE = "counterdesk"
INSTALL_DIR = Path("opt") / PACKAGE
MAINTAINER = "counterdesk maintainers <counterdesk@example.org>"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

#: Qt plugins whose libraries are optional for the program: what they alone need is a
#: Recommends (the program runs without them, without that feature).
OPTIONAL_PLUGINS = {
    "libqtexttospeech_speechd.so": "the lobby display's voice",
    "libcupsprintersupport.so": 'kiosk printer = "system"',
}

#: Run-time needs that no ELF file names. (Debian alternatives, reason.)
EXTRA_DEPENDS = (
    ("xkb-data", "libxkbcommon reads the keyboard maps; without them no key works in the windows"),
    ("fontconfig-config", "fontconfig's configuration: without it Qt finds no fonts"),
    ("fonts-wqy-microhei | fonts-noto-cjk", "Chinese text renders as boxes without a CJK font"),
)
EXTRA_RECOMMENDS = (
    ("speech-dispatcher", "the speech server the voice plugin talks to"),
    ("libusb-1.0-0", "USB receipt printers: python-escpos opens libusb by name (ctypes)"),
    ("cups-client", "lp/lpstat for the system printer"),
)


@dataclass(frozen=True)
class Derived:
    """What the bundle needs from the OS."""

    depends: list[str]
    recommends: list[str]
    glibc: str
    #: library -> package, for the report
    libraries: dict[str, str]


def run(*args: str) -> str:
    """A command's standard output; raises on failure."""
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def is_elf(path: Path) -> bool:
    """Whether ``path`` is a regular ELF file (not a symbolic link)."""
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def elf_files(tree: Path) -> list[Path]:
    """Every ELF file under ``tree``."""
    return sorted(p for p in tree.rglob("*") if is_elf(p))


def dynamic(path: Path) -> tuple[list[str], list[str]]:
    """The NEEDED names and the RUNPATH/RPATH entries of an ELF file (``objdump -p``)."""
    needed: list[str] = []
    paths: list[str] = []
    for line in run("objdump", "-p", str(path)).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "NEEDED":
            needed.append(parts[1])
        elif len(parts) == 2 and parts[0] in ("RUNPATH", "RPATH"):
            paths.extend(parts[1].split(":"))
    return needed, paths


def glibc_needed(files: Iterable[Path]) -> str:
    """The newest GLIBC_x.y symbol version the files use (from ``objdump -T``)."""
    best = (2, 0)
    for path in files:
        for major, minor in re.findall(r"GLIBC_(\d+)\.(\d+)", run("objdump", "-T", str(path))):
            best = max(best, (int(major), int(minor)))
    return f"{best[0]}.{best[1]}"


def host_library_paths() -> dict[str, str]:
    """Library name -> path for the host's x86-64 libraries (``ldconfig -p``)."""
    found: dict[str, str] = {}
    for line in run("ldconfig", "-p").splitlines():
        match = re.match(r"\s*(\S+) \((.*)\) => (\S+)", line)
        if match and "x86-64" in match[2]:
            found.setdefault(match[1], match[3])
    return found


def owning_package(path: str) -> str:
    """The Debian package that installed ``path`` (``dpkg -S``, merged-/usr aware)."""
    candidates = [path, os.path.realpath(path)]
    for candidate in list(candidates):
        if candidate.startswith("/usr/lib/"):
            candidates.append(candidate.removeprefix("/usr"))
        elif candidate.startswith("/lib/"):
            candidates.append("/usr" + candidate)
    for candidate in candidates:
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.split(":")[0].strip()
    raise SystemExit(f"deb.py: no Debian package owns {path}")


def derive(bundle: Path) -> Derived:
    """Depends and Recommends of the bundle, from its files' NEEDED libraries."""
    files = elf_files(bundle)
    inside = {p.name for p in bundle.rglob("*")}
    host = host_library_paths()
    required: set[str] = set()
    optional: set[str] = set()
    for path in files:
        needed, _ = dynamic(path)
        target = optional if path.name in OPTIONAL_PLUGINS else required
        target.update(name for name in needed if name not in inside)
    missing = sorted((required | optional) - host.keys())
    if missing:
        raise SystemExit(
            "deb.py: the bundle needs libraries this build host does not have, so their Debian "
            f"packages cannot be looked up: {', '.join(missing)} (install them and run again)"
        )
    libraries = {name: owning_package(host[name]) for name in sorted(required | optional)}
    glibc = glibc_needed(files)
    depends = sorted({libraries[name] for name in required})
    recommends = sorted({libraries[name] for name in optional} - set(depends))
    depends = [f"libc6 (>= {glibc})" if p == "libc6" else p for p in depends]
    depends += [name for name, _ in EXTRA_DEPENDS]
    recommends += [name for name, _ in EXTRA_RECOMMENDS if name not in recommends]
    return Derived(depends, recommends, glibc, libraries)


def changelog_version(changelog: Path) -> str:
    """The version of the changelog's newest entry."""
    match = re.match(r"\S+ \(([^)]+)\)", changelog.read_text(encoding="utf-8"))
    if match is None:
        raise SystemExit(f"deb.py: {changelog}: no version in the first line")
    return match[1]


def program_version() -> str:
    """counterdesk.__version__ of the tree being packaged."""
    text = (ROOT / "counterdesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if match is None:
        raise SystemExit("deb.py: no __version__ in counterdesk/__init__.py")
    return match[1]


def render_icons(share: Path) -> None:
    """The launcher icon in the hicolor sizes: the bank glyph on the program's blue."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_API"] = "pyside6"
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPixmap

    app = QGuiApplication.instance() or QGuiApplication([])
    import qtawesome

    for size in ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#12355b"))
        painter.drawRoundedRect(QRectF(0, 0, size, size), size * 0.18, size * 0.18)
        glyph = qtawesome.icon("mdi6.bank", color="#ffffff").pixmap(int(size * 0.78))
        margin = (size - glyph.width()) // 2
        painter.drawPixmap(margin, margin, glyph)
        painter.end()
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(folder / f"{PACKAGE}.png")):
            raise SystemExit(f"deb.py: cannot write the {size}px icon")
    del app


def gzip_n(source: Path, target: Path) -> None:
    """Compress like ``gzip -9n``: no name or time stamp inside, as Debian wants."""
    with open(target, "wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as out:
        out.write(source.read_bytes())


def fix_libraries(tree: Path) -> list[str]:
    """Mode 644 on shared libraries, RUNPATH entries outside the bundle removed (patchelf).

    Returns the files whose RUNPATH changed.
    """
    changed = []
    for path in elf_files(tree):
        if ".so" in path.name:
            path.chmod(0o644)
        _, paths = dynamic(path)
        kept = [p for p in paths if p.startswith("$ORIGIN")]
        if kept != paths:
            if kept:
                run("patchelf", "--set-rpath", ":".join(kept), str(path))
            else:
                run("patchelf", "--remove-rpath", str(path))
            changed.append(str(path.relative_to(tree)))
    return changed


def installed_size_kib(tree: Path) -> int:
    """Installed-Size: the files' sizes in KiB, as dpkg-gencontrol counts them."""
    total = 0
    for path in tree.rglob("*"):
        if path.is_relative_to(tree / "DEBIAN"):
            continue
        total += 1 if path.is_symlink() or path.is_dir() else (path.stat().st_size + 1023) // 1024
    return total


def md5sums(tree: Path) -> str:
    """DEBIAN/md5sums text."""
    lines = []
    for path in sorted(tree.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.is_relative_to(tree / "DEBIAN"):
            digest = hashlib.md5(path.read_bytes()).hexdigest()  # dpkg's format
            lines.append(f"{digest}  {path.relative_to(tree)}\n")
    return "".join(lines)


def stage(bundle: Path, tree: Path, version: str, derived: Derived) -> None:
    """Lay out the package's files under ``tree``."""
    if tree.exists():
        shutil.rmtree(tree)
    opt = tree / INSTALL_DIR
    shutil.copytree(bundle, opt, symlinks=True)
    changed = fix_libraries(opt)
    print(f"deb.py: RUNPATH outside the bundle removed from {len(changed)} files")
    usr = tree / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / PACKAGE).symlink_to(f"/{INSTALL_DIR}/{PACKAGE}")
    share = usr / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy(HERE / "counterdesk.desktop", share / "applications" / "counterdesk.desktop")
    render_icons(share)
    man = share / "man" / "man1"
    man.mkdir(parents=True)
    gzip_n(HERE / "counterdesk.1", man / "counterdesk.1.gz")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    shutil.copy(HERE / "copyright", doc / "copyright")
    gzip_n(HERE / "changelog", doc / "changelog.gz")
    overrides = share / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    shutil.copy(HERE / "lintian-overrides", overrides / PACKAGE)
    units = tree / "usr" / "lib" / "systemd" / "user"
    units.mkdir(parents=True)
    for unit in ("counterdesk-kiosk.service", "counterdesk-display.service"):
        shutil.copy(HERE / unit, units / unit)
    etc = tree / "etc" / PACKAGE
    etc.mkdir(parents=True)
    shutil.copy(HERE / "config.toml", etc / "config.toml")

    for path in tree.rglob("*"):
        if path.is_symlink():
            continue
        mode = path.stat().st_mode
        if path.is_dir() or (mode & stat.S_IXUSR and ".so" not in path.name):
            path.chmod(0o755)
        else:
            path.chmod(0o644)

    debian = tree / "DEBIAN"
    debian.mkdir(mode=0o755)
    control = (
        f"Package: {PACKAGE}\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(tree)}\n"
        f"Depends: {', '.join(derived.depends)}\n"
        f"Recommends: {', '.join(derived.recommends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: bank counter terminal: queue, counter procedures, ratings\n"
        " counterdesk runs a bank branch's counters: the teller's window with the\n"
        " customer's screen, the ticket kiosk, the lobby display with voice calls and\n"
        " the manager's board, over a shared queue, with a journal per terminal that\n"
        " syncs nightly to head office. Python and Qt are bundled in /opt/counterdesk.\n"
    )
    (debian / "control").write_text(control, encoding="utf-8")
    (debian / "conffiles").write_text(f"/etc/{PACKAGE}/config.toml\n", encoding="utf-8")
    (debian / "md5sums").write_text(md5sums(tree), encoding="utf-8")
    for name in ("control", "conffiles", "md5sums"):
        (debian / name).chmod(0o644)


def main(argv: list[str] | None = None) -> int:
    """Build the package; print what was derived and the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / ".work" / "deb")
    args = parser.parse_args(argv)
    if not (args.bundle / PACKAGE).is_file():
        raise SystemExit(f"deb.py: no bundle in {args.bundle}: run make bundle")
    version = program_version()
    logged = changelog_version(HERE / "changelog")
    if logged != version:
        raise SystemExit(
            f"deb.py: build/linux/changelog's newest entry is {logged}, the program is {version}: "
            "add a changelog entry"
        )
    derived = derive(args.bundle)
    for name, package in derived.libraries.items():
        print(f"deb.py: {name} -> {package}")
    tree = args.work / "root"
    stage(args.bundle, tree, version, derived)
    args.out.mkdir(parents=True, exist_ok=True)
    deb = args.out / f"{PACKAGE}_{version}_amd64.deb"
    run("fakeroot", "dpkg-deb", "-Zxz", "--build", str(tree), str(deb))
    print("deb.py: Depends:", ", ".join(derived.depends))
    print("deb.py: Recommends:", ", ".join(derived.recommends))
    print(
        f"deb.py: {deb.relative_to(ROOT) if deb.is_relative_to(ROOT) else deb}: "
        f"{deb.stat().st_size / 2**20:.1f} MiB, "
        f"installed {installed_size_kib(tree) / 1024:.1f} MiB, needs glibc >= {derived.glibc}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
