"""From a prose document to the findings a user sees.

Runs the configured checkers (fast layer first, model layer after), maps their prose
spans back to the source once, drops what the config or inline comments suppress,
and merges findings that several checkers made on the same span.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from wa_core.checkers.base import Checker, CheckerUnavailable, Layer, SuggestionRanker, create
from wa_core.config import Config, rule_matches
from wa_core.document import Finding, ProseDocument, Span, merge_findings

log = logging.getLogger("wa.pipeline")

# wa-disable, wa-enable and wa-disable-next-line, in any comment syntax:
# <!-- wa-disable harper/SpellCheck -->, % wa-disable, .. wa-disable, # wa-disable
_MARKER = re.compile(
    r"wa-(disable-next-line|disable|enable)\b([ \t]+[\w/*.,\- \t]*?)?(?=[ \t]*(?:-->|\*/|$))", re.M
)


@dataclass(frozen=True)
class Suppression:
    span: Span
    rules: tuple[str, ...]  # empty: every rule

    def covers(self, finding: Finding) -> bool:
        if not self.span.contains(finding.span):
            return False
        return not self.rules or any(rule_matches(finding.rule, p) for p in self.rules)


def suppressions(source: str) -> list[Suppression]:
    """Regions switched off by inline comments."""
    out: list[Suppression] = []
    open_regions: dict[tuple[str, ...], int] = {}
    for m in _MARKER.finditer(source):
        kind = m.group(1)
        rules = tuple(r for r in re.split(r"[\s,]+", (m.group(2) or "").strip()) if r)
        if kind == "disable-next-line":
            line_end = source.find("\n", m.end())
            if line_end < 0:
                continue
            next_end = source.find("\n", line_end + 1)
            out.append(Suppression(Span(line_end + 1, len(source) if next_end < 0 else next_end), rules))
        elif kind == "disable":
            open_regions.setdefault(rules, m.end())
        elif rules in open_regions:
            out.append(Suppression(Span(open_regions.pop(rules), m.start()), rules))
        elif not rules:  # a bare wa-enable closes every open region
            for key, start in open_regions.items():
                out.append(Suppression(Span(start, m.start()), key))
            open_regions.clear()
    for key, start in open_regions.items():  # disabled to the end of the file
        out.append(Suppression(Span(start, len(source)), key))
    return out


@dataclass
class Checkers:
    """The checkers a config asks for, built once and reused across documents."""

    config: Config
    fast: list[Checker] = field(default_factory=list)
    model: list[Checker] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Config, *, include_model: bool = True) -> Checkers:
        out = cls(config)
        for name in config.checkers:
            try:
                checker = create(name, config)
            except CheckerUnavailable as exc:
                out.unavailable[name] = str(exc)
                continue
            if checker.layer is Layer.MODEL:
                if include_model:
                    out.model.append(checker)
            else:
                out.fast.append(checker)
        return out


def prose_findings(doc: ProseDocument, checkers: Iterable[Checker]) -> list[Finding]:
    """Run checkers over the prose; their findings, in prose spans."""
    return [f for checker in checkers for f in checker.check(doc)]


def run_checkers(doc: ProseDocument, checkers: Iterable[Checker]) -> list[Finding]:
    """Run checkers over the prose and map their findings to source spans."""
    return to_source(doc, prose_findings(doc, checkers))


def to_source(doc: ProseDocument, findings: Iterable[Finding]) -> list[Finding]:
    """Findings with prose spans (as checkers report them) mapped to source spans."""
    return [_to_source(doc, f) for f in findings]


def _to_source(doc: ProseDocument, f: Finding) -> Finding:
    span = doc.to_source(f.span)
    return Finding(span, f.rule, f.source, f.severity, f.message, f.suggestions, f.also_from)


def finalize(
    doc: ProseDocument,
    config: Config,
    fast: Sequence[Finding],
    model: Sequence[Finding] = (),
) -> list[Finding]:
    """Filter source-span findings by config and inline comments; merge the layers."""
    if not fast and not model:
        return []
    keep = _keeper(doc, config)
    kept_fast = [f for f in fast if keep(f)]
    kept_model = [f for f in model if keep(f) and not any(f.span.overlaps(g.span) for g in kept_fast)]
    return merge_findings([*kept_fast, *kept_model])


def _keeper(doc: ProseDocument, config: Config) -> Callable[[Finding], bool]:
    """Whether a finding survives the config and inline comments; scans the source once."""
    vocabulary = {w.casefold() for w in config.vocabulary}
    ignored = [Span(m.start(), m.end()) for p in config.ignore_patterns for m in p.finditer(doc.source)]
    regions = suppressions(doc.source)

    def keep(f: Finding) -> bool:
        if f.severity < config.min_severity or not config.rule_enabled(f.rule):
            return False
        text = f.span.of(doc.source).strip()
        if text and text.casefold() in vocabulary:
            return False
        if any(r.contains(f.span) for r in ignored):
            return False
        return not any(s.covers(f) for s in regions)

    return keep


def ranked(
    docs: Sequence[ProseDocument], findings: Sequence[Sequence[Finding]], model: Iterable[Checker]
) -> list[list[Finding]]:
    """The rule layer's findings (prose spans) with their suggestions in the order the model
    layer prefers them, best first (``wa_core.ranking``); as they were without a model."""
    out = [list(f) for f in findings]
    for checker in model:
        if isinstance(checker, SuggestionRanker) and any(out):
            out = checker.rank(docs, out)
    return out


def check_document(doc: ProseDocument, config: Config, checkers: Checkers) -> list[Finding]:
    """Every finding for one document, fast and model layers together."""
    fast = prose_findings(doc, checkers.fast)
    model = run_checkers(doc, checkers.model)
    (fast,) = ranked([doc], [fast], checkers.model)
    return finalize(doc, config, to_source(doc, fast), model)
