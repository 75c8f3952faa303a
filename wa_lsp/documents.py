"""Open documents: immutable snapshots per version, changed through ``positions``.

The server keeps its own copy of each open document rather than pygls' workspace, so
that every position (incoming edits included) goes through the one converter. A
snapshot never changes, so background work can hold one while newer versions arrive.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from wa_core.parsers import editor_language
from wa_lsp.positions import UTF16, LineIndex, apply_change


@dataclass(frozen=True, eq=False)
class Snapshot:
    uri: str
    language_id: str
    version: int
    text: str
    encoding: str = UTF16

    @property
    def path(self) -> Path | None:
        if not self.uri.startswith("file:"):
            return None
        fs = to_fs_path(self.uri)
        return Path(fs) if fs else None

    @cached_property
    def language(self) -> str:
        """The canonical language to read the text as (``editor_language``)."""
        return editor_language(self.path, self.language_id)

    @cached_property
    def lines(self) -> LineIndex:
        """The line index of this version, built once on first use."""
        return LineIndex(self.text, self.encoding)


def mid_typing(changes: Sequence[types.TextDocumentContentChangeEvent]) -> bool:
    """Whether ``changes`` are typing that goes on: each a character typed or deleted, or a
    line break with its indent, and none a sentence's end. Its check waits for a pause; a
    paste, an applied fix, an undo, a replaced sentence or a full stop typed leaves text
    whole, and is checked at once. A client that sends the whole text each time (no range)
    may be typing: it waits."""
    return all(_keystroke(change) for change in changes)


SENTENCE_ENDS = frozenset(".?!")


def _keystroke(change: types.TextDocumentContentChangeEvent) -> bool:
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return True
    start, end = change.range.start, change.range.end
    if change.text:
        if start != end or change.text in SENTENCE_ENDS:
            return False
        return len(change.text) == 1 or not change.text.strip(" \t\r\n")
    one_line = start.line == end.line and end.character - start.character <= 2  # a surrogate pair
    return one_line or (end.line == start.line + 1 and end.character == 0)  # a line break


class Documents:
    """The open documents by URI."""

    def __init__(self) -> None:
        self._docs: dict[str, Snapshot] = {}
        self.encoding = UTF16

    def open(self, item: types.TextDocumentItem) -> Snapshot:
        snap = Snapshot(item.uri, item.language_id, item.version, item.text, self.encoding)
        self._docs[item.uri] = snap
        return snap

    def change(
        self,
        uri: str,
        version: int,
        changes: Iterable[types.TextDocumentContentChangeEvent],
    ) -> Snapshot | None:
        old = self._docs.get(uri)
        if old is None:
            return None
        text = old.text
        for change in changes:
            rng = getattr(change, "range", None)
            text = apply_change(text, rng, change.text, self.encoding)
        snap = Snapshot(uri, old.language_id, version, text, self.encoding)
        self._docs[uri] = snap
        return snap

    def close(self, uri: str) -> None:
        self._docs.pop(uri, None)

    def get(self, uri: str) -> Snapshot | None:
        return self._docs.get(uri)

    def is_current(self, uri: str, version: int) -> bool:
        snap = self._docs.get(uri)
        return snap is not None and snap.version == version

    def __iter__(self) -> Iterator[Snapshot]:
        return iter(list(self._docs.values()))

    def __len__(self) -> int:
        return len(self._docs)
