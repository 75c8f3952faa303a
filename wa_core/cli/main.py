"""The ``wa`` command: one module per subcommand, frontends plugged in by entry point.

Each command module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning the exit status.
Exit status everywhere: 0 clean, 1 findings at or above the threshold, 2 usage or
runtime error. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import Any

from wa_core import memory, version
from wa_core.checkers.base import CheckerUnavailable
from wa_core.config import ConfigError

# Built-in commands, in the order `wa --help` lists them.
COMMANDS = (
    "wa_core.cli.check",
    "wa_core.cli.fix",
    "wa_core.cli.correct",
    "wa_core.cli.rewrite",
    "wa_core.cli.summarize",
    "wa_core.cli.models",
    "wa_core.cli.rules",
)

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for; printed as one line, exit 2."""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``wa`` parser; with ``command``, only that built-in subcommand is imported.

    Importing every command (the model runtime, the frontends) costs a noticeable part
    of a second, so ``wa check FILE`` imports only ``wa_core.cli.check``.
    """
    parser = argparse.ArgumentParser(
        prog="wa",
        description="wa: a local AI writing assistant (grammar, rewrites, summaries).",
    )
    parser.add_argument("--version", action=_Version)
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    builtin = f"wa_core.cli.{command}" if command else None
    for name in COMMANDS if builtin not in COMMANDS else (builtin,):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command not written yet in this checkout
                continue
            raise
        module.register(sub)
    if builtin in COMMANDS:
        return parser
    from importlib.metadata import entry_points

    for ep in entry_points(group="wa.commands"):
        try:
            ep.load()(sub)
        except ImportError as exc:  # a frontend whose extra is not installed
            logging.getLogger("wa").debug("command %s unavailable: %s", ep.name, exc)
    return parser


class _Version(argparse.Action):
    """``--version``: wa's version, looked up only when asked (``wa_core.version``)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="show wa's version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"wa {version()}")
        parser.exit()


def _command(argv: Sequence[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option), if any."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg
        if arg in ("-h", "--help", "--version"):
            return None
    return None


class _LowerCaseLevel(logging.Formatter):
    """``wa: warning: …``, as the messages wa prints itself read."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(
            logging.makeLogRecord({**record.__dict__, "levelname": record.levelname.lower()})
        )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser(_command(argv))  # imports the command's module
    except ModuleNotFoundError as exc:
        return _missing(exc)
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerCaseLevel("wa: %(levelname)s: %(message)s"))
    logging.basicConfig(level=logging.WARNING - 10 * min(args.verbose, 2), handlers=[handler])
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    memory.limit_arenas()  # before the model's worker threads start
    try:
        return int(args.func(args))
    except (UsageError, ConfigError, CheckerUnavailable) as exc:  # a checker: Harper not installed
        print(f"wa: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except ModuleNotFoundError as exc:
        return _missing(exc)
    except KeyboardInterrupt:
        print("wa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _missing(exc: ModuleNotFoundError) -> int:
    """An installation missing one of wa's dependencies: say which (the traceback with -vv)."""
    logging.getLogger("wa").debug("missing module", exc_info=exc)
    print(
        f"wa: error: the Python module {exc.name!r} is missing: this installation of wa is "
        "incomplete (install wa again with its dependencies)",
        file=sys.stderr,
    )
    return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
