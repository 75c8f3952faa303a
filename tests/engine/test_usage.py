"""The usage look: which article, preposition, noun-number and comma edits are judged."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from wa_core.engine import usage
from wa_core.engine.confusions import Judges, choose
from wa_core.engine.usage import (
    CLAUSE_COMMA_COPY_BIAS,
    CLAUSE_COMMA_FLUENCY,
    COMMA_COPY_BIAS,
    COMMA_FLUENCY,
    CORRECTED_COPY_BIAS,
    CORRECTED_FLUENCY,
    PREPOSITION_FLUENCY,
    PREPOSITIONS,
    eased,
    variants,
)

# A word list as ``wa_core.spelling`` gives it: word -> count.
WORDS = {
    "car": 10**8, "cars": 10**8, "interview": 10**7, "interviews": 10**7, "hobby": 10**7,
    "hobbies": 10**7, "temperature": 10**7, "temperatures": 10**7, "truth": 10**8,
    "truths": 10**6, "informations": 10**4, "information": 10**8, "is": 10**9, "easy": 10**8,
    "playing": 10**8, "football": 10**7, "run": 10**8, "install": 10**7,
}  # fmt: skip


def edits(sentence: str) -> list[str]:
    return [v.apply(sentence) for v in variants(sentence, WORDS)]


def test_an_article_may_go_or_come_before_a_bare_word_but_not_become_the_other() -> None:
    got = edits("He chose the truth at interview.")
    assert "He chose truth at interview." in got  # deleted, with its space
    assert "He chose a truth at interview." not in got  # "a" or "the" is what is meant
    assert "He chose the truth at the interview." in got  # inserted after a preposition
    assert "He chose the truth at an interview." in got  # "an" before a vowel


def test_a_preposition_may_become_another_of_the_set() -> None:
    got = edits("It was easy to me.")
    swapped = [
        g
        for g in got
        if g.startswith("It was easy ") and g.endswith(" me.") and g.count(" ") == 4 and "," not in g
    ]
    assert "It was easy for me." in swapped
    assert len(swapped) == len(PREPOSITIONS) - 1


def test_a_noun_takes_its_other_number_only_when_that_form_is_a_frequent_word() -> None:
    got = edits("A man whose hobbies is playing football.")
    assert "A man whose hobby is playing football." in got
    assert "A man whose hobbies is playing footballs." not in got  # not in the word list
    assert "Some information here." in edits("Some informations here.")
    assert "Some informations here." not in edits("Some information here.")  # a rare form


def test_a_comma_may_come_between_two_words_the_first_among_them_but_not_inside_a_name() -> None:
    got = edits("To my surprise nothing happened.")
    assert "To my surprise, nothing happened." in got
    assert "To, my surprise nothing happened." in got  # for the judges: "Also, the youth have less"
    assert not any(g.endswith(",.") for g in got)  # nor after the last word
    assert not any("," in g for g in edits("Run `pip install foo` now."))


def test_a_contraction_is_one_word_with_either_apostrophe() -> None:
    words = {**WORDS, "t": 10**9, "like": 10**9}  # as if "t" were a word on its own
    for sentence in ("We don't like the car.", "We don’t like the car."):
        got = [v.apply(sentence) for v in variants(sentence, words)]
        assert got
        contraction = sentence.split()[1]
        assert all(contraction in g for g in got)  # nothing between "don" and "t"
        assert sentence.replace("t like", "t, like") in got


def test_identifiers_inline_code_and_capitalised_words_are_left_alone() -> None:
    sentence = "Run `the car` and the_car to install."
    got = edits(sentence)
    assert got and all(g.startswith("Run `the car` and the_car ") for g in got)
    assert edits("Cars") == []
    assert "A Cars" not in edits("The Cars")


@pytest.mark.parametrize(
    ("sentence", "edited", "kind"),
    [
        ("After the rain we walked home.", "After the rain, we walked home.", "clause-comma"),
        ("After the rain we walked home.", "After the rain we walked, home.", "comma"),
        ("He chose truth at interview.", "He chose truth at the interview.", "article+"),
        ("He chose the truth.", "He chose truth.", "article-"),
        ("It was easy to me.", "It was easy for me.", "preposition"),
        ("A man whose hobbies is playing.", "A man whose hobby is playing.", "number"),
    ],
)
def test_each_variant_names_its_kind_and_takes_that_kinds_thresholds(
    sentence: str, edited: str, kind: str
) -> None:
    words = {**WORDS, "rain": 10**8, "walked": 10**8, "home": 10**8, "man": 10**9}
    (variant,) = [v for v in variants(sentence, words) if v.apply(sentence) == edited]
    assert variant.kind == kind
    assert (variant.min_fluency, variant.max_copy_bias) == usage.THRESHOLDS[kind]
    assert kind in usage.KINDS


def test_the_judges_take_what_reads_better_and_the_corrector_accepts() -> None:
    sentence = "It was easy to me."

    def fluency(texts: Sequence[str]) -> list[float]:
        return [4.5 if t == "It was easy for me." else 0.0 for t in texts]

    def correction(source: str, answers: Sequence[str]) -> list[float]:
        return [0.0 for _ in answers]

    candidates = variants(sentence, WORDS)
    assert choose(sentence, candidates, Judges(fluency, correction)) == "It was easy for me."
    # the corrector finds it far less likely than a copy: a matter of taste, left alone
    doubtful = Judges(fluency, lambda source, answers: [0.0 if a == source else -5.0 for a in answers])
    assert choose(sentence, candidates, doubtful) == sentence


def test_a_preposition_swap_must_read_better_by_more_than_other_edits() -> None:
    sentence = "It was easy to me."
    barely = PREPOSITION_FLUENCY - 0.5  # past the 2 nats other edits need, short of a swap's

    def fluency(texts: Sequence[str]) -> list[float]:
        return [barely if t == "It was easy for me." else 0.0 for t in texts]

    judges = Judges(fluency, lambda source, answers: [0.0 for _ in answers])
    assert barely > judges.min_fluency
    assert choose(sentence, variants(sentence, WORDS), judges) == sentence


def test_a_comma_is_taken_on_less_of_the_plain_reading_though_the_corrector_doubts_it() -> None:
    sentence = "To my surprise nothing happened."
    wanted = "To my surprise, nothing happened."

    def fluency(texts: Sequence[str]) -> list[float]:
        return [COMMA_FLUENCY if t == wanted else 0.0 for t in texts]

    def doubting(below: float) -> Judges:
        return Judges(fluency, lambda source, answers: [0.0 if a == source else -below for a in answers])

    usual = doubting(0.0)  # what an article or a noun's other number must pass
    assert usual.min_fluency > COMMA_FLUENCY and usual.max_copy_bias < COMMA_COPY_BIAS
    candidates = variants(sentence, WORDS)
    assert choose(sentence, candidates, doubting(COMMA_COPY_BIAS - 0.1)) == wanted
    assert choose(sentence, candidates, doubting(COMMA_COPY_BIAS + 0.1)) == sentence


def clause_commas(sentence: str) -> list[str]:
    """The commas ``variants`` judges as setting a clause apart, each where it goes."""
    clause = (CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS)
    return [
        v.apply(sentence)
        for v in variants(sentence, WORDS)
        if v.text == "," and (v.min_fluency, v.max_copy_bias) == clause
    ]


@pytest.mark.parametrize(
    ("sentence", "wanted"),
    [
        ("If you want a car you run.", "If you want a car, you run."),  # after an opening clause
        ("In such a situation there is no way.", "In such a situation, there is no way."),  # phrase
        ("But when it rains we stay.", "But when it rains, we stay."),  # after a word that leads in
        ("However, when it rains we stay.", "However, when it rains, we stay."),
        ("We had ideas but the facts were few.", "We had ideas, but the facts were few."),
        ("He studied the subject which was new.", "He studied the subject, which was new."),
        ("Fewer cars are sold especially in towns.", "Fewer cars are sold, especially in towns."),
    ],
)
def test_a_comma_where_a_clause_starts_is_judged_as_one(sentence: str, wanted: str) -> None:
    assert wanted in clause_commas(sentence)


@pytest.mark.parametrize(
    ("sentence", "not_wanted"),
    [
        ("If you think you can, go.", "If you think, you can, go."),  # a verb's object clause
        ("If it rains, we stay in the house.", "If it rains, we stay in, the house."),  # closed
        ("We know you came.", "We know, you came."),  # no opening clause
        ("They said that the car was new.", "They said that, the car was new."),
        ("We had ideas but few facts.", "We had ideas, but few facts."),  # no clause after "but"
        ("He said that which was new.", "He said that, which was new."),
        ("- If you want a car you run.", "- If you want a car, you run."),  # not the opening word
    ],
)
def test_a_comma_elsewhere_is_not_judged_as_setting_a_clause_apart(sentence: str, not_wanted: str) -> None:
    assert not_wanted not in clause_commas(sentence)


def test_a_comma_where_a_clause_starts_needs_only_to_read_no_worse_and_may_be_doubted_more() -> None:
    sentence = "If you want a car you run."
    wanted = "If you want a car, you run."
    assert CLAUSE_COMMA_FLUENCY < COMMA_FLUENCY and CLAUSE_COMMA_COPY_BIAS > COMMA_COPY_BIAS

    def judges(gain: float, below: float) -> Judges:
        def fluency(texts: Sequence[str]) -> list[float]:
            return [gain if t == wanted else 0.0 if t == sentence else -9.0 for t in texts]

        return Judges(fluency, lambda source, answers: [0.0 if a == source else -below for a in answers])

    candidates = variants(sentence, WORDS)
    assert choose(sentence, candidates, judges(CLAUSE_COMMA_FLUENCY, CLAUSE_COMMA_COPY_BIAS - 0.1)) == wanted
    assert choose(sentence, candidates, judges(CLAUSE_COMMA_FLUENCY - 0.1, 0.0)) == sentence  # reads worse
    assert choose(sentence, candidates, judges(1.0, CLAUSE_COMMA_COPY_BIAS + 0.1)) == sentence


def test_in_a_sentence_the_model_corrected_an_edit_may_read_less_better_and_be_doubted_more() -> None:
    sentence = "It was easy to me."
    wanted = "It was easy for me."
    need = PREPOSITION_FLUENCY - CORRECTED_FLUENCY

    def judges(gain: float, below: float) -> Judges:
        def fluency(texts: Sequence[str]) -> list[float]:
            return [gain if t == wanted else 0.0 for t in texts]

        return Judges(fluency, lambda source, answers: [0.0 if a == source else -below for a in answers])

    candidates = variants(sentence, WORDS)
    below = Judges(lambda t: [], lambda s, a: []).max_copy_bias + CORRECTED_COPY_BIAS - 0.1
    assert choose(sentence, candidates, judges(need, 0.0)) == sentence
    assert choose(sentence, candidates, judges(PREPOSITION_FLUENCY, below)) == sentence
    assert choose(sentence, candidates, eased(judges(need, below))) == wanted
    assert choose(sentence, candidates, eased(judges(need - 0.1, 0.0))) == sentence  # still a limit
    assert choose(sentence, candidates, eased(judges(need, below + 0.2))) == sentence


def test_eased_judges_still_ask_a_comma_before_a_clause_to_read_no_worse() -> None:
    sentence = "If you want a car you run."
    wanted = "If you want a car, you run."

    def judges(gain: float) -> Judges:
        def fluency(texts: Sequence[str]) -> list[float]:
            return [gain if t == wanted else 0.0 for t in texts]

        return Judges(fluency, lambda source, answers: [0.0 for _ in answers])

    candidates = variants(sentence, WORDS)
    assert CLAUSE_COMMA_FLUENCY - CORRECTED_FLUENCY < 0  # eased below reading no worse, were it not floored
    assert choose(sentence, candidates, eased(judges(0.0))) == wanted
    assert choose(sentence, candidates, eased(judges(-0.1))) == sentence


@pytest.mark.parametrize("sentence", ["", "   ", "!!!", "日本語のテキスト。"])
def test_text_without_english_words_gets_no_variant(sentence: str) -> None:
    assert variants(sentence, WORDS) == []


@pytest.mark.parametrize(
    "threshold", ["COMMA_FLUENCY", "CLAUSE_COMMA_COPY_BIAS", "PREPOSITION_FLUENCY", "CORRECTED_COPY_BIAS"]
)
def test_a_changed_threshold_changes_the_result_cache_key(
    threshold: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = usage.cache_version()
    monkeypatch.setattr(usage, threshold, getattr(usage, threshold) + 0.5)
    assert usage.cache_version() != before  # a result judged under the old threshold is not served
