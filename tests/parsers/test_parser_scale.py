"""Large documents parse in one linear pass, with per-run (not per-character) bookkeeping.

No timing assertions (shared CI machines vary); a quadratic parser would still make
these tests crawl, and the segment counts pin the memory bound.
"""

from __future__ import annotations

import pytest
from prose_assertions import assert_maps_back

from wa_core.document import ProseDocument
from wa_core.parsers import parse
from wa_core.sentences import sentence_spans

_PARAGRAPH = (
    "The parser reads each *paragraph* line by line and keeps the position of every character, "
    "so that a finding maps back 🎉 to the source. It handles `code`, [links](https://x.org) and $x^2$.\n"
)
_UNITS = {
    "markdown": "## Title\n\n"
    + _PARAGRAPH * 3
    + "\n- item one\n- item two\n\n```\ncode\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n",
    "latex": (
        "\\section{Title}\nEarly systems~\\cite{naber2003} used \\emph{rules} and $O(n)$ steps.% note\n"
        "\\begin{equation}\n x = 1.\n\\end{equation}\nText\\footnote{A note.} ends here.\n\n"
    ),
    "restructuredtext": (
        "Title\n=====\n\nSome *text* with ``code`` and :func:`x` and a `link <https://x.org>`_.\n\n"
        ".. note:: A note.\n\n- item\n\n.. code-block:: python\n\n   x = 1\n\n"
    ),
    "asciidoc": (
        "== Title\n\nSome *text* with `code`, a https://x.org[link] and {attr}.footnote:[A note.]\n\n"
        "NOTE: A note.\n\n* item\n\n[source,python]\n----\nx = 1\n----\n\n|===\n|a |b\n|===\n\n"
    ),
    "plaintext": _PARAGRAPH,
}


@pytest.mark.parametrize("language", sorted(_UNITS))
def test_a_megabyte_parses_with_bounded_bookkeeping(language: str) -> None:
    unit = _UNITS[language].replace("\n", "\r\n") if language == "latex" else _UNITS[language]
    source = unit * (1_000_000 // len(unit))
    doc = parse(source, language=language)
    assert len(doc.segments) < len(source) / 4  # runs of text, never one per character
    assert len(doc.prose) <= len(source)
    assert len(sentence_spans(doc.prose)) > len(source) // 500
    head = doc.segments[:2000]
    assert_maps_back(ProseDocument(doc.source, doc.prose[: head[-1].prose_end], head, language))


@pytest.mark.parametrize(
    ("language", "source"),
    [
        ("markdown", "[a](" * 5000),
        ("markdown", "[" * 20000),
        ("markdown", "`a " * 5000),
        ("markdown", "$a " * 5000),
        ("latex", "\\item[" * 5000),
        ("latex", "\\begin{itemize}" * 3000 + "\\end{x}" * 3000),
        ("latex", "\\label{" * 5000),
        ("restructuredtext", "**a " * 3000),
        ("restructuredtext", "``" * 5000),
        ("restructuredtext", "-a" * 2000 + "!"),
        ("restructuredtext", ":" * 50000),
        ("markdown", "a" + " " * 100000 + "b"),
        ("markdown", "Text {{< note >}} here.\n\n" * 20000),
        ("asciidoc", "*a " * 5000),
        ("asciidoc", "`" * 20000),
        ("asciidoc", "link:x[" * 5000),
        ("asciidoc", "'a " * 5000),
        ("asciidoc", "|" * 20000),
        ("asciidoc", "----\n" + "x\n" * 20000),
        ("asciidoc", "a:: " * 5000),
    ],
)
def test_unclosed_markup_repeated_stays_linear(language: str, source: str) -> None:
    doc = parse(source, language=language)
    assert len(doc.prose) <= len(source) + 10
