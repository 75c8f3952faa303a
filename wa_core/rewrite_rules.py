"""The half of a rewrite that needs no model: changes with one right answer everywhere.

The model is trained to make exactly these changes (``training/data/rewrite.py`` puts
wordy phrases, contractions and ornate words into clean sentences and teaches the way
back), yet a 135M model leaves some ("It is important to note that …" survives a concise
rewrite, "I'm" and "won't" a formal one). They are made here first, and the model rewrites the
result (``Engine.rewrite``).

- ``concise``: wordy phrases in their plain forms ("in order to" → "to", "is able to" →
  "can"), empty openers taken out. Only phrases with one meaning in every context: "with
  respect to" stays (mathematics), "a lot of" is informal rather than wordy.
- ``formal``: contractions written out ("don't" → "do not", "can't" → "cannot", "it's" →
  "it is", or "it has" before "been"). "Let's", the "'d" forms (had or would) and a
  negation before its subject ("Won't it work?") stay.
- ``simplify``: ornate words with one plain word for them ("utilize" → "use", "commence" →
  "start", "numerous" → "many").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from wa_core.sentences import INLINE_CODE

VERSION = 3  # part of the result cache's key for rewrites: bump it when what changes changes

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


def apply(style: str, text: str) -> str:
    """``text`` with the changes ``style`` always makes, outside inline code (editors send
    the Markdown source: "run `can't-fail`" stays); as it is for the other styles."""
    rules = STYLES.get(style)
    if rules is None:
        return text
    parts, last = [], 0
    for m in INLINE_CODE.finditer(text):
        parts += [rules(text[last : m.start()]), m.group()]
        last = m.end()
    return "".join([*parts, rules(text[last:])])


def concise(text: str) -> str:
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


# Not before a subject: "Won't it work?" and "…, isn't it?" ask, and "will not it" is no English.
_INVERTED = r"(?!\s+(?:I|you|he|she|it|we|they|that|this|there)\b)"
_NOT = re.compile(
    r"\b(do|does|did|is|are|was|were|has|have|had|could|should|would|must|need|might)n[’']t\b" + _INVERTED,
    re.IGNORECASE,
)
_IRREGULAR_NOT = {"won't": "will not", "can't": "cannot", "shan't": "shall not"}
_IRREGULAR = re.compile(r"\b(?:won|can|shan)[’']t\b" + _INVERTED, re.IGNORECASE)
_PRONOUN_VERB = re.compile(
    r"\b(I)[’']m\b|\b(we|you|they)[’']re\b|\b(I|we|you|they|he|she|it)[’'](ll|ve)\b", re.IGNORECASE
)
_IS_OR_HAS = re.compile(r"\b(it|that|there|here|what|who|he|she)[’']s(?=\s+(\w+))", re.IGNORECASE)
_PARTICIPLES = frozenset(("been", "got", "gotten", "had"))


def formal(text: str) -> str:
    """``text`` with its contractions written out."""
    out = _IRREGULAR.sub(
        lambda m: _same_case(_IRREGULAR_NOT[m.group().casefold().replace("’", "'")], m), text
    )
    out = _NOT.sub(lambda m: f"{m.group(1)} not", out)
    out = _PRONOUN_VERB.sub(_pronoun_verb, out)
    return _IS_OR_HAS.sub(
        lambda m: f"{m.group(1)} {'has' if m.group(2).casefold() in _PARTICIPLES else 'is'}", out
    )


def _pronoun_verb(m: re.Match[str]) -> str:
    if m.group(1):
        return f"{m.group(1)} am"
    if m.group(2):
        return f"{m.group(2)} are"
    return f"{m.group(3)} {'will' if m.group(4).casefold() == 'll' else 'have'}"


# Ornate words with a plain word for them in every sense and form (not "purchase", also a
# noun; not "sufficient", which "a" would have to follow; not "demonstrated", "showed" or
# "shown").
_PLAIN = {
    "utilize": "use", "utilizes": "uses", "utilized": "used", "utilizing": "using",
    "utilise": "use", "utilises": "uses", "utilised": "used", "utilising": "using",
    "commence": "start", "commences": "starts", "commenced": "started", "commencing": "starting",
    "facilitate": "help", "facilitates": "helps", "facilitated": "helped", "facilitating": "helping",
    "approximately": "about", "numerous": "many", "additionally": "also", "subsequently": "later",
}  # fmt: skip
_ORNATE = re.compile(rf"\b(?:{'|'.join(_PLAIN)})\b", re.IGNORECASE)


def simplify(text: str) -> str:
    """``text`` with its ornate words in their plain forms ("utilize" → "use")."""
    return _ORNATE.sub(lambda m: _same_case(_PLAIN[m.group().casefold()], m), text)


STYLES: dict[str, Callable[[str], str]] = {"concise": concise, "formal": formal, "simplify": simplify}
