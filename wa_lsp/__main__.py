"""``python -m wa_lsp``: the language server over stdio (what ``wa lsp`` runs)."""

import logging
import sys

from wa_core import memory
from wa_lsp.logs import setup_stderr
from wa_lsp.server import serve

if __name__ == "__main__":
    memory.limit_arenas()  # one malloc arena, as ``wa`` sets for every command (``wa lsp`` included)
    setup_stderr(logging.INFO)
    sys.exit(serve())
