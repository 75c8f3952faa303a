"""End to end: the two diagnostic layers, edits, positions, cancellation, progress."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import (
    Start,
    codes,
    has,
    latest,
    logged,
    open_doc,
    utf16_position,
    wait_for_diagnostics,
)

SPELL = "harper/SpellCheck"
PURPLE = "model/purple"

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_capabilities_and_utf16_default(start: Start, workspace: Path) -> None:
    from pytest_lsp import ClientServerConfig, client_capabilities

    from tests.lsp.helpers import FAKE_SERVER, make_client

    config = ClientServerConfig(list(FAKE_SERVER), client_factory=make_client)
    client = await config.start()
    try:
        result = await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri()
            )
        )
        caps = result.capabilities
        assert caps.position_encoding == types.PositionEncodingKind.Utf16
        assert caps.hover_provider
        assert isinstance(caps.code_action_provider, types.CodeActionOptions)
        assert caps.code_action_provider.resolve_provider
        assert set(caps.code_action_provider.code_action_kinds or []) == {
            types.CodeActionKind.QuickFix,
            types.CodeActionKind.RefactorRewrite,
        }
        assert caps.execute_command_provider is not None
        assert {"wa.addToVocabulary", "wa.disableRule", "wa.rewrite"} <= set(
            caps.execute_command_provider.commands
        )
        sync = caps.text_document_sync
        assert isinstance(sync, types.TextDocumentSyncOptions)
        assert sync.change == types.TextDocumentSyncKind.Incremental
        assert result.server_info is not None and result.server_info.name == "wa"
        await client.shutdown_session()
    finally:
        await client.stop()


async def test_utf8_positions_when_only_utf8_is_offered(start: Start, workspace: Path) -> None:
    # (utf-32 when offered: test_utf32_positions_for_neovim; the ranking itself: test_lsp_units.)
    from pytest_lsp import client_capabilities

    caps = client_capabilities("neovim@v0.11.0")
    assert caps.general is not None
    caps.general.position_encodings = ["utf-8"]
    client = await start(caps=caps)
    text = "Smile 😀é then a sentnce here.\n"
    uri = open_doc(client, workspace / "e.md", text)
    diagnostics = await wait_for_diagnostics(client, uri, has(SPELL))
    spell = next(d for d in diagnostics if d.code == SPELL)
    start_byte = len(text[: text.index("sentnce")].encode("utf-8"))
    assert spell.range == types.Range(types.Position(0, start_byte), types.Position(0, start_byte + 7))


async def test_rule_layer_then_model_layer(lsp: LanguageClient, workspace: Path) -> None:
    text = "# Notes\n\nThis is a sentnce about a purple cat.\n"
    uri = open_doc(lsp, workspace / "a.md", text)
    diagnostics = await wait_for_diagnostics(lsp, uri, has(PURPLE))
    assert codes(diagnostics) == [SPELL, PURPLE]
    publications = [p for p in lsp.published if p.uri == uri]  # type: ignore[attr-defined]
    # The rule layer was published first, on its own, before the model had loaded.
    assert codes(publications[0].diagnostics) == [SPELL]
    assert all(p.version == 1 for p in publications)
    spell = next(d for d in diagnostics if d.code == SPELL)
    start = text.index("sentnce")
    assert spell.range == types.Range(utf16_position(text, start), utf16_position(text, start + 7))
    assert spell.source == "wa"
    assert spell.severity == types.DiagnosticSeverity.Warning
    purple = next(d for d in diagnostics if d.code == PURPLE)
    assert purple.range.start == utf16_position(text, text.index("purple"))


async def test_model_loading_reports_progress(start: Start, workspace: Path) -> None:
    lsp = await start()
    uri = open_doc(lsp, workspace / "a.md", "A purple thing.\n")
    await wait_for_diagnostics(lsp, uri, has(PURPLE))
    assert lsp.progress_reports, "no work-done progress was created"
    values = [v for reports in lsp.progress_reports.values() for v in reports]
    assert any(isinstance(v, types.WorkDoneProgressBegin) and "model" in v.title for v in values)
    assert any(isinstance(v, types.WorkDoneProgressEnd) for v in values)


async def test_did_change_updates_and_rechecks_only_changed_sentences(
    start: Start, workspace: Path, model_log: Path
) -> None:
    lsp = await start()
    text = "The first line is fine.\n\nA purple second one.\n\nThe third is a sentnce.\n"
    uri = open_doc(lsp, workspace / "b.md", text)
    await wait_for_diagnostics(lsp, uri, has(PURPLE))
    assert sorted(logged(model_log)) == sorted(
        ["The first line is fine.", "A purple second one.", "The third is a sentnce."]
    )
    model_log.write_text("")
    # Fix the misspelling and make the first sentence purple, in one incremental change each.
    line4 = text.splitlines()[4]
    col = line4.index("sentnce")
    lsp.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(4, col), types.Position(4, col + 7)), text="sentence"
                ),
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(0, 4), types.Position(0, 9)), text="purple"
                ),
            ],
        )
    )
    diagnostics = await wait_for_diagnostics(lsp, uri, lambda ds: codes(ds) == [PURPLE, PURPLE], version=2)
    assert sorted(d.range.start.line for d in diagnostics) == [0, 2]
    # Only the two sentences that changed went to the model again.
    assert sorted(logged(model_log)) == sorted(["The purple line is fine.", "The third is a sentence."])


async def test_typing_waits_for_a_pause_and_a_paste_is_checked_at_once(start: Start, workspace: Path) -> None:
    # A pause of a minute: only a change that is no keystroke can be checked within the test.
    lsp = await start(env={"WA_LSP_DEBOUNCE": "60"})
    text = "The first line is fine.\n"
    uri = open_doc(lsp, workspace / "typing.md", text)
    await wait_for_diagnostics(lsp, uri, version=1)  # opening is checked at once

    def change(version: int, start: types.Position, end: types.Position, new: str) -> None:
        lsp.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(types.Range(start, end), new)],
            )
        )

    end = types.Position(1, 0)
    change(2, end, end, "A")  # a keystroke: its check waits for the pause
    change(3, types.Position(1, 1), types.Position(1, 1), " purple sentnce pasted here.")
    diagnostics = await wait_for_diagnostics(lsp, uri, has(PURPLE), version=3)
    assert has(SPELL)(diagnostics)
    change(4, types.Position(1, 29), types.Position(1, 29), " ")  # typing goes on ...
    change(5, types.Position(1, 30), types.Position(1, 30), "X")
    change(6, types.Position(1, 31), types.Position(1, 31), ".")  # ... to a full stop: at once
    await wait_for_diagnostics(lsp, uri, version=6)
    versions = [p.version for p in lsp.published if p.uri == uri]  # type: ignore[attr-defined]
    assert not {2, 4, 5} & set(versions)


async def test_newer_version_cancels_model_work(start: Start, workspace: Path, model_log: Path) -> None:
    client = await start(env={"WA_FAKE_MODEL_DELAY": "0.15"})
    sentences = [f"Sentence number {i} is purple." for i in range(12)]
    text = "\n\n".join(sentences) + "\n"
    uri = open_doc(client, workspace / "c.md", text)
    await wait_for_diagnostics(client, uri, version=1)  # the rule layer; model work starts now
    new_text = text.replace("purple", "blue")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=new_text)],
        )
    )
    await wait_for_diagnostics(client, uri, lambda ds: not ds, version=2)
    # Wait for the version-2 model layer too: every blue sentence reaches the model.
    import asyncio

    async with asyncio.timeout(30):
        while "\n".join(logged(model_log)).count("blue") < 12:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    lines = logged(model_log)
    stale = [line for line in lines if "purple" in line]
    assert len(stale) < 12, "the version-1 model job was not cancelled"
    mine = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
    assert [p.version for p in mine] == sorted(p.version for p in mine)  # never a stale version
    assert all(not p.diagnostics for p in mine if p.version == 2)


async def test_emoji_line_in_utf16(lsp: LanguageClient, workspace: Path) -> None:
    text = "Smile 😀😀 then a sentnce here.\n"
    uri = open_doc(lsp, workspace / "e.md", text)
    diagnostics = await wait_for_diagnostics(lsp, uri, has(SPELL))
    spell = next(d for d in diagnostics if d.code == SPELL)
    # Two astral characters before the word: two UTF-16 units each.
    start = text.index("sentnce")
    assert spell.range.start == types.Position(0, start + 2)
    assert spell.range.end == types.Position(0, start + 2 + 7)


async def test_utf32_positions_for_neovim(start: Start, workspace: Path) -> None:
    client = await start(caps="neovim@v0.11.0")
    text = "Smile 😀😀 then a sentnce here.\n"
    uri = open_doc(client, workspace / "e.md", text)
    diagnostics = await wait_for_diagnostics(client, uri, has(SPELL))
    spell = next(d for d in diagnostics if d.code == SPELL)
    assert spell.range.start == types.Position(0, text.index("sentnce"))  # code points


async def test_close_clears_diagnostics(lsp: LanguageClient, workspace: Path) -> None:
    uri = open_doc(lsp, workspace / "d.md", "A sentnce.\n")
    await wait_for_diagnostics(lsp, uri, has(SPELL))
    lsp.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    await wait_for_diagnostics(lsp, uri, lambda ds: not ds)
    params = latest(lsp, uri)
    assert params is not None and not params.diagnostics


async def test_unchecked_language_is_left_alone(lsp: LanguageClient, workspace: Path) -> None:
    other = open_doc(lsp, workspace / "x.py", "# a sentnce in a comment\n", language="python")
    uri = open_doc(lsp, workspace / "y.md", "A sentnce.\n")
    await wait_for_diagnostics(lsp, uri, has(SPELL))
    assert latest(lsp, other) is None


async def test_failing_checker_is_reported_once(start: Start, workspace: Path) -> None:
    client = await start(settings={"checkers": ["harper", "explode"]})
    a = open_doc(client, workspace / "a.md", "A sentnce.\n")
    b = open_doc(client, workspace / "b.md", "Another sentnce.\n")
    await wait_for_diagnostics(client, a, has(SPELL))
    await wait_for_diagnostics(client, b, has(SPELL))
    shown = [m for m in client.messages if "explode" in m.message]
    assert len(shown) == 1, client.messages
    assert "kaboom" in shown[0].message


async def test_wa_lsp_without_a_model_publishes_rules_and_logs_once(start: Start, workspace: Path) -> None:
    # The real command (the `wa.commands` entry point), with an empty model directory.
    client = await start(command=[sys.executable, "-m", "wa_core.cli.main", "lsp"])
    body = "This is a sentnce. " + " ".join(["Words about the topic that matter."] * 3)
    a = open_doc(client, workspace / "a.md", f"# Notes\n\n{body}\n")
    b = open_doc(client, workspace / "b.tex", "Another sentnce.\n", language="latex")
    assert codes(await wait_for_diagnostics(client, a, has(SPELL))) == [SPELL]
    assert codes(await wait_for_diagnostics(client, b, has(SPELL))) == [SPELL]
    # Hovers and rewrites need the model: they step aside quietly.
    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(a), types.Position(0, 3))
    )
    assert hover is None
    missing = [m for m in client.log_messages if "no model" in m.message]
    assert len(missing) == 1, [m.message for m in client.log_messages]
    assert "wa models build" in missing[0].message
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


async def test_plain_text_is_read_by_its_files_markup(lsp: LanguageClient, workspace: Path) -> None:
    """VS Code has no AsciiDoc of its own: without an extension, an .adoc file is plain text."""
    text = "== Title\n\n----\nrun teh thing\n----\n\nA *sentnce* here.\n"
    uri = open_doc(lsp, workspace / "g.adoc", text, language="plaintext")
    diagnostics = await wait_for_diagnostics(lsp, uri, has(SPELL))
    assert [d.range.start for d in diagnostics] == [utf16_position(text, text.index("sentnce"))]


async def test_every_language_id_is_checked(lsp: LanguageClient, workspace: Path) -> None:
    docs = {
        "markdown": ("a.md", "A *sentnce* here.\n"),
        "latex": ("b.tex", "A \\emph{sentnce} here.\n"),
        "tex": ("c.tex", "% a comment\nA sentnce here.\n"),
        "plaintext": ("d.txt", "A sentnce here.\n"),
        "restructuredtext": ("e.rst", "Title\n=====\n\nA *sentnce* here.\n"),
        "asciidoc": ("f.adoc", "== Title\n\n[source]\n----\nx = 1\n----\n\nA *sentnce* here.\n"),
    }
    uris = {lang: open_doc(lsp, workspace / name, text, language=lang) for lang, (name, text) in docs.items()}
    for lang, uri in uris.items():
        diagnostics = await wait_for_diagnostics(lsp, uri, has(SPELL))
        text = docs[lang][1]
        spell = next(d for d in diagnostics if d.code == SPELL)
        assert spell.range.start == utf16_position(text, text.index("sentnce")), lang
