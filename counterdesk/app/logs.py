"""Logging of a terminal: rotating files in the data dir, warnings also on stderr."""

from __future__ import annotations

import logging
from pathlib import Path

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_file(data_dir: Path) -> Path:
    """Where the terminal writes its log."""
    return data_dir / "logs" / "counterdesk.log"


def setup_logging(data_dir: Path, *, verbose: bool = False) -> Path:
    """Log INFO and above to a rotating file (5 × 2 MB), WARNING and above to stderr.

    Qt's own messages reach stderr only with ``verbose`` (see :func:`not_qt_chatter`).

    Secrets never reach a log: configuration URLs are logged without their password.
    """
    import logging.handlers  # only a running terminal writes files (pickle and more with it)

    path = log_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    to_file = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    to_file.setFormatter(logging.Formatter(LOG_FORMAT))
    root.addHandler(to_file)
    to_stderr = logging.StreamHandler()
    to_stderr.setLevel(logging.INFO if verbose else logging.WARNING)
    to_stderr.setFormatter(logging.Formatter(LOG_FORMAT))
    if not verbose:
        to_stderr.addFilter(not_qt_chatter)
    root.addHandler(to_stderr)
    return path


def not_qt_chatter(record: logging.LogRecord) -> bool:
    """Whether a record belongs on the console: Qt's own messages go to the file only.

    The crash handler logs Qt's messages under ``qt.<category>`` (``qt.multimedia.*`` says
    which codec and sound libraries this PC lacks, a dozen lines at every start of a display);
    the log file has them, and ``--verbose`` shows them. A fatal one (CRITICAL) still shows.
    """
    name = record.name
    is_qt = name == "qt" or name.startswith("qt.")
    return not is_qt or record.levelno >= logging.CRITICAL


def current_log_file() -> Path | None:
    """The file the root logger writes to (set up by :func:`setup_logging`), if any."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
