"""Checking and writing the configuration file for ``counterdesk config`` and the set-up wizard.

Every value is checked by the loader itself (:func:`counterdesk.app.config.config_from_data`
on a document holding only that key), so ``config set``, ``config check``, the wizard and the
program's start can never disagree. Writing keeps the file's other keys, comments and layout
(tomlkit) and replaces the file atomically: a temporary file in the same folder, flushed to
disk, then renamed over the old one, so a reader sees the old file or the new one, never half.

This module knows one file at a time: it does not care how files are layered (a system-wide
file read before the user's), only which one it was asked to check or write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from counterdesk.app.config import (
    _SCHEMA,
    KNOWN_KEYS,
    Config,
    ConfigError,
    config_from_data,
    find_config_file,
)
from counterdesk.app.paths import (
    PER_MACHINE,
    SITE_CONFIG_ENV,
    default_config_file,
    resource,
    site_config_file,
)
from counterdesk.core.procedures.datafile import loads_toml

#: Keys holding a whole number, a list of texts, or a screen (a name or an index).
_NUMBERS = frozenset({"counter.number", "journal.keep_days"})
_LISTS = frozenset({"counter.serves", "display.voice"})
_BOOLEANS = frozenset({"display.mark_over_target"})
_SCREEN = "screens.customer"

#: Which :class:`Config` field each key fills (``show`` prints the effective values).
_FIELDS: Mapping[str, str] = {
    "role": "role",
    "language": "language",
    "branch.code": "branch_code",
    "branch.name": "branch_name",
    "counter.number": "counter_number",
    "counter.serves": "serves",
    "journal.path": "journal_path",
    "journal.keep_days": "keep_days",
    "queue.url": "queue_url",
    "queue.close_at": "close_at",
    "hq.url": "hq_url",
    "hq.sync_at": "sync_at",
    "screens.customer": "customer_screen",
    "kiosk.printer": "printer",
    "kiosk.hours": "hours",
    "display.voice": "voice",
    "display.notice": "notice",
    "display.engine": "speech_engine",
    "display.mark_over_target": "mark_over_target",
}


def system_config_file() -> Path:
    """The site-wide configuration file, the one the program reads before the user's.

    ``/etc/counterdesk/config.toml`` on Linux, or the file ``COUNTERDESK_SITE_CONFIG`` names
    (:func:`counterdesk.app.paths.site_config_file`); on Windows the machine's file, which is
    already the default one.

    Raises:
        ConfigError: ``COUNTERDESK_SITE_CONFIG`` is set empty (no site-wide file here).
    """
    site = site_config_file()
    if site is not None:
        return site
    if PER_MACHINE:
        return default_config_file()
    raise ConfigError(f"no site-wide configuration file here: {SITE_CONFIG_ENV} is set empty")


def target_file(cli_path: Path | None, *, system: bool = False) -> Path:
    """The file ``config set`` and ``setup`` write.

    ``--system``: the system-wide file; ``--config`` or ``COUNTERDESK_CONFIG``: that file,
    which must exist (as when the program reads it); else the user's platform file, created
    when missing.

    Raises:
        ConfigError: a file named by ``--config`` or the environment is missing.
    """
    if system:
        return system_config_file()
    return find_config_file(cli_path) or default_config_file()


def unknown_key(key: str) -> str:
    """The refusal of a key the file cannot hold, listing the known ones."""
    return f"unknown key '{key}' (known: {', '.join(KNOWN_KEYS)})"


def value_from_text(key: str, text: str) -> Any:
    """Turn a value typed on the command line into the TOML value of ``key``.

    Whole numbers for ``counter.number`` and ``journal.keep_days``; lists for
    ``counter.serves`` and ``display.voice`` (``A,B``, a TOML array ``["A", "B"]``, or empty
    for none); true or false for ``display.mark_over_target``; ``screens.customer`` is an
    index when it is all digits, else a name; text
    otherwise, as typed.

    Raises:
        ConfigError: an unknown key, or text that is not a number or a list.
    """
    if key not in KNOWN_KEYS:
        raise ConfigError(unknown_key(key), key)
    stripped = text.strip()
    if key in _NUMBERS:
        try:
            return int(stripped)
        except ValueError:
            problem = f"must be a whole number, got {text!r}"
            raise ConfigError(f"key '{key}': {problem}", key, problem) from None
    if key in _LISTS:
        if stripped.startswith("["):
            try:
                value = tomllib.loads(f"v = {stripped}")["v"]
            except tomllib.TOMLDecodeError:
                problem = f'must be a list such as A,B or ["A", "B"], got {text!r}'
                raise ConfigError(f"key '{key}': {problem}", key, problem) from None
            return value
        return [part.strip() for part in stripped.split(",")] if stripped else []
    if key in _BOOLEANS:
        if stripped.lower() in ("true", "false"):
            return stripped.lower() == "true"
        problem = f"must be true or false, got {text!r}"
        raise ConfigError(f"key '{key}': {problem}", key, problem)
    if key == _SCREEN and stripped.isdigit():
        return int(stripped)
    return text


def _document(key: str, value: Any) -> dict[str, Any]:
    table, _, sub = key.rpartition(".")
    return {table: {sub: value}} if table else {key: value}


def value_problem(key: str, value: Any, journal_exists: bool = False) -> str:
    """What the loader says about one value, or "" when it takes it.

    A counter's business types are also checked against the shipped catalogue, as start-up
    does before it touches anything; as at start-up, a type the catalogue lacks is accepted
    when the journal exists (head office may have added it; the start checks it then).

    Args:
        key: a dotted key such as ``counter.number``.
        value: its TOML value.
        journal_exists: whether the terminal's journal file is there already.
    """
    if key not in KNOWN_KEYS:
        return unknown_key(key)
    try:
        config_from_data(_document(key, value), Path("-"))
    except ConfigError as exc:
        return exc.problem
    except (RecursionError, ValueError) as exc:
        return f"cannot be read: {exc}"
    if key == "counter.serves" and value and not journal_exists:
        from counterdesk.core.procedures import load_catalogue

        catalogue = load_catalogue(resource("business_types.toml"))
        try:
            catalogue.resolve(tuple(str(code).strip() for code in value))
        except Exception as exc:
            return str(exc)
    return ""


def _read_text(path: Path) -> str:
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a config file")
    if path.exists() and not path.is_file():
        raise ConfigError(f"{path}: not a regular file, not a config file")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc


def file_problems(path: Path) -> list[str]:
    """Every problem the loader finds in the file, one line each (empty: the file is good).

    The loader stops at the first problem; here each key is checked on its own, by the
    loader, so one run names them all. The whole file is then read once more by the loader,
    so nothing it refuses is missed.

    Raises:
        ConfigError: the file cannot be read at all (a folder, a FIFO, missing).
    """
    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else _read_text(path)
    except UnicodeDecodeError as exc:
        return [f"{path}: cannot read the config file: not UTF-8 text ({exc.reason})"]
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    try:
        data = loads_toml(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{path}: not valid TOML: {exc}"]
    except RecursionError:
        return [f"{path}: not valid TOML: nested too deeply"]
    problems: list[str] = []
    journal = _journal_file(data, path)
    for key, value in data.items():
        if key not in _SCHEMA[""]:
            problems.append(f"{path}: key '{key}': unknown key (known: {', '.join(_SCHEMA[''])})")
        elif key in _SCHEMA and not isinstance(value, dict):
            problems.append(f"{path}: key '{key}': must be a table, e.g. [{key}]")
        elif isinstance(value, dict) and key not in _SCHEMA:
            problems.append(f"{path}: key '{key}': must be a value, not a table")
        elif isinstance(value, dict):
            for sub, item in value.items():
                dotted = f"{key}.{sub}"
                if sub not in _SCHEMA[key]:
                    known = ", ".join(_SCHEMA[key])
                    problems.append(
                        f"{path}: key '{dotted}': unknown key (known in [{key}]: {known})"
                    )
                elif problem := value_problem(dotted, item, journal.exists()):
                    problems.append(f"{path}: key '{dotted}': {problem}")
        elif problem := value_problem(key, value):
            problems.append(f"{path}: key '{key}': {problem}")
    if not problems:
        try:
            config_from_data(data, path)
        except ConfigError as exc:
            problems.append(str(exc))
    return problems


def _journal_file(data: dict[str, Any], path: Path) -> Path:
    """Where the file's terminal keeps its journal (the loader's rule), for the serves check."""
    try:
        journal = data.get("journal", {}).get("path", "counterdesk.db")
        return Config(source=path, journal_path=Path(str(journal))).journal_file
    except (AttributeError, ValueError):
        return Path("counterdesk.db")


def write_values(path: Path, values: Mapping[str, Any]) -> None:
    """Set keys in a config file, keeping the rest of it; all checked before anything is written.

    Args:
        path: the file; created (with its folder) when missing.
        values: dotted keys and their TOML values.

    Raises:
        ConfigError: an unknown key or a value the loader refuses (naming the key), or a file
            that is not TOML and so cannot be edited safely; nothing is written then.
        OSError: the file or its folder cannot be written.
    """
    import tomlkit  # only here: reading a config never needs it
    import tomlkit.exceptions

    text = _read_text(path) if path.exists() else ""
    try:
        journal = _journal_file(loads_toml(text), path)
    except tomllib.TOMLDecodeError:
        journal = Config(source=path).journal_file  # refused below, as not TOML
    for key, value in values.items():
        problem = value_problem(key, value, journal.exists())
        if problem:
            raise ConfigError(f"{path}: key '{key}': {problem}; nothing written", key, problem)
    try:
        document = tomlkit.parse(text)
    except (tomlkit.exceptions.TOMLKitError, RecursionError) as exc:
        raise ConfigError(
            f"{path}: not valid TOML, not changed (fix it first; counterdesk config check): {exc}"
        ) from exc
    for key, value in values.items():
        table_name, _, sub = key.rpartition(".")
        if not table_name:
            document[key] = value  # tomlkit places a new plain key ahead of the tables
            continue
        table = document.get(table_name)
        if table is None:
            table = tomlkit.table()
            document[table_name] = table
        elif not isinstance(table, MutableMapping):  # checked above: the loader needs a table
            raise ConfigError(f"{path}: key '{table_name}' must be a table; nothing written")
        # A [table], dotted keys (counter.number = 3) or an inline table: edited where it is.
        table[sub] = value
    _replace_atomically(path, tomlkit.dumps(document))


def _replace_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, flush it to disk, rename it over."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # the rename itself made durable, where the OS can
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def file_keys(path: Path | None) -> set[str]:
    """The dotted keys a config file sets (empty when there is none or it cannot be read)."""
    if path is None:
        return set()
    try:
        data = loads_toml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return set()
    keys: set[str] = set()
    for key, value in data.items():
        if isinstance(value, dict):
            keys.update(f"{key}.{sub}" for sub in value)
        else:
            keys.add(key)
    return keys


def effective_lines(config: Config) -> list[str]:
    """``config show``: every key with its effective value as TOML, defaults marked.

    The file holds no secrets by design (passwords come from the environment or the keyring),
    and a password written into a URL anyway is shown as ``***``.
    """
    # The site-wide file (/etc/counterdesk/config.toml) is read first, the user's over it.
    sources = config.sources or ((config.source,) if config.source else ())
    set_keys = {key for path in sources for key in file_keys(path)}
    source = " + ".join(str(path) for path in sources) or "none (defaults apply)"
    lines = [f"# config file: {source}", f"# data folder: {config.data_dir}"]
    values = {f.name: getattr(config, f.name) for f in fields(config)}
    for key in KNOWN_KEYS:
        value = toml_text(key, values[_FIELDS[key]])
        mark = "" if key in set_keys else "  # default"
        lines.append(f"{key} = {value}{mark}")
    return lines


def toml_text(key: str, value: Any) -> str:
    """A value as TOML text, a password in a URL shown as ``***``."""
    from datetime import time

    if value is None:
        value = ""
    if isinstance(value, time):
        value = value.strftime("%H:%M")
    if isinstance(value, Path):
        value = str(value)
    if isinstance(value, Sequence) and not isinstance(value, str):
        value = list(value)
    if key in ("queue.url", "hq.url") and isinstance(value, str) and value:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        if parts.password:
            value = value.replace(f":{parts.password}@", ":***@", 1)
    import tomlkit

    item = tomlkit.item(value)
    return str(item.as_string())
