"""A comma after a sentence's opening phrase: "In addition, …", "For example, …".

A word or phrase that opens a sentence and stands apart from the clause after it
("However", "In my opinion", "For example") takes a comma. Harper knows some of these
(its DiscourseMarkers rule: "However", "For example", "Therefore", …) but not the
phrases learners and academics open sentences with most ("In addition", "In my
opinion", "In conclusion", "Secondly", "Unfortunately").

The phrases are listed, not guessed, and only those that open a clause whatever comes
next are listed: a sentence that opens with "First", "Also", "Then" or "So" ("First run
the tests", "Also see …") often needs no comma, "Hence the name" and "Thus far" none,
"In general relativity" is a noun phrase, and "Personally identifiable information" an
adjective. A listed phrase followed by "of", "to", "that" or "not" opens a longer phrase
("In addition to …", "Instead of …", "As a result of …", "Of course not"), and
"However" before a degree word is "no matter how" ("However much we try").

The sentence goes on in lowercase after the phrase: a capitalised function word there
("For example, When I travelled", "Likewise, The theory") is lowered (``RULE_CASE``), with
or without the comma. Only closed-class words of two letters or more are, never "I", a name
or an acronym.

Not among the default checkers: on documentation this is house style, as Harper's rule
is. ``wa correct``, which a writer asks to correct a text, runs it after the model
(``wa_core.ranking.fixed_last``); ``checkers = ["harper", "commas", "model"]`` adds it
to ``wa check`` and the language server.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from wa_core.checkers.base import Layer, Rule, register
from wa_core.document import Finding, ProseDocument, Severity, Span, Suggestion
from wa_core.sentences import sentence_spans

if TYPE_CHECKING:
    from wa_core.config import Config

NAME = "commas"
RULE = f"{NAME}/introductory-phrase"
RULE_CASE = f"{NAME}/capital-after-phrase"

INTRODUCTORY = (
    "additionally",
    "as a result",
    "consequently",
    "finally",
    "first of all",
    "firstly",
    "for example",
    "for instance",
    "fortunately",
    "furthermore",
    "however",
    "in addition",
    "in conclusion",
    "in fact",
    "in my opinion",
    "in my view",
    "in other words",
    "in summary",
    "in this case",
    "indeed",
    "instead",
    "lastly",
    "likewise",
    "meanwhile",
    "moreover",
    "nevertheless",
    "nonetheless",
    "nowadays",
    "of course",
    "on the other hand",
    "otherwise",
    "secondly",
    "similarly",
    "therefore",
    "thirdly",
    "to sum up",
    "ultimately",
    "unfortunately",
)
_CONTINUES = frozenset({"of", "to", "that", "not"})
# Words that go on a sentence in lowercase after its opening phrase: determiners, pronouns
# (never "I"), conjunctions that open a clause, prepositions; not "a", which may be a name
# ("However, A is larger than B").
_LOWER_AFTER = frozenset(
    {"the", "an", "this", "that", "these", "those", "some", "many", "most", "all", "each",
     "every", "no", "it", "its", "they", "their", "there", "we", "our", "he", "his", "she", "her",
     "you", "your", "one", "people", "when", "while", "if", "as", "because", "although", "since",
     "after", "before", "in", "on", "at", "for", "with", "by", "from", "what", "which", "who"}
)  # fmt: skip
_DEGREE = frozenset({"much", "many", "few", "little", "long", "hard", "often", "far", "well", "badly"})

# The phrase, capitalised as a sentence opens, then one space and the next word.
_OPENING = re.compile(
    r"(?P<phrase>(?:" + "|".join(re.escape(p) for p in sorted(INTRODUCTORY, key=len, reverse=True)) + r"))"
    r"(?P<comma>,?) (?P<next>[^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)


class IntroductoryCommaChecker:
    """Sentences that open with a listed phrase and no comma after it."""

    name = NAME
    layer = Layer.FAST

    def __init__(self, config: Config | None = None) -> None:
        del config  # nothing to configure: the rule is switched by the checkers list

    def check(self, doc: ProseDocument) -> list[Finding]:
        findings = []
        for sentence in sentence_spans(doc.prose):
            m = _OPENING.match(doc.prose, sentence.start, sentence.end)
            if m is None or not m.group("phrase")[0].isupper():
                continue
            phrase, word = m.group("phrase"), m.group("next")
            following = word.casefold()
            if following in _CONTINUES or (phrase.casefold() == "however" and following in _DEGREE):
                continue
            if not m.group("comma"):
                findings.append(
                    Finding(
                        Span(m.start("phrase"), m.end("phrase")),
                        RULE,
                        NAME,
                        Severity.INFO,
                        f"Put a comma after the opening phrase: “{phrase}, …”.",
                        (Suggestion.insert(","),),
                    )
                )
            if len(word) > 1 and word == word.capitalize() and following in _LOWER_AFTER:
                findings.append(
                    Finding(
                        Span(m.start("next"), m.end("next")),
                        RULE_CASE,
                        NAME,
                        Severity.INFO,
                        f"The sentence goes on in lowercase after “{phrase},”: “{following}”.",
                        (Suggestion.replace(following),),
                    )
                )
        return findings


def _rules(config: Config) -> list[Rule]:
    return [
        Rule(RULE, config.rule_enabled(RULE), "A comma after an opening phrase (“However”, “For example”)."),
        Rule(RULE_CASE, config.rule_enabled(RULE_CASE), "Lower case after such a phrase and its comma."),
    ]


@register(NAME, rules=_rules)
def _create(config: Config) -> IntroductoryCommaChecker:
    return IntroductoryCommaChecker(config)
