"""A second look at agreement and confusable words: each swap judged by the model twice.

The correction model copies what it is unsure of, and a 135M model is often unsure of
agreement across a few words ("the setup wizard, which ask for"). Here a sentence's
words from small confusion sets get their other form: "is"/"are", "was"/"were",
"has"/"have", "does"/"do" (and their "n't" forms), "your"/"you're", "then" -> "than",
"there"/"their", the -s form of a word right after a subject pronoun ("it
support", "which ask"), the form of a sentence's third word that agrees with its
opening determiner ("This tool help", "These methods accepts"), the other form of a
word between a subject's last word and an object when their shapes disagree in number
("the detector output give a", "the tools supports the"), and of a noun whose shape
disagrees with its demonstrative ("this products", "these tool are"); "much" and
"less" before a plural become "many" and "fewer". No form is listed that breaks
agreement with a pronoun of known number ("they asks", "I thinks"). A variant is kept
only when two judges agree:

1. **fluency**: the model reads the variant as plain text (an assistant turn, no
   instruction) at least ``min_fluency`` nats more likely than the sentence, as in
   language-model GEC without annotated data (Bryant and Briscoe, 2018); a sieve from
   one plain reading of the sentence first drops the variants whose first token of their
   own is far less likely where it stands, so most sentences cost one short pass (and a
   form that is no word, "goe", never costs more); not in place of a word with an
   apostrophe, where that token is no fair test ("its" against the "it" of "it's");
2. **correction**: the fine-tuned correction prompt, given the sentence, scores the
   variant as an answer no more than ``max_copy_bias`` nats below the sentence itself
   (it prefers copying; a variant it finds implausible is a style preference of the
   plain reading, not an error: "its CPU backends" is not "it's CPU backends"), or
   ``strong_copy_bias`` nats for a variant that reads ``strong_fluency`` nats better
   ("if your moving" -> "you're": 3.7 nats better read plainly, 2.3 below copying).

After a comparative ("faster then", "other then") "then" is almost always "than": there
the plain reading need only prefer "than" by any margin (it preferred "cheaper than" by
1.4 nats, "differently than" by 1.97, short of the 2 asked of other swaps).

Where several variants pass, the rightmost is taken and the others are judged again in
the changed sentence: a writer errs on the verb more often than on its subject, so
"Large language models has" becomes "have", not "model has". Swaps that misread a name
("Requests is", "Sorted Containers is") are never judged: no swap follows a capitalised
word other than a sentence-initial pronoun or determiner, or a relative pronoun standing
for one ("BuildTools, which come"); nor is an auxiliary after "and" swapped, its subject
being further back than the plain reading looks ("can render markdown and does").
Figures in docs/cli.md.

Everything here is text and scoring callables, so it is tested with scripted judges.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wa_core.function_words import COORDINATORS, POSSESSIVES
from wa_core.sentences import part_of_identifier

VERSION = 10  # part of the result cache's key: bump it when what passes changes
# Both directions: an auxiliary's other number.
AUXILIARIES = {
    "is": "are", "are": "is", "was": "were", "were": "was", "has": "have", "have": "has",
    "does": "do", "do": "does", "isn't": "aren't", "aren't": "isn't", "wasn't": "weren't",
    "weren't": "wasn't", "doesn't": "don't", "don't": "doesn't",
}  # fmt: skip
# One direction each where the other raised false alarms on documentation ("its own" is
# never "it's own"; the plain reading preferred "it's" before nouns).
CONFUSABLES = {
    "it's": ("its",), "then": ("than",), "your": ("you're",), "you're": ("your",),
    "there": ("their",), "their": ("there", "they're"), "they're": ("their",),
    "whose": ("who's",), "who's": ("whose",),
}  # fmt: skip
# A verb right after one of these (an adverb between allowed) is the subject's to agree with.
_ADVERBS = ("also", "often", "usually", "always", "never", "only", "still", "now", "just", "really",
            "simply", "automatically")  # fmt: skip
_SUBJECT = re.compile(
    rf"\b(?:he|she|it|they|we|i|you|who|which|that)\s+(?:(?:{'|'.join(_ADVERBS)})\s+)?$", re.I
)
# Words after a subject that are no verb with an -s form: modals, conjunctions, prepositions.
_NO_VERB = frozenset(
    {*_ADVERBS, "can", "could", "will", "would", "shall", "should", "may", "might", "must", "if", "and",
     "or", "but", "so", "to", "of", "in", "on", "at", "for", "with", "by", "as", "than", "then", "when",
     "where", "while", "the", "a", "an", "no", "not", "too", "all", "both", "is", "are", "was", "were", "be",
     "because", "although", "though", "since", "unless", "until", "after", "before", "once", "whether",
     "he", "she", "it", "they", "we", "i", "you", "me", "him", "her", "us", "them", "this", "these",
     "those", "there", "here", "what", "who", "which", "that"}
)  # fmt: skip
_RELATIVES = frozenset({"which", "who", "that"})
# A sentence opening "determiner word word": the third word agrees with the determiner's number.
_SINGULAR_DETERMINERS = frozenset({"this", "that", "each", "every", "a", "an", "another", "one"})
_PLURAL_DETERMINERS = frozenset({"these", "those", "many", "several", "both", "all", "most", "few"})
# Words that open a verb's object: a word between one of these and a subject's last word is its verb.
_OBJECT_DETERMINERS = frozenset(
    {"the", "a", "an", "each", "every", "this", "these", "those", "its", "their", "our", "your", "his",
     "her", "all", "any", "some", "no", "both"}
)  # fmt: skip
# Words that may follow a noun phrase: what comes before one of these may be its noun.
_LINKS = frozenset(
    {"of", "in", "for", "with", "on", "at", "from", "that", "which", "can", "will", "should", "must"}
)
# A verb's object may open with one of these: "tool help you". Not "to", which follows nouns
# as often as verbs ("path to", "safety check to": on package READMEs, 3 of 4 swaps it let
# through were false alarms).
_OBJECT_STARTS = _OBJECT_DETERMINERS | {"you", "them", "us", "me", "him", "it"}
# Plurals without an -s.
_PLURAL_NOUNS = frozenset({"people", "children", "men", "women"})
# Words of quantity for a mass noun, and what stands before a plural in their place.
_COUNT_FORMS = {"much": "many", "less": "fewer"}
# Words after which "then" is almost always "than" ("faster then", "other then"); not every
# -er word ("the user then clicks", "the number then grows").
_COMPARATIVES = frozenset(
    {"more", "less", "fewer", "rather", "other", "different", "differently", "better", "worse",
     "larger", "smaller", "bigger", "greater", "higher", "lower", "faster", "slower", "longer",
     "shorter", "cheaper", "easier", "harder", "stronger", "weaker", "older", "newer", "earlier",
     "simpler", "safer", "richer", "wider"}
)  # fmt: skip
# Pronouns whose number is known: a swap must not break agreement with them.
_SINGULAR = frozenset({"he", "she", "it"})
_PLURAL = frozenset({"we", "they", "you"})
_PLURAL_FORMS = frozenset({"are", "were", "have", "do", "aren't", "weren't", "don't"})
_SINGULAR_FORMS = frozenset({"is", "was", "has", "does", "isn't", "wasn't", "doesn't"})
# Capitalised words a sentence may start with that are not names.
_OPENERS = frozenset(
    {"this", "these", "those", "that", "it", "they", "he", "she", "we", "there", "some",
     "many", "most", "all", "each", "every", "both", "the", "a", "an", "our", "their", "its",
     "which", "who", "what", "here", "such", "no", "none", "one", "other", "others", "i", "you"}
)  # fmt: skip
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")  # a word, with its contraction ("don't", "don’t")


@dataclass(frozen=True, slots=True)
class Variant:
    """``text`` in place of ``sentence[start:end]``."""

    start: int
    end: int
    text: str
    # The words around make the swap likely ("faster then" -> "than"): the plain reading
    # need only prefer it, by any margin; the correction judge is as strict as ever.
    likely: bool = False
    # The sieve's floor for this variant, if not ``Judges.min_screen``: an inserted word
    # or comma must be at least as likely as the word it goes before (``wa_core.engine.usage``).
    min_screen: float | None = None
    # The judges' thresholds for this variant, if not ``Judges.min_fluency`` and
    # ``Judges.max_copy_bias``: a kind of edit the correction model underrates
    # (``wa_core.engine.usage``'s commas) or that misfires more (its prepositions).
    min_fluency: float | None = None
    max_copy_bias: float | None = None
    kind: str = ""  # what kind of edit it is, where a look tells its kinds apart (``usage.KINDS``)

    def apply(self, sentence: str) -> str:
        return sentence[: self.start] + self.text + sentence[self.end :]


# How much likelier as plain text a variant must read than the sentence, and how far below a
# copy the corrector may score it, unless the variant says otherwise (``Variant.min_fluency``).
MIN_FLUENCY, MAX_COPY_BIAS = 2.0, 1.0


@dataclass(frozen=True, slots=True)
class Judges:
    """The two scores a variant needs (log-probabilities, natural log)."""

    fluency: Callable[[Sequence[str]], list[float]]  # texts -> log P(text) read as plain text
    correction: Callable[[str, Sequence[str]], list[float]]  # source, answers -> log P(answer | source)
    # sentence, variants -> how much likelier each variant's first own token is after the
    # words before it, from one plain reading of the sentence: a cheap first sieve
    screen: Callable[[str, Sequence[Variant]], list[float]] | None = None
    min_fluency: float = MIN_FLUENCY
    max_copy_bias: float = MAX_COPY_BIAS
    # Chosen on judge scores of errors made in held-out documentation and JFLEG reference
    # sentences and of the swaps in 114 package READMEs (3 nats better, or 4 of copy bias,
    # let one more README swap through). benchmarks/second_look.py, without and with it:
    # 413 -> 429 of the 469 errors a swap could fix found; the same 6 sentences changed in
    # 144 package READMEs (5 of them real errors).
    strong_fluency: float = 3.5
    strong_copy_bias: float = 3.0
    # On JFLEG dev this sieve dropped 72% of the swaps and kept 38 of the 40 that then read
    # 2 nats better as a whole.
    min_screen: float = -3.0
    # How much less of the plain reading every variant needs (never below reading no worse)
    # and how much further below a copy it may fall: judges of a sentence already corrected
    # (``eased``; ``wa_core.engine.usage``'s look after the model).
    eased_fluency: float = 0.0
    eased_copy_bias: float = 0.0

    def eased(self, fluency: float, copy_bias: float) -> Judges:
        """These judges, each variant's thresholds eased by ``fluency`` and ``copy_bias`` nats."""
        return dataclasses.replace(self, eased_fluency=fluency, eased_copy_bias=copy_bias)


def variants(sentence: str) -> list[Variant]:
    """The swaps worth judging in ``sentence`` (a form that is no word, "goe", fails the screen)."""
    out: list[Variant] = []
    words = list(WORD.finditer(sentence))
    for n, m in enumerate(words):
        word = m.group().replace("’", "'")
        if not word.islower() or part_of_identifier(sentence, m.start(), m.end()):
            continue
        previous = words[n - 1].group() if n else ""
        if previous not in ("", "I") and not previous.islower() and not (n == 1 and _opener(previous)):
            continue  # after a name: "Requests is", "Sorted Containers is"
        if _after_a_name(words, n - 1 - (previous.lower() in _ADVERBS)):
            continue  # "BuildTools, which come with": a name's number is not known
        if word in AUXILIARIES and previous.lower() in COORDINATORS:
            continue  # "Rich can render markdown and does": the subject is further back
        if word in AUXILIARIES:
            options: Sequence[str] = (AUXILIARIES[word],)
        elif word in CONFUSABLES:
            options = CONFUSABLES[word]
        elif forms := _against_its_demonstrative(sentence, words, n):
            options = forms
        elif word in _COUNT_FORMS and _before_a_plural(sentence, words, n):
            options = (_COUNT_FORMS[word],)  # "much people", "less files"
        elif _maybe_present_verb(word) and _SUBJECT.search(sentence[: m.start()]):
            options = number_forms(word)
        elif _maybe_present_verb(word):
            options = []
            if n == 2 and previous not in _NO_VERB:
                options = _after_determiner_and_noun(sentence, words, number_forms(word))
            if not options and _before_its_object(sentence, words, n):
                options = number_forms(word)
        else:
            continue
        likely = word == "then" and previous.lower() in _COMPARATIVES
        out.extend(
            Variant(m.start(), m.end(), option, likely)
            for option in options
            if _may_follow(previous.lower(), word, option)
        )
    return out


def _may_follow(pronoun: str, word: str, option: str) -> bool:
    """Whether ``option`` may stand right after ``pronoun`` in place of ``word``: not when
    it breaks agreement with a pronoun whose number is known ("it don't", "they asks",
    "I thinks"; "I" takes a verb's plain form, if not every auxiliary's)."""
    if word in AUXILIARIES:
        return not (
            (pronoun in _SINGULAR and option in _PLURAL_FORMS)
            or (pronoun in _PLURAL and option in _SINGULAR_FORMS)
        )
    if word in CONFUSABLES:
        return True
    if pronoun in _SINGULAR:
        return not word.endswith("s")  # "it support" -> "supports", not "it uses" -> "use"
    return word.endswith("s") or not (pronoun in _PLURAL or pronoun == "i")


def _opener(word: str) -> bool:
    """Whether a sentence's capitalised first word is no name: a pronoun, a determiner or a
    gerund ("Restoring overwrites the data")."""
    gerund = word.endswith("ing") and not word.endswith("thing") and word[1:].islower() and len(word) > 5
    return word.lower() in _OPENERS or gerund


def _before_its_object(sentence: str, words: Sequence[re.Match[str]], n: int) -> bool:
    """Whether ``words[n]`` stands between a lowercase word and the start of an object (a
    determiner or an object pronoun), as a verb between the end of its subject and its object
    does ("A second line of work tag each token", "Restoring overwrite the data", "history
    tell us"), with a number its shape says the subject's lacks; not after a function word,
    an adverb or a possessive ("can create the", "quickly create the", "your file the")."""
    if n == 0 or n + 1 >= len(words):
        return False
    previous, following = words[n - 1], words[n + 1]
    if following.group() not in _OBJECT_STARTS:
        return False
    if not (_adjacent(sentence, previous, words[n]) and _adjacent(sentence, words[n], following)):
        return False  # "First, install the": not one clause
    before = previous.group()
    if before.lower() in _NO_VERB or before.endswith("ly") or not (before.islower() or n == 1):
        return False
    if before.lower() in POSSESSIVES or before.endswith(("'s", "’s")):
        return False  # "your file the way": a noun after its owner
    # Only a pair whose shapes disagree: "tools supports", "tool support" (not "tools support",
    # "library keeps", the usual case, nor "process supports" or "status shows").
    plural = plural_shape(before) or before.lower() in _PLURAL_NOUNS
    return plural == words[n].group().endswith("s")


def _against_its_demonstrative(sentence: str, words: Sequence[re.Match[str]], n: int) -> list[str]:
    """The other number of a noun right after "this", "these" or "those" whose shape disagrees
    with it ("this products" -> "product", "these tool are" -> "tools"). Not after a sentence's
    opening "This", a pronoun more often than not ("This means"); after "these" and "those"
    only a word an auxiliary or a preposition follows ("these tool are", "those book of"), not
    one that may be a verb or an adjective ("All of these work.", "these new tools")."""
    if n == 0 or not _adjacent(sentence, words[n - 1], words[n]):
        return []
    demonstrative, word = words[n - 1].group(), words[n].group()
    if word in _NO_VERB:
        return []
    if demonstrative == "this":
        return [f for f in number_forms(word) if not f.endswith("s")] if plural_shape(word) else []
    if demonstrative.lower() not in ("these", "those") or plural_shape(word) or n + 1 == len(words):
        return []
    following = words[n + 1].group().lower()
    if not (
        _adjacent(sentence, words[n], words[n + 1]) and (following in AUXILIARIES or following in _LINKS)
    ):
        return []  # "All of these work.", "these new tools"
    return [f for f in number_forms(word) if f.endswith("s")]


def _before_a_plural(sentence: str, words: Sequence[re.Match[str]], n: int) -> bool:
    """Whether the word after ``words[n]`` is a plural noun by its shape ("people", "files")."""
    if n + 1 == len(words) or not _adjacent(sentence, words[n], words[n + 1]):
        return False
    word = words[n + 1].group()
    if word in _NO_VERB or word in POSSESSIVES:
        return False
    return word in _PLURAL_NOUNS or (plural_shape(word) and len(word) > 3)


def plural_shape(word: str) -> bool:
    """Whether a word ends like a plural noun or a verb's -s form ("tools", not "class",
    "status" or "analysis")."""
    return bool(re.search(r"[^su]s$", word)) and not word.endswith("is")


def _after_a_name(words: Sequence[re.Match[str]], subject: int) -> bool:
    """Whether ``words[subject]`` is a relative pronoun that stands for a capitalised word."""
    return (
        subject > 0
        and words[subject].group().lower() in _RELATIVES
        and not words[subject - 1].group().islower()
    )


def _after_determiner_and_noun(sentence: str, words: Sequence[re.Match[str]], forms: list[str]) -> list[str]:
    """The forms of a sentence's third word that agree with its opening determiner, when the
    sentence opens "determiner word word" ("This tool help", "These methods accepts"): the -s
    form after a singular determiner, the form without it after a plural one. A noun there
    ("This new tool") gets a form the determiner rules out ("This new tools"), which the
    plain reading rejects."""
    first, second, third = words[0], words[1], words[2]
    if not (_adjacent(sentence, first, second) and _adjacent(sentence, second, third)):
        return []  # "This, tool help": not one phrase
    determiner = first.group()
    if not determiner[:1].isupper():
        return []
    if determiner.lower() in _SINGULAR_DETERMINERS:
        return [f for f in forms if f.endswith("s")]
    if determiner.lower() in _PLURAL_DETERMINERS and third.group().endswith("s"):
        return [f for f in forms if not f.endswith("s")]
    return []


def _adjacent(sentence: str, left: re.Match[str], right: re.Match[str]) -> bool:
    """Whether only spaces stand between two words: no comma, no markup."""
    return not sentence[left.end() : right.start()].strip()


def _maybe_present_verb(word: str) -> bool:
    """Not a function word, nor a past form ("said", "used"; "need" and "succeed" may be verbs)."""
    return word not in _NO_VERB and not (word.endswith("ed") and not word.endswith("eed")) and word != "said"


def number_forms(word: str) -> list[str]:
    """The word with its -s ending taken off or put on ("asks" <-> "ask", "tries" <-> "try")."""
    if word.endswith("ies") and len(word) > 4:
        return [word[:-3] + "y"]
    if re.search(r"(?:s|x|z|ch|sh|o)es$", word):
        return [word[:-2], word[:-1]]
    if word.endswith("s"):
        return [] if re.search(r"(?:ss|us|is)$", word) else [word[:-1]]
    if re.search(r"[^aeiou]y$", word):
        return [word[:-1] + "ies"]
    if re.search(r"(?:s|x|z|ch|sh|o)$", word):
        return [word + "es"]
    return [word + "s"]


def choose(sentence: str, candidates: Sequence[Variant], judges: Judges, rounds: int = 3) -> str:
    """``sentence`` with the variants both judges accept, rightmost first (see the module doc)."""
    pending = list(candidates)
    for _ in range(rounds):
        passed = _passing(sentence, pending, judges)
        if not passed:
            break
        pick = max(passed, key=lambda v: v.start)
        sentence = pick.apply(sentence)
        shift = len(pick.text) - (pick.end - pick.start)
        pending = [
            v if v.end <= pick.start else dataclasses.replace(v, start=v.start + shift, end=v.end + shift)
            for v in passed
            if v is not pick and (v.end <= pick.start or v.start >= pick.end)
        ]
    return sentence


def _passing(sentence: str, candidates: Sequence[Variant], judges: Judges) -> list[Variant]:
    candidates = sieved(sentence, candidates, judges)
    if not candidates:
        return []
    texts = [v.apply(sentence) for v in candidates]
    base, *scores = judges.fluency([sentence, *texts])
    fluent = [
        (v, t, s - base)
        for v, t, s in zip(candidates, texts, scores, strict=True)
        if (s - base > 0 if v.likely else s - base >= min_fluency(v, judges))
    ]
    if not fluent:
        return []
    copy, *answers = judges.correction(sentence, [sentence, *(t for _, t, _ in fluent)])
    return [
        v for (v, _, gain), a in zip(fluent, answers, strict=True) if a - copy >= -copy_bias(v, gain, judges)
    ]


def sieved(sentence: str, candidates: Sequence[Variant], judges: Judges) -> list[Variant]:
    """The candidates the screen keeps (all of them without one): each at least its floor."""
    if not candidates or judges.screen is None:
        return list(candidates)
    local = judges.screen(sentence, candidates)
    return [
        v
        for v, d in zip(candidates, local, strict=True)
        if d >= _or(v.min_screen, judges.min_screen) or "'" in sentence[v.start : v.end].replace("’", "'")
    ]


def min_fluency(variant: Variant, judges: Judges) -> float:
    """How much better than the sentence ``variant`` must read as plain text (unless it is likely)."""
    floor = _or(variant.min_fluency, judges.min_fluency)
    return max(0.0, floor - judges.eased_fluency) if judges.eased_fluency else floor


def copy_bias(variant: Variant, gain: float, judges: Judges) -> float:
    """How far below a copy the corrector may score ``variant``, which reads ``gain`` nats better."""
    bias = _or(variant.max_copy_bias, judges.max_copy_bias) + judges.eased_copy_bias
    return max(bias, judges.strong_copy_bias) if gain >= judges.strong_fluency else bias


def _or(value: float | None, default: float) -> float:
    return default if value is None else value
