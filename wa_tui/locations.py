"""Code-point offsets in the core ↔ (row, column) locations in Textual's TextArea.

TextArea columns count code points within a line, like the core's spans, so only
lines need converting. Line breaks are \\r\\n, \\n or \\r, as TextArea splits them.
"""

from __future__ import annotations

import re

_BREAK = re.compile(r"\r\n|\n|\r")


def _line_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(text))]


def location_of(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of a code-point offset into ``text``."""
    starts = _line_starts(text)
    lo, hi = 0, len(starts) - 1
    while lo < hi:  # the last line start <= offset
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo, offset - starts[lo]


def offset_of(text: str, location: tuple[int, int]) -> int:
    """The code-point offset of a (row, column) location, clamped to the text."""
    starts = _line_starts(text)
    row = min(max(location[0], 0), len(starts) - 1)
    return min(starts[row] + max(location[1], 0), len(text))
