"""Which library CTranslate2 multiplies int8 matrices with on this CPU, for ``wa models info``.

CTranslate2's x86-64 wheels carry both Intel MKL and oneDNN. On an Intel CPU it multiplies
with MKL; on any other x86-64 CPU (AMD) with oneDNN, unless the environment variable
``CT2_USE_MKL`` says otherwise ("1" or "true" in any case turns MKL on, anything else off;
checked against CTranslate2 4.8's ``CT2_VERBOSE=1`` log). The two round differently, and
without VNNI instructions oneDNN sums pairs of int8 products in 16 bits, so the same model
keeps a few different corrections on the two: on JFLEG dev, 51.20 GLEU with MKL against 50.80
with oneDNN (the model card's "How much a figure moves with the CPU"). Nothing here imports
CTranslate2: this only says what it will choose.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Mapping
from pathlib import Path

MKL = "Intel MKL"
ONEDNN = "oneDNN"
CPUINFO = Path("/proc/cpuinfo")


def int8_library(
    environ: Mapping[str, str] | None = None, vendor: str | None = None, machine: str | None = None
) -> str | None:
    """``MKL`` or ``ONEDNN`` on an x86-64 CPU; ``None`` elsewhere or when the vendor is unknown.

    ``environ``, ``vendor`` (``/proc/cpuinfo``'s ``vendor_id``) and ``machine`` default to
    this process's environment and this machine's.
    """
    machine = platform.machine() if machine is None else machine
    if machine.lower() not in ("x86_64", "amd64"):
        return None
    forced = (os.environ if environ is None else environ).get("CT2_USE_MKL", "")
    if forced:
        return MKL if forced == "1" or forced.lower() == "true" else ONEDNN
    vendor = cpu_vendor() if vendor is None else vendor
    if not vendor:
        return None
    return MKL if vendor == "GenuineIntel" else ONEDNN


def cpu_vendor(cpuinfo: Path = CPUINFO) -> str:
    """The CPU's ``vendor_id`` ("GenuineIntel", "AuthenticAMD"), or "" where it cannot be read."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "vendor_id":
            return value.strip()
    return ""


def describe(
    environ: Mapping[str, str] | None = None, vendor: str | None = None, machine: str | None = None
) -> str:
    """One line for ``wa models info``: the library, and why."""
    environ = os.environ if environ is None else environ
    library = int8_library(environ, vendor, machine)
    if library is None:
        return "not x86-64, or the CPU's vendor is unknown: CTranslate2's own choice"
    if environ.get("CT2_USE_MKL"):
        return f"{library} (CT2_USE_MKL={environ['CT2_USE_MKL']})"
    if library == MKL:
        return f"{MKL} (an Intel CPU)"
    return f"{ONEDNN} (not an Intel CPU; CT2_USE_MKL=1 forces Intel MKL, slower there)"
