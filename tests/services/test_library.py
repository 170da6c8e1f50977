"""The procedure library: read at once, or by the counter's start-up step on the worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counterdesk.core.business import Catalogue
from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import ProcedureError
from counterdesk.services.library import ProcedureLibrary

PROCEDURES = Path(__file__).resolve().parents[2] / "resources" / "procedures"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The shipped procedures with one of them damaged."""
    folder = tmp_path / "procedures"
    shutil.copytree(PROCEDURES, folder)
    (folder / "dep.toml").write_text("version = \n", encoding="utf-8")
    return folder


def test_a_deferred_library_reads_the_files_on_first_use(catalogue: Catalogue) -> None:
    eager = ProcedureLibrary.load(PROCEDURES, catalogue)
    deferred = ProcedureLibrary.read_when_used(PROCEDURES, catalogue)

    assert deferred.get("DEP") == eager.get("DEP")
    assert deferred.snapshot("WDR") == eager.snapshot("WDR")


def test_a_damaged_file_is_refused_when_read_not_when_built(
    broken: Path, catalogue: Catalogue
) -> None:
    with pytest.raises(ProcedureError, match=r"dep\.toml"):
        ProcedureLibrary.load(broken, catalogue)

    deferred = ProcedureLibrary.read_when_used(broken, catalogue)  # builds without reading
    with pytest.raises(ProcedureError, match=r"dep\.toml"):
        deferred.read()
    with pytest.raises(ProcedureError, match=r"dep\.toml"):
        deferred.get("WDR")  # still refused: nothing half-read is used


def test_a_business_type_without_a_procedure_is_refused(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    folder = tmp_path / "procedures"
    shutil.copytree(PROCEDURES, folder)
    (folder / "dep.toml").unlink()

    with pytest.raises(DomainError, match="DEP"):
        ProcedureLibrary.read_when_used(folder, catalogue).read()
