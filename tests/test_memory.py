"""Freed heap memory goes back to the system on glibc; elsewhere the calls do nothing."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest

from wa_core import memory


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(memory._glibc() is None, reason="glibc only")
def test_trim_returns_freed_heap_pages() -> None:
    libc = memory._glibc()
    assert libc is not None
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    blocks = [libc.malloc(4096) for _ in range(25_000)]  # 100 MB of small blocks, from the heap
    for b in blocks:
        ctypes.memset(b, 1, 4096)  # touched, so resident
    for b in reversed(blocks[1:]):
        libc.free(b)
    before = rss_mb()
    memory.trim()
    after = rss_mb()
    libc.free(blocks[0])
    assert before - after > 50


def test_the_calls_are_safe_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    memory.limit_arenas(2)
    memory.trim()
    memory._glibc.cache_clear()
    monkeypatch.setattr(sys, "platform", "darwin")
    try:
        assert memory._glibc() is None
        memory.trim()  # no-ops
        memory.limit_arenas()
    finally:
        memory._glibc.cache_clear()
