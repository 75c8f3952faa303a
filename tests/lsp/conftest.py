"""Fixtures for the language server tests: a server in a subprocess per test, or one per module.

Servers run with caches and model directories under the test's temporary directory;
the helpers are in ``tests/lsp/helpers.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.lsp.helpers import FAKE_SERVER, Start, close, environment, launch


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    ws.mkdir()
    return ws


@pytest.fixture
def model_log(tmp_path: Path) -> Path:
    return tmp_path / "model.log"


@pytest.fixture
def server_env(tmp_path: Path, model_log: Path) -> dict[str, str]:
    return environment(tmp_path, model_log)


# Every test module runs in one event loop (pytestmark = pytest.mark.asyncio(loop_scope="module")),
# so that the read-only tests of a module can share one server (`lsp`); tests that change
# configuration, need a fresh server or their own environment use `start`.


@pytest_asyncio.fixture(loop_scope="module")
async def start(workspace: Path, server_env: dict[str, str]) -> AsyncIterator[Start]:
    """Start a fresh server: ``await start(caps="neovim", settings={...}, env={...})``."""
    clients: list[LanguageClient] = []

    async def _start(
        *,
        caps: str | types.ClientCapabilities = "visual-studio-code",
        settings: dict[str, Any] | None = None,
        env: dict[str, str] | None = None,
        command: Sequence[str] = FAKE_SERVER,
    ) -> LanguageClient:
        client = await launch(
            workspace, {**server_env, **(env or {})}, caps=caps, settings=settings, command=command
        )
        clients.append(client)
        return client

    yield _start
    for client in clients:
        await close(client)


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def lsp(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[LanguageClient]:
    """One server shared by a module's tests; each test opens its own files."""
    base = tmp_path_factory.mktemp("shared")
    workspace = base / "ws"
    workspace.mkdir()
    client = await launch(workspace, environment(base, base / "model.log"))
    yield client
    await close(client)
