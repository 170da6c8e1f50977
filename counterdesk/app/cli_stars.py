"""``counterdesk report stars``: monthly star levels computed at head office, adjusted, published.

One command, several actions (``docs/stars.md``):

* ``--check FILE``: validate a star policy file; every problem listed, one line each; exit 1.
* ``--publish-policy FILE``: validate it and store it at HQ (``hq.star_policy``); the same
  version with another text, or a version older than HQ's newest, is refused (exit 1).
* ``--month YYYY-MM``: every teller's level with the explanation of every point (figure,
  value, points, share, contribution), or "no level" and why; ``--json`` for programs.
  The policy is ``--policy FILE``, else the newest published at HQ, else the shipped one.
* ``--month M --adjust STAFF_NO --stars N --reason TEXT --by STAFF_NO``: a manager's level,
  stored in HQ's append-only audit (who, when, OS user, reason, computed and set level).
* ``--month M --publish``: the month's levels (adjusted where adjusted) become a reference
  release; every terminal of the teller's branch shows them after its next pull.

Reading connects as the branch's role (its own branch only) or, with ``--admin``, as the
``[hq] url``'s user; the writing actions always connect as the URL's user and write as the
schema's owner, as ``hq publish`` does.

Exit codes: 0 done; 1 a policy or an adjustment refused (the problems on stderr); 2 bad usage;
4 head office unreachable or refusing.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any, TextIO

from counterdesk.app.cli_common import (
    EXIT_DATABASE,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CliError,
    print_json,
)
from counterdesk.app.cli_report import Words, _machine_zone, _words
from counterdesk.app.config import Config
from counterdesk.core.errors import QT_TRANSLATE_NOOP, DomainError, Text


def add_stars_parser(report_cmds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``counterdesk report stars`` in the ``report`` group."""
    stars = report_cmds.add_parser(
        "stars",
        help="monthly star levels of the tellers: check a policy, compute, adjust, publish",
        description="Monthly star levels by a star policy (docs/stars.md), computed from head "
        "office's figures ([hq] url of the config).",
    )
    what = stars.add_mutually_exclusive_group(required=True)
    what.add_argument("--check", type=Path, metavar="FILE", help="validate a star policy file")
    what.add_argument(
        "--publish-policy",
        type=Path,
        metavar="FILE",
        help="validate a star policy file and store it at head office",
    )
    what.add_argument("--month", metavar="YYYY-MM", help="the month to grade")
    stars.add_argument("--branch", metavar="CODE", help="one branch (default: every one seen)")
    stars.add_argument(
        "--policy",
        type=Path,
        metavar="FILE",
        help="grade by this policy file (default: head office's newest, else the shipped one)",
    )
    stars.add_argument("--zone", metavar="NAME", help="the branches' time zone")
    stars.add_argument("--json", action="store_true", help="print the levels as JSON")
    stars.add_argument(
        "--admin",
        action="store_true",
        help="read as the [hq] url's own user (every branch) instead of this branch's role",
    )
    stars.add_argument("--adjust", metavar="STAFF_NO", help="set this teller's level")
    stars.add_argument("--stars", type=int, metavar="N", help="the level set (1-5)")
    stars.add_argument("--reason", metavar="TEXT", help="why the level is set (audited)")
    stars.add_argument("--by", metavar="STAFF_NO", help="the manager who sets it")
    stars.add_argument(
        "--publish",
        action="store_true",
        help="publish the month's levels: terminals show them after their next pull",
    )
    stars.set_defaults(handler=cmd_report_stars)


def _policy_text(path: Path) -> tuple[Any, str]:
    """A validated policy and its text; every problem on stderr and exit 1 when invalid."""
    from counterdesk.core.procedures.datafile import DataFileError
    from counterdesk.core.stars import StarPolicyError, parse_policy

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise CliError(f"{path}: {reason}", EXIT_USAGE) from exc
    try:
        return parse_policy(text, str(path)), text
    except (StarPolicyError, DataFileError) as exc:
        for problem in exc.problems:
            sys.stderr.write(f"{problem}\n")
        raise CliError(
            f"{path}: refused, {len(exc.problems)} problem(s) listed above", EXIT_PROBLEMS
        ) from exc


def _fail(words: Words, template: str, code: int = EXIT_USAGE, **params: object) -> CliError:
    return CliError(words(Text(template, **params)), code)


def cmd_report_stars(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Check or publish a policy; grade, adjust or publish a month's levels."""
    if args.check is not None:
        policy, _ = _policy_text(args.check)
        out.write(
            f"{args.check}: star policy {policy.policy} version {policy.version} is valid "
            f"({len(policy.dimensions)} dimensions)\n"
        )
        return EXIT_OK
    with _words(config.language) as words:
        if not config.hq_url:
            raise _fail(
                words,
                QT_TRANSLATE_NOOP(
                    "domain", "no head office configured: set [hq] url in the config"
                ),
            )
        if args.publish_policy is not None:
            return _publish_policy(args, config, out, words)
        return _month(args, config, out, words)


def _connect(config: Config, admin: bool, words: Words) -> Any:
    import psycopg2

    from counterdesk.sync.hq import branch_role, connect_admin, hq_password
    from counterdesk.sync.push import HqUnavailable, connect_branch, password_missing

    try:
        if admin:
            return connect_admin(config.hq_url)
        role = branch_role(config.branch_code)
        password = hq_password(role)
        if password is None:
            raise CliError(words(password_missing(role)), EXIT_USAGE)
        return connect_branch(config.hq_url, config.branch_code, password)
    except HqUnavailable as exc:
        raise CliError(words(exc), EXIT_DATABASE) from exc
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise CliError(" ".join(str(exc).split()), EXIT_DATABASE) from exc


def _publish_policy(args: argparse.Namespace, config: Config, out: TextIO, words: Words) -> int:
    import psycopg2

    from counterdesk.sync.hq_stars import StarsRefused, publish_policy

    policy, text = _policy_text(args.publish_policy)
    conn = _connect(config, True, words)
    try:
        stored = publish_policy(conn, policy, text)
    except StarsRefused as exc:
        sys.stderr.write(f"{words(exc)}\n")
        return EXIT_PROBLEMS
    except DomainError as exc:
        raise CliError(words(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise CliError(" ".join(str(exc).split()), EXIT_DATABASE) from exc
    finally:
        conn.close()
    state = "published" if stored else "already published with this text"
    out.write(f"star policy {policy.policy} version {policy.version}: {state}\n")
    return EXIT_OK


def _month(args: argparse.Namespace, config: Config, out: TextIO, words: Words) -> int:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    import psycopg2

    from counterdesk.app.paths import resource
    from counterdesk.core.procedures import load_catalogue
    from counterdesk.core.stars import AdjustmentError, load_policy
    from counterdesk.sync.hq_stars import (
        StarsRefused,
        check_schema,
        grade_month,
        levels_json,
        month_days,
        policy_in_force,
        publish_levels,
        store_adjustment,
    )

    try:
        month_days(args.month)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    adjusting = args.adjust is not None
    needed = {"--stars": args.stars, "--reason": args.reason, "--by": args.by}
    if adjusting and any(value is None for value in needed.values()):
        missing = ", ".join(name for name, value in needed.items() if value is None)
        raise CliError(f"--adjust needs {missing}", EXIT_USAGE)
    if not adjusting and any(value is not None for value in needed.values()):
        raise CliError("--stars, --reason and --by go with --adjust STAFF_NO", EXIT_USAGE)
    zone_name = args.zone or _machine_zone()
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise _fail(words, QT_TRANSLATE_NOOP("domain", "unknown time zone {zone}"),
                    zone=zone_name) from exc  # fmt: skip
    policy = _policy_text(args.policy)[0] if args.policy is not None else None
    writes = adjusting or args.publish
    conn = _connect(config, args.admin or writes, words)
    try:
        conn.autocommit = False
        with conn.cursor() as cur:
            check_schema(cur)
            if policy is None:
                policy = policy_in_force(cur) or load_policy(resource("stars/counter-staff.toml"))
        conn.rollback()
        catalogue = load_catalogue(resource("business_types.toml"))
        levels = grade_month(conn, args.month, args.branch, zone, catalogue, policy)
        conn.rollback()
        if adjusting:
            try:
                _, row = store_adjustment(conn, levels, args.adjust, args.stars, args.reason,
                                          args.by, getpass.getuser())  # fmt: skip
            except (AdjustmentError, StarsRefused) as exc:
                sys.stderr.write(f"{words(exc)}\n")
                return EXIT_PROBLEMS
            levels = grade_month(conn, args.month, args.branch, zone, catalogue, policy)
            conn.rollback()
            out.write(f"adjustment {row} stored: {args.adjust} {args.month} set to "
                      f"{args.stars} stars by {args.by}\n")  # fmt: skip
        if args.publish:
            version, written = publish_levels(conn, levels)
            out.write(f"star levels of {args.month} published as reference release {version} "
                      f"({written} teller(s))\n")  # fmt: skip
    except DomainError as exc:
        raise CliError(words(exc), EXIT_USAGE) from exc
    except psycopg2.Error as exc:
        raise CliError(" ".join(str(exc).split()), EXIT_DATABASE) from exc
    finally:
        conn.close()
    if args.json:
        print_json({"month": args.month, "branch": args.branch, "policy": policy.policy,
                    "policy_version": policy.version, "levels": levels_json(levels)},
                   out)  # fmt: skip
    elif not (adjusting or args.publish):
        for line in level_lines(levels, config.language, words):
            out.write(f"{line}\n")
    return EXIT_OK


def _stars_words(template: str, **params: object) -> str:
    """A text of the ``stars`` context (``core.stars``) in the installed language."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("stars", template).format(**params)


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def level_lines(levels: Any, language: str, words: Words) -> list[str]:
    """The levels of a month as text: a line per teller, then one per figure graded."""
    from counterdesk.core.stars import MEASURES

    policy = levels.policy
    names = {d.id: d.name_zh if language.startswith("zh") else d.name_en for d in policy.dimensions}
    title = policy.title_zh if language.startswith("zh") else policy.title_en
    lines = [
        words(
            Text(
                QT_TRANSLATE_NOOP(
                    "domain",
                    "Star levels of {month} by {title} (policy {policy} version {version})",
                ),
                month=levels.month,
                title=title,
                policy=policy.policy,
                version=policy.version,
            )
        )
    ]
    for level in levels.grades:
        lines.append("")
        if level.level is None:
            reason = _stars_words(level.no_level or "", served=level.served,
                                  minimum=policy.min_served)  # fmt: skip
            lines.append(words(Text(QT_TRANSLATE_NOOP("domain", "{teller}: no level ({reason})"),
                                    teller=level.teller, reason=reason)))  # fmt: skip
        else:
            lines.append(words(Text(
                QT_TRANSLATE_NOOP("domain",
                                  "{teller}: {stars} of 5 stars (score {score}, served {served})"),
                teller=level.teller, stars=level.level, score=_number(level.score),
                served=level.served)))  # fmt: skip
        if level.adjusted is not None:
            lines.append("  " + words(Text(
                QT_TRANSLATE_NOOP("domain",
                                  "set by {by} instead of the computed {computed}: {reason}"),
                by=level.adjusted_by, computed=level.stars if level.stars is not None else "-",
                reason=level.reason)))  # fmt: skip
        for line in level.lines:
            measure = MEASURES[line.measure]
            unit = measure.unit if measure.unit != "count" else ""
            value = "-" if line.value is None else f"{line.value:.1f}{unit}"
            lines.append("  " + words(Text(
                QT_TRANSLATE_NOOP("domain", "{dimension} / {figure}: value {value}, points "
                                  "{points}, share {share}, adds {contribution}"),
                dimension=names[line.dimension], figure=_stars_words(measure.description),
                value=value, points=_number(line.points), share=f"{line.share * 100:.1f}%",
                contribution=f"{line.contribution:.2f}")))  # fmt: skip
    return lines
