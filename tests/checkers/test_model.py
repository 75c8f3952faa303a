"""The model checker on a scripted engine: findings, guards, batching, and a missing model."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from wa_core.checkers.base import CheckerUnavailable, Layer, create
from wa_core.checkers.model import ModelChecker
from wa_core.config import Config, ModelSettings
from wa_core.document import (
    EditKind,
    Finding,
    ProseBuilder,
    ProseDocument,
    Severity,
    Span,
    Suggestion,
    apply_suggestions,
)
from wa_core.engine.model import Correction
from wa_core.models.manifest import ModelError
from wa_core.parsers import parse
from wa_core.pipeline import Checkers


class ScriptedEngine:
    """Answers ``correct`` from a table; records every batch it was asked."""

    def __init__(self, answers: dict[str, str], looks: dict[str, str] | None = None) -> None:
        self.answers = answers
        self.looks = looks or {}  # second_look's answers
        self.batches: list[list[str]] = []
        self.looked: list[list[str]] = []
        self.options: dict[str, float | bool | None] = {}

    def correct(
        self,
        sentences: Sequence[str],
        *,
        margin: float | None = 1.0,
        max_change: float | None = None,
        confusions: bool = False,
    ) -> list[Correction]:
        self.batches.append(list(sentences))
        self.options = {"margin": margin, "max_change": max_change, "confusions": confusions}
        return [Correction(s, self.answers.get(s, s)) for s in sentences]

    def second_look(self, sentences: Sequence[str]) -> list[str]:
        self.looked.append(list(sentences))
        return [self.looks.get(s, s) for s in sentences]

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """Answers in the table score 0, any other -1."""
        return [0.0 if self.answers.get(s) == a else -1.0 for s, a in pairs]


def checker(answers: dict[str, str], **settings: float | bool) -> tuple[ModelChecker, ScriptedEngine]:
    engine = ScriptedEngine(answers)
    return ModelChecker(
        lambda: engine, ModelSettings(**settings), vocabulary=("PostgreSQL", "wa core")
    ), engine  # type: ignore[arg-type, return-value]


def reported(corrections: dict[str, str]) -> list[tuple[str, list[str]]]:
    """What the checker reports on the sentences, each corrected as given: (text, replacements)."""
    check, _ = checker(corrections)
    text = " ".join(corrections)
    return [(f.span.of(text), f.replacements(text)) for f in check.check(ProseDocument.plain(text))]


def fixed(text: str, findings: list[Finding]) -> str:
    return apply_suggestions(text, [(f.span, f.replacements(text)[0]) for f in findings])


def test_findings_are_minimal_edits_with_replacements() -> None:
    text = "Fine sentence here.  She go to school every days. Another fine one here."
    check, _ = checker({"She go to school every days.": "She goes to school every day."})
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.rule, f.replacements(text)) for f in findings] == [
        ("go", "model/agreement", ["goes"]),
        ("days", "model/agreement", ["day"]),
    ]
    assert all(f.source == "model" and f.severity is Severity.WARNING for f in findings)
    assert findings[0].message == "Agreement: “go” → “goes”"
    assert fixed(text, findings) == text.replace(
        "She go to school every days.", "She goes to school every day."
    )


def test_insertions_and_removals() -> None:
    text = "I went store yesterday. We saw it it today."
    check, _ = checker(
        {
            "I went store yesterday.": "I went to the store yesterday.",
            "We saw it it today.": "We saw it today.",
        }
    )
    findings = check.check(ProseDocument.plain(text))
    kinds = [(f.rule, f.suggestions[0].kind) for f in findings]
    assert kinds == [("model/missing-word", EditKind.INSERT), ("model/extra-word", EditKind.REMOVE)]
    assert findings[0].message == "Missing word: add “to the”"
    assert fixed(text, findings) == "I went to the store yesterday. We saw it today."


def test_check_many_sends_every_sentence_in_one_batch() -> None:
    check, engine = checker({"This are wrong here.": "This is wrong here."})
    docs = [
        ProseDocument.plain("This are wrong here. Second sentence is fine."),
        ProseDocument.plain("This are wrong here."),
    ]
    results = check.check_many(docs)
    assert len(engine.batches) == 1 and len(engine.batches[0]) == 3
    assert [[f.rule for f in r] for r in results] == [["model/agreement"], ["model/agreement"]]


def test_short_fragments_and_symbols_are_not_sent() -> None:
    check, engine = checker({})
    assert check.check(ProseDocument.plain("Introduction\n\nSee above.\n\n$ 42 %")) == []
    assert engine.batches == []


def test_a_sentence_quoting_another_script_is_not_sent_but_greek_symbols_are() -> None:
    check, engine = checker({})
    text = "It becomes a target comma and 载誉 / honors into have.\n\nBoth ρ and τ worked well here."
    check.check(ProseDocument.plain(text))
    assert engine.batches == [["Both ρ and τ worked well here."]]


def test_the_engine_applies_the_configured_guards() -> None:
    check, engine = checker({}, margin=2.5, max_change=0.3)
    check.check(ProseDocument.plain("The cat sat on the mat today."))
    assert engine.options == {"margin": 2.5, "max_change": 0.3, "confusions": True}
    check, engine = checker({}, confusions=False)
    check.check(ProseDocument.plain("The cat sat on the mat today."))
    assert engine.options["confusions"] is False


def test_vocabulary_words_are_never_edited() -> None:
    text = "We store it in PostgreSQL every days."
    check, _ = checker({text: "We store it in Postgres every day."})
    findings = check.check(ProseDocument.plain(text))
    assert [f.span.of(text) for f in findings] == ["days"]
    text2 = "The Wa Core module are small."
    check2, _ = checker({text2: "The WA Core modules is small."})
    assert [f.span.of(text2) for f in check2.check(ProseDocument.plain(text2))] == ["module", "are"]


def test_placeholders_are_never_edited() -> None:
    # "The value $x$ are big." with the math replaced by a placeholder word, as parsers do.
    source = "The value $x$ are big, said the author."
    b = ProseBuilder(source, language="latex")
    b.copy(0, 10)
    b.substitute(10, 13, "Dummy0")
    b.copy(13, len(source))
    doc = b.build()
    assert doc.prose == "The value Dummy0 are big, said the author."
    check, _ = checker({doc.prose: "The value Dummy1 is big, said the author."})
    findings = check.check(doc)
    assert [f.span.of(doc.prose) for f in findings] == ["are"]
    assert doc.to_source(findings[0].span).of(source) == "are"
    # a correction that puts the placeholder word anywhere else misread the sentence
    check, _ = checker({doc.prose: "The value Dummy0 is big, said Dummy0 the author."})
    assert check.check(doc) == []


def test_spans_are_prose_code_points_after_emoji() -> None:
    text = "🎉🎉 Party time. Café owners was happy 👍🏽 today."
    check, _ = checker({"Café owners was happy 👍🏽 today.": "Café owners were happy 👍🏽 today."})
    (finding,) = check.check(ProseDocument.plain(text))
    assert finding.span.of(text) == "was" and finding.span.start == text.index("was")


def test_engine_failure_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> ScriptedEngine:
        raise RuntimeError("weights unreadable")

    check = ModelChecker(broken)  # type: ignore[arg-type]
    assert check.check(ProseDocument.plain("This are a sentence here.")) == []
    assert check.check(ProseDocument.plain("This are a sentence here.")) == []
    assert [r.message for r in caplog.records].count("model checker disabled: weights unreadable") == 1


@pytest.mark.parametrize(
    ("damaged", "command"),
    [
        (False, "no model built: run `wa models build`"),  # nothing there
        (True, "run `wa models build --force`"),  # a manifest without its model
    ],
)
def test_a_missing_or_damaged_model_makes_the_checker_unavailable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damaged: bool, command: str
) -> None:
    monkeypatch.setenv("WA_MODEL_DIR", str(tmp_path))
    if damaged:
        (tmp_path / "default").mkdir()
        (tmp_path / "default" / "manifest.json").write_text(json.dumps({"name": "default"}))
    with pytest.raises(CheckerUnavailable) as unavailable:
        create("model", Config())
    assert str(unavailable.value).endswith(command)  # the message ends with the command that fixes it
    checkers = Checkers.from_config(Config(checkers=("model",)))
    assert checkers.model == [] and checkers.unavailable["model"].endswith(command)


def test_checker_identity() -> None:
    check, _ = checker({})
    assert check.name == "model" and check.layer is Layer.MODEL


def test_fragments_are_left_to_the_rules() -> None:
    item = "Versatile API for byte streams and object streams"
    heading = "Security contact information"
    check, engine = checker({item: item + ".", heading: heading + "."})
    assert check.check(ProseDocument.plain(f"{item}\n\n{heading}")) == []
    assert engine.batches == []  # nothing worth a model call
    # a sentence with its own final punctuation is checked, closing quotes or brackets or not
    text = "We leaves early (as planned.)"
    check, _ = checker({text: "We leave early (as planned.)"})
    assert [f.rule for f in check.check(ProseDocument.plain(text))] == ["model/agreement"]
    # and so is one that leads into a list or a code block with a colon
    text = "Run the wizard, which ask for a name:"
    check, _ = checker({text: "Run the wizard, which asks for a name:"})
    assert [f.rule for f in check.check(ProseDocument.plain(text))] == ["model/agreement"]


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("and answer the questions it asks.", "And answer the questions it asks."),
        ("🔖 local disk caching is on by default.", "🔖 Local disk caching is on by default."),
        ("* estimation based on our own tests.", "* Estimation based on our own tests."),
        (
            "Security notice: one should only load trusted data.",
            "Security notice: One should only load trusted data.",
        ),
        ("TL;DR — run the worker in production.", "TL;DR — Run the worker in production."),
        (
            "It took 6.64 s with the default worker), more than 6x faster.",
            "It took 6.64 s with the default worker), More than 6x faster.",
        ),
    ],
)
def test_a_sentence_written_in_lower_case_keeps_its_case(text: str, correction: str) -> None:
    check, _ = checker({text: correction})
    assert check.check(ProseDocument.plain(text)) == []


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("We saw it in paris last year.", "We saw it in Paris last year."),
        ("Then i saw it in Paris.", "Then I saw it in Paris."),
    ],
)
def test_a_lower_case_name_inside_a_sentence_is_capitalised(text: str, correction: str) -> None:
    check, _ = checker({text: correction})
    assert [f.rule for f in check.check(ProseDocument.plain(text))] == ["model/capitalization"]


def test_terse_writing_and_house_style_are_left_alone() -> None:
    """No article added or removed, no comma added or removed, no capitalised word (a name, a
    term) lower-cased, no emoji touched."""
    corrections = {
        "Returns length of found pattern.": "Returns the length of the found pattern.",
        "For example we use torch Tensors here.": "For example, we use torch tensors here.",
        "We fund it while paying the maintainers.": "We fund it while paying maintainers.",
        "We offer consulting, training and advice.": "We offer consulting training and advice.",
        "The CLI produce easily usable results.": "The CLI produces easily usable results.",
        "First published version, Happy 🍰 Day 2018!": "First published version, Happy Day 2018!",
        "Less time reading docs.": "Less time reading the documentation.",  # an article, in disguise
        "It is not hamstrung by designs of yore.": "It is not hamstrung by the design of yore.",
    }
    assert reported(corrections) == [("produce", ["produces"])]  # a real error in the same text still is


def test_a_sentence_is_not_ended_early_nor_a_quotation_or_bracket_left_open() -> None:
    """A full stop before a word that goes on in lower case splits a sentence that does not end
    there; a quotation mark or a bracket added or removed leaves a quotation or an aside open.
    A stop before a capital, or after an abbreviation, may be a real fix."""
    corrections = {
        'A phrase ("e.g.": see below) gets a comma.': 'A phrase ("e.g.": see below). gets a comma.',
        'It says "have", not "model has" here.': 'It says "model has" here.',
        'Most are terms (such as "tarfile", "sdist").': 'Most are terms such as "tarfile", "sdist".',
        "The list [one, two is here.": "The list [one, two] is here.",
        "We went home we slept there.": "We went home. We slept there.",
        "We sell pears etc and other fruit.": "We sell pears etc. and other fruit.",
    }
    assert reported(corrections) == [(" we", [". We"]), ("etc", ["etc."])]


def test_a_word_that_carries_meaning_is_not_removed_unless_it_repeats() -> None:
    """Removing a verb, noun or adverb rewrites the sentence; a repeated word or a function word
    ("they it works", "more faster") may go."""
    corrections = {
        "To restore, pick a snapshot from the list.": "To restore a snapshot from the list.",
        "The project user documentation is here.": "The user documentation is here.",
        "These decisions are sometimes broken.": "These decisions are broken.",
        "Run the tool tool again.": "Run the tool again.",
        "This one is more faster than that.": "This one is faster than that.",
        "My brother he works here.": "My brother works here.",
    }
    assert reported(corrections) == [(" tool", [""]), (" more", [""]), (" he", [""])]


def test_a_negation_is_never_removed_unless_it_repeats() -> None:
    """Removing "not" or "never" says the opposite of what the writer wrote ("does not and will
    not support" → "does not support" reads as a correction, "is not supported" → "is
    supported" is none); "not not" may lose one."""
    corrections = {
        "It does not and will not support PyPy.": "It does not support PyPy.",
        "It is never not ready.": "It is ready.",
        "It is not not ready.": "It is not ready.",
    }
    assert reported(corrections) == [(" not", [""])]


def test_a_negation_is_never_added() -> None:
    """Adding "not" says the opposite of what the writer wrote ("do not open an issue, as this
    notifies attackers" → "does not notify")."""
    corrections = {
        "Do not post it, as this notifies attackers.": "Do not post it, as this does not notify attackers.",
        "He go home.": "He goes home.",
    }
    assert reported(corrections) == [("go", ["goes"])]


def test_a_part_of_a_hyphenated_word_keeps_its_number_and_case() -> None:
    """A word joined to another by a hyphen is part of a name or a compound ("the
    follow-redirects package", "load-balances", "python-ideas"): its number and capitals are
    the compound's. A verb form inside one ("self-contain" → "self-contained") is still reported."""
    corrections = {
        "The follow-redirects package buffers it.": "The follow-redirect package buffers it.",
        "It starts processes and load-balances queries.": "It starts processes and loads-balances queries.",
        "Post it on the python-ideas list.": "Post it on the Python-ideas list.",
        "It has a self-contain design.": "It has a self-contained design.",
    }
    assert reported(corrections) == [("contain", ["contained"])]


def test_a_word_the_sentence_already_has_next_is_not_added() -> None:
    """A word that carries meaning added where the writer wrote it just after the edit ("is fully
    PyPy compatible" → "is fully compatible with PyPy compatible") misread where it stands; a
    preposition may stand twice."""
    corrections = {
        "The pure implementation is fully PyPy compatible.": (
            "The pure implementation is fully compatible with PyPy compatible."
        ),
        "If you want use it, call it.": "If you want to use it, call it.",
        "He sat the chair on the left.": "He sat on the chair on the left.",  # "on" twice
    }
    assert reported(corrections) == [("want", ["want to"]), ("sat", ["sat on"])]


def test_a_verb_left_out_after_its_first_use_is_not_added_back() -> None:
    """A second clause that shares the first's verb ("Printing is slower and the output
    larger") leaves it out on purpose (gapping); "The output larger." lacks one."""
    corrections = {
        "Printing is slower and the output larger.": "Printing is slower and the output is larger.",
        "The files were read and the tables written.": "The files were read and the tables were written.",
        "The output larger than the input.": "The output is larger than the input.",
    }
    assert reported(corrections) == [("output", ["output is"])]


def test_a_word_that_carries_meaning_is_not_swapped_for_a_synonym() -> None:
    """One content word for another that is neither its form nor its spelling is style; a swap
    of function words ("much" → "many") or of several words is still a correction."""
    corrections = {
        "It has several skillful engineers.": "It has several skilled engineers.",
        "It raises a neater error.": "It raises a nicer error.",
        "There is much errors in it.": "There are many errors in it.",
        "This may require to upgrade pip.": "This may require upgrading pip.",
    }
    assert reported(corrections) == [
        ("is", ["are"]),
        ("much", ["many"]),
        ("to upgrade", ["upgrading"]),
    ]


def test_a_phrase_is_not_reworded_into_another_meaning() -> None:
    """Words for fewer or more words where one that carries meaning is lost in every form
    ("compatible") read the phrase as something else; a new form of the same word stays."""
    corrections = {
        "It has a broadly requests-compatible API.": "It has a broadly requested API.",
        "This may require to upgrade pip.": "This may require upgrading pip.",
    }
    assert reported(corrections) == [("to upgrade", ["upgrading"])]


def test_the_preposition_of_a_fixed_phrase_stays() -> None:
    """A fixed phrase keeps its preposition ("for instance", "by default"); "discuss about" may lose it."""
    corrections = {
        "It works with PyMySQL for instance.": "It works with PyMySQL instance.",
        "It is on by default.": "It is on as default.",
        "We discuss about the plan.": "We discuss the plan.",
    }
    assert reported(corrections) == [(" about", [""])]


def test_a_term_its_document_repeats_is_not_read_as_a_verb_and_its_object() -> None:
    """Three times in one document, "include directories" is a term, whose first word given a
    verb form misreads it; a phrase written once may still be an error."""
    corrections = {
        "Targets list their include directories.": "Targets list their include directories.",
        "Each target exports its include directories.": "Each target exports its include directories.",
        "They become include directories of users.": "They become included directories of users.",
        "Include directories require care.": "Include directories requiring care.",
        "He enjoys use tools.": "He enjoys using tools.",
        "They are not here.": "They are not here.",
        "They are not there.": "They are not there.",
        "The files are not add.": "The files are not added.",  # "are not", however often, is no term
    }
    assert reported(corrections) == [("use", ["using"]), ("add", ["added"])]


def test_a_phrase_the_writer_never_wrote_is_not_added() -> None:
    """More than three words added: the model wrote something of its own, not a correction."""
    corrections = {
        "It addresses incompleteness in the knowledge base.": (
            "It addresses incompleteness in 5 different benchmark datasets for the knowledge base."
        ),
        "We went school on Monday.": "We went to the school on Monday.",
    }
    assert reported(corrections) == [("went", ["went to the"])]  # two words: a correction


def test_an_enumerations_conjunction_before_its_last_label_stays() -> None:
    """The "and" before "[4]" or "(d)" joins a labelled list; a doubled "and" still goes."""
    corrections = {
        "It covers [3] selectional preference, and [4] semantic prosody.": (
            "It covers [3] selectional preference, [4] semantic prosody."
        ),
        "Pick (a) a tool, (b) a model, or (c) a rule.": "Pick (a) a tool, (b) a model, (c) a rule.",
        "We ran it and and it worked.": "We ran it and it worked.",
    }
    assert reported(corrections) == [(" and", [""])]


def test_the_article_of_a_word_read_by_its_letters_stays() -> None:
    """The article of a word read by its letters' names ("an NDK", "an ndk", "an rpath") is
    the one the model swaps, reading the word as one; a wrong article is still reported."""
    corrections = {
        "It is available to an ndk build system.": "It is available to a ndk build system.",
        "It uses an NDK and an rpath.": "It uses a NDK and a rpath.",
        "He ate a apple.": "He ate an apple.",
    }
    assert reported(corrections) == [("a", ["an"])]


def test_a_closing_too_is_the_writers_own() -> None:
    """The "too" or "also" that ends a sentence or a clause adds to it, whatever the model makes of it;
    one inside it may be extra, and a closing "to" is a slip for "too"."""
    corrections = {
        "Walk into what git ignores too.": "Walk into what git ignores.",
        "It works on Windows also.": "It works on Windows.",
        "Other languages work for assembly too.": "Other languages work for assembly to.",
        "It did something else too: it made a file.": "It did something else to: it made a file.",
        "It is too much expensive.": "It is much expensive.",
        "I want to go there to.": "I want to go there too.",
    }
    assert reported(corrections) == [(" too", [""]), ("to", ["too"])]


def test_a_correction_with_more_than_four_edits_rewrote_the_sentence() -> None:
    corrections = {
        "Cell magics are run if they are known magics and they work.": (
            "Cell magic is run if it is a known magic and it works."
        ),
        "She go to school every days and she like it.": "She goes to school every day and she likes it.",
    }
    assert reported(corrections) == [("go", ["goes"]), ("days", ["day"]), ("like", ["likes"])]


def test_a_correction_none_of_whose_edits_stand_gets_a_second_look_at_the_sentence() -> None:
    """The second look at agreement reads the sentence as written when the guards leave
    nothing of its correction; a sentence with a finding already, or none changed, is not
    looked at again."""
    text = "Restoring overwrite the data. She go home. It is fine."
    engine = ScriptedEngine(
        {
            "Restoring overwrite the data.": "Restoring the overwrite the data.",  # an article: dropped
            "She go home.": "She goes home.",
        },
        looks={"Restoring overwrite the data.": "Restoring overwrites the data."},
    )
    check = ModelChecker(lambda: engine, ModelSettings())  # type: ignore[arg-type, return-value]
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.replacements(text)) for f in findings] == [
        ("overwrite", ["overwrites"]),
        ("go", ["goes"]),
    ]
    assert engine.looked == [["Restoring overwrite the data."]]
    engine.looked.clear()
    check = ModelChecker(lambda: engine, ModelSettings(confusions=False))  # type: ignore[arg-type, return-value]
    assert [f.span.of(text) for f in check.check(ProseDocument.plain(text))] == ["go"]
    assert engine.looked == []


def test_a_name_that_looks_plural_keeps_its_verb() -> None:
    """A capitalised word written capitalised inside a sentence elsewhere is a name ("Transformers",
    "Requests"): as a sentence's subject its verb stays singular. A heading's title case makes
    no name, and a plural that only opens sentences is no name."""
    corrections = {
        "Transformers adds new architectures.": "Transformers add new architectures.",
        "Requests officially supports Python.": "Requests officially support Python.",
        "Transformers is designed to be read.": "Transformers are designed to be read.",
        "We like Transformers and Requests.": "We like Transformers and Requests.",
        "Users reports that it works.": "Users report that it works.",
    }
    text = "For Users\n\n" + " ".join(corrections)
    check, _ = checker(corrections)
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.replacements(text)) for f in findings] == [("reports", ["report"])]


def test_a_lower_case_name_the_document_writes_as_code_keeps_its_verb() -> None:
    """A word that looks plural and that the document also writes as code is a package's name
    ("environs", "requests"): its verb stays singular, after it or after a "which" that refers
    to it. A plural the document never writes as code is still a plural."""
    corrections = {
        "See the projects that environs is using.": "See the projects that environs are using.",
        "Try requests which has OAuth support.": "Try requests which have OAuth support.",
        "Our settings is loaded first.": "Our settings are loaded first.",
    }
    source = "Install `environs` and `requests` first.\n\n" + " ".join(corrections)
    check, _ = checker(corrections)
    doc = parse(source, language="markdown")
    findings = check.check(doc)
    assert [(f.span.of(doc.prose), f.replacements(doc.prose)) for f in findings] == [("is", ["are"])]


def test_a_verb_whose_subject_is_a_placeholder_for_several_keeps_its_number() -> None:
    """The model takes a placeholder word for one thing: a verb it makes singular keeps the
    writer's number when its clause's subject is a placeholder for what looks plural
    (``<commands>``, ``VARS``, "the recorded ``<commands>``") or one that modifies a plural
    ("The ``add`` commands"). Made
    plural, after a placeholder for one thing (``<key>``, ``<status>``) or after a subject
    without one, a verb is still corrected."""
    source = (
        "The ``<commands>`` in the body are recorded. Check that ``VARS`` contain values. "
        "The ``add`` commands create rules. ``A`` and ``B`` has gone. ``<key>`` specify the path. "
        "``<status>`` say it failed. The recorded ``<commands>`` are run. The tool return it."
    )
    doc = parse(source, language="restructuredtext")
    corrections = {
        "The Code in the body are recorded.": "The Code in the body is recorded.",
        "Check that Code contain values.": "Check that Code contains values.",
        "The Code commands create rules.": "The Code commands creates rules.",
        "Code and Code has gone.": "Code and Code have gone.",
        "Code specify the path.": "Code specifies the path.",
        "Code say it failed.": "Code says it failed.",
        "The recorded Code are run.": "The recorded Code is run.",
        "The tool return it.": "The tool returns it.",
    }
    assert " ".join(corrections) == doc.prose
    check, _ = checker(corrections)
    assert [(f.span.of(doc.prose), f.replacements(doc.prose)) for f in check.check(doc)] == [
        ("has", ["have"]),
        ("specify", ["specifies"]),
        ("say", ["says"]),
        ("return", ["returns"]),
    ]


@pytest.mark.parametrize(
    ("sentence", "corrected"),
    [
        ("It writes the file(s) to disk.", "It writes the files(s) to disk."),
        ("It writes the file(s) to disk.", "It writes the files to disk."),
        ("The match(es) are kept.", "The matches(es) are kept."),
    ],
    ids=["made-plural", "brackets-dropped", "es"],
)
def test_a_noun_with_an_optional_plural_keeps_its_number(sentence: str, corrected: str) -> None:
    check, _ = checker({sentence: corrected})
    assert check.check(ProseDocument.plain(sentence)) == []


def test_a_subject_and_its_verb_given_the_other_number_together_is_no_correction() -> None:
    """ "These include" and "This include" read alike to the model, which may give both words
    the other number; where they agreed that is no correction. Where the verb did not agree
    with its subject, or the noun alone is renumbered, it is."""
    corrections = {
        "These include the build files.": "This includes the build files.",
        "These files need a path.": "This file needs a path.",
        "This is the default.": "These are the default.",
        "These files needs a path.": "These files need a path.",
        "This file are kept.": "These files are kept.",
    }
    text = " ".join(corrections)
    check, _ = checker(corrections)
    assert [(f.span.of(text), f.replacements(text)) for f in check.check(ProseDocument.plain(text))] == [
        ("needs", ["need"]),
        ("This", ["These"]),
        ("file", ["files"]),
    ]


def test_a_plural_noun_is_made_singular_only_where_one_thing_is_meant() -> None:
    """After a determiner or a preposition ("ignore the targets property", "of the tests"), a
    plural means several, and the model's singular is not reported; after "a" or "each", or
    before "is", it is, and so is a verb's -s after its subject."""
    corrections = {
        "Vendors may ignore the targets property.": "Vendors may ignore the target property.",
        "Set a property of the tests.": "Set a property of the test.",
        "It copies a files to disk.": "It copies a file to disk.",
        "Give each students a book.": "Give each student a book.",
        "I think the results is wrong.": "I think the result is wrong.",
        "The tools runs fast.": "The tools run fast.",
    }
    assert reported(corrections) == [
        ("files", ["file"]),
        ("students", ["student"]),
        ("results", ["result"]),
        ("runs", ["run"]),
    ]


def test_a_removal_kept_back_still_shows_the_sentence_was_misread() -> None:
    """A correction that drops a heading's words ("AI Accessibility:") misread its sentence: its
    other edits go with it, as they did before such removals were held back."""
    assert (
        reported(
            {
                "AI Accessibility: AI tools have an easier way understanding it.": (
                    "AI tools have an easier way to understand it."
                )
            }
        )
        == []
    )


def test_names_are_not_spell_corrected_by_the_model() -> None:
    text = "Tidelift will coordinate the fix and the relase."
    check, _ = checker({text: "Tiderift will coordinate the fix and the release."})
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.replacements(text)) for f in findings] == [("relase", ["release"])]


@pytest.mark.parametrize(
    ("sentence", "correction"),
    [
        ("Ask on discuss.python.org today.", "Ask on discuss python.org today."),
        ("Since version 3.5.3 the tool works well.", "Since version 3.5 the tool works well."),
        ("All _attrs_ classes are converted into dicts.", "All classes are converted into dicts."),
        ("The zones biz|com|edu are accepted here.", "The zones business|com|edu are accepted here."),
    ],
)
def test_tokens_written_like_code_are_left_alone(sentence: str, correction: str) -> None:
    check, _ = checker({sentence: correction})
    assert check.check(ProseDocument.plain(sentence)) == []


def test_a_correction_that_changes_a_name_is_dropped_whole() -> None:
    misread = "Then fsspec uses GitHub Actions and it run the tests."
    plain = "Then the suite uses GitHub Actions and it run the tests."
    engine = ScriptedEngine(
        {
            misread: "Then specs use GitHub Actions and it runs the tests.",
            plain: "Then the suite uses GitHub Actions and it runs the tests.",
        }
    )
    names = {"fsspec"}
    check = ModelChecker(lambda: engine, ModelSettings(), unknown_words=lambda ws: ws & names)  # type: ignore[arg-type, return-value]
    assert check.check(ProseDocument.plain(misread)) == []
    findings = check.check(ProseDocument.plain(plain))
    assert [(f.span.of(plain), f.replacements(plain)) for f in findings] == [("run", ["runs"])]


def test_a_word_the_dictionary_lacks_may_still_be_inflected() -> None:
    """A British spelling the American dictionary lacks is a word, not a name: its agreement
    stands; respelling it does not."""
    text = "The estimator minimise a loss. The tool uses typeshed stubs."
    engine = ScriptedEngine(
        {
            "The estimator minimise a loss.": "The estimator minimises a loss.",
            "The tool uses typeshed stubs.": "The tool uses typed stubs.",
        }
    )
    unknown = {"minimise", "typeshed"}
    check = ModelChecker(lambda: engine, ModelSettings(), unknown_words=lambda ws: ws & unknown)  # type: ignore[arg-type, return-value]
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.replacements(text)) for f in findings] == [("minimise", ["minimises"])]


def test_a_known_word_made_another_is_no_spelling_mistake() -> None:
    """A word the dictionary knows, made one more than a slip away, is a word the model
    preferred ("unsets" → "sets", "sensitively" → "sensitive"); a known word written for
    another by a slip ("form" for "from", "than" for "then") or for one that sounds alike
    ("their" for "there", "your" for "you're") is still found."""
    corrections = {
        "This option unsets the variables.": "This option sets the variables.",
        "Paths are compared case sensitively here.": "Paths are compared case sensitive here.",
        "It runs for the source files form the list.": "It runs for the source files from the list.",
        "It builds and than runs.": "It builds and then runs.",
        "Put it their and wait.": "Put it there and wait.",
        "If your done, stop.": "If you're done, stop.",
    }
    engine = ScriptedEngine(corrections)
    unknown = {"recieve"}  # the dictionary works: it lacks a misspelling
    check = ModelChecker(lambda: engine, ModelSettings(), unknown_words=lambda ws: ws & unknown)  # type: ignore[arg-type, return-value]
    text = " ".join(corrections)
    findings = check.check(ProseDocument.plain(text))
    assert [(f.rule, f.span.of(text), f.replacements(text)) for f in findings] == [
        ("model/spelling", "form", ["from"]),
        ("model/spelling", "than", ["then"]),
        ("model/spelling", "their", ["there"]),
        ("model/spelling", "your", ["you're"]),
    ]


def test_the_real_dictionary_knows_english_and_not_package_names() -> None:
    from wa_core.checkers.harper import linter_for

    words = {"fsspec", "cattrs", "typeshed", "inspectable", "tests", "run", "backend"}
    # "typeshed" and "inspectable" are unknown too, though Harper files them under SplitWords
    assert linter_for(Config()).unknown_words(words) == {"fsspec", "cattrs", "typeshed", "inspectable"}


def test_a_correction_that_changes_a_capitalised_word_inside_the_sentence_is_dropped_whole() -> None:
    titled = "It is tested with Hypothesis, by David and it run fast."
    corrections = {
        titled: "It is tested with the hypothesis by David and it runs fast.",
        "Readed files are kept.": "Read files are kept.",  # the first word is no name
        "Then I goes home.": "Then he goes home.",  # nor is "I"
    }
    check, _ = checker(corrections)
    assert check.check(ProseDocument.plain(titled)) == []
    text = " ".join(list(corrections)[1:])
    findings = check.check(ProseDocument.plain(text))
    assert [(f.span.of(text), f.replacements(text)) for f in findings] == [
        ("Readed", ["Read"]),
        ("I", ["he"]),
    ]
    item = "* Is the files kept?"  # nor is the first word after a marker
    check, _ = checker({item: "* Are the files kept?"})
    findings = check.check(ProseDocument.plain(item))
    assert [(f.span.of(item), f.replacements(item)) for f in findings] == [("Is", ["Are"])]


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("Estimation is based on our own tests.", "estimation is based on our own tests."),
        ("* Estimation is based on our own tests.", "* estimation is based on our own tests."),
        ("Security notice: One should load trusted data.", "Security notice: one should load trusted data."),
        ("We use torch Tensors in this module.", "We use torch tensors in this module."),
    ],
)
def test_a_capital_is_never_taken_away(text: str, correction: str) -> None:
    """The capital a sentence starts with (after any marker or colon), or a name's or a term's."""
    check, _ = checker({text: correction})
    assert check.check(ProseDocument.plain(text)) == []


def test_sentences_in_capitals_are_not_sent_to_the_model() -> None:
    licence = "THE SOFTWARE IS PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND, ARISING FROM, OUT OF THE USE."
    check, engine = checker({licence: licence.replace("FROM,", "FROM")})
    assert check.check(ProseDocument.plain(licence)) == []
    assert engine.batches == []


def test_rank_orders_other_checkers_suggestions_as_the_model_prefers() -> None:
    text = "The hall fell into siences. We study siences."
    first, second = (text.index("siences"), text.rindex("siences"))
    spelling = [
        Finding(Span(i, i + 7), "harper/SpellCheck", "harper", Severity.WARNING, "siences?", options)
        for i in (first, second)
        for options in [(Suggestion.replace("sciences"), Suggestion.replace("silences"))]
    ]
    check, _ = checker({"The hall fell into siences.": "The hall fell into silences."})
    (ranked,) = check.rank([ProseDocument.plain(text)], [spelling])
    assert [f.suggestions[0].text for f in ranked] == ["silences", "sciences"]
    broken = ModelChecker(lambda: (_ for _ in ()).throw(ModelError("gone")))  # no engine: as they were
    assert broken.rank([ProseDocument.plain(text)], [spelling]) == [spelling]
