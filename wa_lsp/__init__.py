"""wa's language server (pygls): diagnostics in two layers, code actions, hovers.

Run it with ``wa lsp``. The core (``wa_core``) does the work; this package turns LSP
messages into core calls and code-point spans into LSP positions (``positions``).
"""
