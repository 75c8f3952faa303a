"""The server's plain modules, in process: positions, the TOML updater, settings, outline."""

from __future__ import annotations

import asyncio
import contextlib
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from wa_core.config import Config, HarperSettings
from wa_core.document import Severity, Span
from wa_core.parsers import parse
from wa_core.spelling import misspellings
from wa_lsp.checks import Checking
from wa_lsp.config_writer import ConfigWriteError, add_to_list, toml_string
from wa_lsp.documents import Documents, mid_typing
from wa_lsp.outline import headings, paragraph_at, sentence_at
from wa_lsp.positions import UTF8, UTF16, UTF32, LineIndex, apply_change, choose_encoding
from wa_lsp.project import Project
from wa_lsp.scheduler import Scheduler
from wa_lsp.settings import Settings, parse_settings

# --- positions -------------------------------------------------------------------------


def test_choose_encoding_prefers_the_cheapest() -> None:
    assert choose_encoding(None) == UTF16
    assert choose_encoding([]) == UTF16
    assert choose_encoding([UTF8, UTF16, UTF32]) == UTF32
    assert choose_encoding([UTF8, UTF16]) == UTF16
    assert choose_encoding([UTF8]) == UTF8
    assert choose_encoding(["utf-7"]) == UTF16


@pytest.mark.parametrize(
    ("encoding", "column"),
    [(UTF16, 5), (UTF32, 4), (UTF8, 7)],
)
def test_astral_character_columns(encoding: str, column: int) -> None:
    # The closing quote in x="😋" (the LSP specification's example).
    text = 'x="😋"'
    index = LineIndex(text, encoding)
    assert index.position(4) == types.Position(0, column)
    assert index.offset(types.Position(0, column)) == 4


def test_line_breaks_are_the_protocols() -> None:
    text = "a\r\nb\rc\nd\u2028e\x0cf"
    index = LineIndex(text)
    assert index.line_count == 4  # \u2028 and \x0c are not line breaks in LSP
    assert index.position(text.index("d")) == types.Position(3, 0)
    assert index.position(text.index("f")) == types.Position(3, 4)
    # Inside \r\n is the end of the line.
    assert index.position(2) == types.Position(0, 1)


def test_positions_past_the_end_clamp() -> None:
    index = LineIndex("ab\ncd")
    assert index.offset(types.Position(0, 99)) == 2
    assert index.offset(types.Position(7, 0)) == 5
    assert index.position(99) == types.Position(1, 2)


def test_apply_change() -> None:
    text = "héllo 😀 world\nnext"
    rng = types.Range(types.Position(0, 6), types.Position(0, 8))  # the emoji, in UTF-16
    assert apply_change(text, rng, "🙂", UTF16) == "héllo 🙂 world\nnext"
    assert apply_change(text, None, "new", UTF16) == "new"


def _edit(start: tuple[int, int], end: tuple[int, int], text: str) -> types.TextDocumentContentChangePartial:
    span = types.Range(types.Position(*start), types.Position(*end))
    return types.TextDocumentContentChangePartial(span, text)


def test_keystrokes_are_typing_that_goes_on_and_whole_edits_are_not() -> None:
    assert mid_typing([_edit((0, 3), (0, 3), "x")])  # a character typed
    assert mid_typing([_edit((0, 3), (0, 3), "😀")])
    assert mid_typing([_edit((0, 3), (0, 4), "")])  # one deleted
    assert mid_typing([_edit((0, 3), (0, 5), "")])  # an astral character deleted: two UTF-16 units
    assert mid_typing([_edit((0, 9), (1, 0), "")])  # a line break deleted
    assert mid_typing([_edit((0, 3), (0, 3), "\n    ")])  # Enter, with the indent the editor adds
    assert mid_typing([types.TextDocumentContentChangeWholeDocument(text="all of it")])  # no telling
    assert not mid_typing([_edit((0, 9), (0, 9), ".")])  # a sentence's end typed
    assert not mid_typing([_edit((0, 9), (0, 9), "?")])
    assert not mid_typing([_edit((0, 0), (0, 20), "A new sentence.")])  # replaced
    assert not mid_typing([_edit((0, 3), (0, 3), "pasted words")])
    assert not mid_typing([_edit((0, 3), (0, 4), "X")])  # typed over a selection
    assert not mid_typing([_edit((0, 0), (0, 9), "")])  # a word deleted
    assert not mid_typing([_edit((0, 0), (2, 0), "")])  # lines cut
    assert not mid_typing([_edit((0, 3), (0, 3), "x"), _edit((1, 0), (1, 5), "fix")])  # an applied fix


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab é😀\n\r\t")), max_size=40),
    st.sampled_from([UTF8, UTF16, UTF32]),
)
def test_offsets_round_trip(text: str, encoding: str) -> None:
    index = LineIndex(text, encoding)
    for offset in range(len(text) + 1):
        if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
            continue  # between \r and \n: not a position
        assert index.offset(index.position(offset)) == offset
    assert index.span(index.range(Span(0, len(text)))) == Span(0, len(text))


# --- the TOML updater ---------------------------------------------------------------------


def test_adds_to_an_inline_list_keeping_its_comment(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.wa]\nvocabulary = ["a"]  # words\n\n[tool.b]\nc = 1\n')
    assert add_to_list(path, "vocabulary", "b")
    assert (
        path.read_text()
        == '[project]\nname = "x"\n\n[tool.wa]\nvocabulary = ["a", "b"]  # words\n\n[tool.b]\nc = 1\n'
    )
    assert not add_to_list(path, "vocabulary", "b")  # already there


def test_adds_a_line_to_a_block_list(tmp_path: Path) -> None:
    path = tmp_path / ".wa.toml"
    path.write_text('# ours\nvocabulary = [\n  "a",  # first\n  "b"\n]\n\n[harper]\ntitle_case = true\n')
    add_to_list(path, "vocabulary", 'say "hi"')
    assert path.read_text() == (
        '# ours\nvocabulary = [\n  "a",  # first\n  "b",\n  "say \\"hi\\"",\n]\n'
        "\n[harper]\ntitle_case = true\n"
    )


def test_adds_a_key_to_the_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text('[tool.wa]\nmin_severity = "warning"\n\n[tool.wa.latex]\ncommands = {}\n')
    add_to_list(path, "disabled_rules", "harper/SpellCheck")
    data = tomllib.loads(path.read_text())["tool"]["wa"]
    assert data == {
        "min_severity": "warning",
        "disabled_rules": ["harper/SpellCheck"],
        "latex": {"commands": {}},
    }
    assert path.read_text().index("disabled_rules") < path.read_text().index("[tool.wa.latex]")


def test_creates_a_file_and_a_table(tmp_path: Path) -> None:
    new = tmp_path / "sub" / ".wa.toml"
    add_to_list(new, "vocabulary", "wa")
    assert new.read_text() == 'vocabulary = ["wa"]\n'
    sub_only = tmp_path / "pyproject.toml"
    sub_only.write_text("[tool.wa.harper]\ntitle_case = true\n")
    add_to_list(sub_only, "vocabulary", "wa")
    assert tomllib.loads(sub_only.read_text())["tool"]["wa"] == {
        "harper": {"title_case": True},
        "vocabulary": ["wa"],
    }


def test_crlf_files_stay_crlf(tmp_path: Path) -> None:
    path = tmp_path / ".wa.toml"
    path.write_bytes(b'vocabulary = ["a"]\r\n[harper]\r\ntitle_case = true\r\n')
    add_to_list(path, "vocabulary", "b")
    assert path.read_bytes() == b'vocabulary = ["a", "b"]\r\n[harper]\r\ntitle_case = true\r\n'


def test_refuses_what_it_cannot_do_safely(tmp_path: Path) -> None:
    broken = tmp_path / ".wa.toml"
    broken.write_text("vocabulary = [\n")
    with pytest.raises(ConfigWriteError):
        add_to_list(broken, "vocabulary", "x")
    assert broken.read_text() == "vocabulary = [\n"
    dotted = tmp_path / "pyproject.toml"
    dotted.write_text('[tool]\nwa.min_severity = "hint"\n')
    with pytest.raises(ConfigWriteError):
        add_to_list(dotted, "vocabulary", "x")
    assert dotted.read_text() == '[tool]\nwa.min_severity = "hint"\n'


@given(st.text(max_size=20))
def test_toml_strings_round_trip(value: str) -> None:
    if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
        return
    assert tomllib.loads(f"k = {toml_string(value)}")["k"] == value


# --- settings ---------------------------------------------------------------------------


def test_settings_parse_and_apply() -> None:
    s = parse_settings(
        {
            "disabledRules": ["SpellCheck"],
            "vocabulary": "wa",
            "minSeverity": "Warning",
            "trace": {"server": "off"},
        }
    )
    assert s.errors == ()
    assert (
        s.disabled_rules == ("SpellCheck",) and s.vocabulary == ("wa",) and s.min_severity is Severity.WARNING
    )
    project = Config(disabled_rules=("harper/Dashes",), vocabulary=("Zig",))
    merged = s.apply(project)
    assert merged.disabled_rules == ("harper/Dashes", "SpellCheck")
    assert merged.vocabulary == ("Zig", "wa")
    assert merged.min_severity is Severity.WARNING
    assert Settings(confusions=True).apply(project) is project


def test_the_editor_takes_the_second_look_only_when_asked() -> None:
    project = Config()
    assert project.model.confusions  # wa check and wa correct take it
    assert Settings().apply(project).model.confusions is False
    assert parse_settings({"confusions": True}).apply(project).model.confusions is True
    assert parse_settings({"confusions": "yes"}).errors == ("wa.confusions: expected true or false",)


def test_settings_errors_fall_back_per_key() -> None:
    s = parse_settings(
        {"minSeverity": 3, "model": "no", "checkers": ["x"], "languages": [1]}, known_checkers=("harper",)
    )
    assert s.min_severity is None and s.model is True and s.checkers is None
    assert s.languages == Settings().languages
    assert len(s.errors) == 4
    assert parse_settings("nonsense").errors


def test_languages_accept_ids_and_aliases() -> None:
    s = Settings()
    assert s.checks_language("markdown") and s.checks_language("tex") and s.checks_language("rst")
    assert not s.checks_language("python")
    assert Settings(languages=("gitcommit",)).checks_language("gitcommit")


# --- outline ----------------------------------------------------------------------------


def test_markdown_headings_and_sections() -> None:
    src = "# A\n\ntext a\n\n```sh\n# not a heading\n```\n\n## B\n\ntext b\n\nTitle\n=====\n\ntext c\n"
    found = headings(src, "markdown")
    assert [(h.title, h.level) for h in found] == [("A", 1), ("B", 2), ("Title", 1)]
    a = found[0]
    assert "text b" in a.section.of(src) and "text c" not in a.section.of(src)


def test_latex_and_rst_headings() -> None:
    tex = (
        "\\section{One}\nx\n% \\section{Commented}\n"
        "\\subsection*{Two}\ny\n\\section{Three}\nz\n\\end{document}\n"
    )
    assert [(h.title, h.level) for h in headings(tex, "latex")] == [("One", 2), ("Two", 3), ("Three", 2)]
    last = headings(tex, "latex")[-1]
    assert "end{document}" not in last.section.of(tex)
    rst = "=====\nTitle\n=====\n\nIntro.\n\nPart\n----\n\nBody.\n"
    assert [(h.title, h.level) for h in headings(rst, "restructuredtext")] == [("Title", 0), ("Part", 1)]


def test_asciidoc_headings() -> None:
    adoc = (
        "= Guide\n\n== Install ==\n\nText.\n\n----\n== not a title\n----\n\n"
        "=== Linux\n\nMore.\n\nRun:\n----\nmake\n----\n\nOPTIONS\n-------\n\n--all::\n"
    )
    found = headings(adoc, "asciidoc")
    assert [(h.title, h.level) for h in found] == [("Guide", 0), ("Install", 1), ("Linux", 2), ("OPTIONS", 1)]
    assert "More." in found[1].section.of(adoc) and "--all" not in found[1].section.of(adoc)


def test_sentence_and_paragraph_under_the_cursor() -> None:
    src = "First one. Second **bold** one.\n\nNext paragraph here.\n"
    doc = parse(src, language="markdown")
    sentence = sentence_at(doc, src.index("bold"))
    assert sentence is not None and sentence.of(src) == "Second **bold** one."
    paragraph = paragraph_at(doc, src.index("First"))
    assert paragraph is not None and paragraph.of(src) == "First one. Second **bold** one."
    # On markup, the nearest prose on the line.
    assert sentence_at(doc, src.index("**")) == sentence


def test_vscode_settings_match_the_server_and_the_docs() -> None:
    import json

    root = Path(__file__).parent.parent.parent
    package = json.loads((root / "editors" / "vscode" / "package.json").read_text())
    properties = package["contributes"]["configuration"]["properties"]
    docs = (root / "docs" / "lsp.md").read_text()
    server_keys = {k.removeprefix("wa.") for k in properties if not k.startswith(("wa.server.", "wa.trace."))}
    assert server_keys == {
        "checkers",
        "disabledRules",
        "vocabulary",
        "minSeverity",
        "model",
        "confusions",
        "languages",
    }
    for key in server_keys:
        default = properties[f"wa.{key}"]["default"]
        assert parse_settings({key: default}).errors == (), key
        assert f"`{key}`" in docs, key
    # What VS Code sends for the whole section (dotted keys nest) parses cleanly too.
    section: dict[str, object] = {}
    for k, v in properties.items():
        *parents, name = k.removeprefix("wa.").split(".")
        node = section
        for p in parents:
            node = node.setdefault(p, {})  # type: ignore[assignment]
        node[name] = v["default"]
    assert parse_settings(section).errors == ()
    assert parse_settings(section) == Settings()


def test_warm_up_reads_codespells_list_before_the_first_document() -> None:
    """The slip test asks codespell's list on a document's first unknown word (0.1 s to
    read): the server reads it while it starts, not while the first diagnostics wait."""

    def scheduler() -> Scheduler:
        return Scheduler(
            Documents(),
            Project(lambda _: None),
            Checking(lambda *_: None),
            lambda _: None,
            lambda _: contextlib.nullcontext(lambda _: None),
            model_enabled=lambda: False,
            wanted=lambda _: True,
            on_error=lambda *_: None,
        )

    rules = Config(checkers=("harper",))
    misspellings.cache_clear()
    asyncio.run(scheduler().warm_up(Config(checkers=("harper",), harper=HarperSettings(codespell=False))))
    assert misspellings.cache_info().currsize == 0  # not read when not used
    asyncio.run(scheduler().warm_up(rules))
    assert misspellings.cache_info().currsize == 1
