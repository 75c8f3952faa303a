"""Wordy phrases and their plain forms: the half of a concise rewrite that needs no model.

The model is trained to take out exactly these phrases (``training/data/rewrite.py`` puts
them into clean sentences and teaches the way back), yet a 135M model leaves some in
("It is important to note that …" survives a concise rewrite). A phrase that always
means its plain form is replaced here first; the model then rewrites what is left.

Only phrases with one meaning in every context are listed: "with respect to" stays
(mathematics), "a lot of" is informal rather than wordy, "is able to" becomes "can".
"""

from __future__ import annotations

import functools
import re

VERSION = 1  # part of the result cache's key for concise rewrites: bump it when the list changes

# (pattern, plain form); matched case-insensitively, a capital first letter kept
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"in order to", "to"),
    (r"to be able to", "to"),
    (r"(?:due|owing) to the fact that", "because"),
    (r"despite the fact that|in spite of the fact that", "although"),
    (r"in the event that", "if"),
    (r"at this point in time|at the present time", "now"),
    (r"on a frequent basis", "often"),
    (r"on a daily basis", "daily"),
    (r"with regard to|in regard to", "about"),
    (r"first and foremost", "first"),
    (r"a (?:large|great) number of|a great many", "many"),
    (r"(?:has|have) the ability to", "can"),
    (r"(?:is|are) able to", "can"),
    (r"for the purpose of", "for"),
    (r"in the near future", "soon"),
    (r"until such time as", "until"),
)
_WORDY = [(re.compile(rf"\b(?:{p})\b", re.IGNORECASE), plain) for p, plain in _PHRASES]

# Openers that add nothing to the clause they lead into.
_OPENER = re.compile(
    r"\b(?:it is important to note that|it should be noted that|it is worth (?:mentioning|noting) that"
    r"|it goes without saying that|as a matter of fact,|in point of fact,|needless to say,|basically,)\s+",
    re.IGNORECASE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")


def trim(text: str) -> str:
    """``text`` with its wordy phrases in their plain forms and empty openers taken out."""
    out = _drop_openers(text)
    for pattern, plain in _WORDY:
        out = pattern.sub(functools.partial(_same_case, plain), out)
    return out


def _drop_openers(text: str) -> str:
    """Each empty opener taken out (it leads into a whole clause, which stands alone); at a
    sentence's start its capital goes to the next word, unless that word is written in mixed
    case on purpose ("iPhone")."""
    parts, last = [], 0
    for m in _OPENER.finditer(text):
        parts.append(text[last : m.start()])
        last = m.end()
        word = re.match(r"\S+", text[last:])
        starts = _SENTENCE_START.search(text, 0, m.start()) is not None
        if starts and m.group()[:1].isupper() and word and word.group().islower():
            parts.append(text[last].upper())
            last += 1
    parts.append(text[last:])
    return "".join(parts)


def _same_case(plain: str, found: re.Match[str]) -> str:
    """``plain`` with the capital ``found`` starts with, if it does."""
    return plain[:1].upper() + plain[1:] if found.group()[:1].isupper() else plain
