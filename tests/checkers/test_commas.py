"""The comma after an opening phrase: which sentences get one, and which are left alone."""

from __future__ import annotations

import pytest

from wa_core.checkers.base import Layer, create
from wa_core.checkers.commas import IntroductoryCommaChecker
from wa_core.config import Config
from wa_core.document import ProseDocument, Severity, apply_suggestions, fixes
from wa_core.pipeline import Checkers, check_document


def fixed(text: str) -> str:
    """``text`` with every finding's suggestion applied."""
    return apply_suggestions(text, fixes(text, IntroductoryCommaChecker().check(ProseDocument.plain(text))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In addition it has a cost.", "In addition, it has a cost."),
        ("For example they can play.", "For example, they can play."),
        ("In my opinion it depends.", "In my opinion, it depends."),
        ("However the results hold.", "However, the results hold."),
        ("Secondly the place matters.", "Secondly, the place matters."),
        ("On the other hand there is a cost.", "On the other hand, there is a cost."),
        ("Of course he knew.", "Of course, he knew."),
        # every sentence of a text, not only the first
        ("It works. Unfortunately it is slow.", "It works. Unfortunately, it is slow."),
    ],
)
def test_an_opening_phrase_gets_its_comma(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "In addition, it has a cost.",  # already there
        "In addition to the cost, there is the time.",  # a longer phrase
        "As a result of the change the tests pass.",
        "Instead of a list we return a tuple.",
        "Of course not.",
        "However much we try, it fails.",  # "no matter how"
        "First run the tests.",  # not listed: often needs no comma
        "Also see the tutorial.",
        "Hence the name.",
        "In general relativity time is relative.",
        "Personally identifiable information stays local.",
        "In factories the work is hard.",  # a longer word, not the phrase
        "We agree; however the cost is high.",  # not at the start
        "it works. in addition it is fast.",  # not written as a sentence opening
        "Finally.",  # nothing after it
        "However: the cost.",
    ],
)
def test_other_sentences_are_left_alone(text: str) -> None:
    assert IntroductoryCommaChecker().check(ProseDocument.plain(text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("For example, When I traveled, I met him.", "For example, when I traveled, I met him."),
        ("Likewise The theory holds.", "Likewise, the theory holds."),  # the comma too
        ("First of all, It is one area.", "First of all, it is one area."),
    ],
)
def test_after_the_opening_phrase_the_sentence_goes_on_in_lowercase(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "For example, I went.",
        "For example, Python works.",  # a name
        "For example, NASA did it.",
        "However, A is larger than B.",  # "A" may be a name
        "Instead, WHEN is a keyword.",
        "In addition to The Beatles, we met Queen.",  # not the opening phrase
    ],
)
def test_names_and_words_that_are_no_function_words_keep_their_capital(text: str) -> None:
    assert fixed(text) == text


def test_a_finding_inserts_the_comma_after_the_phrase_as_information() -> None:
    (finding,) = IntroductoryCommaChecker().check(ProseDocument.plain("Therefore we stop."))
    assert (finding.rule, finding.source) == ("commas/introductory-phrase", "commas")
    assert finding.severity is Severity.INFO
    assert finding.span.of("Therefore we stop.") == "Therefore"
    assert "Therefore, …" in finding.message


def test_it_is_a_registered_rule_checker_off_by_default() -> None:
    checker = create("commas", Config())
    assert checker.layer is Layer.FAST
    assert "commas" not in Config().checkers


def test_wa_check_reports_it_when_the_checkers_list_names_it() -> None:
    config = Config(checkers=("commas",))
    doc = ProseDocument.plain("In conclusion it works.")
    (finding,) = check_document(doc, config, Checkers.from_config(config))
    assert finding.rule == "commas/introductory-phrase"
