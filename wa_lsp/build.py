"""Building the model from the editor: ``wa models build`` in a subprocess, as progress.

The build needs torch and a few hundred MB for a minute or three; a subprocess keeps
that out of the server, which only relays the build's progress lines and then picks
the new model up.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

# Replaceable in tests; run in the workspace, so the build sees the project's [tool.wa].
BUILD_COMMAND = [sys.executable, "-m", "wa_core.cli.main", "models", "build"]


async def build_model(cwd: Path | None, report: Callable[[str], None]) -> tuple[int, str]:
    """Run the build, reporting each line it prints; returns its exit status and last line."""
    proc = await asyncio.create_subprocess_exec(
        *BUILD_COMMAND,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert proc.stderr is not None
    last = ""
    async for raw in proc.stderr:
        line = raw.decode("utf-8", "replace").strip()
        if line:
            last = line.removeprefix("wa: ")
            report(last)
    return await proc.wait(), last
