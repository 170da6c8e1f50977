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

#: Windows: the installer (build/windows/counterdesk.iss) installs per machine, and one PC is one
#: terminal whoever signs in to Windows (tellers may each have an account), so the config and
#: the journal are the machine's: %ProgramData%\counterdesk, which the installer creates
#: writable by Users and never removes. Elsewhere the user's folders (XDG).
PER_MACHINE = sys.platform == "win32"
#: Names the site-wide config file instead of the platform's (set empty: none).
SITE_CONFIG_ENV = "COUNTERDESK_SITE_CONFIG"


def default_config_file() -> Path:
    """``config.toml`` in the platform's configuration folder (the machine's on Windows)."""
    if PER_MACHINE:
        return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def site_config_file(env: Mapping[str, str] | None = None) -> Path | None:
    """The site-wide ``config.toml`` IT installs for every user of the PC, read first.

    ``/etc/counterdesk/config.toml`` on Linux (the Debian package's conffile), the platform's
    site configuration folder on other Unix systems; none on Windows, where the default config
    file is already the machine's (``%ProgramData%/counterdesk``, :data:`PER_MACHINE`).
    ``COUNTERDESK_SITE_CONFIG`` names another file, and set empty, none.
    """
    env = os.environ if env is None else env
    named = env.get(SITE_CONFIG_ENV)
    if named is not None:
        return Path(named).expanduser() if named else None
    if PER_MACHINE:
        return None
    if sys.platform.startswith("linux"):
        return Path("/etc") / APP_NAME / "config.toml"
    return Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_data_dir() -> Path:
    r"""The platform's data folder, or ``COUNTERDESK_DATA_DIR`` when set (tests, kiosks).

    ``~/.local/share/counterdesk`` on Linux, ``%ProgramData%\counterdesk`` on Windows.
    """
    override = os.environ.get("COUNTERDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    if PER_MACHINE:
        return Path(platformdirs.site_data_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
