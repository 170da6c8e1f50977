"""Where counterdesk finds its resources, configuration and data, from source or a bundle."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from counterdesk.resources import resource, resources_dir

__all__ = [
    "default_config_file",
    "default_data_dir",
    "resource",
    "resources_dir",
    "site_config_file",
]

APP_NAME = "counterdesk"


def default_config_file() -> Path:
    """``config.toml`` in the platform's configuration folder."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def site_config_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The site-wide ``config.toml`` IT installs for every user of the PC, read first.

    ``/etc/counterdesk/config.toml`` on Linux (the Debian package's conffile), the platform's
    site configuration folder elsewhere (``%ProgramData%/counterdesk`` on Windows);
    ``COUNTERDESK_SITE_CONFIG`` names another file, and set empty, none.
    """
    env = os.environ if env is None else env
    named = env.get("COUNTERDESK_SITE_CONFIG")
    if named is not None:
        return Path(named).expanduser() if named else None
    if sys.platform.startswith("linux"):
        return Path("/etc") / APP_NAME / "config.toml"
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_data_dir() -> Path:
    """The platform's data folder, or ``COUNTERDESK_DATA_DIR`` when set (tests, kiosks)."""
    override = os.environ.get("COUNTERDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
