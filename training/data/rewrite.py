# ruff: noqa: E501
"""Rewrite pairs made offline from clean sentences, each learned back to the clean text.

- concise: filler phrases inserted ("it is important to note that", "in order to", "due to the fact that").
- formal: contractions and informal words injected ("don't", "a lot of", "get", "really").
- simplify: plain words swapped for ornate ones ("use" -> "utilize", "help" -> "facilitate").
- fluent: disfluencies injected (repeated and swapped words, "kind of", "basically").
- paraphrase: a clean sentence -> the same sentence with a fronted clause moved and plain synonyms swapped
  (a weak, rule-made paraphrase; the model card says so).

Each generator returns ``(input, target)`` or None when the sentence offers no place for the change.
"""

from __future__ import annotations

import functools
import random
import re

from training.data.corrupt import detokenize, repeat_word, tokenize, word_order

WORDY = {
    r"\bTo (\w+)": [r"In order to \1"],
    r"\bto (\w+)": [r"in order to \1"],
    r"\bbecause\b": ["due to the fact that", "owing to the fact that"],
    r"\bcan\b": ["has the ability to", "is able to"],
    r"\bmany\b": ["a large number of", "a great many"],
    r"\bif\b": ["in the event that"],
    r"\bnow\b": ["at this point in time"],
    r"\bto\b": ["in order to"],
    r"\boften\b": ["on a frequent basis"],
    r"\bmust\b": ["has a need to"],
    r"\balthough\b": ["despite the fact that"],
    r"\babout\b": ["with regard to"],
    r"\busually\b": ["in most cases"],
    r"\bfirst\b": ["first and foremost"],
}
OPENERS = (
    "It is important to note that ",
    "It should be noted that ",
    "It is worth mentioning that ",
    "As a matter of fact, ",
    "Basically, ",
    "In point of fact, ",
    "It goes without saying that ",
)
HEDGES = ("really", "very", "actually", "basically", "quite", "essentially")

INFORMAL = {
    r"\bdo not\b": "don't", r"\bdoes not\b": "doesn't", r"\bcannot\b": "can't", r"\bis not\b": "isn't",
    r"\bare not\b": "aren't", r"\bwill not\b": "won't", r"\bit is\b": "it's", r"\bthat is\b": "that's",
    r"\bmany\b": "a lot of", r"\bobtain\b": "get", r"\bobtains\b": "gets", r"\bobtained\b": "got",
    r"\blarge\b": "big", r"\bvery\b": "really", r"\btherefore\b": "so", r"\bhowever\b": "but",
    r"\bdetermine\b": "figure out", r"\bdiscover\b": "find out", r"\bchildren\b": "kids",
    r"\bapproximately\b": "about", r"\bsufficient\b": "enough", r"\bincrease\b": "go up",
    r"\bexamine\b": "look at", r"\bexamines\b": "looks at", r"\bsignificant\b": "big",
    r"\brequire\b": "need", r"\brequires\b": "needs", r"\bperhaps\b": "maybe", r"\bsomewhat\b": "kind of",
    r"\bcontains\b": "has got", r"\bprovide\b": "give", r"\bprovides\b": "gives",
}  # fmt: skip

# plain lemma -> ornate lemma; inflected with lemminflect
ORNATE = {
    "use": "utilize", "help": "facilitate", "start": "commence", "show": "demonstrate", "need": "necessitate",
    "try": "endeavor", "buy": "purchase", "end": "terminate", "get": "obtain", "give": "provide",
    "make": "construct", "find": "ascertain", "tell": "inform", "build": "construct", "change": "modify",
    "keep": "retain", "let": "permit", "ask": "inquire", "check": "verify", "send": "transmit",
    "fix": "rectify", "see": "observe", "think": "contemplate", "allow": "permit",
}  # fmt: skip
ORNATE_WORDS = {
    "many": "numerous", "enough": "sufficient", "about": "approximately", "so": "consequently",
    "also": "additionally", "but": "nevertheless", "like": "such as", "main": "principal",
    "whole": "entire", "big": "substantial", "easy": "effortless", "often": "frequently",
    "hard": "arduous", "clear": "evident", "later": "subsequently", "first": "initially",
}  # fmt: skip
SYNONYMS = {
    "shows": "demonstrates", "uses": "employs", "use": "employ", "method": "approach", "approach": "method",
    "important": "essential", "improve": "enhance", "new": "novel", "results": "findings",
    "however": "nevertheless", "also": "additionally", "large": "big", "small": "little",
    "often": "frequently", "allows": "enables", "allow": "enable", "propose": "present",
}  # fmt: skip


def _sub_one(s: str, table: dict[str, str], rng: random.Random) -> str:
    opts = [k for k in table if re.search(k, s)]
    if not opts:
        return s
    k = rng.choice(opts)
    return re.sub(k, table[k], s, count=1)


def concise(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Wordy input -> the original concise sentence."""
    wordy = s
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        r = rng.random()
        if r < 0.35 and wordy[0].isupper() and not wordy.startswith(OPENERS):
            first = wordy.split(" ", 1)[0]
            lead = first if first.isupper() or first == "I" else first.lower()
            wordy = rng.choice(OPENERS) + lead + wordy[len(first) :]
        elif r < 0.8:
            opts = [k for k in WORDY if re.search(k, wordy)]
            if opts:
                k = rng.choice(opts)
                wordy = re.sub(k, rng.choice(WORDY[k]), wordy, count=1)
        else:
            toks = tokenize(wordy)
            cands = [i for i in range(1, len(toks)) if toks[i].is_word and toks[i].text.islower()]
            if cands:
                i = rng.choice(cands)
                wordy = detokenize([*toks[:i], type(toks[i])(rng.choice(HEDGES), True), *toks[i:]])
    return (wordy, s) if wordy != s else None


def formal(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Informal input (contractions, colloquial words) -> the original formal sentence."""
    informal = s
    for _ in range(rng.choice((1, 2, 3))):
        informal = _sub_one(informal, INFORMAL, rng)
    if informal == s:
        return None
    if rng.random() < 0.2:
        informal = informal.rstrip(".") + rng.choice(("!", ", you know.", ", basically."))
    return informal, s


@functools.cache
def _ornate_cached() -> dict[str, str]:
    return _ornate_forms()


def _ornate_forms() -> dict[str, str]:
    from lemminflect import getInflection

    forms: dict[str, str] = {}
    for plain, fancy in ORNATE.items():
        for tag in ("VB", "VBZ", "VBD", "VBG"):
            p, f = getInflection(plain, tag), getInflection(fancy, tag)
            if p and f:
                forms.setdefault(p[0], f[0])
    forms.update(ORNATE_WORDS)
    return forms


def simplify(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Ornate input ("utilize", "facilitate") -> the original plain sentence."""
    forms = _ornate_cached()
    toks = tokenize(s)
    cands = [i for i, t in enumerate(toks) if t.text.lower() in forms]
    if not cands:
        return None
    for i in rng.sample(cands, k=min(len(cands), rng.choice((1, 2, 3)))):
        new = forms[toks[i].text.lower()]
        toks[i] = type(toks[i])(new.capitalize() if toks[i].text[0].isupper() else new, toks[i].space)
    out = detokenize(toks)
    return (out, s) if out != s else None


def fluent(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Disfluent input (repeats, swapped words, fillers) -> the original sentence."""
    toks = tokenize(s)
    for _ in range(rng.choice((1, 2))):
        op = rng.random()
        if op < 0.35:
            repeat_word(toks, rng)
        elif op < 0.7:
            word_order(toks, rng)
        else:
            cands = [i for i in range(1, len(toks)) if toks[i].is_word]
            if cands:
                toks.insert(
                    rng.choice(cands), type(toks[0])(rng.choice(("kind of", "like", "sort of", "so")), True)
                )
    out = detokenize(toks)
    return (out, s) if out != s else None


_FRONTED = re.compile(r"^(In this (?:paper|work|section|case|way)|For example|In addition|In practice|By default|"
                      r"In particular|As a result|In general|For instance|To this end|Finally|Currently), (\w)(.*)\.$")  # fmt: skip


def paraphrase(s: str, rng: random.Random) -> tuple[str, str] | None:
    """Original -> a rule-made paraphrase: a fronted phrase moved to the end, synonyms swapped."""
    out = s
    m = _FRONTED.match(s)
    if m and rng.random() < 0.7:
        first = m.group(2)
        out = f"{first.upper()}{m.group(3)} {m.group(1)[0].lower()}{m.group(1)[1:]}."
    toks = tokenize(out)
    cands = [i for i, t in enumerate(toks) if t.text.lower() in SYNONYMS]
    for i in rng.sample(cands, k=min(len(cands), 2)):
        new = SYNONYMS[toks[i].text.lower()]
        toks[i] = type(toks[i])(new.capitalize() if toks[i].text[0].isupper() else new, toks[i].space)
    out = detokenize(toks)
    return (s, out) if out != s else None


GENERATORS = {
    "concise": concise,
    "formal": formal,
    "simplify": simplify,
    "fluent": fluent,
    "paraphrase": paraphrase,
}
