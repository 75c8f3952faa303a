"""The drafting app: an editor, the findings beside it, rewrites and summaries on keys.

Checking and model calls run in thread workers (never on the UI thread); results
come back as messages tagged with the text version they were computed for, so a
stale result never lands on newer text. No draft is lost: a new draft is saved under
a name asked for then (never over an existing file), saving over a file that changed
on disk since it was read or saved takes a second ctrl+s, and quitting with unsaved
changes a second ctrl+q.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from wa_core.cli.files import InputError, Target, encode, read
from wa_core.cli.fix import write_atomically
from wa_core.config import Config, load_config
from wa_core.document import Finding, Span
from wa_core.engine.prompts import STYLES as REWRITE_STYLES
from wa_core.parsers import language_for
from wa_tui import assist
from wa_tui.locations import location_of, offset_of

CHECK_DELAY = 0.3  # seconds of quiet typing before a check


@dataclass
class Draft:
    path: Path | None
    text: str
    language: str
    config: Config
    newline: str = "\n"  # the file's line ends ("\r\n" for a Windows file), put back on save
    bom: bool = False  # the file began with a UTF-8 byte order mark, put back on save
    disk: bytes | None = None  # the file as read or last saved (None: no file yet)


def load_draft(path: Path | None, language: str | None = None) -> Draft:
    """Read the file to edit; a missing file is a new draft saved there later."""
    text, newline, bom, disk = "", "\n", False, None
    if path is not None and path.exists():
        try:
            source = read(Target(path, str(path), explicit=True))
        except InputError as exc:  # a directory, binary, UTF-16 or not UTF-8: as `wa check` says
            raise ValueError(str(exc)) from None
        text, bom = source.text, source.bom
        disk = encode(text, bom)  # what is on disk: decoding was strict, so this is its bytes
        if text.count("\r\n") * 2 > text.count("\n"):  # most lines end in CRLF: a Windows file
            newline = "\r\n"
        text = text.replace("\r\n", "\n")  # the editor's line ends; a mixed file gets its majority's
    lang = language_for(path, language) if (path or language) else "markdown"
    config = load_config(path if path is not None else Path.cwd())
    if path is not None:
        config = config.for_path(path)
    return Draft(path, text, lang, config, newline, bom, disk)


class Checked(Message):
    """Findings for one version of the text."""

    def __init__(self, version: int, findings: list[Finding], note: str = "") -> None:
        super().__init__()
        self.version = version
        self.findings = findings
        self.note = note


class SaveAs(ModalScreen["Path | None"]):
    """Asks for the file a new draft is saved to: Enter saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as"):
            yield Static("Save the draft as (a new file)")
            yield Input(placeholder="draft.md", id="save-as-path")
            yield Static("", id="save-as-error")

    @on(Input.Submitted, "#save-as-path")
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            return
        path = Path(name).expanduser()
        if path.exists():  # asked again, never overwritten
            self.query_one("#save-as-error", Static).update(f"{name} exists: choose another name")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DraftApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "wa"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("f5", "check", "Check"),
        Binding("ctrl+r", "rewrite('concise')", "Concise"),
        Binding("ctrl+f", "rewrite('formal')", "Formal"),
        Binding("ctrl+t", "summarize", "Summarize"),
    ]

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft
        self.version = 0
        self.findings: list[Finding] = []
        self._saved_text = draft.text
        self._quit_asked = False  # ctrl+q was pressed once over unsaved changes
        self._overwrite_asked = False  # ctrl+s was pressed once over a file changed on disk

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p): every rewrite style, not only those on keys."""
        yield from super().get_system_commands(screen)
        for style in REWRITE_STYLES:
            yield SystemCommand(
                f"Rewrite: {style}",
                f"Rewrite the selection, or the sentence under the cursor, {style}",
                functools.partial(self.action_rewrite, style),
            )
        yield SystemCommand("Summarize", "Summarize the draft", self.action_summarize)
        yield SystemCommand("Check", "Check the draft now", self.action_check)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield TextArea(self.draft.text, id="editor", soft_wrap=True, show_line_numbers=True)
            with Vertical(id="side"):
                yield Static("Findings", classes="title")
                yield OptionList(id="findings")
                yield Static("", id="assist")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.draft.path) if self.draft.path else "new draft"
        self.query_one("#editor", TextArea).focus()
        self.action_check()

    # --- checking -------------------------------------------------------------------

    @on(TextArea.Changed, "#editor")
    def _text_changed(self, event: TextArea.Changed) -> None:
        self.version += 1
        self._quit_asked = self._overwrite_asked = False
        version = self.version
        # The editor's timer, not the app's: it stops with the editor, so a check due as
        # the app closes does not look for an editor that is gone.
        event.text_area.set_timer(CHECK_DELAY, lambda: self._check_if_current(version))

    def _check_if_current(self, version: int) -> None:
        if version == self.version:
            self.action_check()

    def action_check(self) -> None:
        text = self.query_one("#editor", TextArea).text
        self._check(self.version, text)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def _check(self, version: int, text: str) -> None:
        findings, note = assist.check(text, self.draft.language, self.draft.config)
        self.post_message(Checked(version, findings, note))

    @property
    def _widgets_gone(self) -> bool:
        """The app is shutting down: its widgets are gone, a result that arrives now is dropped."""
        return not self.query("#editor")

    def on_checked(self, message: Checked) -> None:
        if message.version != self.version or self._widgets_gone:
            return  # computed for text that has changed since, or too late
        self.findings = message.findings
        text = self.query_one("#editor", TextArea).text
        options = self.query_one("#findings", OptionList)
        options.clear_options()
        for i, f in enumerate(self.findings):
            row, col = location_of(text, f.span.start)
            fix = f.replacements(text)
            arrow = f" → {fix[0]!r}" if fix else ""
            options.add_option(Option(f"{row + 1}:{col + 1} {f.message}{arrow}", id=str(i)))
        count = len(self.findings)
        note = f" · {message.note}" if message.note else ""
        self._status(f"{count} finding{'s' if count != 1 else ''}{note}")

    @on(OptionList.OptionSelected, "#findings")
    def _apply_finding(self, event: OptionList.OptionSelected) -> None:
        """Enter on a finding applies its first suggestion (or just moves there)."""
        editor = self.query_one("#editor", TextArea)
        finding = self.findings[int(event.option.id or 0)]
        text = editor.text
        start, end = location_of(text, finding.span.start), location_of(text, finding.span.end)
        fixes = finding.replacements(text)
        if fixes:
            editor.replace(fixes[0], start, end)
        else:
            editor.move_cursor(start)
        editor.focus()

    # --- model actions --------------------------------------------------------------

    def _target(self) -> tuple[Span, str]:
        """The selection, or the sentence under the cursor."""
        editor = self.query_one("#editor", TextArea)
        text = editor.text
        sel = editor.selection
        a, b = offset_of(text, sel.start), offset_of(text, sel.end)
        if a != b:
            return Span(min(a, b), max(a, b)), text
        return assist.sentence_at(text, a, self.draft.language), text

    def action_rewrite(self, style: str) -> None:
        span, text = self._target()
        if not span.of(text).strip():
            self._status("nothing to rewrite here")
            return
        self._status(f"rewriting ({style})…")
        self._rewrite(self.version, span, span.of(text), style)

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _rewrite(self, version: int, span: Span, text: str, style: str) -> tuple[int, Span, str, str]:
        return version, span, text, assist.rewrite(text, style, self.draft.config)

    def action_summarize(self) -> None:
        text = self.query_one("#editor", TextArea).text
        if not text.strip():
            self._status("nothing to summarize")
            return
        self._status("summarizing…")
        self._summarize(text, self.draft.language)

    @work(thread=True, exclusive=True, group="model", exit_on_error=False)
    def _summarize(self, text: str, language: str) -> str:
        return assist.summarize(text, language, self.draft.config)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self._widgets_gone:
            return
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self._status(f"error: {worker.error}")
            self.notify(str(worker.error), title="wa", severity="error")
            return
        if event.state is not WorkerState.SUCCESS:
            return
        if worker.name == "_rewrite":
            version, span, original, result = worker.result  # type: ignore[misc]
            editor = self.query_one("#editor", TextArea)
            if version != self.version or span.of(editor.text) != original:
                self._status("text changed while rewriting; rewrite discarded")
                return
            text = editor.text
            editor.replace(result, location_of(text, span.start), location_of(text, span.end))
            self._status("rewritten (ctrl+z undoes)")
        elif worker.name == "_summarize":
            self.query_one("#assist", Static).update(f"Summary\n\n{worker.result}")
            self._status("summary ready")

    # --- files ----------------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        return self.query_one("#editor", TextArea).text != self._saved_text

    async def action_quit(self) -> None:
        if self.unsaved and not self._quit_asked:
            self._quit_asked = True
            self._warn("unsaved changes: ctrl+s saves, ctrl+q again quits without saving")
            return
        self.exit()

    def action_save(self) -> None:
        if self.draft.path is None:
            self.push_screen(SaveAs(), self._save_as)
            return
        path = self.draft.path
        if _contents(path) != self.draft.disk and not self._overwrite_asked:
            self._overwrite_asked = True
            self._warn(f"{path} changed on disk since it was read: ctrl+s again overwrites it")
            return
        self._save(path, new=False)

    def _save_as(self, path: Path | None) -> None:
        if path is None:
            self._status("not saved")
            return
        if self._save(path, new=True):
            self.draft.path = path
            self.draft.config = load_config(path).for_path(path)
            self.sub_title = str(path)

    def _save(self, path: Path, *, new: bool) -> bool:
        """Write the text to ``path`` (a file that must not exist yet when ``new``)."""
        text = self.query_one("#editor", TextArea).text
        written = text.replace("\n", self.draft.newline)
        try:
            _write(path, written, bom=self.draft.bom, new=new)
        except FileExistsError:
            self.notify(f"{path} exists: not overwritten; save under another name", severity="error")
            return False
        except OSError as exc:
            self.notify(f"could not save {path}: {exc.strerror}", severity="error")
            return False
        self._saved_text = text
        self.draft.disk = encode(written, self.draft.bom)
        self._quit_asked = self._overwrite_asked = False
        self._status(f"saved {path}")
        return True

    def _warn(self, text: str) -> None:
        """A warning in the status line and as a notification: the key pressed did nothing yet."""
        self._status(text)
        self.notify(text, title="wa", severity="warning")

    def _status(self, text: str) -> None:
        self.query_one("#status", Static).update(text)


def _write(path: Path, text: str, *, bom: bool, new: bool) -> None:
    """Replace an existing file in one rename (as `wa fix` does); a new file must not exist yet."""
    if path.exists() and not new:
        write_atomically(path, text, bom=bom)
        return
    with path.open("xb") as fh:  # FileExistsError, never an overwrite
        fh.write(encode(text, bom))


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
