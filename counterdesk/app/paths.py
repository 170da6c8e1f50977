"""Where counterdesk finds its resources, configuration and data, from source or a bundle."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from counterdesk.resources import resource, resources_dir

__all__ = ["default_config_file", "default_data_dir", "resource", "resources_dir"]

APP_NAME = "counterdesk"


def default_config_file() -> Path:
    """``config.toml`` in the platform's configuration folder."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_data_dir() -> Path:
    """The platform's data folder, or ``COUNTERDESK_DATA_DIR`` when set (tests, kiosks)."""
    override = os.environ.get("COUNTERDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
