"""The real model path through `wa lsp`: the tiny random-weight model (tests/tiny_model.py).

Its answers are random, so these tests check the plumbing, not the prose: the model
layer follows the rule layer with ranges inside the document, loading shows progress,
one engine serves the checker, rewrites and summaries, and nothing fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import Start, open_doc, wait_for_diagnostics

pytestmark = pytest.mark.asyncio(loop_scope="module")

REAL = [sys.executable, "-m", "wa_core.cli.main", "lsp"]


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tests.tiny_model import shared_tiny_model

    return shared_tiny_model(tmp_path_factory.getbasetemp()).parent


def inside(text: str, rng: types.Range) -> bool:
    lines = text.split("\n")
    return all(p.line < len(lines) and p.character <= len(lines[p.line]) for p in (rng.start, rng.end))


async def test_model_layer_rewrites_and_hovers_with_a_real_engine(
    start: Start, workspace: Path, tiny_models: Path
) -> None:
    (workspace / ".wa.toml").write_text('[model]\nname = "tiny"\n')
    client: LanguageClient = await start(command=REAL, env={"WA_MODEL_DIR": str(tiny_models)})
    body = "She go to school every day with her friends. The results was surprising to everyone there."
    text = f"# Notes on school\n\n{body} {body}\n"
    uri = open_doc(client, workspace / "a.md", text)
    # Rules first, then the model layer: a second publication for the same version.
    await wait_for_diagnostics(client, uri, lambda _: sum(p.uri == uri for p in client.published) >= 2)  # type: ignore[attr-defined]
    for params in client.published:  # type: ignore[attr-defined]
        assert params.version == 1
        assert all(inside(text, d.range) for d in params.diagnostics)
    values = [v for reports in client.progress_reports.values() for v in reports]
    assert any(isinstance(v, types.WorkDoneProgressBegin) and "model" in v.title for v in values)

    cursor = types.Position(2, 3)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri),
            range=types.Range(cursor, cursor),
            context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.RefactorRewrite]),
        )
    )
    assert actions and len(actions) == 10
    action = actions[4]
    assert isinstance(action, types.CodeAction) and action.title == "Rewrite sentence: fluent"
    resolved = await client.code_action_resolve_async(action)
    if resolved.edit is not None:  # a random model may have nothing to offer
        assert resolved.title.startswith("Fluent: ")

    hover = await client.text_document_hover_async(
        types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(0, 3))
    )
    assert hover is None or isinstance(hover.contents, types.MarkupContent)
    assert not [m for m in client.messages if m.type == types.MessageType.Error], client.messages
