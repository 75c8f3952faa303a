"""The SQLite result cache: keys, eviction, failure as a miss, and two processes at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from wa_core.engine.cache import ResultCache, cache_key


def test_get_and_put(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "r.sqlite3")
    assert cache.get("k") is None
    cache.put_many({"k": "v", "k2": "ünïcode 🎉"})
    assert cache.get_many(["k", "k2", "missing"]) == {"k": "v", "k2": "ünïcode 🎉"}
    cache.put("k", "new")
    assert cache.get("k") == "new"
    cache.clear()
    assert cache.stats() == (0, 0)


def test_key_covers_model_task_prompt_version_input_and_params() -> None:
    base = cache_key("m", "correct", "1", "A sentence.", {"margin": 1.0})
    assert base == cache_key("m", "correct", "1", "A sentence.", {"margin": 1.0})
    others = {
        cache_key("m2", "correct", "1", "A sentence.", {"margin": 1.0}),
        cache_key("m", "summarize", "1", "A sentence.", {"margin": 1.0}),
        cache_key("m", "correct", "2", "A sentence.", {"margin": 1.0}),
        cache_key("m", "correct", "1", "A sentence!", {"margin": 1.0}),
        cache_key("m", "correct", "1", "A sentence.", {"margin": 2.0}),
    }
    assert base not in others and len(others) == 5


def test_evicts_least_recently_used_beyond_max_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = iter(range(1_000_000))
    monkeypatch.setattr("wa_core.engine.cache.time.time", lambda: float(next(clock)) * 100)
    cache = ResultCache(tmp_path / "r.sqlite3", max_entries=10)
    for i in range(10):
        cache.put(f"k{i}", "v")
    cache.get("k0")  # k0 is now the most recently used
    cache.put("k10", "v")  # 11 > 10: evict down to 9, oldest first
    rows, _ = cache.stats()
    assert rows == 9
    left = cache.get_many([f"k{i}" for i in range(11)])
    assert "k0" in left and "k10" in left
    assert "k1" not in left and "k2" not in left


def test_evicts_beyond_max_bytes(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "r.sqlite3", max_bytes=10_000)
    for i in range(50):
        cache.put(f"k{i}", "x" * 1_000)
    rows, size = cache.stats()
    assert size <= 10_000
    assert 0 < rows < 50
    assert cache.get("k49") is not None  # the newest survives


def test_an_unusable_file_is_a_miss_not_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "r.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    cache = ResultCache(bad)
    cache.put("k", "v")
    assert cache.get("k") is None
    blocked = ResultCache(tmp_path / "file" / "r.sqlite3")
    (tmp_path / "file").write_text("a file where a directory should be")
    blocked.put("k", "v")
    assert blocked.get_many(["k"]) == {}


def _locked() -> sqlite3.OperationalError:
    """The error SQLite raises for a lock it does not wait out (code SQLITE_BUSY)."""
    exc = sqlite3.OperationalError("database is locked")
    exc.sqlite_errorcode = sqlite3.SQLITE_BUSY  # set by sqlite3 itself on a real one
    return exc


def test_opening_a_file_another_process_holds_locked_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes creating the file at once: SQLite may answer "locked" without waiting."""
    real_open = ResultCache._open
    attempts: list[int] = []

    def contended(self: ResultCache) -> sqlite3.Connection:
        attempts.append(1)
        if len(attempts) <= 2:
            raise _locked()
        return real_open(self)

    monkeypatch.setattr(ResultCache, "_open", contended)
    cache = ResultCache(tmp_path / "r.sqlite3")
    cache.put("k", "v")
    assert cache.get("k") == "v" and len(attempts) == 3


def test_a_lock_that_outlasts_the_timeout_disables_the_cache_without_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(self: ResultCache) -> sqlite3.Connection:
        raise _locked()

    monkeypatch.setattr(ResultCache, "_open", locked)
    cache = ResultCache(tmp_path / "r.sqlite3", timeout=0.2)
    cache.put("k", "v")
    assert cache.get("k") is None


def _worker(path: str, worker: int, n: int) -> None:
    cache = ResultCache(path, timeout=30.0)
    for i in range(n):
        cache.put_many({f"w{worker}-{i}-{j}": f"value {worker} {i} {j}" for j in range(5)})
        # Read back what this worker and the other one wrote so far.
        assert cache.get(f"w{worker}-{i}-0") == f"value {worker} {i} 0"
        cache.get_many([f"w{1 - worker}-{k}-0" for k in range(i + 1)])
    cache.close()


def test_two_processes_write_and_read_the_same_file(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.sqlite3")
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_worker, args=(path, w, 40)) for w in (0, 1)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0]
    cache = ResultCache(path)
    assert cache.stats()[0] == 2 * 40 * 5
    assert cache.get("w0-39-4") == "value 0 39 4" and cache.get("w1-0-0") == "value 1 0 0"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
