"""The neural checker: correct each sentence with the model, report the differences.

Each sentence of the prose goes through ``Engine.correct`` (batched, and through
the result cache, so an edit re-runs only the sentences it touched); the correction
is aligned with the sentence word by word and each difference becomes one finding
with its replacement. Guards keep it quiet where a small model is unreliable:

- a correction that rewrites more than ``model.max_change`` of a sentence is dropped
  by the engine (the model paraphrased instead of correcting);
- nothing is edited inside a placeholder (math, code, citations the parser replaced
  with a word) or a vocabulary word, and no placeholder word is put anywhere else;
- the engine keeps the original unless the correction wins by ``model.margin`` nats;
- fragments (headings, list items, table cells, captions: no final ``.``, ``!``, ``?``, or
  ``:`` that leads into a list or a code block)
  are not sent to the model, which would make sentences of them; a sentence that starts
  in lower case (a list item, or text resuming after a code block) keeps its case; and
  capitalised words (names: "Tidelift", "Sphinx") are not spell-corrected or lower-cased by
  the model; articles are neither added nor removed, only swapped ("a" → "an"):
  documentation is often written tersely on purpose ("Returns length of found pattern",
  changelog entries, table cells), and the model's removals on docs were nearly all wrong
  ("while paying the maintainers"); commas are neither added nor removed (after an opening
  phrase, around a clause or before the last item of a list they are house style); no word
  that carries meaning is removed unless it repeats its neighbour ("the tool tool"), or
  swapped for a synonym: the model's removals of verbs, nouns and adverbs on docs were
  nearly all wrong ("The project user documentation", "To restore, pick a snapshot"), its
  synonyms all ("several skillful engineers");
  nor is anything in or next to a token written like code, a path, a URL or a version
  ("discuss.python.org", "_attrs_", "3.5.3", "biz|com"); a correction that changes a word
  the dictionary lacks (names again: "fsspec", "Thinc's", "typeshed") or a capitalised word
  inside the sentence (a name or a title: "with Hypothesis", "on Read the Docs") is dropped
  whole, since it misread the sentence (a typo among such words is Harper's spelling
  finding); and sentences written in capitals (licence terms) are not sent. Number is the
  writer's where the model cannot see it: a verb is not made singular after a placeholder for
  several things ("the ``<commands>`` are recorded"), nor a plural noun after a determiner or
  a preposition ("ignore the targets property"); the article of a word read by its letters'
  names ("an NDK") and a sentence's closing "too" stay.
  Real typos in all of these are still the rule layer's to find.

With ``model.confusions`` the engine also takes a second look at agreement and confusable
words after the correction (``wa_core/engine/confusions.py``); its swaps go through the
same alignment and guards.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wa_core.checkers.base import Checker, CheckerUnavailable, Layer, Rule, register
from wa_core.checkers.harper import DIALECTS, linter_for
from wa_core.checkers.misfires import article_by_letters
from wa_core.config import Config, ModelSettings
from wa_core.document import Finding, ProseDocument, Severity, Span
from wa_core.engine.align import PREPOSITIONS, Edit, align, tokens
from wa_core.engine.confusions import plural_shape
from wa_core.function_words import ARTICLES, POSSESSIVES
from wa_core.models.manifest import ModelError
from wa_core.ranking import rank_suggestions
from wa_core.sentences import ENUMERATION_LABEL, sentence_spans, written_like_code
from wa_core.spelling import COMMON_WORDS, distance

if TYPE_CHECKING:
    from wa_core.engine.model import Engine

log = logging.getLogger("wa.checkers.model")

_LABELS = {
    "spelling": "Possible spelling mistake",
    "verb-form": "Verb form",
    "agreement": "Agreement",
    "article": "Article",
    "preposition": "Preposition",
    "punctuation": "Punctuation",
    "capitalization": "Capitalization",
    "word-choice": "Word choice",
    "missing-word": "Missing word",
    "extra-word": "Unnecessary word",
    "word-order": "Word order",
}
# Kinds where the model is a suggestion more than a correction.
_SOFT = frozenset({"word-choice", "word-order"})
# A correction with more edits than this in one sentence read it as something else: "Cell magics
# are now only processed if they are known Python cell magics" made singular throughout.
MAX_EDITS = 4
_WORD = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-Z][\w'-]*")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSERS = "\"'’”)]*_`"
_EDGE = "()[]{}<>.,;:!?\"'“”‘’*`"
_PAIRED = frozenset('"“”„«»()[]{}')  # quotation marks and brackets: each stands with its other
_INFLECTIONS = frozenset(("s", "es", "d", "ed", "ing"))
_STOPS = frozenset(".!?")
_ABBREVIATIONS = frozenset(("etc", "al", "vs", "cf", "approx", "e.g", "i.e", "viz", "resp"))
MIN_WORDS = 3  # headings and fragments shorter than this are left alone


@dataclass(frozen=True)
class _Sentence:
    doc: int
    span: Span  # in the document's prose


class ModelChecker:
    """Model-layer checker; the engine is loaded on first use, not when the checker is made."""

    name = "model"
    layer = Layer.MODEL

    def __init__(
        self,
        load: Callable[[], Engine],
        settings: ModelSettings | None = None,
        vocabulary: Sequence[str] = (),
        unknown_words: Callable[[set[str]], set[str]] | None = None,
    ) -> None:
        self._load = load
        self._unknown = unknown_words
        self.settings = settings or ModelSettings()
        self._vocabulary = tuple(
            re.compile(rf"(?<!\w){re.escape(w.strip())}(?!\w)", re.IGNORECASE)
            for w in vocabulary
            if w.strip()
        )
        self._engine: Engine | None = None
        self._failed = False
        self._lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config) -> ModelChecker:
        from wa_core.models.loader import load_engine, locate

        try:
            locate(config.model, base=config.root)
        except ModelError as exc:
            raise CheckerUnavailable(str(exc)) from None

        def unknown(words: set[str]) -> set[str]:  # the Harper checker's linter, built on first use
            return linter_for(config).unknown_words(words)

        return cls(
            lambda: load_engine(config.model, base=config.root),
            config.model,
            config.vocabulary,
            unknown if config.dialect in DIALECTS else None,
        )

    def engine(self) -> Engine | None:
        """The engine, loaded once; None (logged once) when it cannot load."""
        with self._lock:
            if self._engine is None and not self._failed:
                try:
                    self._engine = self._load()
                except (ModelError, ValueError, RuntimeError, OSError) as exc:
                    self._failed = True
                    log.error("model checker disabled: %s", exc)
            return self._engine

    def check(self, doc: ProseDocument) -> list[Finding]:
        return self.check_many([doc])[0]

    def check_many(self, docs: Sequence[ProseDocument]) -> list[list[Finding]]:
        out: list[list[Finding]] = [[] for _ in docs]
        spans = [sentence_spans(doc.prose) for doc in docs]
        sentences = [
            _Sentence(d, span)
            for d, doc in enumerate(docs)
            for span in spans[d]
            if _worth_a_model_call(span.of(doc.prose))
        ]
        if not sentences:
            return out
        engine = self.engine()
        if engine is None:
            return out
        texts = [s.span.of(docs[s.doc].prose) for s in sentences]
        try:
            corrections = engine.correct(
                texts,
                margin=self.settings.margin,
                max_change=self.settings.max_change,
                confusions=self.settings.confusions,
            )
        except RuntimeError as exc:
            log.error("model checker failed: %s", exc)
            return out
        placeholders = [doc.placeholders() for doc in docs]
        protected = {  # only the changed sentences' are read, here and by the second look
            sentence: _within(placeholders[sentence.doc], sentence.span)
            for sentence, correction in zip(sentences, corrections, strict=True)
            if correction.changed
        }
        changed = [
            (sentence, text, self.guarded_edits(text, correction.text, protected[sentence]))
            for sentence, text, correction in zip(sentences, texts, corrections, strict=True)
            if correction.changed
        ]
        names: dict[int, frozenset[str]] = {}
        unheard = self._report(docs, spans, changed, names, out)
        # A correction none of whose edits stand may have hidden an error the second look at
        # agreement finds in the sentence as written ("Restoring overwrite the" corrected to
        # "Restoring the overwrite the", an article the guards drop).
        if unheard and self.settings.confusions:
            try:
                looks = engine.second_look([text for _, text in unheard])
            except RuntimeError as exc:
                log.error("model checker failed: %s", exc)
                return out
            swapped = [
                (sentence, text, self.guarded_edits(text, look, protected[sentence]))
                for (sentence, text), look in zip(unheard, looks, strict=True)
                if look != text
            ]
            self._report(docs, spans, swapped, names, out)
            for findings in out:
                findings.sort(key=lambda f: (f.span.start, f.span.end, f.rule))
        return out

    def _report(
        self,
        docs: Sequence[ProseDocument],
        spans: Sequence[Sequence[Span]],
        changed: Sequence[tuple[_Sentence, str, list[Edit]]],
        names: dict[int, frozenset[str]],
        out: list[list[Finding]],
    ) -> list[tuple[_Sentence, str]]:
        """Add the findings of each changed sentence to ``out``; the sentences none of whose
        edits stand. ``names`` caches each document's (``_names``)."""
        unknown = self._unknown_words({w for _, _, edits in changed for e in edits for w in _words(e)})
        pairs: dict[int, Counter[tuple[str, str]]] = {}
        unheard = []
        for sentence, text, edits in changed:
            # A correction that changes a name misread the sentence, one that makes more than
            # MAX_EDITS edits in it rewrote it: none of its edits stand.
            if len(edits) > MAX_EDITS or any(
                _changes_an_unknown_word(e, unknown) or _changes_a_name(text, e) for e in edits
            ):
                unheard.append((sentence, text))
                continue
            stand_ins: list[_StandIn] = []
            if any(e.kind == "agreement" for e in edits):
                if sentence.doc not in names:
                    names[sentence.doc] = _names(docs[sentence.doc], spans[sentence.doc])
                stand_ins = _stand_ins(docs[sentence.doc], sentence.span)
            known = names.get(sentence.doc, frozenset())
            if any(e.kind == "verb-form" for e in edits) and sentence.doc not in pairs:
                pairs[sentence.doc] = _word_pairs(docs[sentence.doc].prose)
            renumbered = _renumbered_subject(text, edits)
            findings = [
                _finding(e, sentence.span.start)
                for i, e in enumerate(edits)
                if i not in renumbered
                and not _kept_back(text, e, known, stand_ins)
                and not _bends_a_term(text, e, pairs.get(sentence.doc, Counter()))
                and not (self._unknown is not None and _respells_a_known_word(e, unknown))
            ]
            if not findings:
                unheard.append((sentence, text))
            out[sentence.doc].extend(findings)
        return unheard

    def rank(
        self, docs: Sequence[ProseDocument], findings: Sequence[Sequence[Finding]]
    ) -> list[list[Finding]]:
        """Other checkers' findings (prose spans) with their suggestions in the order the model
        prefers them in their sentence (``wa_core.ranking``), so that the first, the one
        ``wa fix`` applies, fits: "siences" is "sciences" in one sentence, "silences" in another."""
        unranked = [list(f) for f in findings]
        engine = self.engine()
        if engine is None:
            return unranked
        try:
            return rank_suggestions([(d.prose, f) for d, f in zip(docs, findings, strict=True)], engine)
        except RuntimeError as exc:
            log.error("model checker could not rank suggestions: %s", exc)
            return unranked

    def _unknown_words(self, words: set[str]) -> set[str]:
        if not words or self._unknown is None:
            return set()
        try:
            return self._unknown(words)
        except Exception:  # the guard is a filter: without it the findings still stand
            log.exception("dictionary lookup failed")
            return set()

    def edits(self, sentence: str, corrected: str, protected: Sequence[Span] = ()) -> list[Edit]:
        """The edits to report for one sentence, after the guards (spans relative to it)."""
        guarded = self.guarded_edits(sentence, corrected, protected)
        return [e for e in guarded if not _kept_back(sentence, e)]

    def guarded_edits(self, sentence: str, corrected: str, protected: Sequence[Span] = ()) -> list[Edit]:
        """The edits after the guards on each edit alone, those ``_kept_back`` still among them:
        whether the correction misread the sentence is judged on all of these."""
        edits = align(sentence, corrected)
        guarded = [
            *protected,
            *(Span(m.start(), m.end()) for p in self._vocabulary for m in p.finditer(sentence)),
        ]
        # A placeholder word stands for something the model never saw; a correction that
        # adds one ("Code or Code, and" → "Code, Code, Code, and") misread the sentence
        # around it too: none of its edits stand.
        stand_ins = {g.of(sentence).strip() for g in protected} - {""}
        if any(_adds_any(stand_ins, e) for e in edits):
            return []
        return [
            e
            for e in edits
            if not any(e.span.overlaps(g) for g in guarded)
            and not stand_ins.intersection(e.after)
            and not _renames(e)
            and not _recases_lowercase_start(sentence, e)
            and not _lowercases_a_word(e)
            and not _adds_or_drops_an_article(e)
            and not _swaps_the_article_of_letters(sentence, e)
            and not _adds_or_drops_a_comma(e)
            and not _touches_a_symbol(e)
            and not _touches_code(sentence, e)
            and not _adds_or_removes_a_paired_mark(e)
            and not _ends_the_sentence_early(sentence, e)
            and not _adds_a_phrase(e)
            and not _drops_the_conjunction_before_a_label(sentence, e)
            and not _touches_a_closing_too(sentence, e)
            and not _breaks_an_idiom(sentence, e)
        ]


_DEMONSTRATIVE_NUMBER = {"these": "this", "those": "that"}


# A two-word phrase one document uses this often is a term ("include directories", "find
# modules" in CMake's manuals), whatever else its first word could be.
TERM_USES = 3


def _word_pairs(prose: str) -> Counter[tuple[str, str]]:
    """How often each two words follow each other in ``prose``, in lower case; pairs with a
    common word ("are not", "to the") are left out, as no term."""
    words = [w.casefold() for w in _WORD.findall(prose)]
    return Counter(p for p in itertools.pairwise(words) if not COMMON_WORDS.intersection(p))


def _bends_a_term(sentence: str, edit: Edit, pairs: Counter[tuple[str, str]]) -> bool:
    """A verb form given to the first word of a term its document uses ``TERM_USES`` times or
    more ("become [include] directories" → "included", "the point of [find] modules" →
    "finding"), or to the verb right after such a term ("Include directories [require]" →
    "requiring"): the model read a compound noun as a verb and its object."""
    if edit.kind != "verb-form" or len(edit.before) != 1:
        return False
    following = _word_after(sentence, edit.span.end)
    if following is not None and pairs[(edit.before[0].casefold(), following)] >= TERM_USES:
        return True
    before = [t.casefold() for t in _WORD.findall(sentence[: edit.span.start])][-2:]
    return len(before) == 2 and pairs[(before[0], before[1])] >= TERM_USES


def _renumbered_subject(sentence: str, edits: Sequence[Edit]) -> set[int]:
    """The indices of the edits that give a subject opened by a demonstrative and its verb the
    other number together ("These include the files" → "This includes", "These files need"
    → "This file needs", "This is" → "These are"): they agreed, and the model chose the
    other number, no correction. A verb that did not agree ("These files needs") is still
    reported."""
    for i, first in enumerate(edits):
        if first.kind != "agreement" or len(first.before) != 1 or len(first.after) != 1:
            continue
        det, new = first.before[0].casefold(), first.after[0].casefold()
        if _DEMONSTRATIVE_NUMBER.get(det) == new:
            singular = True
        elif _DEMONSTRATIVE_NUMBER.get(new) == det:
            singular = False
        else:
            continue
        run = [i]
        for j in range(i + 1, min(i + 3, len(edits))):
            e = edits[j]
            between = sentence[edits[j - 1].span.end : e.span.start]
            if between.strip() or e.kind != "agreement" or len(e.before) != 1 or len(e.after) != 1:
                break
            run.append(j)
            verb, inflected = e.before[0].casefold(), e.after[0].casefold()
            if _singular_verb(verb, inflected) if singular else _singular_verb(inflected, verb):
                return set(run)  # the verb: a subject and its verb, renumbered together
    return set()


def _singular_verb(plural: str, singular: str) -> bool:
    """Whether ``singular`` is the third person singular of the verb ``plural`` ("include" and
    "includes", "are" and "is")."""
    return _SINGULAR_OF.get(plural) == singular or _with_s(plural, singular)


def _respells_a_known_word(edit: Edit, unknown: set[str]) -> bool:
    """A "spelling" fix of a word the dictionary knows (none of ``unknown``) into another form
    of it, more than a slip away: a prefix or an ending changed, the word made another, not a
    typo mended ("unsets" → "sets", "case-sensitively" → "sensitive", "arranges" →
    "arranging", "registries" → "registrations", all false alarms in CMake's reference). Words
    confused by a slip ("form" for "from") or by their sound ("their" for "there", "your" for
    "you're") are still reported."""
    if edit.kind != "spelling" or len(edit.before) != 1 or len(edit.after) != 1:
        return False
    word, new = edit.before[0].casefold(), edit.after[0].casefold()
    words = _words(edit)
    if not words or unknown.intersection(words) or not (word + new).isalpha():
        return False
    return distance(word, new) > 1 and _derived(word, new)


def _derived(a: str, b: str) -> bool:
    """Whether one word is the other with a prefix or an ending added or changed ("sets" and
    "unsets", "arranges" and "arranging"), not a word that merely sounds alike ("there",
    "their")."""
    short, long = sorted((a, b), key=len)
    if long.startswith(short) or long.endswith(short):
        return len(short) >= 3
    return _common_prefix(a, b) >= 5


def _common_prefix(a: str, b: str) -> int:
    """How many letters two words begin with alike."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _changes_an_unknown_word(edit: Edit, unknown: set[str]) -> bool:
    """Whether the edit changes a word the dictionary lacks ("typeshed"), other than by an
    ending that inflects it: "The estimator minimise a" → "minimises" (a British spelling the
    American dictionary lacks) is agreement, not a misread name."""
    changed = unknown.intersection(_words(edit))
    if not changed or len(edit.before) != 1 or len(edit.after) != 1:
        return bool(changed)
    word, new = edit.before[0].casefold(), edit.after[0].casefold()
    return new[len(word) :] not in _INFLECTIONS or not new.startswith(word)


def _within(placeholders: Sequence[Span], span: Span) -> list[Span]:
    """The parts of ``placeholders`` inside ``span``, relative to its start."""
    start, end = span.start, span.end
    return [
        Span(max(p.start, start) - start, min(p.end, end) - start)
        for p in placeholders
        if p.start < end and start < p.end
    ]


def _adds_any(words: set[str], edit: Edit) -> bool:
    """Whether the edit writes one of ``words`` more often than it was written."""
    return bool(Counter(t for t in edit.after if t in words) - Counter(t for t in edit.before if t in words))


def _lower_words(tokens: Sequence[str]) -> list[str]:
    """The tokens that hold a word, in lower case, in order (punctuation left out)."""
    return [t.casefold() for t in tokens if _WORD.search(t)]


def _added_words(before: Sequence[str], after: Sequence[str]) -> Counter[str]:
    """The words ``after`` holds more often than ``before`` (tokens, as an edit's), in lower case."""
    return Counter(_lower_words(after)) - Counter(_lower_words(before))


def _word_after(sentence: str, end: int) -> str | None:
    """The word right after ``end``, in lower case, when only spaces come between."""
    following = _WORD.search(sentence, end)
    if following is None or sentence[end : following.start()].strip():
        return None
    return following.group().casefold()


def _words(edit: Edit) -> set[str]:
    """The words an edit changes, as the dictionary spells them (no edge punctuation)."""
    return {
        w for t in edit.before if (w := t.strip(_EDGE).removesuffix("'s").removesuffix("’s")) and w.isalpha()
    }


def _touches_code(sentence: str, edit: Edit) -> bool:
    """Whether a token the edit touches is written like code (``_attrs_`` included)."""
    return written_like_code(sentence, edit.span.start, edit.span.end, edges=_EDGE)


def _worth_a_model_call(sentence: str) -> bool:
    """A sentence of prose: long enough, ending like a sentence, not written in capitals, all
    in the Latin alphabet (Greek letters allowed: symbols in academic prose)."""
    return (
        len(_WORD.findall(sentence)) >= MIN_WORDS
        and not _fragment(sentence)
        and not _all_caps(sentence)
        and not _OTHER_SCRIPT.search(sentence)
    )


# Letters of scripts the model never read in training: a sentence quoting them is about that
# text ("the target comma and 载誉 / honors into have"), and the model misreads the English
# around it. Cyrillic, Hebrew, Arabic, Indic, Thai, Hangul, kana and CJK ideographs.
_OTHER_SCRIPT = re.compile(
    "[\u0400-\u04ff\u0590-\u08ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]"
)


def _all_caps(sentence: str) -> bool:
    """Mostly capital letters: licence terms ("ARISING FROM, OUT OF OR IN CONNECTION WITH THE
    SOFTWARE"), warnings; the model was trained on ordinary prose and misreads them."""
    letters = [c for c in sentence if c.isalpha()]
    return sum(c.isupper() for c in letters) > 0.6 * len(letters)


def _changes_a_name(sentence: str, edit: Edit) -> bool:
    """Whether the edit replaces or removes a capitalised word inside the sentence (not its
    first word, not "I"): a name or a title ("tested with Hypothesis", "on Read the Docs").
    A change of case alone is ``_lowercases_a_word``'s to judge."""
    if edit.kind == "capitalization":
        return False
    words = edit.before[1:] if edit.span.start <= _first_letter(sentence) else edit.before
    return any(w != "I" and any(c.isupper() for c in w) for w in words)


def _first_letter(sentence: str) -> int:
    """Where the sentence's words start: after leading space and any marker before its first
    letter ("🔖 local disk caching", "* Estimation based on"); the end when it has no letter."""
    first = _LETTER.search(sentence)
    return first.start() if first else len(sentence)


def _fragment(sentence: str) -> bool:
    """No final ``.``, ``!``, ``?`` or ``:`` (after closing quotes and brackets): not a sentence.

    A colon ends the sentences that lead into a list or a code block ("To install it, run:");
    on 114 package READMEs the model found nothing to report in the 576 such sentences.
    """
    return not sentence.rstrip().rstrip(_CLOSERS).endswith((".", "!", "?", "…", ":"))


# Common words written in lower case inside a sentence ("i" is "I").
_LOWER_CASE_WORDS = COMMON_WORDS - {"i"}


def _recases_lowercase_start(sentence: str, edit: Edit) -> bool:
    """A case change at the start of a sentence written to start in lower case, after any
    marker before its first letter ("🔖 local disk caching", "* estimation based on"), or at
    the start of what follows a colon or a dash, where either case is house style ("ROUGE: a
    Package", "TL;DR — run it in production"); or a common word capitalised inside a sentence
    ("the default `Worker`), more than 6x faster" → "More"), which only a sentence's start
    would make right ("i" → "I" is still a fix)."""
    if edit.kind != "capitalization":
        return False
    lead = _first_letter(sentence)
    if edit.span.start <= lead and sentence[lead : lead + 1].islower():
        return True
    before = sentence[: edit.span.start].rstrip()
    if before.endswith((":", "—", "–", " -")):
        return True
    words = [w for w in edit.before if _WORD.search(w)]
    return (
        edit.span.start > lead
        and not before.endswith((".", "!", "?"))
        and not any(t in (".", "!", "?") for t in edit.after)  # "home we slept" → "home. We slept"
        and len(words) == 1
        and words[0] in _LOWER_CASE_WORDS
    )


def _lowercases_a_word(edit: Edit) -> bool:
    """Lower-casing a capitalised word: inside a sentence a name or a term ("Tensors",
    "Spaces"), at its start (after any marker, or a colon) the capital the sentence starts with."""
    return (
        edit.kind == "capitalization"
        and any(w[:1].isupper() for w in edit.before)
        and not any(w[:1].isupper() for w in edit.after)
    )


def _swaps_the_article_of_letters(sentence: str, edit: Edit) -> bool:
    """An article swapped before a word read by its letters' names, though the one written is
    its first letter's ("to an ndk build system", "an NDK"): the model reads it as a word."""
    if edit.kind != "article" or len(edit.before) != 1 or len(edit.after) != 1:
        return False
    return edit.before[0].casefold() == article_by_letters(sentence, edit.span.end)


def _adds_or_drops_an_article(edit: Edit) -> bool:
    """An article added or removed rather than swapped: terse documentation leaves them out on
    purpose ("Returns length of found pattern", "Add demo exploit", table cells), and the
    articles a writer did put in were nearly always right where the model removed one. So is
    one added with another form of the noun after it ("reading docs" → "reading the
    documentation", "by designs of yore" → "by the design of yore"): a bare noun, reworded."""
    if edit.kind == "article":
        return len(edit.before) != len(edit.after)
    before, after = _lower_words(edit.before), _lower_words(edit.after)
    return (
        len(before) == 1
        and len(after) == 2
        and after[0] in ARTICLES
        and before[0] not in ARTICLES
        and _same_stem(before[0], after[1])
    )


# Words whose removal or swap can mend grammar ("they it works", "more faster", "can be still
# be", "much people", "less errors"); articles and prepositions are edit kinds of their own.
_FUNCTION_WORDS = frozenset((
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do",
    "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "i",
    "me", "my", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "it", "its",
    "we", "us", "our", "ours", "they", "them", "their", "theirs", "this", "that", "these", "those",
    "there", "here", "which", "who", "whom", "whose", "what", "and", "or", "but", "nor", "so", "if",
    "than", "then", "as", "because", "although", "though", "while", "when", "where", "to", "not", "no",
    "very", "more", "most", "much", "many", "too", "also", "just", "even", "quite", "rather", "such",
    "some", "any", "all", "each", "every", "both", "either", "neither", "one", "ones", "less", "fewer",
    "few", "little",
))  # fmt: skip


def _kept_back(
    sentence: str, edit: Edit, names: frozenset[str] = frozenset(), stand_ins: Sequence[_StandIn] = ()
) -> bool:
    """An edit not reported, though the correction it belongs to stands; ``names`` are the
    document's (``_names``), ``stand_ins`` the sentence's placeholders (``_stand_ins``)."""
    return (
        _drops_a_content_word(sentence, edit)
        or _swaps_a_content_word(edit)
        or _rewords_a_phrase(edit)
        or _pluralises_a_name(sentence, edit, names)
        or _numbers_a_stand_ins_verb(sentence, edit, stand_ins)
        or _makes_a_plural_noun_singular(sentence, edit, stand_ins)
        or _numbers_an_optional_plural(sentence, edit)
        or _adds_a_word_already_there(sentence, edit)
        or _fills_a_gap(sentence, edit)
        or _adds_a_negation(edit)
        or _renumbers_part_of_a_compound(sentence, edit)
    )


_OPTIONAL_PLURAL = re.compile(r"\((?:e?s)\)")


def _numbers_an_optional_plural(sentence: str, edit: Edit) -> bool:
    """A noun written with its plural's ending in brackets ("file(s)", "match(es)") means one
    or several on purpose: the model's number for it is no correction."""
    return edit.kind == "agreement" and (
        _OPTIONAL_PLURAL.match(sentence, edit.span.end) is not None
        or any(_OPTIONAL_PLURAL.search(t) for t in edit.before)
    )


_LOWER_CASE_PLURAL = re.compile(r"\b[a-z][a-z0-9]*s\b")
_RELATIVE_PRONOUNS = frozenset({"which", "that", "who"})


def _names(doc: ProseDocument, sentences: Sequence[Span]) -> frozenset[str]:
    """Names, whatever their shape: capitalised words the prose writes capitalised inside a
    sentence too ("Transformers", "Requests"), not plurals that open a sentence, and words in
    lower case that look plural and that the document also writes outside its prose, as code
    or in a link ("environs", "requests"). Headings and other fragments, often in title case
    ("For Users"), are not read. ``sentences`` are the prose's (``sentence_spans``)."""
    prose = doc.prose
    found = set()
    for span in sentences:
        text = span.of(prose)
        if _fragment(text):
            continue
        words = _CAPITALISED.findall(text)
        found.update(words[1:] if text.lstrip().startswith(tuple(words[:1])) else words)
    in_prose = Counter(_LOWER_CASE_PLURAL.findall(prose))
    in_source = Counter(_LOWER_CASE_PLURAL.findall(doc.source))
    found.update(w for w, n in in_source.items() if n > in_prose[w] and w not in COMMON_WORDS)  # not "this"
    return frozenset(found)


# Plural verbs and their singulars ("are" and "is").
_SINGULAR_OF = {"are": "is", "were": "was", "have": "has", "do": "does"}


def _pluralises_a_name(sentence: str, edit: Edit, names: frozenset[str]) -> bool:
    """A verb made plural after a name that looks plural and opens the sentence: "Transformers
    adds new architectures", "Requests officially supports Python 3.10", "Transformers is
    designed to be read" are right (the package, not things); or after a name in lower case,
    or a "which" that refers to one ("the projects that environs is using", "requests which
    has")."""
    if edit.kind != "agreement" or len(edit.before) != 1 or len(edit.after) != 1:
        return False
    verb, plural = edit.before[0], edit.after[0]
    regular = verb.endswith("s") and plural and verb.startswith(plural) and len(verb) - len(plural) <= 2
    if not (regular or _SINGULAR_OF.get(plural.casefold()) == verb.casefold()):  # "is" → "are"
        return False
    before = [t.text for t in tokens(sentence[: edit.span.start]) if _WORD.search(t.text)]
    while before and before[-1].endswith("ly"):  # "officially"
        before.pop()
    if len(before) == 1 and before[0] in names:  # the name opens the sentence: its subject
        return True
    if len(before) > 1 and before[-1].casefold() in _RELATIVE_PRONOUNS:  # "requests which has"
        before.pop()
    # a name in lower case right before the verb ("the projects that environs is using")
    return bool(before) and before[-1].islower() and before[-1] in names


# Words that open a clause: its subject follows them.
_CLAUSE_OPENERS = frozenset((
    "that", "which", "who", "when", "if", "then", "where", "while", "because", "unless", "until",
    "since", "although", "though", "whether", "once",
))  # fmt: skip


@dataclass(frozen=True)
class _StandIn:
    """A placeholder in a sentence (span relative to it) and whether what it stands for looks
    plural: ``<commands>``, ``REQUIRED_VARS``, :ref:`Object Libraries`; not ``<key>``."""

    span: Span
    plural: bool


_LAST_WORD = re.compile(r"([A-Za-z]+)[^A-Za-z]*\Z")


def _stand_ins(doc: ProseDocument, sentence: Span) -> list[_StandIn]:
    out = []
    for p in doc.placeholders(sentence):
        last = _LAST_WORD.search(doc.to_source(p).of(doc.source))
        word = last.group(1).casefold() if last else ""
        out.append(_StandIn(p.shifted(-sentence.start), _looks_plural(word)))
    return out


def _looks_plural(word: str) -> bool:
    """Whether a word ends like a plural noun: "commands", "VARS"; not "class", "status",
    "analysis", nor a function word such as "its", "has" or "was"."""
    word = word.casefold()
    return plural_shape(word) and word not in COMMON_WORDS


def _numbers_a_stand_ins_verb(sentence: str, edit: Edit, stand_ins: Sequence[_StandIn]) -> bool:
    """A verb made singular whose clause's subject is a placeholder standing for a plural: the
    model takes the placeholder word for one thing ("the Code in the function definition are
    recorded" for ``<commands>`` → "is", "Check that Code contain values" for ``VARS`` →
    "contains"), or for the subject before the plural it modifies ("The Code commands create
    rules" → "creates"). Made plural ("Code and Code has been superseded" → "have"), or after
    a placeholder for one thing ("``<key>`` specify" → "specifies"), it is still reported."""
    if edit.kind != "agreement" or len(edit.before) != 1 or len(edit.after) != 1 or not stand_ins:
        return False
    verb, new = edit.before[0].casefold(), edit.after[0].casefold()
    if _SINGULAR_OF.get(verb) != new and not _with_s(verb, new):
        return False
    clause = []  # the words from the clause's start to the verb
    for t in reversed(tokens(sentence[: edit.span.start])):
        if not _WORD.search(t.text) or t.text.casefold() in _CLAUSE_OPENERS:
            break
        clause.append(t)
    subject = next((t for t in reversed(clause) if t.text.casefold() not in COMMON_WORDS), None)
    if subject is None:
        return False
    head = clause[0]  # the word before the verb: "commands" in "The Code commands create"
    # The subject is the clause's first word that carries meaning ("the Code in the body are")
    # or, after a modifier, the word before the verb ("the recorded Code are").
    stand_in = next((s for s in stand_ins if Span(subject.start, subject.end).overlaps(s.span)), None)
    if stand_in is None:
        stand_in = next((s for s in stand_ins if Span(head.start, head.end).overlaps(s.span)), None)
        return stand_in is not None and stand_in.plural
    return stand_in.plural or (head is not subject and _looks_plural(head.text))


def _with_s(word: str, inflected: str) -> bool:
    """Whether ``inflected`` is ``word`` with the -s of a plural or a third person ("file" →
    "files", "specify" → "specifies")."""
    return inflected in (word + "s", word + "es") or (word.endswith("y") and inflected == word[:-1] + "ies")


# Words after which a plural is a noun, not a verb: determiners ("a" and "an" take no plural,
# "this" and "that" stand alone: "that works"), prepositions.
_BEFORE_A_NOUN = POSSESSIVES | frozenset((
    "the", "these", "those", "some", "many", "all", "several", "few", "both", "any", "no", "other",
    "such", "more", "most", "of", "in", "on", "for", "with", "from", "during", "by", "into", "about",
    "between", "among", "without", "within", "across", "through", "over", "under", "after", "before",
    "per",
))  # fmt: skip
_SINGULAR_VERBS = frozenset({"is", "was", "has", "does"})


def _makes_a_plural_noun_singular(sentence: str, edit: Edit, stand_ins: Sequence[_StandIn]) -> bool:
    """A plural noun made singular where nothing asks for one thing: after a determiner, a
    preposition or a placeholder, and not before "is" ("ignore the targets property", "the
    Code or Code languages"). A plural means several there; "a files", "each students", "the
    results is" and a plural modifier after an adjective ("a sorted collections type") are
    still reported."""
    if edit.kind != "agreement" or len(edit.before) != 1 or len(edit.after) != 1:
        return False
    plural, singular = edit.before[0].casefold(), edit.after[0].casefold()
    if not _with_s(singular, plural):
        return False
    before = [t for t in tokens(sentence[: edit.span.start]) if _WORD.search(t.text)]
    after = [t for t in tokens(sentence[edit.span.end :]) if _WORD.search(t.text)]
    if not before or (after and after[0].text.casefold() in _SINGULAR_VERBS):
        return False
    previous = before[-1]
    stand_in = any(Span(previous.start, previous.end).overlaps(s.span) for s in stand_ins)
    return previous.text.casefold() in _BEFORE_A_NOUN or stand_in


def _swaps_a_content_word(edit: Edit) -> bool:
    """One word that carries meaning for another that is neither a form nor a spelling of it: a
    synonym, style rather than grammar. On 114 package READMEs 12 of the model's 22 word-choice
    alerts were such swaps, none of them a real error ("skillful" → "skilled", "neater", "deps",
    "truthy", "namespaced"); the real ones changed several words ("may require to upgrade")."""
    if edit.kind != "word-choice":
        return False
    before, after = _lower_words(edit.before), _lower_words(edit.after)
    return len(before) == len(after) == 1 and not _FUNCTION_WORDS.intersection((*before, *after))


def _rewords_a_phrase(edit: Edit) -> bool:
    """Several words for a different number of words, one that carries meaning lost in no form
    ("requests-compatible" → "requested", "Columns alignments" → "Columns are aligned" keeps
    "align"): the phrase is read as something else, not corrected."""
    if edit.kind != "word-choice":
        return False
    before, after = _lower_words(edit.before), _lower_words(edit.after)
    if len(before) == len(after):
        return False
    return any(w not in _FUNCTION_WORDS and not any(_same_stem(w, a) for a in after) for w in before)


def _same_stem(a: str, b: str) -> bool:
    """Forms of one word, as far as their spelling shows ("upgrade", "upgrading")."""
    common = _common_prefix(a, b)
    return common >= 3 and common >= min(len(a), len(b)) - 3


# Function words that still carry meaning: without them the sentence says the opposite
# ("orjson does not and will not support PyPy" → "does not support").
_NEGATIONS = frozenset({"not", "no", "nor", "never", "cannot"})


def _drops_a_content_word(sentence: str, edit: Edit) -> bool:
    """A word that carries meaning removed, other than a repetition of its neighbour: the
    sentence is rewritten, not corrected. On 114 package READMEs 13 of the model's 16 removals
    were wrong in this way ("can and are sometimes broken" losing "sometimes"); of the three
    right ones two were content words ("we've moved changed the interface"), a price paid."""
    if edit.kind != "extra-word":
        return False
    removed = _added_words(edit.after, edit.before)  # what the edit takes away
    words = [t for t in tokens(sentence) if _WORD.search(t.text)]
    before = [t.text.casefold() for t in words if t.end <= edit.span.start][-1:]
    after = [t.text.casefold() for t in words if t.start >= edit.span.end][:1]
    neighbours = {*before, *after}
    if any(w not in _FUNCTION_WORDS and w not in neighbours for w in removed):
        return True
    # A negation goes only as a repetition alone ("not not"), never with other words ("does
    # not and will not" → "does not").
    repetition = removed.total() == 1 and set(removed) <= neighbours
    return not repetition and not _NEGATIONS.isdisjoint(removed)


def _adds_a_negation(edit: Edit) -> bool:
    """A negation added says the opposite of what the writer wrote ("do not open an issue, as
    this notifies attackers" → "as this does not notify")."""
    added = _added_words(edit.before, edit.after)
    return any(w in _NEGATIONS or w.endswith("n't") for w in added)


def _renumbers_part_of_a_compound(sentence: str, edit: Edit) -> bool:
    """The number or the capitals of a word joined to another by a hyphen changed ("the
    follow-redirects package", "load-balances queries", "the python-ideas list"): they are the
    compound's, a name's or a verb's, not the word's alone."""
    if edit.kind not in ("agreement", "capitalization"):
        return False
    start, end = edit.span.start, edit.span.end
    return sentence[start - 1 : start] == "-" or sentence[end : end + 1] == "-"


# How far after an edit a word it adds may already stand.
_NEXT_WORDS = 3


def _adds_a_word_already_there(sentence: str, edit: Edit) -> bool:
    """A word added where the writer has it just after the edit ("is fully PyPy compatible" →
    "is fully compatible with PyPy compatible"; "at as low a level as" → "at a low level as",
    its "a" moved): the model read the sentence in another order, not a word left out. A
    preposition or a function word may stand twice ("sat on the chair on the left")."""
    added = set(_lower_words(edit.after)) - set(_lower_words(edit.before)) - _FUNCTION_WORDS - PREPOSITIONS
    following = _lower_words([t.text for t in tokens(sentence[edit.span.end :])])
    return bool(added.intersection(following[:_NEXT_WORDS]))


_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "can"})
# A conjunction and the few words of its clause before an edit.
_CLAUSE_AFTER_CONJUNCTION = re.compile(r"\b(?:and|but|while|whereas)\s+(?:[\w'’-]+\s+){0,3}\Z", re.IGNORECASE)


def _fills_a_gap(sentence: str, edit: Edit) -> bool:
    """The verb of a clause added back where the clause before shares it ("Pretty printing is
    slower and the output larger", "the files were read and the tables written"): left out on
    purpose (gapping), as the clause before says it once."""
    added = _added_words(edit.before, edit.after)
    if edit.kind != "missing-word" or added.total() != 1 or _AUXILIARIES.isdisjoint(added):
        return False
    before = sentence[: edit.span.start]
    conjunction = _CLAUSE_AFTER_CONJUNCTION.search(before)
    if conjunction is None:
        return False
    (verb,) = added
    return re.search(rf"\b{verb}\b", before[: conjunction.start()], re.IGNORECASE) is not None


def _adds_or_drops_a_comma(edit: Edit) -> bool:
    """A comma added or removed: after an opening phrase ("For example we"), around a clause or
    before a list's last item, mostly a matter of house style."""
    return edit.kind == "punctuation" and {edit.before, edit.after} == {(), (",",)}


def _touches_a_symbol(edit: Edit) -> bool:
    """An emoji or another pictograph added, removed or replaced ("Happy 🍰 Day"): decoration,
    never grammar."""
    return any(unicodedata.category(c) == "So" for t in (*edit.before, *edit.after) for c in t)


def _adds_or_removes_a_paired_mark(edit: Edit) -> bool:
    """A quotation mark or a bracket added or removed: the quoted text is a literal, an example
    or a title, and one mark more or less leaves a quotation open ("becomes \"have\", not
    \"model has\"" losing '"have", not'); a bracket closes what an earlier line of a wrapped
    paragraph opened ('terms: "tarfile", "sdist").' losing its ")")."""
    return Counter(c for t in edit.before for c in t if c in _PAIRED) != Counter(
        c for t in edit.after for c in t if c in _PAIRED
    )


def _ends_the_sentence_early(sentence: str, edit: Edit) -> bool:
    """A full stop, question or exclamation mark put before a word that goes on in lower case
    ("…: `commas.py`). gets a comma after it"): the sentence does not end there. After an
    abbreviation ("pears etc. and") the stop is the abbreviation's."""
    added = Counter(t for t in edit.after if t in _STOPS) - Counter(t for t in edit.before if t in _STOPS)
    if edit.kind != "punctuation" or not added:
        return False
    rest = _LETTER.search(sentence, edit.span.end)
    if rest is None or not rest.group().islower():
        return False
    # an insertion's span is the word it follows
    before = [t.text.casefold() for t in tokens(sentence[: edit.span.end]) if _WORD.search(t.text)]
    return not before or before[-1].rstrip(".") not in _ABBREVIATIONS


# More words than an edit adds in place of what it replaces, and it writes a phrase of its own.
MAX_ADDED_WORDS = 3


def _adds_a_phrase(edit: Edit) -> bool:
    """Words the writer never wrote, more than a correction adds: "incompleteness in the
    knowledge" → "in 5 different benchmark datasets for the knowledge", a phrase the model
    carried over from elsewhere in what it read."""
    added = sum(1 for t in edit.after if _WORD.search(t)) - sum(1 for t in edit.before if _WORD.search(t))
    return added > MAX_ADDED_WORDS


def _drops_the_conjunction_before_a_label(sentence: str, edit: Edit) -> bool:
    """Whether the edit drops the "and" or "or" before an enumeration's last label ("[3]
    selectional preference, and [4] semantic prosody"): the list's own conjunction."""
    label_at = len(sentence) - len(sentence[edit.span.end :].lstrip())
    return _drops_only(edit, {"and", "or"}) and ENUMERATION_LABEL.match(sentence, label_at) is not None


_CLOSING_ADDITIONS = frozenset({"too", "also", "either"})
_CLAUSE_ENDS = frozenset(",;:)")


def _touches_a_closing_too(sentence: str, edit: Edit) -> bool:
    """Whether the edit drops or changes the "too", "also" or "either" that closes the sentence
    or a clause ("Walk into what git ignores too.", "work for assembly too." → "to", "it did
    something else too: it created"): the writer's addition, never an extra word or a slip."""
    after = sentence[edit.span.end :].lstrip()
    if after[:1] not in _CLAUSE_ENDS and _WORD.search(sentence, edit.span.end):
        return False
    last = next((t.strip(_EDGE).casefold() for t in reversed(edit.before) if _WORD.search(t)), "")
    return last in _CLOSING_ADDITIONS


# Fixed phrases a preposition opens: the preposition is part of the phrase, never extra.
_IDIOMS = frozenset({
    ("for", "instance"), ("for", "example"), ("in", "fact"), ("of", "course"), ("at", "least"),
    ("at", "most"), ("in", "particular"), ("in", "general"), ("by", "default"), ("at", "all"),
    ("on", "average"), ("in", "turn"), ("at", "once"), ("in", "short"), ("in", "practice"),
})  # fmt: skip


def _breaks_an_idiom(sentence: str, edit: Edit) -> bool:
    """A preposition removed or changed where it opens a fixed phrase ("like ``PyMySQL`` for
    instance" → "like ``PyMySQL`` instance", "by default" → "as default")."""
    if edit.kind != "preposition" or len(edit.before) != 1:
        return False
    following = _word_after(sentence, edit.span.end)
    return following is not None and (edit.before[0].strip().casefold(), following) in _IDIOMS


def _drops_only(edit: Edit, words: set[str]) -> bool:
    """Whether the edit removes words, each one of ``words``, and writes none."""
    dropped = {t.strip(_EDGE).casefold() for t in edit.before if _WORD.search(t)}
    return bool(dropped) and dropped <= words and not any(_WORD.search(t) for t in edit.after)


def _renames(edit: Edit) -> bool:
    """A spelling change to a capitalised or mixed-case word: most likely a name."""
    return edit.kind == "spelling" and any(w[:1].isupper() or not w.isalpha() for w in edit.before)


def _finding(edit: Edit, offset: int) -> Finding:
    label = _LABELS.get(edit.kind, "Grammar")
    before, after = " ".join(edit.before), " ".join(edit.after)
    if not edit.before:
        message = f"{label}: add “{after}”"
    elif not edit.after:
        message = f"{label}: remove “{before}”"
    else:
        message = f"{label}: “{before}” → “{after}”"
    return Finding(
        span=edit.span.shifted(offset),
        rule=f"model/{edit.kind}",
        source="model",
        severity=Severity.INFO if edit.kind in _SOFT else Severity.WARNING,
        message=message,
        suggestions=(edit.suggestion,),
    )


def _rules(config: Config) -> list[Rule]:
    ids = {kind: f"model/{kind}" for kind in _LABELS}
    return [
        Rule(ids[kind], config.rule_enabled(ids[kind]), f"The neural corrector's edits: {label.lower()}.")
        for kind, label in _LABELS.items()
    ]


@register("model", rules=_rules)
def create(config: Config) -> Checker:
    """The ``model`` checker; ``CheckerUnavailable`` when no usable model is built."""
    return ModelChecker.from_config(config)
