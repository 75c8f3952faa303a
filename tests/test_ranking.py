"""Suggestions ranked by the model in their sentence (``wa_core.ranking``), against a scripted engine."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, cast

import pytest

from wa_core.config import Config
from wa_core.document import Finding, Severity, Span, Suggestion
from wa_core.ranking import fixed_last, rank_suggestions


class ScriptedEngine:
    """Scores an answer by the words it contains; records what it was asked."""

    def __init__(self, word_scores: dict[str, float]) -> None:
        self.word_scores = word_scores
        self.asked: list[tuple[str, str]] = []

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        self.asked.extend(pairs)
        return [sum(self.word_scores.get(w.strip(".,"), 0.0) for w in answer.split()) for _, answer in pairs]


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
