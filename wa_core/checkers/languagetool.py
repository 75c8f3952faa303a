"""LanguageTool, opt-in: ``checkers = ["harper", "languagetool"]`` and a server URL.

Talks to a LanguageTool HTTP server (``languagetool.url``) through
``language_tool_python``. Without a URL it uses a LanguageTool that
``language_tool_python`` has already installed locally; it never downloads one.
LanguageTool counts offsets in Java chars (UTF-16 code units); findings here are in
code points like everything else in wa, so an emoji counts once.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wa_core.checkers.base import CheckerUnavailable, Layer, register
from wa_core.checkers.harper import chunks
from wa_core.document import Finding, ProseDocument, Severity, Span, Suggestion

if TYPE_CHECKING:
    from wa_core.config import Config

log = logging.getLogger("wa.checkers.languagetool")

NAME = "languagetool"
# LanguageTool's public servers refuse texts over 20,000 characters; local ones allow more.
CHUNK_CHARS = 20_000

# language_tool_python keeps per-text state on its Match class, so checks are serialised.
_LOCK = threading.Lock()

# LanguageTool issue types (the Localization Quality Issue Type vocabulary).
_WARNING_TYPES = frozenset({"misspelling", "grammar", "typographical", "inconsistency", "duplication"})


def severity_for(issue_type: str) -> Severity:
    """Spelling and grammar are warnings; style and register advice is info."""
    return Severity.WARNING if issue_type in _WARNING_TYPES else Severity.INFO


@functools.lru_cache(maxsize=4)
def _connect(url: str, language: str, timeout: float) -> Any:
    """A ``language_tool_python.LanguageTool`` for a remote server or a local install."""
    try:
        import language_tool_python
        from language_tool_python.download_lt import LocalLanguageTool
    except ImportError:
        raise CheckerUnavailable(
            "the languagetool checker needs language-tool-python (pip install 'wa[languagetool]')"
        ) from None
    tool: Any
    try:
        if url:
            tool = language_tool_python.LanguageTool(language, remote_server=url)
        else:
            installed = _local_install(LocalLanguageTool)
            if installed is None:
                raise CheckerUnavailable(
                    "no LanguageTool server: set [tool.wa.languagetool] url "
                    '(e.g. "http://localhost:8081"); wa never downloads LanguageTool'
                )
            # Naming the installed version keeps language_tool_python from downloading another.
            tool = language_tool_python.LanguageTool(
                language, language_tool_download_version=installed.version_name
            )
    except CheckerUnavailable:
        raise
    except Exception as exc:  # connection refused, bad JSON, unknown language, no Java...
        where = url or "the local LanguageTool"
        raise CheckerUnavailable(f"cannot use LanguageTool at {where}: {exc}") from None
    tool._TIMEOUT = timeout  # the library's only request timeout knob (a class default of 300 s)
    return tool


def _local_install(local: Any) -> Any:
    """The newest LanguageTool ``language_tool_python`` has installed, without creating its cache dir."""
    folder = os.environ.get("LTP_PATH") or str(Path.home() / ".cache" / "language_tool_python")
    if not Path(folder).is_dir():
        return None
    return local.get_latest_installed_version()


class LanguageToolChecker:
    """LanguageTool's rules over a document's prose, one request per chunk of paragraphs."""

    name = NAME
    layer = Layer.FAST

    def __init__(self, config: Config) -> None:
        settings = config.languagetool
        self._url = settings.url
        self._tool = _connect(settings.url, settings.language, settings.timeout)
        self._disabled = set(settings.disabled_rules)

    def check(self, doc: ProseDocument) -> list[Finding]:
        findings: list[Finding] = []
        for offset, text in chunks(doc.prose, CHUNK_CHARS):
            if not text.strip():
                continue
            with _LOCK:
                self._tool.disabled_rules = set(self._disabled)
                try:
                    matches = self._tool.check(text)
                except Exception as exc:
                    where = self._url or "the local LanguageTool"
                    raise CheckerUnavailable(f"LanguageTool at {where} failed: {exc}") from None
                findings.extend(_finding(text, m, offset) for m in matches)
        return findings


def _finding(text: str, match: Any, offset: int) -> Finding:
    # language_tool_python (>= 2.7) turns `offset` into code points but leaves `errorLength`
    # in UTF-16 code units, so the end is found by walking the text.
    start = match.offset
    end = code_points_after(text, start, match.error_length)
    rule_type = getattr(match, "rule_issue_type", "") or ""
    return Finding(
        Span(start + offset, end + offset),
        f"{NAME}/{match.rule_id}",
        NAME,
        severity_for(rule_type),
        match.message,
        tuple(Suggestion.replace(r) for r in match.replacements[:5]),
    )


def code_points_after(text: str, start: int, utf16_units: int) -> int:
    """The code-point index ``utf16_units`` UTF-16 code units after code point ``start``."""
    pos = start
    left = utf16_units
    while left > 0 and pos < len(text):
        left -= 2 if ord(text[pos]) > 0xFFFF else 1
        pos += 1
    return pos


@register(NAME)
def _create(config: Config) -> LanguageToolChecker:
    return LanguageToolChecker(config)
