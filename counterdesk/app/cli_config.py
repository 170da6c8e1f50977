"""``counterdesk config show|check|set`` and ``counterdesk setup``: the config file for IT staff."""

from __future__ import annotations

import argparse
from typing import TextIO

from counterdesk.app.cli_common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, CliError
from counterdesk.app.config import Config, find_config_file
from counterdesk.app.config_file import (
    effective_lines,
    file_problems,
    target_file,
    toml_text,
    value_from_text,
    write_values,
)
from counterdesk.app.paths import default_config_file


def cmd_config_show(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Print the effective configuration as TOML lines, each default marked."""
    for line in effective_lines(config):
        out.write(f"{line}\n")
    return EXIT_OK


def cmd_config_check(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Check the config file as the loader does: one line per problem, exit 1 if any."""
    path = find_config_file(args.config)
    if path is None:
        out.write(f"no config file ({default_config_file()} would be read): defaults apply\n")
        return EXIT_OK
    problems = file_problems(path)
    for problem in problems:
        out.write(f"{problem}\n")
    if problems:
        return EXIT_PROBLEMS
    out.write(f"{path}: ok\n")
    return EXIT_OK


def cmd_config_set(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Check one value as the loader does, then write it keeping the rest of the file."""
    value = value_from_text(args.key, args.value)
    target = target_file(args.config, system=args.system)
    try:
        write_values(target, {args.key: value})
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CliError(f"{target}: cannot write the config file: {reason}", EXIT_PROBLEMS) from exc
    out.write(f"{target}: {args.key} = {toml_text(args.key, value)}\n")
    return EXIT_OK


def cmd_setup(args: argparse.Namespace, config: Config, out: TextIO) -> int:
    """Open the set-up wizard; it writes the config file when finished."""
    from counterdesk.app.gui import NO_DISPLAY, display_available

    target = target_file(args.config, system=args.system)
    if not display_available():
        raise CliError(
            NO_DISPLAY.split(":")[0] + f"; set the terminal up with: counterdesk config set KEY "
            f"VALUE (writes {target})",
            EXIT_USAGE,
        )
    from counterdesk.app.setup import run_setup

    written = run_setup(config, target)
    if not written:
        out.write("set-up cancelled; nothing written\n")
        return EXIT_PROBLEMS
    out.write(f"{target}: written\n")
    return EXIT_OK
