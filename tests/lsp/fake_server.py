"""The language server with the fake model and engine (``lsp_fakes``), over stdio.

Tests start this script instead of ``wa lsp``; ``WA_LSP_HOVER_TIMEOUT`` shortens the
hover time bound for the timeout test, ``WA_LSP_DEBOUNCE`` the pause typing waits for,
``WA_LSP_TEST_BUILD`` (Python code) stands in
for ``wa models build``.
"""

from __future__ import annotations

import logging
import os
import sys

import lsp_fakes

from wa_lsp import build, hover, scheduler
from wa_lsp.logs import setup_stderr
from wa_lsp.server import serve

if __name__ == "__main__":
    lsp_fakes.install()
    if os.environ.get("WA_LSP_TEST_BUILD"):  # a stand-in for `wa models build`
        build.BUILD_COMMAND = [sys.executable, "-c", os.environ["WA_LSP_TEST_BUILD"]]
    if os.environ.get("WA_LSP_DEBOUNCE"):
        scheduler.DEBOUNCE = float(os.environ["WA_LSP_DEBOUNCE"])
    if os.environ.get("WA_LSP_HOVER_TIMEOUT"):
        hover.TIMEOUT = float(os.environ["WA_LSP_HOVER_TIMEOUT"])
    setup_stderr(logging.INFO)
    sys.exit(serve(engine_factory=lsp_fakes.FakeEngine))
