"""Markup parsers and the factory that picks one by language id or file extension.

An unknown language falls back to plain text with a warning, as ltex-ls does.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from wa_core.config import LatexSettings
from wa_core.document import ProseDocument
from wa_core.parsers.base import Parser

log = logging.getLogger("wa.parsers")

# LSP language ids and their aliases -> canonical language.
LANGUAGE_IDS = {
    "markdown": "markdown",
    "md": "markdown",
    "mdx": "markdown",  # the MDX extension's id (Docusaurus)
    "latex": "latex",
    "tex": "latex",
    "plaintext": "plaintext",
    "text": "plaintext",
    "txt": "plaintext",
    "restructuredtext": "restructuredtext",
    "rst": "restructuredtext",
    "asciidoc": "asciidoc",
    "adoc": "asciidoc",
}

EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".tex": "latex",
    ".latex": "latex",
    ".sty": "latex",
    ".txt": "plaintext",
    ".text": "plaintext",
    ".rst": "restructuredtext",
    ".rest": "restructuredtext",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
}

DEFAULT_GLOBS = ("*.md", "*.markdown", "*.mdx", "*.tex", "*.txt", "*.rst", "*.adoc", "*.asciidoc")


def language_for(path: str | PurePath | None = None, language_id: str | None = None) -> str:
    """The canonical language for an LSP language id or a file name; plain text if unknown."""
    if language_id:
        lang = LANGUAGE_IDS.get(language_id.lower())
        if lang:
            return lang
        log.warning("unknown language %r, reading it as plain text", language_id)
        return "plaintext"
    if path is not None:
        lang = EXTENSIONS.get(PurePath(path).suffix.lower())
        if lang:
            return lang
        log.warning("no parser for %s (no known extension), reading it as plain text", path)
    return "plaintext"


def editor_language(path: str | PurePath | None, language_id: str) -> str:
    """The language of a document an editor opened: its language id's, unless that is plain text
    and the file's extension names a markup. VS Code has no AsciiDoc or reStructuredText of its
    own: without an extension for them, ``guide.adoc`` arrives as plain text."""
    language = language_for(None, language_id)
    if language == "plaintext" and path is not None:
        return EXTENSIONS.get(PurePath(path).suffix.lower(), language)
    return language


def parser_for(language: str, *, latex: LatexSettings | None = None) -> Parser:
    """The parser for a canonical language (see ``language_for``)."""
    if language == "markdown":
        from wa_core.parsers.markdown import MarkdownParser

        return MarkdownParser()
    if language == "latex":
        from wa_core.parsers.latex import LatexParser

        return LatexParser(latex or LatexSettings())
    if language == "restructuredtext":
        from wa_core.parsers.rst import RstParser

        return RstParser()
    if language == "asciidoc":
        from wa_core.parsers.asciidoc import AsciidocParser

        return AsciidocParser()
    from wa_core.parsers.plain import PlainParser

    return PlainParser()


def parse(
    source: str,
    *,
    language: str | None = None,
    path: str | PurePath | None = None,
    latex: LatexSettings | None = None,
) -> ProseDocument:
    """Parse ``source`` as ``language`` (an LSP id or alias) or by ``path``'s extension."""
    lang = language_for(path, language)
    return parser_for(lang, latex=latex).parse(source, path=str(path) if path is not None else None)
