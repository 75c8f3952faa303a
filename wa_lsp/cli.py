"""``wa lsp``: the language server over stdio, plugged into ``wa`` by entry point.

Registering the command imports nothing heavy, so ``wa --help`` stays fast; pygls and
the server load only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any


def register(subparsers: Any) -> None:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "lsp",
        help="run the language server (stdio)",
        description="Run wa's language server over stdio, for editors (see docs/lsp.md).",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="talk over stdin/stdout (the default and only transport)"
    )
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"])
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from wa_lsp.logs import setup_stderr
    from wa_lsp.server import serve

    # ``wa`` has limited malloc to one arena before running any command: for a server
    # that runs all day, that keeps it idle at about 380 MB with the model instead of
    # 400-420 MB (``lsp_latency.py``).
    setup_stderr(getattr(logging, args.log_level.upper()))
    return serve()
