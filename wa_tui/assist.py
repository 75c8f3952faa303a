"""What the app asks of wa_core, as plain functions its workers call (off the UI thread)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from wa_core.config import Config, ModelSettings
from wa_core.document import Finding, Span
from wa_core.models.manifest import ModelError
from wa_core.parsers import parse
from wa_core.pipeline import Checkers, check_document

if TYPE_CHECKING:
    from wa_core.engine.model import Engine

_lock = threading.Lock()


_built: list[tuple[Config, Checkers]] = []


def _checkers(config: Config) -> Checkers:
    """Checkers for ``config``, built once (configs hold dicts, so no lru_cache)."""
    for known, checkers in _built:
        if known == config:
            return checkers
    checkers = Checkers.from_config(config)
    _built[:] = [(config, checkers)]
    return checkers


def check(text: str, language: str, config: Config) -> tuple[list[Finding], str]:
    """Findings for ``text`` and a note on checkers that could not run."""
    doc = parse(text, language=language, latex=config.latex)
    with _lock:  # checkers share linters and engines, which are not thread-safe
        checkers = _checkers(config)
        findings = check_document(doc, config, checkers)
    note = "; ".join(f"{name}: {why}" for name, why in checkers.unavailable.items())
    return findings, note


def sentence_at(text: str, offset: int, language: str) -> Span:
    """The source span of the sentence holding ``offset`` (empty if none)."""
    from wa_core.sentences import sentence_spans

    doc = parse(text, language=language)
    for span in sentence_spans(doc.prose):
        source = doc.to_source(span)
        if source.start <= offset <= source.end:
            return source
    return Span(offset, offset)


def rewrite(text: str, style: str, config: Config) -> str:
    engine = _engine(config)
    with _lock:
        options = engine.rewrite(text, style, 1)
    return options[0] if options else text


def summarize(text: str, language: str, config: Config) -> str:
    doc = parse(text, language=language, latex=config.latex)
    engine = _engine(config)
    with _lock:
        return engine.summarize(doc.prose, 60)


_engines: dict[ModelSettings, Engine] = {}


def _engine(config: Config) -> Engine:
    """The model engine, opened once; a missing model becomes a message for the user."""
    from wa_core.models.loader import load_engine

    engine = _engines.get(config.model)
    if engine is None:
        try:
            engine = load_engine(config.model)
        except ModelError as exc:
            raise RuntimeError(str(exc)) from None
        _engines[config.model] = engine
    return engine
