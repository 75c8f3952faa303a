"""Plain text is its own prose, and the factory picks parsers by language and path."""

from __future__ import annotations

import logging

import pytest
from prose_assertions import assert_prose, prose_of

from wa_core.parsers import language_for, parse, parser_for


def test_plain_text_is_prose_unchanged() -> None:
    assert_prose("Some *text* with `marks` and $math$.", "Some *text* with `marks` and $math$.", "plaintext")


def test_crlf_and_emoji_are_kept() -> None:
    source = "Line 🎉 one\r\n\r\nLine two."
    assert prose_of(source, "plaintext").prose == source


def test_empty_text() -> None:
    doc = prose_of("", "plaintext")
    assert doc.prose == "" and doc.segments == ()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("markdown", "markdown"),
        ("mdx", "markdown"),
        ("tex", "latex"),
        ("rst", "restructuredtext"),
        ("txt", "plaintext"),
    ],
)
def test_every_language_has_a_parser(language: str, expected: str) -> None:
    assert parser_for(language_for(language_id=language)).language == expected


@pytest.mark.parametrize(
    ("path", "prose"),
    [("a.md", "Title"), ("a.tex", "Title"), ("a.rst", "Title"), ("a.txt", "# Title")],
)
def test_parse_picks_the_parser_by_extension(path: str, prose: str) -> None:
    source = {"a.md": "# Title", "a.tex": r"\section{Title}", "a.rst": "Title\n=====", "a.txt": "# Title"}[
        path
    ]
    doc = parse(source, path=path)
    assert doc.prose.rstrip() == prose
    assert doc.path == path


def test_an_unknown_language_falls_back_to_plain_text(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="wa.parsers"):
        doc = parse("*x*", language="cobol")
    assert doc.prose == "*x*" and doc.language == "plaintext"
    assert "cobol" in caplog.text
