"""``wa rewrite --style STYLE [-n N] [TEXT…|-]``: alternatives to a text, one per line."""

from __future__ import annotations

import argparse
import sys

from wa_core.cli.main import EXIT_FINDINGS, EXIT_OK, UsageError
from wa_core.cli.models import add_engine_options, config_for, open_engine, read_input, text_argument
from wa_core.engine.prompts import STYLES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rewrite",
        help="rewrite text in a style",
        description="Print up to N rewrites of TEXT (or stdin), one per line. Exit 1 when none was found.",
    )
    parser.add_argument(
        "text", nargs="*", metavar="TEXT", help="the text itself, quoted or not, or - for stdin (default)"
    )
    parser.add_argument("--style", required=True, choices=STYLES, help="how to rewrite")
    parser.add_argument("-n", type=int, default=3, help="how many alternatives (default: 3)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the sampled alternatives")
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.n < 1:
        raise UsageError("-n must be at least 1")
    engine = open_engine(args, config_for(None))  # before reading stdin: a missing model fails at once
    text = read_input(None) if args.text in ([], ["-"]) else text_argument(" ".join(args.text))
    try:
        alternatives = engine.rewrite(text, args.style, args.n, seed=args.seed)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not alternatives:
        print("wa: the model found no rewrite", file=sys.stderr)
        return EXIT_FINDINGS
    for alternative in alternatives:
        print(alternative)
    return EXIT_OK
