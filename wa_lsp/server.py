"""The language server: thin handlers named after the LSP methods they answer.

The work lives in plain modules: ``checks`` (the two layers), ``scheduler`` (when they
run), ``actions``, ``hover``, ``assist`` (model-backed help), ``settings`` and
``project`` (configuration), ``positions`` (the one offset converter).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Generator
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.capabilities import get_capability
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path

from wa_core import version
from wa_core.config import CONFIG_NAMES
from wa_lsp import actions, build, hover
from wa_lsp.assist import Assist
from wa_lsp.checks import Checked, Checking
from wa_lsp.config_writer import ConfigWriteError, add_to_list
from wa_lsp.documents import Documents, Snapshot, mid_typing
from wa_lsp.logs import ClientLogHandler
from wa_lsp.positions import encoding_name, rank_encodings
from wa_lsp.project import Project
from wa_lsp.runtime import EngineFactory, EngineHost
from wa_lsp.scheduler import Scheduler
from wa_lsp.settings import SECTION, parse_settings

log = logging.getLogger("wa.lsp")

REWRITE_TIMEOUT = 30.0  # seconds; a rewrite is asked for, so it may take a while
PROGRESS_CREATE_TIMEOUT = 2.0


class WaProtocol(LanguageServerProtocol):
    """pygls' protocol with two changes: the cheapest position encoding, and our own documents.

    pygls takes the client's first offered encoding; we reorder the offer cheapest first
    (``positions.PREFERENCE``). Text synchronisation skips pygls' workspace copy: the
    server keeps its documents itself, converted through ``wa_lsp.positions``.
    """

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams) -> Generator[Any, Any, types.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = rank_encodings([str(e) for e in general.position_encodings])
        result: types.InitializeResult = yield from super().lsp_initialize(params)
        return result

    def _user(self, method: str, params: Any) -> Generator[Any, Any, None]:
        handler = self.fm.features.get(method)
        if handler is not None:
            yield handler, (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: types.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: types.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user(types.TEXT_DOCUMENT_DID_CLOSE, params)


class WaLanguageServer(LanguageServer):
    """Server state: open documents, configuration, checkers, the scheduler and the model."""

    def __init__(self, *, engine_factory: EngineFactory | None = None) -> None:
        super().__init__(
            "wa",
            version(),
            protocol_cls=WaProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.docs = Documents()
        self.project = Project(on_error=self.show_error_once)
        self.checking = Checking(on_failure=self.report_once)
        self.engines = EngineHost(engine_factory or self.checking.model_engine)
        self.scheduler = Scheduler(
            self.docs,
            self.project,
            self.checking,
            self.publish,
            self.work_progress,
            model_enabled=lambda: self.project.settings.model,
            wanted=self.checks,
            on_error=self.report_once,
        )
        self.assist = Assist(self.scheduler, self.engines, on_missing=self._engine_missing)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.log_handler = ClientLogHandler(self._log_to_client)
        self._reported: set[str] = set()

    def shutdown(self) -> None:
        """Stop the checks too (also when the client just goes away), then pygls."""
        self.scheduler.shutdown()
        super().shutdown()  # type: ignore[no-untyped-call]

    # --- capabilities -------------------------------------------------------------------

    def client_supports(self, field: str) -> bool:
        try:
            return bool(get_capability(self.client_capabilities, field, False))
        except Exception:
            return False

    @property
    def versioned_edits(self) -> bool:
        return self.client_supports("workspace.workspace_edit.document_changes")

    @property
    def resolves_edits(self) -> bool:
        try:
            support = self.client_capabilities.text_document.code_action.resolve_support  # type: ignore[union-attr]
        except AttributeError:
            return False
        return support is not None and "edit" in support.properties

    # --- messages -----------------------------------------------------------------------

    def _in_loop(self, fn: Any, *args: Any) -> None:
        """Run ``fn`` on the event loop, from any thread."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            fn(*args)
        else:
            loop.call_soon_threadsafe(fn, *args)

    def _log_to_client(self, kind: int, text: str) -> None:
        with contextlib.suppress(Exception):
            self.window_log_message(types.LogMessageParams(types.MessageType(kind), text))

    def show_message(self, kind: types.MessageType, text: str) -> None:
        with contextlib.suppress(Exception):
            self.window_show_message(types.ShowMessageParams(kind, text))

    def report_once(self, key: str, message: str) -> None:
        """Tell the user about a problem once per session (logged every time); any thread."""

        def report() -> None:
            if key in self._reported:
                log.debug("%s", message)
                return
            self._reported.add(key)
            log.warning("%s", message)
            if not key.startswith("model-missing"):
                self.show_message(types.MessageType.Warning, f"wa: {message}")

        self._in_loop(report)

    def show_error_once(self, message: str) -> None:
        """An invalid configuration: shown once per distinct message, then the defaults apply."""

        def report() -> None:
            if message in self._reported:
                return
            self._reported.add(message)
            log.error("%s", message)
            self.show_message(types.MessageType.Error, f"wa: {message}")

        self._in_loop(report)

    def _engine_missing(self, reason: str) -> None:
        self.report_once("model-missing", f"no model for rewrites and summaries ({reason})")

    @contextlib.asynccontextmanager
    async def work_progress(self, title: str) -> AsyncIterator[Callable[[str], None]]:
        """Work-done progress around a slow step, when the client supports it.

        Yields a function that reports a message (a no-op without progress support).
        """
        if not self.client_supports("window.work_done_progress"):
            log.info("%s", title)
            yield lambda message: None
            return
        token = f"wa-{uuid.uuid4()}"
        try:
            await asyncio.wait_for(self.work_done_progress.create_async(token), PROGRESS_CREATE_TIMEOUT)
        except Exception:
            yield lambda message: None
            return
        self.work_done_progress.begin(token, types.WorkDoneProgressBegin(title=title, cancellable=False))

        def report(message: str) -> None:
            self.work_done_progress.report(token, types.WorkDoneProgressReport(message=message))

        try:
            yield report
        finally:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message="done"))
            self.work_done_progress.tokens.pop(token, None)

    # --- diagnostics ------------------------------------------------------------------

    def publish(self, checked: Checked) -> None:
        snap = checked.snapshot
        if not self.docs.is_current(snap.uri, snap.version):
            return
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=snap.uri, diagnostics=list(checked.diagnostics), version=snap.version
            )
        )

    def clear(self, uri: str) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    def checks(self, snap: Snapshot | None) -> bool:
        return snap is not None and self.project.settings.checks_language(snap.language_id)

    # --- settings -----------------------------------------------------------------------

    def apply_settings(self, raw: Any) -> bool:
        """Use the client's ``wa`` settings; returns whether they changed anything."""
        from wa_core.checkers.base import available

        try:
            known = tuple(available())
        except Exception:  # a checker module that does not import: accept any name
            known = ()
        settings = parse_settings(raw, known_checkers=known)
        for error in settings.errors:
            self.show_error_once(f"invalid setting {error}; using its default")
        changed = settings != self.project.settings
        self.project.settings = settings
        return changed

    async def pull_settings(self, pushed: Any = None) -> bool:
        raw = None
        if self.client_supports("workspace.configuration"):
            try:
                scope = self.project.roots[0].as_uri() if self.project.roots else None
                items = [types.ConfigurationItem(scope_uri=scope, section=SECTION)]
                result = await asyncio.wait_for(
                    self.workspace_configuration_async(types.ConfigurationParams(items=items)), 5.0
                )
                raw = result[0] if result else None
            except Exception as exc:
                log.warning("could not read the editor settings: %s", exc)
        elif isinstance(pushed, dict):
            raw = pushed.get(SECTION, pushed)
        return self.apply_settings(raw)

    def config_for(self, snap: Snapshot) -> Any:
        return self.project.config_for(snap.path)


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    fs = to_fs_path(uri)
    return Path(fs) if fs else None


def create_server(*, engine_factory: EngineFactory | None = None) -> WaLanguageServer:
    """A server with every handler registered."""
    server = WaLanguageServer(engine_factory=engine_factory)

    # --- lifecycle ------------------------------------------------------------------------

    @server.feature(types.INITIALIZE)
    def initialize(ls: WaLanguageServer, params: types.InitializeParams) -> None:
        ls.loop = asyncio.get_running_loop()
        ls.log_handler.loop = ls.loop
        ls.docs.encoding = encoding_name(ls.workspace.position_encoding)
        roots = [p for f in params.workspace_folders or [] if (p := _path(f.uri))]
        if not roots and params.root_uri and (p := _path(params.root_uri)):
            roots = [p]
        elif not roots and params.root_path:
            roots = [Path(params.root_path)]
        ls.project.set_roots(roots)
        options = params.initialization_options
        if isinstance(options, dict):
            ls.apply_settings(options.get(SECTION, options))
        log.info("wa %s: position encoding %s, roots %s", version(), ls.docs.encoding, roots)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: WaLanguageServer, params: types.InitializedParams) -> None:
        try:
            await ls.pull_settings()
        finally:
            ls.scheduler.ready.set()
        root = ls.project.root_for(None)
        await ls.scheduler.warm_up(ls.project.config_for(root / "document.md" if root else None))

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: WaLanguageServer, params: None) -> None:
        ls.scheduler.shutdown()

    # --- text synchronisation -----------------------------------------------------------

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: WaLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        snap = ls.docs.open(params.text_document)
        if ls.checks(snap):
            ls.scheduler.schedule(snap.uri, delay=0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: WaLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        doc = params.text_document
        snap = ls.docs.change(doc.uri, doc.version, params.content_changes)
        if ls.checks(snap):
            ls.scheduler.schedule(doc.uri, delay=None if mid_typing(params.content_changes) else 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: WaLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.docs.close(uri)
        ls.scheduler.forget(uri)
        ls.clear(uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: WaLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _path(params.text_document.uri)
        if path is not None and path.name in CONFIG_NAMES:
            ls.project.invalidate()
            ls.scheduler.schedule_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: WaLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        if any((p := _path(c.uri)) is not None and p.name in CONFIG_NAMES for c in params.changes):
            ls.project.invalidate()
            ls.scheduler.schedule_all()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(
        ls: WaLanguageServer, params: types.DidChangeWorkspaceFoldersParams
    ) -> None:
        removed = {p for f in params.event.removed if (p := _path(f.uri))}
        added = [p for f in params.event.added if (p := _path(f.uri))]
        ls.project.set_roots([r for r in ls.project.roots if r not in removed] + added)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(
        ls: WaLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        await ls.pull_settings(params.settings)
        ls.checking.forget_missing_model()
        ls.engines.forget_missing()
        for snap in ls.docs:
            if not ls.checks(snap):
                ls.scheduler.forget(snap.uri)
                ls.clear(snap.uri)
        ls.scheduler.schedule_all()

    # --- code actions -------------------------------------------------------------------

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
    )
    async def code_action(
        ls: WaLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction] | None:
        snap = ls.docs.get(params.text_document.uri)
        if snap is None or not ls.checks(snap):
            return None
        span = snap.lines.span(params.range)
        only = [str(k) for k in params.context.only] if params.context.only else None
        out: list[types.CodeAction] = []
        checked = ls.scheduler.current(snap.uri)
        if actions.wants(only, actions.QUICKFIX) and checked is not None:
            here = [f for f in checked.findings if f.span.overlaps(span)]
            out += actions.finding_actions(
                snap, here, params.context.diagnostics, versioned=ls.versioned_edits
            )
        if actions.wants(only, actions.REWRITE_KIND) and ls.project.settings.model:
            config = ls.config_for(snap)
            if ls.assist.available(config):
                doc = (
                    checked.doc
                    if checked is not None
                    else await ls.scheduler.in_rules_thread(ls.checking.parse, snap, config)
                )
                out += actions.rewrite_actions(snap, doc, span, resolvable=ls.resolves_edits)
        return out

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: WaLanguageServer, action: types.CodeAction) -> types.CodeAction:
        data = actions.rewrite_data(action.data)
        if data is None:
            return action
        snap = ls.docs.get(data["uri"])
        if snap is None or not actions.still_valid(snap, data):
            action.title = f"{action.title} (the text has changed: ask again)"
            return action
        result = await _rewrite(ls, snap, data)
        if result is None:
            return action
        return actions.resolved_rewrite(action, snap, data, result, versioned=ls.versioned_edits)

    async def _rewrite(ls: WaLanguageServer, snap: Snapshot, data: dict[str, Any]) -> str | None:
        try:
            result = await ls.assist.rewrite(
                ls.config_for(snap), data["text"], data["style"], REWRITE_TIMEOUT
            )
        except TimeoutError:
            ls.show_message(types.MessageType.Warning, "wa: the rewrite took too long; try a shorter text")
            return None
        except Exception as exc:
            log.exception("rewrite failed")
            ls.show_message(types.MessageType.Error, f"wa: the rewrite failed: {exc}")
            return None
        if result is None:
            reason = ls.engines.missing_reason(ls.config_for(snap))
            ls.show_message(types.MessageType.Warning, f"wa: no rewrite ({reason or 'the model gave none'})")
        return result

    # --- commands -------------------------------------------------------------------

    async def _write_config(ls: WaLanguageServer, uri: Any, key: str, item: Any, what: str) -> dict[str, Any]:
        if not isinstance(uri, str) or not isinstance(item, str) or not item.strip():
            raise ValueError(f"expected a document URI and a {what}")
        path = _path(uri)
        target = ls.project.target_file(path)
        try:
            changed = await ls.scheduler.in_rules_thread(add_to_list, target, key, item.strip())
        except ConfigWriteError as exc:
            ls.show_message(types.MessageType.Error, f"wa: {exc}")
            return {"file": str(target), "changed": False, "error": str(exc)}
        ls.project.invalidate()
        if changed:
            log.info("added %s to %s in %s", item, key, target)
            ls.show_message(types.MessageType.Info, f"wa: added {item} to {key} in {target}")
        ls.scheduler.schedule_all()
        return {"file": str(target), "changed": changed}

    @server.command(actions.ADD_WORD)
    async def add_word(ls: WaLanguageServer, *args: Any) -> dict[str, Any]:
        uri, word = [*args, None, None][:2]
        return await _write_config(ls, uri, "vocabulary", word, "word")

    @server.command(actions.DISABLE_RULE)
    async def disable_rule(ls: WaLanguageServer, *args: Any) -> dict[str, Any]:
        uri, rule = [*args, None, None][:2]
        return await _write_config(ls, uri, "disabled_rules", rule, "rule id")

    @server.command(actions.REWRITE)
    async def rewrite(ls: WaLanguageServer, *args: Any) -> bool:
        """Rewrite for clients that cannot resolve code actions: compute, then apply the edit."""
        data = actions.rewrite_data(args[0] if args else None)
        if data is None:
            raise ValueError("expected a rewrite action's data")
        snap = ls.docs.get(data["uri"])
        if snap is None or not actions.still_valid(snap, data):
            ls.show_message(types.MessageType.Warning, "wa: the text has changed; ask for the rewrite again")
            return False
        result = await _rewrite(ls, snap, data)
        if result is None:
            return False
        action = actions.resolved_rewrite(
            types.CodeAction(title="", data=data), snap, data, result, versioned=ls.versioned_edits
        )
        assert action.edit is not None
        applied = await ls.workspace_apply_edit_async(
            types.ApplyWorkspaceEditParams(action.edit, action.title)
        )
        return bool(applied.applied)

    @server.command(actions.BUILD_MODEL)
    async def build_model(ls: WaLanguageServer, *args: Any) -> dict[str, Any]:
        """Build the model (``wa models build``) with progress, then use it."""
        root = ls.project.root_for(None)
        async with ls.work_progress("Building the wa model") as report:
            status, last = await build.build_model(root, report)
        if status != 0:
            ls.show_message(types.MessageType.Error, f"wa: building the model failed: {last}")
            return {"built": False, "message": last}
        ls.show_message(types.MessageType.Info, f"wa: {last}")
        ls.checking.forget_missing_model()
        ls.engines.forget_missing()
        ls.scheduler.schedule_all()
        return {"built": True, "message": last}

    @server.command(actions.RECHECK)
    def recheck(ls: WaLanguageServer, *args: Any) -> None:
        ls.project.invalidate()
        ls.checking.forget_missing_model()
        ls.engines.forget_missing()
        ls.scheduler.schedule_all()

    # --- hover ----------------------------------------------------------------------

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: WaLanguageServer, params: types.HoverParams) -> types.Hover | None:
        snap = ls.docs.get(params.text_document.uri)
        if snap is None or not ls.checks(snap):
            return None
        offset = snap.lines.offset(params.position)
        checked = ls.scheduler.current(snap.uri)
        config = checked.config if checked is not None else ls.config_for(snap)
        doc = (
            checked.doc
            if checked is not None
            else await ls.scheduler.in_rules_thread(ls.checking.parse, snap, config)
        )
        target = hover.target_at(doc, list(checked.findings) if checked else None, offset)
        if target is None:
            return None
        rng = snap.lines.range(target.span)
        if target.kind == "finding":
            return _markdown(target.text, rng)
        if not ls.project.settings.model or not ls.assist.available(config):
            return None
        refusal = hover.too_long(target)
        if refusal is not None:
            return _markdown(refusal, rng)
        words = hover.SECTION_WORDS if target.kind == "section" else hover.PARAGRAPH_WORDS
        try:
            summary = await ls.assist.summarize(config, target.text, words, hover.TIMEOUT)
        except TimeoutError:
            return _markdown(hover.NOT_READY, rng)
        except Exception as exc:
            log.warning("summary failed: %s", exc)
            return None
        if not summary:
            return None
        return _markdown(hover.render_summary(target, summary), rng)

    return server


def _markdown(text: str, rng: types.Range) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text), range=rng)


def serve(*, engine_factory: EngineFactory | None = None) -> int:
    """Serve over stdio until the client says exit."""
    server = create_server(engine_factory=engine_factory)
    logging.getLogger("wa").addHandler(server.log_handler)
    server.start_io()
    return 0


__all__ = ["WaLanguageServer", "create_server", "serve"]
