"""Errors raised by the journal storage; each message names the file and what is wrong."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """The journal file cannot be used as it is."""


class CorruptDatabaseError(StorageError):
    """The file is not a readable SQLite database, or SQLite reports damage in it.

    Attributes:
        path: the offending file.
        problems: what was found wrong, one item per problem.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems)
        listed = "; ".join(self.problems) if self.problems else "unknown problem"
        super().__init__(f"journal {path} cannot be used: {listed}")


class SchemaTooNewError(StorageError):
    """The file was written by a newer counterdesk; this program must not touch it.

    Attributes:
        path: the journal file.
        found: the schema version stored in the file.
        supported: the newest schema version this program knows.
    """

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"journal {path} has schema version {found}, but this program only knows versions "
            f"up to {supported}; install a newer counterdesk (the file was left untouched)"
        )


class SchemaOutdatedError(StorageError):
    """The file needs migrations but the caller asked not to run them.

    Attributes:
        path: the journal file.
        found: the schema version stored in the file (0 for a missing or empty file).
        latest: the version this program expects.
    """

    def __init__(self, path: Path, found: int, latest: int) -> None:
        self.path = path
        self.found = found
        self.latest = latest
        super().__init__(
            f"journal {path} has schema version {found}, this program needs version {latest}; "
            "open it with migrations enabled"
        )
