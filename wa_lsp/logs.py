"""Logging for the server: stderr always, the client's log through ``window/logMessage``.

stdout carries the protocol, so nothing else may write there. Records from any
thread reach the client through the event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

_LEVELS = {
    logging.ERROR: 1,  # MessageType.Error
    logging.WARNING: 2,  # Warning
    logging.INFO: 3,  # Info
    logging.DEBUG: 4,  # Log
}


def message_type(levelno: int) -> int:
    for level, kind in sorted(_LEVELS.items(), reverse=True):
        if levelno >= level:
            return kind
    return 4


class ClientLogHandler(logging.Handler):
    """Forwards ``wa`` log records to the client; safe to call from worker threads."""

    def __init__(self, send: Callable[[int, str], None], level: int = logging.INFO) -> None:
        super().__init__(level)
        self._send = send
        self.loop: asyncio.AbstractEventLoop | None = None
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        try:
            text = self.format(record)
            loop.call_soon_threadsafe(self._send, message_type(record.levelno), text)
        except Exception:  # pragma: no cover - logging must never raise
            self.handleError(record)


def setup_stderr(level: int) -> None:
    """Log ``wa`` records to stderr (when the CLI has not already configured logging)."""
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("wa-lsp: %(levelname)s: %(message)s"))
        root.addHandler(handler)
    logging.getLogger("wa").setLevel(level)
