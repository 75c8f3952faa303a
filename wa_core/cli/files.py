"""The files ``wa check`` and ``wa fix`` read: walking directories and refusing what is not text.

A path named on the command line that cannot be checked (missing, binary, not UTF-8, a
directory with nothing to check) is an error; the same problem met while walking a
directory is a warning and the file is skipped.

A walk inside a git work tree skips what git ignores (``.gitignore``, ``.git/info/exclude``
and the user's global excludes, as ``git ls-files --exclude-standard`` reads them): build
output such as Sphinx's ``_build/_sources/*.rst.txt`` would repeat every finding of the
sources. ``--no-ignore`` walks it all; a file named on the command line is always checked.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import subprocess
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
    git_ignores: bool = True,
) -> Iterator[Target]:
    """The files to check, in the order given; directories walked in sorted order.

    Raises ``InputError`` for a named path that does not exist or a directory without a
    file to check. ``excluded`` decides for files and directories found while walking,
    and for named files (so pre-commit, which names files, honours ``exclude``); with
    ``git_ignores``, so does git for what it ignores in a walk.
    """
    for arg in paths:
        target = named(arg)
        path = target.path
        if path is None or not path.is_dir():
            if path is None or not excluded(path):
                yield target
            continue
        found = False
        visible = _git_visible(path) if git_ignores else None
        for file in _walk(path, excluded, globs, visible):
            found = True
            yield Target(file, str(file), explicit=False)
        if not found:
            patterns = " ".join(globs)
            unignored = " git does not ignore; --no-ignore walks the rest" if visible is not None else ""
            raise InputError(f"{arg}: no files to check in this directory (looked for {patterns}{unignored})")


def named(arg: str) -> Target:
    """What a path named on the command line stands for: ``-`` is stdin; ``InputError`` if
    nothing is there."""
    if arg == STDIN:
        return Target(None, STDIN_NAME, explicit=True)
    if not Path(arg).exists():
        raise InputError(f"{arg}: no such file or directory")
    return Target(Path(arg), arg, explicit=True)


def _walk(
    root: Path, excluded: Callable[[Path], bool], globs: Sequence[str], visible: _Visible | None = None
) -> Iterator[Path]:
    for directory, dirnames, filenames in os.walk(root):
        here = Path(directory)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in SKIP_DIRS
            and (visible is None or visible.holds_dir(here / d))
            and not _dir_excluded(here / d, excluded)
        )
        for name in sorted(filenames):
            if name.startswith(".") or not any(fnmatch.fnmatch(name, g) for g in globs):
                continue
            file = here / name
            if visible is not None and not visible.holds_file(file):
                continue
            if not excluded(file) and file.is_file():  # not a FIFO or socket: reading one blocks
                yield file


@dataclass(frozen=True)
class _Visible:
    """The files under a directory that git does not ignore, and the directories holding them;
    a submodule (a directory git tracks as one entry) is visible as a whole."""

    files: frozenset[Path]  # as the walk spells them: below the directory walked
    dirs: frozenset[Path]
    whole: tuple[Path, ...]  # submodules

    def holds_dir(self, directory: Path) -> bool:
        return directory in self.dirs or self._within_whole(directory)

    def holds_file(self, file: Path) -> bool:
        return file in self.files or self._within_whole(file)

    def _within_whole(self, path: Path) -> bool:
        return any(w == path or w in path.parents for w in self.whole)


def _git_visible(root: Path) -> _Visible | None:
    """What git does not ignore under ``root``; None outside a work tree or without git (then
    nothing is skipped for git's sake)."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    files: set[Path] = set()
    dirs: set[Path] = set()
    whole: list[Path] = []
    for raw in done.stdout.split(b"\0"):
        if not raw:
            continue
        path = root / os.fsdecode(raw)
        if path.is_dir():  # a submodule
            whole.append(path)
        files.add(path)
        for parent in path.parents:
            if parent == root or parent in dirs:
                break
            dirs.add(parent)
    return _Visible(frozenset(files), frozenset(dirs), tuple(whole))


def _dir_excluded(directory: Path, excluded: Callable[[Path], bool]) -> bool:
    # A pattern like "drafts/**" names what is inside a directory: probe with a child.
    return excluded(directory) or excluded(directory / "__wa_probe__")
