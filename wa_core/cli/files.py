"""The files ``wa check`` and ``wa fix`` read: walking directories and refusing what is not text.

A path named on the command line that cannot be checked (missing, binary, not UTF-8, a
directory with nothing to check) is an error; the same problem met while walking a
directory is a warning and the file is skipped.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from wa_core.parsers import DEFAULT_GLOBS

STDIN = "-"
STDIN_NAME = "<stdin>"
# Directories never walked into, besides hidden ones (".git", ".venv", ...).
SKIP_DIRS = frozenset({"node_modules", "__pycache__", "site-packages"})


class InputError(Exception):
    """A path that cannot be checked; the message is one line naming it."""


@dataclass(frozen=True)
class Target:
    """A file to check: its path (None for stdin), the name reports use, and how it was found."""

    path: Path | None
    display: str
    explicit: bool  # named on the command line (errors) rather than found in a directory (warnings)


@dataclass(frozen=True)
class Source:
    """A file's text, decoded, and what is needed to write it back byte for byte."""

    target: Target
    text: str
    bom: bool = False


def decode(data: bytes, name: str) -> tuple[str, bool]:
    """UTF-8 text from bytes (a UTF-8 BOM is dropped and reported); ``InputError`` otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name}: UTF-16 text; wa reads UTF-8")
    if b"\x00" in data:
        raise InputError(f"{name}: binary file (contains NUL bytes)")
    bom = data.startswith(codecs.BOM_UTF8)
    if bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), bom
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        raise InputError(f"{name}: not valid UTF-8 (byte 0x{byte:02x} at offset {exc.start})") from None


def encode(text: str, bom: bool) -> bytes:
    """The bytes ``decode`` read ``text`` and ``bom`` from."""
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


def read(target: Target) -> Source:
    """Read and decode a target; ``InputError`` names it when it cannot be checked."""
    if target.path is None:
        data = sys.stdin.buffer.read()
    else:
        try:
            data = target.path.read_bytes()
        except IsADirectoryError:
            raise InputError(f"{target.display}: is a directory") from None
        except OSError as exc:
            raise InputError(f"{target.display}: cannot read: {exc.strerror or exc}") from None
    text, bom = decode(data, target.display)
    return Source(target, text, bom)


def targets(
    paths: Sequence[str],
    excluded: Callable[[Path], bool],
    globs: Sequence[str] = DEFAULT_GLOBS,
) -> Iterator[Target]:
    """The files to check, in the order given; directories walked in sorted order.

    Raises ``InputError`` for a named path that does not exist or a directory without a
    file to check. ``excluded`` decides for files and directories found while walking,
    and for named files (so pre-commit, which names files, honours ``exclude``).
    """
    for arg in paths:
        target = named(arg)
        path = target.path
        if path is None or not path.is_dir():
            if path is None or not excluded(path):
                yield target
            continue
        found = False
        for file in _walk(path, excluded, globs):
            found = True
            yield Target(file, str(file), explicit=False)
        if not found:
            patterns = " ".join(globs)
            raise InputError(f"{arg}: no files to check in this directory (looked for {patterns})")


def named(arg: str) -> Target:
    """What a path named on the command line stands for: ``-`` is stdin; ``InputError`` if
    nothing is there."""
    if arg == STDIN:
        return Target(None, STDIN_NAME, explicit=True)
    if not Path(arg).exists():
        raise InputError(f"{arg}: no such file or directory")
    return Target(Path(arg), arg, explicit=True)


def _walk(root: Path, excluded: Callable[[Path], bool], globs: Sequence[str]) -> Iterator[Path]:
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and d not in SKIP_DIRS and not _dir_excluded(here / d, excluded)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not any(fnmatch.fnmatch(name, g) for g in globs):
                continue
            file = here / name
            if not excluded(file) and file.is_file():  # not a FIFO or socket: reading one blocks
                yield file


def _dir_excluded(directory: Path, excluded: Callable[[Path], bool]) -> bool:
    # A pattern like "drafts/**" names what is inside a directory: probe with a child.
    return excluded(directory) or excluded(directory / "__wa_probe__")
