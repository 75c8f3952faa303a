"""A look at articles, prepositions, noun number and commas after the correction, for ``wa correct``.

The correction model leaves much of what learners get wrong in these as it is: on JFLEG dev,
errant finds 145 missing or unneeded articles, 68 prepositions to replace, 75 nouns to put
in the other number and 167 missing punctuation marks, most of them commas (the largest
share), that two or more of the four references fix and ``wa correct`` did not. They are the
confusion sets of language-model GEC (Bryant and Briscoe, 2018): an article may go ("in the
life" -> "in life") or come before a word that stands bare ("at the time of interview"),
though "a" never becomes "the" or back, which changes what is meant; a preposition may
become another of a small set ("easy to me" -> "for me", "influence to economics" -> "on");
a noun may take the other number ("hobbies is", "very high temperature"); a comma may come
between two words, the first two among them ("To my surprise, nothing happened", "Also,
the youth have less pressure"). Each variant is judged as
``confusions.choose`` judges agreement swaps: the model must read it as plain text 2 nats
likelier than the sentence, and as the correction of the sentence not much less likely than
a copy. A form that is no English word is never offered (the word frequency list of
``wa_core.spelling``).

``wa correct`` takes this look (``model.usage``); ``wa check`` does not: in 300 held-out
documentation sentences it changed 13 more than ``wa correct`` without it, about half of them
for the worse ("Add prefix to" -> "Add the prefix to", where ``prefix`` is a parameter).

Everything here is text, so it is tested with scripted judges.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from wa_core.engine.confusions import WORD, Variant, number_forms
from wa_core.sentences import INLINE_CODE, part_of_identifier

VERSION = 5  # part of the result cache's key: bump it when the variants change

ARTICLES = frozenset({"the", "a", "an"})
PREPOSITIONS = ("in", "on", "at", "for", "to", "of", "with", "from", "about", "by", "into")
# Words that never take an article right before them, and words after which none is added:
# articles, prepositions, other determiners, pronouns, auxiliaries, conjunctions, adverbs of degree.
_FUNCTION_WORDS = ARTICLES | frozenset(PREPOSITIONS) | frozenset(
    {"this", "that", "these", "those", "my", "your", "his", "her", "its", "our",
     "their", "some", "any", "no", "every", "each", "all", "both",
     "and", "or", "but", "so", "if", "as", "than", "then", "is",
     "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
     "will", "would", "can", "could", "shall", "should", "may", "might", "must", "not", "very", "too",
     "also", "just", "only", "i", "you", "he", "she", "it", "we", "they", "me", "him", "us", "them",
     "who", "which", "what", "when", "where", "why", "how", "there", "here", "more", "most", "less",
     "much", "many", "few", "such", "own", "other", "another", "same"}
)  # fmt: skip
# What an article may follow: a preposition or a verb that takes an object, or nothing.
_BEFORE_AN_ARTICLE = frozenset(
    {*PREPOSITIONS, "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had"}
)
# A noun's other number must be at least this frequent in the word list (a count of a million
# in Google Books' n-grams): the plurals learners write of mass nouns are rarer ("advices",
# "stuffs", "evidences", "researches") and are never offered, though they are taken away.
_MIN_COUNT = 1_000_000
# An inserted article or comma is judged as a whole only if the plain reading of the sentence
# finds it at least as likely as the word it goes before. Most of the variants are insertions,
# and few are right: on 150 JFLEG dev sentences this floor spared 881 of 3,574 whole readings
# (article swaps among them, then) and lost none of the 24 insertions that read 2 nats better;
# the usual floor, -3 nats, is kept for the others (a noun's other number often starts with a
# rarer token).
_INSERTED = 0.0
# The judges' thresholds for commas and prepositions (the others take ``Judges``' 2 nats of
# plain reading and 1 of copy bias). The correction model, trained on sentences whose errors
# seldom lack a comma, scores a comma below a copy where the references of JFLEG dev add it
# ("If you want a product, you"); the plain reading finds it. A preposition swap changes what
# is meant more often than it mends it, on clean text above all ("with" -> "in"). Chosen on
# JFLEG dev from the judges' scores of every variant, recorded once and replayed
# (``benchmarks/usage_thresholds.py``), with the rank-32 adapter the model card ships; then
# measured by ``wa correct --lines``: 51.39 -> 51.62 GLEU, clean references changed 114 -> 111,
# held-out documentation sentences 31 -> 28. Prepositions at 4 nats alone: 107 clean
# references and no GLEU lost; commas at 1.5 and 4 nats: 51.83, but 127 clean references.
COMMA_FLUENCY, COMMA_COPY_BIAS = 1.5, 2.0
PREPOSITION_FLUENCY = 4.0


def variants(sentence: str, frequency: Mapping[str, int]) -> list[Variant]:
    """The article, preposition, noun-number and comma variants worth judging in ``sentence``.

    ``frequency`` is the word list (word -> count) that says which forms are words.
    Only lowercase words are touched, and no word inside an identifier, a path or inline code.
    """
    out: list[Variant] = []
    code = [c.span() for c in INLINE_CODE.finditer(sentence)]
    words = [m for m in WORD.finditer(sentence) if not any(a <= m.start() < b for a, b in code)]
    for n, m in enumerate(words):
        word = m.group()
        if part_of_identifier(sentence, m.start(), m.end()):
            continue
        if n < len(words) - 1 and _comma_may_follow(sentence, m, words[n + 1]):
            out.append(_comma(m.end()))  # "To my surprise, nothing"
        if not word.islower():
            continue
        previous = words[n - 1].group().lower() if n else ""
        gap_after = m.end() + 1 if sentence[m.end() : m.end() + 1] == " " else m.end()
        if word in ARTICLES:
            # "in the life" -> "in life"; never "a" for "the" or back, which is meaning, not
            # grammar: on JFLEG dev such swaps added 0.02 GLEU, on docs "Push a line" -> "the"
            out.append(Variant(m.start(), gap_after, ""))
            continue
        if word in PREPOSITIONS:
            others = (p for p in PREPOSITIONS if p != word)
            out.extend(Variant(m.start(), m.end(), p, min_fluency=PREPOSITION_FLUENCY) for p in others)
            continue
        if word in _FUNCTION_WORDS or word not in frequency:
            continue
        if previous not in _FUNCTION_WORDS or previous in _BEFORE_AN_ARTICLE:
            out.append(Variant(m.start(), m.start(), "the ", min_screen=_INSERTED))
            out.append(Variant(m.start(), m.start(), _indefinite(word) + " ", min_screen=_INSERTED))
        if len(word) > 3:
            out.extend(
                Variant(m.start(), m.end(), form)
                for form in number_forms(word)
                if frequency.get(form, 0) >= _MIN_COUNT
            )
    return out


def _comma_may_follow(sentence: str, word: re.Match[str], following: re.Match[str]) -> bool:
    """Whether only one space stands between the two words, the second no part of an identifier."""
    if following.start() != word.end() + 1 or sentence[word.end()] != " ":
        return False
    return not part_of_identifier(sentence, following.start(), following.end())


def _comma(at: int) -> Variant:
    """A comma inserted at ``at``, judged by its own thresholds."""
    return Variant(
        at, at, ",", min_screen=_INSERTED, min_fluency=COMMA_FLUENCY, max_copy_bias=COMMA_COPY_BIAS
    )


def _indefinite(following: str) -> str:
    """The indefinite article for ``following`` by its first letter ("an user" reads badly and is dropped)."""
    return "an" if following[:1].lower() in ("a", "e", "i", "o", "u") else "a"
