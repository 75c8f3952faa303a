"""``wa fix PATH…``: apply the first suggestion of each finding, atomically.

Edits that overlap an earlier one are skipped (run ``wa fix`` again for them). A file
with nothing to fix is never rewritten; a fixed file keeps its line endings, its BOM
and its permissions, and is replaced in one ``os.replace`` so a crash leaves either
the old file or the new one. ``--dry-run`` prints a unified diff instead.
Exit status: 0 when no finding is left, 1 when some remain (unfixable, overlapping,
or all of them under ``--dry-run``), 2 usage or runtime error.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import stat
import sys
import tempfile
from pathlib import Path

from wa_core.cli.check import Runner, add_arguments
from wa_core.cli.files import Source, encode
from wa_core.cli.main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK
from wa_core.document import apply_suggestions, fixes


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "fix",
        help="apply suggested fixes in place",
        description=(
            "Apply the first suggestion of each finding (non-overlapping), writing each file "
            "atomically. - reads stdin and writes the fixed text to stdout."
        ),
    )
    add_arguments(parser)
    parser.add_argument("--dry-run", action="store_true", help="print a unified diff; change nothing")
    parser.set_defaults(func=run)


def write_atomically(path: Path, text: str, *, bom: bool) -> None:
    """Replace ``path`` with ``text`` (UTF-8, newlines as given) in one rename, keeping its mode.

    A symbolic link is written through: the file it points to is replaced, the link stays.
    """
    path = Path(os.path.realpath(path))
    data = encode(text, bom)
    mode = stat.S_IMODE(path.stat().st_mode)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".wa-tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.chmod(mode)
        tmp.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _diff(source: Source, fixed: str) -> str:
    name = source.target.display
    lines = difflib.unified_diff(
        source.text.splitlines(keepends=True),
        fixed.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def run(args: argparse.Namespace) -> int:
    runner = Runner(args)
    remaining = applied = changed = 0
    for source, findings in runner.check_all(runner.sources(args.paths)):
        edits = fixes(source.text, findings)
        fixed = apply_suggestions(source.text, edits) if edits else source.text
        if source.target.path is None:  # stdin: the fixed text goes to stdout
            sys.stdout.write(_diff(source, fixed) if args.dry_run else fixed)
        elif fixed != source.text:
            if args.dry_run:
                sys.stdout.write(_diff(source, fixed))
            else:
                try:
                    write_atomically(source.target.path, fixed, bom=source.bom)
                except OSError as exc:
                    problem = f"{source.target.display}: cannot write: {exc.strerror}"
                    print(f"wa: error: {problem}", file=sys.stderr)
                    runner.errors += 1
                    continue
        if fixed != source.text:
            changed += 1
        applied += len(edits)
        remaining += len(findings) - (0 if args.dry_run else len(edits))
    verb = "would fix" if args.dry_run else "fixed"
    done = f"{_count(applied, 'finding')} in {_count(changed, 'file')}"
    print(f"wa: {verb} {done}; {remaining} left", file=sys.stderr)
    if runner.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if remaining else EXIT_OK
