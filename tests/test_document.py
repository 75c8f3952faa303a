"""ProseBuilder and ProseDocument: how prose maps back to the source."""

from __future__ import annotations

from wa_core.document import ProseBuilder, ProseDocument, Segment, Span


def build(source: str, *ops: tuple[str, int, int, str]) -> ProseDocument:
    b = ProseBuilder(source, language="test")
    for op, start, end, text in ops:
        if op == "copy":
            b.copy(start, end)
        elif op == "sub":
            b.substitute(start, end, text)
        else:
            b.separate(start)
    return b.build()


def test_plain_document_maps_every_offset_to_itself() -> None:
    doc = ProseDocument.plain("Hello wörld 🎉 ok.")
    assert doc.prose == doc.source
    assert doc.to_source(Span(12, 13)) == Span(12, 13)
    assert doc.prose_offset(13) == 13


def test_empty_document_maps_to_the_start() -> None:
    doc = ProseDocument.plain("")
    assert doc.segments == ()
    assert doc.to_source(Span(0, 0)) == Span(0, 0)


def test_adjacent_copies_merge_into_one_segment() -> None:
    doc = build("abcdef", ("copy", 0, 3, ""), ("copy", 3, 6, ""))
    assert doc.segments == (Segment(0, 6, 0, 6),)


def test_a_copy_after_a_gap_starts_a_new_segment() -> None:
    doc = build("ab<x>cd", ("copy", 0, 2, ""), ("copy", 5, 7, ""))
    assert doc.prose == "abcd"
    assert doc.to_source(Span(2, 4)) == Span(5, 7)
    assert doc.to_source(Span(1, 3)) == Span(1, 6)


def test_a_substitution_maps_to_its_whole_source_range() -> None:
    doc = build("see $x^2$ now", ("copy", 0, 4, ""), ("sub", 4, 9, "Math"), ("copy", 9, 13, ""))
    assert doc.prose == "see Math now"
    assert doc.to_source(Span(4, 8)) == Span(4, 9)
    assert doc.to_source(Span(5, 6)) == Span(4, 9)
    assert doc.to_source(Span(0, 3)) == Span(0, 3)


def test_placeholders_are_the_substituted_words_where_asked() -> None:
    source = "use `a` and $x$ or \\% here"
    doc = build(
        source,
        ("copy", 0, 4, ""),
        ("sub", 4, 7, "Code"),
        ("copy", 7, 12, ""),
        ("sub", 12, 15, "Math"),
        ("copy", 15, 19, ""),
        ("sub", 19, 21, "%"),
        ("copy", 21, len(source), ""),
    )
    assert doc.prose == "use Code and Math or % here"
    assert doc.placeholders() == [Span(4, 8), Span(13, 17), Span(21, 22)]
    assert doc.placeholders(Span(9, 14)) == [Span(13, 17)]  # only what overlaps
    assert doc.placeholders(Span(0, 3)) == []


def test_a_substitution_with_its_sources_length_is_not_a_copy() -> None:
    doc = build("`ab` x", ("sub", 0, 4, "Code"), ("copy", 4, 6, ""))
    first = doc.segments[0]
    assert not first.is_copy
    assert doc.prose_offset(1) is None
    assert doc.to_source(Span(1, 2)) == Span(0, 4)


def test_a_substitution_equal_to_its_source_is_a_copy() -> None:
    doc = build("abc", ("sub", 0, 3, "abc"))
    assert doc.segments == (Segment(0, 3, 0, 3),)


def test_separate_adds_only_the_missing_newlines() -> None:
    doc = build("a\nb", ("copy", 0, 2, ""), ("sep", 2, 2, ""), ("copy", 2, 3, ""))
    assert doc.prose == "a\n\nb"
    doc = build("ab", ("sep", 0, 0, ""), ("copy", 0, 1, ""), ("sep", 1, 1, ""), ("sep", 1, 1, ""))
    assert doc.prose == "a\n\n"


def test_a_span_ending_on_a_boundary_maps_to_the_segment_before_it() -> None:
    doc = build("ab<x>cd", ("copy", 0, 2, ""), ("copy", 5, 7, ""))
    assert doc.to_source(Span(0, 2)) == Span(0, 2)


def test_offsets_are_code_points_so_emoji_take_one() -> None:
    source = "🎉 ok <b>fine</b>"
    doc = build(source, ("copy", 0, 5, ""), ("copy", 8, 12, ""))
    assert doc.prose == "🎉 ok fine"
    assert doc.to_source(Span(5, 9)).of(source) == "fine"


def test_tail_reads_across_parts() -> None:
    b = ProseBuilder("abcdef", language="test")
    b.copy(0, 2)
    b.copy(4, 6)
    assert b.tail(3) == "bef"
    assert b.tail(10) == "abef"
