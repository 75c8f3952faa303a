"""`wa tui`: plugged into the `wa` command through the `wa.commands` entry point."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("tui", help="draft interactively in the terminal")
    p.add_argument("file", nargs="?", type=Path, help="the file to edit (created on save)")
    p.add_argument(
        "--language", help="markdown, latex, plaintext, restructuredtext, asciidoc (default: by extension)"
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from wa_tui.app import DraftApp, load_draft

    try:
        draft = load_draft(args.file, args.language)
    except ValueError as exc:
        from wa_core.cli.main import UsageError

        raise UsageError(str(exc)) from None
    DraftApp(draft).run()
    return 0
