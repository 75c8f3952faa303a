"""End to end: quick fixes, the server-side commands that write the config, rewrites, hovers."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import (
    Start,
    apply_edits,
    edits_of,
    has,
    lacks,
    logged,
    open_doc,
    wait_for_diagnostics,
)
from wa_core.parsers import language_for

SPELL = "harper/SpellCheck"
PURPLE = "model/purple"
HOVER_SUMMARY = "SUMMARIZE beams=1"  # what the fake engine logs for a hover's summary

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def actions_at(
    client: LanguageClient,
    uri: str,
    rng: types.Range,
    diagnostics: list[types.Diagnostic],
    only: list[str] | None,
) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diagnostics, only=only),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


async def spelling_actions(
    client: LanguageClient, uri: str
) -> tuple[types.Diagnostic, list[types.CodeAction]]:
    diagnostics = await wait_for_diagnostics(client, uri, has(SPELL))
    spell = next(d for d in diagnostics if d.code == SPELL)
    found = await actions_at(client, uri, spell.range, [spell], [types.CodeActionKind.QuickFix])
    return spell, found


async def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def hover_markdown(client: LanguageClient, uri: str, line: int, character: int) -> str:
    """The Markdown a hover at (line, character) shows; fails if it shows nothing."""
    result = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    return result.contents.value


async def test_quick_fix_replaces_with_a_suggestion(lsp: LanguageClient, workspace: Path) -> None:
    text = "This is a sentnce with a mistake.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    _, found = await spelling_actions(lsp, uri)
    replaces = [a for a in found if a.title.startswith("Replace with")]
    assert 1 <= len(replaces) <= 5
    first = replaces[0]
    assert first.title == "Replace with ‘sentence’"
    assert first.kind == types.CodeActionKind.QuickFix
    assert first.is_preferred
    assert first.diagnostics and first.diagnostics[0].code == SPELL
    fixed = apply_edits(text, edits_of(first))
    assert fixed == "This is a sentence with a mistake.\n"
    # The client applies it; the finding goes away.
    await change(lsp, uri, 2, fixed)
    await wait_for_diagnostics(lsp, uri, lacks(SPELL), version=2)


async def test_the_model_layer_orders_the_rules_quick_fixes(start: Start, workspace: Path) -> None:
    lsp = await start(env={"WA_FAKE_MODEL_PREFER": "seance"})  # Harper: sentence, seance, sentenced
    uri = open_doc(lsp, workspace / "a.md", "This is a sentnce about a purple cat.\n")
    diagnostics = await wait_for_diagnostics(lsp, uri, has(PURPLE))  # the model layer is done
    spell = next(d for d in diagnostics if d.code == SPELL)
    found = await actions_at(lsp, uri, spell.range, [spell], [types.CodeActionKind.QuickFix])
    replaces = [a.title for a in found if a.title.startswith("Replace with")]
    assert replaces == ["Replace with ‘seance’", "Replace with ‘sentence’", "Replace with ‘sentenced’"]


async def test_quick_fixes_are_ordered_when_every_sentence_comes_from_the_cache(
    start: Start, workspace: Path
) -> None:
    lsp = await start(env={"WA_FAKE_MODEL_PREFER": "seance"})
    text = "This is a sentnce about a purple cat.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    await wait_for_diagnostics(lsp, uri, has(PURPLE))
    await change(lsp, uri, 2, "A different sentence.\n")
    await wait_for_diagnostics(lsp, uri, lacks(SPELL), version=2)
    await change(lsp, uri, 3, text)  # an undo: the model has every sentence in its cache

    def publications() -> int:
        return sum(p.uri == uri and p.version == 3 for p in lsp.published)  # type: ignore[attr-defined]

    async with asyncio.timeout(30):
        while publications() < 2:  # the rule layer, then the rule layer ranked
            await lsp.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diagnostics = await wait_for_diagnostics(lsp, uri, has(SPELL), version=3)
    spell = next(d for d in diagnostics if d.code == SPELL)
    found = await actions_at(lsp, uri, spell.range, [spell], [types.CodeActionKind.QuickFix])
    assert found[0].title == "Replace with ‘seance’"


async def test_model_finding_quick_fix(lsp: LanguageClient, workspace: Path) -> None:
    text = "A purple cat.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    diagnostics = await wait_for_diagnostics(lsp, uri, has(PURPLE))
    purple = next(d for d in diagnostics if d.code == PURPLE)
    found = await actions_at(lsp, uri, purple.range, [purple], None)
    fix = next(a for a in found if a.title == "Replace with ‘violet’")
    assert apply_edits(text, edits_of(fix)) == "A violet cat.\n"


async def test_add_to_dictionary_creates_wa_toml(start: Start, workspace: Path) -> None:
    lsp = await start()
    uri = open_doc(lsp, workspace / "docs" / "a.md", "We keep this sentnce as it is.\n")
    diagnostics = await wait_for_diagnostics(lsp, uri, has(SPELL))
    spell = next(d for d in diagnostics if d.code == SPELL)
    found = await actions_at(lsp, uri, spell.range, [spell], [types.CodeActionKind.QuickFix])
    add = next(a for a in found if a.title.startswith("Add"))
    assert add.title == "Add ‘sentnce’ to the project dictionary"
    assert add.command is not None
    result = await lsp.workspace_execute_command_async(
        types.ExecuteCommandParams(command=add.command.command, arguments=add.command.arguments)
    )
    config = workspace / ".wa.toml"
    assert result["file"] == str(config)
    assert tomllib.loads(config.read_text())["vocabulary"] == ["sentnce"]
    # Open documents are checked again with the new vocabulary.
    await wait_for_diagnostics(lsp, uri, lacks(SPELL))


async def test_disable_rule_edits_existing_pyproject(start: Start, workspace: Path) -> None:
    pyproject = workspace / "pyproject.toml"
    original = (
        '[project]\nname = "demo"  # keep this comment\n\n'
        '[tool.wa]\nvocabulary = [\n    "Frobnicator",  # ours\n]\n\n[tool.other]\nx = 1\n'
    )
    pyproject.write_text(original)
    lsp = await start()
    uri = open_doc(lsp, workspace / "a.md", "This is a sentnce.\n")
    _, found = await spelling_actions(lsp, uri)
    disable = next(a for a in found if a.title.startswith("Disable rule"))
    assert disable.title == f"Disable rule {SPELL} in this project"
    assert disable.command is not None
    await lsp.workspace_execute_command_async(
        types.ExecuteCommandParams(command=disable.command.command, arguments=disable.command.arguments)
    )
    written = pyproject.read_text()
    assert tomllib.loads(written)["tool"]["wa"] == {"vocabulary": ["Frobnicator"], "disabled_rules": [SPELL]}
    assert "# keep this comment" in written and '"Frobnicator",  # ours' in written
    assert written.startswith(original.split("[tool.wa]", maxsplit=1)[0])
    await wait_for_diagnostics(lsp, uri, lacks(SPELL))


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "a.md",
            "# Title\n\n  This is a sentnce.\n",
            "# Title\n\n  <!-- wa-disable-next-line harper/SpellCheck -->\n  This is a sentnce.\n",
        ),
        (
            "a.tex",
            "\\section{Intro}\nThis is a sentnce.\n",
            "\\section{Intro}\n% wa-disable-next-line harper/SpellCheck\nThis is a sentnce.\n",
        ),
        (  # at the line's start: an indented "//" would be literal text
            "a.adoc",
            "== Intro\n\n* This is a\n  sentnce.\n",
            "== Intro\n\n* This is a\n// wa-disable-next-line harper/SpellCheck\n  sentnce.\n",
        ),
    ],
)
async def test_ignore_here_writes_the_languages_comment(
    lsp: LanguageClient, workspace: Path, name: str, text: str, expected: str
) -> None:
    uri = open_doc(lsp, workspace / name, text, language=language_for(name))
    _, found = await spelling_actions(lsp, uri)
    ignore = next(a for a in found if a.title.startswith("Ignore this finding here"))
    new = apply_edits(text, edits_of(ignore))
    assert new == expected
    await change(lsp, uri, 2, new)
    await wait_for_diagnostics(lsp, uri, lacks(SPELL), version=2)


async def test_rewrites_are_listed_then_resolved(lsp: LanguageClient, workspace: Path) -> None:
    text = "First sentence here. The second sentence is rather long and wordy.\n\nAnother paragraph.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    await wait_for_diagnostics(lsp, uri)
    cursor = types.Position(0, text.index("second"))
    found = await actions_at(
        lsp, uri, types.Range(cursor, cursor), [], [types.CodeActionKind.RefactorRewrite]
    )
    titles = [a.title for a in found]
    assert titles[:5] == [
        f"Rewrite sentence: {s}" for s in ("concise", "formal", "paraphrase", "simplify", "fluent")
    ]
    assert titles[5:] == [
        f"Rewrite paragraph: {s}" for s in ("concise", "formal", "paraphrase", "simplify", "fluent")
    ]
    assert all(a.edit is None and a.kind == types.CodeActionKind.RefactorRewrite for a in found)
    resolved = await lsp.code_action_resolve_async(found[0])
    assert resolved.title == "Concise: The second sentence is."
    assert apply_edits(text, edits_of(resolved)) == (
        "First sentence here. The second sentence is.\n\nAnother paragraph.\n"
    )


async def test_rewrite_of_a_selection(lsp: LanguageClient, workspace: Path) -> None:
    text = "Keep this. Rewrite only these words please.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    await wait_for_diagnostics(lsp, uri)
    start, end = text.index("Rewrite"), text.index(".\n")
    rng = types.Range(types.Position(0, start), types.Position(0, end))
    found = await actions_at(lsp, uri, rng, [], [types.CodeActionKind.RefactorRewrite])
    assert [a.title for a in found] == [
        f"Rewrite selection: {s}" for s in ("concise", "formal", "paraphrase", "simplify", "fluent")
    ]
    formal = await lsp.code_action_resolve_async(found[1])
    assert formal.title == "Formal: Rewrite only these words please (formal)."
    assert apply_edits(text, edits_of(formal)) == "Keep this. Rewrite only these words please (formal)..\n"


async def test_stale_rewrite_is_not_applied(lsp: LanguageClient, workspace: Path) -> None:
    text = "One sentence to rewrite.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    await wait_for_diagnostics(lsp, uri)
    cursor = types.Position(0, 2)
    found = await actions_at(
        lsp, uri, types.Range(cursor, cursor), [], [types.CodeActionKind.RefactorRewrite]
    )
    await change(lsp, uri, 2, "Something else entirely.\n")
    resolved = await lsp.code_action_resolve_async(found[0])
    assert resolved.edit is None
    assert "changed" in resolved.title


async def test_hover_explains_a_finding(lsp: LanguageClient, workspace: Path) -> None:
    text = "This is a sentnce.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    spell = next(d for d in await wait_for_diagnostics(lsp, uri, has(SPELL)) if d.code == SPELL)
    result = await lsp.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, text.index("sentnce") + 2))
    )
    assert result is not None
    assert isinstance(result.contents, types.MarkupContent)
    value = result.contents.value
    assert "`harper/SpellCheck`" in value and "harper" in value and "“sentence”" in value
    assert result.range == spell.range


async def test_hover_summarises_a_section(lsp: LanguageClient, workspace: Path) -> None:
    body = " ".join(["Words about the topic that matter."] * 4)
    text = f"# Overview\n\n{body}\n\n## Details\n\nMore.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    await wait_for_diagnostics(lsp, uri)
    result = await lsp.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.value.startswith("**Summary of “Overview”**")
    assert "A text of 26 words" in result.contents.value  # with its subsection: 24 + "Details" + "More"
    assert result.range == types.Range(types.Position(0, 0), types.Position(0, 10))


async def test_hover_on_a_chapter_says_it_is_too_long_to_summarise(
    start: Start, workspace: Path, model_log: Path
) -> None:
    client = await start()
    body = " ".join(["Words about the topic that matter."] * 400)  # 2,400 words
    uri = open_doc(client, workspace / "a.md", f"# Chapter\n\n{body}\n")
    await wait_for_diagnostics(client, uri)
    shown = await hover_markdown(client, uri, 0, 3)
    assert "A section of 2,400 words: too long to summarise in a hover" in shown
    assert HOVER_SUMMARY not in logged(model_log)  # the model was not asked


async def test_hover_summarises_a_long_paragraph(lsp: LanguageClient, workspace: Path) -> None:
    body = " ".join(["This paragraph goes on and on about things."] * 12)
    uri = open_doc(lsp, workspace / "a.md", f"{body}\n\nShort one.\n")
    await wait_for_diagnostics(lsp, uri)
    result = await lsp.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 30))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.value.startswith("**In one sentence:**")
    short = await lsp.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(2, 2))
    )
    assert short is None


async def test_hover_is_bounded_in_time(start: Start, workspace: Path) -> None:
    client = await start(env={"WA_FAKE_ENGINE_DELAY": "3", "WA_LSP_HOVER_TIMEOUT": "0.2"})
    body = " ".join(["Words about the topic that matter."] * 4)
    uri = open_doc(client, workspace / "a.md", f"# Slow\n\n{body}\n")
    await wait_for_diagnostics(client, uri)
    assert "still summarising" in await hover_markdown(client, uri, 0, 3)


async def test_hover_goes_before_background_model_checks(
    start: Start, workspace: Path, model_log: Path
) -> None:
    client = await start(env={"WA_FAKE_MODEL_DELAY": "0.3"})
    sentences = " ".join(f"Sentence {i} of the section is here." for i in range(16))
    uri = open_doc(client, workspace / "a.md", f"# Busy\n\n{sentences}\n")
    await wait_for_diagnostics(client, uri, version=1)  # rules; the model now works in batches
    result = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
    )
    assert result is not None and isinstance(result.contents, types.MarkupContent)
    assert result.contents.value.startswith("**Summary")
    # The summary ran between two batches, not after the whole model layer...
    lines = logged(model_log)
    assert HOVER_SUMMARY in lines  # greedy: a hover is read at a glance
    assert lines.index(HOVER_SUMMARY) < 17, lines
    # ...which then went on, where it stopped, to the end.
    await wait_for_diagnostics(client, uri, lambda _: len(logged(model_log)) >= 18)
    checked = [line for line in logged(model_log) if line != HOVER_SUMMARY]
    assert sorted(set(checked)) == sorted(set(sentences.replace(". ", ".\n").splitlines()) | {"Busy"})


async def test_build_model_command_reports_progress(start: Start) -> None:
    script = (
        "import sys\n"
        "for step in ('loading base weights', 'converting', 'built default'):\n"
        "    print('wa: ' + step, file=sys.stderr)\n"
    )
    client = await start(env={"WA_LSP_TEST_BUILD": script})
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="wa.buildModel"))
    assert result == {"built": True, "message": "built default"}
    values = [v for reports in client.progress_reports.values() for v in reports]
    assert any(
        isinstance(v, types.WorkDoneProgressBegin) and v.title == "Building the wa model" for v in values
    )
    assert [v.message for v in values if isinstance(v, types.WorkDoneProgressReport)] == [
        "loading base weights",
        "converting",
        "built default",
    ]
    assert any(isinstance(v, types.WorkDoneProgressEnd) for v in values)


async def test_a_cancelled_hover_abandons_its_model_work(
    start: Start, workspace: Path, model_log: Path
) -> None:
    client = await start(env={"WA_FAKE_MODEL_DELAY": "1.0"})
    sentences = " ".join(f"Sentence {i} of the section is here." for i in range(8))
    uri = open_doc(client, workspace / "a.md", f"# Busy\n\n{sentences}\n")
    await wait_for_diagnostics(client, uri, version=1)  # the model now works on a 4 s batch
    params = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
    future = client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, params, msg_id="hover-1")
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="hover-1"))
    with pytest.raises(Exception, match="cancel"):
        await asyncio.wait_for(asyncio.wrap_future(future), 30)
    # The model layer finishes; the summary was never computed.
    await wait_for_diagnostics(client, uri, lambda _: len(logged(model_log)) >= 9)
    assert not any(line.startswith("SUMMARIZE") for line in logged(model_log))
