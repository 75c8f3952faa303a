"""Model-backed help on request: summaries for hovers, rewrites for code actions.

Results are cached by their input. Each request waits a bounded time: a summary that
takes longer keeps computing in the model thread and is there for the next hover. A
request the client cancels abandons its job if the job has not started yet.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wa_core.config import Config
from wa_lsp.runtime import EngineHost, EngineMissing, TextEngine
from wa_lsp.scheduler import Scheduler

log = logging.getLogger("wa.lsp")

CACHE_SIZE = 256


class Abandoned(Exception):
    """Every requester went away before the job started."""


@dataclass
class _Job:
    future: asyncio.Future[str]
    abandoned: threading.Event = field(default_factory=threading.Event)
    started: threading.Event = field(default_factory=threading.Event)
    waiters: int = 0


class Assist:
    def __init__(self, scheduler: Scheduler, engines: EngineHost, on_missing: Callable[[str], None]) -> None:
        self._scheduler = scheduler
        self._engines = engines
        self._on_missing = on_missing
        self._jobs: OrderedDict[tuple[Any, ...], _Job] = OrderedDict()

    def available(self, config: Config) -> bool:
        """False once loading the engine has failed (no model built)."""
        return self._engines.state(config) != "missing"

    async def engine(self, config: Config) -> TextEngine | None:
        if self._engines.state(config) == "unloaded":

            async def load() -> None:
                async with self._scheduler.progress("Loading the wa model"):
                    try:
                        await self._scheduler.interactive(self._engines.get, config)
                    except EngineMissing as exc:
                        self._on_missing(str(exc))

            await self._scheduler.once(f"engine:{EngineHost.key(config)}", load)
        if self._engines.state(config) != "ready":
            return None
        return self._engines.get(config)

    async def summarize(self, config: Config, text: str, max_words: int, timeout: float) -> str | None:
        """A summary, or None if there is no model; ``TimeoutError`` if not ready in time.

        Greedy decoding: a hover is read at a glance and waits at most ``timeout``; beam
        search (what ``wa summarize`` does) takes 2-5 times as long and twice the memory.
        """
        return await self._run(
            config,
            ("summarize", text, max_words),
            timeout,
            lambda e: e.summarize(text, max_words, beams=1),
        )

    async def rewrite(self, config: Config, text: str, style: str, timeout: float) -> str | None:
        """The text rewritten in ``style``, or None if there is no model or no result."""

        def call(engine: TextEngine) -> str:
            results = engine.rewrite(text, style, 1)
            return results[0] if results else ""

        out = await self._run(config, ("rewrite", style, text), timeout, call)
        return out or None

    async def _run(
        self, config: Config, key: tuple[Any, ...], timeout: float, call: Callable[[TextEngine], str]
    ) -> str | None:
        engine = await self.engine(config)
        if engine is None:
            return None
        full_key = (EngineHost.key(config), *key)
        job = self._jobs.get(full_key)
        if job is None or (job.future.done() and (job.future.cancelled() or job.future.exception())):
            job = self._start(full_key, engine, call)
        self._jobs.move_to_end(full_key)
        job.waiters += 1
        try:
            return await asyncio.wait_for(asyncio.shield(job.future), timeout)
        except asyncio.CancelledError:
            if job.waiters == 1 and not job.started.is_set():
                job.abandoned.set()
                self._jobs.pop(full_key, None)
            raise
        finally:
            job.waiters -= 1

    def _start(self, key: tuple[Any, ...], engine: TextEngine, call: Callable[[TextEngine], str]) -> _Job:
        loop = asyncio.get_running_loop()
        job = _Job(loop.create_future())

        def work() -> str:
            if job.abandoned.is_set():
                raise Abandoned
            job.started.set()
            return call(engine)

        def done(fut: asyncio.Future[str]) -> None:
            if fut.cancelled():
                if not job.future.done():
                    job.future.cancel()
                return
            exc = fut.exception()
            if exc is not None:
                if not isinstance(exc, Abandoned):
                    log.error("the model failed", exc_info=exc)
                self._jobs.pop(key, None)
                if not job.future.done():
                    job.future.set_exception(exc)
                    job.future.exception()  # retrieved: no "never retrieved" warning
                return
            if not job.future.done():
                job.future.set_result(fut.result())

        inner = asyncio.ensure_future(self._scheduler.interactive(work))
        inner.add_done_callback(done)
        self._jobs[key] = job
        while len(self._jobs) > CACHE_SIZE:
            self._jobs.popitem(last=False)
        return job
