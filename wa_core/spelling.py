"""More candidate spellings for a word the dictionary lacks, for the model to choose among.

Harper offers at most three suggestions for an unknown word, found by spelling alone,
and for a learner's misspelling they often miss the word meant: "familes" gets "fa miles",
"untill" gets "distill", "bisnes" gets "bin's", "deaply" gets "deadly" first. Two sources
add what they miss:

- **Known misspellings**: codespell's list of real ones and what they stand for
  ("untill" → "until", "bisnes" → "business", "familes" → "families").
- **Frequent words a few edits away**: the words of symspellpy's English frequency list
  (82,834 words, SCOWL's intersected with Google Books n-grams) within an edit distance
  that grows with the word's length (optimal string alignment: a swap of two letters is one
  edit), the nearest first, and among as near ones the most frequent.

Neither knows the sentence. They only widen the choice; ``wa_core.ranking`` puts each
candidate in its sentence and lets the model pick (each edit away from the word as
written counting against a candidate), and keeps the word as written when no candidate
fits. Both lists load on first use (about 0.13 s), so a text without unknown words never
pays for them. ``wa check`` reads codespell's list too (``known_misspelling``): a word it
lists is a typo, not a term, though Harper's suggestions miss the word meant ("untill").
"""

from __future__ import annotations

import array
import bisect
import functools
import importlib.resources
import logging
import re
from dataclasses import dataclass

from wa_core import memory

log = logging.getLogger("wa.spelling")

# A word the generator looks up: letters, with at most one inner apostrophe ("would'nt");
# 3 letters or more. Only codespell is asked about words with an apostrophe.
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_MIN_LENGTH = 3


def max_distance(word: str) -> int:
    """How many edits a misspelling of this length may be from its word.

    One for short words (most short words are one edit from many others), two up to
    seven letters, three beyond ("cigarrets" → "cigarettes" and "definelty" →
    "definitely" are three).
    """
    return 1 if len(word) <= 4 else 2 if len(word) <= 7 else 3


@dataclass(frozen=True)
class Lexicon:
    """The two word lists, loaded once."""

    misspellings: dict[str, str]  # misspelling -> codespell's line for it, after the "->"
    frequency: dict[str, int]  # word -> count
    words: tuple[str, ...]  # the keys of ``frequency``


@functools.cache
def lexicon() -> Lexicon:
    misspellings = _codespell()
    frequency = frequencies()
    return Lexicon(misspellings, frequency, tuple(frequency))


@functools.cache
def frequencies() -> dict[str, int]:
    """symspellpy's list alone (word -> count), read once (about 0.03 s; the ``lexicon`` shares
    it): what the usage look asks of a sentence without an unknown word."""
    fields = _frequency_fields()
    return dict(zip(fields[0::2], map(int, fields[1::2]), strict=True))


@dataclass(frozen=True)
class _Misspellings:
    """codespell's list, compact: the file's bytes (1.5 MB) and the sorted hashes of its words
    (0.5 MB). A language server holds it for as long as it runs: 3 MB more resident, where a
    dict of the 65,000 lines (``Speller``'s, for ``wa correct``) holds 18 MB."""

    text: bytes  # the file, after a line break
    hashes: array.array[int]  # sorted: the hash of each line's lower-cased word

    def line(self, word: str) -> str:
        """The right-hand side of ``word``'s line (``word`` in lower case), or "" when codespell
        does not list it. Of two lines for one word, the later counts, as in a dict of them."""
        if not _holds(self.hashes, word):
            return ""
        key = b"\n" + word.encode() + b"->"
        start = self.text.rfind(key)
        if start < 0:  # written with capitals in the list (171 of its words), or another word's hash
            found = list(re.finditer(re.escape(key), self.text, re.IGNORECASE))
            if not found:
                return ""
            start = found[-1].start()
        end = self.text.find(b"\n", start + len(key))
        return self.text[start + len(key) : end if end >= 0 else len(self.text)].decode()


@functools.cache
def misspellings() -> _Misspellings:
    """codespell's list for the checkers' slip test, read once (about 0.1 s)."""
    text = b"\n" + _codespell_text().encode()
    words = (m.group(1).decode().lower() for m in _CODESPELL_WORD.finditer(text))
    found = _Misspellings(text, array.array("q", sorted(map(hash, words))))
    memory.trim()  # what building it took
    return found


def known_misspelling(word: str) -> tuple[str, ...]:
    """What codespell says ``word`` (5 letters or more) is a misspelling of, when its list says
    so without a reason to doubt it: empty for a line that gives a reason codespell does not fix
    the word ("clas->class, disabled because of name clash in c++"), and for shorter words,
    which are often abbreviations or parts of words ("ser", "ment"); Harper's own slip test
    catches the short typos of common words ("wich", "teh")."""
    if len(word) < 5:
        return ()
    right = misspellings().line(word.lower())
    return () if _gives_a_reason(right) else parse_corrections(right)


_CODESPELL_WORD = re.compile(rb"\n([^\n>]+)->")
_CODESPELL_PAIR = re.compile(r"^([^\n>]+)->(.*)$", re.M)


def _codespell() -> dict[str, str]:
    """codespell's dictionary, each line's right-hand side as written (``parse_corrections``
    reads the few that are looked up: parsing all 65,000 lines costs 0.25 s)."""
    return {wrong.strip().lower(): right for wrong, right in _CODESPELL_PAIR.findall(_codespell_text())}


def _codespell_text() -> str:
    try:
        return (importlib.resources.files("codespell_lib") / "data" / "dictionary.txt").read_text("utf-8")
    except (ModuleNotFoundError, OSError) as exc:  # a broken install: fewer candidates, no failure
        log.warning("codespell's misspellings are unavailable: %s", exc)
        return ""


def parse_corrections(right: str) -> tuple[str, ...]:
    """The words of a codespell line's right-hand side: ``right`` or ``right1, right2,``.

    A line with a comma but none at its end gives a reason codespell does not fix the
    word on its own ("clas->class, disabled because of name clash in c++"): the reason
    is not a word and is dropped.
    """
    parts = [p.strip() for p in right.split(",")]
    if _gives_a_reason(right):
        parts = parts[:-1]  # the last part is a reason, not a word
    return tuple(p for p in parts if p)


def _gives_a_reason(right: str) -> bool:
    """Whether a codespell line's right-hand side ends with a reason, not a word: a comma, but
    none at its end."""
    return "," in right and bool(right.rsplit(",", 1)[1].strip())


def _frequency_fields() -> list[str]:
    """The list's words and counts, alternating; empty when it is unavailable or malformed."""
    try:
        path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
        fields = path.read_text("utf-8").split()
    except (ModuleNotFoundError, OSError) as exc:
        log.warning("the English word frequency list is unavailable: %s", exc)
        return []
    if len(fields) % 2:
        log.warning("the English word frequency list is malformed")
        return []
    return fields


@functools.cache
def _word_hashes() -> array.array[int]:
    """The sorted hashes of the frequency list's words (0.7 MB, where a dict of them holds 20 MB),
    from ``frequencies`` when ``wa correct`` has read them already, else read from the file."""
    words = frequencies().keys() if frequencies.cache_info().currsize else _frequency_fields()[0::2]
    found = array.array("q", sorted(map(hash, words)))
    memory.trim()  # what building it took
    return found


def is_word(word: str) -> bool | None:
    """Whether ``word`` (lower case) is in the English frequency list, which holds British,
    American and other dialects' spellings alike ("colour", "color", "theatre"); None when
    the list is unavailable. Read on first use (about 0.1 s); ``wa check`` and a language
    server ask it without holding the list itself."""
    hashes = _word_hashes()
    return _holds(hashes, word) if hashes else None


def _holds(hashes: array.array[int], word: str) -> bool:
    """Whether the sorted ``hashes`` hold ``word``'s hash."""
    i = bisect.bisect_left(hashes, hash(word))
    return i < len(hashes) and hashes[i] == hash(word)


class Speller:
    """Candidate corrections for one unknown word; stateless, the lists are shared."""

    def __init__(self, lexicon_: Lexicon | None = None) -> None:
        self._given = lexicon_

    @property
    def _lexicon(self) -> Lexicon:
        # loaded on first use: ``wa correct`` on text without unknown words never reads the lists
        return self._given or lexicon()

    def corrections(self, word: str) -> tuple[str, ...]:
        """What codespell says ``word`` is a misspelling of; empty if it does not list it."""
        return parse_corrections(self._lexicon.misspellings.get(word.lower(), ""))

    def candidates(self, word: str, limit: int = 5) -> list[str]:
        """What ``word`` may be a misspelling of, in ``word``'s case: codespell's corrections
        first, then up to ``limit`` frequent words nearest to it. Empty for a word that is
        not a plain word (digits, code), or too short to guess."""
        if not _WORD.fullmatch(word) or len(word) < _MIN_LENGTH:
            return []
        key = word.lower()
        if key in self._lexicon.frequency:
            return []  # an English word Harper lacks ("collectable"): nothing to guess
        known = list(self.corrections(key))
        # A misspelling codespell knows has its corrections; the nearest words add noise.
        near = self._nearest(key, limit) if not known and "'" not in key else []
        out: list[str] = []
        for candidate in (*known, *near):
            cased = match_case(word, candidate)
            if candidate.lower() != key and cased not in out:
                out.append(cased)
        return out

    def _nearest(self, key: str, limit: int) -> list[str]:
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        if not self._lexicon.words:
            return []
        found = process.extract(
            key, self._lexicon.words, scorer=OSA.distance, score_cutoff=max_distance(key), limit=None
        )
        frequency = self._lexicon.frequency
        found.sort(key=lambda hit: (hit[1], -frequency[hit[0]]))
        return [word for word, _, _ in found if not _affix(key, word)][:limit]


def _affix(word: str, candidate: str) -> bool:
    """Whether one is the other with two or more letters added at one end: a prefix or a
    suffix cut, as in the terms "toplevel" and "dhfile" ("level", "file"), not a slip."""
    short, long = sorted((word, candidate), key=len)
    return len(long) - len(short) >= 2 and (long.startswith(short) or long.endswith(short))


def distance(word: str, other: str) -> int:
    """Edits between two words (optimal string alignment: a swap of two letters is one)."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(word, other))


def match_case(original: str, candidate: str) -> str:
    """``candidate`` written in ``original``'s case: "Untill" → "Until", "UNTILL" → "UNTIL".

    A candidate with capitals of its own ("iPod", "English") keeps them in a lowercase word.
    """
    if original.isupper() and len(original) > 1:
        return candidate.upper()
    if original[:1].isupper():
        return candidate[:1].upper() + candidate[1:]
    return candidate


# The most frequent English words. Typos of these are the commonest typos ("teh", "wil",
# "untill", "noone"), so a short or affix-like unknown word near one of them stays a finding.
_COMMON = """a about above after again against all almost also although always am among an and
    another any anyone anything are around as at be because been before being below
    between both but by can could did do does doing done down during each either else
    enough even ever every few for from further get gets given go goes had has have
    having he her here hers herself him himself his how however i if in into is it its
    itself just least less let like many may me might more most much must my myself
    neither never no nobody none nor not nothing now of off often on once one only onto
    or other others our ours ourselves out over own per perhaps quite rather same
    several shall she should since so some someone something sometimes still such than
    that the their theirs them themselves then there these they this those though
    through to too toward towards under unless until up upon us very was we well were
    what whatever when where whether which while who whom whose why will with within
    without would yet you your yours yourself yourselves lot case fact time way"""
COMMON_WORDS = frozenset(_COMMON.split())
