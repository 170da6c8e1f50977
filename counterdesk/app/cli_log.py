"""What the command line changed, in the terminal's log file.

Every command that changes something (a ticket, an account, the journal, the config file, head
office) leaves one line in ``logs/counterdesk.log`` of the data folder: the command as typed
(passwords in URLs replaced by ``***``), who ran it (the operating-system account), and how it
ended (exit code, and the refusal's message). The records the layers logged while it ran are
written before that line, so the file tells the whole story of a failed ``sync`` too.

Nothing is written where nothing was: a command refused before it created the data folder
(a bad staff number on a new terminal, say) leaves no folder behind just to hold its log.
"""

from __future__ import annotations

import getpass
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path

from counterdesk.app.logs import LOG_FORMAT, log_file

#: Commands that only read (or run the windows, which keep their own log): not logged here.
READ_ONLY: frozenset[tuple[str, ...]] = frozenset(
    {
        (),
        ("run",),
        ("demo",),
        ("screenshot",),
        ("procedures", "check"),
        ("queue", "status"),
        ("db", "check"),
        ("staff", "list"),
        ("doctor",),
        ("config", "show"),
        ("config", "check"),
        ("report", "staffing"),
        ("report", "kpi"),
    }
)

_URL_PASSWORD = re.compile(r"(?P<head>[a-z][a-z0-9+.-]*://[^:/@\s]*:)[^@\s]*(?P<at>@)", re.I)
_SECRET_OPTIONS = frozenset({"--password", "--pin"})

log = logging.getLogger("counterdesk.cli")


def redact(argv: Sequence[str]) -> str:
    """The command line as the log shows it: no password of a URL, no value of a secret option."""
    shown: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            shown.append("***")
            hide_next = False
            continue
        name, eq, _value = arg.partition("=")
        if name in _SECRET_OPTIONS:
            if eq:
                shown.append(f"{name}=***")
            else:
                shown.append(arg)
                hide_next = True
            continue
        shown.append(_URL_PASSWORD.sub(r"\g<head>***\g<at>", arg))
    return " ".join(_quote(a) for a in shown)


def _quote(arg: str) -> str:
    return arg if arg and not re.search(r"[\s'\"]", arg) else repr(arg)


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no such user in the passwd database (a container's uid)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown user"


class ActionLog:
    """Collects one command's log records; writes them and its outcome to the data folder's log.

    Records are held in memory while the command runs (it may be the one that creates the data
    folder), then written in one go by :meth:`finish`.
    """

    def __init__(self, command: tuple[str, ...], argv: Sequence[str]) -> None:
        from logging.handlers import MemoryHandler  # only a command that changes something logs

        self.command = command
        self.argv = list(argv)
        self._buffer = MemoryHandler(
            capacity=100_000, flushLevel=logging.CRITICAL + 1, target=None, flushOnClose=False
        )
        self._buffer.setLevel(logging.INFO)
        self._buffer.setFormatter(logging.Formatter(LOG_FORMAT))
        root = logging.getLogger()
        self._root_level = root.level
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)
        root.addHandler(self._buffer)

    @staticmethod
    def wanted(command: tuple[str, ...]) -> bool:
        """Whether this command changes something and is therefore logged."""
        return command not in READ_ONLY

    def finish(self, data_dir: Path | None, code: int, refusal: str | None = None) -> Path | None:
        """Write the records and the outcome; the log file, or None when nothing was written."""
        root = logging.getLogger()
        root.removeHandler(self._buffer)
        root.setLevel(self._root_level)
        if data_dir is None or not data_dir.is_dir():
            self._buffer.close()
            return None
        from logging.handlers import RotatingFileHandler

        path = log_file(data_dir)
        try:
            path.parent.mkdir(exist_ok=True)
            to_file = RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
        except OSError:
            # A log that cannot be written must not turn a done command into a failed one.
            self._buffer.close()
            return None
        to_file.setFormatter(logging.Formatter(LOG_FORMAT))
        outcome = "done" if code == 0 else f"exit {code}"
        if refusal:
            outcome += f": {refusal}"
        record = log.makeRecord(
            log.name,
            logging.INFO if code == 0 else logging.WARNING,
            __file__,
            0,
            "command line (%s): counterdesk %s: %s",
            (_who(), redact(self.argv), outcome),
            None,
        )
        try:
            self._buffer.setTarget(to_file)
            self._buffer.flush()
            to_file.handle(record)
        finally:
            self._buffer.close()
            to_file.close()
        return path
