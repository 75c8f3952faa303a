"""The one converter between the core's code-point offsets and LSP positions.

The core counts code points (a Python ``str`` index); an LSP position counts lines and,
within a line, code units of the negotiated encoding: UTF-16 unless client and server
agree on another in ``initialize`` (``general.positionEncodings``). Lines end at
``\\n``, ``\\r\\n`` or ``\\r`` as the protocol says, never at the other characters
``str.splitlines`` knows. Everything else in ``wa_lsp`` goes through this module.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from lsprotocol import types

from wa_core.document import Span

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value

# Cheapest first for Python strings: UTF-32 columns are code points, no counting at
# all; UTF-16 counts only the astral characters; UTF-8 must weigh every character.
PREFERENCE = (UTF32, UTF16, UTF8)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def encoding_name(encoding: object) -> str:
    """The protocol's name of an encoding ("utf-16"), from a string or an lsprotocol enum."""
    value = getattr(encoding, "value", encoding)
    return str(value) if value else UTF16


def choose_encoding(offered: Sequence[str] | None) -> str:
    """The cheapest encoding the client offers; UTF-16 (always supported) otherwise."""
    if offered:
        for encoding in PREFERENCE:
            if encoding in offered:
                return encoding
    return UTF16


def rank_encodings(offered: Sequence[str]) -> list[str]:
    """The client's encodings reordered cheapest first (unknown ones last, kept)."""
    known = [e for e in PREFERENCE if e in offered]
    return known + [e for e in offered if e not in known]


def _units(text: str, encoding: str) -> int:
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF16:
        return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)
    return len(text.encode("utf-8", "surrogatepass"))


def _char_units(c: str, encoding: str) -> int:
    cp = ord(c)
    if encoding == UTF32 or cp < 0x80:
        return 1
    if encoding == UTF16:
        return 2 if cp > 0xFFFF else 1
    return 2 if cp < 0x800 else 3 if cp < 0x10000 else 4


class LineIndex:
    """Line starts of one text, to turn offsets into positions and back."""

    __slots__ = ("_ends", "_starts", "encoding", "text")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding_name(encoding)
        starts = [0]
        ends = []  # where each line's content stops (before its line break)
        for m in _LINE_BREAK.finditer(text):
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(text))
        self._starts = starts
        self._ends = ends

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_span(self, line: int) -> Span:
        """The code points of a line's content, without its line break."""
        return Span(self._starts[line], self._ends[line])

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, max(0, offset)) - 1

    def position(self, offset: int) -> types.Position:
        """The position of a code-point offset (clamped to the text)."""
        offset = min(max(offset, 0), len(self.text))
        line = self.line_of(offset)
        start = self._starts[line]
        # An offset inside a line break (between \r and \n) is the end of the line.
        offset = min(offset, self._ends[line])
        return types.Position(line, _units(self.text[start:offset], self.encoding))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of a position.

        A line past the end is the end of the text; a column past the end of its line
        is the end of that line (as the protocol asks); a column inside a character
        (half a surrogate pair, a byte inside a UTF-8 sequence) is that character's start.
        """
        if position.line >= len(self._starts):
            return len(self.text)
        start, end = self._starts[position.line], self._ends[position.line]
        want = position.character
        if self.encoding == UTF32 or want <= 0:
            return start + min(max(want, 0), end - start)
        segment = self.text[start:end]
        if segment.isascii():
            return start + min(want, end - start)
        units = 0
        for i, c in enumerate(segment):
            units += _char_units(c, self.encoding)
            if units > want:
                return start + i
        return end

    def range(self, span: Span) -> types.Range:
        return types.Range(self.position(span.start), self.position(span.end))

    def span(self, rng: types.Range) -> Span:
        start, end = self.offset(rng.start), self.offset(rng.end)
        return Span(min(start, end), max(start, end))

    def end_position(self) -> types.Position:
        return self.position(len(self.text))


def apply_change(text: str, rng: types.Range | None, new_text: str, encoding: str) -> str:
    """The text after one ``didChange`` content change (a whole-document one without a range)."""
    if rng is None:
        return new_text
    span = LineIndex(text, encoding).span(rng)
    return text[: span.start] + new_text + text[span.end :]
