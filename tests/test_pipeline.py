"""The pipeline: mapping to the source, config filters, inline comments and merging."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from wa_core.checkers import base
from wa_core.checkers.base import CheckerUnavailable, Layer
from wa_core.config import Config
from wa_core.document import Finding, ProseBuilder, ProseDocument, Segment, Severity, Span, Suggestion
from wa_core.pipeline import Checkers, check_document, finalize, run_checkers, suppressions


@dataclass
class FakeChecker:
    """Reports every match of ``pattern`` in the prose as ``source/rule``."""

    pattern: str
    rule: str = "fake/Word"
    severity: Severity = Severity.WARNING
    fix: str | None = None
    name: str = "fake"
    layer: Layer = Layer.FAST

    def check(self, doc: ProseDocument) -> list[Finding]:
        suggestions = (Suggestion.replace(self.fix),) if self.fix is not None else ()
        return [
            Finding(
                Span(m.start(), m.end()), self.rule, self.name, self.severity, f"{m.group()}?", suggestions
            )
            for m in re.finditer(self.pattern, doc.prose)
        ]


def findings(source: str, *checkers: FakeChecker, config: Config | None = None) -> list[tuple[str, str]]:
    """(flagged source text, rule) for each finding of a plain-text document."""
    config = config or Config()
    doc = ProseDocument.plain(source)
    fast = [c for c in checkers if c.layer is Layer.FAST]
    model = [c for c in checkers if c.layer is Layer.MODEL]
    result = check_document(doc, config, Checkers(config, fast, model))  # type: ignore[arg-type]
    return [(f.span.of(source), f.rule) for f in result]


# --- mapping prose back to the source ---------------------------------------------------


def test_prose_spans_become_source_spans() -> None:
    source = "Use **teh** tool."
    prose = "Use teh tool."
    segments = (Segment(0, 4, 0, 4), Segment(4, 7, 6, 9), Segment(7, 13, 11, 17))
    doc = ProseDocument(source, prose, segments)
    [f] = run_checkers(doc, [FakeChecker("teh")])  # type: ignore[list-item]
    assert f.span.of(source) == "teh"


# --- config filters ---------------------------------------------------------------------


def test_vocabulary_words_are_never_findings() -> None:
    assert findings("Ask Zarr.", FakeChecker("Zarr"), config=Config(vocabulary=("zarr",))) == []


def test_ignore_patterns_drop_findings_inside_their_matches() -> None:
    config = Config(ignore=(r"v\d+\.\d+",))
    assert findings("Since v1.2 and v", FakeChecker(r"v[\d.]*"), config=config) == [("v", "fake/Word")]


def test_disabled_rules_are_dropped() -> None:
    assert findings("x", FakeChecker("x"), config=Config(disabled_rules=("fake/*",))) == []


def test_findings_below_min_severity_are_dropped() -> None:
    config = Config(min_severity=Severity.WARNING)
    info = FakeChecker("x", severity=Severity.INFO)
    assert findings("x", info, config=config) == []


# --- inline comments ----------------------------------------------------------------------


def test_markdown_comments_disable_and_enable_a_rule() -> None:
    source = "x\n<!-- wa-disable fake/Word -->\nx\n<!-- wa-enable fake/Word -->\nx\n"
    lines = [source[: m.start()].count("\n") for m in re.finditer("x", source)]
    assert lines == [0, 2, 4]
    checkers = Checkers(Config(), [FakeChecker("x")])  # type: ignore[list-item]
    result = check_document(ProseDocument.plain(source), Config(), checkers)
    assert [source[: f.span.start].count("\n") for f in result] == [0, 4]


def test_a_disable_without_rules_silences_every_rule_until_enable() -> None:
    source = "x y\n<!-- wa-disable -->\nx y\n<!-- wa-enable -->\nx y\n"
    result = findings(source, FakeChecker("x"), FakeChecker("y", rule="fake/Other"))
    assert len(result) == 4


def test_a_disable_only_names_its_rules() -> None:
    source = "<!-- wa-disable fake/Word -->\nx y\n"
    assert findings(source, FakeChecker("x"), FakeChecker("y", rule="fake/Other")) == [("y", "fake/Other")]


def test_latex_comments_disable_to_the_end_of_the_file() -> None:
    source = "x\n% wa-disable\nx\nx\n"
    assert findings(source, FakeChecker("x")) == [("x", "fake/Word")]


def test_disable_next_line_covers_only_the_next_line() -> None:
    source = "x\n% wa-disable-next-line fake/Word\nx\nx\n"
    checkers = Checkers(Config(), [FakeChecker(r"\bx\b")])  # type: ignore[list-item]
    result = check_document(ProseDocument.plain(source), Config(), checkers)
    assert [source[: f.span.start].count("\n") for f in result] == [0, 3]


def test_suppression_regions_are_parsed_from_any_comment_syntax() -> None:
    source = ".. wa-disable harper/SpellCheck, harper/AnA\ntext\n.. wa-enable harper/SpellCheck, harper/AnA\n"
    [region] = suppressions(source)
    assert region.rules == ("harper/SpellCheck", "harper/AnA")
    assert "text" in region.span.of(source)


# --- merging --------------------------------------------------------------------------------


def test_two_checkers_on_the_same_span_merge_into_one_finding() -> None:
    a = FakeChecker("teh", rule="a/Spelling", name="a", fix="the")
    b = FakeChecker("teh", rule="b/TYPO", name="b", fix="ten", severity=Severity.ERROR)
    doc = ProseDocument.plain("Use teh tool.")
    [f] = check_document(doc, Config(), Checkers(Config(), [a, b]))  # type: ignore[list-item]
    assert (f.rule, f.source, f.also_from) == ("a/Spelling", "a", ("b",))
    assert f.severity is Severity.ERROR
    assert f.suggestions == (Suggestion.replace("the"), Suggestion.replace("ten"))


def test_two_rules_of_one_checker_on_the_same_span_keep_the_first() -> None:
    result = findings("teh", FakeChecker("teh", rule="fake/A"), FakeChecker("teh", rule="fake/B"))
    assert result == [("teh", "fake/A")]


def test_a_model_finding_that_overlaps_a_rule_finding_is_dropped() -> None:
    rules = FakeChecker("teh tool")
    model = FakeChecker("tool", rule="model/word", name="model", layer=Layer.MODEL)
    other = FakeChecker("Use", rule="model/word", name="model", layer=Layer.MODEL)
    assert findings("Use teh tool.", rules, model, other) == [
        ("Use", "model/word"),
        ("teh tool", "fake/Word"),
    ]


def test_findings_come_out_sorted_by_position() -> None:
    result = findings("b a b a", FakeChecker("b", rule="fake/B"), FakeChecker("a", rule="fake/A"))
    assert result == [("b", "fake/B"), ("a", "fake/A"), ("b", "fake/B"), ("a", "fake/A")]


def test_finalize_accepts_layers_separately() -> None:
    doc = ProseDocument.plain("one two")
    fast = [Finding(Span(0, 3), "r/x", "r", Severity.WARNING, "m")]
    model = [Finding(Span(4, 7), "model/y", "model", Severity.WARNING, "m")]
    assert [f.rule for f in finalize(doc, Config(), fast, model)] == ["r/x", "model/y"]


# --- building checkers from config --------------------------------------------------------


def _unavailable(config: Config) -> FakeChecker:
    raise CheckerUnavailable("not here")


def _model(config: Config) -> FakeChecker:
    return FakeChecker("x", name="test-model", layer=Layer.MODEL)


@pytest.fixture(autouse=True)
def test_checkers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two registered checkers, for this module only."""
    monkeypatch.setitem(base._REGISTRY, "test-unavailable", _unavailable)
    monkeypatch.setitem(base._REGISTRY, "test-model", _model)


def names(checkers: Sequence[object]) -> list[str]:
    return [c.name for c in checkers]  # type: ignore[attr-defined]


def test_from_config_sorts_checkers_into_layers_and_records_unavailable_ones() -> None:
    config = Config(checkers=("harper", "test-model", "test-unavailable"))
    checkers = Checkers.from_config(config)
    assert names(checkers.fast) == ["harper"]
    assert names(checkers.model) == ["test-model"]
    assert checkers.unavailable == {"test-unavailable": "not here"}


def test_from_config_can_leave_the_model_layer_out() -> None:
    checkers = Checkers.from_config(Config(checkers=("harper", "test-model")), include_model=False)
    assert checkers.model == []


def test_an_unknown_checker_name_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown checker 'nope' \(available: .*harper"):
        Checkers.from_config(Config(checkers=("nope",)))


@dataclass
class ReversingRanker:
    """A model layer that finds nothing and prefers the last suggestion; records what it saw."""

    name: str = "ranker"
    layer: Layer = Layer.MODEL
    seen: list[str] = field(default_factory=list)

    def check(self, doc: ProseDocument) -> list[Finding]:
        return []

    def rank(self, docs: Sequence[ProseDocument], found: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
        self.seen.extend(
            doc.prose[f.span.start : f.span.end] for doc, fs in zip(docs, found, strict=True) for f in fs
        )
        return [[dataclasses.replace(f, suggestions=f.suggestions[::-1]) for f in fs] for fs in found]


def test_the_model_layer_ranks_the_rule_layers_suggestions_in_prose() -> None:
    b = ProseBuilder("A **teh** cat.", language="markdown")
    b.copy(0, 2)
    b.copy(4, 7)
    b.copy(9, 14)
    doc = b.build()
    assert doc.prose == "A teh cat."
    ranker = ReversingRanker()

    class TwoFixes(FakeChecker):
        def check(self, doc: ProseDocument) -> list[Finding]:
            return [
                dataclasses.replace(f, suggestions=(Suggestion.replace("the"), Suggestion.replace("tea")))
                for f in super().check(doc)
            ]

    checkers = Checkers(Config(), [TwoFixes("teh")], [ranker])  # type: ignore[list-item]
    (found,) = check_document(doc, Config(), checkers)
    assert ranker.seen == ["teh"]  # in prose
    assert found.span.of(doc.source) == "teh" and [s.text for s in found.suggestions] == ["tea", "the"]
