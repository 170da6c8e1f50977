"""Tests for the business-type catalogue loader."""

from __future__ import annotations

from pathlib import Path

import pytest
from procedure_helpers import line_of, toml

from counterdesk.core.errors import DomainError
from counterdesk.core.procedures import CatalogueError, load_catalogue


def test_catalogue_problems_are_all_reported(tmp_path: Path) -> None:
    path = tmp_path / "types.toml"
    text = toml(
        """
        [[types]]
        code = "DEP"
        prefix = "A"
        name_en = "Deposit"
        name_zh = "存款"
        target_seconds = 600

        [[types]]
        code = "WDR"
        prefix = "A"
        name_en = "Withdrawal"
        name_zh = "取款"
        target_seconds = 600

        [[types]]
        code = "FX"
        prefix = "G"
        name_en = "FX"
        target_seconds = -5
        priorty_weight = 1
        """
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    problems = info.value.problems
    line = line_of(text, 'prefix = "A"', nth=1)
    assert str(problems[0]) == (
        f"{path}:{line}: step 'WDR': key 'prefix': prefix is already used by DEP"
    )
    assert {(p.step, p.key) for p in problems[1:]} == {
        ("FX", "name_zh"),
        ("FX", "priorty_weight"),
    }
    assert isinstance(info.value, DomainError)
