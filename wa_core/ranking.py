"""Rule suggestions in the order the model prefers them, in their sentence.

A dictionary orders its suggestions for a misspelled word by spelling alone: Harper offers
"silences" beside "sciences" for "siences", and "garrets" for "cigarrets" in "alcohol and
cigarrets". The model reads the sentence. Each suggestion is put in its place and the
sentence is scored as the model's correction of the sentence as written
(``Engine.score``); the suggestions are then ordered best first, so the first one, the
one ``wa fix`` and a quick fix apply, is the one that fits.

The word as written is no candidate: the model, trained to leave correct text alone,
prefers it to most fixes of a real misspelling. It is a judge of the suggestions, though:
with ``drop_unfit``, a finding whose best suggestion scores that many nats below the word
as written is dropped. On JFLEG dev a gap of 10 nats or more marks suggestions that do
not fit ("cigarrets" → "garrets", "selfconfdence" → "teleconference") and real words the
dictionary lacks ("gelatinized" → "relativized", "tv" → "to"), while all but a few
true misspellings score within 8.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from wa_core.document import Finding, Span, Suggestion, apply_suggestions, fixes
from wa_core.sentences import sentence_spans
from wa_core.spelling import Speller, distance

if TYPE_CHECKING:
    from wa_core.config import Config
    from wa_core.engine.model import Correction, Engine

# Suggestions ranked per finding (Harper offers at most three, ``wa correct`` adds the
# speller's); any beyond keep their place.
MAX_RANKED = 8
# ``fixed_first`` drops a fix when the model scores the sentence as written this many nats
# above the sentence with the best suggestion in its place: for a word shaped like a slip of
# the pen, and for any other unknown word (see its docstring). A term threshold of 2 rather
# than 10 cost 0.3 GLEU on JFLEG dev (48.3 -> 47.9 with spelling fixes alone), and the
# spelling fixes changed 2 of 300 held-out documentation sentences instead of 9.
UNFIT = 10.0
UNFIT_TERM = 2.0
# Among the suggestions for an unknown word, each edit between it and a suggestion costs
# this many nats on top of the model's score, and the suggestion gains ``ORDER_PLAIN`` times
# how much likelier the sentence reads with it as plain text (a noisy channel): the model
# alone prefers a frequent word to the one meant ("subects" -> "subject" in "these subects";
# "subjects" is one edit away, "subject" two; "strainge things" -> "string things",
# "trobull" -> "troll"). Suggestions ordered right (the one the text or its references use):
# JFLEG dev 261 of 295, held-out synthetic 132 of 140 at 2 nats an edit and no plain reading;
# 268 and 135 at 4 nats and a half.
EDIT_COST = 4.0
ORDER_PLAIN = 0.5
# ``fixed_first`` judges a fix against the word as written by the model's score of each as a
# correction plus this many times how much likelier the sentence reads with the fix
# (``rank_suggestions``'s ``plain``). The correction score leans to the word as written (the
# model was trained to copy correct text): alone, it kept "deaply" and "noring".
PLAIN = 1.0


def rank_suggestions(
    docs: Sequence[tuple[str, Sequence[Finding]]],
    engine: Engine,
    *,
    drop_unfit: float | Callable[[Finding, str], float] | None = None,
    prior: Callable[[Finding, str], float] | None = None,
    plain: float | Callable[[Finding, str], float] = 0.0,
    order_plain: float = 0.0,
) -> list[list[Finding]]:
    """Each ``(text, findings)``'s findings with their suggestions ordered by the model, best first.

    Spans are in ``text``. Findings with fewer than two replacements are left as they
    are, unless ``drop_unfit`` (nats, or a function of the finding and its best replacement)
    asks for every suggestion to be judged against the word as written. ``prior`` (nats,
    from the finding and a replacement) is added to the model's score of each suggestion
    to order them; the judgement against the word as written is the model's alone. ``plain``
    (a weight, or a function of the finding and its best replacement) lets the plain reading
    of the sentence speak in that judgement too: the best suggestion's score gains ``plain``
    times how much likelier the sentence reads with it (``Engine.fluency``). ``order_plain``
    does the same for the order: each suggestion's rank gains that many times its sentence's
    gain in plain reading (each suggestion's sentence is then read once more). All the scoring
    of all the documents goes to the engine at once, so its workers share it.
    """
    least = 1 if drop_unfit is not None else 2
    pairs: list[tuple[str, str]] = []
    # (document, finding, the replacements scored, the index in ``pairs`` of the first one's score)
    jobs: list[tuple[int, int, list[str], int]] = []
    for d, (text, findings) in enumerate(docs):
        spans = sentence_spans(text)
        for i, finding in enumerate(findings):
            sentence = _enclosing(spans, finding.span)
            options = finding.replacements(text)[:MAX_RANKED]
            if sentence is None or len(set(options)) < least:
                continue
            written = sentence.of(text)
            start = finding.span.start - sentence.start
            end = finding.span.end - sentence.start
            scored = [finding.span.of(text), *options] if drop_unfit is not None else options
            pairs.extend((written, written[:start] + option + written[end:]) for option in scored)
            jobs.append((d, i, options, len(pairs) - len(options)))
    out: list[list[Finding | None]] = [list(findings) for _, findings in docs]
    scores = engine.score(pairs) if pairs else []
    every = (k for *_, options, at in jobs for k in range(at, at + len(options)))
    readings = _plain_gains(engine, pairs, every) if order_plain else {}
    orders: list[list[int]] = []
    for d, i, options, at in jobs:
        own = scores[at : at + len(options)]
        ranks = [x + prior(docs[d][1][i], options[k]) for k, x in enumerate(own)] if prior else own
        ranks = [x + order_plain * readings.get(at + k, 0.0) for k, x in enumerate(ranks)]
        # best first; equal scores (a sentence too long to score) keep the checker's order
        orders.append(sorted(range(len(own)), key=lambda k: (-ranks[k], k)))
    weights = [
        plain(docs[d][1][i], options[order[0]]) if callable(plain) else plain
        for (d, i, options, _), order in zip(jobs, orders, strict=True)
    ]
    if drop_unfit is not None:
        weighed = [at + order[0] for (*_, at), order, w in zip(jobs, orders, weights, strict=True) if w]
        gains = readings if order_plain else _plain_gains(engine, pairs, weighed)
    else:
        gains = {}
    for (d, i, options, at), order, weight in zip(jobs, orders, weights, strict=True):
        finding = docs[d][1][i]
        if drop_unfit is not None:
            best = order[0]
            limit = drop_unfit(finding, options[best]) if callable(drop_unfit) else drop_unfit
            if scores[at - 1] - scores[at + best] - weight * gains.get(at + best, 0.0) > limit:
                out[d][i] = None
                continue
        ranked = [*order, *range(len(options), len(finding.suggestions))]
        out[d][i] = dataclasses.replace(finding, suggestions=tuple(finding.suggestions[k] for k in ranked))
    return [[f for f in found if f is not None] for found in out]


def _plain_gains(
    engine: Engine, pairs: Sequence[tuple[str, str]], indices: Iterable[int]
) -> dict[int, float]:
    """For each pair named by its index in ``pairs``, how much likelier its sentence with a
    suggestion reads than as written; nothing where either reading is out of reach."""
    named = list(indices)
    if not named:
        return {}
    texts = list(dict.fromkeys(t for k in named for t in (pairs[k][0], pairs[k][1])))
    reading = dict(zip(texts, engine.fluency(texts), strict=True))
    gains = {k: reading[pairs[k][1]] - reading[pairs[k][0]] for k in named}
    return {k: g for k, g in gains.items() if math.isfinite(g)}


def fixed_first(texts: Sequence[str], config: Config, engine: Engine) -> list[str]:
    """Each text with the rules' fixes applied (as ``wa fix`` does), each the suggestion the model prefers.

    What ``wa correct`` does before the model reads the text, which is text to correct:
    unlike ``wa check``, it fixes every unknown word that is not written like a name or an
    identifier, nor another dialect's spelling. ``wa check`` reports only the ones shaped
    like slips of the pen ("untill", "palce"), because on technical prose most others are
    terms ("tarfile", "sdist"); learners' misspellings are often shaped like terms
    ("cigarrets", "yong"). So a slip is fixed unless the model scores the word as
    written ``UNFIT`` nats above its best suggestion (as is any other rule's fix), any other
    unknown word only within ``UNFIT_TERM``, unless its best suggestion is what codespell
    lists it as a misspelling of.

    Each unknown word's suggestions are Harper's and then ``wa_core.spelling``'s: codespell's
    correction of a known misspelling, or else the most frequent English words a few edits
    away, up to ``MAX_RANKED`` in all. Harper's dictionary alone offers "fa miles" for
    "familes" and "distill" for "untill". The rules that ``wa check`` leaves to the writer
    but ``wa correct`` applies come after the model (``fixed_last``).
    """
    from wa_core.checkers.harper import (
        NAME,
        SPELLING_RULES,
        HarperChecker,
        is_spelling_variant,
        looks_like_name,
    )
    from wa_core.parsers import parse
    from wa_core.pipeline import Checkers, check_document

    # codespell's list is read here, below (``unfit``), not by the checkers' slip test.
    own = dataclasses.replace(config, harper=dataclasses.replace(config.harper, codespell=False))
    every_word = dataclasses.replace(own, harper=dataclasses.replace(own.harper, strict_spelling=True))
    checkers = Checkers.from_config(every_word, include_model=False)
    quiet = HarperChecker(own)
    speller = Speller()
    spelling = {f"{NAME}/{rule}" for rule in SPELLING_RULES}
    terms: set[Finding] = set()  # unknown words not shaped like slips of the pen
    words: dict[Finding, str] = {}  # each spelling finding's word as written
    docs = []
    for text in texts:
        doc = parse(text, language="plaintext")
        slip_spans = {(f.rule, f.span) for f in quiet.check(doc) if f.rule in spelling}
        found = []
        for finding in check_document(doc, every_word, checkers):
            if finding.rule not in spelling:
                found.append(finding)
                continue
            f = _whole_word(with_candidates(finding, text, speller), text)
            words[f] = f.span.of(text).casefold()
            if (f.rule, f.span) in slip_spans:
                found.append(f)
            elif not looks_like_name(text, f.span.start, f.span.end) and (
                config.harper.spelling_variants
                or not is_spelling_variant(f.span.of(text), f.replacements(text))
            ):
                terms.add(f)
                found.append(f)
        docs.append((text, found))

    def unfit(f: Finding, best: str) -> float:
        # A term, unless its best fix is what codespell says the word is a misspelling of
        # ("cigarrets" -> "cigarettes"; short words there are often abbreviations: "buf" -> "buff").
        if f not in terms:
            return UNFIT
        word = words[f]
        known = len(word) >= 5 and best.casefold() in map(str.casefold, speller.corrections(word))
        return UNFIT if known else UNFIT_TERM

    def channel(f: Finding, option: str) -> float:
        # a misspelling is more likely a few edits from its word than many (a noisy channel)
        word = words.get(f)
        return 0.0 if word is None else -EDIT_COST * distance(word, option.casefold())

    def plain(f: Finding, best: str) -> float:
        # For a term only if one letter is off: read plainly, a frequent word beats a rare
        # one ("aiosmtpd" -> "apostle", "tty" -> "try", "isjunk" -> "is junk").
        word = words.get(f, "")
        if f in terms and not (len(word) >= 4 and best.isalpha() and distance(word, best.casefold()) == 1):
            return 0.0
        return PLAIN

    ranked = rank_suggestions(
        docs, engine, drop_unfit=unfit, prior=channel, plain=plain, order_plain=ORDER_PLAIN
    )
    return [
        apply_suggestions(text, fixes(text, found)) for (text, _), found in zip(docs, ranked, strict=True)
    ]


def fixed_last(texts: Sequence[str], config: Config) -> list[str]:
    """Each text (the model's correction) with the fixes ``wa correct`` makes after the model.

    Rules that hold in a text a writer asks to correct, though ``wa check`` leaves them
    off (on docs they misfire on code names or are house style): a sentence's "i" is
    capitalised (Harper's ``SENTENCE_RULES``), and its opening phrase gets its comma
    ("In addition, …": ``wa_core.checkers.commas``). After the model, not before it: the
    model weighs a correction as a whole against the sentence as written
    (``Engine.correct``'s margin), and a fix it would have made itself helps its other
    edits over the margin. With the comma already in "For instance, many people use
    airplane, ship, and train", the model's "airplanes, ships, and trains" no longer
    passed it. JFLEG dev GLEU in dev runs: 49.42 with the comma first, 49.56 after;
    49.65 with the "i" after too.
    """
    from wa_core.checkers.commas import NAME as COMMAS
    from wa_core.checkers.harper import NAME as HARPER
    from wa_core.checkers.harper import SENTENCE_RULES, default_rules
    from wa_core.parsers import parse
    from wa_core.pipeline import Checkers, check_document

    # Harper with its other rules off: linted and then dropped, they cost 5 ms a sentence.
    others = (f"{HARPER}/{rule}" for rule in default_rules() if rule not in SENTENCE_RULES)
    last = dataclasses.replace(
        config,
        checkers=(*((HARPER,) if HARPER in config.checkers else ()), COMMAS),
        disabled_rules=(*config.disabled_rules, *others),
        enabled_rules=(*config.enabled_rules, *(f"{HARPER}/{rule}" for rule in SENTENCE_RULES)),
    )
    checkers = Checkers.from_config(last, include_model=False)
    out = []
    for text in texts:
        found = check_document(parse(text, language="plaintext"), last, checkers)
        out.append(apply_suggestions(text, fixes(text, found)) if found else text)
    return out


def corrected(texts: Sequence[str], config: Config, engine: Engine) -> list[str]:
    """Each text (a sentence) corrected as ``wa correct --lines`` serves it, by ``config.model``.

    With ``rules_first``, the rules' fixes first (``fixed_first``) and the ones after the
    model (``fixed_last``); between them the model's correction (``model_corrections``).
    The texts a pass changed are corrected again, up to ``model.passes`` passes in all; a
    text a pass left as it was would come out of the next the same (every step is
    deterministic), so only the changed ones are read again.
    ``training/evaluate.py`` measures this, so the model card's figures are what a user gets.
    """
    return to_fixed_point(texts, lambda batch: one_pass(batch, config, engine), config.model.passes)


def to_fixed_point(texts: Sequence[str], one: Callable[[Sequence[str]], list[str]], passes: int) -> list[str]:
    """``one`` applied to the texts, then again to those it changed, up to ``passes`` times in
    all (0 counts as 1): ``wa correct``'s passes, over sentences or a whole text."""
    out = list(texts)
    todo = list(range(len(out)))
    for _ in range(max(1, passes)):
        again = one([out[i] for i in todo])
        changed = [i for i, text in zip(todo, again, strict=True) if text != out[i]]
        for i, text in zip(todo, again, strict=True):
            out[i] = text
        if not changed:
            break
        todo = changed
    return out


def one_pass(texts: Sequence[str], config: Config, engine: Engine) -> list[str]:
    """Each text through the rules' fixes, the model's correction and the fixes after it, once."""
    rules_first = config.model.rules_first
    first = fixed_first(texts, config, engine) if rules_first else list(texts)
    out = [c.text for c in model_corrections(first, config, engine)]
    return fixed_last(out, config) if rules_first else out


def model_corrections(sentences: Sequence[str], config: Config, engine: Engine) -> list[Correction]:
    """The model's correction of each sentence, kept by ``config.model``'s ``margin`` and
    ``max_change``, with the second looks its ``confusions`` and ``usage`` ask for."""
    settings = config.model
    return engine.correct(
        sentences,
        margin=settings.margin,
        max_change=settings.max_change,
        confusions=settings.confusions,
        usage=settings.usage,
    )


def with_candidates(finding: Finding, text: str, speller: Speller) -> Finding:
    """A spelling finding on one word, with the speller's candidates after the checker's own."""
    own = finding.replacements(text)
    new = [c for c in speller.candidates(finding.span.of(text)) if c not in own]
    new = new[: max(0, MAX_RANKED - len(own))]
    if not new:
        return finding
    return dataclasses.replace(finding, suggestions=(*finding.suggestions, *map(Suggestion.replace, new)))


def _whole_word(finding: Finding, text: str) -> Finding:
    """``finding`` without the suggestions that leave off the start of the word: they take a
    prefix for a slip and turn the meaning round ("nonfluoridated" -> "fluoridated",
    "unmeaningful" -> "meaningful")."""
    word = finding.span.of(text).casefold()
    kept = tuple(s for s in finding.suggestions if not _a_tail_of(s.replacement_for(word).casefold(), word))
    return (
        finding if len(kept) == len(finding.suggestions) else dataclasses.replace(finding, suggestions=kept)
    )


def _a_tail_of(replacement: str, word: str) -> bool:
    # "wrefresh" is not "refresh"; "tthe" is "the"
    cut = len(word) - len(replacement)
    return (
        bool(replacement)
        and cut >= 1
        and word.endswith(replacement)
        and not (cut == 1 and word[0] == word[1])
    )


def _enclosing(spans: Sequence[Span], span: Span) -> Span | None:
    return next((s for s in spans if s.start <= span.start and span.end <= s.end), None)
