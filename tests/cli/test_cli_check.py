"""``wa check``: formats, exit status, inputs, options and config errors."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from wa_core.checkers import base
from wa_core.checkers.base import Layer
from wa_core.cli.main import _LowerCaseLevel
from wa_core.document import Finding, ProseDocument

Run = Callable[..., tuple[int, str, str]]  # the `wa` fixture: (status, stdout, stderr)

# One finding at default settings: "a" -> "an", line 1, columns 12 up to (not including) 13.
ONE_ERROR = "She bought a apple today.\n"
CLEAN = "The cat sat on the mat.\n"


def write(path: Path | str, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


# --- exit status --------------------------------------------------------------------------


def test_a_clean_file_exits_0_and_prints_nothing(wa: Run) -> None:
    write("clean.md", CLEAN)
    assert wa("check", "clean.md") == (0, "", "")


def test_a_finding_exits_1_and_is_printed_as_text(wa: Run) -> None:
    write("doc.md", ONE_ERROR)
    status, out, _ = wa("check", "doc.md")
    assert status == 1
    assert out.splitlines() == [
        "doc.md:1:12: warning harper/AnA Incorrect indefinite article. (→ “an”)",
        "1 finding (1 warning) in 1 file",
    ]


def test_findings_below_min_severity_are_not_reported_and_exit_0(wa: Run) -> None:
    write("doc.md", ONE_ERROR)
    assert wa("check", "--min-severity", "error", "doc.md") == (0, "", "")


def test_min_severity_from_the_config_is_the_threshold(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper"]\nmin_severity = "error"\n')
    write("doc.md", ONE_ERROR)
    assert wa("check", "doc.md")[0] == 0


def test_an_unknown_severity_is_a_usage_error(wa: Run) -> None:
    write("doc.md", ONE_ERROR)
    status, out, err = wa("check", "--min-severity", "fatal", "doc.md")
    assert (status, out) == (2, "")
    assert "unknown severity 'fatal'" in err


def test_an_unknown_format_is_a_usage_error(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, _, err = wa("check", "--format", "xml", "doc.md")
    assert status == 2
    assert "invalid choice: 'xml'" in err


# --- formats ------------------------------------------------------------------------------


def test_json_lists_each_finding_with_1_based_code_point_positions(wa: Run) -> None:
    write("doc.md", "# Title 🎉\r\n\r\n🎉 She bought a apple.\r\n")
    status, out, _ = wa("check", "--format", "json", "doc.md")
    assert status == 1
    data = json.loads(out)
    assert data["findings"] == [
        {
            "path": "doc.md",
            "line": 3,  # CRLF is one line break
            "column": 14,  # the emoji is one column
            "end_line": 3,
            "end_column": 15,  # just after the last character
            "rule": "harper/AnA",
            "source": "harper",
            "severity": "warning",
            "message": "Incorrect indefinite article.",
            "replacements": ["an"],
        }
    ]
    assert data["files"] == 1
    assert data["summary"] == {"error": 0, "warning": 1, "info": 0, "hint": 0}


def test_json_for_clean_files_has_no_findings_and_exits_0(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, out, _ = wa("check", "--format", "json", "doc.md")
    assert status == 0
    assert json.loads(out)["findings"] == []


def test_sarif_is_2_1_0_with_code_point_columns_and_a_fix(wa: Run) -> None:
    write("docs/doc.md", ONE_ERROR)
    status, out, _ = wa("check", "--format", "sarif", "docs/doc.md")
    assert status == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"].endswith("sarif-2.1.0.json")
    [run] = sarif["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["tool"]["driver"]["name"] == "wa"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["harper/AnA"]
    [result] = run["results"]
    assert result["ruleId"] == "harper/AnA"
    assert result["ruleIndex"] == 0
    assert result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "docs/doc.md"
    assert location["region"] == {"startLine": 1, "startColumn": 12, "endLine": 1, "endColumn": 13}
    [fix] = result["fixes"]
    [change] = fix["artifactChanges"]
    assert change["replacements"][0]["insertedContent"] == {"text": "an"}


def test_sarif_for_clean_files_is_a_run_without_results(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, out, _ = wa("check", "--format", "sarif", "doc.md")
    assert status == 0
    assert json.loads(out)["runs"][0]["results"] == []


def test_github_format_prints_workflow_annotations(wa: Run) -> None:
    write("doc.md", ONE_ERROR)
    status, out, _ = wa("check", "--format", "github", "doc.md")
    assert status == 1
    assert out == (
        "::warning file=doc.md,line=1,col=12,endLine=1,endColumn=13,title=harper/AnA"
        "::Incorrect indefinite article. (→ “an”)\n"
    )


def test_github_format_escapes_file_names(wa: Run) -> None:
    write("a,b:c%.md", ONE_ERROR)
    _, out, _ = wa("check", "--format", "github", "a,b:c%.md")
    assert out.startswith("::warning file=a%2Cb%3Ac%25.md,line=1,")


# --- inputs -------------------------------------------------------------------------------


def test_a_directory_is_walked_for_the_default_extensions(wa: Run) -> None:
    for name in ("a.md", "b.markdown", "c.tex", "d.txt", "e.rst", "skip.py", ".hidden.md", ".git/x.md"):
        write(Path("docs") / name, ONE_ERROR)
    status, out, _ = wa("check", "--format", "json", "docs")
    assert status == 1
    paths = [Path(f["path"]).name for f in json.loads(out)["findings"]]
    assert paths == ["a.md", "b.markdown", "c.tex", "d.txt", "e.rst"]


def test_exclude_globs_skip_files_and_directories(wa: Run) -> None:
    write("docs/keep.md", ONE_ERROR)
    write("docs/drafts/draft.md", ONE_ERROR)
    write("docs/notes.txt", ONE_ERROR)
    _, out, _ = wa("check", "--format", "json", "--exclude", "docs/drafts/**", "--exclude", "*.txt", "docs")
    assert [Path(f["path"]).name for f in json.loads(out)["findings"]] == ["keep.md"]


def test_a_walk_in_a_git_work_tree_skips_what_git_ignores_unless_told_not_to(wa: Run) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", "."], check=True)
    write(".gitignore", "_build/\n*.draft.md\n")
    write("docs/index.md", ONE_ERROR)  # untracked, not ignored: checked
    write("docs/notes.draft.md", ONE_ERROR)
    write("docs/_build/_sources/index.rst.txt", ONE_ERROR)  # Sphinx's copy of a source
    write("vendor/lib/README.md", ONE_ERROR)
    write("vendor/.gitignore", "lib/\n")  # a nested .gitignore counts too
    _, out, _ = wa("check", "--format", "json", ".")
    assert [f["path"] for f in json.loads(out)["findings"]] == ["docs/index.md"]
    _, out, _ = wa("check", "--format", "json", "docs")  # walked from below the work tree's top
    assert [f["path"] for f in json.loads(out)["findings"]] == ["docs/index.md"]
    _, out, _ = wa("check", "--format", "json", "--no-ignore", ".")
    assert len(json.loads(out)["findings"]) == 4
    assert wa("check", "docs/notes.draft.md")[0] == 1  # a file named is always checked
    status, _, err = wa("check", "vendor")
    assert status == 2
    assert "git does not ignore; --no-ignore walks the rest" in err


def test_the_config_exclude_applies_to_walks_and_named_files(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper"]\nexclude = ["generated/**"]\n')
    write("docs.md", CLEAN)
    write("generated/api.md", ONE_ERROR)
    assert wa("check", ".")[0] == 0
    assert wa("check", "generated/api.md")[0] == 0


def test_stdin_is_read_with_the_given_language(wa: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Use `a apple` here. She bought a apple.\n"))
    )
    status, out, _ = wa("check", "--format", "json", "--language", "markdown", "-")
    assert status == 1
    [finding] = json.loads(out)["findings"]
    assert (finding["path"], finding["column"]) == ("<stdin>", 32)


def test_an_unknown_language_is_a_usage_error(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, _, err = wa("check", "--language", "klingon", "doc.md")
    assert status == 2
    assert "unknown language 'klingon'" in err


def test_a_file_without_a_known_extension_is_checked_as_plain_text_with_a_warning(
    wa: Run, caplog: pytest.LogCaptureFixture
) -> None:
    write("NOTES", ONE_ERROR)
    status, _, _ = wa("check", "NOTES")
    assert status == 1
    assert "no parser for NOTES (no known extension), reading it as plain text" in caplog.text


def test_logged_warnings_read_like_wa_s_own() -> None:
    record = logging.LogRecord("wa", logging.WARNING, __file__, 1, "no parser for %s", ("NOTES",), None)
    assert (
        _LowerCaseLevel("wa: %(levelname)s: %(message)s").format(record) == "wa: warning: no parser for NOTES"
    )
    assert record.levelname == "WARNING"  # other handlers see the record as it was


def test_an_empty_file_has_no_findings(wa: Run) -> None:
    write("empty.md", "")
    assert wa("check", "empty.md") == (0, "", "")


def test_markup_is_not_checked_as_prose(wa: Run) -> None:
    write("doc.md", "Run `a apple` with [the docs](http://a.example/a-apple).\n\n```\na apple\n```\n")
    write("doc.tex", "We use $a apple$ here \\cite{a_apple}.\n")
    assert wa("check", "doc.md", "doc.tex") == (0, "", "")


# --- bad input: one line naming the file, exit 2, never a traceback ------------------------


def test_a_missing_file_is_an_error(wa: Run) -> None:
    status, out, err = wa("check", "missing.md")
    assert (status, out) == (2, "")
    assert err == "wa: error: missing.md: no such file or directory\n"


def test_a_binary_file_named_is_an_error(wa: Run) -> None:
    Path("logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    status, _, err = wa("check", "logo.md")
    assert status == 2
    assert err == "wa: error: logo.md: binary file (contains NUL bytes)\n"


def test_a_file_that_is_not_utf8_is_an_error(wa: Run) -> None:
    Path("latin1.md").write_bytes("Caf\xe9 au lait.\n".encode("latin-1"))
    status, _, err = wa("check", "latin1.md")
    assert status == 2
    assert err == "wa: error: latin1.md: not valid UTF-8 (byte 0xe9 at offset 3)\n"


def test_a_utf16_file_is_an_error_that_says_so(wa: Run) -> None:
    Path("wide.txt").write_bytes("Hello.\n".encode("utf-16"))
    status, _, err = wa("check", "wide.txt")
    assert status == 2
    assert err == "wa: error: wide.txt: UTF-16 text; wa reads UTF-8\n"


def test_a_directory_without_matching_files_is_an_error(wa: Run) -> None:
    write("src/main.py", "print('hi')\n")
    status, _, err = wa("check", "src")
    assert status == 2
    assert err.startswith("wa: error: src: no files to check in this directory (looked for *.md")


def test_bad_files_inside_a_walk_are_skipped_with_a_warning(wa: Run) -> None:
    write("docs/good.md", ONE_ERROR)
    Path("docs/bad.md").write_bytes(b"\x00\x01")
    Path("docs/latin.txt").write_bytes(b"caf\xe9")
    status, out, err = wa("check", "--format", "json", "docs")
    assert status == 1  # the good file's finding; the skipped files are not errors
    assert len(json.loads(out)["findings"]) == 1
    assert "wa: warning: skipping docs/bad.md: binary file (contains NUL bytes)" in err
    assert "wa: warning: skipping docs/latin.txt: not valid UTF-8" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_walk_skips_pipes_and_sockets_which_would_block_a_read(wa: Run) -> None:
    write("docs/good.md", ONE_ERROR)
    os.mkfifo("docs/pipe.md")  # no writer: reading it would wait forever

    def feed() -> None:  # so that reading it fails the test rather than hanging it
        with contextlib.suppress(OSError), Path("docs/pipe.md").open("w", encoding="utf-8") as pipe:
            pipe.write(ONE_ERROR)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    status, out, _ = wa("check", "--format", "json", "docs")
    os.close(os.open("docs/pipe.md", os.O_RDONLY | os.O_NONBLOCK))  # lets the writer go
    writer.join(timeout=10)
    assert status == 1 and [Path(f["path"]).name for f in json.loads(out)["findings"]] == ["good.md"]


def test_one_bad_named_path_still_lets_the_others_be_checked(wa: Run) -> None:
    write("doc.md", ONE_ERROR)
    Path("empty-dir").mkdir()
    status, out, err = wa("check", "--format", "json", "missing.md", "doc.md", "empty-dir")
    assert status == 2
    assert len(json.loads(out)["findings"]) == 1
    assert err.splitlines() == [
        "wa: error: missing.md: no such file or directory",
        "wa: error: empty-dir: no files to check in this directory"
        " (looked for *.md *.markdown *.mdx *.tex *.txt *.rst *.adoc *.asciidoc)",
    ]


def test_stdin_given_twice_is_a_usage_error(wa: Run) -> None:
    status, _, err = wa("check", "-", "-")
    assert status == 2
    assert "stdin (-) can be given only once" in err


def test_a_large_file_is_checked(wa: Run) -> None:
    paragraph = "The cat sat on the mat while the dog slept nearby in the sun.\n\n"
    write("big.md", paragraph * 1500 + ONE_ERROR)  # about 100 kB, several Harper chunks
    status, out, _ = wa("check", "--format", "json", "big.md")
    assert status == 1
    [finding] = json.loads(out)["findings"]
    assert finding["line"] == 3001


# --- config and options -----------------------------------------------------------------


def test_an_invalid_config_is_one_line_naming_file_and_key(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper"]\ndialect = "martian"\n')
    write("doc.md", CLEAN)
    status, out, err = wa("check", "doc.md")
    assert (status, out) == (2, "")
    dialects = "american, british, australian, canadian, indian"
    assert err == f"wa: error: {Path('.wa.toml').resolve()}: [tool.wa] dialect: expected one of {dialects}\n"


def test_a_rule_name_that_matches_no_rule_is_a_warning_with_the_likely_name(wa: Run) -> None:
    """A misspelt rule switches nothing: the run goes on, and says so once per config file."""
    rules = '["harper/Spelcheck", "harper/LongSentences", "harper/Zzz*", "languagetool/ANY_RULE"]'
    write(".wa.toml", f'checkers = ["harper"]\ndisabled_rules = {rules}\n')
    write("a.md", ONE_ERROR)
    write("b.md", ONE_ERROR)
    status, out, err = wa("check", "a.md", "b.md")
    assert status == 1 and out.count("harper/AnA") == 2
    config = Path(".wa.toml").resolve()
    assert err.splitlines() == [
        f"wa: warning: {config}: disabled_rules: 'harper/Spelcheck' matches no rule;"
        " did you mean 'harper/SpellCheck'?",
        f"wa: warning: {config}: disabled_rules: 'harper/Zzz*' matches no rule (`wa rules` lists them)",
    ]


def test_a_config_that_is_not_toml_is_an_error(wa: Run) -> None:
    write(".wa.toml", "checkers = [\n")
    write("doc.md", CLEAN)
    status, _, err = wa("check", "doc.md")
    assert status == 2
    assert err.startswith(f"wa: error: {Path('.wa.toml').resolve()}: not valid TOML")
    assert len(err.splitlines()) == 1


def test_the_config_nearest_each_file_applies(wa: Run) -> None:
    write("strict/.wa.toml", 'checkers = ["harper"]\ndisabled_rules = ["harper/AnA"]\n')
    write("strict/doc.md", ONE_ERROR)
    write("doc.md", ONE_ERROR)
    _, out, _ = wa("check", "--format", "json", "doc.md", "strict/doc.md")
    assert [f["path"] for f in json.loads(out)["findings"]] == ["doc.md"]


def test_an_explicit_config_file_replaces_the_search(wa: Run) -> None:
    write("other.toml", 'checkers = ["harper"]\ndisabled_rules = ["AnA"]\n')
    write("doc.md", ONE_ERROR)
    assert wa("check", "--config", "other.toml", "doc.md")[0] == 0


def test_a_missing_explicit_config_is_an_error(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, _, err = wa("check", "--config", "nope.toml", "doc.md")
    assert status == 2
    assert "nope.toml: no such config file" in err


def test_an_unknown_checker_is_a_usage_error(wa: Run) -> None:
    write("doc.md", CLEAN)
    status, _, err = wa("check", "--checkers", "harper,grammarly", "doc.md")
    assert status == 2
    assert "unknown checker 'grammarly'" in err


def test_an_unavailable_model_is_noted_once_and_rules_still_run(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper", "model"]\n')
    write("a.md", ONE_ERROR)
    write("b.md", ONE_ERROR)
    status, out, err = wa("check", "--format", "json", "a.md", "b.md")
    assert status == 1
    assert len(json.loads(out)["findings"]) == 2
    notes = [line for line in err.splitlines() if "model checker unavailable" in line]
    assert len(notes) == 1
    assert notes[0].endswith("checking with rules only")


def test_rules_only_skips_the_model_without_a_note(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper", "model"]\n')
    write("doc.md", ONE_ERROR)
    status, _, err = wa("check", "--rules-only", "doc.md")
    assert status == 1
    assert err == ""


def test_an_unreachable_languagetool_is_an_error(wa: Run) -> None:
    write(".wa.toml", 'checkers = ["harper", "languagetool"]\n[languagetool]\nurl = "http://127.0.0.1:9"\n')
    write("doc.md", CLEAN)
    status, _, err = wa("check", "doc.md")
    assert status == 2
    assert err.startswith("wa: error: the languagetool checker is unavailable: cannot use LanguageTool at")


def test_inline_comments_switch_rules_off(wa: Run) -> None:
    write("doc.md", f"<!-- wa-disable harper/AnA -->\n{ONE_ERROR}<!-- wa-enable -->\n{ONE_ERROR}")
    _, out, _ = wa("check", "--format", "json", "doc.md")
    assert [f["line"] for f in json.loads(out)["findings"]] == [4]


def test_version(wa: Run) -> None:
    status, out, _ = wa("--version")
    assert status == 0
    assert out.startswith("wa ")


class LastFirstRanker:
    """A model-layer checker that finds nothing and puts the rules' last suggestion first."""

    name = "test-ranker"
    layer = Layer.MODEL

    def check(self, doc: ProseDocument) -> list[Finding]:
        return []

    def rank(self, docs: Sequence[ProseDocument], found: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
        return [[dataclasses.replace(f, suggestions=f.suggestions[::-1]) for f in fs] for fs in found]


def test_the_model_layer_orders_the_rules_suggestions(
    wa: Run, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(base._REGISTRY, "test-ranker", lambda config: LastFirstRanker())
    write("doc.md", "We study **siences** here.\n")
    assert "(→ “sciences”)" in wa("check", "doc.md")[1]  # Harper's order: sciences, silences, science's
    (workdir / ".wa.toml").write_text('checkers = ["harper", "test-ranker"]\n')
    status, out, _ = wa("check", "doc.md")
    assert (
        status == 1 and out.startswith("doc.md:1:12: warning harper/SpellCheck") and "(→ “science's”)" in out
    )
    status, _, _ = wa("fix", "doc.md")
    assert (workdir / "doc.md").read_text() == "We study **science's** here.\n"
