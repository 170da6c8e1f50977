"""Benchmark: the PyInstaller bundle's build time, size and start-up against the venv's.

Builds dist/counterdesk from scratch (PyInstaller's work folder emptied first) unless
``--no-build``, then prints its size on disk (files, not blocks), file count, and the median
wall time, over ``--runs`` fresh processes each, of ``counterdesk --version`` and of a demo
start-up (teller and customer windows built and shown: the moment ``counterdesk demo`` prints
its banner, just before the event loop paints them), for the bundle and for this checkout's
venv in the same run, offscreen.

    .venv/bin/python bench/bundle.py [--runs 15] [--no-build]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "counterdesk"
VENV_PROGRAM = Path(sys.executable).parent / "counterdesk"
MIB = 1024 * 1024


def build() -> float:
    """Build the bundle from scratch; the wall time in seconds."""
    shutil.rmtree(ROOT / "build" / ".work", ignore_errors=True)
    shutil.rmtree(BUNDLE, ignore_errors=True)
    subprocess.run(["make", "translations"], cwd=ROOT, check=True, capture_output=True)
    t0 = time.perf_counter()
    subprocess.run(
        [Path(sys.executable).parent / "pyinstaller", "--noconfirm", "--log-level", "ERROR",
         "--workpath", "build/.work", "--distpath", "dist", "build/counterdesk.spec"],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - t0


def size(folder: Path) -> tuple[int, int, int]:
    """Bytes of the regular files, their count, and the count of symbolic links."""
    total = files = links = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            links += 1
        elif path.is_file():
            files += 1
            total += path.stat().st_size
    return total, files, links


def glibc_needed(folder: Path) -> str:
    """The newest glibc symbol version any bundled ELF file refers to."""
    newest: tuple[int, ...] = (0,)
    for path in folder.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        with path.open("rb") as handle:
            if handle.read(4) != b"\x7fELF":
                continue
        dump = subprocess.run(["objdump", "-T", path], capture_output=True, text=True).stdout
        for word in dump.replace("(", " ").replace(")", " ").split():
            if word.startswith("GLIBC_2."):
                newest = max(newest, tuple(int(part) for part in word[6:].split(".")))
    return ".".join(map(str, newest))


def env(home: Path) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen"}


def time_version(program: Path, home: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([program, "--version"], env=env(home), check=True, capture_output=True)
    return time.perf_counter() - t0


def time_windows(program: Path, home: Path, data: Path) -> float:
    """Seconds from spawning ``counterdesk demo`` to its banner (windows built and shown)."""
    t0 = time.perf_counter()
    with subprocess.Popen(
        [program, "demo", "--data-dir", str(data)],
        env=env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as child:
        assert child.stdout is not None
        first = child.stdout.readline()
        elapsed = time.perf_counter() - t0
        child.terminate()
        child.wait(timeout=30)
    if not first:
        raise RuntimeError(f"{program} demo printed nothing")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-build", action="store_true", help="measure dist/counterdesk as is")
    args = parser.parse_args()

    if not args.no_build:
        print(f"build from scratch: {build():.1f} s")
    program = BUNDLE / "counterdesk"
    total, files, links = size(BUNDLE)
    print(f"bundle: {total / MIB:.1f} MiB in {files} files (+{links} symlinks) (target <= 160 MiB)")

    print(f"needs glibc >= {glibc_needed(BUNDLE)} (the newest GLIBC_ symbol version it refers to)")

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for side in (program, VENV_PROGRAM):  # warm the page cache and seed the demo journals
            time_version(side, home)
            time_windows(side, home, home / side.parent.name)
        # Interleaved, so that load from other processes on the machine hits both alike.
        version: dict[str, list[float]] = {"venv": [], "bundle": []}
        windows: dict[str, list[float]] = {"venv": [], "bundle": []}
        for _ in range(args.runs):
            version["venv"].append(time_version(VENV_PROGRAM, home))
            version["bundle"].append(time_version(program, home))
            windows["venv"].append(time_windows(VENV_PROGRAM, home, home / "bin"))
            windows["bundle"].append(time_windows(program, home, home / "counterdesk"))
    print(
        f"median of {args.runs} fresh processes each (offscreen, interleaved), "
        f"on {os.cpu_count()} CPUs"
    )
    for name, runs in (("--version", version), ("demo windows shown", windows)):
        figures = {side: statistics.median(times) for side, times in runs.items()}
        ratio = figures["bundle"] / figures["venv"]
        print(
            f"  {name:20} venv {figures['venv'] * 1000:6.0f} ms  "
            f"bundle {figures['bundle'] * 1000:6.0f} ms  ratio {ratio:.2f}x (target <= 1.2x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
