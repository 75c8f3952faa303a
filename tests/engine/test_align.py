"""Corrections → minimal edits: exact code-point spans, and the edit applied gives the correction."""

from __future__ import annotations

import pytest

from wa_core.document import EditKind, apply_suggestions
from wa_core.engine.align import align, changed_share, classify, tokens


def applied(source: str, target: str) -> str:
    edits = align(source, target)
    return apply_suggestions(
        source, [(e.span, e.suggestion.replacement_for(e.span.of(source))) for e in edits]
    )


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # (source, target, [(kind, source text of the span, suggestion kind, suggestion text)])
        ("She go to school.", "She goes to school.", [("agreement", "go", "replace", "goes")]),
        (
            "I has a apple.",
            "I have an apple.",
            [("agreement", "has", "replace", "have"), ("article", "a", "replace", "an")],
        ),
        ("It was suprising.", "It was surprising.", [("spelling", "suprising", "replace", "surprising")]),
        (
            "She walk there yesterday.",
            "She walked there yesterday.",
            [("verb-form", "walk", "replace", "walked")],
        ),
        ("He is good on music.", "He is good at music.", [("preposition", "on", "replace", "at")]),
        ("However we left.", "However, we left.", [("punctuation", "However", "insert", ",")]),
        ("i left.", "I left.", [("capitalization", "i", "replace", "I")]),
        ("We went to to school.", "We went to school.", [("preposition", " to", "remove", "")]),
        ("I saw a the cat.", "I saw the cat.", [("article", " a", "remove", "")]),
        ("I went store.", "I went to the store.", [("missing-word", "went", "insert", " to the")]),
        ("It is very very good.", "It is very good.", [("extra-word", " very", "remove", "")]),
        ("cat sat down.", "The cat sat down.", [("article", "cat", "replace", "The cat")]),
        (
            "I very much like it.",
            "I like it very much.",
            [("word-order", "very much like it", "replace", "like it very much")],
        ),
        ("The big house was a huge.", "The big house was huge.", [("article", " a", "remove", "")]),
        (
            "He bought an car.",
            "He bought a vehicle.",
            [("article", "an", "replace", "a"), ("word-choice", "car", "replace", "vehicle")],
        ),
    ],
)
def test_edits(source: str, target: str, expected: list[tuple[str, str, str, str]]) -> None:
    edits = align(source, target)
    assert [
        (e.kind, e.span.of(source), e.suggestion.kind.value, e.suggestion.text) for e in edits
    ] == expected
    assert applied(source, target) == target


def test_identical_and_whitespace_only_differences_are_not_edits() -> None:
    assert align("Fine as it is.", "Fine as it is.") == []
    assert align("Fine  as it is .", "Fine as it is.") == []


def test_spans_are_code_points_past_emoji_and_accents() -> None:
    source = "🎉🎉 Café owners was happy 👍🏽 today."
    target = "🎉🎉 Café owners were happy 👍🏽 today."
    (edit,) = align(source, target)
    assert edit.span.of(source) == "was"
    assert edit.span.start == source.index("was")
    assert applied(source, target) == target


def test_non_latin_scripts() -> None:
    source = "Это есть тест и он работает хорошо."
    target = "Это тест и он работает хорошо."
    (edit,) = align(source, target)
    assert edit.suggestion.kind is EditKind.REMOVE and edit.span.of(source) == " есть"
    assert applied(source, target) == target


def test_placeholder_words_keep_their_offsets() -> None:
    # Parsers replace math and code with placeholder words; alignment treats them as words.
    source = "The value of Dummy0 are computed by Code1 quickly."
    target = "The value of Dummy0 is computed by Code1 quickly."
    (edit,) = align(source, target)
    assert edit.span.of(source) == "are"


def test_removing_the_first_word_takes_the_space_after_it() -> None:
    (edit,) = align("So we left.", "We left.")  # a replace: "So we" → "We"
    assert applied("So we left.", "We left.") == "We left."
    assert edit.kind == "extra-word"


@pytest.mark.parametrize(
    ("source", "target", "span", "replacement"),
    [
        ("We went home we slept.", "We went home. We slept.", " we", ". We"),
        ("I went home i slept.", "I went home. I slept.", " i", ". I"),
    ],
)
def test_a_replacement_that_joins_the_word_before_takes_the_space_between(
    source: str, target: str, span: str, replacement: str
) -> None:
    (edit,) = align(source, target)
    assert (edit.span.of(source), edit.suggestion.text) == (span, replacement)
    assert applied(source, target) == target


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("a b c d e", "e d c b a"),
        (
            "She go to the school yesterday , and then she goed home .",
            "Yesterday she went to school and went home.",
        ),
        ("", ""),
        ("Only source.", ""),
        ("x", "x y z"),
    ],
)
def test_any_pair_round_trips_up_to_spacing(source: str, target: str) -> None:
    result = applied(source, target)
    if source:  # an empty source has nothing to anchor an edit to
        assert [t.text for t in tokens(result)] == [t.text for t in tokens(target)]


def test_changed_share() -> None:
    source = "I has a apple today."
    assert changed_share(source, align(source, "I have an apple today.")) == pytest.approx(2 / 6)
    assert changed_share(source, []) == 0


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ((",",), (), "punctuation"),
        (("is",), ("are",), "agreement"),
        (("day",), ("days",), "agreement"),
        (("city",), ("cities",), "agreement"),
        (("go",), ("went",), "verb-form"),
        (("use",), ("using",), "verb-form"),
        (("copy",), ("copied",), "verb-form"),
        (("copying",), ("copied",), "verb-form"),
        (("recieve",), ("receive",), "spelling"),
        (("teh",), ("the",), "spelling"),  # two letters swapped: one slip
        (("big",), ("large",), "word-choice"),
        ((), ("the",), "article"),
        ((), ("of",), "preposition"),
        ((), ("really",), "missing-word"),
        (("really",), (), "extra-word"),
        (("Paris",), ("paris",), "capitalization"),
    ],
)
def test_classify(before: tuple[str, ...], after: tuple[str, ...], kind: str) -> None:
    assert classify(before, after) == kind
