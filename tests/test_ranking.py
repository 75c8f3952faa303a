"""Suggestions ranked by the model in their sentence (``wa_core.ranking``), against a scripted engine."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any, cast

import pytest

from wa_core.config import Config
from wa_core.document import Finding, Severity, Span, Suggestion
from wa_core.engine.model import Correction
from wa_core.ranking import corrected, fixed_first, fixed_last, rank_suggestions


class ScriptedEngine:
    """Scores an answer by the words it contains; records what it was asked."""

    def __init__(self, word_scores: dict[str, float], plain_scores: dict[str, float] | None = None) -> None:
        self.word_scores = word_scores
        self.plain_scores = plain_scores or {}
        self.asked: list[tuple[str, str]] = []
        self.read: list[str] = []

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.asked.extend(pairs)
        return [sum(self.word_scores.get(w.strip(".,"), 0.0) for w in answer.split()) for _, answer in pairs]

    def fluency(self, texts: Sequence[str]) -> list[float]:
        self.read.extend(texts)
        return [sum(self.plain_scores.get(w.strip(".,"), 0.0) for w in text.split()) for text in texts]


def spelling(text: str, word: str, *fixes: str, after: int = 0) -> Finding:
    start = text.index(word, after)
    return Finding(
        Span(start, start + len(word)),
        "harper/SpellCheck",
        "harper",
        Severity.WARNING,
        f"{word}?",
        tuple(Suggestion.replace(f) for f in fixes),
    )


def rank(
    text: str, findings: list[Finding], engine: ScriptedEngine, drop_unfit: float | None = None
) -> list[Finding]:
    (out,) = rank_suggestions([(text, findings)], cast(Any, engine), drop_unfit=drop_unfit)
    return out


def firsts(findings: list[Finding]) -> list[str]:
    return [f.suggestions[0].text for f in findings]


def test_the_suggestion_that_fits_the_sentence_comes_first() -> None:
    text = "We study siences. The hall fell into siences."
    found = [spelling(text, "siences", "sciences", "silences", after=a) for a in (0, 20)]
    engine = ScriptedEngine({"study": 0, "sciences": -1, "silences": -5})
    assert firsts(rank(text, found, engine)) == ["sciences", "sciences"]
    engine = ScriptedEngine({"sciences": -5, "silences": -1})
    assert firsts(rank(text, found, engine)) == ["silences", "silences"]


def test_each_finding_is_scored_in_its_own_sentence() -> None:
    text = "First one is fine. We study siences here."
    engine = ScriptedEngine({})
    rank(text, [spelling(text, "siences", "sciences", "silences")], engine)
    assert engine.asked == [
        ("We study siences here.", "We study sciences here."),
        ("We study siences here.", "We study silences here."),
    ]


def test_ties_and_single_suggestions_keep_the_checkers_order() -> None:
    text = "A tecnology and siences."
    found = [spelling(text, "tecnology", "technology"), spelling(text, "siences", "sciences", "silences")]
    engine = ScriptedEngine({"sciences": -math.inf, "silences": -math.inf})  # e.g. a sentence too long
    assert rank(text, found, engine) == found
    assert engine.asked == [(text, "A tecnology and sciences."), (text, "A tecnology and silences.")]


def test_only_the_first_suggestions_are_ranked_the_rest_keep_their_place() -> None:
    text = "A wrd here."
    fixes = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "word", "w10"]
    engine = ScriptedEngine({"w8": 1.0, "word": 9.0})
    (ranked,) = rank(text, [spelling(text, "wrd", *fixes)], engine)
    assert [s.text for s in ranked.suggestions] == [
        "w8",
        "w1",
        "w2",
        "w3",
        "w4",
        "w5",
        "w6",
        "w7",
        "word",
        "w10",
    ]


def test_unfit_suggestions_are_dropped_when_asked() -> None:
    text = "They sell gelatinized starch and cigarrets."
    found = [
        spelling(text, "gelatinized", "relativized"),
        spelling(text, "cigarrets", "cigarettes", "garrets"),
    ]
    engine = ScriptedEngine(
        {"gelatinized": 0.0, "relativized": -20.0, "cigarrets": 0.0, "cigarettes": -3.0, "garrets": -30.0}
    )
    kept = rank(text, found, engine, drop_unfit=10.0)
    assert [(f.span.of(text), f.suggestions[0].text) for f in kept] == [("cigarrets", "cigarettes")]
    # without the judgement the single suggestion is not even scored
    assert [f.span.of(text) for f in rank(text, found, ScriptedEngine({}))] == ["gelatinized", "cigarrets"]


def test_documents_are_ranked_together_and_returned_in_order() -> None:
    one, two = "We study siences.", "No findings here."
    engine = ScriptedEngine({"silences": 1.0})
    out = rank_suggestions(
        [(one, [spelling(one, "siences", "sciences", "silences")]), (two, [])], cast(Any, engine)
    )
    assert [firsts(found) for found in out] == [["silences"], []]
    assert rank_suggestions([], cast(Any, engine)) == []


def test_a_prior_joins_the_models_score_in_the_order_but_not_in_the_judgement() -> None:
    text = "We study these subects."
    found = [spelling(text, "subects", "subject", "subjects")]
    engine = ScriptedEngine({"subects": 0.0, "subject": -3.0, "subjects": -4.0})
    assert firsts(rank(text, found, engine)) == ["subject"]

    def edits(_: Finding, option: str) -> float:  # "subject" is two edits away, "subjects" one
        return {"subject": -4.0, "subjects": -2.0}[option]

    (out,) = rank_suggestions([(text, found)], cast(Any, engine), prior=edits)
    assert firsts(out) == ["subjects"]
    # the word as written is judged against the model's score of that choice: 4 nats above it
    assert rank_suggestions([(text, found)], cast(Any, engine), prior=edits, drop_unfit=3.5) == [[]]
    (kept,) = rank_suggestions([(text, found)], cast(Any, engine), prior=edits, drop_unfit=4.5)
    assert firsts(kept) == ["subjects"]


def test_the_plain_reading_can_speak_in_the_judgement_of_the_best_suggestion() -> None:
    text = "We study it deaply."
    found = [spelling(text, "deaply", "deeply", "deadly")]
    # as a correction, the word as written scores 3 nats above "deeply"; read plainly, "deeply" 4 above it
    engine = ScriptedEngine({"deaply": 0.0, "deeply": -3.0, "deadly": -6.0}, {"deaply": -9.0, "deeply": -5.0})
    assert rank_suggestions([(text, found)], cast(Any, engine), drop_unfit=2.0) == [[]]
    assert engine.read == []  # not asked for unless weighed

    (kept,) = rank_suggestions([(text, found)], cast(Any, engine), drop_unfit=2.0, plain=1.0)
    assert [s.text for s in kept[0].suggestions] == ["deeply", "deadly"]
    assert engine.read == ["We study it deaply.", "We study it deeply."]  # only the best suggestion is read
    # weighed less, the 4 nats no longer outweigh the 3 nats and the 2 allowed
    assert rank_suggestions([(text, found)], cast(Any, engine), drop_unfit=2.0, plain=0.2) == [[]]

    # a weight per finding and its best suggestion: none for this one
    def none(finding: Finding, best: str) -> float:
        return 0.0

    assert rank_suggestions([(text, found)], cast(Any, engine), drop_unfit=2.0, plain=none) == [[]]


def test_a_reading_out_of_reach_leaves_the_judgement_to_the_model() -> None:
    text = "We study it deaply."
    found = [spelling(text, "deaply", "deeply")]
    engine = ScriptedEngine({"deaply": 0.0, "deeply": -3.0}, {"deaply": -math.inf, "deeply": -math.inf})
    assert rank_suggestions([(text, found)], cast(Any, engine), drop_unfit=2.0, plain=1.0) == [[]]
    assert firsts(rank(text, found, engine, drop_unfit=4.0)) == ["deeply"]


def test_before_the_model_no_fix_leaves_off_the_start_of_a_word() -> None:
    """A prefix is no slip: "nonfluoridated" is not "fluoridated", though the model may prefer it."""
    pytest.importorskip("harper")
    engine = ScriptedEngine({"fluoridated": 20.0, "fluorinated": 20.0}, {"fluoridated": 20.0})
    assert fixed_first(["The water is nonfluoridated."], Config(), cast(Any, engine)) == [
        "The water is nonfluoridated."
    ]
    assert not any("The water is fluoridated." in answer for _, answer in engine.asked)
    # one letter too: "wrefresh" is not "refresh", though "tthe" is "the"
    engine = ScriptedEngine({"the": 20.0})
    assert fixed_first(["It is tthe end."], Config(), cast(Any, engine)) == ["It is the end."]
    fixed_first(["Calls to wrefresh repaint it."], Config(), cast(Any, engine))
    answers = [answer for _, answer in engine.asked]
    assert "Calls to wrefresh repaint it." in answers  # judged, but not against "refresh"
    assert "Calls to refresh repaint it." not in answers


def test_the_plain_reading_can_join_the_order() -> None:
    """As a correction the model reads "string things" best; read plainly, "strange things" wins."""
    text = "He likes strainge things."
    found = [spelling(text, "strainge", "string", "strange")]
    engine = ScriptedEngine({"string": -1.0, "strange": -2.0}, {"string": -4.0, "strange": 0.0})
    assert firsts(rank(text, found, engine)) == ["string"]
    assert engine.read == []  # no plain reading unless asked for
    (out,) = rank_suggestions([(text, found)], cast(Any, engine), order_plain=0.5)
    assert firsts(out) == ["strange"]
    (out,) = rank_suggestions([(text, found)], cast(Any, engine), order_plain=0.2)
    assert firsts(out) == ["string"]  # 0.2 x 4 nats does not make up the model's 1


def test_before_the_model_a_misspelling_gets_the_word_a_few_edits_away_that_reads_best() -> None:
    pytest.importorskip("harper")
    # "trobull" is two edits from "troll" and from "trouble": the model as a corrector
    # leans to "troll", the plain reading to "trouble"
    engine = ScriptedEngine({"troll": 1.0, "trouble": 0.0}, {"troll": -5.0, "trouble": 0.0})
    text = "Some drivers make trobull with others."
    assert fixed_first([text], Config(), cast(Any, engine)) == ["Some drivers make trouble with others."]


def test_before_the_model_the_plain_reading_speaks_for_fixing_slips_not_terms() -> None:
    """Read plainly, a frequent word beats a rare one: "aiosmtpd" is no slip for "apostle"."""
    pytest.importorskip("harper")
    slip = ScriptedEngine({"deaply": 13.0, "deeply": 1.0}, {"deaply": -5.0, "deeply": 5.0})
    assert fixed_first(["We study it deaply."], Config(), cast(Any, slip)) == ["We study it deeply."]
    # and for the fixes of other rules ("the the")
    assert fixed_first(["We study the the deaply."], Config(), cast(Any, slip)) == ["We study the deeply."]
    term = ScriptedEngine({"aiosmtpd": 5.0, "apostle": 2.0}, {"aiosmtpd": -20.0, "apostle": 20.0})
    text = "The aiosmtpd package replaces it."
    assert fixed_first([text], Config(), cast(Any, term)) == [text]


# --- after the model --------------------------------------------------------------------


def test_after_the_model_an_opening_phrase_gets_its_comma_in_every_text() -> None:
    texts = ["In addition it is fast. For example it caches.", "It works.", ""]
    expected = ["In addition, it is fast. For example, it caches.", "It works.", ""]
    assert fixed_last(texts, Config()) == expected


def test_after_the_model_the_config_can_switch_the_comma_off() -> None:
    off = Config(disabled_rules=("commas/*",))
    assert fixed_last(["In addition it is fast."], off) == ["In addition it is fast."]


def test_after_the_model_a_lowercase_i_is_capitalised_and_other_rules_wait_for_wa_check() -> None:
    pytest.importorskip("harper")
    assert fixed_last(["Then i left with a apple."], Config()) == ["Then I left with a apple."]


def test_after_the_model_the_comma_stays_when_every_harper_rule_is_forced_on() -> None:
    """Harper's own DiscourseMarkers flags "For example" too; its finding is not the one kept."""
    pytest.importorskip("harper")
    every = Config(enabled_rules=("harper/*",))
    assert fixed_last(["For example they play."], every) == ["For example, they play."]


# --- as `wa correct` serves it ----------------------------------------------------------


class CorrectingEngine(ScriptedEngine):
    """A model that writes "college" for "school"; records each call's sentences and settings."""

    def __init__(self) -> None:
        super().__init__({})
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def correct(self, sentences: Sequence[str], **settings: Any) -> list[Correction]:
        self.calls.append((list(sentences), settings))
        return [Correction(s, s.replace("school", "college")) for s in sentences]


def test_served_the_rules_fix_before_the_model_and_after_it_by_the_configs_settings() -> None:
    pytest.importorskip("harper")
    engine = CorrectingEngine()
    texts = ["In addition we go to school alot.", "It works."]
    assert corrected(texts, Config(), cast(Any, engine)) == [
        "In addition, we go to college a lot.",
        "It works.",
    ]
    (read, settings), (again, _) = engine.calls
    assert read == ["In addition we go to school a lot.", "It works."]  # the rules' fix first
    assert again == ["In addition, we go to college a lot."]  # a second pass over what changed
    model = Config().model
    assert settings == {
        "margin": model.margin,
        "max_change": model.max_change,
        "confusions": model.confusions,
        "usage": model.usage,
    }


def test_served_without_rules_first_the_model_alone_reads_and_writes() -> None:
    engine = CorrectingEngine()
    config = Config()
    config = dataclasses.replace(
        config, model=dataclasses.replace(config.model, rules_first=False, margin=3.0, usage=False)
    )
    text = "In addition we go to school alot."
    assert corrected([text], config, cast(Any, engine)) == ["In addition we go to college alot."]
    (read, settings), _ = engine.calls
    assert read == [text] and settings["margin"] == 3.0 and settings["usage"] is False


class OneFixEngine(CorrectingEngine):
    """A model that mends one "school" a pass."""

    def correct(self, sentences: Sequence[str], **settings: Any) -> list[Correction]:
        self.calls.append((list(sentences), settings))
        return [Correction(s, s.replace("school", "college", 1)) for s in sentences]


@pytest.mark.parametrize(
    ("passes", "first", "reads"),
    [
        (0, "We go to college school school.", 1),  # 0 counts as 1
        (1, "We go to college school school.", 1),
        (2, "We go to college college school.", 2),
        (9, "We go to college college college.", 4),  # the fourth pass changed nothing
    ],
)
def test_served_what_a_pass_changed_is_corrected_again_up_to_the_configs_passes(
    passes: int, first: str, reads: int
) -> None:
    engine = OneFixEngine()
    model = dataclasses.replace(Config().model, rules_first=False, passes=passes)
    texts = ["We go to school school school.", "It works."]
    assert corrected(texts, dataclasses.replace(Config(), model=model), cast(Any, engine)) == [
        first,
        "It works.",
    ]
    assert len(engine.calls) == reads
    # later passes read only what the pass before changed
    assert [len(read) for read, _ in engine.calls] == [2] + [1] * (reads - 1)
