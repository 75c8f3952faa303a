"""Sentence spans over prose, for the checkers that work one sentence at a time.

A regex-driven segmenter of our own: it returns exact offsets (the model cache and
the edit alignment key on them), runs in linear time, and knows the cases technical
prose is full of. A period ends a sentence only when what comes before it is not an
abbreviation or an initial and what comes after does not continue the sentence, so
"e.g. Python", "Dr. Smith", "Fig. 3", "3.14", "v1.2.3" and "config.yaml" stay whole.
A blank line always ends a sentence; so does a new list item on its own line. An
enumeration's label after a full stop opens a sentence as a capital does ("types. (b) We").
"""

from __future__ import annotations

import re

from wa_core.document import Span


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations that never end a sentence: a name, a number or an example follows.
_NEVER_FINAL = _words("""
    mr mrs ms mx dr prof rev hon gen col capt lt sgt st mt ft sr jr messrs
    fig figs eq eqs eqn sec secs ch chap tab tabs app apx ref refs thm lem def cor prop alg
    vol vols pp p ed eds ser no nos art para
    e.g eg i.e ie cf vs v viz approx ca cca resp incl esp w.r.t wrt a.k.a aka
    """)
# Abbreviations that may end a sentence: they end one when a capital follows.
_MAYBE_FINAL = _words("""
    etc al et.al inc ltd co corp bros llc plc ibid op.cit
    jan feb mar apr jun jul aug sep sept oct nov dec
    a.m p.m u.s u.k e.u u.n b.c a.d ph.d
    """)
# "No." and "no." are only abbreviations before a number.
_NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "p", "pp", "art", "para"})

_CLOSERS = "\"'”’»)]}"
_OPENERS = "\"'“‘«([{"
# A terminator run with any closing quotes or brackets, then whitespace or the end.
_CANDIDATE = re.compile(
    r"(?P<par>\n[ \t\r]*\n)"
    r"|(?P<item>\n(?=[ \t]*(?:[-*+•‣◦]|\d{1,3}[.)])[ \t]))"
    r"|(?P<end>(?<![.!?…])(?:\.\.\.|[.!?…])++[\"'”’»)\]]*+)(?=\s|$)"  # possessive: no backtracking
)
_INITIAL = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_DIGITS = re.compile(r"^\d+$")
# The label of an enumeration's item in running text: "(b)", "(iv)", "(2)", "c)", "[4]".
ENUMERATION_LABEL = re.compile(r"\[\w{1,3}\]|\(?(?:[A-Za-z]|[ivx]{1,4}|\d{1,2})\)")


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text`` as spans that exclude surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        if m.lastgroup == "end":
            if not _ends_sentence(text, m.start(), m.end()):
                continue
            _add(spans, text, start, m.end())
            start = m.end()
        else:
            _add(spans, text, start, m.start())
            start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append(Span(start, end))


def _next_word(text: str, pos: int) -> str:
    """The text after whitespace following ``pos``, up to the next whitespace."""
    n = len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    end = pos
    while end < n and not text[end].isspace():
        end += 1
    return text[pos:end]


def _ends_sentence(text: str, start: int, end: int) -> bool:
    """Whether the terminator run ``text[start:end]`` ends a sentence."""
    run = text[start:end].rstrip(_CLOSERS)
    following = _next_word(text, end)
    after = following.lstrip(_OPENERS)
    if not after:
        return True  # end of the text
    # An enumeration's next label opens a sentence as a capital does: "fashion. (b) It adds".
    first = "A" if ENUMERATION_LABEL.fullmatch(following) else after[0]
    if first.islower():
        return False  # "e.g. foo", "approx. five", "Wait... what"
    if run != "." or start == 0:
        # "?", "!", an ellipsis: a capital, a digit or a bracket after it starts a sentence.
        return not (run.endswith(("...", "…")) and not first.isupper())
    word = _word_before(text, start)
    key = word.lower()
    if not word:
        return True
    if key in _NUMBER_ABBREVIATIONS:
        return not first.isdigit() and key not in {"p", "pp"}
    if key in _NEVER_FINAL:
        return False
    if key in _MAYBE_FINAL or (_INITIAL.match(word) and "." in word):
        return first.isupper()
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. R. R. Tolkien"
    return not (_DIGITS.match(word) and _at_line_start(text, start - len(word)))


def _word_before(text: str, pos: int) -> str:
    """The token ending at ``pos`` with leading brackets and quotes stripped."""
    begin = pos
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:pos].lstrip(_OPENERS)


def _at_line_start(text: str, pos: int) -> bool:
    """Whether only whitespace precedes ``pos`` on its line (a "1." list marker)."""
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


# --- words that are code, not prose ------------------------------------------------------

# Inline code as Markdown writes it: a run of backticks, the code, the same run again.
INLINE_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
CODE_CHARS = frozenset("0123456789_./\\@#:=<>$%&+*~|`[]{}")
_EDGE_PUNCTUATION = "()[]{}<>.,;:!?\"'“”‘’*_`"


def written_like_code(text: str, start: int, end: int, edges: str = _EDGE_PUNCTUATION) -> bool:
    """Whether a whitespace-separated token touching ``[start, end)`` has code characters.

    Each token is read without the punctuation in ``edges`` around it ("(see a.py)." has
    code, "word." does not).
    """
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return any(c in CODE_CHARS for token in text[start:end].split() for c in token.strip(edges))


def part_of_identifier(text: str, start: int, end: int) -> bool:
    """Whether the word at ``[start, end)`` is part of ``apy.py``, ``a/b`` or ``de-facto``.

    A part of a hyphenated compound is not a word of its own: an unknown part is usually a
    loan word or a name ("de-facto", "mix-ins", "harper-wasm"), and a verb part does not
    agree with anything ("it re-run").
    """
    if (start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()) or (
        end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha()
    ):
        return True
    return written_like_code(text, start, end)
