"""The procedure templates a terminal uses, with the exact text each version was loaded from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError
from counterdesk.core.procedures import Procedure, load_directory, parse_procedure


@dataclass(frozen=True)
class ProcedureLibrary:
    """Procedures by business-type code, each with the TOML text it came from.

    A service stores that text when it starts (its *snapshot*), so a restart, an audit or head
    office can always see the exact version the teller followed, even after an update.
    """

    procedures: Mapping[str, Procedure]
    texts: Mapping[str, str]

    @classmethod
    def load(cls, directory: Path, catalogue: Catalogue) -> ProcedureLibrary:
        """Load every template in ``directory``; every business type must have one.

        Raises:
            ProcedureError: a template is invalid (every problem listed).
            DomainError: a business type has no procedure.
        """
        procedures = load_directory(directory)
        missing = [code for code in catalogue.codes if code not in procedures]
        if missing:
            raise DomainError(
                f"{directory}: no procedure for business type(s) {', '.join(missing)}"
            )
        texts = {
            code: Path(procedure.source).read_text(encoding="utf-8")
            for code, procedure in procedures.items()
        }
        return cls(procedures=procedures, texts=texts)

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
