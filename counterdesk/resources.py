"""Where the resources are: a checkout's ``resources/`` or the copy in a wheel or bundle."""

from __future__ import annotations

from pathlib import Path

#: The copy of ``resources/`` inside the package: the wheel maps the top-level folder here
#: (pyproject.toml) and so does the bundle (build/counterdesk.spec), whose modules' ``__file__``
#: lie in its unpack folder. A checkout (and an editable install) has no such copy.
PACKAGED = "_resources"


def resources_dir() -> Path:
    """The ``resources/`` folder: the package's own copy when installed, else the checkout's.

    This is the only place that knows where a wheel or a bundle puts the resources.
    """
    package = Path(__file__).resolve().parent
    packaged = package / PACKAGED
    if packaged.is_dir():
        return packaged
    return package.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a file inside ``resources/``."""
    return resources_dir().joinpath(*parts)
