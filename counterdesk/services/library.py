"""The procedure templates a terminal uses, with the exact text each version was loaded from."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import Procedure, load_directory, parse_procedure


class ProcedureLibrary:
    """Procedures by business-type code, each with the TOML text it came from.

    A service stores that text when it starts (its *snapshot*), so a restart, an audit or head
    office can always see the exact version the teller followed, even after an update.

    Args:
        procedures: the procedures by business-type code.
        texts: the TOML text of each.
    """

    def __init__(self, procedures: Mapping[str, Procedure], texts: Mapping[str, str]) -> None:
        self._loaded: tuple[Mapping[str, Procedure], Mapping[str, str]] | None = (
            procedures,
            texts,
        )
        self._source: tuple[Path, Catalogue] | None = None

    @classmethod
    def load(cls, directory: Path, catalogue: Catalogue) -> ProcedureLibrary:
        """Load every template in ``directory`` now; every business type must have one.

        Raises:
            ProcedureError: a template is invalid (every problem listed).
            DomainError: a business type has no procedure.
        """
        return cls(*_read(directory, catalogue))

    @classmethod
    def read_when_used(cls, directory: Path, catalogue: Catalogue) -> ProcedureLibrary:
        """A library that reads ``directory`` on first use (the counter's start-up step does).

        So the files are read and checked on the worker, not before the windows show; the
        errors are those of :meth:`load`, raised by the first use.
        """
        library = cls({}, {})
        library._loaded = None
        library._source = (directory, catalogue)
        return library

    def read(self) -> None:
        """Read the templates now if they have not been (errors as :meth:`load`)."""
        if self._loaded is None:
            assert self._source is not None
            self._loaded = _read(*self._source)

    @property
    def procedures(self) -> Mapping[str, Procedure]:
        """The procedures by business-type code."""
        self.read()
        assert self._loaded is not None
        return self._loaded[0]

    @property
    def texts(self) -> Mapping[str, str]:
        """The TOML text each procedure was loaded from, by business-type code."""
        self.read()
        assert self._loaded is not None
        return self._loaded[1]

    def get(self, code: str) -> Procedure:
        """The current procedure of a business type."""
        try:
            return self.procedures[code]
        except KeyError:
            raise DomainError(
                QT_TRANSLATE_NOOP("domain", "no procedure for business type {code}"), code=code
            ) from None

    def snapshot(self, code: str) -> dict[str, Any]:
        """What a service keeps of the version it started with."""
        procedure = self.get(code)
        return {
            "business_type": code,
            "version": procedure.version,
            "source": Path(procedure.source).name,
            "toml": self.texts[code],
        }

    @staticmethod
    def from_snapshot(snapshot: Mapping[str, Any]) -> Procedure:
        """Rebuild the procedure a service started with."""
        return parse_procedure(str(snapshot["toml"]), str(snapshot["source"]))


def _read(directory: Path, catalogue: Catalogue) -> tuple[dict[str, Procedure], dict[str, str]]:
    procedures = load_directory(directory)
    missing = [code for code in catalogue.codes if code not in procedures]
    if missing:
        raise DomainError(f"{directory}: no procedure for business type(s) {', '.join(missing)}")
    texts = {
        code: Path(procedure.source).read_text(encoding="utf-8")
        for code, procedure in procedures.items()
    }
    return dict(procedures), texts
