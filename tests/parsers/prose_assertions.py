"""Assertions the parser tests share: the prose a source reads as, and exact mapping.

``assert_prose(source, expected)`` is the ltex-ls style one-liner. Every call also
checks the map back to the source, so each case doubles as a position test.
"""

from __future__ import annotations

from wa_core.config import LatexSettings
from wa_core.document import ProseDocument, Span
from wa_core.parsers import parse


def prose_of(source: str, language: str, *, latex: LatexSettings | None = None) -> ProseDocument:
    doc = parse(source, language=language, latex=latex)
    assert_maps_back(doc)
    return doc


def assert_prose(
    source: str, expected: str, language: str = "markdown", *, latex: LatexSettings | None = None
) -> None:
    """``source`` reads as ``expected`` (paragraph breaks at the very end are not compared)."""
    doc = prose_of(source, language, latex=latex)
    assert doc.prose.rstrip("\n") == expected, f"\nsource:   {source!r}\nprose:    {doc.prose!r}"


def assert_maps_back(doc: ProseDocument) -> None:
    """Segments tile the prose; each copied character maps to the same source character."""
    source, prose = doc.source, doc.prose
    at = 0
    for seg in doc.segments:
        assert seg.prose_start == at, f"gap or overlap in the prose at {at}: {seg}"
        assert seg.prose_end > seg.prose_start, f"empty segment {seg}"
        assert 0 <= seg.source_start <= seg.source_end <= len(source), f"segment outside the source: {seg}"
        whole = Span(seg.source_start, seg.source_end)
        if seg.is_copy:
            copied = prose[seg.prose_start : seg.prose_end]
            original = source[seg.source_start : seg.source_end]
            assert copied == original, f"copy {seg} reads {copied!r} but the source has {original!r}"
            width = seg.prose_end - seg.prose_start
            for k in range(0, width, max(1, width // 200)):
                mapped = doc.to_source(Span(seg.prose_start + k, seg.prose_start + k + 1))
                assert mapped == Span(seg.source_start + k, seg.source_start + k + 1), (seg, k, mapped)
        else:
            mapped = doc.to_source(Span(seg.prose_start, seg.prose_end))
            assert whole.contains(mapped), f"substitution {seg} maps outside its source: {mapped}"
        at = seg.prose_end
    assert at == len(prose), "segments do not cover the prose"
    step = max(1, len(prose) // 40)
    for start in range(0, len(prose) + 1, step):
        for end in (start, min(len(prose), start + 1), min(len(prose), start + 9)):
            span = doc.to_source(Span(start, end))
            assert 0 <= span.start <= span.end <= len(source), f"{Span(start, end)} -> {span}"
