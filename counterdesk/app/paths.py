"""Where counterdesk finds its resources, configuration and data, from source or a bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "counterdesk"


def resources_dir() -> Path:
    """The ``resources/`` folder, whether running from a checkout or a PyInstaller bundle.

    This is the only place that knows about PyInstaller's unpack folder.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def resource(*parts: str) -> Path:
    """Path of a file inside ``resources/``."""
    return resources_dir().joinpath(*parts)


def default_config_file() -> Path:
    """``config.toml`` in the platform's configuration folder."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_data_dir() -> Path:
    """The platform's data folder, or ``COUNTERDESK_DATA_DIR`` when set (tests, kiosks)."""
    override = os.environ.get("COUNTERDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
