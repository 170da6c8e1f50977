"""Where the ``resources/`` folder is, from a checkout or a PyInstaller bundle (the one place)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder, whether running from a checkout or a PyInstaller bundle.

    This is the only place that knows about PyInstaller's unpack folder.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource(*parts: str) -> Path:
    """Path of a file inside ``resources/``."""
    return resources_dir().joinpath(*parts)
