"""The changes a style always makes: wordy phrases made plain, contractions written out;
what has more than one reading stays."""

from __future__ import annotations

import pytest

from wa_core.rewrite_rules import apply, concise, formal, simplify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We ran it in order to see the result.", "We ran it to see the result."),
        ("In order to be able to run it, install Python.", "To run it, install Python."),
        ("Due to the fact that it is fast, we use it.", "Because it is fast, we use it."),
        ("The tool is able to parse files.", "The tool can parse files."),
        ("A large number of users have the ability to edit it.", "Many users can edit it."),
        ("Call us in the event that it fails.", "Call us if it fails."),
        ("It is important to note that the cache is shared.", "The cache is shared."),
        ("It should be noted that iPhone users need it.", "iPhone users need it."),  # a mixed-case word
        ("To install it, it is worth noting that you need pip.", "To install it, you need pip."),
        ("It works. It goes without saying that it is fast.", "It works. It is fast."),
    ],
)
def test_wordy_phrases_become_plain(text: str, expected: str) -> None:
    assert concise(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The derivative with respect to x is zero.",  # mathematics, not wordiness
        "We have a lot of tests.",  # informal, not wordy: the formal style's to change
        "Order the list first.",
        "",
    ],
)
def test_plain_text_is_left_as_it_is(text: str) -> None:
    assert concise(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We don't know why it isn't here.", "We do not know why it is not here."),
        ("They can't and won't come.", "They cannot and will not come."),
        (
            "I'm sure we'll see what they've done; you're late.",
            "I am sure we will see what they have done; you are late.",
        ),
        ("It's big and it's been slow.", "It is big and it has been slow."),
        ("That’s what doesn’t work.", "That is what does not work."),  # typographic apostrophes
    ],
)
def test_contractions_are_written_out(text: str, expected: str) -> None:
    assert formal(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Won't it work? It works, isn't it?",  # a negation before its subject asks
        "Let's go, I'd say.",  # "let us" is stiffer than formal; "'d" is had or would
        "The user's file is the tool's.",  # possessives
    ],
)
def test_contractions_with_more_than_one_reading_stay(text: str) -> None:
    assert formal(text) == text


def test_ornate_words_with_one_plain_word_become_it() -> None:
    text = "Additionally, we utilized numerous tools; utilising them facilitates the work."
    assert simplify(text) == "Also, we used many tools; using them helps the work."
    assert simplify("We made a purchase that was sufficient.") == "We made a purchase that was sufficient."


def test_inline_code_is_left_as_it_is() -> None:
    text = "Don't run `don't-stop` in order to test, it is important to note that ``a `can't` b`` fails."
    assert (
        apply("formal", text)
        == "Do not run `don't-stop` in order to test, it is important to note that ``a `can't` b`` fails."
    )
    assert apply("concise", text) == "Don't run `don't-stop` to test, ``a `can't` b`` fails."


def test_styles_without_rules_are_left_to_the_model() -> None:
    assert apply("paraphrase", "In order to run it, don't wait.") == "In order to run it, don't wait."
    assert apply("concise", "In order to run it.") == "To run it."
