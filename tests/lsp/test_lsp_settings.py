"""End to end: the ``wa`` settings section, pulled at start and on didChangeConfiguration."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp.helpers import Start, codes, has, lacks, open_doc, wait_for_diagnostics

SPELL = "harper/SpellCheck"
PURPLE = "model/purple"
TEXT = "This is a sentnce about a purple cat.\n"

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_settings_apply_from_the_first_check(start: Start, workspace: Path) -> None:
    client = await start(settings={"disabledRules": [SPELL], "minSeverity": "warning"})
    uri = open_doc(client, workspace / "a.md", TEXT)
    await wait_for_diagnostics(client, uri, has(PURPLE))
    assert all(SPELL not in codes(p.diagnostics) for p in client.published)  # type: ignore[attr-defined]


async def test_change_configuration_rechecks(start: Start, workspace: Path) -> None:
    client = await start()
    uri = open_doc(client, workspace / "a.md", TEXT)
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [SPELL, PURPLE])
    # Model off: the model layer's findings go.
    client.set_configuration({"model": False}, section="wa")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [SPELL])
    # A word in the vocabulary is no longer a misspelling; the model comes back.
    client.set_configuration({"model": True, "vocabulary": ["sentnce"]}, section="wa")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [PURPLE])
    # Only the fast checkers named.
    client.set_configuration({"checkers": ["harper"]}, section="wa")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [SPELL])


async def test_languages_setting(start: Start, workspace: Path) -> None:
    client = await start(settings={"languages": ["latex"]})
    md = open_doc(client, workspace / "a.md", TEXT)
    tex = open_doc(client, workspace / "a.tex", "A sentnce.\n", language="tex")
    await wait_for_diagnostics(client, tex, has(SPELL))
    assert all(p.uri != md for p in client.published)  # type: ignore[attr-defined]
    client.set_configuration({"languages": ["markdown", "latex"]}, section="wa")
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await wait_for_diagnostics(client, md, has(SPELL))


async def test_invalid_settings_are_reported_and_defaulted(start: Start, workspace: Path) -> None:
    client = await start(
        settings={
            "minSeverity": "loud",
            "model": "yes",
            "disabledRules": [SPELL],
            "colour": 1,
            "checkers": ["nope"],
        }
    )
    uri = open_doc(client, workspace / "a.md", TEXT)
    # The valid key applies; the invalid ones fall back to their defaults (model on, all checkers).
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [PURPLE])
    errors = [m.message for m in client.messages if m.type == types.MessageType.Error]
    assert any("minSeverity" in m and "loud" in m for m in errors), errors
    assert any("wa.model" in m for m in errors), errors
    assert any("wa.colour" in m for m in errors), errors
    assert any("unknown checker nope" in m for m in errors), errors


async def test_a_rule_name_that_matches_no_rule_is_reported_once(start: Start, workspace: Path) -> None:
    client = await start(settings={"disabledRules": [SPELL, "harper/Spelcheck"]})
    uri = open_doc(client, workspace / "a.md", TEXT)
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [PURPLE])
    open_doc(client, workspace / "b.md", TEXT)  # a second check with the same settings
    await wait_for_diagnostics(client, (workspace / "b.md").as_uri(), lambda ds: codes(ds) == [PURPLE])
    shown = [m.message for m in client.messages if "Spelcheck" in m.message]
    hint = "did you mean 'harper/SpellCheck'?"
    assert shown == [f"wa: disabled_rules: 'harper/Spelcheck' matches no rule; {hint}"]


async def test_invalid_project_config_falls_back_to_defaults(start: Start, workspace: Path) -> None:
    (workspace / ".wa.toml").write_text('min_severity = "nope"\n')
    client = await start()
    uri = open_doc(client, workspace / "a.md", TEXT)
    await wait_for_diagnostics(client, uri, lambda ds: codes(ds) == [SPELL, PURPLE])
    assert any(".wa.toml" in m.message and "min_severity" in m.message for m in client.messages)


async def test_project_config_and_overrides_apply(start: Start, workspace: Path) -> None:
    (workspace / ".wa.toml").write_text(
        '[tool.wa]\ncheckers = ["harper"]\n\n'
        '[[tool.wa.overrides]]\nfiles = ["notes/**"]\ndisabled_rules = ["SpellCheck"]\n'
    )
    client = await start()
    top = open_doc(client, workspace / "a.md", TEXT)
    note = open_doc(client, workspace / "notes" / "b.md", TEXT)
    await wait_for_diagnostics(client, top, lambda ds: codes(ds) == [SPELL])
    await wait_for_diagnostics(client, note, lambda ds: not ds)
    assert lacks(PURPLE)(client.diagnostics[top])
