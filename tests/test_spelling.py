"""Candidate spellings for unknown words (``wa_core.spelling``): what the model chooses among."""

from __future__ import annotations

import pytest

from wa_core.spelling import (
    Lexicon,
    Speller,
    _codespell,
    _word_hashes,
    frequencies,
    is_word,
    known_misspelling,
    lexicon,
    match_case,
    max_distance,
    misspellings,
    parse_corrections,
)


def small_lexicon() -> Speller:
    frequency = {"the": 1000, "until": 500, "till": 300, "still": 400, "level": 200, "families": 50,
                 "family": 90, "famines": 5, "deeply": 40, "deadly": 30, "file": 100}  # fmt: skip
    return Speller(Lexicon({"untill": "until", "buf": "buff, but, bug,"}, frequency, tuple(frequency)))


def test_a_known_misspelling_gets_what_codespell_says_and_nothing_else() -> None:
    speller = small_lexicon()
    assert speller.candidates("untill") == ["until"]
    assert speller.corrections("Untill") == ("until",)
    assert speller.corrections("deaply") == ()


def test_other_words_get_the_nearest_frequent_words_nearest_first() -> None:
    speller = small_lexicon()
    # "deeply" and "deadly" are both one edit from "deaply": the more frequent first
    assert speller.candidates("deaply") == ["deeply", "deadly"]
    # "families" and "famines" are one edit from "familes", "family" two
    assert speller.candidates("familes") == ["families", "famines", "family"]
    assert speller.candidates("familes", limit=1) == ["families"]


def test_candidates_take_the_words_case() -> None:
    speller = small_lexicon()
    assert speller.candidates("Untill") == ["Until"]
    assert speller.candidates("DEAPLY")[:1] == ["DEEPLY"]
    assert match_case("ipod", "iPod") == "iPod" and match_case("Ipod", "iPod") == "IPod"


def test_words_it_knows_and_words_that_are_not_words_get_none() -> None:
    speller = small_lexicon()
    assert speller.candidates("family") == []  # a word of the list: Harper lacks it, English has it
    assert speller.candidates("tk") == []  # too short to guess
    assert speller.candidates("i9") == [] and speller.candidates("a_b") == [] and speller.candidates("") == []


def test_a_prefix_or_suffix_cut_is_no_candidate() -> None:
    # "toplevel" and "dhfile" are terms built on "level" and "file", not slips of the pen for them
    speller = small_lexicon()
    assert "level" not in speller.candidates("toplevel")
    assert "file" not in speller.candidates("dhfile")
    assert speller.candidates("fille") == ["file", "till"]  # one letter more is a slip


def test_longer_words_may_be_further_from_their_word() -> None:
    assert [max_distance(w) for w in ("teh", "wrod", "palce", "familes", "cigarrets")] == [1, 1, 2, 2, 3]


@pytest.mark.parametrize(
    ("word", "meant"),
    [("untill", "until"), ("familes", "families"), ("deaply", "deeply"), ("actally", "actually"),
     ("cigarrets", "cigarettes"), ("Afther", "After"), ("tecnologies", "technologies")],
)  # fmt: skip
def test_the_shipped_lists_offer_the_word_meant(word: str, meant: str) -> None:
    pytest.importorskip("rapidfuzz")
    if not lexicon().frequency or not lexicon().misspellings:
        pytest.skip("the word lists are not installed")
    assert meant in Speller().candidates(word)


def test_the_lists_load_only_when_a_word_is_looked_up() -> None:
    lexicon.cache_clear()
    speller = Speller()
    assert lexicon.cache_info().currsize == 0
    speller.candidates("untill")
    assert lexicon.cache_info().currsize == 1


def test_codespell_lines_give_their_words_and_not_their_reasons() -> None:
    assert parse_corrections("until") == ("until",)
    assert parse_corrections("buff, but, bug,") == ("buff", "but", "bug")
    assert parse_corrections("class, disabled because of name clash in c++") == ("class",)


def test_the_checkers_slip_test_reads_codespells_list_for_words_of_five_letters_or_more() -> None:
    assert known_misspelling("untill") == known_misspelling("Untill") == ("until",)
    assert known_misspelling("achillees") == ("Achilles",)  # in the list's case
    assert known_misspelling("ment") == ()  # too short to trust: "(ing, ion, ment)"
    assert known_misspelling("frobnicate") == ()
    # the compact form holds what the dict of the list's lines holds
    assert all(misspellings().line(w) == right for w, right in list(_codespell().items())[::25])


def test_is_word_knows_every_dialects_spelling_and_no_misspelling() -> None:
    if not lexicon().frequency:
        pytest.skip("the word list is not installed")
    assert all(is_word(w) for w in ("colour", "color", "theatre", "organisation", "travelled"))
    assert not any(is_word(w) for w in ("authour", "scienses", "yaer"))
    # the compact form holds what the list holds
    assert all(is_word(w) for w in list(lexicon().frequency)[::97])


def test_is_word_reads_no_list_the_speller_has_read_already(monkeypatch: pytest.MonkeyPatch) -> None:
    from wa_core import spelling

    lexicon.cache_clear()
    frequencies.cache_clear()
    _word_hashes.cache_clear()
    reads: list[int] = []
    read = spelling._frequency_fields

    def counted() -> list[str]:
        reads.append(1)
        return read()

    monkeypatch.setattr(spelling, "_frequency_fields", counted)
    try:
        Speller().candidates("untill")  # wa correct's speller loads the lexicon
        found = is_word("colour")
        assert len(reads) == 1
        assert found == bool(lexicon().frequency)
    finally:
        lexicon.cache_clear()
        frequencies.cache_clear()
        _word_hashes.cache_clear()
