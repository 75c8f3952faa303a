"""The usage look's threshold search replays recorded judgements as ``wa correct`` would take them
(``benchmarks/usage_thresholds.py``): the figures in ``wa_core/engine/usage.py`` rest on it."""

from __future__ import annotations

import argparse
from typing import Any

import pytest

from benchmarks.usage_thresholds import _setting, replay, served

SENTENCE = "After the rain we walked home and the dog slept"
COMMA_AFTER_RAIN = 14  # the comma a learner leaves out: "After the rain, we"
USUAL = (2.0, 1.0)  # the judges' own thresholds (``Judges``)


def entry(*variants: list[Any]) -> dict[str, Any]:
    return {"line": SENTENCE, "first": SENTENCE, "core": SENTENCE, "variants": list(variants)}


def thresholds(comma: tuple[float, float] = USUAL) -> dict[str, tuple[float, float]]:
    kinds = ("clause-comma", "article+", "article-", "preposition", "number")
    return {"comma": comma, **dict.fromkeys(kinds, USUAL)}


def test_a_variant_is_taken_only_if_it_clears_its_kind_of_thresholds() -> None:
    comma = [COMMA_AFTER_RAIN, COMMA_AFTER_RAIN, ",", "comma", 1.8, -1.5]
    (taken,) = replay([entry(comma)], thresholds(comma=(1.5, 2.0)))
    assert taken == "After the rain, we walked home and the dog slept"
    assert replay([entry(comma)], thresholds(comma=(2.0, 2.0))) == [SENTENCE]  # reads too little better
    assert replay([entry(comma)], thresholds(comma=(1.5, 1.0))) == [SENTENCE]  # too far below a copy


def test_a_variant_that_reads_far_better_may_score_further_below_a_copy() -> None:
    strong = [COMMA_AFTER_RAIN, COMMA_AFTER_RAIN, ",", "comma", 4.0, -2.5]
    assert replay([entry(strong)], thresholds()) == ["After the rain, we walked home and the dog slept"]


def test_variants_never_scored_against_a_copy_are_never_taken() -> None:
    unscored = [COMMA_AFTER_RAIN, COMMA_AFTER_RAIN, ",", "comma", 0.4, None]
    assert replay([entry(unscored)], thresholds(comma=(0.0, 9.0))) == [SENTENCE]


def test_at_most_three_are_taken_rightmost_first() -> None:
    after = [SENTENCE.index(w) + len(w) for w in ("rain", "walked", "home", "dog")]
    commas = [[at, at, ",", "comma", 3.0, 0.0] for at in after]
    (taken,) = replay([entry(*commas)], thresholds())
    assert taken == "After the rain we walked, home, and the dog, slept"


def test_of_two_variants_on_one_span_only_the_first_is_taken() -> None:
    dogs = [38, 41, "dogs", "number", 3.0, 0.0]
    cats = [38, 41, "cats", "number", 3.0, 0.0]
    assert replay([entry(dogs, cats)], thresholds()) == ["After the rain we walked home and the dogs slept"]


@pytest.mark.parametrize("text", ["comma=1.5", "commas=1,2", "comma"])
def test_a_setting_names_a_kind_and_both_thresholds(text: str) -> None:
    assert _setting("comma=1.5,2") == ("comma", (1.5, 2.0))
    with pytest.raises(argparse.ArgumentTypeError, match="KIND=FLUENCY,COPY_BIAS"):
        _setting(text)


def test_a_sentence_the_model_corrected_is_judged_eased_as_by_wa_correct_unless_told_otherwise() -> None:
    comma = [COMMA_AFTER_RAIN, COMMA_AFTER_RAIN, ",", "comma", 1.8, -3.5]
    corrected = {**entry(comma), "first": SENTENCE.replace("walked", "walk")}  # the model changed it
    usual = thresholds(comma=(1.5, 2.0))
    assert replay([entry(comma)], usual) == [SENTENCE]  # a sentence it left as it was: the usual
    (taken,) = replay([corrected], usual)  # eased by usage.CORRECTED_*: 1.0 nats better, 5 below a copy
    assert taken == "After the rain, we walked home and the dog slept"
    assert replay([corrected], {**usual, "comma@changed": (1.5, 2.0)}) == [SENTENCE]  # as given
    assert _setting("comma@changed=1,5") == ("comma@changed", (1.0, 5.0))


def test_the_served_thresholds_are_each_kinds_in_the_usage_look() -> None:
    from wa_core.engine.confusions import MAX_COPY_BIAS, MIN_FLUENCY
    from wa_core.engine.usage import CLAUSE_COMMA_COPY_BIAS, CLAUSE_COMMA_FLUENCY, KINDS, PREPOSITION_FLUENCY

    assert set(served()) == set(KINDS)
    assert served()["clause-comma"] == (CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS)
    assert served()["preposition"] == (PREPOSITION_FLUENCY, MAX_COPY_BIAS)
    assert served()["number"] == (MIN_FLUENCY, MAX_COPY_BIAS)
