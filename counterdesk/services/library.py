"""The procedure templates a terminal uses, with the exact text each version was loaded from."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import Procedure, load_directory, parse_procedure
from counterdesk.core.procedures.datafile import ProcedureError
from counterdesk.storage.reference import ReferenceCache


class ProcedureLibrary:
    """Procedures by business-type code, each with the TOML text it came from.

    A service stores that text when it starts (its *snapshot*), so a restart, an audit or head
    office can always see the exact version the teller followed, even after an update.

    A library given the journal's reference cache also takes the procedures pulled from head
    office: a pulled version newer than the shipped file's (or for a business type without a
    file) is what :meth:`get` and :meth:`snapshot` give from the moment the pull commits, so new
    services start with it while a running service keeps the snapshot it started with.

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
        self._cache: ReferenceCache | None = None
        self._pulled: tuple[int, tuple[dict[str, Procedure], dict[str, str]]] | None = None

    @classmethod
    def load(cls, directory: Path, catalogue: Catalogue) -> ProcedureLibrary:
        """Load every template in ``directory`` now; every business type must have one.

        Raises:
            ProcedureError: a template is invalid (every problem listed).
            DomainError: a business type has no procedure.
        """
        return cls(*_read(directory, catalogue))

    @classmethod
    def read_when_used(
        cls,
        directory: Path,
        catalogue: Catalogue,
        cache: ReferenceCache | None = None,
    ) -> ProcedureLibrary:
        """A library that reads ``directory`` on first use (the counter's start-up step does).

        So the files are read and checked on the worker, not before the windows show; the
        errors are those of :meth:`load`, raised by the first use. With the journal's ``cache``, the
        procedures pulled from head office override older shipped versions.
        """
        library = cls({}, {})
        library._loaded = None
        library._source = (directory, catalogue)
        library._cache = cache
        return library

    def _current(self) -> tuple[Mapping[str, Procedure], Mapping[str, str]]:
        self.read()
        assert self._loaded is not None
        if self._cache is None:
            return self._loaded
        # One cheap read per use: a pull applied meanwhile is seen by the next new service.
        version = self._cache.applied_version()
        if self._pulled is None or self._pulled[0] != version:
            self._pulled = (version, _overlay(self._loaded, self._cache.pulled_procedures()))
        return self._pulled[1]

    def read(self) -> None:
        """Read the templates now if they have not been (errors as :meth:`load`)."""
        if self._loaded is None:
            assert self._source is not None
            # A business type head office added has its procedure from head office too.
            pulled = self._cache.pulled_procedures() if self._cache is not None else {}
            self._loaded = _read(*self._source, exempt=pulled)

    @property
    def procedures(self) -> Mapping[str, Procedure]:
        """The procedures by business-type code."""
        return self._current()[0]

    @property
    def texts(self) -> Mapping[str, str]:
        """The TOML text each procedure was loaded from, by business-type code."""
        return self._current()[1]

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
        procedures, texts = self._current()
        procedure = procedures.get(code) or self.get(code)
        return {
            "business_type": code,
            "version": procedure.version,
            "source": Path(procedure.source).name,
            "toml": texts[code],
        }

    @staticmethod
    def from_snapshot(snapshot: Mapping[str, Any]) -> Procedure:
        """Rebuild the procedure a service started with."""
        return parse_procedure(str(snapshot["toml"]), str(snapshot["source"]))


def _read(
    directory: Path, catalogue: Catalogue, exempt: Collection[str] = ()
) -> tuple[dict[str, Procedure], dict[str, str]]:
    procedures = load_directory(directory)
    missing = [code for code in catalogue.codes if code not in procedures and code not in exempt]
    if missing:
        raise DomainError(f"{directory}: no procedure for business type(s) {', '.join(missing)}")
    texts = {
        code: Path(procedure.source).read_text(encoding="utf-8")
        for code, procedure in procedures.items()
    }
    return dict(procedures), texts


def _overlay(
    loaded: tuple[Mapping[str, Procedure], Mapping[str, str]], pulled: Mapping[str, tuple[int, str]]
) -> tuple[dict[str, Procedure], dict[str, str]]:
    procedures, texts = dict(loaded[0]), dict(loaded[1])
    for code, (version, text) in pulled.items():
        shipped = procedures.get(code)
        if shipped is not None and shipped.version >= version:
            continue
        try:
            procedure = parse_procedure(text, f"{code}-v{version}.toml")
        except ProcedureError:
            continue  # validated by the pull; a damaged cache row keeps the shipped version
        procedures[code], texts[code] = procedure, text
    return procedures, texts
