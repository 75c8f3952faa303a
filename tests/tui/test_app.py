"""The drafting app, driven with Textual's Pilot."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from wa_core.checkers.base import Layer, register
from wa_core.config import Config
from wa_core.document import Finding, ProseDocument, Severity, Span, Suggestion
from wa_tui.app import DraftApp, load_draft
from wa_tui.locations import location_of, offset_of

if TYPE_CHECKING:
    from textual.pilot import Pilot

textual = pytest.importorskip("textual")
from textual.widgets import TextArea  # noqa: E402


class TeethChecker:
    """Flags 'teh' and suggests 'the': deterministic, instant."""

    name = "tui-fake"
    layer = Layer.FAST

    def check(self, doc: ProseDocument) -> list[Finding]:
        return [
            Finding(
                Span(m.start(), m.end()),
                "fake/teh",
                self.name,
                Severity.WARNING,
                "Did you mean 'the'?",
                (Suggestion.replace("the"),),
            )
            for m in re.finditer(r"\bteh\b", doc.prose)
        ]


register("tui-fake")(lambda config: TeethChecker())
CONFIG = Config(checkers=("tui-fake",))


def test_locations_round_trip_across_line_endings_and_emoji() -> None:
    text = "a😀b\r\ncd\ne"
    for offset in range(len(text) + 1):
        if text[offset - 1 : offset + 1] == "\r\n":
            continue  # between \r and \n is not a location
        assert offset_of(text, location_of(text, offset)) == offset
    assert location_of(text, 5) == (1, 0)
    assert location_of(text, 8) == (2, 0)


async def test_findings_appear_and_enter_applies_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("I saw teh cat.\n", encoding="utf-8")
    draft = load_draft(path)
    draft.config = CONFIG
    app = DraftApp(draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [f.rule for f in app.findings] == ["fake/teh"]
        app.query_one("#findings").focus()
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        assert app.query_one("#editor").text == "I saw the cat.\n"
        await pilot.press("ctrl+s")
    assert path.read_text(encoding="utf-8") == "I saw the cat.\n"


async def test_a_stale_check_never_lands_on_newer_text(tmp_path: Path) -> None:
    draft = load_draft(tmp_path / "new.md")
    draft.config = CONFIG
    app = DraftApp(draft)
    async with app.run_test() as pilot:
        await app.workers.wait_for_complete()
        from wa_tui.app import Checked

        app.version = 5
        app.post_message(Checked(4, [Finding(Span(0, 1), "x/y", "x", Severity.ERROR, "old")]))
        await pilot.pause()
        assert app.findings == []


def test_unreadable_files_are_refused_with_wa_checks_messages(tmp_path: Path) -> None:
    wide, latin = tmp_path / "wide.md", tmp_path / "latin.md"
    wide.write_bytes(b"\xff\xfe\x00bad")
    latin.write_bytes(b"caf\xe9")
    with pytest.raises(ValueError, match=r"wide\.md: UTF-16 text; wa reads UTF-8"):
        load_draft(wide)
    with pytest.raises(ValueError, match=r"latin\.md: not valid UTF-8 \(byte 0xe9 at offset 3\)"):
        load_draft(latin)
    with pytest.raises(ValueError, match="is a directory"):
        load_draft(tmp_path)


async def test_saving_keeps_the_files_line_ends_and_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfI saw teh cat.\r\nIt sat.\r\n")
    draft = load_draft(path)
    assert (draft.text, draft.newline, draft.bom) == ("I saw teh cat.\nIt sat.\n", "\r\n", True)
    draft.config = CONFIG
    app = DraftApp(draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.query_one("#findings").focus()
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+s")
    assert path.read_bytes() == b"\xef\xbb\xbfI saw the cat.\r\nIt sat.\r\n"


class FakeEngine:
    def rewrite(self, text: str, style: str, n: int) -> list[str]:
        return [f"<{style}:{text.strip()}>"]

    def summarize(self, text: str, max_words: int) -> str:
        return f"{len(text.split())} words"


def app_with_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, engine: Callable[[Config], FakeEngine]
) -> DraftApp:
    """The app on a new draft holding ``text``, its model calls answered by ``engine``."""
    from wa_tui import assist

    monkeypatch.setattr(assist, "_engine", engine)
    draft = load_draft(tmp_path / "d.txt")
    draft.config = CONFIG
    draft.text = text
    return DraftApp(draft)


async def test_rewrite_replaces_the_sentence_under_the_cursor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_with_engine(tmp_path, monkeypatch, "First one here. Second one here.", lambda c: FakeEngine())
    async with app.run_test() as pilot:
        editor = app.query_one("#editor")
        editor.move_cursor((0, 20))
        await pilot.press("ctrl+r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert editor.text == "First one here. <concise:Second one here.>"
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "6 words" in str(app.query_one("#assist").render())


async def test_every_rewrite_style_is_in_the_command_palette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_with_engine(tmp_path, monkeypatch, "First one here.", lambda c: FakeEngine())
    async with app.run_test() as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert [t for t in titles if t.startswith("Rewrite")] == [
            f"Rewrite: {style}" for style in ("concise", "formal", "paraphrase", "simplify", "fluent")
        ]
        await pilot.press("ctrl+p", *"simplify", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.query_one("#editor", TextArea).text == "<simplify:First one here.>"


async def test_a_missing_model_is_a_message_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(config: Config) -> FakeEngine:
        raise RuntimeError("no model built: run `wa models build`")

    app = app_with_engine(tmp_path, monkeypatch, "Some text.", no_model)
    async with app.run_test() as pilot:
        await pilot.press("ctrl+t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "wa models build" in str(app.query_one("#status").render())


# --- no draft is lost ------------------------------------------------------------------


def app_on(path: Path | None) -> DraftApp:
    draft = load_draft(path)
    draft.config = CONFIG
    return DraftApp(draft)


async def type_then_save_as(pilot: Pilot[None], text: str, name: str) -> None:
    """Type into a new draft, press ctrl+s and answer the name prompt."""
    await pilot.press(*text, "ctrl+s")
    await pilot.pause()
    await pilot.press(*name, "enter")
    await pilot.pause()


async def test_quitting_over_unsaved_changes_takes_a_second_ctrl_q(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Saved.\n", encoding="utf-8")
    app = app_on(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end", "!", "ctrl+q")
        await pilot.pause()
        assert app.is_running
        assert "unsaved changes" in str(app.query_one("#status").render())
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert path.read_text(encoding="utf-8") == "Saved.\n"  # quitting without saving writes nothing


async def test_quitting_with_everything_saved_takes_one_ctrl_q(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Saved.\n", encoding="utf-8")
    app = app_on(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end", "!", "ctrl+s", "ctrl+q")
        await pilot.pause()
        assert not app.is_running
    assert path.read_text(encoding="utf-8") == "Saved.!\n"


async def test_a_new_draft_is_saved_under_the_name_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = app_on(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_then_save_as(pilot, "Hello", "notes.md")
        assert app.sub_title.endswith("notes.md")
        await pilot.press("!", "ctrl+s")  # saved again where it now lives, without asking
        await pilot.pause()
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "Hello!"


async def test_saving_a_new_draft_never_overwrites_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("Someone else's notes.\n", encoding="utf-8")
    app = app_on(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_then_save_as(pilot, "Hello", "notes.md")
        assert "notes.md exists" in str(app.screen.query_one("#save-as-error").render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.draft.path is None
        assert "not saved" in str(app.query_one("#status").render())
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == "Someone else's notes.\n"


async def test_saving_over_a_file_changed_on_disk_takes_a_second_ctrl_s(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("Mine.\n", encoding="utf-8")
    app = app_on(path)
    async with app.run_test(size=(100, 30)) as pilot:
        path.write_text("Theirs.\n", encoding="utf-8")  # another program saves the file meanwhile
        await pilot.press("end", "!", "ctrl+s")
        await pilot.pause()
        assert "changed on disk" in str(app.query_one("#status").render())
        assert path.read_text(encoding="utf-8") == "Theirs.\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert path.read_text(encoding="utf-8") == "Mine.!\n"
        await pilot.press("?", "ctrl+s")  # the file is as wa left it: saved at once
        await pilot.pause()
    assert path.read_text(encoding="utf-8") == "Mine.!?\n"
