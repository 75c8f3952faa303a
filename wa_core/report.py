"""Findings as the CLI prints them: text, JSON, SARIF 2.1.0, GitHub Actions annotations,
GitLab's Code Quality report and reviewdog's diagnostic format (rdjson).

Positions are 1-based lines and 1-based columns counted in code points (an emoji is one
column; ``\\r\\n``, ``\\n`` and ``\\r`` each end a line), except rdjson's, which count UTF-8
bytes as reviewdog asks. The end position is the one just after the finding's last
character, as in Vale and SARIF: ``end_column`` is exclusive.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from wa_core.document import Finding, Severity

FORMATS = ("text", "json", "sarif", "github", "gitlab", "rdjson")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps code-point offsets of a text to 1-based (line, column) pairs."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0, *(m.end() for m in _LINE_BREAK.finditer(text))]
        self._length = len(text)

    def position(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, self._length))
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def byte_column(self, offset: int) -> int:
        """The 1-based column of ``offset`` in UTF-8 bytes ("ü" is two)."""
        line, column = self.position(offset)
        start = self._starts[line - 1]
        return len(self._text[start : start + column - 1].encode("utf-8", "surrogatepass")) + 1


@dataclass(frozen=True, slots=True)
class Reported:
    """One finding with its place in a file, as every output format needs it."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    source: str
    severity: Severity
    message: str
    replacements: tuple[str, ...]
    # What the finding covers, and its start and end columns in UTF-8 bytes: for the formats
    # that identify a finding by its text (gitlab) or count bytes (rdjson); not in JSON.
    excerpt: str = ""
    byte_columns: tuple[int, int] = (0, 0)

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["replacements"] = list(self.replacements)
        del data["excerpt"], data["byte_columns"]
        return data


def locate(
    path: str, text: str, findings: Iterable[Finding], index: LineIndex | None = None
) -> list[Reported]:
    """Findings (source spans of ``text``) with their lines and columns."""
    index = index or LineIndex(text)
    out = []
    for f in findings:
        line, column = index.position(f.span.start)
        end_line, end_column = index.position(f.span.end)
        out.append(
            Reported(
                path,
                line,
                column,
                end_line,
                end_column,
                f.rule,
                f.source,
                f.severity,
                f.message,
                tuple(f.replacements(text)),
                f.span.of(text),
                (index.byte_column(f.span.start), index.byte_column(f.span.end)),
            )
        )
    return out


def render(fmt: str, reports: Sequence[Reported], *, files: int, version: Callable[[], str]) -> str:
    """All findings of a run in one output format; ``version`` is asked only by the formats
    that print it (json, sarif): reading an installed package's version costs 25 ms."""
    if fmt == "text":
        return format_text(reports, files=files)
    if fmt == "json":
        return format_json(reports, files=files, version=version())
    if fmt == "sarif":
        return format_sarif(reports, version=version())
    if fmt == "github":
        return format_github(reports)
    if fmt == "gitlab":
        return format_gitlab(reports)
    if fmt == "rdjson":
        return format_rdjson(reports)
    raise ValueError(f"unknown format {fmt!r} (valid: {', '.join(FORMATS)})")


def _dumps(data: object) -> str:
    """JSON as every JSON format prints it: UTF-8 as it is, indented, one final line break."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- text -------------------------------------------------------------------------------


def _shown(replacement: str) -> str:
    return f"“{replacement}”" if replacement.strip() else "remove"


def _with_fix(message: str, replacements: Sequence[str]) -> str:
    """The message and its first suggestion, unless the message already names it."""
    if not replacements:
        return message
    fix = f"→ {_shown(replacements[0])}"
    return message if message.endswith(fix) else f"{message} ({fix})"


def format_text(reports: Sequence[Reported], *, files: int) -> str:
    """``path:line:col: severity rule message (→ replacement)``, then a summary line."""
    lines = []
    for r in reports:
        message = _with_fix(" ".join(r.message.split()), r.replacements)
        lines.append(f"{r.path}:{r.line}:{r.column}: {r.severity} {r.rule} {message}")
    if reports:
        lines.append(summary(reports, files=files))
    return "".join(line + "\n" for line in lines)


def summary(reports: Sequence[Reported], *, files: int) -> str:
    """``3 findings (2 warnings, 1 info) in 2 files``."""
    counts = Counter(r.severity for r in reports)
    parts = []
    for sev in sorted(counts, reverse=True):
        n = counts[sev]
        name = str(sev) if sev is Severity.INFO or n == 1 else f"{sev}s"
        parts.append(f"{n} {name}")
    noun = "finding" if len(reports) == 1 else "findings"
    where = "file" if files == 1 else "files"
    return f"{len(reports)} {noun} ({', '.join(parts)}) in {files} {where}"


# --- JSON -------------------------------------------------------------------------------


def format_json(reports: Sequence[Reported], *, files: int, version: str) -> str:
    counts = Counter(str(r.severity) for r in reports)
    data = {
        "version": version,
        "files": files,
        "findings": [r.as_json() for r in reports],
        "summary": {str(s): counts.get(str(s), 0) for s in sorted(Severity, reverse=True)},
    }
    return _dumps(data)


# --- SARIF 2.1.0 ------------------------------------------------------------------------

_SARIF_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}


def _region(r: Reported) -> dict[str, int]:
    return {"startLine": r.line, "startColumn": r.column, "endLine": r.end_line, "endColumn": r.end_column}


def format_sarif(reports: Sequence[Reported], *, version: str) -> str:
    rules: dict[str, int] = {}
    rule_objects: list[dict[str, object]] = []
    results = []
    for r in reports:
        if r.rule not in rules:
            rules[r.rule] = len(rule_objects)
            rule_objects.append(
                {
                    "id": r.rule,
                    "name": r.rule.split("/", 1)[-1],
                    "properties": {"source": r.source},
                }
            )
        location = {"artifactLocation": {"uri": _uri(r.path)}, "region": _region(r)}
        result: dict[str, object] = {
            "ruleId": r.rule,
            "ruleIndex": rules[r.rule],
            "level": _SARIF_LEVEL[r.severity],
            "message": {"text": r.message},
            "locations": [{"physicalLocation": location}],
        }
        if r.replacements:
            result["fixes"] = [
                {
                    "description": {"text": f"Replace with {_shown(text)}" if text.strip() else "Remove"},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(r.path)},
                            "replacements": [
                                {"deletedRegion": _region(r), "insertedContent": {"text": text}}
                            ],
                        }
                    ],
                }
                for text in r.replacements[:1]
            ]
        results.append(result)
    run = {
        "tool": {
            "driver": {
                "name": "wa",
                "version": version,
                "rules": rule_objects,
            }
        },
        # Columns count code points, not SARIF's default UTF-16 code units.
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    data = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return _dumps(data)


def _uri(path: str) -> str:
    """A URI for a path: relative ones stay relative (with ``/`` and escapes), absolute ones are ``file:``."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path.replace("\\", "/"), safe="/")


# --- GitHub Actions workflow commands ---------------------------------------------------

_GITHUB_LEVEL = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(reports: Sequence[Reported]) -> str:
    """``::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`` lines."""
    lines = []
    for r in reports:
        props = ",".join(
            [
                f"file={_escape_property(r.path)}",
                f"line={r.line}",
                f"col={r.column}",
                f"endLine={r.end_line}",
                f"endColumn={r.end_column}",
                f"title={_escape_property(r.rule)}",
            ]
        )
        message = _with_fix(r.message, r.replacements)
        lines.append(f"::{_GITHUB_LEVEL[r.severity]} {props}::{_escape_data(message)}\n")
    return "".join(lines)


# --- GitLab Code Quality ----------------------------------------------------------------

_GITLAB_SEVERITY = {
    Severity.ERROR: "major",
    Severity.WARNING: "minor",
    Severity.INFO: "info",
    Severity.HINT: "info",
}


def format_gitlab(reports: Sequence[Reported]) -> str:
    """GitLab's Code Quality report (``artifacts: reports: codequality``): a JSON list of issues.

    GitLab tells new findings from old ones in a merge request by ``fingerprint``, so it is
    built from the file, the rule, the text flagged and how many times before the same rule
    flagged the same text in that file, not from line numbers: a line added above a finding
    leaves it the same finding.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for r in reports:
        key = (r.path, r.rule, r.excerpt)
        seen[key] += 1
        identity = "\0".join([*key, str(seen[key])])
        lines = {"begin": r.line, **({"end": r.end_line} if r.end_line > r.line else {})}
        issues.append(
            {
                "description": _with_fix(" ".join(r.message.split()), r.replacements),
                "check_name": r.rule,
                "fingerprint": hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()[:32],
                "severity": _GITLAB_SEVERITY[r.severity],
                "location": {"path": r.path.replace("\\", "/"), "lines": lines},
            }
        )
    return _dumps(issues)


# --- reviewdog (rdjson) -----------------------------------------------------------------

_RDJSON_SEVERITY = {
    Severity.ERROR: "ERROR",
    Severity.WARNING: "WARNING",
    Severity.INFO: "INFO",
    Severity.HINT: "INFO",
}


def format_rdjson(reports: Sequence[Reported]) -> str:
    """reviewdog's diagnostic format (``reviewdog -f=rdjson``): each finding with its range
    (columns in UTF-8 bytes, the end exclusive) and its first replacement as a suggestion,
    which reviewdog can post as a suggested change on a pull request."""
    diagnostics = []
    for r in reports:
        start, end = r.byte_columns
        span = {"start": {"line": r.line, "column": start}, "end": {"line": r.end_line, "column": end}}
        diagnostic: dict[str, object] = {
            "message": " ".join(r.message.split()),
            "location": {"path": r.path, "range": span},
            "severity": _RDJSON_SEVERITY[r.severity],
            "code": {"value": r.rule},
        }
        if r.replacements:
            diagnostic["suggestions"] = [{"range": span, "text": text} for text in r.replacements[:1]]
        diagnostics.append(diagnostic)
    data = {"source": {"name": "wa"}, "diagnostics": diagnostics}
    return _dumps(data)
