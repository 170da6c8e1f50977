"""Build the translations: each resources/i18n/*.ts into its .qm, with PySide6's lrelease.

The one recipe for make (``make translations``) and for builds without make (the Windows
CI runner): ``python build/translations.py [FILE.ts ...]``. With no files, every ``.ts``
whose ``.qm`` is missing or older than it. Run with the Python that has PySide6 installed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path

I18N = Path(__file__).resolve().parents[1] / "resources" / "i18n"


def lrelease() -> Path:
    """PySide6's ``pyside6-lrelease``, installed beside this Python's other scripts."""
    name = "pyside6-lrelease.exe" if sys.platform == "win32" else "pyside6-lrelease"
    for folder in (Path(sysconfig.get_path("scripts")), Path(sys.executable).parent):
        if (folder / name).is_file():
            return folder / name
    raise SystemExit(f"{name} not found beside {sys.executable}: install PySide6-Essentials")


def stale(i18n: Path = I18N) -> list[Path]:
    """The ``.ts`` files whose ``.qm`` is missing or older than them."""
    return [
        ts
        for ts in sorted(i18n.glob("*.ts"))
        if not ts.with_suffix(".qm").is_file()
        or ts.with_suffix(".qm").stat().st_mtime < ts.stat().st_mtime
    ]


def build(sources: Sequence[Path]) -> list[Path]:
    """Run lrelease on each source; the ``.qm`` files written."""
    tool = lrelease()
    built = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        subprocess.run([str(tool), "-silent", str(ts), "-qm", str(qm)], check=True)
        built.append(qm)
    return built


def main(argv: Sequence[str] | None = None) -> int:
    """Build the named or the stale translations."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path, help=".ts files (default: stale ones)")
    args = parser.parse_args(argv)
    for qm in build(args.sources or stale()):
        print(f"built {qm.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
