"""Annotated documents checked end to end with wa's default rules (Harper, no model).

Each file in ``docs/`` is a template:

- ``[[wrong|fix]]`` is a planted error the rule layer must find;
- ``((wrong|fix))`` is a planted error beyond the rules (for the model layer; not asserted);
- ``«text»`` is a span that must be left alone (code, math, citation keys, names).

The marks are removed before checking, so offsets refer to the rendered document.
Besides the planted errors, the documents are written clean: the exact finding count
per document catches new false alarms as surely as lost detections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from wa_core.config import Config
from wa_core.document import Finding, Span
from wa_core.parsers import parse
from wa_core.pipeline import Checkers, check_document

DOCS = Path(__file__).parent / "docs"
MARK = re.compile(r"\[\[(.*?)\|(.*?)\]\]|\(\((.*?)\|(.*?)\)\)|«(.*?)»", re.S)

# Findings per document at default settings: one per planted [[error]], nothing else.
EXPECTED = {"guide.md": 7, "paper.tex": 3, "notes.txt": 4}


@dataclass(frozen=True)
class Planted:
    span: Span
    wrong: str
    fix: str
    rules_find_it: bool


@dataclass(frozen=True)
class Annotated:
    text: str
    errors: list[Planted]
    traps: list[tuple[Span, str]]


def render(template: str) -> Annotated:
    """The document without its marks, and where the marks were."""
    out: list[str] = []
    errors: list[Planted] = []
    traps: list[tuple[Span, str]] = []
    pos = length = 0
    for m in MARK.finditer(template):
        out.append(template[pos : m.start()])
        length += m.start() - pos
        if m.group(5) is not None:
            text = m.group(5)
            traps.append((Span(length, length + len(text)), text))
        else:
            rules = m.group(1) is not None
            text, fix = (m.group(1), m.group(2)) if rules else (m.group(3), m.group(4))
            errors.append(Planted(Span(length, length + len(text)), text, fix, rules))
        out.append(text)
        length += len(text)
        pos = m.end()
    out.append(template[pos:])
    return Annotated("".join(out), errors, traps)


def check(name: str) -> tuple[Annotated, list[Finding]]:
    doc = render((DOCS / name).read_text(encoding="utf-8"))
    config = Config(checkers=("harper",))
    prose = parse(doc.text, path=name)
    return doc, check_document(prose, config, Checkers.from_config(config))


def touches(finding: Finding, span: Span) -> bool:
    return finding.span.overlaps(span)


def describe(doc: Annotated, findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule} {f.span.of(doc.text)!r} at {f.span.start}" for f in findings)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_planted_rule_error_is_found(name: str) -> None:
    doc, findings = check(name)
    missed = [
        e.wrong for e in doc.errors if e.rules_find_it and not any(touches(f, e.span) for f in findings)
    ]
    assert missed == [], describe(doc, findings)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nothing_to_leave_alone_is_flagged(name: str) -> None:
    doc, findings = check(name)
    hits = [(text, f.rule) for span, text in doc.traps for f in findings if touches(f, span)]
    assert hits == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_finding_count_is_exact(name: str) -> None:
    doc, findings = check(name)
    assert len(findings) == EXPECTED[name], describe(doc, findings)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_finding_maps_back_to_source_characters(name: str) -> None:
    doc, findings = check(name)
    for f in findings:
        assert 0 <= f.span.start < f.span.end <= len(doc.text)
        assert f.span.of(doc.text).strip(), f


def test_the_templates_are_well_formed() -> None:
    for name, expected in EXPECTED.items():
        doc = render((DOCS / name).read_text(encoding="utf-8"))
        assert not any(mark in doc.text for mark in ("[[", "]]", "«", "»")), name
        assert all(doc.text[e.span.start : e.span.end] == e.wrong for e in doc.errors)
        assert sum(e.rules_find_it for e in doc.errors) == expected
