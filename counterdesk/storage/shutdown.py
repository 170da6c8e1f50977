"""Telling an unclean shutdown from a clean one: a locked marker file per process using a journal.

A process that opens a journal for writing leaves ``.<journal name>.open.<pid>.<token>`` beside it
and holds an exclusive lock on it (``flock``; ``msvcrt.locking`` on Windows) for as long as it
runs. A clean exit removes the marker (``atexit``). The lock dies with the process however it
ends, so at the next open:

- a marker nobody holds the lock of belongs to a process that did not exit cleanly (killed,
  crashed, power lost): the journal is checked before it is used;
- a marker whose lock is held belongs to a process still running (the windows while a command
  runs): nothing to do.

The lock, not the process id, decides: after a reboot a new process may have the dead one's id.
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)


def _try_lock(fd: int) -> bool:
    """Take an exclusive lock on an open file without waiting; whether it was free."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _pattern(journal: Path) -> str:
    return f".{journal.name}.open.*"


@dataclass
class _Marker:
    path: Path
    fd: int
    keep: bool = False


@dataclass
class _Markers:
    """The markers this process holds, by journal file (one per journal however often opened)."""

    held: dict[Path, _Marker] = field(default_factory=dict)
    hooked: bool = False

    def key(self, journal: Path) -> Path:
        return journal.resolve()


_MARKERS = _Markers()


def unclean_markers(journal: Path) -> list[Path]:
    """Markers beside ``journal`` left by processes that ended without closing it cleanly."""
    own = {marker.path for marker in _MARKERS.held.values()}
    dead: list[Path] = []
    for marker in sorted(journal.parent.glob(_pattern(journal))):
        if marker in own or not marker.is_file():
            continue
        try:
            fd = os.open(marker, os.O_RDWR)
        except OSError:
            continue  # removed meanwhile by its owner's clean exit
        try:
            if _try_lock(fd):
                dead.append(marker)
        finally:
            os.close(fd)
    return dead


def forget(markers: list[Path]) -> None:
    """Remove markers of dead processes once the journal they left has been checked."""
    for marker in markers:
        marker.unlink(missing_ok=True)


def mark_open(journal: Path) -> None:
    """Leave this process's locked marker beside ``journal`` until it exits cleanly.

    A folder where no marker can be written (read-only media) only loses the unclean-shutdown
    detection; opening the journal itself reports such a folder on its own terms.
    """
    key = _MARKERS.key(journal)
    if key in _MARKERS.held:
        return
    path = journal.parent / f".{journal.name}.open.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
    except OSError as exc:
        log.warning("cannot leave the open-journal marker %s (%s)", path, exc)
        return
    os.write(fd, f"{os.getpid()}\n".encode())
    if not _try_lock(fd):  # pragma: no cover - a brand-new file nobody else knows
        log.warning("cannot lock the open-journal marker %s", path)
    _MARKERS.held[key] = _Marker(path, fd)
    if not _MARKERS.hooked:
        atexit.register(_clean_exit)
        _MARKERS.hooked = True


def keep_marker(journal: Path) -> None:
    """Leave this process's marker behind at exit, so the next start checks the journal first.

    Used when a background check found damage: the next open refuses the file with the
    checker's message instead of trusting it.
    """
    marker = _MARKERS.held.get(_MARKERS.key(journal))
    if marker is not None:
        marker.keep = True


def _clean_exit() -> None:
    for marker in _MARKERS.held.values():
        try:
            os.close(marker.fd)
            if not marker.keep:
                marker.path.unlink(missing_ok=True)
        except OSError:
            log.warning("could not remove the open-journal marker %s", marker.path)
    _MARKERS.held.clear()
