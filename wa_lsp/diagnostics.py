"""Findings as LSP diagnostics, and back."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lsprotocol import types

from wa_core.document import EditKind, Finding, Severity, Span
from wa_lsp.positions import LineIndex

SOURCE = "wa"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


def to_diagnostic(finding: Finding, lines: LineIndex) -> types.Diagnostic:
    data: dict[str, Any] = {"rule": finding.rule, "source": finding.source}
    if finding.also_from:
        data["also_from"] = list(finding.also_from)
    return types.Diagnostic(
        range=lines.range(finding.span),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        source=SOURCE,
        data=data,
    )


def to_diagnostics(findings: Iterable[Finding], lines: LineIndex) -> list[types.Diagnostic]:
    return [to_diagnostic(f, lines) for f in findings]


def findings_at(findings: Sequence[Finding], span: Span) -> list[Finding]:
    """The findings that touch a source span (a cursor is an empty span)."""
    return [f for f in findings if f.span.overlaps(span)]


def matching_diagnostic(
    finding: Finding, lines: LineIndex, offered: Sequence[types.Diagnostic]
) -> types.Diagnostic:
    """The client's copy of a finding's diagnostic (it may carry client data), else a new one."""
    rng = lines.range(finding.span)
    for d in offered:
        if d.range == rng and d.code == finding.rule:
            return d
    return to_diagnostic(finding, lines)


def describe(finding: Finding, text: str) -> str:
    """A finding explained in Markdown: message, rule, source and suggestions."""
    parts = [f"**{finding.message}**", ""]
    sources = ", ".join((finding.source, *finding.also_from))
    parts.append(f"`{finding.rule}` · {sources} · {finding.severity}")
    original = finding.span.of(text)
    if finding.suggestions:
        parts.append("")
        parts.append("Suggestions:")
        for s in finding.suggestions[:5]:
            if s.kind is EditKind.REMOVE:
                parts.append(f"- remove “{original}”")
            else:
                parts.append(f"- “{s.replacement_for(original)}”")
    return "\n".join(parts)
