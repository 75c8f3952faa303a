"""The two checking layers for one document version; called from worker threads.

The rule layer runs the fast checkers over the whole prose (milliseconds). The model
layer runs sentence by sentence: each sentence's findings are kept in a memory cache
keyed by its text, so after an edit only the sentences that changed go to the model
(the engine's own SQLite cache serves repeats across sessions), and the work can stop
between batches when a newer version arrives. Every checker failure is caught,
reported once, and the checker skipped: the server keeps serving.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lsprotocol import types

from wa_core.checkers.base import BatchChecker, Checker, CheckerUnavailable, SuggestionRanker
from wa_core.config import Config
from wa_core.document import Finding, ProseDocument, Span
from wa_core.parsers import parse
from wa_core.pipeline import Checkers, finalize, to_source
from wa_lsp.diagnostics import to_diagnostics
from wa_lsp.documents import Snapshot
from wa_lsp.outline import sentence_spans

log = logging.getLogger("wa.lsp")

# Sentences per model call; the version is checked between batches, so this bounds
# how long a stale job keeps the model busy.
BATCH = 4
CACHE_SENTENCES = 20_000
FAST_CONFIGS = 4  # rule checker sets kept (one per distinct config)
MODEL_CONFIGS = 1  # model checkers kept: one model in memory

MODEL = "model"  # the registered name of the model checker

Failure = Callable[[str, str], None]  # (key, message): report once per key


@dataclass(frozen=True, eq=False)
class Checked:
    """One document version checked so far."""

    snapshot: Snapshot
    config: Config
    doc: ProseDocument
    fast: tuple[Finding, ...]  # prose spans, unfiltered (the model layer ranks their suggestions)
    model: tuple[Finding, ...]  # source spans of the sentences the model has done
    pending: tuple[Span, ...]  # prose spans of sentences the model has still to check
    model_key: str | None  # None: no model layer for this version
    findings: tuple[Finding, ...]  # what the user sees: filtered and merged
    diagnostics: tuple[types.Diagnostic, ...] = field(default=())
    unranked: bool = False  # rule suggestions the model layer has still to order

    @property
    def complete(self) -> bool:
        return not self.pending and not self.unranked


class SentenceCache:
    """Model findings per (model, checker, sentence text), spans relative to the sentence."""

    def __init__(self, size: int = CACHE_SENTENCES) -> None:
        self._items: OrderedDict[tuple[str, str, str], tuple[Finding, ...]] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str, str]) -> tuple[Finding, ...] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, str, str], findings: tuple[Finding, ...]) -> None:
        with self._lock:
            self._items[key] = findings
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def config_key(config: Config) -> str:
    return repr(dataclasses.replace(config, path=None, root=None, overrides=()))


def model_key(config: Config) -> str:
    """What the model checker depends on: its settings and where a relative model dir starts."""
    return f"{config.model!r}|{config.root}"


def wants_model(config: Config) -> bool:
    return MODEL in config.checkers


class Checking:
    """Builds checkers per config (once) and runs the layers.

    Memory matters in a server that runs all day: rule checkers are kept for a few
    configs only (Harper's linter is over 100 MB), and one model checker per model,
    whatever the other settings, so changing the rules never loads a second model.
    """

    def __init__(self, on_failure: Failure) -> None:
        self._on_failure = on_failure
        self._lock = threading.Lock()
        self._fast: OrderedDict[str, list[Checker]] = OrderedDict()
        self._model: OrderedDict[str, Checker] = OrderedDict()
        self._model_missing: dict[str, str] = {}
        self.cache = SentenceCache()

    # --- checkers ----------------------------------------------------------------

    def fast_checkers(self, config: Config) -> list[Checker]:
        key = config_key(config)
        with self._lock:
            found = self._fast.get(key)
            if found is not None:
                self._fast.move_to_end(key)
                return found
        built = self._build(config).fast
        with self._lock:
            self._fast[key] = built
            evicted = False
            while len(self._fast) > FAST_CONFIGS:
                self._fast.popitem(last=False)
                evicted = True
        if evicted:
            _release_unused_linters()
        return built

    def _build(self, config: Config) -> Checkers:
        no_model = dataclasses.replace(config, checkers=tuple(c for c in config.checkers if c != MODEL))
        try:
            checkers = Checkers.from_config(no_model, include_model=False)
        except ValueError as exc:  # an unknown checker name: run the known ones
            self._on_failure(f"checkers:{exc}", str(exc))
            from wa_core.checkers.base import available

            known = tuple(c for c in no_model.checkers if c in available())
            checkers = Checkers.from_config(
                dataclasses.replace(no_model, checkers=known), include_model=False
            )
        for name, why in checkers.unavailable.items():
            self._on_failure(f"unavailable:{name}", f"{name} is unavailable: {why}")
        return checkers

    def model_state(self, config: Config) -> str:
        """ "ready", "missing" (no model: rules only) or "unloaded"."""
        key = model_key(config)
        with self._lock:
            if key in self._model:
                return "ready"
            if key in self._model_missing:
                return "missing"
        return "unloaded"

    def load_model(self, config: Config) -> Checker | None:
        """The model checker for ``config``'s model, built once; None when there is no model."""
        key = model_key(config)
        with self._lock:
            if key in self._model:
                return self._model[key]
            if key in self._model_missing:
                return None
        from wa_core.checkers.base import create

        if config.model.workers == 0:  # auto: one model state, since memory matters more here
            config = dataclasses.replace(config, model=dataclasses.replace(config.model, workers=1))
        try:
            checker: Checker | None = create(MODEL, config)
            missing = None
            # Load the weights now (this is what the progress report covers), not on first use.
            opener = getattr(checker, "engine", None)
            if callable(opener) and opener() is None:
                checker, missing = None, "the model could not be loaded (see the log)"
        except CheckerUnavailable as exc:
            checker, missing = None, str(exc)
        except Exception as exc:
            log.exception("loading the model failed")
            checker, missing = None, f"{type(exc).__name__}: {exc}"
        with self._lock:
            if checker is not None:
                self._model[key] = checker
                self._model_missing.pop(key, None)
                while len(self._model) > MODEL_CONFIGS:
                    self._model.popitem(last=False)
            else:
                self._model_missing[key] = missing or "unknown"
        if missing is not None:
            self._on_failure(
                "model-missing",
                f"no model ({missing}); publishing rule diagnostics only "
                "(the wa.buildModel command builds it)",
            )
        return checker

    def model_engine(self, config: Config) -> Any:
        """The engine of the model checker, shared with rewrites and summaries (one model in memory).

        Raises ``EngineMissing`` when there is no model checker or its model cannot load.
        """
        from wa_lsp.runtime import EngineMissing

        checker = self.load_model(config)
        opener = getattr(checker, "engine", None)
        if callable(opener):
            engine = opener()
            if engine is not None:
                return engine
        with self._lock:
            reason = self._model_missing.get(model_key(config))
        raise EngineMissing(reason or "the model could not be loaded (see the log)")

    def forget_missing_model(self) -> None:
        """Try loading the model again next time (it may have been built since)."""
        with self._lock:
            self._model_missing.clear()

    def loaded_model(self, config: Config) -> Checker | None:
        with self._lock:
            return self._model.get(model_key(config))

    # --- layers ------------------------------------------------------------------

    def parse(self, snapshot: Snapshot, config: Config) -> ProseDocument:
        path = snapshot.path
        return parse(snapshot.text, language=snapshot.language, path=path, latex=config.latex)

    def run_fast(self, snapshot: Snapshot, config: Config, *, with_model: bool) -> Checked:
        """Parse, run the rule layer, and fill in model findings the cache already has."""
        doc = self.parse(snapshot, config)
        fast: list[Finding] = []  # prose spans
        for checker in self.fast_checkers(config):
            fast.extend(self._run(checker, doc))
        known: list[Finding] = []
        pending: list[Span] = []
        key: str | None = None
        if with_model and wants_model(config) and self.model_state(config) != "missing":
            key = model_key(config)
            loaded = self.loaded_model(config)
            for s in sentence_spans(doc.prose):
                sentence = s.of(doc.prose)
                if not sentence.strip():
                    continue
                hit = self.cache.get((key, MODEL, sentence)) if loaded is not None else None
                if hit is None:
                    pending.append(s)
                else:
                    known.extend(_place(doc, s, hit))
        unranked = key is not None and any(len(f.suggestions) > 1 for f in fast)
        return self._checked(
            snapshot, config, doc, fast=fast, model=known, pending=pending, key=key, unranked=unranked
        )

    def run_model(self, checked: Checked, should_stop: Callable[[], bool]) -> Checked | None:
        """Run the model over the pending sentences, then let it order the rule suggestions.

        None when ``should_stop`` says so between batches (a newer version, shutdown, or a
        hover waiting for the model); the sentences done so far are in the cache.
        """
        if checked.model_key is None or checked.complete:
            return checked
        checker = self.load_model(checked.config)
        if checker is None:
            return self._checked(
                checked.snapshot,
                checked.config,
                checked.doc,
                fast=list(checked.fast),
                model=[],
                pending=[],
                key=None,
            )
        doc = checked.doc
        key = checked.model_key
        found = list(checked.model)
        pending = []
        for s in checked.pending:  # a resumed job finds its finished sentences in the cache
            hit = self.cache.get((key, MODEL, s.of(doc.prose)))
            if hit is None:
                pending.append(s)
            else:
                found.extend(_place(doc, s, hit))
        for i in range(0, len(pending), BATCH):
            if should_stop():
                return None
            batch = pending[i : i + BATCH]
            subdocs = [
                ProseDocument.plain(s.of(doc.prose), language=doc.language, path=doc.path) for s in batch
            ]
            results = self._run_many(checker, subdocs)
            if results is None:
                continue
            for s, sub, res in zip(batch, subdocs, results, strict=True):
                rel = tuple(res)
                self.cache.put((key, MODEL, sub.prose), rel)
                found.extend(_place(doc, s, rel))
        fast = list(checked.fast)
        if checked.unranked and isinstance(checker, SuggestionRanker):
            if should_stop():
                return None
            fast = self._rank(checker, doc, fast)
        return self._checked(
            checked.snapshot, checked.config, doc, fast=fast, model=found, pending=[], key=key
        )

    def _checked(
        self,
        snapshot: Snapshot,
        config: Config,
        doc: ProseDocument,
        *,
        fast: list[Finding],
        model: list[Finding],
        pending: list[Span],
        key: str | None,
        unranked: bool = False,
    ) -> Checked:
        findings = finalize(doc, config, to_source(doc, fast), model)
        return Checked(
            snapshot,
            config,
            doc,
            tuple(fast),
            tuple(model),
            tuple(pending),
            key,
            tuple(findings),
            tuple(to_diagnostics(findings, snapshot.lines)),
            unranked,
        )

    def _rank(self, checker: SuggestionRanker, doc: ProseDocument, fast: list[Finding]) -> list[Finding]:
        """The rule findings with their suggestions in the order the model prefers (scores are cached)."""
        try:
            return checker.rank([doc], [fast])[0]
        except Exception:
            log.exception("ranking suggestions failed")
            return fast

    def _run(self, checker: Checker, doc: ProseDocument) -> list[Finding]:
        """The checker's findings in prose spans; none (reported once) when it fails."""
        try:
            return checker.check(doc)
        except CheckerUnavailable as exc:
            self._on_failure(f"unavailable:{checker.name}", f"{checker.name} is unavailable: {exc}")
        except Exception as exc:
            log.exception("checker %s failed", checker.name)
            self._on_failure(
                f"failed:{checker.name}", f"checker {checker.name} failed: {type(exc).__name__}: {exc}"
            )
        return []

    def _run_many(self, checker: Checker, docs: Sequence[ProseDocument]) -> list[list[Finding]] | None:
        try:
            if isinstance(checker, BatchChecker):
                return checker.check_many(docs)
            return [checker.check(d) for d in docs]
        except CheckerUnavailable as exc:
            self._on_failure(f"unavailable:{checker.name}", f"{checker.name} is unavailable: {exc}")
        except Exception as exc:
            log.exception("checker %s failed", checker.name)
            self._on_failure(
                f"failed:{checker.name}", f"checker {checker.name} failed: {type(exc).__name__}: {exc}"
            )
        return None


def _place(doc: ProseDocument, sentence: Span, findings: Sequence[Finding]) -> list[Finding]:
    """Findings relative to a sentence, moved to the document's source."""
    out = []
    for f in findings:
        span = f.span.shifted(sentence.start)
        if span.end > sentence.end:
            span = Span(min(span.start, sentence.end), sentence.end)
        out.append(dataclasses.replace(f, span=doc.to_source(span)))
    return out


def _release_unused_linters() -> None:
    """Let Harper linters no kept checker uses be freed (wa_core caches up to eight)."""
    try:
        from wa_core.checkers import harper
    except ImportError:  # pragma: no cover
        return
    clear = getattr(getattr(harper, "shared_linter", None), "cache_clear", None)
    if callable(clear):
        clear()
