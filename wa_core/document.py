"""The core's data model: spans, prose documents, findings.

Everything here is plain, frozen data. Positions are half-open spans in code points
of the *source* text (a Python ``str`` index). They become LSP positions in exactly one
place, ``wa_lsp.positions``.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A half-open range ``[start, end)`` of code points."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        """Whether the spans share a code point; an empty span overlaps what touches it."""
        if self.start == self.end or other.start == other.end:
            return other.start <= self.end and self.start <= other.end
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shifted(self, delta: int) -> Span:
        return Span(self.start + delta, self.end + delta)

    def of(self, text: str) -> str:
        """The text this span covers."""
        return text[self.start : self.end]


class Severity(enum.IntEnum):
    """How serious a finding is; ordered, so thresholds compare."""

    HINT = 1
    INFO = 2
    WARNING = 3
    ERROR = 4

    @classmethod
    def parse(cls, name: str) -> Severity:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            valid = ", ".join(s.name.lower() for s in cls)
            raise ValueError(f"unknown severity {name!r} (valid: {valid})") from None

    def __str__(self) -> str:
        return self.name.lower()


class EditKind(enum.Enum):
    """What a suggestion does to the finding's span."""

    REPLACE = "replace"
    INSERT = "insert"  # insert ``text`` after the span
    REMOVE = "remove"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A fix for a finding, as plain data relative to the finding's span."""

    kind: EditKind
    text: str = ""

    @classmethod
    def replace(cls, text: str) -> Suggestion:
        return cls(EditKind.REPLACE, text)

    @classmethod
    def insert(cls, text: str) -> Suggestion:
        return cls(EditKind.INSERT, text)

    @classmethod
    def remove(cls) -> Suggestion:
        return cls(EditKind.REMOVE, "")

    def replacement_for(self, original: str) -> str:
        """The text that takes the place of ``original`` (the span's text)."""
        if self.kind is EditKind.REPLACE:
            return self.text
        if self.kind is EditKind.INSERT:
            return original + self.text
        return ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a document.

    ``span`` is in source code points once a finding leaves the checking pipeline;
    checkers themselves report spans in prose code points (see ``ProseDocument``).
    """

    span: Span
    rule: str  # namespaced: "harper/SpellCheck", "model/verb-form", "languagetool/…"
    source: str  # the checker's name: "harper", "model", "languagetool"
    severity: Severity
    message: str
    suggestions: tuple[Suggestion, ...] = ()
    # Other checkers that reported the same problem, filled in when findings merge.
    also_from: tuple[str, ...] = field(default=())

    def replacements(self, text: str) -> list[str]:
        """Each suggestion as the string that replaces ``span`` in ``text``."""
        original = self.span.of(text)
        return [s.replacement_for(original) for s in self.suggestions]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of prose ``[prose_start, prose_end)`` that stands for source ``[source_start, source_end)``.

    A copy repeats its source character for character. Anything else is a
    substitution (a math placeholder, ``\\%`` → ``%``) and every prose character in
    it maps to the whole source range. ``substituted`` marks a substitution that
    happens to have its source's length ("`ab`" → "Code"), which must not pass for a copy.
    """

    prose_start: int
    prose_end: int
    source_start: int
    source_end: int
    substituted: bool = False

    @property
    def is_copy(self) -> bool:
        if self.substituted:
            return False
        return self.prose_end - self.prose_start == self.source_end - self.source_start


@dataclass(frozen=True, slots=True)
class ProseDocument:
    """A source document reduced to checkable prose, with a map back to the source.

    ``segments`` cover ``prose`` exactly, in order. Source text without a segment
    (markup, code, comments) produced no prose.
    """

    source: str
    prose: str
    segments: tuple[Segment, ...]
    language: str = "plaintext"
    path: str | None = None
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(s.prose_start for s in self.segments))

    @classmethod
    def plain(cls, source: str, *, language: str = "plaintext", path: str | None = None) -> ProseDocument:
        """A document whose prose is its source."""
        segments = (Segment(0, len(source), 0, len(source)),) if source else ()
        return cls(source, source, segments, language, path)

    def _segment_at(self, prose_offset: int, *, prefer_left: bool) -> Segment | None:
        if not self.segments:
            return None
        i = bisect.bisect_right(self._starts, prose_offset) - 1
        if prefer_left and i > 0 and self.segments[i].prose_start == prose_offset:
            # An end offset sitting on a boundary belongs to the segment before it.
            prev = self.segments[i - 1]
            if prev.prose_end == prose_offset:
                i -= 1
        i = max(i, 0)
        return self.segments[i]

    def source_offset(self, prose_offset: int, *, end: bool = False) -> int:
        """The source offset of a prose offset; ``end`` maps a span's end position."""
        seg = self._segment_at(prose_offset, prefer_left=end)
        if seg is None:
            return 0
        if prose_offset >= seg.prose_end:
            return seg.source_end
        if seg.is_copy:
            return seg.source_start + (prose_offset - seg.prose_start)
        if end and prose_offset > seg.prose_start:
            return seg.source_end
        return seg.source_start if not end or prose_offset == seg.prose_start else seg.source_end

    def to_source(self, span: Span) -> Span:
        """Map a prose span to the source span it came from."""
        start = self.source_offset(span.start)
        if span.start == span.end:
            return Span(start, start)
        end = self.source_offset(span.end, end=True)
        return Span(start, max(start, end))

    def placeholders(self, within: Span | None = None) -> list[Span]:
        """Prose that stands in for something else (math, code, citations), in order; only what
        overlaps ``within`` when it is given."""
        segments = self.segments
        if within is not None:
            first = max(0, bisect.bisect_right(self._starts, within.start) - 1)
            last = bisect.bisect_left(self._starts, within.end)
            segments = segments[first:last]
        prose = self.prose
        found = [
            Span(s.prose_start, s.prose_end)
            for s in segments
            if not s.is_copy and s.prose_end > s.prose_start and prose[s.prose_start : s.prose_end].strip()
        ]
        return found if within is None else [p for p in found if p.overlaps(within)]

    def prose_offset(self, source_offset: int) -> int | None:
        """The prose offset of a source offset inside a copied run, else None."""
        for seg in self.segments:
            if seg.is_copy and seg.source_start <= source_offset < seg.source_end:
                return seg.prose_start + (source_offset - seg.source_start)
        return None


class ProseBuilder:
    """Builds a ``ProseDocument`` left to right; parsers call it as they walk the source."""

    def __init__(self, source: str, *, language: str, path: str | None = None) -> None:
        self._source = source
        self._language = language
        self._path = path
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0
        # The copy being extended, kept as plain ints until something else is written:
        # parsers copy word by word, and one Segment per word would be slow and large.
        self._run_start = -1  # source start of the open copy, -1 when none is open
        self._run_end = 0
        self._run_prose = 0

    @property
    def length(self) -> int:
        return self._length

    def tail(self, n: int = 1) -> str:
        """The last ``n`` prose characters written (fewer at the start)."""
        out = ""
        if self._run_start >= 0:
            out = self._source[max(self._run_start, self._run_end - n) : self._run_end]
            if len(out) >= n:
                return out
        for part in reversed(self._parts):
            out = part + out
            if len(out) >= n:
                break
        return out[-n:]

    def _close_run(self) -> None:
        if self._run_start < 0:
            return
        start, end = self._run_start, self._run_end
        self._segments.append(Segment(self._run_prose, self._run_prose + end - start, start, end))
        self._parts.append(self._source[start:end])
        self._run_start = -1

    def copy(self, start: int, end: int) -> None:
        """Copy source ``[start, end)`` into the prose unchanged."""
        if end <= start:
            return
        if self._run_start < 0 or self._run_end != start:
            self._close_run()
            self._run_start, self._run_prose = start, self._length
        self._run_end = end
        self._length += end - start

    def substitute(self, start: int, end: int, text: str) -> None:
        """Write ``text`` into the prose in place of source ``[start, end)``."""
        if not text:
            return
        if end - start == len(text) and self._source[start:end] == text:
            self.copy(start, end)
            return
        self._close_run()
        self._segments.append(
            Segment(self._length, self._length + len(text), start, max(start, end), substituted=True)
        )
        self._parts.append(text)
        self._length += len(text)

    def separate(self, at: int, brk: str = "\n\n") -> None:
        """End the prose with ``brk`` (a paragraph break by default) unless it already does.

        Breaks stop sentences from running across skipped blocks; a break of
        newlines adds only the newlines missing at the end of the prose.
        """
        if self._length == 0:
            return
        tail = self.tail(len(brk))
        if brk.strip("\n") == "":
            missing = len(brk) - (len(tail) - len(tail.rstrip("\n")))
            if missing > 0:
                self.substitute(at, at, "\n" * missing)
        elif not tail.endswith(brk):
            self.substitute(at, at, brk)

    def build(self) -> ProseDocument:
        self._close_run()
        return ProseDocument(
            self._source, "".join(self._parts), tuple(self._segments), self._language, self._path
        )


def merge_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Sort findings and fold those from several checkers on the same span into one.

    The first reporter (in checker order) keeps the finding; the others are listed in
    ``also_from`` and contribute suggestions it lacked.
    """
    by_span: dict[tuple[int, int], Finding] = {}
    order: list[tuple[int, int]] = []
    for f in findings:
        key = (f.span.start, f.span.end)
        kept = by_span.get(key)
        if kept is None:
            by_span[key] = f
            order.append(key)
            continue
        if f.source == kept.source and f.rule != kept.rule:
            # Two rules of one checker on the same span: keep the first, as Harper's dedup does.
            continue
        extra = tuple(s for s in f.suggestions if s not in kept.suggestions)
        sources = (
            kept.also_from
            if f.source in kept.also_from or f.source == kept.source
            else (*kept.also_from, f.source)
        )
        by_span[key] = Finding(
            kept.span,
            kept.rule,
            kept.source,
            max(kept.severity, f.severity),
            kept.message,
            kept.suggestions + extra,
            sources,
        )
    return sorted((by_span[k] for k in order), key=lambda f: (f.span.start, f.span.end, f.rule))


def fixes(text: str, findings: list[Finding]) -> list[tuple[Span, str]]:
    """The edit each finding's first suggestion makes, in order, without overlaps."""
    edits: list[tuple[Span, str]] = []
    end = -1
    for f in sorted(findings, key=lambda f: (f.span.start, f.span.end)):
        if not f.suggestions or f.span.start < end:
            continue
        replacement = f.replacements(text)[0]
        if replacement == f.span.of(text):
            continue
        edits.append((f.span, replacement))
        end = max(f.span.end, f.span.start + 1)  # an insertion still blocks a second edit at its place
    return edits


def apply_suggestions(text: str, edits: Sequence[tuple[Span, str]]) -> str:
    """Apply non-overlapping ``(span, replacement)`` edits; later overlapping ones are skipped."""
    out: list[str] = []
    pos = 0
    for span, replacement in sorted(edits, key=lambda e: (e[0].start, e[0].end)):
        if span.start < pos:
            continue
        out.append(text[pos : span.start])
        out.append(replacement)
        pos = span.end
    out.append(text[pos:])
    return "".join(out)
