"""The second look: which swaps are judged, and which of them a sentence takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from wa_core.engine.confusions import Judges, Variant, choose, number_forms, variants


def swaps(sentence: str) -> list[str]:
    return [v.apply(sentence) for v in variants(sentence)]


class Scripted:
    """Judges whose scores are looked up in tables: a text not in a table scores 0."""

    def __init__(self, fluency: Mapping[str, float], correction: Mapping[str, float] | None = None) -> None:
        self.fluency_table = fluency
        self.correction_table = correction or {}
        self.read: list[str] = []

    def fluency(self, texts: Sequence[str]) -> list[float]:
        self.read.extend(texts)
        return [self.fluency_table.get(t, 0.0) for t in texts]

    def correction(self, source: str, answers: Sequence[str]) -> list[float]:
        return [self.correction_table.get(a, 0.0) for a in answers]

    def judges(self) -> Judges:
        return Judges(
            self.fluency,
            self.correction,
            min_fluency=2.0,
            max_copy_bias=1.0,
            strong_fluency=3.5,
            strong_copy_bias=3.0,
        )


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Early systems for correction was based on rules.",
            ["Early systems for correction were based on rules."],
        ),
        ("The tests have passed.", ["The tests has passed."]),
        ("It doesn't matter.", []),  # "it don't" breaks agreement with the pronoun
        ("They are here.", []),
        ("It support two databases.", ["It supports two databases."]),
        ("The wizard, which ask for a name, starts.", ["The wizard, which asks for a name, starts."]),
        ("Run it, which also lower the cost.", ["Run it, which also lowers the cost."]),
        ("You can edit it if your moving.", ["You can edit it if you're moving."]),
        ("It is faster then before.", ["It is faster than before."]),
        ("They ask twice.", []),  # "they asks" breaks agreement with the pronoun
        (  # "I" is no name, and takes a verb's plain form
            "Now I has a car, and I thinks so.",
            ["Now I have a car, and I thinks so.", "Now I has a car, and I think so."],
        ),
        # the third word agrees with the sentence's opening determiner
        ("This tool help with backups.", ["This tool helps with backups."]),
        ("These methods accepts a name.", ["These methods accept a name."]),
        ("This new tool works.", ["This new tools works."]),  # listed here, rejected by the judges
        ("These tools help a lot.", []),
        ("The tool help with it.", []),  # "the" says nothing of number
        ("This, tool help with it.", []),
        # a noun whose shape disagrees with its demonstrative
        ("I like this products a lot.", ["I like this product a lot."]),
        ("These tool are great.", ["These tools are great.", "These tool is great."]),
        ("We need those book of yours.", ["We need those books of yours."]),
        # a word between a subject's last word and an object, whose shapes disagree
        (
            "The noise detector output give a high entropy.",
            ["The noise detector output gives a high entropy."],
        ),
        ("Later work treat the task as translation.", ["Later work treats the task as translation."]),
        ("The tools supports the format.", ["The tools support the format."]),
        ("Restoring overwrite the data.", ["Restoring overwrites the data."]),  # a gerund is no name
        ("The tool help you.", ["The tool helps you."]),  # an object may open with a pronoun
        ("I met much people there.", ["I met many people there.", "I met much people their."]),
        ("It uses less files.", ["It uses fewer files."]),
        # "libxml" in "libxml2" is part of a name, not a verb after "that"
        ("The fact that libxml2 has no fix.", ["The fact that libxml2 have no fix."]),
        # after a subject: no pronoun, conjunction or past form ("we", "because", "said"),
        # and no form that breaks agreement with it ("I thinks", "we needs")
        ("I think that we need it because they said so.", []),
        ("The code that need it runs.", ["The code that needs it runs."]),
    ],
)
def test_agreement_and_confusable_words_get_their_other_form(sentence: str, expected: list[str]) -> None:
    assert swaps(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Requests is ready for production.",  # a name, not a plural
        "Sorted Containers is used in many projects.",
        "The library keeps its own copy.",  # "its" is never swapped for "it's"
        "Call `is_file` or do.py first.",  # written like code
        "Mark [u]is[/u] in bold.",  # markup
        "It re-run the step.",  # a part of a compound agrees with nothing
        "The users ask twice.",  # no pronoun before it, no object after it
        "The server sends the response.",  # a verb before its object: shapes that agree
        "The tools support the format.",
        "The analysis shows the gap.",  # "-is", "-ss" and "-us" are singular
        "The process supports the format.",
        "First, install the package.",  # not one clause
        "You can quickly create the file.",  # after an adverb, a modal or "to"
        "To create the file, run it.",
        "This means that it works.",  # an opening "This" is more often a pronoun
        "All of these work.",  # after "these", a verb or an adjective ("these new tools")
        "Those who know it.",
        "Make sure that no user writes to it.",
        "Open your file the way you like.",  # a noun after its owner
        "Strengthen the safety check to catch more.",  # "to" follows nouns as often as verbs
        "The data needs to be clean.",
        "It is much faster, and costs much less than that.",  # "no" after a subject is no verb ("noes")
        "The kit includes BuildTools, which come with it.",  # a name's number is not known
        "Rich can render markdown and does a good job.",  # the subject is further back
    ],
)
def test_names_code_and_one_way_confusables_are_left_alone(sentence: str) -> None:
    assert swaps(sentence) == []


@pytest.mark.parametrize(
    ("word", "forms"),
    [("asks", ["ask"]), ("ask", ["asks"]), ("tries", ["try"]), ("try", ["tries"]), ("boxes", ["box", "boxe"]),
     ("box", ["boxes"]), ("class", []), ("status", [])],
)  # fmt: skip
def test_number_forms_take_the_s_off_or_put_it_on(word: str, forms: list[str]) -> None:
    assert number_forms(word) == forms


def test_a_swap_needs_both_judges() -> None:
    sentence = "The wizard, which ask for a name, starts."
    fixed = "The wizard, which asks for a name, starts."
    candidates = variants(sentence)
    assert choose(sentence, candidates, Scripted({fixed: 3.0}).judges()) == fixed
    assert choose(sentence, candidates, Scripted({fixed: 1.5}).judges()) == sentence  # not fluent enough
    vetoed = Scripted({fixed: 3.0}, correction={sentence: -5.0, fixed: -6.5})  # the corrector would copy
    assert choose(sentence, candidates, vetoed.judges()) == sentence


@pytest.mark.parametrize(
    ("gain", "bias", "taken"),
    [(3.7, 2.3, True), (3.4, 2.3, False), (5.0, 2.9, True), (9.0, 3.2, False), (2.5, 0.9, True)],
)
def test_a_swap_that_reads_much_better_may_cost_more_against_copying(
    gain: float, bias: float, taken: bool
) -> None:
    """The corrector's copy bias is weighed against how much better the swap reads."""
    sentence = "You can edit it later if your moving."
    fixed = "You can edit it later if you're moving."
    judges = Scripted({fixed: gain}, correction={sentence: -5.0, fixed: -5.0 - bias}).judges()
    assert choose(sentence, variants(sentence), judges) == (fixed if taken else sentence)


@pytest.mark.parametrize(
    ("sentence", "fixed", "gain", "bias", "taken"),
    [
        ("It runs faster then before.", "It runs faster than before.", 0.5, 0.5, True),
        ("It runs faster then before.", "It runs faster than before.", -0.5, 0.5, False),
        (
            "It runs faster then before.",
            "It runs faster than before.",
            0.5,
            1.5,
            False,
        ),  # the corrector vetoes
        ("The user then clicks it.", "The user than clicks it.", 0.5, 0.5, False),  # no comparative
    ],
)
def test_after_a_comparative_then_needs_only_to_read_better_as_than(
    sentence: str, fixed: str, gain: float, bias: float, taken: bool
) -> None:
    judges = Scripted({fixed: gain}, correction={sentence: -5.0, fixed: -5.0 - bias}).judges()
    assert choose(sentence, variants(sentence), judges) == (fixed if taken else sentence)


def test_the_rightmost_swap_goes_first_and_the_rest_are_judged_again() -> None:
    """A writer errs on the verb more often than on its subject."""
    sentence = "Large language models has been evaluated."
    verb = "Large language models have been evaluated."
    # Both swaps read better alone; after the verb's, the subject's does not.
    candidates = [Variant(15, 21, "model"), Variant(22, 25, "have")]
    scripted = Scripted({"Large language model has been evaluated.": 4.0, verb: 3.0})
    assert choose(sentence, candidates, scripted.judges()) == verb
    assert scripted.read[-2:] == [verb, "Large language model have been evaluated."]


def test_independent_swaps_are_all_taken() -> None:
    sentence = "It support more boxes then before, which ask for less."
    candidates = variants(sentence)
    good = "It supports more boxes than before, which asks for less."

    def fluency(texts: Sequence[str]) -> list[float]:  # each right form read is worth 3 nats
        return [3.0 * sum(w in t.split() for w in ("supports", "than", "asks")) for t in texts]

    judges = Judges(fluency, lambda source, answers: [0.0] * len(answers))
    assert choose(sentence, candidates, judges) == good


def test_the_screen_spares_a_whole_reading_of_unlikely_swaps() -> None:
    sentence = "The wizard, which ask for a name, starts."
    fixed = "The wizard, which asks for a name, starts."
    candidates = variants(sentence)
    scripted = Scripted({fixed: 3.0})
    unlikely = Judges(scripted.fluency, scripted.correction, screen=lambda s, vs: [-4.0] * len(vs))
    assert choose(sentence, candidates, unlikely) == sentence
    assert scripted.read == []
    likely = Judges(scripted.fluency, scripted.correction, screen=lambda s, vs: [-1.0] * len(vs))
    assert choose(sentence, candidates, likely) == fixed


def test_the_screen_never_drops_a_word_with_an_apostrophe() -> None:
    """Its first token of its own ("its" against "it" of "it's") is no fair sieve."""
    sentence = "It reads the file and follows it's instructions."
    fixed = "It reads the file and follows its instructions."
    scripted = Scripted({fixed: 4.0})
    judges = Judges(scripted.fluency, scripted.correction, screen=lambda s, vs: [-4.0] * len(vs))
    assert choose(sentence, variants(sentence), judges) == fixed


def test_a_variant_may_set_its_own_floor_for_the_screen() -> None:
    """An inserted word must be at least as likely as the word it goes before (``usage``)."""
    sentence = "To my surprise nothing happened."
    comma = Variant(sentence.index(" nothing"), sentence.index(" nothing"), ",", min_screen=0.0)
    scripted = Scripted({comma.apply(sentence): 3.0})
    below = Judges(scripted.fluency, scripted.correction, screen=lambda s, vs: [-1.0] * len(vs))
    assert choose(sentence, [comma], below) == sentence  # -1 passes the usual floor, not this one
    assert scripted.read == []
    level = Judges(scripted.fluency, scripted.correction, screen=lambda s, vs: [0.0] * len(vs))
    assert choose(sentence, [comma], level) == "To my surprise, nothing happened."


@pytest.mark.parametrize(
    ("gain", "bias", "taken", "taken_by_the_judges_own"),
    [
        (1.6, 1.9, True, False),  # the judges' own ask 2 nats, and 1 of copy bias
        (1.4, 0.0, False, False),
        (1.6, 2.1, False, False),
        (3.6, 2.9, True, True),  # reads much better: 3 of copy bias for either
        (3.6, 3.1, False, False),
    ],
)
def test_a_variant_may_set_its_own_thresholds_for_both_judges(
    gain: float, bias: float, taken: bool, taken_by_the_judges_own: bool
) -> None:
    """Here 1.5 nats of plain reading and 2 of copy bias; the strong variant's 3 still hold."""
    sentence = "If you want it you run."
    at = sentence.index(" you run")
    comma = Variant(at, at, ",", min_fluency=1.5, max_copy_bias=2.0)
    fixed = comma.apply(sentence)
    judges = Scripted({fixed: gain}, correction={sentence: -5.0, fixed: -5.0 - bias}).judges()
    assert choose(sentence, [comma], judges) == (fixed if taken else sentence)
    plain = Variant(at, at, ",")
    assert choose(sentence, [plain], judges) == (fixed if taken_by_the_judges_own else sentence)
