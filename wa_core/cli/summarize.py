"""``wa summarize [FILE|-] [--words N] [--beams N]``: a short summary of a document.

Markup files (Markdown, LaTeX, reStructuredText) are reduced to their prose first,
so code, math and commands do not reach the model.
"""

from __future__ import annotations

import argparse
import logging
import sys

from wa_core.cli.main import EXIT_FINDINGS, EXIT_OK, UsageError
from wa_core.cli.models import add_engine_options, config_for, open_engine, read_input
from wa_core.config import LatexSettings

log = logging.getLogger("wa.cli.summarize")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "summarize",
        help="summarize a document",
        description="Summarize FILE (or stdin) with the local model. Exit 1 when there is no text.",
    )
    parser.add_argument("file", nargs="?", metavar="FILE|-", help="text to summarize (default: stdin)")
    parser.add_argument("--words", type=int, default=60, help="at most this many words (default: 60)")
    parser.add_argument(
        "--beams",
        type=int,
        default=None,
        metavar="N",
        help="beam search width (default: 4; 1: greedy, 2-5 times faster, under half the memory)",
    )
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.words < 5:
        raise UsageError("--words must be at least 5")
    if args.beams is not None and not 1 <= args.beams <= 16:
        raise UsageError("--beams must be between 1 and 16")
    config = config_for(args.file)
    engine = open_engine(args, config)  # before reading stdin: a missing model fails at once
    text = _prose(read_input(args.file), args.file, config.latex)
    try:
        summary = engine.summarize(text, args.words, beams=args.beams)
    except ValueError as exc:  # text over the model's bound
        raise UsageError(str(exc)) from None
    if not summary:
        print("wa: nothing to summarize", file=sys.stderr)
        return EXIT_FINDINGS
    print(summary)
    return EXIT_OK


def _prose(text: str, path: str | None, latex: LatexSettings) -> str:
    if path is None or path == "-":
        return text
    from wa_core.parsers import language_for, parse

    if language_for(path) == "plaintext":
        return text
    try:
        return parse(text, path=path, latex=latex).prose
    except ImportError as exc:  # a parser not in this checkout or install
        log.warning("cannot parse %s (%s): summarizing it as plain text", path, exc)
        return text
