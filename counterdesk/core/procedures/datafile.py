"""Reading untrusted TOML data files: problems with file and line, shared by both loaders.

A loader reports every problem of a file at once, each as one line with file, step, key and
line number, so that IT staff can fix a file in one pass.
"""

from __future__ import annotations

import re
import stat
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterdesk.core.errors import DomainError

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")

#: The whole numbers a data file may hold: they end up in SQLite, whose integers are 64-bit, and
#: one beyond would pass the check and fail later (after the queue called a ticket).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class TomlTooDeep(tomllib.TOMLDecodeError):
    """TOML whose arrays or inline tables are nested too deeply for the parser's recursion."""

    def __init__(self) -> None:
        # ValueError's constructor: TOMLDecodeError's own takes other arguments in later Pythons.
        ValueError.__init__(self, "tables or arrays nested too deeply")


def loads_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads``, with nesting too deep for it a :class:`tomllib.TOMLDecodeError` too.

    tomllib parses nested arrays and inline tables recursively, so a few thousand brackets
    raise RecursionError; every reader of an untrusted TOML file needs the same one-line error.
    """
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise TomlTooDeep() from None


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, printable as one line.

    Attributes:
        file: the file (as given by the caller).
        step: the step id (or ``#3`` for the third step when it has no usable id).
        key: the offending key, dotted (``capture.max``).
        line: 1-based line number, when it could be found.
        message: what is wrong.
        item: what ``step`` names in this kind of file (``dimension`` in a star policy).
    """

    file: str
    step: str | None
    key: str | None
    line: int | None
    message: str
    item: str = "step"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.step is not None:
            parts.append(f"{self.item} {self.step!r}")
        if self.key is not None:
            parts.append(f"key {self.key!r}")
        parts.append(self.message)
        return ": ".join(parts)


class DataFileError(DomainError):
    """A data file (procedure or catalogue) is invalid.

    Attributes:
        problems: every problem found, in file order.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ProcedureError(DataFileError):
    """One or more procedure templates are invalid."""


class CatalogueError(DataFileError):
    """The business-type catalogue file is invalid."""


class Locator:
    """Best-effort line numbers for keys of a parsed TOML document (1-based)."""

    def __init__(self, text: str, array: str) -> None:
        self._lines = text.splitlines()
        self._array = array
        header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
        self._starts = [i for i, line in enumerate(self._lines) if header.match(line)]

    def _block(self, index: int | None, item_id: str | None) -> tuple[int, int] | None:
        if index is None:
            end = self._starts[0] if self._starts else len(self._lines)
            return 0, end
        if index < len(self._starts):
            start = self._starts[index]
            following = self._starts[index + 1] if index + 1 < len(self._starts) else None
            return start, len(self._lines) if following is None else following
        if item_id is not None:  # an inline array: find the item by its id
            id_line = re.compile(rf"""\bid\s*=\s*["']{re.escape(item_id)}["']""")
            for i, line in enumerate(self._lines):
                if id_line.search(line):
                    return i, i + 1
        return None

    def _find_key(self, name: str, start: int, end: int) -> int | None:
        key = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*[=.]""")
        for i in range(start, end):
            if self._lines[i].lstrip().startswith("["):
                return None
            if key.match(self._lines[i]):
                return i
        return None

    def find(self, index: int | None, key: str | None, item_id: str | None = None) -> int | None:
        """Return the line of ``key`` inside array item ``index`` (top level when None)."""
        block = self._block(index, item_id)
        if block is None:
            return None
        start, end = block
        anchor = start
        if index is not None and block[1] - block[0] > 1:
            id_line = self._find_key("id", start + 1, end)
            anchor = id_line if id_line is not None else start
        if key is None:
            return anchor + 1
        best = anchor
        table = self._array if index is not None else ""
        position = start + 1 if index is not None else 0
        parts = key.split(".")
        for depth, part in enumerate(parts):
            name, _, rest = part.partition("[")
            nth = int(rest.rstrip("]")) if rest else 0
            last = depth == len(parts) - 1
            if last:
                found = self._find_key(name, position, end)
                if found is not None:
                    return found + 1
            table = f"{table}.{name}" if table else name
            header = re.compile(rf"^\s*\[\[?\s*{re.escape(table)}\s*\]\]?")
            headers = [i for i in range(position, end) if header.match(self._lines[i])]
            if nth < len(headers):
                best = headers[nth]
                position = best + 1
                continue
            inline = self._find_key(name, position, end)
            if inline is not None:
                return inline + 1
            break
        # A missing top-level key has no sensible line; inside a step, point at the step.
        return None if index is None and best == anchor else best + 1


def decode_error(exc: tomllib.TOMLDecodeError, text: str, source: str) -> Problem:
    """Turn a TOML syntax error into one problem with its line number."""
    message = str(exc)
    line: int | None = getattr(exc, "lineno", None)
    match = _TOML_POSITION.search(message)
    if match is not None:
        line = line or int(match.group(1))
        message = message[: match.start()]
    elif message.endswith("(at end of document)"):
        line = line or text.count("\n") + 1
        message = message.removesuffix("(at end of document)").rstrip()
    return Problem(source, None, None, line, f"TOML syntax error: {message}")


class Checker:
    """Collects problems while reading untrusted TOML values."""

    def __init__(self, source: str, locator: Locator, item: str = "step") -> None:
        self.source = source
        self.locator = locator
        self.item = item
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        *,
        index: int | None = None,
        label: str | None = None,
        key: str | None = None,
        item_id: str | None = None,
    ) -> None:
        """Record a problem at ``key`` of array item ``index`` (top level when None)."""
        line = self.locator.find(index, key, item_id)
        self.problems.append(Problem(self.source, label, key, line, message, self.item))

    def table(
        self,
        data: Mapping[str, Any],
        *,
        required: Iterable[str],
        optional: Iterable[str],
        prefix: str = "",
        **where: Any,
    ) -> bool:
        """Report missing and unknown keys; return whether all required keys are present."""
        required = tuple(required)
        known = set(required) | set(optional)
        complete = True
        for name in required:
            if name not in data:
                self.add("required key is missing", key=f"{prefix}{name}", **where)
                complete = False
        for name in data:
            if name not in known:
                hint = ", ".join(sorted(known))
                self.add(f"unknown key (allowed: {hint})", key=f"{prefix}{name}", **where)
        return complete

    def string(
        self,
        data: Mapping[str, Any],
        name: str,
        *,
        prefix: str = "",
        blank: bool = False,
        **where: Any,
    ) -> str | None:
        """Read an optional string key, stripped; None (with a problem) when it is not one."""
        value = data.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            self.add("must be a string", key=f"{prefix}{name}", **where)
            return None
        if not blank and not value.strip():
            self.add("must not be empty", key=f"{prefix}{name}", **where)
            return None
        return value.strip()

    def integer(
        self, data: Mapping[str, Any], name: str, *, prefix: str = "", **where: Any
    ) -> int | None:
        """Read an optional whole-number key; None (with a problem) when it is not one."""
        value = data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.add("must be a whole number", key=f"{prefix}{name}", **where)
            return None
        if value > INT64_MAX:
            self.add(f"must be at most {INT64_MAX}", key=f"{prefix}{name}", **where)
            return None
        if value < INT64_MIN:
            self.add(f"must be at least {INT64_MIN}", key=f"{prefix}{name}", **where)
            return None
        return value


def read_text(path: Path, error: type[DataFileError]) -> str:
    """Read a data file as UTF-8; an unreadable file raises ``error`` with one problem.

    Only a regular file is opened: a FIFO, socket or device would block the read or never end,
    so it is refused from its ``stat`` without opening it.
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise error([Problem(str(path), None, None, None, "not a regular file")])
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise error([Problem(str(path), None, None, None, f"cannot read file: {reason}")]) from None
