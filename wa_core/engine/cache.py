"""A result cache in SQLite: (model, task, prompt version, input, params) → output.

Keys are per sentence, so after an edit only the sentences it touched go back to the
model. Several processes share the file (the CLI in CI, a language server, a TUI):
WAL mode lets readers run beside a writer, a busy timeout waits out short locks and
every write is one short transaction. The cache is bounded: each row records when
it was last used and the least recently used rows go once the table outgrows
``max_entries`` or ``max_bytes``.

A cache is an optimisation, never a failure: any SQLite error is logged and the
call behaves as a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

log = logging.getLogger("wa.engine.cache")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    size INTEGER NOT NULL,
    used REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS results_used ON results (used);
"""
# SQLite's default limit on host parameters is 999 in old builds.
_CHUNK = 500
# Refresh a row's last-used time at most this often (seconds): reads stay mostly reads.
_TOUCH_AFTER = 60.0


def _busy(exc: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, extended codes included (``BUSY_RECOVERY``…)."""
    return (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def cache_key(
    model_id: str, task: str, prompt_version: str, text: str, params: Mapping[str, Any] | None = None
) -> str:
    """The key of one result; ``params`` holds whatever else changes the output."""
    payload = json.dumps(
        [model_id, task, prompt_version, text, dict(params or {})], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResultCache:
    """Get and put many results at once; safe across threads and processes."""

    def __init__(
        self,
        path: Path | str,
        *,
        max_entries: int = 100_000,
        max_bytes: int = 64 << 20,
        timeout: float = 5.0,
    ) -> None:
        self.path = Path(path)
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._timeout = timeout
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None
        self._broken = False

    def _connect(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._broken:
            return self._conn
        deadline = time.monotonic() + self._timeout
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._conn = self._open()
                return self._conn
            except sqlite3.OperationalError as exc:
                # Two processes creating the file at once can deadlock on its schema, and
                # SQLite answers one of them "locked" at once instead of waiting: try again.
                if _busy(exc) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                error: Exception = exc
            except (sqlite3.Error, OSError) as exc:
                error = exc
            log.warning("result cache disabled: cannot open %s: %s", self.path, error)
            self._broken = True
            return None

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # One write transaction taken up front (waits on the busy timeout), not a read
            # that must turn into a write: that is the upgrade two processes deadlock on.
            conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} COMMIT;")
        except BaseException:
            conn.close()
            raise
        return conn

    def get_many(self, keys: Sequence[str]) -> dict[str, str]:
        """The cached values among ``keys``; hits are marked as used now."""
        unique = list(dict.fromkeys(keys))
        if not unique:
            return {}
        with self._lock:
            conn = self._connect()
            if conn is None:
                return {}
            found: dict[str, str] = {}
            stale: list[str] = []
            now = time.time()
            try:
                for chunk in _chunks(unique):
                    marks = ",".join("?" * len(chunk))
                    rows = conn.execute(f"SELECT key, value, used FROM results WHERE key IN ({marks})", chunk)
                    for key, value, used in rows:
                        found[key] = value
                        if used < now - _TOUCH_AFTER:
                            stale.append(key)
                if stale:
                    with _transaction(conn):
                        for chunk in _chunks(stale):
                            marks = ",".join("?" * len(chunk))
                            conn.execute(f"UPDATE results SET used = ? WHERE key IN ({marks})", [now, *chunk])
            except sqlite3.Error as exc:
                log.debug("result cache read failed: %s", exc)
            return found

    def get(self, key: str) -> str | None:
        return self.get_many([key]).get(key)

    def put_many(self, items: Mapping[str, str]) -> None:
        """Store ``items`` and evict the least recently used rows beyond the bounds."""
        if not items:
            return
        now = time.time()
        rows = [(k, v, len(v.encode("utf-8")) + len(k), now) for k, v in items.items()]
        with self._lock:
            conn = self._connect()
            if conn is None:
                return
            try:
                with _transaction(conn):
                    conn.executemany(
                        "INSERT OR REPLACE INTO results (key, value, size, used) VALUES (?, ?, ?, ?)", rows
                    )
                    self._evict(conn)
            except sqlite3.Error as exc:
                log.debug("result cache write failed: %s", exc)

    def put(self, key: str, value: str) -> None:
        self.put_many({key: value})

    def _evict(self, conn: sqlite3.Connection) -> None:
        count, size = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM results").fetchone()
        if count <= self.max_entries and size <= self.max_bytes:
            return
        # Go a tenth below the bounds, so eviction runs once per many writes, not every write.
        drop_rows = max(0, count - self.max_entries * 9 // 10)
        drop_bytes = max(0, size - self.max_bytes * 9 // 10)
        victims: list[str] = []
        freed = 0
        for key, row_size in conn.execute("SELECT key, size FROM results ORDER BY used ASC"):
            if len(victims) >= drop_rows and freed >= drop_bytes:
                break
            victims.append(key)
            freed += row_size
        for chunk in _chunks(victims):
            conn.execute(f"DELETE FROM results WHERE key IN ({','.join('?' * len(chunk))})", chunk)
        log.debug("result cache: evicted %d rows (%d bytes)", len(victims), freed)

    def stats(self) -> tuple[int, int]:
        """(rows, bytes) in the cache."""
        with self._lock:
            conn = self._connect()
            if conn is None:
                return 0, 0
            try:
                count, size = conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM results").fetchone()
            except sqlite3.Error:
                return 0, 0
            return int(count), int(size)

    def clear(self) -> None:
        with self._lock:
            conn = self._connect()
            if conn is not None:
                try:
                    with _transaction(conn):
                        conn.execute("DELETE FROM results")
                except sqlite3.Error as exc:
                    log.debug("result cache clear failed: %s", exc)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


class _transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: take the write lock up front, so waits happen in the busy handler."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("COMMIT" if exc_type is None else "ROLLBACK")


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    for i in range(0, len(items), _CHUNK):
        yield list(items[i : i + _CHUNK])
