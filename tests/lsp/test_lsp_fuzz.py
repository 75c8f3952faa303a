"""A few thousand random incremental edits through didChange.

The client keeps its own copy of the text (edited with an independent position
reference), and checks that the server never crashes, that every published range
lies inside the document as it was at the published version, and that the final
diagnostics equal a fresh, in-process check of the final text.
"""

from __future__ import annotations

import asyncio
import bisect
import random
import re
from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.helpers import Start, latest, open_doc, wait_for_diagnostics
from tests.lsp.lsp_fakes import FakeModelChecker
from wa_core.checkers.harper import HarperChecker
from wa_core.config import Config
from wa_core.parsers import parse
from wa_core.pipeline import Checkers, check_document

EDITS = 3000
MAX_CHARS = 2500  # beyond this, edits only delete or replace
SEED = 20_240_611
PIECES = [
    "word ",
    "purple ",
    "sentnce ",
    "The cat sat. ",
    "😀",
    "é",
    "\n",
    "\n\n",
    "\r\n",
    "# ",
    "**",
    "`code`",
    " ",
    ".",
    "<!-- wa-disable-next-line -->\n",
    "[link](http://x.y) ",
    "- item ",
]
START = (
    "# Title\n\nThis is a sentnce about a purple cat. 😀 Another line here.\n\n"
    "- a list item with teh typo\n- purple again\n\nClosing words, fine.\n"
)
_BREAK = re.compile(r"\r\n|\r|\n")

pytestmark = pytest.mark.asyncio(loop_scope="module")


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, content end) of each line, with the protocol's line breaks."""
    out, pos = [], 0
    for m in _BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def position(text: str, offset: int) -> types.Position:
    lines = lines_of(text)
    n = bisect.bisect_right([start for start, _ in lines], offset) - 1
    start, end = lines[n]
    return types.Position(n, len(text[start : min(offset, end)].encode("utf-16-le")) // 2)


def inside(text: str, rng: types.Range) -> bool:
    lines = lines_of(text)
    for pos in (rng.start, rng.end):
        if pos.line >= len(lines):
            return False
        start, end = lines[pos.line]
        if pos.character > len(text[start:end].encode("utf-16-le")) // 2:
            return False
    return (rng.start.line, rng.start.character) <= (rng.end.line, rng.end.character)


def nameable(text: str, offset: int) -> int:
    """``offset``, moved off the middle of a \r\n pair (no position names that point)."""
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        return offset + 1
    return offset


def random_edit(rng: random.Random, text: str) -> tuple[types.Range, str, str]:
    a = nameable(text, rng.randint(0, len(text)))
    kind = rng.random()
    if (kind < 0.5 or len(text) < 40) and len(text) < MAX_CHARS:  # insert
        b = a
        new = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))
    else:
        b = nameable(text, min(len(text), a + rng.randint(1, 30)))
        new = "" if kind < 0.8 or len(text) >= MAX_CHARS else rng.choice(PIECES)
    return types.Range(position(text, a), position(text, b)), new, text[:a] + new + text[b:]


def fresh(text: str) -> list[tuple[int, int, int, int, str, str]]:
    config = Config()
    checkers = Checkers(config, fast=[HarperChecker(config)], model=[FakeModelChecker(config)])
    doc = parse(text, language="markdown")
    out = []
    for f in check_document(doc, config, checkers):
        s, e = position(text, f.span.start), position(text, f.span.end)
        out.append((s.line, s.character, e.line, e.character, f.rule, f.message))
    return sorted(out)


def published(diagnostics: list[types.Diagnostic]) -> list[tuple[int, int, int, int, str, str]]:
    return sorted(
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            str(d.code),
            d.message,
        )
        for d in diagnostics
    )


async def test_random_incremental_edits(start: Start, workspace: Path) -> None:
    client = await start()
    rng = random.Random(SEED)
    text = START
    uri = open_doc(client, workspace / "fuzz.md", text)
    texts = {1: text}
    version = 1
    while version <= EDITS:
        # One to three changes per notification, each against the text the previous one left.
        changes = []
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            r, new, text = random_edit(rng, text)
            changes.append(types.TextDocumentContentChangePartial(range=r, text=new))
        version += 1
        texts[version] = text
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=changes,
            )
        )
        if version % 500 == 0:
            await asyncio.sleep(0)  # let the transport drain (no fixed wait)
            await wait_for_diagnostics(client, uri, version=version)

    expected = fresh(text)
    try:
        await wait_for_diagnostics(client, uri, lambda ds: published(list(ds)) == expected, version=version)
    finally:
        final = latest(client, uri)
        assert final is not None
    assert client.error is None
    mine = [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]
    assert len(mine) >= 2
    for params in mine:
        at = texts[params.version]
        for d in params.diagnostics:
            assert inside(at, d.range), (params.version, d.range, d.code)
    assert [p.version for p in mine] == sorted(p.version for p in mine)
