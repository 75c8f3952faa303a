"""Each synthetic error type makes the edit it is named for; clean text round-trips; seeds repeat."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("lemminflect")

from training.data import corrupt
from training.data.corrupt import apply_error, detokenize, tokenize

SENTENCES = [
    "In this paper, we propose a new method that is faster than the previous ones.",
    "I don't think that people need a lot of money, because their friends are more important.",
    "The module provides functions for working with dates (and times), and it is easy to use.",
]


@pytest.mark.parametrize("s", SENTENCES)
def test_tokens_round_trip(s: str) -> None:
    assert detokenize(tokenize(s)) == s


def one(sentence: str, kind: str, seed: int = 0) -> str:
    for k in range(20):
        out = apply_error(sentence, kind, random.Random(seed + k))
        if out is not None:
            return out
    raise AssertionError(f"{kind} never applied to {sentence!r}")


def test_agreement() -> None:
    assert one("She has two cats.", "agreement") == "She have two cats."


def test_agreement_aux() -> None:
    assert one("The results are good.", "agreement") == "The results is good."


def test_verb_form() -> None:
    out = one("We propose it.", "verb_form")
    assert out.startswith("We ") and out.split()[1] in {"proposes", "proposed", "proposing"}


def test_noun_number() -> None:
    assert one("Two cats sleep.", "noun_number") == "Two cat sleep."


def test_article_missing_or_wrong() -> None:
    out = one("He ate an apple.", "article")
    assert out in {"He ate apple.", "He ate a apple.", "He ate the apple."}


def test_preposition() -> None:
    out = one("He lives in Paris.", "preposition")
    assert out != "He lives in Paris." and "Paris" in out


def test_confusable() -> None:
    assert one("Their house is big.", "confusable") in {"There house is big.", "They're house is big."}
    assert one("It is bigger than mine.", "confusable") == "It is bigger then mine."


def test_spelling_uses_real_misspellings() -> None:
    table = corrupt.codespell_misspellings()
    assert "receive" in table
    out = one("They receive letters.", "spelling", seed=1)
    assert out != "They receive letters."


def test_repeat_and_missing_word() -> None:
    assert one("It is a good day.", "repeat_word").split().__len__() == 6
    assert len(one("It is a good day.", "missing_word").split()) == 4


def test_word_order() -> None:
    out = one("We went home early.", "word_order")
    assert (
        sorted(out.rstrip(".").split()) == sorted(["We", "went", "home", "early"])
        and out != "We went home early."
    )


def test_comparative() -> None:
    assert one("This car is faster.", "comparative") == "This car is more faster."


def test_capitalisation() -> None:
    out = one("I think so.", "capitalisation")
    assert out in {"i think so.", "I Think so.", "I think So."}


def test_punctuation() -> None:
    assert one("Yes, we can.", "punctuation") in {"Yes we can.", "Yes, we can"}


def test_learner() -> None:
    out = one("I don't know.", "learner")
    assert out in {"I dont know.", "i don't know."}


def test_clean_sentence_stays_clean_without_errors() -> None:
    s = SENTENCES[0]
    assert corrupt.corrupt(s, random.Random(0), n_errors=0) == (s, [])


def test_corrupt_is_deterministic_and_multi_error() -> None:
    a = [corrupt.corrupt(s, random.Random(7)) for s in SENTENCES]
    b = [corrupt.corrupt(s, random.Random(7)) for s in SENTENCES]
    assert a == b
    out, types = corrupt.corrupt(SENTENCES[1], random.Random(3), n_errors=4)
    assert len(types) == 4 and out != SENTENCES[1]


def test_contract_keeps_target_grammatical() -> None:
    assert corrupt.contract("We do not know.", random.Random(0), p=1.0) == "We don't know."


def test_comma_takes_out_the_comma_that_closes_an_opening_phrase_or_joins_a_clause() -> None:
    outs = {one("In short, it works, but it is slow, sadly.", "comma", seed) for seed in range(0, 200, 20)}
    assert "In short it works, but it is slow, sadly." in outs
    assert "In short, it works but it is slow, sadly." in outs
    assert all(o.count(",") == 2 for o in outs)
    assert apply_error("Numbers like 1,000 stay.", "comma", random.Random(0)) is None


def test_error_weights_override_the_default_mix_and_reject_unknown_types() -> None:
    weights = corrupt.error_weights({"comma": 5.0})
    assert weights["comma"] == 5.0 and weights["spelling"] == corrupt.ERROR_TYPES["spelling"][1]
    only_commas = {name: 0.0 for name in corrupt.ERROR_TYPES} | {"comma": 1.0}
    out, types = corrupt.corrupt(
        SENTENCES[1], random.Random(1), n_errors=1, weights=corrupt.error_weights(only_commas)
    )
    assert types == ["comma"] and out == SENTENCES[1].replace("money,", "money")
    with pytest.raises(ValueError, match="unknown error types \\['coma'\\]"):
        corrupt.error_weights({"coma": 1.0})
    with pytest.raises(ValueError, match="0 or more"):
        corrupt.error_weights({"comma": -1.0})
    with pytest.raises(ValueError, match="numbers"):
        corrupt.error_weights({"comma": "high"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="numbers"):
        corrupt.error_weights({"comma": True})  # YAML's `comma: yes`, which Python counts as 1
    with pytest.raises(ValueError, match="all 0"):
        corrupt.error_weights(dict.fromkeys(corrupt.ERROR_TYPES, 0.0))


def test_the_default_mix_never_draws_the_comma_type() -> None:
    # appended at weight 0, it leaves every earlier stage's draws as they were
    drawn = {t for k in range(300) for t in corrupt.corrupt(SENTENCES[0], random.Random(k))[1]}
    assert "comma" not in drawn and "punctuation" in drawn
    before = {name: w for name, w in corrupt.error_weights().items() if name != "comma"}
    for k in range(50):
        assert corrupt.corrupt(SENTENCES[1], random.Random(k)) == corrupt.corrupt(
            SENTENCES[1], random.Random(k), weights=before
        )
