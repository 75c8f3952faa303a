"""The text engine behind rewrites and summaries, loaded once, on first use.

Loading is slow (a model read from disk), so it runs in the model worker thread and
the server reports it as work-done progress. The server's factory takes the engine
from the model checker, so one model serves diagnostics, rewrites and summaries.
When no model is built the host says so once and the features that need it step aside.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from wa_core.config import Config

log = logging.getLogger("wa.lsp")


class TextEngine(Protocol):
    """What the server needs from ``wa_core.engine.model.Engine``."""

    def rewrite(self, text: str, style: str, n: int = 1) -> list[str]: ...

    def summarize(self, text: str, max_words: int = 60, *, beams: int | None = None) -> str: ...


EngineFactory = Callable[[Config], TextEngine]


class EngineMissing(RuntimeError):
    """No model is built (or it cannot be loaded); the message says what to do."""


class EngineHost:
    """One engine per model settings, built lazily; remembers when there is none."""

    def __init__(self, factory: EngineFactory) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._engines: dict[str, TextEngine] = {}
        self._missing: dict[str, str] = {}

    @staticmethod
    def key(config: Config) -> str:
        return repr(config.model)

    def state(self, config: Config) -> str:
        """ "ready", "missing" or "unloaded"."""
        key = self.key(config)
        with self._lock:
            if key in self._engines:
                return "ready"
            if key in self._missing:
                return "missing"
        return "unloaded"

    def missing_reason(self, config: Config) -> str | None:
        with self._lock:
            return self._missing.get(self.key(config))

    def get(self, config: Config) -> TextEngine:
        """The engine (loading it: call from a worker thread); ``EngineMissing`` when none."""
        key = self.key(config)
        with self._lock:
            if key in self._engines:
                return self._engines[key]
            if key in self._missing:
                raise EngineMissing(self._missing[key])
        try:
            engine = self._factory(config)
        except EngineMissing as exc:
            with self._lock:
                self._missing[key] = str(exc)
            raise
        except Exception as exc:
            log.exception("loading the model failed")
            with self._lock:
                self._missing[key] = f"{type(exc).__name__}: {exc}"
            raise EngineMissing(self._missing[key]) from exc
        with self._lock:
            self._engines[key] = engine
        return engine

    def forget_missing(self) -> None:
        with self._lock:
            self._missing.clear()
