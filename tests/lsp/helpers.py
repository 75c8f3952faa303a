"""Helpers for the language server tests: the client, starting servers, waiting, positions.

The server under test is ``fake_server.py``: the real server with ``lsp_fakes``' model
and engine. Fixtures are in ``conftest.py``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any, Union

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

HERE = Path(__file__).parent
FAKE_SERVER = [sys.executable, str(HERE / "fake_server.py")]
REAL_SERVER = [sys.executable, "-m", "wa_lsp"]
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 30.0


def make_client() -> LanguageClient:
    """pytest-lsp's client that also keeps every publication (with its version) in order."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    features[PUBLISH] = publish
    register_lsp_features(client, features)
    # lsprotocol's converter takes any code action with a "command" member for a bare
    # Command (its hook checks the key, not that the value is a string): fix that here.
    converter = client.protocol._converter

    def command_or_action(obj: Any, _: type) -> types.Command | types.CodeAction:
        if isinstance(obj.get("command"), str):
            return converter.structure(obj, types.Command)  # type: ignore[no-any-return]
        return converter.structure(obj, types.CodeAction)  # type: ignore[no-any-return]

    converter.register_structure_hook(Union[types.Command, types.CodeAction], command_or_action)  # noqa: UP007
    client.published = []  # type: ignore[attr-defined]
    return client


def environment(base: Path, model_log: Path) -> dict[str, str]:
    root = HERE.parent.parent
    return {
        **os.environ,
        "WA_MODEL_DIR": str(base / "models"),  # empty: no real model
        "XDG_CACHE_HOME": str(base / "cache"),
        "WA_FAKE_MODEL_LOG": str(model_log),
        "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]),
    }


Start = Callable[..., Awaitable[LanguageClient]]


async def launch(
    workspace: Path,
    env: dict[str, str],
    *,
    caps: str | types.ClientCapabilities = "visual-studio-code",
    settings: dict[str, Any] | None = None,
    command: Sequence[str] = FAKE_SERVER,
) -> LanguageClient:
    config = ClientServerConfig(list(command), client_factory=make_client, server_env=env)
    client = await config.start()
    assert isinstance(client, LanguageClient)
    if settings is not None:
        client.set_configuration(settings, section="wa")
    capabilities = client_capabilities(caps) if isinstance(caps, str) else caps
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=workspace.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name=workspace.name)],
        )
    )
    return client


async def close(client: LanguageClient) -> None:
    try:
        async with asyncio.timeout(10):
            await client.shutdown_session()
    finally:
        await client.stop()


# --- helpers ------------------------------------------------------------------------------


def open_doc(
    client: LanguageClient, path: Path, text: str, language: str = "markdown", version: int = 1
) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )
    return uri


def latest(client: LanguageClient, uri: str) -> types.PublishDiagnosticsParams | None:
    for params in reversed(client.published):  # type: ignore[attr-defined]
        if params.uri == uri:
            return params  # type: ignore[no-any-return]
    return None


async def wait_for_diagnostics(
    client: LanguageClient,
    uri: str,
    predicate: Callable[[Sequence[types.Diagnostic]], bool] = lambda _: True,
    *,
    version: int | None = None,
    timeout: float = TIMEOUT,
) -> Sequence[types.Diagnostic]:
    """Wait until the latest publication for ``uri`` (at ``version``) satisfies ``predicate``."""
    seen: list[Any] = []
    try:
        async with asyncio.timeout(timeout):
            while True:
                params = latest(client, uri)
                if params is not None:
                    seen.append((params.version, [(d.code, d.message) for d in params.diagnostics]))
                    if (version is None or params.version == version) and predicate(params.diagnostics):
                        return params.diagnostics
                await client.wait_for_notification(PUBLISH)
    except TimeoutError:
        raise AssertionError(
            f"no matching diagnostics for {uri} in {timeout}s; last seen: {seen[-3:]}"
        ) from None


def logged(path: Path) -> list[str]:
    """The lines of a fake-model log (none before the model's first call)."""
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def codes(diagnostics: Sequence[types.Diagnostic]) -> list[str]:
    return sorted(str(d.code) for d in diagnostics)


def has(rule: str) -> Callable[[Sequence[types.Diagnostic]], bool]:
    return lambda ds: any(d.code == rule for d in ds)


def lacks(rule: str) -> Callable[[Sequence[types.Diagnostic]], bool]:
    return lambda ds: all(d.code != rule for d in ds)


def utf16_position(text: str, offset: int) -> types.Position:
    """An independent reference: the UTF-16 position of a code-point offset (lines end at \\n)."""
    before = text[:offset]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1 :]
    return types.Position(line, len(col.encode("utf-16-le")) // 2)


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """Apply UTF-16 text edits to ``text`` (last first), as a client would."""

    def offset(pos: types.Position) -> int:
        lines = text.split("\n")
        start = sum(len(line) + 1 for line in lines[: pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units = 0
        for i, c in enumerate(line):
            if units >= pos.character:
                return start + i
            units += 2 if ord(c) > 0xFFFF else 1
        return start + len(line)

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    edit = action.edit
    assert edit is not None, action
    if edit.document_changes:
        out: list[types.TextEdit] = []
        for change in edit.document_changes:
            assert isinstance(change, types.TextDocumentEdit)
            out.extend(e for e in change.edits if isinstance(e, types.TextEdit))
        return out
    assert edit.changes
    return [e for edits in edit.changes.values() for e in edits]
