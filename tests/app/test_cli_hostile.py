"""Every command against hostile input: one line, the documented exit code, no file changed.

The table below is the contract: each row runs one real ``counterdesk`` process on a world of
files (an empty data folder, a healthy journal, a damaged one, …) with one hostile input, and
expects no traceback, the exit code the command line documents (``app/cli.py``: 1 problems or
a refused action, 2 bad usage or configuration, 4 a database that cannot be used) and every
file under the test's folder byte-identical afterwards, or still absent. The list of commands is
read from the argument parser, so a new command without rows fails
:func:`test_every_command_has_hostile_rows`.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from counterdesk.app.cli import build_parser
from counterdesk.app.cli_common import EXIT_DATABASE, EXIT_PROBLEMS, EXIT_USAGE

ROOT = Path(__file__).resolve().parents[2]
SHIPPED_DEP = (ROOT / "resources" / "procedures" / "dep.toml").read_text(encoding="utf-8")
T = "@TMP@"  # the row's folder, substituted in arguments and config text
NESTED = "deep = " + "[" * 5000 + "]" * 5000 + "\n"
MISSING_DB = "postgresql://postgres@127.0.0.1:5432/counterdesk_no_such_database"
CLOSED_PORT = "postgresql://postgres@127.0.0.1:1/branch"
DATA = "data"  # the data folder of every row, under the row's folder


@dataclass(frozen=True)
class Row:
    """One hostile run.

    Attributes:
        command: the command's words as the parser names them (``()``: the bare program).
        args: the rest of the command line (``@TMP@`` is the row's folder).
        before: options of the program itself, given before the command (``--config``).
        code: the exit code expected.
        world: the files before the run: ``none`` (no data folder), ``journal`` (a healthy
            journal with staff and a waiting ticket), ``corrupt`` (garbage where the journal
            goes), ``folder`` (a folder there), ``fifo`` (a named pipe there), ``data is a
            file`` (a file where the data folder goes).
        config: the config file's text (bytes as they are), or None for no ``--config``.
        files: extra inputs under the row's folder: text, bytes, ``FIFO`` or ``DIR``.
        stdin: what the command reads from stdin (``staff add`` reads the PIN there).
        says: words the one-line message must contain.
    """

    command: tuple[str, ...]
    args: tuple[str, ...]
    code: int
    world: str = "none"
    config: str | bytes | None = None
    files: dict[str, str | bytes] = field(default_factory=dict)
    stdin: str = ""
    says: str = ""
    before: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        words = " ".join((*self.before, *self.command, *self.args)).replace(T, "T") or "(bare)"
        config = "" if self.config is None else f" config={_short(self.config)}"
        return f"{words} [{self.world}]{config}"[:120]


FIFO, DIR = "FIFO", "DIR"


def _short(text: str | bytes) -> str:
    if isinstance(text, bytes):
        return "binary"
    return "; ".join(text.strip().splitlines())[:50] or "empty"


def _leaf_commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> set[tuple[str, ...]]:
    commands = set()
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        return {prefix}
    if not subparsers[0].required:
        commands.add(prefix)  # the command runs without a sub-command too
    for name, sub in subparsers[0].choices.items():
        commands |= _leaf_commands(sub, (*prefix, name))
    return commands


#: A demand the staffing calculator answers (Call Centre Helper's example: 14 counters).
STAFFING = (
    "--arrivals-per-hour", "200", "--service-seconds", "180", "--target-seconds", "20",
    "--level", "0.8",
)  # fmt: skip

#: Arguments that are valid for each command, so a bad configuration is what stops it.
VALID_ARGS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): (),
    ("run",): (),
    ("demo",): ("--data-dir", f"{T}/demo"),
    ("screenshot",): ("--out", f"{T}/shots"),
    ("procedures", "check"): (str(ROOT / "resources" / "procedures" / "dep.toml"),),
    ("queue", "issue"): ("DEP",),
    ("queue", "call"): ("--staff", "1001"),
    ("queue", "init"): ("postgresql://postgres@127.0.0.1:5432/postgres",),
    ("queue", "status"): (),
    ("queue", "close-day"): (),
    ("queue", "keep-open-tonight"): (),
    ("hq", "init"): (MISSING_DB,),
    ("hq", "add-branch"): ("BR01", "--url", MISSING_DB),
    ("hq", "publish"): (f"{T}/dep.toml", "--url", MISSING_DB),
    ("db", "check"): (),
    ("db", "backup"): (),
    ("db", "migrate"): (),
    ("staff", "add"): ("3001", "--name", "New teller"),
    ("staff", "list"): (),
    ("staff", "disable"): ("1001",),
    ("staff", "enable"): ("1001",),
    ("staff", "reset-pin"): ("1001",),
    ("staff", "unlock"): ("1001",),
    ("staff", "set-photo"): ("1001", "--remove"),
    ("sync",): (),
    ("doctor",): (),
    ("report", "staffing"): STAFFING,
    ("report", "kpi"): ("--from", "2026-11-01", "--to", "2026-11-30"),
    ("report", "stars"): ("--month", "2026-11"),
    ("config", "show"): (),
    ("config", "check"): (),
    ("config", "set"): ("counter.number", "3"),
    ("setup",): (),
}
#: Commands that read the config file themselves: ``check`` lists a bad file's problems
#: (exit 1); ``set`` refuses a file it cannot edit safely, or edits a good one (its own rows).
READS_CONFIG_ITSELF: dict[tuple[str, ...], int | None] = {
    ("config", "check"): EXIT_PROBLEMS,
    ("config", "set"): None,
}

#: Configurations every command must refuse before it does anything (exit 2). The file is read
#: before any command runs, so every command meets the first few and two commands the rest.
BAD_CONFIGS: dict[str, str | bytes] = {
    "nested": NESTED,
    "binary": b"\xff\xfe\x00role = \x80\x81\n",
    "port 99999": '[queue]\nurl = "postgresql://teller@127.0.0.1:99999/branch"\n',
}
MORE_BAD_CONFIGS: dict[str, str | bytes] = {
    "malformed": 'role = "teller\n[counter\nnumber = 3\n',
    "huge counter": f"[counter]\nnumber = {2**70}\n",
    "negative counter": "[counter]\nnumber = -3\n",
    "port abc": '[queue]\nurl = "postgresql://teller@127.0.0.1:abc/branch"\n',
    "no database name": '[queue]\nurl = "postgresql://teller@127.0.0.1:5432/"\n',
    "open bracket": '[queue]\nurl = "postgresql://teller@[::1/branch"\n',
    "nul journal": '[journal]\npath = "journal\\u0000.db"\n',
    "nul queue": '[queue]\nurl = "sqlite:///q\\u0000.db"\n',
    "unknown key": "[counter]\nnumber = 3\ncolour = 1\n",
    "unknown type served": '[counter]\nserves = ["ZZZ"]\n',
    "huge screen": f"[screens]\ncustomer = {2**70}\n",
    "empty journal path": '[journal]\npath = ""\n',
    "keep_days too short": "[journal]\nkeep_days = 6\n",
    "keep_days 2**70": f"[journal]\nkeep_days = {2**70}\n",
    "keep_days text": '[journal]\nkeep_days = "90"\n',
}

PROCEDURE_FILES: dict[str, tuple[str | bytes, str]] = {
    "nested": (NESTED + SHIPPED_DEP, "nested too deeply"),
    "malformed": ("business_type = \n", "TOML syntax error"),
    "binary": (b"\x00\xff\xfe garbage \x80", "cannot read file"),
    "version 2**70": (SHIPPED_DEP.replace("\nversion = 2\n", f"\nversion = {2**70}\n"), "at most"),
    "version -1": (SHIPPED_DEP.replace("\nversion = 2\n", "\nversion = -1\n"), "positive"),
    "huge max": (SHIPPED_DEP.replace("max = 500000000", f"max = {10**30}"), "at most"),
    "unknown type": (SHIPPED_DEP.replace('"DEP"', '"ZZZ"'), "not in the catalogue"),
    "empty": ("", "required key is missing"),
}


def _rows() -> list[Row]:
    rows: list[Row] = []
    # Every command, under every configuration that must stop it before it touches a file.
    for command, args in VALID_ARGS.items():
        code = READS_CONFIG_ITSELF.get(command, EXIT_USAGE)
        for config in BAD_CONFIGS.values():
            if code is not None:
                rows.append(Row(command, args, code, world="journal", config=config))
        rows.append(Row(command, args, EXIT_USAGE, before=("--config", f"{T}/in")))
    for command in (("queue", "status"), ("staff", "add")):
        for config in MORE_BAD_CONFIGS.values():
            rows.append(
                Row(command, VALID_ARGS[command], EXIT_USAGE, config=config, stdin="1357\n")
            )
        for kind in (DIR, FIFO):
            rows.append(
                Row(command, VALID_ARGS[command], EXIT_USAGE, files={"in": kind},
                    before=("--config", f"{T}/in"))
            )  # fmt: skip
    # procedures check
    for text, says in PROCEDURE_FILES.values():
        rows.append(
            Row(("procedures", "check"), (f"{T}/p.toml",), EXIT_PROBLEMS, files={"p.toml": text},
                says=says)
        )  # fmt: skip
    for name, kind in (("missing.toml", ""), ("fifo.toml", FIFO), ("empty", DIR)):
        rows.append(
            Row(("procedures", "check"), (f"{T}/{name}",), EXIT_PROBLEMS,
                files={name: kind} if kind else {})
        )  # fmt: skip
    # queue issue
    issue = ("queue", "issue")
    for world in ("none", "journal"):
        rows.append(Row(issue, ("ZZZ",), EXIT_PROBLEMS, world=world, says="Unknown business type"))
        rows.append(Row(issue, ("99999999999999999999",), EXIT_PROBLEMS, world=world))
        rows.append(Row(issue, ("DEP", "--priority", "urgent"), EXIT_PROBLEMS, world=world))
        for level in ("-1", "3", "100"):
            rows.append(
                Row(issue, ("DEP", "--priority", level), EXIT_PROBLEMS, world=world,
                    says="Unknown priority level")
            )  # fmt: skip
        rows.append(Row(issue, ("DEP", "--priority", "vip"), EXIT_USAGE, world=world))
    for world, code in (("corrupt", EXIT_DATABASE), ("folder", EXIT_DATABASE)):
        rows.append(Row(issue, ("DEP",), code, world=world))
    # queue call
    call = ("queue", "call")
    for number in ("99999999999999999999", "-1", "0", "1000", "abc", "1e3"):
        rows.append(
            Row(call, ("--counter", number, "--staff", "1001"), EXIT_USAGE, world="journal")
        )
    rows.append(Row(call, (), EXIT_USAGE, world="journal"))
    for world in ("corrupt", "folder"):
        rows.append(Row(call, ("--staff", "1001"), EXIT_DATABASE, world=world))
    # queue init
    init = ("queue", "init")
    for url in (
        "postgresql://postgres@127.0.0.1:99999/q",
        "postgresql://postgres@127.0.0.1:abc/q",
        "postgresql://postgres@127.0.0.1:5432",
        "postgresql://postgres@[::1/q",
        "sqlite:///queue.db",
        "",
    ):
        rows.append(Row(init, (url,), EXIT_USAGE))
    rows.append(Row(init, (MISSING_DB,), EXIT_DATABASE, says="does not exist"))
    rows.append(Row(init, (CLOSED_PORT,), EXIT_DATABASE))
    rows.append(Row(init, (MISSING_DB, "--grant-to", "x; DROP TABLE ticket"), EXIT_USAGE))
    # hq init and add-branch: nothing reaches a server before every argument is checked
    for url in (
        "postgresql://postgres@127.0.0.1:99999/hq",
        "postgresql://postgres@127.0.0.1:5432",
        "postgresql://postgres@[::1/hq",
        "sqlite:///hq.db",
        "",
    ):
        rows.append(Row(("hq", "init"), (url,), EXIT_USAGE))
        rows.append(Row(("hq", "add-branch"), ("BR01", "--url", url), EXIT_USAGE))
    rows.append(Row(("hq", "init"), (MISSING_DB,), EXIT_DATABASE, says="does not exist"))
    rows.append(Row(("hq", "init"), (CLOSED_PORT,), EXIT_DATABASE))
    for owner in ("x; DROP TABLE ticket", "9lives", "o" * 55):
        rows.append(Row(("hq", "init"), (MISSING_DB, "--owner-role", owner), EXIT_USAGE))
    add_branch = ("hq", "add-branch")
    for branch in ("", "BR 01", "B" * 17, "BR01;DROP ROLE postgres", "北京"):
        rows.append(
            Row(add_branch, (branch, "--url", MISSING_DB), EXIT_USAGE, says="is not a branch code")
        )
    rows.append(Row(add_branch, ("BR01", "--url", MISSING_DB), EXIT_USAGE, says="No password"))
    rows.append(Row(add_branch, ("BR01",), EXIT_USAGE))
    # hq publish: every file is read and checked before a server is touched; nothing written
    publish = ("hq", "publish")
    dep: dict[str, str | bytes] = {"dep.toml": SHIPPED_DEP}
    for url in ("postgresql://postgres@127.0.0.1:99999/hq", "sqlite:///hq.db", ""):
        rows.append(Row(publish, (f"{T}/dep.toml", "--url", url), EXIT_USAGE, files=dep))
    rows.append(Row(publish, (f"{T}/dep.toml",), EXIT_USAGE, files=dep))
    rows.append(Row(publish, ("--url", MISSING_DB), EXIT_USAGE))
    broken = SHIPPED_DEP.replace('on_incomplete = "block"', 'on_incomplete = "maybe"')
    staff_header = "staff_no,name,role,pin_hash,active,stars,branch_code\n"
    for name, content, says in (
        ("p.toml", broken, "must be 'block' or 'warn'"),
        ("p.toml", NESTED, "Nothing was published"),
        ("p.toml", b"\xff\xfe not text", "not UTF-8"),
        ("p.toml", DIR, "Nothing was published"),
        ("p.txt", SHIPPED_DEP, "not a procedure (.toml) or staff (.csv) file"),
        ("s.csv", "id,name\n1,Ann\n", "the header must be"),
        ("s.csv", staff_header + "1001,Ann,boss,scrypt$x,true,1,\n", "unknown role"),
        ("s.csv", staff_header + "1001,Ann,teller,1234,true,1,\n", "malformed PIN hash"),
        (
            "types.toml",
            '[[types]]\ncode = "GOLD"\nprefix = "gold"\nname_en = "Gold"\nname_zh = "金"\n'
            "target_seconds = 600\n",
            "prefix must be one capital letter",
        ),
        ("types.toml", '[[types]]\ncode = "GOLD"\nretired = "yes"\n', "retired must be true"),
        ("r.toml", '[[reasons]]\ncode = "Rude!"\ntext_en = "Rude"\n', "small letters, digits"),
        ("r.toml", '[[reasons]]\ncode = "rude"\ntext_en = ""\n', "needs a text"),
        ("n.toml", '[[notices]]\nbranch = ""\ncolour = "red"\n', "unknown key(s): colour"),
        ("n.toml", "[[notices]]\n[[reasons]]\n", "holds one of [[types]]"),
    ):
        rows.append(
            Row(
                publish,
                (f"{T}/{name}", "--url", MISSING_DB),
                EXIT_PROBLEMS,
                files={name: content},
                says=says,
            )
        )
    rows.append(Row(publish, (f"{T}/none.toml", "--url", MISSING_DB), EXIT_PROBLEMS))
    rows.append(
        Row(
            publish,
            (f"{T}/dep.toml", "--url", MISSING_DB),
            EXIT_DATABASE,
            files=dep,
            says="does not exist",
        )
    )
    rows.append(Row(publish, (f"{T}/dep.toml", "--url", CLOSED_PORT), EXIT_DATABASE, files=dep))
    # queue status, close-day, keep-open-tonight, db migrate, staff list: the journal unusable
    for command in (
        ("queue", "status"),
        ("queue", "close-day"),
        ("queue", "keep-open-tonight"),
        ("db", "migrate"),
        ("staff", "list"),
        ("staff", "add"),
        ("staff", "disable"),
        ("staff", "enable"),
        ("staff", "reset-pin"),
        ("staff", "unlock"),
        ("staff", "set-photo"),
    ):
        rows.append(
            Row(command, VALID_ARGS[command], EXIT_DATABASE, stdin="1357\n", files={"file": b"x"},
                config=f'[journal]\npath = "{T}/file/journal.db"\n')
        )  # fmt: skip
        for world in ("corrupt", "folder", "fifo", "data is a file"):
            rows.append(
                Row(command, VALID_ARGS[command], EXIT_DATABASE, world=world, stdin="1357\n",
                    says="not a folder" if world == "data is a file" else "")
            )  # fmt: skip
        for queue_url, code in (
            (MISSING_DB, EXIT_DATABASE),
            (CLOSED_PORT, EXIT_DATABASE),
            (f"sqlite:///{T}/in", EXIT_DATABASE),
            (f"sqlite:///{T}/file/queue.db", EXIT_DATABASE),
        ):
            if command[0] == "staff" or command == ("db", "migrate"):
                continue  # they never open the queue
            rows.append(
                Row(command, VALID_ARGS[command], code, world="journal",
                    config=f'[queue]\nurl = "{queue_url}"\n', files={"in": DIR, "file": b"x"})
            )  # fmt: skip
    close_day = ("queue", "close-day")
    for text in ("0000-01-01", "2026-13-01", "99999-01-01", "-2026-01-01", "2026-1-1\x7f"):
        rows.append(Row(close_day, ("--date", text), EXIT_USAGE, world="journal"))
    rows.append(
        Row(close_day, ("--date", "9999-12-31"), EXIT_PROBLEMS, world="journal", says="not begun")
    )
    # db check and backup
    for world, code in (("none", EXIT_DATABASE), ("folder", EXIT_DATABASE),
                        ("fifo", EXIT_DATABASE), ("corrupt", EXIT_PROBLEMS)):  # fmt: skip
        says = "not a regular file" if world == "fifo" else ""
        rows.append(Row(("db", "check"), (), code, world=world, says=says))
    backup = ("db", "backup")
    for world in ("none", "folder", "fifo", "corrupt"):
        rows.append(Row(backup, ("--out", f"{T}/copy.db"), EXIT_DATABASE, world=world))
    targets: tuple[tuple[str, dict[str, str | bytes]], ...] = (
        (f"{T}/old.db", {"old.db": b"last week"}),
        (f"{T}/in", {"in": DIR}),
        (f"{T}/fifo.db", {"fifo.db": FIFO}),
        (f"{T}/media/usb/copy.db", {}),
        (f"{T}/file/copy.db", {"file": b"a file, not a folder"}),
    )
    for out, files in targets:
        rows.append(Row(backup, ("--out", out), EXIT_USAGE, world="journal", files=files))
    # staff add: bad PINs, names and numbers are refused before the journal is created
    add = ("staff", "add")
    for stdin in ("", "12\n", "abcd\n", "1" * 100 + "\n", "\x00\x00\x00\x00\n"):
        rows.append(Row(add, VALID_ARGS[add], EXIT_PROBLEMS, stdin=stdin, says="PIN"))
    for args in (("", "--name", "X"), (" 3001", "--name", "X"), ("3001", "--name", "")):
        rows.append(Row(add, args, EXIT_PROBLEMS, stdin="1357\n"))
    rows.append(
        Row(add, ("1001", "--name", "Again"), EXIT_PROBLEMS, world="journal", stdin="1357\n")
    )
    rows.append(Row(add, ("3001", "--name", "X", "--role", "root"), EXIT_USAGE, stdin="1357\n"))
    # staff numbers are digits; trivial PINs are refused (before the journal is created)
    for number in ("abc", "12", "1" * 11, "3001a", "٣٠٠١"):
        rows.append(Row(add, (number, "--name", "X"), EXIT_PROBLEMS, stdin="1357\n",
                        says="staff number"))  # fmt: skip
    for pin in ("0000", "1111", "1234", "4321", "7890", "3001"):
        rows.append(Row(add, VALID_ARGS[add], EXIT_PROBLEMS, stdin=f"{pin}\n", says="PIN"))
    # staff disable, enable, reset-pin, unlock, set-photo
    reset = ("staff", "reset-pin")
    for stdin in ("", "12\n", "abcd\n", "0000\n", "1234\n", "98765\n", "1001\n"):
        rows.append(Row(reset, ("1001",), EXIT_PROBLEMS, world="journal", stdin=stdin, says="PIN"))
    for action in ("disable", "enable", "unlock"):
        rows.append(Row(("staff", action), ("9999",), EXIT_PROBLEMS, world="journal",
                        says="No staff member"))  # fmt: skip
        rows.append(Row(("staff", action), (), EXIT_USAGE, world="journal"))
    rows.append(Row(reset, ("9999",), EXIT_PROBLEMS, world="journal", stdin="2580\n",
                    says="No staff member"))  # fmt: skip
    photo = ("staff", "set-photo")
    png: dict[str, str | bytes] = {"p.png": b"\x89PNG\r\n\x1a\n"}
    rows.append(Row(photo, ("1001",), EXIT_USAGE, world="journal"))
    both = ("1001", f"{T}/p.png", "--remove")
    rows.append(Row(photo, both, EXIT_USAGE, world="journal", files=png))
    rows.append(Row(photo, ("1001", f"{T}/p.gif"), EXIT_USAGE, world="journal",
                    files={"p.gif": b"GIF89a"}, says="photo"))  # fmt: skip
    rows.append(Row(photo, ("1001", f"{T}/gone.png"), EXIT_USAGE, world="journal",
                    says="no such file"))  # fmt: skip
    rows.append(Row(photo, ("../x", f"{T}/p.png"), EXIT_USAGE, world="journal", files=png))
    rows.append(Row(photo, ("9999", f"{T}/p.png"), EXIT_PROBLEMS, world="journal", files=png,
                    says="No staff member"))  # fmt: skip
    # sync: refused before the journal or head office is touched
    sync = ("sync",)
    rows.append(Row(sync, (), EXIT_USAGE, world="journal", says="[hq] url"))
    # No password is refused too, but noted in the journal for --status:
    # tests/sync/test_sync_bad_input.py.
    for world in ("none", "corrupt", "folder", "fifo"):
        rows.append(Row(sync, ("--status",), EXIT_DATABASE, world=world))
    rows.append(Row(sync, ("--push-only", "--pull-only"), EXIT_USAGE, world="journal"))
    # doctor: only reads; a journal it cannot use and a queue it cannot reach are failed checks
    doctor = ("doctor",)
    for world in ("corrupt", "folder", "fifo", "data is a file"):
        rows.append(Row(doctor, (), EXIT_PROBLEMS, world=world, says="✗ Journal"))
        rows.append(Row(doctor, ("--json",), EXIT_PROBLEMS, world=world, says='"failed"'))
    rows.append(
        Row(doctor, (), EXIT_PROBLEMS, world="journal", config=f'[queue]\nurl = "{CLOSED_PORT}"\n',
            says="cannot reach the queue")
    )  # fmt: skip
    rows.append(
        Row(doctor, (), EXIT_PROBLEMS, world="journal", says="no answer from 127.0.0.1:1",
            config='role = "kiosk"\n[kiosk]\nprinter = "escpos-network://127.0.0.1:1?timeout=1"\n')
    )  # fmt: skip
    # report staffing: a calculator; every bad figure is a usage error naming it
    staffing = ("report", "staffing")
    for option, value, says in (
        ("--arrivals-per-hour", "-1", "Arrivals per hour"),
        ("--arrivals-per-hour", "nan", "Arrivals per hour"),
        ("--arrivals-per-hour", "1e400", "Arrivals per hour"),
        ("--service-seconds", "0", "service time"),
        ("--service-seconds", "inf", "service time"),
        ("--target-seconds", "-20", "target wait"),
        ("--target-seconds", "nan", "target wait"),
        ("--level", "0", "service level"),
        ("--level", "100.5", "service level"),
        ("--level", "nan", "service level"),
        ("--patience-seconds", "0", "patience"),
        ("--patience-seconds", "1e400", "patience"),
    ):
        hostile = list(STAFFING)
        if option in hostile:
            hostile[hostile.index(option) + 1] = value
        else:
            hostile += [option, value]
        rows.append(Row(staffing, tuple(hostile), EXIT_USAGE, world="journal", says=says))
    rows.append(Row(staffing, (*STAFFING, "--level", "eighty"), EXIT_USAGE))
    rows.append(Row(staffing, STAFFING[:-2], EXIT_USAGE))  # no --level
    rows.append(
        Row(staffing, ("--arrivals-per-hour", "1e12", *STAFFING[2:]), EXIT_PROBLEMS,
            says="counters would be needed")
    )  # fmt: skip
    # report kpi: head office's figures; no [hq] url, a bad period or zone are usage errors
    kpi = ("report", "kpi")
    hq = f'[hq]\nurl = "{MISSING_DB}"\n'
    rows.append(Row(kpi, VALID_ARGS[kpi], EXIT_USAGE, says="No head office"))
    rows.append(Row(kpi, ("--from", "2026-13-01", "--to", "2026-11-30"), EXIT_USAGE))
    rows.append(Row(kpi, ("--from", "2026-11-30", "--to", "2026-11-01"), EXIT_USAGE, config=hq,
                    says="before it starts"))  # fmt: skip
    rows.append(Row(kpi, (*VALID_ARGS[kpi], "--zone", "Mars/Base"), EXIT_USAGE, config=hq,
                    says="time zone"))  # fmt: skip
    rows.append(Row(kpi, (*VALID_ARGS[kpi], "--format", "xlsx"), EXIT_USAGE, config=hq,
                    says="--out FILE"))  # fmt: skip
    rows.append(Row(kpi, VALID_ARGS[kpi], EXIT_USAGE, config=hq, says="No password"))
    rows.append(Row(kpi, (*VALID_ARGS[kpi], "--admin"), EXIT_DATABASE, config=hq,
                    says="does not exist"))  # fmt: skip
    # report stars: no [hq] url, a bad month, zone or adjustment are usage errors; a bad policy
    # file lists its problems
    stars = ("report", "stars")
    rows.append(Row(stars, VALID_ARGS[stars], EXIT_USAGE, says="No head office"))
    for month in ("2026-13", "2026-1", "November", "2026-11-01"):
        rows.append(Row(stars, ("--month", month), EXIT_USAGE, config=hq, says="not a month"))
    rows.append(Row(stars, (*VALID_ARGS[stars], "--zone", "Mars/Base"), EXIT_USAGE, config=hq,
                    says="time zone"))  # fmt: skip
    rows.append(Row(stars, VALID_ARGS[stars], EXIT_USAGE, config=hq, says="No password"))
    rows.append(Row(stars, (*VALID_ARGS[stars], "--admin"), EXIT_DATABASE, config=hq,
                    says="does not exist"))  # fmt: skip
    rows.append(Row(stars, (*VALID_ARGS[stars], "--adjust", "1001", "--stars", "4"), EXIT_USAGE,
                    config=hq, says="--reason, --by"))  # fmt: skip
    rows.append(Row(stars, (*VALID_ARGS[stars], "--stars", "4"), EXIT_USAGE, config=hq,
                    says="go with --adjust"))  # fmt: skip
    rows.append(Row(stars, ("--month", "2026-11", "--check", "x.toml"), EXIT_USAGE))
    bad_policy: dict[str, str | bytes] = {"p.toml": 'policy = "x"\nversion = 0\n'}
    rows.append(Row(stars, ("--check", f"{T}/p.toml"), EXIT_PROBLEMS, files=bad_policy,
                    says="problem(s)"))  # fmt: skip
    rows.append(Row(stars, ("--check", f"{T}/missing.toml"), EXIT_USAGE))
    rows.append(Row(("staff", "add"), (*VALID_ARGS[("staff", "add")], "--stars", "4.5"),
                    EXIT_USAGE, world="journal", stdin="1357\n",
                    says="report stars --month"))  # fmt: skip
    # the windows: no display here, and bad values are usage errors
    for command in ((), ("run",)):
        rows.append(Row(command, (), EXIT_USAGE, before=("--role", "cashier")))
        rows.append(Row(command, (), EXIT_USAGE, world="journal", says="No display"))
    demo = ("demo",)
    for value in ("-1", "nan", "inf", "1e400", f"-{2**70}"):
        rows.append(Row(demo, ("--simulate", value), EXIT_USAGE, says="--simulate"))
    rows.append(Row(demo, ("--simulate", "abc"), EXIT_USAGE))
    rows.append(Row(demo, ("--lang", "xx"), EXIT_USAGE))
    rows.append(
        Row(
            demo, ("--data-dir", f"{T}/file"), EXIT_USAGE, files={"file": b"x"}, says="not a folder"
        )
    )
    shot = ("screenshot",)
    rows.append(Row(shot, ("--out", f"{T}/file"), EXIT_USAGE, files={"file": b"x"}, says="--out"))
    rows.append(Row(shot, ("--out", f"{T}/file/sub"), EXIT_USAGE, files={"file": b"x"}))
    rows.append(Row(shot, ("--out", f"{T}/fifo"), EXIT_USAGE, files={"fifo": FIFO}))
    rows.append(Row(shot, ("--out", f"{T}/x", "--lang", "xx"), EXIT_USAGE))
    _config_rows(rows)
    return rows


def _config_rows(rows: list[Row]) -> None:
    """config show, check and set, and setup: refused in one line, no file written."""
    for command in (("config", "show"), ("config", "check"), ("setup",)):
        rows.append(Row(command, ("extra",), EXIT_USAGE))
    check = ("config", "check")
    for config in (*BAD_CONFIGS.values(), *MORE_BAD_CONFIGS.values()):
        rows.append(Row(check, (), EXIT_PROBLEMS, config=config, says="config.toml"))
    for kind in (DIR, FIFO):
        rows.append(Row(check, (), EXIT_USAGE, files={"in": kind}, before=("--config", f"{T}/in")))
    change = ("config", "set")
    for args, says in (
        (("counter.colour", "1"), "Unknown key 'counter.colour'"),
        (("colour", "1"), "Unknown key 'colour'"),
        (("counter", "3"), "Unknown key 'counter'"),
        (("counter.number", "0"), "from 1 to 999"),
        (("counter.number", "abc"), "must be a whole number"),
        (("counter.number", str(2**70)), "from 1 to 999"),
        (("counter.serves", "ZZZ"), "unknown business type"),
        (("counter.serves", "[1, 2"), "must be a list"),
        (("counter.serves", "[1, 2]"), "list of business-type codes"),
        (("role", "cashier"), "must be one of teller, kiosk, display"),
        (("queue.url", "postgresql://t@127.0.0.1:99999/b"), "Port out of range"),
        (("queue.url", "mysql://x/y"), "sqlite:///PATH"),
        (("hq.sync_at", "25:00"), "HH:MM"),
        (("kiosk.printer", "lpt1"), "unknown printer"),
        (("display.voice", "fr"), "list of languages"),
        (("journal.path", ""), "must not be empty"),
        (("counter.number", "0", "--system"), "nothing written"),
    ):
        rows.append(Row(change, args, EXIT_USAGE, says=says))
    good = VALID_ARGS[change]
    # Files it cannot edit safely (not text, not TOML); a good TOML file with another bad
    # value is edited (that is how a bad file is mended, one key at a time).
    for name, says in (("nested", "not valid TOML"), ("binary", "cannot read")):
        rows.append(Row(change, good, EXIT_USAGE, config=BAD_CONFIGS[name], says=says))
    rows.append(Row(change, good, EXIT_USAGE, config=MORE_BAD_CONFIGS["malformed"],
                    says="not valid TOML"))  # fmt: skip
    rows.append(Row(change, ("counter.number", "0"), EXIT_USAGE, config="# IT\nrole = 'kiosk'\n",
                    says="nothing written"))  # fmt: skip
    for kind in (DIR, FIFO):
        rows.append(
            Row(change, good, EXIT_USAGE, files={"in": kind}, before=("--config", f"{T}/in"))
        )
    rows.append(Row(("setup",), (), EXIT_USAGE, world="journal", says="No display"))


ROWS = _rows()


def test_every_command_has_hostile_rows() -> None:
    commands = _leaf_commands(build_parser())
    assert commands == set(VALID_ARGS)
    covered = {row.command for row in ROWS if row.config is None and not row.before}
    assert commands <= covered, commands - covered


@pytest.fixture(scope="module")
def healthy_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A journal with a teller, a supervisor and a waiting ticket, made by the command line."""
    data = tmp_path_factory.mktemp("healthy")
    env = _env(data)
    for staff_no, role, pin in (("1001", "teller", "1357"), ("2001", "supervisor", "2468")):
        _run(
            ["staff", "add", staff_no, "--name", role, "--role", role], env, f"{pin}\n", check=True
        )
    _run(["queue", "issue", "DEP"], env, "", check=True)
    _run(["queue", "status"], env, "", check=True)
    # The journal, and the log of the three commands that changed something.
    assert sorted(p.name for p in data.iterdir()) == ["counterdesk.db", "logs"]
    return (data / "counterdesk.db").read_bytes()


def _env(data: Path) -> dict[str, str]:
    # No password for a branch role anywhere: not in the environment, no usable keyring.
    env = {**os.environ, "COUNTERDESK_DATA_DIR": str(data),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}  # fmt: skip
    for name in ("COUNTERDESK_CONFIG", "COUNTERDESK_PIN", "COUNTERDESK_HQ_PASSWORD", "DISPLAY",
                 "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):  # fmt: skip
        env.pop(name, None)
    return env


def _run(
    argv: list[str], env: dict[str, str], stdin: str, *, check: bool = False
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", *argv], input=stdin, capture_output=True, text=True,
        env=env, cwd=ROOT, timeout=30, check=False,
    )  # fmt: skip
    if check:
        assert result.returncode == 0, result.stderr
    return result


def _place(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if content == FIFO:
        os.mkfifo(path)
    elif content == DIR:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _snapshot(root: Path) -> dict[str, str]:
    """Every path under root: a file's digest, or what else it is (a FIFO is never opened).

    The data folder's log is left out: a refused command that changes things logs its refusal
    there (tests/app/test_cli_log.py), and that is the one change it may make.
    """
    seen: dict[str, str] = {}
    log_folder = root / DATA / "logs"

    def walk(folder: Path) -> Iterator[Path]:
        for entry in sorted(folder.iterdir()):
            if entry == log_folder:
                continue
            yield entry
            if entry.is_dir() and not entry.is_symlink():
                yield from walk(entry)

    for path in walk(root):
        mode = path.lstat().st_mode
        name = str(path.relative_to(root))
        if stat.S_ISREG(mode):
            seen[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            seen[name] = "folder" if stat.S_ISDIR(mode) else oct(stat.S_IFMT(mode))
    return seen


@dataclass(frozen=True)
class Outcome:
    """What one row's run did: the process's result and the files before and after."""

    result: subprocess.CompletedProcess[str]
    before: dict[str, str]
    after: dict[str, str]


def _execute(row: Row, folder: Path, healthy_journal: bytes) -> Outcome:
    """Lay out the row's world under ``folder``, run the command, note the files around it."""
    data = folder / DATA
    if row.world == "data is a file":
        data.write_bytes(b"not a folder")
    elif row.world != "none":
        data.mkdir()
        worlds: dict[str, str | bytes] = {
            "journal": healthy_journal,
            "corrupt": b"this is not a database, it is a teller's shopping list\n" * 100,
            "folder": DIR,
            "fifo": FIFO,
        }
        _place(data / "counterdesk.db", worlds[row.world])
    for name, content in row.files.items():
        _place(folder / name, content)
    argv = [arg.replace(T, str(folder)) for arg in (*row.before, *row.command, *row.args)]
    if row.config is not None:
        config = folder / "config.toml"
        if isinstance(row.config, bytes):
            config.write_bytes(row.config)
        else:
            config.write_text(row.config.replace(T, str(folder)), encoding="utf-8")
        argv = ["--config", str(config), *argv]
    before = _snapshot(folder)
    result = _run(argv, _env(data), row.stdin)
    return Outcome(result, before, _snapshot(folder))


@pytest.fixture(scope="module")
def outcomes(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    healthy_journal: bytes,
) -> dict[int, Outcome]:
    """Every selected row run once, a few processes at a time (each starts a Python)."""
    wanted: list[int] = []
    for item in request.session.items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if (
            isinstance(item, pytest.Function)
            and item.module is request.module
            and "index" in params
        ):
            wanted.append(params["index"])
    root = tmp_path_factory.mktemp("hostile")

    def one(index: int) -> tuple[int, Outcome]:
        folder = root / f"row{index}"
        folder.mkdir()
        return index, _execute(ROWS[index], folder, healthy_journal)

    with ThreadPoolExecutor(max_workers=4) as pool:
        done = dict(pool.map(one, wanted))
    shutil.rmtree(root, ignore_errors=True)
    return done


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[row.id for row in ROWS])
def test_hostile_input_is_refused_in_one_line_and_changes_nothing(
    index: int, outcomes: dict[int, Outcome]
) -> None:
    row, outcome = ROWS[index], outcomes[index]
    result = outcome.result
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == row.code, (result.returncode, result.stdout, result.stderr)
    message = (result.stderr or result.stdout).strip()
    assert message, "a refusal says why"
    lines = result.stderr.strip().splitlines()
    if lines and lines[0].startswith("usage: "):
        # argparse's own refusal: the usage, then one line saying what is wrong.
        assert lines[-1].startswith("counterdesk"), result.stderr
        assert "error: " in lines[-1], result.stderr
    elif row.code != EXIT_PROBLEMS:  # a problems list (procedures check) has a line each
        assert len(lines) == 1, result.stderr
    if lines and not lines[0].startswith("usage: ") and lines[-1].startswith("counterdesk: "):
        # The refusal's own words read as a sentence: they start with a capital.
        assert not lines[-1].removeprefix("counterdesk: ")[:1].islower(), result.stderr
    assert row.says in result.stderr + result.stdout
    assert outcome.after == outcome.before
