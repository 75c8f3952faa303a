"""``wa fix``: suggestions applied atomically, untouched files left byte for byte."""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wa_core.cli.fix import write_atomically
from wa_core.document import Finding, Severity, Span, Suggestion, fixes

Run = Callable[..., tuple[int, str, str]]  # the `wa` fixture: (status, stdout, stderr)


def test_fix_applies_the_first_suggestion_and_exits_0(wa: Run) -> None:
    Path("doc.md").write_text("She bought a apple. Make sure noone is here.\n")
    status, out, err = wa("fix", "doc.md")
    assert status == 0
    assert Path("doc.md").read_text() == "She bought an apple. Make sure no one is here.\n"
    assert out == ""
    assert err == "wa: fixed 2 findings in 1 file; 0 left\n"


def test_a_file_with_nothing_to_fix_is_not_rewritten(wa: Run) -> None:
    path = Path("clean.md")
    path.write_bytes(b"The cat sat on the mat.\r\n")
    before = path.stat()
    assert wa("fix", "clean.md")[0] == 0
    after = path.stat()
    assert path.read_bytes() == b"The cat sat on the mat.\r\n"
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_fix_keeps_crlf_line_endings_and_the_bom(wa: Run) -> None:
    path = Path("doc.txt")
    path.write_bytes(codecs.BOM_UTF8 + b"Line one.\r\nShe bought a apple.\r\n")
    assert wa("fix", "doc.txt")[0] == 0
    assert path.read_bytes() == codecs.BOM_UTF8 + b"Line one.\r\nShe bought an apple.\r\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_fix_keeps_the_file_mode_and_leaves_no_temporary_file(wa: Run) -> None:
    path = Path("doc.md")
    path.write_text("She bought a apple.\n")
    path.chmod(0o640)
    wa("fix", "doc.md")
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in Path().iterdir()) == [".wa.toml", "doc.md"]


def test_dry_run_prints_a_unified_diff_and_changes_nothing(wa: Run) -> None:
    Path("doc.md").write_text("Title\n\nShe bought a apple.\n")
    status, out, err = wa("fix", "--dry-run", "doc.md")
    assert status == 1  # the finding is still in the file
    assert out.splitlines() == [
        "--- a/doc.md",
        "+++ b/doc.md",
        "@@ -1,3 +1,3 @@",
        " Title",
        " ",
        "-She bought a apple.",
        "+She bought an apple.",
    ]
    assert Path("doc.md").read_text() == "Title\n\nShe bought a apple.\n"
    assert err == "wa: would fix 1 finding in 1 file; 1 left\n"


def test_dry_run_marks_a_missing_final_newline(wa: Run) -> None:
    Path("doc.md").write_text("She bought a apple.")
    _, out, _ = wa("fix", "--dry-run", "doc.md")
    assert out.endswith("+She bought an apple.\n\\ No newline at end of file\n")


def test_findings_without_a_suggestion_are_left_and_exit_1(wa: Run) -> None:
    Path(".wa.toml").write_text('checkers = ["harper"]\nenabled_rules = ["harper/LongSentences"]\n')
    long = " ".join(["the cat sat on the mat and the dog sat on the rug"] * 6)
    Path("doc.md").write_text(f"It {long}.\n")
    status, _, err = wa("fix", "doc.md")
    assert status == 1
    assert err.endswith("; 1 left\n")


def test_stdin_is_fixed_to_stdout(wa: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"She bought a apple.\n")))
    status, out, _ = wa("fix", "-")
    assert (status, out) == (0, "She bought an apple.\n")


def test_a_missing_file_is_an_error(wa: Run) -> None:
    status, _, err = wa("fix", "missing.md")
    assert status == 2
    assert "wa: error: missing.md: no such file or directory" in err


# --- the edits ----------------------------------------------------------------------------


def finding(start: int, end: int, *suggestions: Suggestion) -> Finding:
    return Finding(Span(start, end), "test/rule", "test", Severity.WARNING, "m", suggestions)


def test_overlapping_fixes_keep_the_first() -> None:
    text = "abcdef"
    edits = fixes(text, [finding(0, 3, Suggestion.replace("X")), finding(2, 4, Suggestion.replace("Y"))])
    assert edits == [(Span(0, 3), "X")]


def test_insertions_and_removals_become_replacements_of_the_span() -> None:
    text = "a b c"
    edits = fixes(text, [finding(0, 1, Suggestion.insert("!")), finding(2, 4, Suggestion.remove())])
    assert edits == [(Span(0, 1), "a!"), (Span(2, 4), "")]


def test_a_suggestion_that_changes_nothing_is_not_an_edit() -> None:
    assert fixes("same", [finding(0, 4, Suggestion.replace("same"))]) == []


def test_write_atomically_replaces_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "atomic"
    folder.mkdir()
    path = folder / "f.txt"
    path.write_text("old")
    write_atomically(path, "new ✓\r\n", bom=False)
    assert path.read_bytes() == "new ✓\r\n".encode()
    assert [p.name for p in folder.iterdir()] == ["f.txt"]


def test_write_atomically_writes_through_a_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    real = tmp_path / "docs" / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomically(link, "new", bom=False)
    assert link.is_symlink() and real.read_text() == "new"
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["real.md"]  # no temporary left
