"""Configuration: where it is found, what overrides do, and how every mistake is reported."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wa_core.checkers.base import unmatched_rules
from wa_core.cli.main import main
from wa_core.config import Config, ConfigError, HarperSettings, load_config, load_config_file, rule_matches
from wa_core.document import Severity


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


# --- finding the file ---------------------------------------------------------------------


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_config(tmp_path) == Config()


def test_the_config_is_found_by_walking_up_from_the_file(tmp_path: Path) -> None:
    config = write(tmp_path / ".wa.toml", 'dialect = "british"\n')
    doc = write(tmp_path / "docs" / "guide" / "intro.md", "")
    cfg = load_config(doc)
    assert cfg.dialect == "british"
    assert cfg.path == config
    assert cfg.root == tmp_path


def test_the_nearest_config_wins(tmp_path: Path) -> None:
    write(tmp_path / ".wa.toml", 'dialect = "british"\n')
    write(tmp_path / "docs" / ".wa.toml", 'dialect = "canadian"\n')
    assert load_config(tmp_path / "docs" / "a.md").dialect == "canadian"


def test_wa_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[tool.wa]\ndialect = "british"\n')
    write(tmp_path / ".wa.toml", 'dialect = "indian"\n')
    assert load_config(tmp_path).dialect == "indian"


def test_pyproject_tool_wa_is_read(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.wa]\nvocabulary = ["wa"]\n')
    assert load_config(tmp_path).vocabulary == ("wa",)


def test_a_pyproject_without_tool_wa_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path / ".wa.toml", 'dialect = "british"\n')
    write(tmp_path / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n')
    assert load_config(tmp_path / "pkg" / "README.md").dialect == "british"


def test_a_wa_toml_may_use_a_tool_wa_table(tmp_path: Path) -> None:
    write(tmp_path / ".wa.toml", '[tool.wa]\nmin_severity = "warning"\n')
    assert load_config(tmp_path).min_severity is Severity.WARNING


def test_an_explicit_file_is_loaded_as_is(tmp_path: Path) -> None:
    path = write(tmp_path / "ci.toml", 'checkers = ["harper"]\n')
    assert load_config_file(path).checkers == ("harper",)


# --- values ---------------------------------------------------------------------------------


def test_every_key_is_read(tmp_path: Path) -> None:
    write(tmp_path / "words.txt", "# project words\nCTranslate2\n\nPostgreSQL\n")
    write(
        tmp_path / ".wa.toml",
        """
checkers = ["harper", "languagetool"]
disabled_rules = ["harper/LongSentences"]
enabled_rules = ["harper/OxfordComma"]
vocabulary = ["wa"]
vocabulary_file = "words.txt"
ignore = ["v\\\\d+"]
exclude = ["build/**"]
min_severity = "warning"
dialect = "British"

[harper]
title_case = true
spelling_variants = true
strict_spelling = true

[languagetool]
url = "http://localhost:8081"
language = "en-GB"
disabled_rules = ["WHITESPACE_RULE"]
timeout = 5

[model]
name = "default"
margin = 2
threads = 2
workers = 1

[latex.commands]
"\\\\todo{}" = "ignore"

[latex.environments]
comment = "ignore"
""",
    )
    cfg = load_config(tmp_path)
    assert cfg.checkers == ("harper", "languagetool")
    assert cfg.disabled_rules == ("harper/LongSentences",)
    assert cfg.enabled_rules == ("harper/OxfordComma",)
    assert cfg.vocabulary == ("wa", "CTranslate2", "PostgreSQL")
    assert [p.pattern for p in cfg.ignore_patterns] == [r"v\d+"]
    assert cfg.exclude == ("build/**",)
    assert cfg.min_severity is Severity.WARNING
    assert cfg.dialect == "british"
    assert cfg.harper == HarperSettings(title_case=True, spelling_variants=True, strict_spelling=True)
    assert cfg.languagetool.url == "http://localhost:8081"
    assert cfg.languagetool.disabled_rules == ("WHITESPACE_RULE",)
    assert cfg.languagetool.timeout == 5.0
    assert cfg.model.margin == 2.0
    assert (cfg.model.threads, cfg.model.workers) == (2, 1)
    assert cfg.latex.commands == {"\\todo{}": "ignore"}
    assert cfg.latex.environments == {"comment": "ignore"}


def test_vocabulary_and_vocabulary_file_add_up_in_either_order(tmp_path: Path) -> None:
    write(tmp_path / "words.txt", "Zarr\n")
    write(tmp_path / ".wa.toml", 'vocabulary_file = "words.txt"\nvocabulary = ["wa"]\n')
    assert sorted(load_config(tmp_path).vocabulary) == ["Zarr", "wa"]


def test_overrides_apply_to_matching_files_only(tmp_path: Path) -> None:
    write(
        tmp_path / ".wa.toml",
        """
vocabulary = ["wa"]

[[overrides]]
files = ["papers/**/*.tex"]
dialect = "british"
vocabulary = ["LaTeX"]

[[overrides]]
files = ["*.rst"]
min_severity = "error"
""",
    )
    cfg = load_config(tmp_path)
    paper = cfg.for_path(tmp_path / "papers" / "2024" / "main.tex")
    assert paper.dialect == "british"
    assert paper.vocabulary == ("wa", "LaTeX")
    assert cfg.for_path(tmp_path / "README.md") == cfg
    assert cfg.for_path(tmp_path / "docs" / "index.rst").min_severity is Severity.ERROR


def test_rules_switch_by_full_id_bare_name_or_glob() -> None:
    cfg = Config(disabled_rules=("harper/SpellCheck", "LongSentences", "languagetool/*"))
    assert not cfg.rule_enabled("harper/SpellCheck")
    assert not cfg.rule_enabled("harper/LongSentences")
    assert not cfg.rule_enabled("languagetool/EN_A_VS_AN")
    assert cfg.rule_enabled("harper/AnA")


@pytest.mark.parametrize(
    ("pattern", "matched"),
    [
        ("harper/AnA", {"harper/AnA"}),
        ("AnA", {"harper/AnA", "AnA"}),  # a bare name, in any namespace
        ("harper/Spell*", {"harper/SpellCheck", "harper/SpellingVariants"}),
        ("Spell?heck", {"harper/SpellCheck"}),
        ("*/EN_[A-Z]*", {"languagetool/EN_A_VS_AN"}),
        ("model/*", {"model/agreement", "model/x/y"}),
        ("x/y", set()),  # a pattern with a slash matches the whole id only
        ("[", set()),  # an unclosed bracket is a literal
    ],
)
def test_rule_patterns_are_globs_over_the_id_or_the_bare_name(pattern: str, matched: set[str]) -> None:
    rules = ["harper/AnA", "AnA", "harper/SpellCheck", "harper/SpellingVariants", "harper/LongSentences"]
    rules += ["languagetool/EN_A_VS_AN", "model/agreement", "model/x/y"]
    assert {r for r in rules if rule_matches(r, pattern)} == matched
    # however many patterns are given at once, each matches as it does alone
    many = Config(disabled_rules=(pattern, "NoSuchRule", "other/*"))
    assert {r for r in rules if not many.rule_enabled(r)} == matched


def test_rule_patterns_that_name_no_rule_are_found_with_the_likely_name() -> None:
    patterns = [
        "harper/SpellCheck", "harper/Long*", "model/agreement", "commas/*",  # each matches a rule
        "languagetool/ANY_RULE", "SpelCheck",  # LanguageTool's rules are not known ahead of time
        "model/agrement", "harper/Zzz*", "nosuchchecker/Rule",
    ]  # fmt: skip
    assert unmatched_rules(patterns) == {
        "model/agrement": "model/agreement",
        "harper/Zzz*": None,
        "nosuchchecker/Rule": None,
    }


def test_excludes_match_relative_to_the_config(tmp_path: Path) -> None:
    write(tmp_path / ".wa.toml", 'exclude = ["build/**", "CHANGELOG.md"]\n')
    cfg = load_config(tmp_path)
    assert cfg.is_excluded(tmp_path / "build" / "html" / "index.md")
    assert cfg.is_excluded(tmp_path / "sub" / "CHANGELOG.md")
    assert not cfg.is_excluded(tmp_path / "docs" / "build.md")


def test_with_values_merges_editor_settings(tmp_path: Path) -> None:
    cfg = Config(vocabulary=("wa",)).with_values({"vocabulary": ["Harper"], "dialect": "british"})
    assert cfg.vocabulary == ("wa", "Harper")
    assert cfg.dialect == "british"


# --- every mistake names the file and the key -----------------------------------------------

INVALID = [
    ("colour = true", "colour", "unknown key"),
    ('checkers = "harper, model"', "", ""),  # a single string is a one-item list: valid
    ("checkers = [1]", "checkers", "expected a list of strings"),
    ("disabled_rules = 3", "disabled_rules", "expected a list of strings"),
    ("enabled_rules = [true]", "enabled_rules", "expected a list of strings"),
    ("vocabulary = [1, 2]", "vocabulary", "expected a list of strings"),
    ("vocabulary_file = 1", "vocabulary_file", "expected a path to a word list"),
    ('vocabulary_file = "missing.txt"', "vocabulary_file", "cannot read"),
    ('ignore = ["("]', "ignore", "invalid regular expression"),
    ("exclude = {}", "exclude", "expected a list of strings"),
    ('min_severity = "fatal"', "min_severity", "unknown severity 'fatal'"),
    ("min_severity = 2", "min_severity", "expected a string"),
    ('dialect = "martian"', "dialect", "expected one of american"),
    ("harper = 1", "harper", "expected a table"),
    ("harper.title_cases = true", "harper.title_cases", "unknown key (valid: title_case"),
    ('harper.title_case = "yes"', "harper.title_case", "expected true or false"),
    ("languagetool.url = 8081", "languagetool.url", "expected a string"),
    ('languagetool.timeout = "fast"', "languagetool.timeout", "expected a number"),
    ("languagetool.disabled_rules = 1", "languagetool.disabled_rules", "expected a list of strings"),
    ("model.margin = true", "model.margin", "expected a number"),
    ("model.margin = nan", "model.margin", "expected a finite number, not nan"),
    ("model.max_change = inf", "model.max_change", "expected a finite number, not inf"),
    ("model.workers = -1", "model.workers", "expected a whole number"),
    ('model.threads = "all"', "model.threads", "expected a whole number"),
    ("latex.macros = {}", "latex.macros", "unknown key (valid: commands, environments)"),
    ('latex.commands = { "\\\\x{}" = "drop" }', "latex.commands.\\x{}", "expected one of ignore"),
    ('overrides = "all"', "overrides", "expected an array of tables"),
    ('[[overrides]]\ndialect = "british"', "overrides[0].files", "required"),
    ('[[overrides]]\nfiles = ["*.md"]\nshade = 1', "overrides[0].shade", "unknown key"),
    ("checkers = [", "", "not valid TOML"),
]


INVALID_CASES = [case for case in INVALID if case[2]]


def reported(path: Path, key: str, message: str) -> str:
    """How an error reads: the file, then the key it concerns (none for the file as a whole)."""
    return f"{path}: [tool.wa] {key}: {message}" if key else f"{path}: {message}"


@pytest.mark.parametrize("case", INVALID_CASES)
def test_an_invalid_value_raises_naming_file_and_key(tmp_path: Path, case: tuple[str, str, str]) -> None:
    toml, key, message = case
    path = write(tmp_path / ".wa.toml", toml + "\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.path == path
    assert info.value.key == key
    assert str(info.value).startswith(reported(path, key, message))


def test_a_single_string_is_a_one_item_list(tmp_path: Path) -> None:
    write(tmp_path / ".wa.toml", 'checkers = "harper"\n')
    assert load_config(tmp_path).checkers == ("harper",)


def test_tool_wa_that_is_not_a_table_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool]\nwa = 3\n")
    with pytest.raises(ConfigError, match=re.escape("pyproject.toml: [tool.wa] must be a table, not int")):
        load_config(tmp_path)


@pytest.mark.parametrize("case", INVALID_CASES)
def test_the_cli_reports_an_invalid_config_in_one_line_and_exits_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    case: tuple[str, str, str],
) -> None:
    toml, key, message = case
    path = write(tmp_path / ".wa.toml", toml + "\n")
    write(tmp_path / "doc.md", "Fine.\n")
    monkeypatch.chdir(tmp_path)
    status = main(["check", "--rules-only", "doc.md"])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert err.startswith(f"wa: error: {reported(path, key, message)}")
    assert len(err.splitlines()) == 1
