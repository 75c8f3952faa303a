"""When checks run: at once or after a pause in typing, two layers, stale work dropped.

``did_change`` asks for a check at once unless the change is typing that goes on
(``documents.mid_typing``), which waits for ``DEBOUNCE`` seconds of quiet.

All orchestration happens on the event loop; the work runs in two single-thread pools,
one for the rule layer and one for anything that touches the model, so a long model
job never delays rule diagnostics. A newer version of a document cancels its pending
check; work already running in a thread stops at its next batch boundary (pygls can
only cancel requests that have not started), and a result is published only if its
version is still the document's current one and the document is still open.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from wa_core import memory
from wa_core.config import Config
from wa_core.spelling import misspellings
from wa_lsp.checks import Checked, Checking, model_key
from wa_lsp.documents import Documents, Snapshot
from wa_lsp.project import Project

log = logging.getLogger("wa.lsp")

DEBOUNCE = 0.1  # seconds of quiet after a keystroke before checking
READY_TIMEOUT = 5.0  # seconds a check waits for the editor settings at start-up

T = TypeVar("T")
Progress = Callable[[str], contextlib.AbstractAsyncContextManager[Callable[[str], None]]]


class Scheduler:
    def __init__(
        self,
        docs: Documents,
        project: Project,
        checking: Checking,
        publish: Callable[[Checked], None],
        progress: Progress,
        *,
        model_enabled: Callable[[], bool],
        wanted: Callable[[Snapshot], bool],
        on_error: Callable[[str, str], None],
    ) -> None:
        self.docs = docs
        self.project = project
        self.checking = checking
        self._publish = publish
        self.progress = progress  # work-done progress around slow steps
        self._model_enabled = model_enabled
        self._wanted = wanted
        self._on_error = on_error
        self.rules_pool = ThreadPoolExecutor(1, thread_name_prefix="wa-rules")
        self.model_pool = ThreadPoolExecutor(1, thread_name_prefix="wa-model")
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._loading: dict[str, asyncio.Future[Any]] = {}
        self.results: dict[str, Checked] = {}
        # Set once the editor settings are known; checks wait for it so that the first
        # diagnostics already follow them.
        self.ready = asyncio.Event()
        self.closing = False  # set on shutdown: running model work stops at its next batch
        # Requests someone waits for (hovers, rewrites) go before background model checks:
        # a check yields at its next batch while one is queued, and resumes after.
        self._interactive = 0
        self._idle = asyncio.Event()
        self._idle.set()

    # --- running work off the loop -------------------------------------------------

    async def in_rules_thread(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.rules_pool, fn, *args)

    async def in_model_thread(self, fn: Callable[..., T], *args: Any) -> T:
        try:
            return await asyncio.get_running_loop().run_in_executor(self.model_pool, fn, *args)
        finally:
            # Model work frees tens of MB that glibc would otherwise keep: hand them back,
            # after the result is delivered.
            with contextlib.suppress(RuntimeError):  # the pool is shut down
                self.model_pool.submit(memory.trim)

    async def interactive(self, fn: Callable[..., T], *args: Any) -> T:
        """Run model work someone is waiting for, ahead of background checks."""
        self._interactive += 1
        self._idle.clear()
        try:
            return await self.in_model_thread(fn, *args)
        finally:
            self._interactive -= 1
            if self._interactive == 0:
                self._idle.set()

    async def once(self, key: str, make: Callable[[], Awaitable[Any]]) -> None:
        """Run ``make()`` once for ``key`` however many callers wait for it."""
        fut = self._loading.get(key)
        if fut is None:
            fut = asyncio.ensure_future(make())
            self._loading[key] = fut
            fut.add_done_callback(lambda _: self._loading.pop(key, None))
        await asyncio.shield(fut)

    # --- checks ----------------------------------------------------------------------

    def schedule(self, uri: str, delay: float | None = None) -> None:
        """Check ``uri``'s current version after ``delay`` seconds (``DEBOUNCE`` if None),
        replacing a pending check."""
        delay = DEBOUNCE if delay is None else delay
        old = self._tasks.pop(uri, None)
        if old is not None:
            old.cancel()
        snap = self.docs.get(uri)
        if snap is None:
            return
        task = asyncio.get_running_loop().create_task(self._check(snap, delay))
        self._tasks[uri] = task
        task.add_done_callback(self._finished)

    def schedule_all(self, delay: float = 0.0) -> None:
        for snap in self.docs:
            self.schedule(snap.uri, delay)

    def forget(self, uri: str) -> None:
        task = self._tasks.pop(uri, None)
        if task is not None:
            task.cancel()
        self.results.pop(uri, None)

    def current(self, uri: str) -> Checked | None:
        """The published result for the document's current version, if there is one."""
        checked = self.results.get(uri)
        snap = self.docs.get(uri)
        if checked is None or snap is None or checked.snapshot.version != snap.version:
            return None
        return checked

    def _finished(self, task: asyncio.Task[None]) -> None:
        for uri, t in list(self._tasks.items()):
            if t is task:
                del self._tasks[uri]
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("checking failed", exc_info=exc)
            self._on_error(f"check:{type(exc).__name__}", f"checking failed: {type(exc).__name__}: {exc}")

    def _is_current(self, snap: Snapshot) -> bool:
        return not self.closing and self.docs.is_current(snap.uri, snap.version)

    async def _check(self, snap: Snapshot, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if not self.ready.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.ready.wait(), READY_TIMEOUT)
        if not self._is_current(snap) or not self._wanted(snap):
            return
        with_model = self._model_enabled()
        checked = await self.in_rules_thread(self._rules, snap, with_model)
        if not self._is_current(snap):
            return
        self._emit(checked)
        if checked.complete or checked.model_key is None:
            return
        if self.checking.model_state(checked.config) == "unloaded":
            await self.load_model(checked.config)
            if not self._is_current(snap) or self.checking.model_state(checked.config) == "missing":
                return  # no model: the rule layer already published is all there is

        def yield_now() -> bool:
            return self._interactive > 0 or not self._is_current(snap)

        while True:
            done = await self.in_model_thread(self.checking.run_model, checked, yield_now)
            if not self._is_current(snap):
                return
            if done is not None:
                self._emit(done)
                return
            # Stopped for a hover or a rewrite: go on once it is served (what is done is cached).
            await self._idle.wait()

    def _rules(self, snap: Snapshot, with_model: bool) -> Checked:
        config = self.project.config_for(snap.path)
        return self.checking.run_fast(snap, config, with_model=with_model)

    def _emit(self, checked: Checked) -> None:
        self.results[checked.snapshot.uri] = checked
        self._publish(checked)

    async def load_model(self, config: Config) -> None:
        async def load() -> None:
            async with self.progress("Loading the wa model"):
                await self.in_model_thread(self.checking.load_model, config)

        await self.once(f"checker:{model_key(config)}", load)

    async def warm_up(self, config: Config) -> None:
        """Build the rule checkers before the first document needs them (Harper takes ~1 s),
        and read codespell's list, which the slip test asks on the first unknown word (0.1 s)."""
        await self.in_rules_thread(self.checking.fast_checkers, config)
        if "harper" in config.checkers and config.harper.codespell and not config.harper.strict_spelling:
            await self.in_rules_thread(misspellings)  # what the slip test reads

    def shutdown(self) -> None:
        self.closing = True
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self.rules_pool.shutdown(wait=False, cancel_futures=True)
        self.model_pool.shutdown(wait=False, cancel_futures=True)
