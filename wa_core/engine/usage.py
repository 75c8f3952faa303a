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
from collections.abc import Mapping, Sequence

from wa_core.engine.confusions import WORD, Judges, Variant, number_forms
from wa_core.function_words import ARTICLES, DEMONSTRATIVES, POSSESSIVES
from wa_core.sentences import INLINE_CODE, part_of_identifier

VERSION = 8  # part of the result cache's key (``cache_version``): bump it when the variants change

PREPOSITIONS = ("in", "on", "at", "for", "to", "of", "with", "from", "about", "by", "into")
# Words that never take an article right before them, and words after which none is added:
# articles, prepositions, other determiners, pronouns, auxiliaries, conjunctions, adverbs of degree.
_FUNCTION_WORDS = ARTICLES | frozenset(PREPOSITIONS) | DEMONSTRATIVES | POSSESSIVES | frozenset(
    {"some", "any", "no", "every", "each", "all", "both", "and", "or", "but", "so", "if", "as", "than",
     "then", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
     "did", "will", "would", "can", "could", "shall", "should", "may", "might", "must", "not", "very",
     "too", "also", "just", "only", "i", "you", "he", "she", "it", "we", "they", "me", "him", "us",
     "them", "who", "which", "what", "when", "where", "why", "how", "there", "here", "more", "most",
     "less", "much", "many", "few", "such", "own", "other", "another", "same"}
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
# A comma where a clause starts takes less: after a sentence's opening clause or phrase,
# before its subject ("If you want a product, you give"; "In such a situation, there is"),
# before "but" and a subject ("a lot of ideas, but the facts"), before a clause or phrase
# that adds ("this subject, which was"; "fewer cars, especially in"). The model reads these
# commas as plain text about as likely as none, and as a correction several nats below a
# copy. Such a comma must read no worse, and may fall 4.5 nats below a copy. Measured by
# ``wa correct --lines`` side by side (rank-32 adapter, AVX-512 EPYC): JFLEG dev 51.41 ->
# 51.79 GLEU, clean references changed 108 -> 112, held-out documentation sentences 24 -> 27,
# each a comma style guides ask for ("When an error is raised, the server responds"). At 5
# nats: 51.83 and 114. Chosen from the judges' scores of these commas in the served output.
CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS = 0.0, 4.5
# In a sentence the model has corrected, errors are likelier than in one it left as it was:
# they come together (of the 516 JFLEG dev sentences with an edit 3 of the 4 references agree
# on, 59% have two or more). There each variant needs half a nat less of the plain reading
# (never less than reading no worse), and may fall 3 nats further below a copy. Chosen on
# JFLEG dev from the judges' recorded scores (``benchmarks/usage_thresholds.py``,
# ``KIND@changed``): replayed 51.58 -> 51.77 GLEU. No more sentences of the clean references
# or the held-out documentation are changed, as only changed ones are judged this way, but
# 8 of the 112 clean references changed and 2 of the 26 documentation sentences get an edit
# more ("at exit" -> "at the exit"). At 1, 2, 4, 5, 6 nats: 51.68, 51.71, 51.77, 51.77, 51.77;
# the plain reading relaxed alone (by 0.5 to 1.5 nats) 51.62 to 51.65.
CORRECTED_FLUENCY, CORRECTED_COPY_BIAS = 0.5, 3.0
# Each kind of variant and its thresholds (plain reading, copy bias; None: the ``Judges``'):
# a comma, one that sets a clause apart, an article added or taken away, another preposition,
# the other number of a noun.
THRESHOLDS: dict[str, tuple[float | None, float | None]] = {
    "comma": (COMMA_FLUENCY, COMMA_COPY_BIAS),
    "clause-comma": (CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS),
    "article+": (None, None),
    "article-": (None, None),
    "preposition": (PREPOSITION_FLUENCY, None),
    "number": (None, None),
}
KINDS = tuple(THRESHOLDS)
# What opens a sentence with a clause or phrase that a comma closes: subordinators and
# prepositions, after at most two words that lead in ("But if", "And so when").
_OPENERS = frozenset(
    {"if", "when", "whenever", "as", "since", "because", "although", "though", "while", "unless",
     "once", "after", "before", "until", "in", "on", "at", "without", "with", "for", "during",
     "through", "by", "from", "among", "under", "like", "according", "despite", "unlike", "besides"}
)  # fmt: skip
_LEADS = frozenset({"but", "and", "so", "also", "then", "therefore", "thus", "however", "even"})
# What a clause's subject starts with.
_SUBJECTS = ARTICLES | POSSESSIVES | frozenset(
    {"i", "you", "we", "they", "he", "she", "it", "there", "this", "these", "people", "one",
     "many", "most", "some", "everyone", "everybody", "nobody", "someone", "students"}
)  # fmt: skip
# Words that start a clause or phrase which adds to what comes before it.
_ADDING = frozenset({"which", "especially", "including", "etc"})
# Words no comma follows before a clause: articles, prepositions, other function words and
# verbs that take a clause as their object ("think you", "know there").
_NO_CLAUSE_COMMA_AFTER = ARTICLES | frozenset(PREPOSITIONS) | frozenset(
    {"that", "than", "and", "or", "but", "if", "when", "as", "is", "are", "was", "were", "be",
     "been", "am", "do", "does", "did", "not", "very", "so", "because", "which", "who", "what",
     "where", "how", "why", "think", "know", "believe", "say", "said", "feel", "hope", "mean",
     "means", "see", "thought", "found", "find", "make", "let", "help", "like", "want", "wants"}
)  # fmt: skip
_FURTHEST_SUBJECT = 15  # words after the opener within which its clause's subject is looked for


def cache_version() -> str:
    """This look's part of the result cache's key: its version and every threshold it judges by,
    so that no result judged under other thresholds is served."""
    thresholds = (
        COMMA_FLUENCY, COMMA_COPY_BIAS, CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS,
        PREPOSITION_FLUENCY, CORRECTED_FLUENCY, CORRECTED_COPY_BIAS, _INSERTED, _MIN_COUNT,
        _FURTHEST_SUBJECT,
    )  # fmt: skip
    return f"{VERSION}:" + ",".join(f"{t:g}" for t in thresholds)


def variants(sentence: str, frequency: Mapping[str, int]) -> list[Variant]:
    """The article, preposition, noun-number and comma variants worth judging in ``sentence``.

    ``frequency`` is the word list (word -> count) that says which forms are words.
    Only lowercase words are touched, and no word inside an identifier, a path or inline code.
    """
    out: list[Variant] = []
    words = _words(sentence)
    opener = _opener(sentence, words)
    for n, m in enumerate(words):
        word = m.group()
        if part_of_identifier(sentence, m.start(), m.end()):
            continue
        if n < len(words) - 1 and _comma_may_follow(sentence, m, words[n + 1]):
            out.append(_comma(m.end(), clause=_starts_clause(sentence, words, n + 1, opener)))
        if not word.islower():
            continue
        previous = words[n - 1].group().lower() if n else ""
        gap_after = m.end() + 1 if sentence[m.end() : m.end() + 1] == " " else m.end()
        if word in ARTICLES:
            # "in the life" -> "in life"; never "a" for "the" or back, which is meaning, not
            # grammar: on JFLEG dev such swaps added 0.02 GLEU, on docs "Push a line" -> "the"
            out.append(_variant("article-", m.start(), gap_after, ""))
            continue
        if word in PREPOSITIONS:
            others = (p for p in PREPOSITIONS if p != word)
            out.extend(_variant("preposition", m.start(), m.end(), p) for p in others)
            continue
        if word in _FUNCTION_WORDS or word not in frequency:
            continue
        if previous not in _FUNCTION_WORDS or previous in _BEFORE_AN_ARTICLE:
            for article in ("the", _indefinite(word)):
                out.append(_variant("article+", m.start(), m.start(), article + " ", min_screen=_INSERTED))
        if len(word) > 3:
            out.extend(
                _variant("number", m.start(), m.end(), form)
                for form in number_forms(word)
                if frequency.get(form, 0) >= _MIN_COUNT
            )
    return out


def _variant(kind: str, start: int, end: int, text: str, *, min_screen: float | None = None) -> Variant:
    """A variant of ``kind``, judged by that kind's ``THRESHOLDS``."""
    fluency, bias = THRESHOLDS[kind]
    return Variant(
        start, end, text, min_screen=min_screen, min_fluency=fluency, max_copy_bias=bias, kind=kind
    )


def eased(judges: Judges) -> Judges:
    """``judges`` of a sentence the model has corrected (``CORRECTED_FLUENCY``, ``CORRECTED_COPY_BIAS``)."""
    return judges.eased(CORRECTED_FLUENCY, CORRECTED_COPY_BIAS)


def _words(sentence: str) -> list[re.Match[str]]:
    """The words of ``sentence`` outside inline code."""
    code = [c.span() for c in INLINE_CODE.finditer(sentence)]
    return [m for m in WORD.finditer(sentence) if not any(a <= m.start() < b for a, b in code)]


def _comma_may_follow(sentence: str, word: re.Match[str], following: re.Match[str]) -> bool:
    """Whether only one space stands between the two words, the second no part of an identifier."""
    if following.start() != word.end() + 1 or sentence[word.end()] != " ":
        return False
    return not part_of_identifier(sentence, following.start(), following.end())


def _comma(at: int, *, clause: bool) -> Variant:
    """A comma inserted at ``at``, judged by its own thresholds: lower where a clause starts."""
    return _variant("clause-comma" if clause else "comma", at, at, ",", min_screen=_INSERTED)


def sets_clause_apart(sentence: str, at: int) -> bool:
    """Whether a comma inserted at ``at``, just before a word of ``sentence``, would set a clause apart.

    What ``variants`` judges by ``CLAUSE_COMMA_FLUENCY`` and ``CLAUSE_COMMA_COPY_BIAS``.
    """
    words = _words(sentence)
    following = next((n for n, m in enumerate(words) if m.start() >= at), None)
    if not following:  # no word after it, or none before it
        return False
    return _starts_clause(sentence, words, following, _opener(sentence, words))


def _opener(sentence: str, words: Sequence[re.Match[str]]) -> int | None:
    """The index of the word that opens ``sentence`` with a clause or phrase ("If", "In"), if one does."""
    if not words or sentence[: words[0].start()].strip(" \t\"'“‘("):
        return None  # something other than a word opens it
    for n, m in enumerate(words[:3]):
        word = m.group().lower()
        if word in _OPENERS:
            return n
        if word not in _LEADS or n + 1 == len(words):
            return None
        if sentence[m.end() : words[n + 1].start()] not in (" ", ", "):
            return None
    return None


def _starts_clause(sentence: str, words: Sequence[re.Match[str]], n: int, opener: int | None) -> bool:
    """Whether a comma before ``words[n]`` would set a clause or an adding phrase apart.

    After the opening clause or phrase, before its sentence's subject, with no punctuation
    between; before "but" and a subject; before "which", "especially", "including", "etc".
    """
    before, word = words[n - 1].group().lower(), words[n].group().lower()
    if before in _NO_CLAUSE_COMMA_AFTER:
        return False
    if word in _ADDING:
        return True
    if word == "but":
        return n + 1 < len(words) and words[n + 1].group().lower() in _SUBJECTS
    if opener is None or word not in _SUBJECTS or not 2 <= n - opener <= _FURTHEST_SUBJECT:
        return False
    return not any(c in ",;:.!?" for c in sentence[words[opener].end() : words[n].start()])


def _indefinite(following: str) -> str:
    """The indefinite article for ``following`` by its first letter ("an user" reads badly and is dropped)."""
    return "an" if following[:1].lower() in ("a", "e", "i", "o", "u") else "a"
