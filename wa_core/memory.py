"""Handing freed memory back to the system, for the processes that run all day.

glibc's ``malloc`` keeps what a program frees for later reuse, so a process's resident
size stays at its high-water mark: building a Harper linter frees about 50 MB of scratch
space it never gives back, and a batch through the model about 30 MB. ``trim`` returns
those pages (``malloc_trim``); ``limit_arenas`` caps the per-thread heaps glibc creates for
worker threads, each of which would otherwise keep its own high-water mark. Both are
no-ops on other C libraries and platforms.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

log = logging.getLogger("wa.memory")

_M_ARENA_MAX = -8  # mallopt parameter, from glibc's malloc.h


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")  # glibc's soname (find_library would run ldconfig)
        libc.malloc_trim, libc.mallopt  # noqa: B018 (musl has neither)
    except (OSError, AttributeError):
        return None
    return libc


def trim() -> None:
    """Give the memory freed so far back to the system (milliseconds)."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def limit_arenas(count: int = 1) -> None:
    """At most ``count`` malloc arenas from now on: call it before starting threads.

    One arena for every thread measured no slower here (model workers spend their time in
    CTranslate2's kernels, not in malloc) and kept 40-50 MB less resident than glibc's
    default of up to eight per core.
    """
    libc = _glibc()
    if libc is not None and not libc.mallopt(_M_ARENA_MAX, count):
        log.debug("mallopt(M_ARENA_MAX) refused")
