"""Owner-only files for the journal, its WAL and its backups (customers' personal data).

On POSIX a file is created mode 0600 (``os.open`` with that mode, so it is never wider, even
for a moment); SQLite gives the ``-wal`` and ``-shm`` files it creates later the mode of the
database file, so creating the database 0600 before the first connection covers them.

On Windows the file gets an ACL that grants only its owner (``icacls /inheritance:r /grant:r``).
That path cannot be tested on the Linux CI machines: it is untested, and a failure is logged,
never raised (the teller's work must not stop over it).
"""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from counterdesk.core.errors import QT_TRANSLATE_NOOP, Text

log = logging.getLogger(__name__)

OWNER_ONLY = 0o600
SIDECARS = ("-wal", "-shm")


def create_owner_only(path: Path) -> None:
    """Create ``path`` empty and owner-only if it does not exist; leave an existing file as it is.

    An empty file is a valid (empty) SQLite database.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    except FileExistsError:
        return
    os.close(fd)
    restrict(path)


def restrict(path: Path) -> None:
    """Make an existing file owner-only (0600 on POSIX, an owner-only ACL on Windows)."""
    if sys.platform == "win32":  # pragma: no cover - untested: no Windows machine in CI
        _windows_owner_only(path)
        return
    try:
        os.chmod(path, OWNER_ONLY)
    except OSError as exc:
        log.warning("could not make %s owner-only: %s", path, exc)


def restrict_journal(path: Path) -> None:
    """Make the journal and whichever of its ``-wal`` / ``-shm`` files exist owner-only."""
    for file in (path, *(path.with_name(path.name + s) for s in SIDECARS)):
        if file.exists():
            restrict(file)


def too_open(path: Path) -> bool:
    """Whether group or others may read or write ``path`` (POSIX; always False on Windows)."""
    if sys.platform == "win32":  # pragma: no cover - ACLs are not mode bits
        return False
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def _windows_owner_only(path: Path) -> None:  # pragma: no cover - untested, see module doc
    user = os.environ.get("USERNAME", "")
    domain = os.environ.get("USERDOMAIN", "")
    if not user:
        log.warning("could not make %s owner-only: USERNAME is not set", path)
        return
    who = f"{domain}\\{user}" if domain else user
    try:
        subprocess.run(
            ["icacls", str(path), "/inheritance:r", "/grant:r", f"{who}:F"],
            check=True,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not make %s owner-only with icacls: %s", path, exc)


def exposed_files(journal: Path, backup_folders: Iterable[Path] = ()) -> list[Path]:
    """The journal files and backups that group or others may read: they hold personal data.

    Looks at the journal, its ``-wal`` / ``-shm``, and the ``*.db`` files in ``backup_folders``
    and in ``<journal dir>/backups``.
    """
    files = [journal, *(journal.with_name(journal.name + s) for s in SIDECARS)]
    folders = dict.fromkeys([journal.parent / "backups", *backup_folders])
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.db")))
    return [file for file in files if file.is_file() and too_open(file)]


def exposure_warning(file: Path) -> Text:
    """What to tell the user about a journal or backup file others may read, with the fix."""
    return Text(
        QT_TRANSLATE_NOOP(
            "domain",
            "{file} can be read by other users (mode {mode}) and holds customers' personal "
            "data; make it owner-only: chmod 600 {file}",
        ),
        file=str(file),
        mode=oct(file.stat().st_mode & 0o777)[2:],
    )
