"""Wheel build hook: refuse to build a wheel without up-to-date translations.

The ``.qm`` files are built from the committed ``.ts`` sources (``make translations``) and are
not in git; pyproject.toml adds them to the wheel as artifacts. A wheel built before them would
install a program that silently speaks only English, so the build stops instead. Editable
installs read ``resources/`` from the checkout and are not checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def stale_translations(i18n: Path) -> list[str]:
    """The ``.ts`` files in ``i18n`` whose ``.qm`` is missing or older than them."""
    stale: list[str] = []
    for source in sorted(i18n.glob("*.ts")):
        built = source.with_suffix(".qm")
        if not built.is_file() or built.stat().st_mtime < source.stat().st_mtime:
            stale.append(source.name)
    return stale


class TranslationsBuilt(BuildHookInterface[BuilderConfig]):
    """Checks that every translation source has its built ``.qm`` beside it."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Stop a standard wheel build when a ``.qm`` file is missing or stale."""
        del build_data
        if version == "editable":
            return
        stale = stale_translations(Path(self.root) / "resources" / "i18n")
        if stale:
            raise RuntimeError(
                "translations not built (or older than their sources): "
                + ", ".join(stale)
                + "; run `make translations` (pyside6-lrelease) before building the wheel"
            )
