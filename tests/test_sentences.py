"""Sentence spans over prose: exact offsets, and the cases technical prose is full of."""

from __future__ import annotations

import itertools

import pytest

from wa_core.sentences import part_of_identifier, sentence_spans, written_like_code


def sentences(text: str) -> list[str]:
    spans = sentence_spans(text)
    for span in spans:
        piece = span.of(text)
        assert piece == piece.strip() and piece, f"span {span} has surrounding whitespace: {piece!r}"
    assert spans == sorted(spans) and all(a.end <= b.start for a, b in itertools.pairwise(spans))
    return [s.of(text) for s in spans]


def test_simple_sentences() -> None:
    assert sentences("One here. Two there! Three? Four.") == ["One here.", "Two there!", "Three?", "Four."]


def test_empty_and_blank_text() -> None:
    assert sentences("") == []
    assert sentences(" \n\n\t ") == []


def test_text_without_a_terminator_is_one_sentence() -> None:
    assert sentences("  no period at the end  ") == ["no period at the end"]


@pytest.mark.parametrize(
    "text",
    [
        "Use a tool, e.g. Harper, for this.",
        "Use a tool, i.e. Harper, for this.",
        "Use a tool (e.g. Harper) for this.",
        "We met Dr. Smith and Mr. Jones today.",
        "See Fig. 3 and Eq. 2 for details.",
        "As shown in Sec. 4 and Ch. 2 of the book.",
        "Smith et al. reported it first.",
        "Smith et al. (2003) reported it first.",
        "Apples, pears, etc. are fruit.",
        "The result vs. the baseline is good.",
        "It weighs approx. five kilos.",
        "It is on p. 12 of vol. 3 of the series.",
        "See No. 5 in the list.",
        "We compare it cf. the baseline.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    [
        "Pi is about 3.14 in most cases.",
        "Install v1.2.3 of the package today.",
        "We need Python 3.11.7 or newer here.",
        "Edit config.yaml and main.py first.",
        "Visit https://example.com/a.b?c=d.e for more.",
        "Write to me@example.com any time.",
        "The U.S. team won the game.",
        "The book by J. R. R. Tolkien is long.",
        "It starts at 9 a.m. sharp every day.",
        "It was expensive ($3.50) and slow.",
    ],
)
def test_numbers_names_and_files_do_not_end_sentences(text: str) -> None:
    assert sentences(text) == [text]


def test_a_file_name_at_the_end_of_a_sentence() -> None:
    assert sentences("Edit config.yaml. Then run it.") == ["Edit config.yaml.", "Then run it."]


def test_a_version_at_the_end_of_a_sentence() -> None:
    assert sentences("We need Python 3.11.7. It is fast.") == ["We need Python 3.11.7.", "It is fast."]


def test_an_abbreviation_that_may_end_a_sentence() -> None:
    assert sentences("We sell apples, pears, etc. The shop opens at nine.") == [
        "We sell apples, pears, etc.",
        "The shop opens at nine.",
    ]


def test_a_capital_after_a_title_does_not_start_a_sentence() -> None:
    assert sentences("Ask Prof. Jones. She knows.") == ["Ask Prof. Jones.", "She knows."]


def test_citation_placeholders() -> None:
    assert sentences("It is based on rules [1]. Later work [1] treated it.") == [
        "It is based on rules [1].",
        "Later work [1] treated it.",
    ]


def test_ellipses() -> None:
    assert sentences("Wait... what is this? I wonder... Then it ends…") == [
        "Wait... what is this?",
        "I wonder...",
        "Then it ends…",
    ]


def test_closing_quotes_and_brackets_belong_to_the_sentence() -> None:
    assert sentences('He said "Stop." Then he left. (See the note.) Next “one.” Done.') == [
        'He said "Stop."',
        "Then he left.",
        "(See the note.)",
        "Next “one.”",
        "Done.",
    ]


def test_combined_terminators() -> None:
    assert sentences("Really?! Yes!! Fine.") == ["Really?!", "Yes!!", "Fine."]


def test_lowercase_after_a_period_continues_the_sentence() -> None:
    assert sentences("Use the approx. method here.") == ["Use the approx. method here."]


def test_an_enumerations_next_label_starts_a_sentence() -> None:
    text = "Our contributions: (a) We propose it. (b) it adds types. (iv) Results. 3) More."
    assert sentences(text) == [
        "Our contributions: (a) We propose it.",
        "(b) it adds types.",
        "(iv) Results.",
        "3) More.",
    ]
    assert sentences("See Fig. (a) and e.g. (b) for it.") == ["See Fig. (a) and e.g. (b) for it."]


def test_a_blank_line_always_ends_a_sentence() -> None:
    assert sentences("A heading\n\nSome text without end\n \nMore text.") == [
        "A heading",
        "Some text without end",
        "More text.",
    ]


def test_a_single_newline_does_not_end_a_sentence() -> None:
    assert sentences("This sentence\ncontinues here.") == ["This sentence\ncontinues here."]


def test_list_items_on_their_own_lines_are_separate() -> None:
    assert sentences("Steps:\n- install it\n- run it\n1. first\n2) second") == [
        "Steps:",
        "- install it",
        "- run it",
        "1. first",
        "2) second",
    ]


def test_a_number_before_a_period_mid_sentence() -> None:
    assert sentences("It was 2003. The next year was better.") == [
        "It was 2003.",
        "The next year was better.",
    ]


def test_display_math_placeholders() -> None:
    assert sentences("The energy is\nMath.\nHere Math is the mass.") == [
        "The energy is\nMath.",
        "Here Math is the mass.",
    ]


def test_spans_are_code_point_offsets() -> None:
    text = "Party 🎉 time. Next 𝔘 one."
    spans = sentence_spans(text)
    assert [s.of(text) for s in spans] == ["Party 🎉 time.", "Next 𝔘 one."]
    assert spans[1].start == text.index("Next")


def test_crlf_paragraphs() -> None:
    assert sentences("One line\r\n\r\nTwo line.\r\nSame.") == ["One line", "Two line.", "Same."]


def test_long_text_is_fast_enough() -> None:
    text = "Dr. Smith wrote v1.2.3 of config.yaml, e.g. on Mon. It works. " * 20_000
    spans = sentence_spans(text)
    assert len(spans) == 40_000


@pytest.mark.parametrize(
    "text", ["." * 20000 + "x", "!?" * 10000 + "x", '."' * 10000 + "x", " " * 100000 + "a."]
)
def test_long_runs_of_punctuation_stay_linear(text: str) -> None:
    assert len(sentences(text)) <= 2


def _word(text: str, word: str) -> tuple[str, int, int]:
    start = text.index(word)
    return text, start, start + len(word)


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        ("Call is_file first.", "is", True),  # inside a token with an underscore
        ("Open do.py now.", "do", True),
        ("It needs libxml2 first.", "libxml", True),  # digits make a name
        ("Print [u]is[/u] bold.", "is", True),  # markup
        ("(see a.py).", "py", True),  # brackets and the full stop around a path are stripped
        ("It is done.", "done", False),  # a full stop is not code
        ("It is (mostly) done.", "mostly", False),  # nor are brackets around a word
        ("It's done.", "It", False),
    ],
)
def test_written_like_code(text: str, word: str, code: bool) -> None:
    assert written_like_code(*_word(text, word)) is code


@pytest.mark.parametrize(
    ("text", "word", "part"),
    [
        ("It re-run the step.", "run", True),
        ("A de-facto standard.", "de", True),
        ("Use a.py today.", "a", True),
        ("Dashes - like this - are fine.", "like", False),  # a dash between words is not a compound
        ("It runs.", "runs", False),
    ],
)
def test_part_of_identifier(text: str, word: str, part: bool) -> None:
    assert part_of_identifier(*_word(text, word)) is part
