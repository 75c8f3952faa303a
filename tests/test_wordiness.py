"""Wordy phrases become their plain forms; what has more than one meaning stays."""

from __future__ import annotations

import pytest

from wa_core.wordiness import trim


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
    assert trim(text) == expected


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
    assert trim(text) == text
