"""Output formats: positions, escaping and the shapes other tools read."""

from __future__ import annotations

import dataclasses
import json

import pytest

from wa_core.document import Finding, Severity, Span, Suggestion
from wa_core.report import (
    LineIndex,
    Reported,
    format_github,
    format_gitlab,
    format_rdjson,
    format_text,
    locate,
    render,
    summary,
)


@pytest.mark.parametrize(
    ("text", "offset", "position"),
    [
        ("abc", 0, (1, 1)),
        ("abc", 3, (1, 4)),  # the end of the text: just after the last character
        ("ab\ncd", 3, (2, 1)),
        ("ab\r\ncd", 4, (2, 1)),  # CRLF is one line break
        ("ab\r\ncd", 5, (2, 2)),
        ("ab\rcd", 3, (2, 1)),  # so is a lone CR
        ("🎉🎉x", 2, (1, 3)),  # an emoji is one column
        ("a\n\n\nb", 4, (4, 1)),
    ],
)
def test_positions_are_1_based_lines_and_code_point_columns(
    text: str, offset: int, position: tuple[int, int]
) -> None:
    assert LineIndex(text).position(offset) == position


def reported(**changes: object) -> Reported:
    values: dict[str, object] = {
        "path": "doc.md",
        "line": 2,
        "column": 5,
        "end_line": 2,
        "end_column": 9,
        "rule": "harper/SpellCheck",
        "source": "harper",
        "severity": Severity.WARNING,
        "message": "Did you mean “receive”?",
        "replacements": ("receive",),
    }
    values.update(changes)
    return Reported(**values)  # type: ignore[arg-type]


def test_locate_gives_the_end_just_after_the_last_character() -> None:
    text = "one\r\ntwo recieve it\n"
    f = Finding(
        Span(9, 16), "harper/SpellCheck", "harper", Severity.WARNING, "m", (Suggestion.replace("receive"),)
    )
    [r] = locate("doc.md", text, [f])
    assert (r.line, r.column, r.end_line, r.end_column) == (2, 5, 2, 12)
    assert r.replacements == ("receive",)


def test_a_span_across_lines_ends_on_its_last_line() -> None:
    f = Finding(Span(1, 5), "r/x", "r", Severity.INFO, "m")  # "b\ncd"
    [r] = locate("d", "ab\ncd\nef", [f])
    assert (r.line, r.column, r.end_line, r.end_column) == (1, 2, 2, 3)


def test_text_lines_show_the_first_replacement_or_a_removal() -> None:
    text = format_text(
        [reported(), reported(line=3, replacements=("",)), reported(line=4, replacements=())],
        files=1,
    )
    assert text.splitlines() == [
        "doc.md:2:5: warning harper/SpellCheck Did you mean “receive”? (→ “receive”)",
        "doc.md:3:5: warning harper/SpellCheck Did you mean “receive”? (→ remove)",
        "doc.md:4:5: warning harper/SpellCheck Did you mean “receive”?",
        "3 findings (3 warnings) in 1 file",
    ]


def test_a_message_that_names_its_fix_is_not_followed_by_it_again() -> None:
    message = "Agreement: “are” → “is”"
    text = format_text([reported(message=message, replacements=("is",))], files=1)
    github = format_github([reported(message=message, replacements=("is",))])
    assert text.splitlines()[0].endswith("Agreement: “are” → “is”")
    assert github.rstrip("\n").endswith("::Agreement: “are” → “is”")
    other = format_text([reported(message=message, replacements=("was",))], files=1)
    assert other.splitlines()[0].endswith("“are” → “is” (→ “was”)")  # another first suggestion is shown


def test_text_keeps_a_multi_line_message_on_one_line() -> None:
    assert (
        format_text([reported(message="one\ntwo")], files=1).splitlines()[0].endswith("one two (→ “receive”)")
    )


def test_the_summary_counts_by_severity_most_severe_first() -> None:
    reports = [reported(severity=Severity.INFO), reported(), reported(severity=Severity.INFO)]
    assert summary(reports, files=2) == "3 findings (1 warning, 2 info) in 2 files"


def test_github_annotations_escape_data_and_properties() -> None:
    line = format_github(
        [reported(path="dir/a,b:c.md", rule="x/a:b", message="50% done\nnext", severity=Severity.INFO)]
    )
    assert line == (
        "::notice file=dir/a%2Cb%3Ac.md,line=2,col=5,endLine=2,endColumn=9,title=x/a%3Ab"
        "::50%25 done%0Anext (→ “receive”)\n"
    )


def test_github_levels() -> None:
    levels = [format_github([reported(severity=s)]).split(" ", 1)[0] for s in Severity]
    assert levels == ["::notice", "::notice", "::warning", "::error"]


def test_sarif_escapes_uris_and_maps_levels() -> None:
    out = render(
        "sarif",
        [
            reported(path="my docs/ü.md", severity=Severity.INFO),
            reported(severity=Severity.ERROR),
            reported(path="/abs/doc.md"),
        ],
        files=3,
        version=lambda: "9.9",
    )
    run = json.loads(out)["runs"][0]
    assert run["tool"]["driver"]["version"] == "9.9"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]]
    assert uris == ["my%20docs/%C3%BC.md", "doc.md", "file:///abs/doc.md"]
    assert [r["level"] for r in run["results"]] == ["note", "error", "warning"]
    assert [r["ruleIndex"] for r in run["results"]] == [0, 0, 0]


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        render("xml", [], files=0, version=lambda: "0")


def test_only_the_formats_that_print_the_version_look_it_up() -> None:
    def unwanted() -> str:
        raise AssertionError("looked up")

    for fmt in ("text", "github"):
        render(fmt, [reported()], files=1, version=unwanted)
    for fmt in ("json", "sarif"):
        with pytest.raises(AssertionError, match="looked up"):
            render(fmt, [reported()], files=1, version=unwanted)


def test_gitlab_issues_keep_their_fingerprint_when_lines_move() -> None:
    """GitLab tells a merge request's new findings from old ones by fingerprint: a line
    added above a finding must not make it new; the same word flagged twice is two issues."""
    finding = Finding(Span(0, 7), "harper/SpellCheck", "harper", Severity.WARNING, "Did you mean “receive”?")
    before = json.loads(format_gitlab(locate("doc.md", "recieve it", [finding])))
    moved = dataclasses.replace(finding, span=Span(11, 18))
    after = json.loads(format_gitlab(locate("doc.md", "New line.\n\nrecieve it", [moved])))
    assert before[0]["fingerprint"] == after[0]["fingerprint"]
    assert after[0]["location"] == {"path": "doc.md", "lines": {"begin": 3}}
    assert after[0]["check_name"] == "harper/SpellCheck"
    assert after[0]["severity"] == "minor"
    twice = locate("doc.md", "recieve recieve", [finding, dataclasses.replace(finding, span=Span(8, 15))])
    assert len({issue["fingerprint"] for issue in json.loads(format_gitlab(twice))}) == 2


def test_gitlab_severities_and_a_span_across_lines() -> None:
    issues = json.loads(format_gitlab([reported(severity=s, end_line=3) for s in Severity]))
    assert [i["severity"] for i in issues] == ["info", "info", "minor", "major"]
    assert issues[0]["location"]["lines"] == {"begin": 2, "end": 3}
    assert issues[0]["description"] == "Did you mean “receive”? (→ “receive”)"


def test_rdjson_counts_columns_in_utf8_bytes_and_suggests_the_first_fix() -> None:
    text = "Smile 😀 ü a recieve.\n"
    start = text.index("recieve")
    finding = Finding(
        Span(start, start + 7),
        "harper/SpellCheck",
        "harper",
        Severity.WARNING,
        "m",
        (Suggestion.replace("receive"), Suggestion.replace("relieve")),
    )
    data = json.loads(format_rdjson(locate("doc.md", text, [finding])))
    assert data["source"]["name"] == "wa"
    [diagnostic] = data["diagnostics"]
    span = {"start": {"line": 1, "column": 17}, "end": {"line": 1, "column": 24}}  # 😀 is 4 bytes, ü 2
    assert diagnostic["location"] == {"path": "doc.md", "range": span}
    assert diagnostic["suggestions"] == [{"range": span, "text": "receive"}]
    assert diagnostic["severity"] == "WARNING"
    assert diagnostic["code"] == {"value": "harper/SpellCheck"}


def test_json_keeps_its_fields() -> None:
    data = json.loads(render("json", [reported()], files=1, version=lambda: "1"))
    assert set(data["findings"][0]) == {
        "path", "line", "column", "end_line", "end_column", "rule", "source", "severity", "message",
        "replacements",
    }  # fmt: skip
