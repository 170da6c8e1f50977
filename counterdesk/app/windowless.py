"""The program started without a console (``counterdeskw.exe`` on Windows): where its words go.

PyInstaller's windowed executables start with ``sys.stdout`` and ``sys.stderr`` set to None,
so a refusal the command line prints on stderr (an invalid config, a journal that cannot be
opened) would raise instead, and the terminal would close without a word. Here both streams
keep their last lines, and a start that fails shows them in a message box: the words a
console would have shown.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable

#: How much of the program's output is kept for the message box (a long-running terminal
#: writes warnings for months; only the end matters when it stops).
KEPT_CHARS = 4000


class TailBuffer(io.StringIO):
    """A text stream that keeps only its last ``limit`` characters."""

    def __init__(self, limit: int = KEPT_CHARS) -> None:
        """A buffer keeping at most ``limit`` characters."""
        super().__init__()
        self._limit = limit

    def write(self, text: str, /) -> int:
        """Append ``text``, dropping the oldest characters beyond the limit."""
        written = super().write(text)
        kept = self.getvalue()
        if len(kept) > self._limit:
            self.seek(0)
            self.truncate()
            super().write(kept[-self._limit :])
        return written


def show_message(title: str, text: str) -> None:
    """An error message box on Windows (no Qt: the failure may be Qt's); nothing elsewhere."""
    if sys.platform == "win32":
        import ctypes

        mb_iconerror = 0x10
        ctypes.windll.user32.MessageBoxW(None, text, title, mb_iconerror)


def run_windowless(main: Callable[[], int], show: Callable[[str, str], None] = show_message) -> int:
    """Run ``main`` with both streams kept; on a non-zero exit, show what it wrote.

    Args:
        main: the command line's entry point (its exit status is returned).
        show: shows a title and a text to the person who started the program.
    """
    out = TailBuffer()
    err = TailBuffer()
    streams = sys.stdout, sys.stderr
    sys.stdout = out
    sys.stderr = err
    try:
        code = main()
    except SystemExit as stop:  # argparse refusing the command line, after its usage text
        code = stop.code if isinstance(stop.code, int) else 0 if stop.code is None else 1
        if isinstance(stop.code, str):
            err.write(stop.code)
    finally:
        sys.stdout, sys.stderr = streams
    if code != 0:
        said = (err.getvalue() or out.getvalue()).strip()
        show("counterdesk", said or f"counterdesk stopped with exit status {code}.")
    return code
