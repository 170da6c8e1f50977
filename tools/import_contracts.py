"""An import-linter contract type: a package may import only the standard library and itself.

``lint-imports`` loads it through ``contract_types`` in pyproject.toml (it puts the working
directory on ``sys.path``); it lives outside the ``counterdesk`` package so that it is never
shipped.

Why a contract type rather than a ``forbidden`` list of third-party packages: a list has to
name every package in advance, so a new dependency (``escpos`` say) would be allowed in the
core until someone remembered to add it. This contract allows instead: the standard library,
as the running Python names it (``sys.stdlib_module_names``), and the root package. Anything
else is a violation, whatever gets installed later.
"""

from __future__ import annotations

import sys
from typing import Any

from grimp import ImportGraph
from importlinter.application import contract_utils, output
from importlinter.application.contract_utils import AlertLevel
from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck


class StdlibOnlyContract(Contract):
    """Modules of ``source_modules`` (and their descendants) import only the stdlib and the root.

    Configuration options:
        - source_modules: the packages to check, e.g. ``counterdesk.core``.
        - allowed_modules: other top-level names to allow (optional; empty for counterdesk).
        - ignore_imports: imports to leave out, as in the built-in contracts (optional).
    """

    type_name = "stdlib_only"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    allowed_modules = fields.ListField(subfield=fields.StringField(), required=False, default=[])
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        """Find every direct import of a source module that is neither stdlib nor own code."""
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=AlertLevel.ERROR,
        )
        roots = {str(name).split(".")[0] for name in self.session_options["root_packages"]}
        allowed = set(sys.stdlib_module_names) | roots | set(self.allowed_modules)  # type: ignore[call-overload]
        violations: list[dict[str, Any]] = []
        for source in self.source_modules:  # type: ignore[attr-defined]
            modules = {source.name} | graph.find_descendants(source.name)
            for importer in sorted(modules):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if imported.split(".")[0] in allowed:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(detail["line_number"] for detail in details)
                    violations.append({"importer": importer, "imported": imported, "lines": lines})
        return ContractCheck(
            kept=not violations,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"violations": violations},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        """List each import of a package outside the standard library."""
        for violation in check.metadata["violations"]:
            lines = ", ".join(f"l.{line}" for line in violation["lines"])
            output.print_error(
                f"{violation['importer']} imports {violation['imported']}, which is not in the "
                f"standard library ({lines})",
                bold=False,
            )
            output.new_line()
