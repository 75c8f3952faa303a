"""Harper's findings that are wrong in a known way on technical prose.

Each rule worth keeping on still fires where its pattern has another reading: "an rpath"
is read by its letters' names, "their effects" is a noun, "converted to absolute" is no
"too". Measured with ``benchmarks/false_alarms.py`` on professional docs, and kept only
where the learner errors of JFLEG's dev set stay found ("this will have a great affect
on his personality", "it might be either to expensive").

``misfire(rule, doc, span)`` says whether a finding of ``rule`` at ``span`` is one of
them; each rule's test is a small function registered for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from wa_core.document import ProseDocument, Span
from wa_core.function_words import ARTICLES, POSSESSIVES
from wa_core.spelling import COMMON_WORDS, is_word

Misfire = Callable[[ProseDocument, Span], bool]
_MISFIRES: dict[str, Misfire] = {}


def misfire(rule: str, doc: ProseDocument, span: Span) -> bool:
    """Whether Harper's finding of ``rule`` at ``span`` of ``doc.prose`` is a known misfire."""
    if _in_foreign_phrase(doc.prose, span) or _IDENTIFIER_WORD.fullmatch(span.of(doc.prose)):
        return True
    test = _MISFIRES.get(rule)
    return test is not None and test(doc, span)


def _for(*rules: str) -> Callable[[Misfire], Misfire]:
    def register(test: Misfire) -> Misfire:
        for rule in rules:
            _MISFIRES[rule] = test
        return test

    return register


# A word written like code, in camelCase or with an underscore ("afterAll" is no "after all").
_IDENTIFIER_WORD = re.compile(r"[a-z]+[A-Z]\w*|[A-Za-z]\w*_\w+")


# Text before a sentence's first word: nothing, or a full stop or paragraph break, then
# spaces and opening quotes or brackets.
SENTENCE_START = re.compile(r"(?:\A|[.!?]['\"’”)\]]*\s|\n\s*\n)[\s\"'“‘(\[]*\Z")
_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")


def _next_word(prose: str, end: int) -> str:
    following = _NEXT_WORD.match(prose, end)
    return following.group(1) if following else ""


def _before(pattern: re.Pattern[str], prose: str, span: Span, reach: int) -> bool:
    """Whether ``pattern`` (anchored with ``\\Z``) matches the text just before ``span``."""
    return pattern.search(prose, max(0, span.start - reach), span.start) is not None


def _last_word_in(words: Iterable[str]) -> re.Pattern[str]:
    """A pattern for ``_before``: the text ends with one of ``words``, in any case, and spaces."""
    return re.compile(rf"\b(?:{'|'.join(sorted(words))})\s+\Z", re.IGNORECASE)


# Latin and French phrases of English prose whose words Harper takes one at a time ("de *facto*"
# -> "fact", "pro forma" -> "proforma").
_FOREIGN_PHRASES = re.compile(
    r"\b(?:de facto|ipso facto|de jure|mutatis mutandis|sui generis|pro forma|raison d['’]être|"
    r"ad infinitum|ad nauseam|inter alia|ceteris paribus|prima facie|sine qua non|vice versa)\b",
    re.IGNORECASE,
)


def _in_foreign_phrase(prose: str, span: Span) -> bool:
    """Whether the finding is on a word of a Latin or French phrase English uses ("de facto")."""
    start = max(0, span.start - 24)
    return any(
        m.start() <= span.start and span.end <= m.end()
        for m in _FOREIGN_PHRASES.finditer(prose, start, span.end + 24)
    )


# --- articles ----------------------------------------------------------------------------

_QUOTES = frozenset("'\"‘’“”`")
# An initialism after an article ("an NER model", "a MHCH context").
_INITIALISM = re.compile(r"\s+([A-Z][A-Z0-9]+)\b")
# A lowercase abbreviation with no vowel ("an fd", "an rpm"), or one whose first two letters
# begin no English syllable ("an rpath", "an lcov", "an nginx"): read by its letters' names.
_UNSPOKEN = re.compile(r"\s+([b-df-hj-np-tv-xz]{2,4})\b")
_LOWER_WORD = re.compile(r"\s+([a-z][a-z0-9]+)\b")
_CONSONANTS = frozenset("bcdfghjklmnpqrstvxz")
_ONSETS = frozenset((
    "bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gh", "gl", "gn", "gr", "kl", "kn", "kr",
    "ph", "pl", "pr", "ps", "pt", "rh", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "sq", "st", "sv",
    "sw", "th", "tr", "ts", "tw", "vl", "wh", "wr", "zh",
))  # fmt: skip
_UNSIGNED = re.compile(r"\s+[Uu][Ii]nt\w*")
# Initialisms read as a word or as what they stand for, so "a" is right: "a SHA-1" ("shah"),
# "a LF" and "a NUL" (a line feed, a null byte) in protocol documents.
_SPOKEN_INITIALISMS = frozenset(
    {"SHA", "LF", "CR", "CRLF", "SP", "HT", "NUL", "XOR", "NAT", "LAN", "RAM", "SIM"}
)
# SQL and the names built on it read "sequel" as often as by their letters.
_SEQUEL = re.compile(r"\s+SQL")
# An identifier in capitals and underscores reads as its words ("a SKIP_WORKTREE bit").
_IDENTIFIER = re.compile(r"\s+([A-Z][A-Z0-9]*_\w+)")
# What follows the letter a named, not the article: an option ("the -a option"), a slash, or
# "and"/"or" ("swap a and b").
_LETTER_A = re.compile(r"\s*(?:[-/=]|(?:and|or|is|are)\b)")
# Letters whose names start with a vowel sound: "an FBI agent", "an HTML page", "an NLP model".
_VOWEL_NAMED_LETTERS = frozenset("AEFHILMNORSX")
# Of those, consonants: a word in capitals that starts with one ("SPONSOR") reads "a" as a word.
_VOWEL_NAMED_CONSONANTS = _VOWEL_NAMED_LETTERS - frozenset("AEIOU")


def _read_by_letters(prose: str, end: int) -> str | None:
    """The word after an article at ``end`` when it is read by its letters' names."""
    m = _INITIALISM.match(prose, end) or _UNSPOKEN.match(prose, end)
    if m is not None:
        return m.group(1)
    m = _LOWER_WORD.match(prose, end)
    if m is None:
        return None
    head = m.group(1)[:2]
    # A letter before a digit is its name ("an x86", "an s3 bucket"), as is a run of consonants
    # that begins no English syllable.
    spelled = head[1].isdigit() or (head[0] in _CONSONANTS and head[1] in _CONSONANTS and head not in _ONSETS)
    return m.group(1) if spelled else None


@_for("AnA")
def _article(doc: ProseDocument, span: Span) -> bool:
    prose = doc.prose
    # A capital A inside a sentence is a name ("if *A* and *B* are patterns"), "a)" a list
    # label ("#### a) Installing"), "'a'" the letter itself: none is an article.
    if span.of(prose) == "A" and not SENTENCE_START.search(prose, 0, span.start):
        return True
    if span.start > 0 and prose[span.start - 1] == "-":
        return True  # an option ("-a"), not an article
    after = prose[span.end : span.end + 1]
    before = prose[span.start - 1 : span.start] if span.start else ""
    if after == ")" or (before in _QUOTES and after in _QUOTES):
        return True
    article = span.of(prose).casefold()
    # "a Uint8Array", "a uint32_t": the "u" of an unsigned integer type reads "you".
    if article == "a" and (_UNSIGNED.match(prose, span.end) or _LETTER_A.match(prose, span.end)):
        return True
    spoken = _INITIALISM.match(prose, span.end)
    if article == "a" and spoken and spoken.group(1).rstrip("0123456789") in _SPOKEN_INITIALISMS:
        return True
    if article == "a" and _SEQUEL.match(prose, span.end):
        return True  # "a SQLite database": "sequel-ite", as "an SQLite database" is "S-Q-L-ite"
    if article == "a" and spoken and _a_word_in_capitals(spoken.group(1)):
        return True  # "becoming a SPONSOR": the word, not its letters' names ("ess")
    identifier = _IDENTIFIER.match(prose, span.end)
    if identifier:
        return article == ("an" if identifier.group(1)[0] in "AEIOU" else "a")
    # Before a word read by its letters' names, the article of its first letter's name is
    # right, whether or not the letters also read as a word: "an NER system" (Harper reads
    # "ner"), "an HTML page", "an rpath".
    return span.of(prose).casefold() == article_by_letters(prose, span.end)


def _a_word_in_capitals(word: str) -> bool:
    """An English word written in capitals, read as the word ("SPONSOR", "NOTE"), whose first
    letter's name starts with a vowel sound where the word's first sound is a consonant."""
    return (
        len(word) >= 4
        and word.isalpha()
        and word[0] in _VOWEL_NAMED_CONSONANTS
        and bool(is_word(word.lower()))
    )


def article_by_letters(prose: str, end: int) -> str | None:
    """The article ("a" or "an") of its first letter's name when the word after ``end`` is read
    by its letters' names ("an NDK", "an rpath", "a CPU"); None for a word read as one."""
    word = _read_by_letters(prose, end)
    if word is None:
        return None
    return "an" if word[0].upper() in _VOWEL_NAMED_LETTERS else "a"


_DETERMINER_BEFORE = _last_word_in(ARTICLES | POSSESSIVES | {"this", "that"})


@_for("Overall")
def _over_all(doc: ProseDocument, span: Span) -> bool:
    # "over all 19 languages", "a distribution over all input words": a preposition and
    # "all"; the adjective stands after a determiner ("the over all score").
    return not _before(_DETERMINER_BEFORE, doc.prose, span, 8)


# -ing nouns that are mass nouns in every sense ("a clothing", "a funding"); Harper counts many
# that have a countable sense too ("a finding", "a binding", "an opening", "a decoding").
_MASS_GERUNDS = frozenset((
    "advertising", "accounting", "camping", "clothing", "engineering", "farming", "fishing", "funding",
    "gardening", "hunting", "littering", "marketing", "networking", "parking", "plumbing",
    "programming", "shopping", "sightseeing", "smoking", "training",
))  # fmt: skip
# The second half of a compound modifier whose hyphen is left out: the article is the next
# noun's ("a visibility related compile option").
_MODIFIER_ENDS = frozenset(
    {"related", "based", "specific", "dependent", "aware", "driven", "oriented", "wide"}
)


@_for("MassNouns")
def _counted_mass_noun(doc: ProseDocument, span: Span) -> bool:
    # "each finding", "a trailing colon", "an Intel CPU", "a Chinese, Japanese or Korean
    # decoding", "both chaos and coherence": a gerund, a name or one of several things, not
    # a mass noun counted ("an information" still is one). "the correct decodings",
    # "content-codings": a gerund's plural, the end of a compound ("informations" still is
    # one).
    prose = doc.prose
    words = span.of(prose).split()
    noun = words[-1] if words else ""
    if len(words) == 1:
        plural_gerund = noun.casefold().endswith("ings") and noun.casefold()[:-1] not in _MASS_GERUNDS
        return plural_gerund or _counted(noun) or prose[span.start - 1 : span.start] == "-"
    gerund = noun.casefold().endswith("ing") and noun.casefold() not in _MASS_GERUNDS
    following = _next_word(prose, span.end)
    # "a static multicast domain", "an information system": the article is the next noun's
    # ("every stuff made for", "a confidence to" still are errors)
    noun_next = (
        words[0].casefold() in ("a", "an")
        and following.isalpha()
        and following.islower()
        and following not in COMMON_WORDS
        and not following.endswith(("ed", "ing", "ly"))
    )
    modifier = following.casefold() in _MODIFIER_ENDS or noun_next
    # "a proliferation of packs": a count sense of a noun in -ion; "as one might expect": the modal
    counted = words[0].casefold() in ("a", "an") and noun.casefold().endswith("ion") and following == "of"
    modal = noun.casefold() == "might"
    # "a syntax for importing": one of the nouns whose plural is counted ("syntaxes")
    one = words[0].casefold() in ("a", "an") and _counted(noun + ("es" if noun.endswith("x") else "s"))
    return (
        noun[:1].isupper() or gerund or words[0].casefold() == "both" or modifier or counted or modal or one
    )


# Plurals of nouns that are counted in technical senses: "syntaxes", "compactions"; the
# mass nouns learners pluralise ("informations", "pollutions") stay found.
_COUNTED_PLURAL = re.compile(r"\w+(?:[ts]ions|xes)", re.IGNORECASE)
_MASS_PLURALS = frozenset({"informations", "documentations", "pollutions", "educations", "transportations"})


def _counted(noun: str) -> bool:
    return _COUNTED_PLURAL.fullmatch(noun) is not None and noun.casefold() not in _MASS_PLURALS


# --- verbs ----------------------------------------------------------------------------------

# Words after which "to" opens an infinitive ("we have to reduced sulfur" is an error).
_INFINITIVE_BEFORE = re.compile(
    r"\b(?:have|has|had|need|needs|needed|want|wants|wanted|going|able|ought|try|tries|tried|"
    r"used|decided|decide|plan|plans|planned|hope|hopes|seem|seems|seemed|like|likes|would)\s+\Z",
    re.IGNORECASE,
)


def _participle_after_to(doc: ProseDocument, span: Span) -> bool:
    # "access to annotated examples", "a reference to generated Visual Studio projects": "to"
    # is a preposition before a participle used as an adjective and its noun, not the
    # infinitive's ("to used it"; "tools to enables services" has no adjective).
    prose = doc.prose
    word = _next_word(prose, span.end)
    adjective = span.of(prose).endswith("ed") and word[:1].isalpha() and word.casefold() not in COMMON_WORDS
    return adjective and not _before(_INFINITIVE_BEFORE, prose, span, 12)


# Words an adjective never follows after a modal, which Harper takes for one ("will first provide").
_AFTER_A_MODAL = frozenset(
    {"first", "last", "next", "further", "once", "soon", "later", "eventually", "again"}
)


@_for("ModalBeAdjective")
def _adverb_after_modal(doc: ProseDocument, span: Span) -> bool:
    return _next_word(doc.prose, span.end).casefold() in _AFTER_A_MODAL


@_for("AppleNames")
def _apples_own_mini(doc: ProseDocument, span: Span) -> bool:
    # "an Apple M4 Mac mini": Apple writes its "Mac mini" and "iPad mini" so.
    return span.of(doc.prose).split()[-1:] == ["mini"]


@_for("DayOneNames")
def _from_day_one(doc: ProseDocument, span: Span) -> bool:
    # "designed from day one": the idiom, which the journal app's name is written unlike.
    return span.of(doc.prose).islower()


# A possessive before "is"/"are" whose noun is left out ("the comma's thresholds and the
# preposition's are"), not a contraction of "is": those follow pronouns ("it's is").
_POSSESSIVE_BEFORE = re.compile(r"(\w+)['’]s\s*\Z")
_CONTRACTED = frozenset(
    {"it", "he", "she", "that", "there", "here", "what", "who", "where", "when", "how", "why", "this",
     "everyone", "everything", "someone", "something", "nobody", "nothing", "one", "let"}
)  # fmt: skip


@_for("SingleBe")
def _possessive_be(doc: ProseDocument, span: Span) -> bool:
    possessive = _POSSESSIVE_BEFORE.search(doc.prose, max(0, span.start - 40), span.start)
    return possessive is not None and possessive.group(1).casefold() not in _CONTRACTED


# Verbs whose object a complement follows: "make it new" is no "make it knew".
_COMPLEMENT_VERB = re.compile(
    r"\b(?:make|makes|made|making|keep|keeps|kept|keeping|leave|leaves|left|leaving|find|finds|found|"
    r"call|calls|called|consider|considers|considered|render|renders|rendered|get|gets|got|want|wants|"
    r"wanted|like|likes|liked|prefer|prefers|preferred)\s+(?:it|them|him|her|me|us|you)\s+\Z",
    re.IGNORECASE,
)


# Pronouns an adjective follows or a noun's modifier ("everything new", "on which new commits").
_BEFORE_NEW = re.compile(r"\b(?:\w+thing|\w+one|\w+body|which|what|whose)\s+\Z", re.IGNORECASE)


@_for("PronounKnew")
def _object_complement(doc: ProseDocument, span: Span) -> bool:
    prose = doc.prose
    return _before(_COMPLEMENT_VERB, prose, span, 24) or _before(_BEFORE_NEW, prose, span, 16)


_VARIABLE_I = re.compile(r"(?<![\w'’])i\s+\Z")
_THANK_YOU = re.compile(r"\bthank\s+you\s+\Z", re.IGNORECASE)


@_for("PronounVerbAgreement")
def _not_a_subject_pronoun(doc: ProseDocument, span: Span) -> bool:
    # "where d i indicates the difference": a variable named i, not the pronoun; "the best way
    # to say thank you is": the phrase is the subject.
    return _before(_VARIABLE_I, doc.prose, span, 4) or _before(_THANK_YOU, doc.prose, span, 16)


# "it" as an object, of a preposition or a verb in -ing: the verb after it agrees with the
# subject before ("the usage requirements of it are", "the names following it are").
_OBJECT_IT = re.compile(
    r"\b(?:of|to|for|with|from|in|on|at|by|about|into|onto|over|under|than|like|without|within|\w+ing)"
    r"\s+it\s+\Z",
    re.IGNORECASE,
)


@_for("PronounInflectionBe")
def _object_it(doc: ProseDocument, span: Span) -> bool:
    return _before(_OBJECT_IT, doc.prose, span, 24)


# Where "affect" is a verb and "effect" a noun: after a modal, "not", "to", "do" or a
# subject pronoun, and (for "affect") an adverb or a relative pronoun.
_VERB_SLOT = re.compile(
    r"\b(?:will|shall|would|could|can|may|might|must|should|not|n['’]t|to|do|does|did|also|"
    r"i|you|he|she|it|we|they)\s+\Z",
    re.IGNORECASE,
)
# and after a plural noun, its subject ("configuration variables affect packing")
_AFFECT_SLOT = re.compile(
    r"\b(?:which|who|that|\w+ly|(?!(?:its|his|this|has|was|is|as|does|us|thus|plus)\b)\w+[^s\W]s)\s+\Z",
    re.IGNORECASE,
)


@_for("NounVerbConfusion")
def _affect_effect(doc: ProseDocument, span: Span) -> bool:
    # "their effects propagate", "has effect only when", "would not affect linking": Harper
    # takes the noun for a verb and the verb for a noun ("a great affect on", "shall effect
    # in exams" are still found). Its other pairs are left as they are.
    prose = doc.prose
    word = span.of(prose).casefold()
    verb_slot = _before(_VERB_SLOT, prose, span, 12)
    if word in ("effect", "effects"):
        return not verb_slot
    if word in ("affect", "affects"):
        return verb_slot or _before(_AFFECT_SLOT, prose, span, 24)
    return False


# Verbs whose "to" names what something becomes ("converted to absolute", "set to NEW"), and
# the "from" of a range ("from temporary to permanent").
_CHANGED_TO = re.compile(
    r"\b(?:(?:convert|set|change|switch|turn|cast|resolv|normali[sz]|default|map|translat|round|"
    r"upgrad|downgrad|migrat|promot)\w*|from)\b[^.;:!?]{0,40}\Z",
    re.IGNORECASE,
)


_TOO_SHORT_A = re.compile(r"\s+\w+\s+an?\s", re.IGNORECASE)


@_for("ToTwoToo")
def _to_a_value(doc: ProseDocument, span: Span) -> bool:
    # "convert each element of the list to upper, lower characters", "is set to NEW", "the
    # status to Inactive", "from temporary to permanent": a value something is changed to,
    # not "too" ("affect them to much", "either to expensive").
    prose = doc.prose
    value = _next_word(prose, span.end)
    if span.of(prose).casefold() == "too":
        return _TOO_SHORT_A.match(prose, span.end) is not None  # "too short a value"
    place = value.casefold() in ("here", "there", "now")  # "points to here", "back to now"
    return value[:1].isupper() or place or _before(_CHANGED_TO, prose, span, 60)


@_for("Itself", "ToLoseTooLoose", "NotIn")
def _starts_a_compound(doc: ProseDocument, span: Span) -> bool:
    # "making it self-contained", "write it to loose-object-idx.lock", "no In-Reply-To header":
    # the finding's last word begins a hyphenated compound, which Harper reads alone.
    return doc.prose[span.end : span.end + 1] == "-"


_HOW_TO = re.compile(r"\bhow-\Z", re.IGNORECASE)
# Words whose "to" is a preposition: what follows is a value or a noun ("equal to undefined").
_PREPOSITION_TO = re.compile(
    r"\b(?:equal|equals|identical|similar|compared|relative|prior|next|close|due|according)\s+\Z",
    re.IGNORECASE,
)


@_for("InflectedVerbAfterTo")
def _after_to(doc: ProseDocument, span: Span) -> bool:
    # "This how-to explains": the noun "how-to" before its verb; "not equal to undefined".
    prose = doc.prose
    return (
        _participle_after_to(doc, span)
        or _before(_HOW_TO, prose, span, 5)
        or _before(_PREPOSITION_TO, prose, span, 16)
    )


@_for("InDemandInDepth")
def _title_case(doc: ProseDocument, span: Span) -> bool:
    # "see Help in Depth": a title, whose words keep their own capitals ("an in depth guide"
    # still lacks its hyphen).
    return _next_word(doc.prose, span.start)[:1].isupper()


_MONTH_DAY = re.compile(r"\s*(?:\d|[,.;:!?)]|\Z)")


@_for("Months")
def _modal_may(doc: ProseDocument, span: Span) -> bool:
    # "the order they are listed in may be arbitrary": the modal, which a word follows ("in may
    # 2020", "in may, we" are still the month).
    word = span.of(doc.prose)
    return word == "may" and _MONTH_DAY.match(doc.prose, span.end) is None


_MOVES = frozenset(
    {"between", "to", "on", "onto", "off", "in", "into", "over", "across", "from", "back", "out", "around"}
)


@_for("HopHope")
def _hop_between(doc: ProseDocument, span: Span) -> bool:
    # "users hop between sections": the verb of moving, which a preposition follows.
    return _next_word(doc.prose, span.end).casefold() in _MOVES


_DURATION_BEFORE = re.compile(
    r"\b(?:take|takes|took|taking|taken|spend|spends|spent|spending|for|after|in|once|quite|little)\s+\Z",
    re.IGNORECASE,
)


@_for("AWhile")
def _a_while_noun(doc: ProseDocument, span: Span) -> bool:
    # "it can take a while", "if you spent a while": the noun phrase, an object ("awhile" is
    # an adverb).
    return span.of(doc.prose).casefold() == "a while" and _before(_DURATION_BEFORE, doc.prose, span, 12)


# Words that cannot follow the determiner "that": after "that that" they show a doubled "that".
_NOT_AFTER_THAT = frozenset(
    {
        "the",
        "a",
        "an",
        "it",
        "we",
        "they",
        "he",
        "she",
        "i",
        "you",
        "this",
        "there",
        "is",
        "are",
        "was",
        "were",
    }
)


@_for("RedundantThat")
def _that_that(doc: ProseDocument, span: Span) -> bool:
    # "Suppose that that repository has": a conjunction, then a determiner and its noun; both
    # are needed ("I think that that the answer" is still a doubled word).
    doubled = span.of(doc.prose).casefold().split() == ["that", "that"]
    return doubled and _next_word(doc.prose, span.end).casefold() not in _NOT_AFTER_THAT


_QUOTED_INFLECTION = re.compile(r"(?:s|es|ed|d|ing)\b")


@_for("QuoteSpacing")
def _quoted_word_inflected(doc: ProseDocument, span: Span) -> bool:
    # 'plenty of "a"s and "b"s', 'files "cvs import"ed': a quoted word given an ending.
    return _QUOTED_INFLECTION.match(doc.prose, span.end) is not None


# Words that open a noun phrase: "a", "its", "every", "another"...
_NOUN_DETERMINERS = ARTICLES | POSSESSIVES | {"this", "each", "every", "any", "some", "no", "one", "another"}
# A determiner right before a word makes it a noun: "its bit position" ("that have ran" is a verb).
_DETERMINER = _last_word_in(ARTICLES | POSSESSIVES | {"each", "every"})
# "a way", "a good way": the noun, which an infinitive follows ("way to big" is "way too big").
_THE_WAY = re.compile(
    rf"\b(?:{'|'.join(sorted(_NOUN_DETERMINERS | {'that'}))})\s+(?:\w+\s+)?way\s+\Z", re.IGNORECASE
)


@_for("SimplePastToPastParticiple")
def _noun_after_determiner(doc: ProseDocument, span: Span) -> bool:
    # "its bit position": a noun, not the past tense of "bite".
    return _before(_DETERMINER, doc.prose, span, 8)


@_for("WayTooAdjective")
def _the_way_to(doc: ProseDocument, span: Span) -> bool:
    # "a good way to double-check": the noun "way" and an infinitive.
    return _before(_THE_WAY, doc.prose, span, 40)


@_for("AdjectiveDoubleDegree")
def _more_later(doc: ProseDocument, span: Span) -> bool:
    # "explore this more later on": "later" is the adverb of time.
    return span.of(doc.prose).casefold().split()[-1:] == ["later"]


# --- pronouns, determiners ---------------------------------------------------------------

_PREVIOUS_WORD = re.compile(r"([\w'’-]+)\s+\Z")
# Verbs a clause follows ("says its raining" is "it's"), unlike those an object follows.
_CLAUSE_VERBS = frozenset((
    "says", "said", "thinks", "thought", "hopes", "hoped", "knows", "knew", "believes", "believed",
    "feels", "felt", "means", "meant", "guess", "guessed", "seems", "seemed", "hears", "heard",
    "sees", "saw", "shows", "showed", "guesses", "assumes", "assumed",
))  # fmt: skip
_PREPOSITIONS = frozenset(
    {"of", "with", "in", "on", "for", "by", "to", "from", "about", "into", "without", "within", "under"}
)


@_for("ItsContraction")
def _its_gerund_noun(doc: ProseDocument, span: Span) -> bool:
    # "any DLL retains its casing", "the length of its padding": a noun in -ing after the
    # possessive, which a verb or a preposition governs ("says its raining", "also its been"
    # are still "it's").
    prose = doc.prose
    if _INITIALISM.match(prose, span.end):
        return True  # "its SHA-1 name": a possessive before an initialism that names a thing
    if not _next_word(prose, span.end).casefold().endswith("ing"):
        return False
    previous = _PREVIOUS_WORD.search(prose, max(0, span.start - 30), span.start)
    word = previous.group(1).casefold() if previous else ""
    if word in _CLAUSE_VERBS:
        return False
    return word in _PREPOSITIONS or (word.endswith(("s", "ed")) and word not in COMMON_WORDS)


# A compound adjective whose head is a participle or an adjective ("self-contained",
# "thread-safe"), then the end of the phrase: a predicate, so "it's" is "it is".
_PREDICATE_COMPOUND = re.compile(
    r"\s+\w+-(?:\w+-)*(?:\w+ed|\w+en|safe|free|ready|aware|friendly|compatible|complete|agnostic)"
    r"(?:[,.;:!?)]|\s+(?:and|or|but)\b|\s*\Z)",
    re.IGNORECASE,
)


@_for("ItsPossessive")
def _it_is_compound(doc: ProseDocument, span: Span) -> bool:
    # "like Huey: it's self-contained, versatile": Harper reads the compound's first word
    # ("self") as a noun the possessive owns ("wagged it's tail" is still "its").
    return _PREDICATE_COMPOUND.match(doc.prose, span.end) is not None


_MODAL_NEXT = re.compile(
    r"\s+[\w'’-]+\s+(?:should|will|would|can|could|may|might|must|shall|is|are|was|were|has|have)\b",
    re.IGNORECASE,
)


@_for("TheirToTheyre")
def _their_noun(doc: ProseDocument, span: Span) -> bool:
    # "their count should match": a noun that is the subject of the next verb, not "they're";
    # "their SHA-1 names": an initialism naming a thing.
    return (
        _MODAL_NEXT.match(doc.prose, span.end) is not None
        or _INITIALISM.match(doc.prose, span.end) is not None
    )


# A noun in -er after its determiner and up to two modifiers ("a header that", "a brief metadata
# header that", "git's size header that") or "earlier"/"later"/"further" ("find out earlier
# that", "suppose further that"): "that" opens a clause there; after a comparative ("bigger
# that") it is a slip for "than".
_THAT_CLAUSE_AFTER = re.compile(
    rf"(?:(?:\b(?:{'|'.join(sorted(_NOUN_DETERMINERS))})|\w['’]s)"
    r"\s+(?:(?!(?:is|are|was|were|be|been|being|much|far|even|still|so|way)\b)[\w\"“”-]+\s+){0,2}\w+er"
    r"|\b(?:earlier|later|further))\s+\Z",
    re.IGNORECASE,
)


@_for("ThatThan")
def _that_clause(doc: ProseDocument, span: Span) -> bool:
    return _before(_THAT_CLAUSE_AFTER, doc.prose, span, 40)


_OF_NEXT = re.compile(r"\s+of\b", re.IGNORECASE)


@_for("Everyone")
def _every_one_of(doc: ProseDocument, span: Span) -> bool:
    # "every one of the changes": each one of several, never "everyone of".
    return _OF_NEXT.match(doc.prose, span.end) is not None


@_for("ThereIsAgreement")
def _findings(doc: ProseDocument, span: Span) -> bool:
    # "when there are findings": Harper counts "findings" as one thing ("is a findings").
    return span.of(doc.prose).casefold().split() == ["are", "findings"]


_ONE_OF = re.compile(r"\bone of\b", re.IGNORECASE)
# Words after "one of the" that stand for several things: "one of the two", "one of the other
# platforms", "one of the following".
_SEVERAL = frozenset((
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "both", "few", "many",
    "several", "other", "others", "following", "above", "below", "former", "latter",
))  # fmt: skip


@_for("OneOfTheSingular")
def _one_of_several(doc: ProseDocument, span: Span) -> bool:
    # "one of the :ref:`Visual Studio Generators`", "one of the ``<methods>``": the words
    # after "one of" include a placeholder, whose number Harper cannot see.
    prose = doc.prose
    word = span.of(prose).split()
    if word and word[0].casefold() in _SEVERAL:
        return True
    if _next_word(prose, span.end).casefold() in ("and", "or"):
        return True  # "one of the test and release branches": the plural is the last noun's
    phrases = list(_ONE_OF.finditer(prose, max(0, span.start - 60), span.start))
    start = phrases[-1].end() if phrases else span.start
    return bool(doc.placeholders(Span(start, span.end)))


# --- words --------------------------------------------------------------------------------


@_for("ToDoHyphen")
def _todo_marker(doc: ProseDocument, span: Span) -> bool:
    # "TODO tests", "marked as TODO": the marker code and test runners write, not "to-do"
    return span.of(doc.prose).isupper()


@_for("LetsConfusion")
def _let_object(doc: ProseDocument, span: Span) -> bool:
    # "Let :prop_tgt:`AUTOMOC` and :prop_tgt:`AUTOUIC` process files": Harper reads the
    # placeholder ("Code") as a verb and asks for "Let's".
    following = _NEXT_WORD.match(doc.prose, span.end)
    return following is not None and bool(doc.placeholders(Span(following.start(1), following.end(1))))


@_for("RepeatedWords")
def _not_repeated(doc: ProseDocument, span: Span) -> bool:
    # "in in-source builds": the second word starts a compound; "operators AND and OR": a
    # keyword named, then the word; "at the The Organization tier": a name that opens with it.
    prose = doc.prose
    words = span.of(prose).split()
    keyword = len(words) == 2 and words[0] != words[1] and any(len(w) > 1 and w.isupper() for w in words)
    name = (
        len(words) == 2
        and words[0].islower()
        and words[1].istitle()
        and _next_word(prose, span.end)[:1].isupper()
    )
    return _starts_a_compound(doc, span) or keyword or name


_INDEFINITE_BEFORE = re.compile(r"\ban?\s+\Z", re.IGNORECASE)


@_for("CompaniesProductsAndTrademarks")
def _common_noun(doc: ProseDocument, span: Span) -> bool:
    # "to prevent a stack overflow": the thing, not the site.
    prose = doc.prose
    return span.of(prose).islower() and _before(_INDEFINITE_BEFORE, prose, span, 4)


@_for("ExpandWith")
def _pair_of_letters(doc: ProseDocument, span: Span) -> bool:
    # "W/U" (Windows/Unix) in a table: two letters, not "with".
    return doc.prose[span.end : span.end + 1].isalnum()


_LETTER_PAIR = re.compile(r"(?<!\w)\w,\w(?!\w)")


_CODE_MARKS = frozenset("=/_<>{}[]|\\@#$")


@_for("CommaFixes")
def _coordinates(doc: ProseDocument, span: Span) -> bool:
    # "y,x" and "i,j": coordinates and indices; "Name=platform,Values=Linux": an argument
    # written in running text. Neither misses a space.
    prose = doc.prose
    if span.of(prose) != "," or span.start == 0:
        return False
    start, end = span.start, span.end
    while start > 0 and not prose[start - 1].isspace():
        start -= 1
    while end < len(prose) and not prose[end].isspace():
        end += 1
    token = prose[start:end]
    # "trunk,tags,branches", "P1,P2": values, written as code ("reasons,`'IPv4'`" before code
    # still misses its space)
    values = token.rstrip(",.;:").count(",") > 1 or any(c.isdigit() for c in token)
    code = any(c in _CODE_MARKS for c in token)
    return code or values or _LETTER_PAIR.match(prose, span.start - 1) is not None


_AFTER_NUMBER = re.compile(r"\d[ \u00a0]*\Z")
_VERSION = re.compile(r"v\d+(?:\.\d+)*")


@_for("MergeWords")
def _separate_words(doc: ProseDocument, span: Span) -> bool:
    # "2.89 s in that run" ("sin"), "106 tokens/s at 451 MB" ("sat"), "GPL v2" ("GPLv2"): a
    # unit after a number or a slash, a version; "performance in NER" ("inNER"): an
    # initialism; "s t in Fig. 1": symbols; "harper.js's own" ("sown"): a possessive's ending.
    prose = doc.prose
    first, _, second = span.of(prose).partition(" ")
    if first == "s" and prose[span.start - 1 : span.start] in ("'", "’"):
        return True
    after_slash = prose[span.start - 1 : span.start] == "/"
    unit = len(first) == 1 and (after_slash or _AFTER_NUMBER.search(prose, 0, span.start) is not None)
    capitals = any(len(w) > 1 and w.isupper() for w in (first, second))
    symbols = len(first) == 1 and len(second) == 1
    return unit or capitals or symbols or _VERSION.fullmatch(second) is not None


_NAME_NEXT = re.compile(r"\s+[A-Z][a-z]")


@_for("AvoidCurses")
def _first_name(doc: ProseDocument, span: Span) -> bool:
    # "Andreas Maier, Dick Marinus, Sébastien Celles": a capitalised word before another is a
    # name (a contributors' list), not a curse.
    word = span.of(doc.prose)
    return word.istitle() and _NAME_NEXT.match(doc.prose, span.end) is not None


@_for("TransposedSpace")
def _two_names(doc: ProseDocument, span: Span) -> bool:
    # "Kian-Meng Ang" -> "Men gAng": moving a letter across the space would leave a capital
    # inside a word; two capitalised words are names, where "thi sis" is a slip.
    words = span.of(doc.prose).split()
    return len(words) == 2 and all(w[:1].isupper() for w in words)


# --- words named rather than used -----------------------------------------------------------

_OPENING_QUOTES = frozenset("\"'“‘")
_CLOSING_QUOTES = frozenset("\"'”’")


def mentioned(prose: str, span: Span) -> bool:
    """Whether the word at ``span`` stands alone in quotation marks, named rather than used:
    a foreign word glossed ('from the Latin "notare" ("to mark")'), an example of a form."""
    if span.start < 1 or span.end >= len(prose):
        return False
    opening, closing = prose[span.start - 1], prose[span.end]
    if opening not in _OPENING_QUOTES or closing not in _CLOSING_QUOTES:
        return False
    outside = prose[span.start - 2 : span.start - 1] + prose[span.end + 1 : span.end + 2]
    return not any(c.isalnum() for c in outside)  # not an apostrophe inside a word
