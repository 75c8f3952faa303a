"""Synthetic grammatical errors that look like learners' ones.

A sentence is split into tokens that remember whether a space preceded them, so every edit keeps the
rest of the sentence byte-identical. Each error type is one small function ``(tokens, rng) -> bool``
(``False`` when it does not apply to this sentence), registered with a weight. The weights follow the
error-type distribution that ERRANT measures on JFLEG dev source->reference pairs
(``training/data/profile.py`` measures it; JFLEG is used for nothing else), e.g. spelling 13%,
missing/extra punctuation 10%, orthography 6%, noun number 5%, determiners 10%, verbs 11%,
prepositions 7%, word order 1.5%, with 3.3 edits per sentence on average: so a corrupted sentence
gets one to six errors, and ``clean_share`` of the pairs stay unchanged.

Methods are word lists and ``lemminflect`` (no tagger: fast, and a mis-guessed part of speech still
yields a real error of another type). Misspellings are codespell's list of real ones, reversed,
plus keyboard and phonetic noise.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# --------------------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"\s*(?:\w+(?:['’]\w+)*|[^\w\s])")


@dataclass
class Tok:
    text: str
    space: bool  # a space precedes it

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()


def tokenize(s: str) -> list[Tok]:
    return [Tok(m.group().lstrip(), m.group()[:1].isspace()) for m in _TOKEN.finditer(s)]


def detokenize(toks: list[Tok]) -> str:
    out = []
    for i, t in enumerate(toks):
        if i and t.space:
            out.append(" ")
        out.append(t.text)
    return "".join(out).strip()


def _match_case(src: str, new: str) -> str:
    if src[:1].isupper() and not src.isupper():
        return new[:1].upper() + new[1:]
    if src.isupper() and len(src) > 1:
        return new.upper()
    return new


def _words(toks: list[Tok], pred: Callable[[int, Tok], bool]) -> list[int]:
    return [i for i, t in enumerate(toks) if t.is_word and pred(i, t)]


# ------------------------------------------------------------------------------------ word lists

ARTICLES = ("a", "an", "the")
PREPOSITIONS = ("in", "on", "at", "for", "to", "of", "with", "by", "from", "about", "into", "over")
FUNCTION_WORDS = (
    "is", "are", "was", "were", "be", "to", "that", "the", "a", "an", "of", "it", "and",
    "have", "has", "will", "can", "for", "in", "on", "by", "we", "they", "this",
)  # fmt: skip
AUX_SWAP = {
    "is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has",
    "does": "do", "do": "does", "doesn't": "don't", "don't": "doesn't", "isn't": "aren't",
    "aren't": "isn't", "wasn't": "weren't", "weren't": "wasn't", "this": "these", "these": "this",
    "that": "those", "those": "that", "much": "many", "many": "much", "less": "fewer",
}  # fmt: skip
CONFUSABLES: dict[str, tuple[str, ...]] = {
    "its": ("it's",), "it's": ("its",), "their": ("there", "they're"), "there": ("their",),
    "they're": ("their", "there"), "your": ("you're",), "you're": ("your",), "then": ("than",),
    "than": ("then",), "whose": ("who's",), "who's": ("whose",), "affect": ("effect",),
    "effect": ("affect",), "affects": ("effects",), "effects": ("affects",), "lose": ("loose",),
    "loose": ("lose",), "weather": ("whether",), "whether": ("weather",), "to": ("too",),
    "too": ("to",), "accept": ("except",), "except": ("accept",), "advice": ("advise",),
    "quite": ("quiet",), "were": ("where",), "where": ("were",), "off": ("of",), "lead": ("led",),
    "principle": ("principal",), "principles": ("principals",), "passed": ("past",), "past": ("passed",),
    "who": ("which",), "which": ("who",), "every": ("each",), "an": ("and",), "know": ("now",),
    "now": ("know",), "thought": ("though",), "though": ("thought",), "choose": ("chose",),
    "bought": ("brought",), "cause": ("course",), "since": ("sense",), "sense": ("since",),
    "later": ("latter",), "latter": ("later",), "lives": ("leaves",), "by": ("buy",),
}  # fmt: skip
LEARNER = {
    "don't": ("dont",), "doesn't": ("doesnt",), "can't": ("cant",), "won't": ("wont",),
    "isn't": ("isnt",), "didn't": ("didnt",), "I'm": ("im", "Im", "i'm"), "it's": ("its",),
    "you": ("u",), "your": ("ur",), "because": ("becuase", "beacuse", "cuz"), "I've": ("ive",),
    "that's": ("thats",), "wouldn't": ("wouldnt",), "I": ("i",), "are": ("r",),
    "people": ("ppl", "peoples"), "really": ("realy",), "a lot": ("alot",), "to": ("to to",),
    "want to": ("wanna",), "going to": ("gonna",), "though": ("tho",), "through": ("thru",),
}  # fmt: skip
# Contractions a learner would write; applied to the target too, so it stays correct.
CONTRACT = {
    "do not": "don't", "does not": "doesn't", "cannot": "can't", "is not": "isn't",
    "did not": "didn't", "it is": "it's", "will not": "won't", "that is": "that's", "I am": "I'm",
}  # fmt: skip
SPLIT_MERGE = {
    "a lot": "alot", "every day": "everyday", "in fact": "infact", "each other": "eachother",
    "cannot": "can not", "sometimes": "some times", "everyone": "every one", "nowadays": "now a days",
    "into": "in to", "maybe": "may be", "anymore": "any more", "although": "all though",
}  # fmt: skip
KEYBOARD = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok",
    "o": "ipl", "p": "ol", "a": "qsz", "s": "adwx", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy",
    "j": "hku", "k": "jli", "l": "kop", "z": "asx", "x": "zsc", "c": "xvd", "v": "cbf", "b": "vng",
    "n": "bmh", "m": "nj",
}  # fmt: skip
PHONETIC = (
    ("tion", "sion"), ("sion", "tion"), ("ible", "able"), ("able", "ible"), ("ance", "ence"),
    ("ence", "ance"), ("ie", "ei"), ("ei", "ie"), ("ph", "f"), ("ght", "gt"), ("ough", "ow"),
    ("ck", "k"), ("ss", "s"), ("ll", "l"), ("mm", "m"), ("tt", "t"), ("rr", "r"), ("cc", "c"),
    ("ea", "ee"), ("ou", "o"), ("y", "i"), ("ful", "full"), ("ly", "ley"), ("ment", "mant"),
    ("er", "ar"), ("c", "s"), ("ise", "ize"), ("ary", "ery"), ("ent", "ant"), ("ous", "us"),
)  # fmt: skip


@cache
def codespell_misspellings() -> dict[str, tuple[str, ...]]:
    """correct word -> real misspellings of it, from codespell's dictionary (reversed)."""
    try:
        import codespell_lib  # type: ignore[import-untyped]
    except ImportError:
        return {}
    path = Path(codespell_lib.__file__).parent / "data" / "dictionary.txt"
    rev: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        wrong, _, right = line.partition("->")
        rights = [r.strip() for r in right.split(",") if r.strip()]
        if len(rights) != 1 or not wrong.isalpha() or " " in rights[0] or not rights[0].isalpha():
            continue
        rev.setdefault(rights[0].lower(), []).append(wrong.lower())
    return {k: tuple(v) for k, v in rev.items()}


CLOSED_CLASS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "theirs",
        "this",
        "that",
        "these",
        "those",
        "who",
        "whom",
        "whose",
        "which",
        "what",
        "there",
        "here",
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "not",
        "no",
        "can",
        "will",
        "would",
        "should",
        "may",
        "might",
    ]
)


@cache
def _lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Open-class lemmas of a word by part of speech ({} for pronouns and other closed-class words)."""
    from lemminflect import getAllLemmas

    if word.lower() in CLOSED_CLASS:
        return {}
    return dict(getAllLemmas(word.lower()))


def _is_verb(word: str) -> bool:
    lem = _lemmas(word)
    return "VERB" in lem and "NOUN" not in lem


def _inflect(lemma: str, tag: str) -> str | None:
    from lemminflect import getInflection

    forms = getInflection(lemma, tag)
    return forms[0] if forms else None


# ----------------------------------------------------------------------------------- error types


def _replace(toks: list[Tok], i: int, new: str) -> bool:
    new = _match_case(toks[i].text, new)
    if new == toks[i].text:
        return False
    toks[i] = Tok(new, toks[i].space)
    return True


def spelling(toks: list[Tok], rng: random.Random) -> bool:
    """A real misspelling (codespell, reversed) if the sentence has one, else phonetic or keyboard noise."""
    table = codespell_misspellings()
    known = _words(toks, lambda _, t: t.text.lower() in table)
    if known and rng.random() < 0.6:
        i = rng.choice(known)
        return _replace(toks, i, rng.choice(table[toks[i].text.lower()]))
    cands = _words(toks, lambda _, t: len(t.text) >= 4 and t.text.isalpha() and not t.text.isupper())
    if not cands:
        return False
    i = rng.choice(cands)
    w = toks[i].text
    for _ in range(1 + (rng.random() < 0.25)):  # sometimes a heavy misspelling
        w = _phonetic(w, rng) if rng.random() < 0.5 else _keyboard(w, rng)
    return _replace(toks, i, w)


def _phonetic(w: str, rng: random.Random) -> str:
    rules = [(a, b) for a, b in PHONETIC if a in w[1:]]
    if not rules:
        return _keyboard(w, rng)
    a, b = rng.choice(rules)
    pos = [m.start() for m in re.finditer(a, w) if m.start() > 0]
    p = rng.choice(pos) if pos else w.index(a)
    return w[:p] + b + w[p + len(a) :]


def _keyboard(w: str, rng: random.Random) -> str:
    p = rng.randrange(1, len(w))
    op = rng.choice(("delete", "insert", "swap", "sub", "double"))
    c = w[p].lower()
    if op == "delete":
        return w[:p] + w[p + 1 :]
    if op == "swap" and p < len(w) - 1:
        return w[:p] + w[p + 1] + w[p] + w[p + 2 :]
    if op == "double":
        return w[:p] + w[p] + w[p:]
    near = KEYBOARD.get(c, "e")
    if op == "insert":
        return w[:p] + rng.choice(near) + w[p:]
    return w[:p] + rng.choice(near) + w[p + 1 :]


def split_merge(toks: list[Tok], rng: random.Random) -> bool:
    s = detokenize(toks)
    opts = [(a, b) for a, b in SPLIT_MERGE.items() if re.search(rf"\b{a}\b", s)]
    if not opts:
        return False
    a, b = rng.choice(opts)
    toks[:] = tokenize(re.sub(rf"\b{a}\b", b, s, count=1))
    return True


def confusable(toks: list[Tok], rng: random.Random) -> bool:
    cands = _words(toks, lambda _, t: t.text.lower() in CONFUSABLES)
    if not cands:
        return False
    i = rng.choice(cands)
    return _replace(toks, i, rng.choice(CONFUSABLES[toks[i].text.lower()]))


def learner(toks: list[Tok], rng: random.Random) -> bool:
    """Texting-style forms a learner writes: dont, im, u, i, alot, wanna."""
    s = detokenize(toks)
    opts = [k for k in LEARNER if re.search(rf"(?<![\w']){re.escape(k)}(?![\w'])", s)]
    if not opts:
        return False
    k = rng.choice(opts)
    new = re.sub(rf"(?<![\w']){re.escape(k)}(?![\w'])", rng.choice(LEARNER[k]), s, count=1)
    toks[:] = tokenize(new)
    return new != s


def agreement(toks: list[Tok], rng: random.Random) -> bool:
    """Subject-verb agreement: is/are, has/have, -s on a verb, this/these."""
    cands = _words(toks, lambda _, t: t.text.lower() in AUX_SWAP)
    verbs = _words(toks, lambda i, t: i > 0 and t.text.islower() and _is_verb(t.text))
    if cands and (not verbs or rng.random() < 0.6):
        i = rng.choice(cands)
        return _replace(toks, i, AUX_SWAP[toks[i].text.lower()])
    rng.shuffle(verbs)
    for i in verbs:
        w = toks[i].text
        lemma = _lemmas(w)["VERB"][0]
        if _inflect(lemma, "VBZ") == w:
            return _replace(toks, i, _inflect(lemma, "VBP") or lemma)
        if _inflect(lemma, "VBP") == w and toks[i - 1].text.lower() in {"they", "we", "you", "i"}:
            return _replace(toks, i, _inflect(lemma, "VBZ") or w)
    return False


def verb_form(toks: list[Tok], rng: random.Random) -> bool:
    """Verb form and tense: goes -> go/going/went, studied -> study/studying."""
    verbs = _words(toks, lambda i, t: i > 0 and t.text.islower() and _is_verb(t.text) and len(t.text) > 2)
    rng.shuffle(verbs)
    for i in verbs:
        lemma = _lemmas(toks[i].text)["VERB"][0]
        if lemma == "be" and rng.random() < 0.5:
            continue
        forms = {_inflect(lemma, tag) for tag in ("VB", "VBZ", "VBD", "VBN", "VBG")} - {None, toks[i].text}
        if forms:
            return _replace(toks, i, rng.choice(sorted(f for f in forms if f)))
    return False


def noun_number(toks: list[Tok], rng: random.Random) -> bool:
    nouns = _words(toks, lambda i, t: i > 0 and t.text.islower() and "NOUN" in _lemmas(t.text))
    rng.shuffle(nouns)
    for i in nouns:
        w = toks[i].text
        lemma = _lemmas(w)["NOUN"][0]
        plural = _inflect(lemma, "NNS")
        if plural and w == plural and plural != lemma:
            return _replace(toks, i, lemma)
        if plural and w == lemma and plural != lemma:
            return _replace(toks, i, plural if rng.random() < 0.8 else lemma + "s")
    return False


def article(toks: list[Tok], rng: random.Random) -> bool:
    arts = _words(toks, lambda _, t: t.text.lower() in ARTICLES)
    r = rng.random()
    if arts and r < 0.55:  # missing article (M:DET is the most common determiner error)
        i = rng.choice(arts)
        if i == 0 and len(toks) > 1:
            toks[1] = Tok(_match_case("Ab", toks[1].text) if toks[1].is_word else toks[1].text, False)
        del toks[i]
        return True
    if arts and r < 0.75:  # wrong article
        i = rng.choice(arts)
        return _replace(toks, i, rng.choice([a for a in ARTICLES if a != toks[i].text.lower()]))
    # unneeded article before a noun (often a plural or mass noun)
    cands = _words(
        toks,
        lambda i, t: (
            i > 0
            and t.text.islower()
            and "NOUN" in _lemmas(t.text)
            and toks[i - 1].text.lower() not in ARTICLES
            and toks[i - 1].text.lower()
            not in {"this", "that", "these", "those", "my", "our", "their", "its"}
        ),
    )
    if not cands:
        return False
    i = rng.choice(cands)
    toks.insert(i, Tok(rng.choice(("the", "the", "a")), True))
    return True


def preposition(toks: list[Tok], rng: random.Random) -> bool:
    preps = _words(toks, lambda i, t: i > 0 and t.text.lower() in PREPOSITIONS)
    r = rng.random()
    if preps and r < 0.6:
        i = rng.choice(preps)
        return _replace(toks, i, rng.choice([p for p in PREPOSITIONS if p != toks[i].text.lower()]))
    if preps and r < 0.8:
        del toks[rng.choice(preps)]
        return True
    verbs = _words(toks, lambda i, t: 0 < i < len(toks) - 2 and _is_verb(t.text) and toks[i + 1].is_word)
    if not verbs:
        return False
    i = rng.choice(verbs)
    toks.insert(i + 1, Tok(rng.choice(("about", "to", "on", "for", "with")), True))
    return True


def comparative(toks: list[Tok], rng: random.Random) -> bool:
    """ "more faster", "most biggest", "more bigger"; or "more easy" for "easier"."""
    from lemminflect import getAllLemmas

    cands = [
        i
        for i, t in enumerate(toks)
        if t.is_word
        and i > 0
        and t.text.islower()
        and t.text.endswith(("er", "est"))
        and "ADJ" in getAllLemmas(t.text)
    ]
    if cands:
        i = rng.choice(cands)
        lemma = getAllLemmas(toks[i].text)["ADJ"][0]
        if lemma != toks[i].text:
            toks.insert(i, Tok("most" if toks[i].text.endswith("est") else "more", True))
            return True
    more = [i for i, t in enumerate(toks[:-1]) if t.text.lower() in {"more", "most"} and toks[i + 1].is_word]
    if more:
        i = rng.choice(more)
        adj = toks[i + 1].text
        if "ADJ" in _lemmas(adj) and len(adj) < 8:
            suffix = "er" if toks[i].text.lower() == "more" else "est"
            toks[i : i + 2] = [Tok(_match_case(toks[i].text, adj + suffix), toks[i].space)]
            return True
    return False


def repeat_word(toks: list[Tok], rng: random.Random) -> bool:
    cands = _words(toks, lambda i, t: i > 0)
    if not cands:
        return False
    i = rng.choice(cands)
    toks.insert(i, Tok(toks[i].text, True))
    return True


def missing_word(toks: list[Tok], rng: random.Random) -> bool:
    cands = _words(toks, lambda i, t: i > 0 and t.text.lower() in FUNCTION_WORDS)
    if not cands:
        return False
    del toks[rng.choice(cands)]
    return True


def word_order(toks: list[Tok], rng: random.Random) -> bool:
    cands = [i for i in range(1, len(toks) - 1) if toks[i].is_word and toks[i + 1].is_word]
    if not cands:
        return False
    i = rng.choice(cands)
    a, b = toks[i], toks[i + 1]
    if a.text.lower() == b.text.lower():
        return False
    toks[i], toks[i + 1] = Tok(b.text, a.space), Tok(a.text, b.space)
    return True


def capitalisation(toks: list[Tok], rng: random.Random) -> bool:
    r = rng.random()
    first = next((i for i, t in enumerate(toks) if t.is_word), None)
    eyes = [i for i, t in enumerate(toks) if t.text == "I" or t.text.startswith("I'")]
    if eyes and r < 0.35:
        i = rng.choice(eyes)
        toks[i] = Tok("i" + toks[i].text[1:], toks[i].space)
        return True
    if first is not None and r < 0.7 and toks[first].text[:1].isupper() and not toks[first].text.isupper():
        toks[first] = Tok(toks[first].text[:1].lower() + toks[first].text[1:], toks[first].space)
        return True
    if r < 0.8:  # a proper noun or acronym written lower case
        names = _words(toks, lambda i, t: i > 0 and t.text[:1].isupper() and t.text != "I")
        if names:
            i = rng.choice(names)
            toks[i] = Tok(toks[i].text.lower(), toks[i].space)
            return True
    cands = _words(toks, lambda i, t: i > 0 and t.text.islower() and len(t.text) > 3)
    if not cands:
        return False
    i = rng.choice(cands)
    toks[i] = Tok(toks[i].text.capitalize(), toks[i].space)
    return True


def punctuation(toks: list[Tok], rng: random.Random) -> bool:
    """Missing commas and final periods (M:PUNCT), stray commas, a missing apostrophe."""
    commas = [i for i, t in enumerate(toks) if t.text == ","]
    r = rng.random()
    if commas and r < 0.45:
        del toks[rng.choice(commas)]
        return True
    if toks and toks[-1].text == "." and r < 0.7:
        del toks[-1]
        return True
    poss = [
        i for i, t in enumerate(toks) if t.text.endswith("'s") and len(t.text) > 3 and t.text[0].isupper()
    ]
    if poss and r < 0.8:
        i = rng.choice(poss)
        toks[i] = Tok(toks[i].text.replace("'s", "s"), toks[i].space)
        return True
    cands = [i for i in range(2, len(toks) - 2) if toks[i].is_word and toks[i - 1].is_word]
    if not cands:
        return False
    toks.insert(rng.choice(cands), Tok(",", False))
    return True


# Words a clause-joining comma comes before ("…, but it", "…, which is").
_CLAUSE_JOINERS = frozenset({"but", "which", "so", "yet", "while", "whereas", "although", "though"})


def comma(toks: list[Tok], rng: random.Random) -> bool:
    """A missing comma (M:PUNCT, the error ``wa correct`` misses most on JFLEG dev): preferably
    the one that closes an opening phrase or clause ("In this paper we", "If it rains we") or
    comes before a clause-joining word ("…, but", "…, which"), else any comma between words."""
    between = [
        i
        for i in range(1, len(toks) - 1)
        if toks[i].text == "," and toks[i - 1].is_word and toks[i + 1].is_word
    ]
    if not between:
        return False
    learner = [i for i in between if i == between[0] or toks[i + 1].text.lower() in _CLAUSE_JOINERS]
    del toks[rng.choice(learner if rng.random() < 0.7 else between)]
    return True


# weight ~ share of the ERRANT type family on JFLEG dev (see module docstring)
ERROR_TYPES: dict[str, tuple[Callable[[list[Tok], random.Random], bool], float]] = {
    "spelling": (spelling, 16.0),
    "split_merge": (split_merge, 1.5),
    "confusable": (confusable, 4.0),
    "learner": (learner, 4.0),
    "agreement": (agreement, 5.0),
    "verb_form": (verb_form, 7.0),
    "noun_number": (noun_number, 6.0),
    "article": (article, 10.0),
    "preposition": (preposition, 7.0),
    "comparative": (comparative, 1.5),
    "repeat_word": (repeat_word, 2.5),
    "missing_word": (missing_word, 4.0),
    "word_order": (word_order, 2.0),
    "capitalisation": (capitalisation, 7.0),
    "punctuation": (punctuation, 11.0),
    # Off unless a config weighs it (``DataConfig.error_weights``): last, at 0, it leaves the
    # default mix's draws exactly as they were, so earlier stages' data can be regenerated.
    "comma": (comma, 0.0),
}
# errors per corrupted sentence (JFLEG dev has 3.3 ERRANT edits per sentence)
N_ERRORS = {1: 30, 2: 26, 3: 19, 4: 12, 5: 7, 6: 6}


def contract(s: str, rng: random.Random, p: float = 0.5) -> str:
    """Contract some "do not"/"it is" in a clean sentence, so learner forms like "dont" have a target."""
    for full, short in CONTRACT.items():
        if rng.random() < p:
            s = re.sub(rf"\b{full}\b", short, s)
            s = re.sub(rf"\b{full.capitalize()}\b", short.capitalize(), s)
    return s


def apply_error(sentence: str, kind: str, rng: random.Random) -> str | None:
    """One error of the given type, or None if it does not apply."""
    toks = tokenize(sentence)
    fn, _ = ERROR_TYPES[kind]
    if not toks or not fn(toks, rng):
        return None
    out = detokenize(toks)
    return out if out != sentence else None


def error_weights(changed: Mapping[str, float] | None = None) -> dict[str, float]:
    """Each error type's weight: ``ERROR_TYPES``' own, with ``changed``'s in their place.

    Raises ValueError for a type that does not exist, a weight that is no number (``true``
    included) or below zero, and weights that are all zero, so a misspelt name in a config
    fails before hours of training rather than being ignored.
    """
    changed = changed or {}
    unknown = sorted(set(changed) - set(ERROR_TYPES))
    if unknown:
        raise ValueError(f"unknown error types {unknown} (valid: {', '.join(ERROR_TYPES)})")
    bad = sorted(
        name
        for name, w in changed.items()
        if isinstance(w, bool) or not isinstance(w, int | float) or not w >= 0  # YAML's true is an int
    )
    if bad:
        raise ValueError(f"error weights must be numbers, 0 or more: {bad}")
    weights = {name: float(changed.get(name, w)) for name, (_, w) in ERROR_TYPES.items()}
    if not sum(weights.values()) > 0:
        raise ValueError("error weights are all 0: no error type would ever be drawn")
    return weights


# the default mix, built once: ``corrupt`` runs for every training pair
_DEFAULT_WEIGHTS = error_weights()


def corrupt(
    sentence: str,
    rng: random.Random,
    n_errors: int | None = None,
    weights: Mapping[str, float] | None = None,
) -> tuple[str, list[str]]:
    """The sentence with ``n_errors`` (drawn from N_ERRORS if None) synthetic errors, and their types.

    ``weights`` (from ``error_weights``) says how often each type is drawn; by default
    ``ERROR_TYPES``' weights.
    """
    if n_errors is None:
        n_errors = rng.choices(list(N_ERRORS), weights=list(N_ERRORS.values()))[0]
    drawn = weights or _DEFAULT_WEIGHTS
    names, shares = list(drawn), list(drawn.values())
    s, done = sentence, []
    for _ in range(n_errors * 4):
        if len(done) >= n_errors:
            break
        kind = rng.choices(names, weights=shares)[0]
        new = apply_error(s, kind, rng)
        if new is not None:
            s, done = new, [*done, kind]
    return s, done
