r"""Smoke test of an installed counterdesk: a PyInstaller bundle or a wheel in a fresh venv.

Runs the installed program the way a deployed terminal would, under a bare environment
(``env -i``: a throw-away HOME and nothing else but the offscreen Qt platform; on Windows
only the variables Windows itself needs), on a throw-away SQLite queue: ``--version``,
``procedures check`` on the procedures it ships,
``staff add``, ``queue issue`` / ``queue call``, ``db check`` and ``screenshot --lang zh_CN``,
whose pictures are compared with the ones this checkout renders (same size, near-identical
pixels). Prints one line per step; exit status 1 on the first failure.

    .venv/bin/python tools/smoke.py dist/counterdesk/counterdesk
    python tools\smoke.py "C:\Program Files\counterdesk\counterdesk.exe"   (Windows)

On Windows the journal goes to the machine's data folder, %ProgramData%\counterdesk (the
installed program's default), not to a throw-away one: run it on a test machine or CI runner.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counterdesk import __version__  # noqa: E402

#: A pixel differs when a channel is off by more than this; a picture may have this share
#: of differing pixels (font hinting and antialiasing may differ by a shade, layouts may not).
CHANNEL_TOLERANCE = 24
MAX_DIFFERING = 0.002
#: Pictures that differ between two runs of the same checkout, and how much they may.
UNSTEADY = {
    # The lobby display's latest call blinks on a timer: the frame caught varies (~1.2%).
    "display": 0.03,
    "display-marked": 0.03,
    # The demo's four windows: the lobby notice in it scrolls on a timer (~0.4%).
    "demo-1280x800": 0.03,
}


class SmokeError(Exception):
    """A smoke step failed; the message says which and how."""


WINDOWS = sys.platform == "win32"
#: What a Windows program cannot start without (Winsock and Python's own start-up read
#: SYSTEMROOT; temporary files need TEMP): the rest of the caller's environment stays out.
WINDOWS_ESSENTIALS = ("SYSTEMROOT", "WINDIR", "TEMP", "TMP")


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a bare start (``env -i``): a HOME, the offscreen platform, ``extra``."""
    env = {"HOME": str(home), "QT_QPA_PLATFORM": "offscreen", **extra}
    if WINDOWS:
        env.update({key: os.environ[key] for key in WINDOWS_ESSENTIALS if key in os.environ})
    return env


def default_journal(home: Path) -> Path:
    r"""Where the installed program keeps its journal when nothing says otherwise.

    Linux: the user's data folder (the throw-away HOME). Windows: the machine's data folder,
    %ProgramData%\counterdesk, which the installer creates (build/windows/counterdesk.iss).
    """
    if WINDOWS:
        return Path(os.environ["PROGRAMDATA"]) / "counterdesk" / "counterdesk.db"
    return home / ".local" / "share" / "counterdesk" / "counterdesk.db"


def run(
    program: Path,
    args: Sequence[str],
    env: dict[str, str],
    stdin: str = "",
    cwd: Path | None = None,
) -> str:
    """Run the installed program; its standard output, or SmokeError when it fails."""
    # ``env -i`` on Linux, as a deployment script would; Windows has no env(1), and a
    # subprocess given ``env`` starts with exactly that environment there too.
    if WINDOWS:
        command, child_env = [str(program), *args], env
    else:
        command = ["env", "-i", *(f"{key}={value}" for key, value in env.items()), str(program)]
        command += args
        child_env = None
    done = subprocess.run(
        command,
        env=child_env,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise SmokeError(
            f"`counterdesk {' '.join(args)}` exited {done.returncode}\n"
            f"stdout: {done.stdout[-2000:]}\nstderr: {done.stderr[-4000:]}"
        )
    return done.stdout


def shipped_procedures(program: Path) -> list[Path]:
    """The procedure templates installed with ``program`` (its own copy of resources/).

    Looked for beside the program (a bundle: ``_internal/counterdesk/_resources``), then one
    folder up (a venv's ``bin/`` or ``Scripts/`` beside its ``lib/``).
    """
    folder = program.resolve().parent
    for install in (folder, folder.parent):
        found = sorted(install.rglob("counterdesk/_resources/procedures/*.toml"))
        if found:
            return found
    raise SmokeError(f"no counterdesk/_resources/procedures/*.toml under {folder.parent}")


def differing_share(reference: Path, candidate: Path) -> float:
    """The share of pixels that differ between two pictures; SmokeError when sizes differ."""
    from PySide6.QtGui import QImage

    ref = QImage(str(reference)).convertToFormat(QImage.Format.Format_RGB32)
    got = QImage(str(candidate)).convertToFormat(QImage.Format.Format_RGB32)
    if ref.isNull() or got.isNull():
        raise SmokeError(f"cannot read {reference.name}")
    if ref.size() != got.size():
        raise SmokeError(
            f"{candidate.name}: {got.width()}x{got.height()}, "
            f"the checkout's is {ref.width()}x{ref.height()}"
        )
    a = bytes(ref.constBits())
    b = bytes(got.constBits())
    if a == b:
        return 0.0
    differing = 0
    for i in range(0, len(a), 4):
        if (
            abs(a[i] - b[i]) > CHANNEL_TOLERANCE
            or abs(a[i + 1] - b[i + 1]) > CHANNEL_TOLERANCE
            or abs(a[i + 2] - b[i + 2]) > CHANNEL_TOLERANCE
        ):
            differing += 1
    return differing / (len(a) // 4)


def compare_screenshots(reference: Path, candidate: Path) -> str:
    """Check every reference picture against the candidate's; a one-line summary."""
    pictures = sorted(reference.glob("*.png"))
    if not pictures:
        raise SmokeError(f"the checkout rendered no screenshots into {reference}")
    worst = 0.0
    for picture in pictures:
        other = candidate / picture.name
        if not other.is_file():
            raise SmokeError(f"{picture.name} was not rendered by the installed program")
        share = differing_share(picture, other)
        if share > UNSTEADY.get(picture.name.split(".")[0], MAX_DIFFERING):
            raise SmokeError(f"{picture.name}: {share:.2%} of the pixels differ")
        worst = max(worst, share)
    return f"{len(pictures)} pictures match the checkout's (worst {worst:.3%} pixels differ)"


def smoke(program: Path, work: Path, out: list[str]) -> None:
    """Every smoke step against ``program``, with throw-away folders under ``work``."""
    started = time.time() - 2  # file times may be coarser than the clock
    home = work / "home"
    home.mkdir()
    env = bare_env(home)
    config = work / "config.toml"
    # as_posix: a Windows path's backslashes would be escapes in a TOML string.
    config.write_text(
        f'role = "teller"\n[counter]\nnumber = 3\n[queue]\n'
        f'url = "sqlite:///{work.as_posix()}/queue.db"\n',
        encoding="utf-8",
    )
    conf = ["--config", str(config)]

    version = run(program, ["--version"], env).strip()
    if version != f"counterdesk {__version__}":
        raise SmokeError(f"--version says {version!r}, the checkout is {__version__}")
    out.append(f"--version: {version}")

    procedures = shipped_procedures(program)
    said = run(program, ["procedures", "check", *map(str, procedures)], env).strip()
    out.append(f"procedures check: {said}")

    run(program, [*conf, "staff", "add", "1001", "--name", "Smoke Teller", "--role", "teller"],
        env, stdin="1357\n")  # fmt: skip
    issued = json.loads(run(program, [*conf, "queue", "issue", "DEP", "--json"], env))
    pin_env = bare_env(home, COUNTERDESK_PIN="1357")
    call = [*conf, "queue", "call", "--counter", "3", "--staff", "1001", "--json"]
    called = json.loads(run(program, call, pin_env))
    if called["id"] != issued["id"] or called["counter"] != 3:
        raise SmokeError(f"issued {issued['label']} but counter 3 called {called['label']}")
    out.append(f"queue issue/call: {issued['label']} issued, called at counter {called['counter']}")

    said = run(program, [*conf, "db", "check"], env).strip()
    journal = default_journal(home)
    if not journal.is_file() or journal.stat().st_mtime < started:
        raise SmokeError(f"the journal is not in the default data folder ({journal})")
    out.append(f"db check: {said}")

    shots = work / "shots"
    run(program, ["screenshot", "--out", str(shots), "--lang", "zh_CN"], env)
    reference = work / "reference"
    subprocess.run(
        [sys.executable, "-m", "counterdesk", "screenshot", "--out", str(reference),
         "--lang", "zh_CN"],
        cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    out.append(f"screenshot --lang zh_CN: {compare_screenshots(reference, shots)}")


def main(argv: Sequence[str] | None = None) -> int:
    """Smoke-test the program given on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", type=Path, help="the installed counterdesk executable")
    args = parser.parse_args(argv)
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="counterdesk-smoke-") as tmp:
        try:
            smoke(args.program, Path(tmp), lines)
        except SmokeError as error:
            print("\n".join(lines))
            print(f"SMOKE FAILED: {error}", file=sys.stderr)
            return 1
    print("\n".join(lines))
    print(f"smoke test of {args.program}: all steps passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
