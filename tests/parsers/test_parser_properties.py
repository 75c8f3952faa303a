"""Properties every parser keeps on any input: it never raises, and positions never drift.

Random documents mix markup snippets of each format with text, emoji, astral
characters and CRLF line endings. Each copied prose character must be the very
source character it maps to, and every mapped span must stay inside the source.
"""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prose_assertions import assert_maps_back

from wa_core.document import Span
from wa_core.parsers import parse
from wa_core.sentences import sentence_spans

_TEXT = st.text(
    alphabet=st.sampled_from([*list("abc XYZ.,;!?'\"()-_*"), "é", "🎉", "𝔘", "\xa0", "\t"]),
    min_size=0,
    max_size=12,
)
_BREAKS = st.sampled_from(["\n", "\r\n", "\n\n", "\r\n\r\n", "\r", " "])

_MARKDOWN = [
    "# ",
    "## ",
    "- ",
    "1. ",
    "> ",
    "    ",
    "```\n",
    "```python\n",
    "~~~\n",
    "`",
    "``",
    "*",
    "**",
    "_",
    "~~",
    "[",
    "]",
    "](",
    ")",
    "![",
    "<",
    ">",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<br>",
    "$",
    "$$",
    "\\",
    "\\*",
    "&amp;",
    "&#x1F389;",
    "| a | b |\n|---|---|\n",
    "|",
    "---\n",
    "+++\n",
    "[^1]",
    "[^1]: ",
    "https://x.org/a_b",
    "<https://x.org>",
    "[r]: /u\n",
    "===\n",
    "<div>\n",
    "<script>\n",
    "<details>\n",
    "<summary>",
    "</summary>\n",
    "<pre>\n",
    "</pre>\n",
    "<code>",
    "</code>",
    "<td>",
]
_LATEX = [
    "\\section{",
    "\\emph{",
    "\\textbf{",
    "\\texttt{",
    "\\cite{",
    "\\citep[p.~3]{",
    "\\ref{",
    "\\label{",
    "\\footnote{",
    "\\url{",
    "\\href{",
    "\\verb|",
    "\\item ",
    "\\item[",
    "\\begin{itemize}",
    "\\end{itemize}",
    "\\begin{equation}",
    "\\end{equation}",
    "\\begin{verbatim}",
    "\\end{verbatim}",
    "\\begin{document}",
    "\\end{document}",
    "\\begin{tabular}{ll}",
    "\\end{tabular}",
    "&",
    "\\\\",
    "{",
    "}",
    "[",
    "]",
    "$",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "%",
    "\\%",
    "~",
    "--",
    "---",
    "``",
    "''",
    "\\'e",
    '\\"{\\i}',
    "\\newcommand{",
    "\\def\\x#1{",
    "\\unknown",
    "\\newcommand{\\m}{Gecko}",
    "\\m",
    "\\citekey2003",
    "\\title{",
    "#1",
    "\\",
    "\\ ",
]
_RST = [
    "=====\n",
    "-----\n",
    "- ",
    "1. ",
    "#. ",
    ":param x: ",
    ".. ",
    ".. note:: ",
    ".. code-block:: py\n",
    ".. _t: http://x\n",
    ".. |s| replace:: x\n",
    ".. [1] ",
    "::",
    "    ",
    "``",
    "`",
    "`_",
    "`__",
    ":func:`",
    "*",
    "**",
    "|",
    "[1]_",
    "_`",
    "\\",
    ">>> ",
    "+---+\n",
    "| a |\n",
    "=== ===\n",
    "https://x.org",
]
_ASCIIDOC = [
    "= ",
    "== ",
    "Title\n=====\n",
    "----\n",
    "....\n",
    "////\n",
    "====\n",
    "--\n",
    "|===\n",
    "| a | b\n",
    "a|",
    "[source,py]\n",
    '[cols="1,1m"]\n',
    "[[id]]",
    ":attr: value\n",
    "{attr}",
    "// ",
    "* ",
    ". ",
    "term:: ",
    "+\n",
    "NOTE: ",
    "`",
    "*",
    "_",
    "'",
    "#",
    "+",
    "<x>",
    "<<",
    ">>",
    "footnote:[",
    "link:",
    "]",
    "[",
    "\\",
    "https://x.org[",
    " +\n",
    "&amp;",
    "((",
    "))",
]


def documents(snippets: list[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(_TEXT, _BREAKS, st.sampled_from(snippets))
    return st.lists(piece, max_size=30).map("".join)


def check(source: str, language: str) -> None:
    doc = parse(source, language=language)
    assert doc.source == source
    assert_maps_back(doc)
    for span in sentence_spans(doc.prose):
        mapped = doc.to_source(span)
        assert 0 <= mapped.start <= mapped.end <= len(source)
    assert doc.to_source(Span(len(doc.prose), len(doc.prose))).end <= len(source)


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(documents(_MARKDOWN))
def test_markdown_positions_never_drift(source: str) -> None:
    check(source, "markdown")


@_SETTINGS
@given(documents(_LATEX))
def test_latex_positions_never_drift(source: str) -> None:
    check(source, "latex")


@_SETTINGS
@given(documents(_RST))
def test_rst_positions_never_drift(source: str) -> None:
    check(source, "restructuredtext")


@_SETTINGS
@given(documents(_ASCIIDOC))
def test_asciidoc_positions_never_drift(source: str) -> None:
    check(source, "asciidoc")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_in_any_language(source: str) -> None:
    for language in ("markdown", "latex", "restructuredtext", "asciidoc", "plaintext"):
        check(source, language)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_sentence_spans_are_ordered_and_trimmed(text: str) -> None:
    spans = sentence_spans(text)
    for a, b in itertools.pairwise(spans):
        assert a.end <= b.start
    for span in spans:
        piece = span.of(text)
        assert piece and piece == piece.strip()
    covered = "".join(s.of(text) for s in spans)
    assert "".join(covered.split()) == "".join(text.split())
