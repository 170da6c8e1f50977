"""The terminal's TOML configuration: finding it, reading it and refusing bad values clearly."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from counterdesk.app.paths import default_config_file, default_data_dir, site_config_file
from counterdesk.core.branch import BRANCH_CODE_PATTERN
from counterdesk.core.errors import DomainError
from counterdesk.core.hours import OpeningHours
from counterdesk.core.procedures.datafile import loads_toml

ROLES = ("teller", "kiosk", "display", "manager")
LANGUAGES = ("en", "zh_CN")
#: The counter numbers a terminal may have, in the config file and on the command line.
COUNTER_NUMBERS = range(1, 1000)
#: How many days synced journal rows stay on the terminal once head office has them.
KEEP_DAYS = range(7, 3651)

_SCHEMA: dict[str, tuple[str, ...]] = {
    "": (
        "role",
        "language",
        "branch",
        "counter",
        "journal",
        "queue",
        "hq",
        "screens",
        "kiosk",
        "display",
    ),
    "branch": ("code", "name"),
    "counter": ("number", "serves"),
    "journal": ("path", "keep_days"),
    "queue": ("url", "close_at"),
    "hq": ("url", "sync_at"),
    "screens": ("customer",),
    "kiosk": ("printer", "hours"),
    "display": ("voice", "notice", "engine", "mark_over_target"),
}


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file, key and problem.

    Attributes:
        key: the dotted key at fault, when one is ("" for the file as a whole).
        problem: what is wrong with it, without the file and key.
    """

    def __init__(self, message: str, key: str = "", problem: str = "") -> None:
        super().__init__(message)
        self.key = key
        self.problem = problem or message


@dataclass(frozen=True)
class Config:
    """Everything a terminal is told by its configuration file (DESIGN §6).

    Attributes:
        source: the most specific file read (the user's, else the site-wide one), or None
            when defaults apply.
        sources: every file read, in order: the site-wide one first, then the user's.
        data_dir: where the journal, backups and logs live.
    """

    source: Path | None = None
    sources: tuple[Path, ...] = ()
    data_dir: Path = field(default_factory=default_data_dir)
    role: str = "teller"
    language: str = "en"
    branch_code: str = "BR0001"
    branch_name: str = "Branch"
    counter_number: int = 1
    serves: tuple[str, ...] = ()
    journal_path: Path = Path("counterdesk.db")
    keep_days: int = 90
    queue_url: str = ""
    hq_url: str = ""
    sync_at: time = time(2, 0)
    close_at: time | None = None
    customer_screen: str | int = "auto"
    printer: str = "none"
    hours: str = ""
    voice: tuple[str, ...] = ("zh_CN", "en")
    notice: str = ""
    speech_engine: str = ""
    mark_over_target: bool = False

    @property
    def journal_file(self) -> Path:
        """The journal file, relative paths resolved inside the data dir."""
        path = self.journal_path.expanduser()
        return path if path.is_absolute() else self.data_dir / path

    @property
    def queue_file(self) -> Path | None:
        """The SQLite queue file, or None when the queue is on PostgreSQL."""
        if not self.queue_url:
            return self.journal_file
        if self.queue_url.startswith("sqlite:///"):
            path = Path(self.queue_url.removeprefix("sqlite:///")).expanduser()
            return path if path.is_absolute() else self.data_dir / path
        return None


#: The largest ``screens.customer`` index accepted.
MAX_SCREEN_INDEX = 99


def find_config_file(cli_path: Path | None, env: Mapping[str, str] | None = None) -> Path | None:
    """Which file to read: ``--config``, else ``COUNTERDESK_CONFIG``, else the platform file.

    Raises:
        ConfigError: a file named on the command line or in the environment is missing.
    """
    env = os.environ if env is None else env
    if cli_path is not None:
        if not cli_path.is_file():
            raise ConfigError(f"{cli_path}: config file not found (given with --config)")
        return cli_path
    named = env.get("COUNTERDESK_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found (named by COUNTERDESK_CONFIG)")
        return path
    default = default_config_file()
    return default if default.is_file() else None


def load_config(cli_path: Path | None = None, env: Mapping[str, str] | None = None) -> Config:
    """Read the site-wide file, then the user's over it key by key; defaults for the rest.

    The site-wide file (:func:`~counterdesk.app.paths.site_config_file`, e.g.
    ``/etc/counterdesk/config.toml``) is optional. The user's is the one
    :func:`find_config_file` chooses (``--config``, ``COUNTERDESK_CONFIG`` or the platform
    file); each key it sets replaces the site-wide value of that key only.

    Raises:
        ConfigError: unreadable file, bad TOML, unknown key or bad value, naming the file.
    """
    env = os.environ if env is None else env
    files: list[Path] = []
    site = site_config_file(env)
    if site is not None and site.is_file():
        files.append(site)
    user = find_config_file(cli_path, env)
    if user is not None and not (files and _same_file(user, files[0])):
        files.append(user)
    if not files:
        return Config()
    layers = []
    for path in files:
        try:
            layers.append((path, path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    return parse_layers(layers)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def parse_config(text: str, source: Path) -> Config:
    """Read configuration TOML text.

    Raises:
        ConfigError: naming the key and the problem.
    """
    return parse_layers([(source, text)])


def parse_layers(layers: list[tuple[Path, str]]) -> Config:
    """Read configuration files' TOML texts, each later one's keys replacing earlier ones'.

    Args:
        layers: (file, its text), least specific first (the site-wide file, then the user's).

    Raises:
        ConfigError: naming the file the bad key or text comes from, the key and the problem.
    """
    merged: dict[str, Any] = {}
    origins: dict[str, Path] = {}
    for path, text in layers:
        try:
            data = loads_toml(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        _Reader(path, data).check_keys()
        for key, value in data.items():
            if isinstance(value, dict):
                table = merged.setdefault(key, {})
                for sub, item in value.items():
                    table[sub] = item
                    origins[f"{key}.{sub}"] = path
            else:
                merged[key] = value
                origins[key] = path
    sources = tuple(path for path, _ in layers)
    return config_from_data(merged, layers[-1][0], origins=origins, sources=sources)


#: Every key the file may hold, dotted (``counter.number``), in the order of the schema.
KNOWN_KEYS: tuple[str, ...] = tuple(
    f"{table}.{key}" if table else key
    for table, keys in (("", ("role", "language")), *((t, k) for t, k in _SCHEMA.items() if t))
    for key in keys
)


def config_from_data(
    data: dict[str, Any],
    source: Path,
    *,
    origins: Mapping[str, Path] | None = None,
    sources: tuple[Path, ...] | None = None,
) -> Config:
    """Read configuration already parsed from TOML (the checks of :func:`parse_config`).

    Args:
        data: the (merged) tables.
        source: the file named in errors for keys without an origin (the user's file).
        origins: dotted key -> the file that set it, when several files were merged.
        sources: every file read, least specific first (default: ``source`` alone).

    Raises:
        ConfigError: naming the file, the key and the problem.
    """
    reader = _Reader(source, data, origins)
    reader.check_keys()
    values: dict[str, Any] = {"source": source, "sources": sources or (source,)}
    values["role"] = reader.choice("role", ROLES, "teller")
    values["language"] = reader.choice("language", LANGUAGES, "en")
    values["branch_code"] = reader.text("branch.code", "BR0001", pattern=BRANCH_CODE_PATTERN)
    values["branch_name"] = reader.text("branch.name", "Branch")
    number = reader.get("counter.number", 1)
    if isinstance(number, bool) or not isinstance(number, int) or number not in COUNTER_NUMBERS:
        reader.fail(
            "counter.number",
            f"must be a whole number from {COUNTER_NUMBERS[0]} to {COUNTER_NUMBERS[-1]}, "
            f"got {number!r}",
        )
    values["counter_number"] = number
    serves = reader.get("counter.serves", [])
    if not isinstance(serves, list) or not all(isinstance(s, str) and s.strip() for s in serves):
        reader.fail("counter.serves", 'must be a list of business-type codes, e.g. ["A", "B"]')
    values["serves"] = tuple(s.strip() for s in serves)
    journal = reader.text("journal.path", "counterdesk.db")
    if not journal.strip():
        reader.fail("journal.path", "must not be empty")
    if "\x00" in journal:
        reader.fail("journal.path", "must not contain a NUL character")
    values["journal_path"] = Path(journal)
    keep_days = reader.get("journal.keep_days", 90)
    if isinstance(keep_days, bool) or not isinstance(keep_days, int) or keep_days not in KEEP_DAYS:
        reader.fail(
            "journal.keep_days",
            f"must be a whole number of days from {KEEP_DAYS[0]} to {KEEP_DAYS[-1]}, "
            f"got {keep_days!r}",
        )
    values["keep_days"] = keep_days
    queue_url = reader.text("queue.url", "")
    if queue_url and not re.match(r"^(sqlite:///.+|postgres(ql)?://.+)$", queue_url):
        reader.fail("queue.url", "must be empty, sqlite:///PATH or postgresql://ROLE@HOST/DB")
    if "\x00" in queue_url:
        reader.fail("queue.url", "must not contain a NUL character")
    if queue_url.startswith("postgres"):
        problem = _postgres_url_problem(queue_url)
        if problem:
            reader.fail("queue.url", problem)
    values["queue_url"] = queue_url
    close_at = reader.text("queue.close_at", "")
    if close_at.strip():
        closing = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", close_at.strip())
        if closing is None:
            reader.fail(
                "queue.close_at",
                f"must be a local time HH:MM such as '19:00', or empty to never close the day "
                f"automatically; got {close_at!r}",
            )
        values["close_at"] = time(int(closing[1]), int(closing[2]))
    hq_url = reader.text("hq.url", "")
    if hq_url and not re.match(r"^postgres(ql)?://.+$", hq_url):
        reader.fail("hq.url", "must be empty or postgresql://ROLE@HOST/DB")
    if hq_url and (problem := _postgres_url_problem(hq_url)):
        reader.fail("hq.url", problem)
    values["hq_url"] = hq_url
    sync_at = reader.text("hq.sync_at", "02:00")
    match = re.fullmatch(r"([01]?\d|2[0-3]):([0-5]\d)", sync_at)
    if match is None:
        reader.fail("hq.sync_at", f"must be a local time HH:MM, got {sync_at!r}")
    values["sync_at"] = time(int(match[1]), int(match[2]))
    customer = reader.get("screens.customer", "auto")
    if isinstance(customer, bool) or not isinstance(customer, str | int):
        reader.fail("screens.customer", "must be auto, a screen name or a screen index")
    if isinstance(customer, int) and customer < 0:
        reader.fail("screens.customer", "a screen index cannot be negative")
    if isinstance(customer, int) and customer > MAX_SCREEN_INDEX:
        # Qt takes a C int; no counter PC has anywhere near this many screens.
        reader.fail("screens.customer", f"a screen index is at most {MAX_SCREEN_INDEX}")
    values["customer_screen"] = customer
    printer = reader.text("kiosk.printer", "none")
    if printer not in ("", "none"):
        # Only kiosks name a printer; the others need not load the printing code.
        from counterdesk.services.printing import parse_printer_spec

        try:
            parse_printer_spec(printer)
        except ValueError as exc:
            reader.fail("kiosk.printer", str(exc))
    values["printer"] = printer
    hours = reader.text("kiosk.hours", "")
    if hours:
        try:
            OpeningHours.parse(hours)
        except DomainError as exc:
            reader.fail("kiosk.hours", str(exc))
    values["hours"] = hours
    voice = reader.get("display.voice", ["zh_CN", "en"])
    if not isinstance(voice, list) or not all(v in LANGUAGES for v in voice):
        reader.fail("display.voice", 'must be a list of languages, e.g. ["zh_CN", "en"] or []')
    values["voice"] = tuple(voice)
    values["notice"] = reader.text("display.notice", "")
    values["speech_engine"] = reader.text("display.engine", "")
    mark = reader.get("display.mark_over_target", False)
    if not isinstance(mark, bool):
        reader.fail("display.mark_over_target", "must be true or false")
    values["mark_over_target"] = mark
    return Config(**values)


def _postgres_url_problem(url: str) -> str:
    """What is wrong with a ``postgresql://`` URL, or "" when it can be used.

    Checked here so that a bad port or host stops the program with the key named, before the
    journal or the data dir is touched (the queue would otherwise fail deep in its connect).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        # urlsplit says "Port out of range", "Port could not be cast…" or "Invalid IPv6 URL".
        return f"not a valid postgresql://ROLE@HOST[:PORT]/DB URL: {exc}"
    if port == 0:
        return "the port must be from 1 to 65535, got 0"
    if not parts.path.lstrip("/"):
        return "names no database: expected postgresql://ROLE@HOST[:PORT]/DB"
    return ""


class _Reader:
    """Typed access to the nested TOML tables, with errors that name the key."""

    def __init__(
        self, source: Path, data: dict[str, Any], origins: Mapping[str, Path] | None = None
    ) -> None:
        self.source = source
        self.data = data
        #: dotted key -> the file that set it, when several files were merged
        self.origins = origins or {}

    def fail(self, key: str, problem: str) -> NoReturn:
        raise ConfigError(
            f"{self.origins.get(key, self.source)}: key '{key}': {problem}", key, problem
        )

    def check_keys(self) -> None:
        for key, value in self.data.items():
            if key not in _SCHEMA[""]:
                self.fail(key, f"unknown key (known: {', '.join(_SCHEMA[''])})")
            if key in _SCHEMA and not isinstance(value, dict):
                self.fail(key, "must be a table, e.g. [" + key + "]")
            if isinstance(value, dict):
                if key not in _SCHEMA:
                    self.fail(key, "must be a value, not a table")
                for sub in value:
                    if sub not in _SCHEMA[key]:
                        known = ", ".join(_SCHEMA[key])
                        self.fail(f"{key}.{sub}", f"unknown key (known in [{key}]: {known})")

    def get(self, dotted: str, default: Any) -> Any:
        table: Any = self.data
        *parents, last = dotted.split(".")
        for part in parents:
            table = table.get(part, {})
        return table.get(last, default)

    def text(self, dotted: str, default: str, pattern: str | None = None) -> str:
        value = self.get(dotted, default)
        if not isinstance(value, str):
            self.fail(dotted, f"must be text, got {value!r}")
        if pattern and not re.fullmatch(pattern, value):
            self.fail(dotted, f"{value!r} is not allowed (expected {pattern})")
        return str(value)

    def choice(self, dotted: str, allowed: tuple[str, ...], default: str) -> str:
        value = self.text(dotted, default)
        if value not in allowed:
            self.fail(dotted, f"must be one of {', '.join(allowed)}, got {value!r}")
        return value
