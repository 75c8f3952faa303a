"""The checker protocol and the registry that switches checkers by name.

A checker is small and stateless: ``check(doc)`` returns findings whose spans are in
*prose* code points; the pipeline (``wa_core.pipeline``) maps them back to the source
once, filters them by config and merges duplicates. Checkers declare a ``layer``:
the fast rule layer runs first, the model layer after it (and may batch many
documents through ``check_many``).
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from wa_core.document import Finding, ProseDocument

if TYPE_CHECKING:
    from wa_core.config import Config


class Layer(enum.IntEnum):
    """When a checker runs: rule checkers answer in milliseconds, model checkers later."""

    FAST = 0
    MODEL = 1


@runtime_checkable
class Checker(Protocol):
    name: str
    layer: Layer

    def check(self, doc: ProseDocument) -> list[Finding]: ...


@runtime_checkable
class BatchChecker(Checker, Protocol):
    """A checker that does better with many documents (or sentences) at once."""

    def check_many(self, docs: Sequence[ProseDocument]) -> list[list[Finding]]: ...


@runtime_checkable
class SuggestionRanker(Protocol):
    """A model-layer checker that can order other checkers' suggestions by how they fit."""

    def rank(
        self, docs: Sequence[ProseDocument], findings: Sequence[Sequence[Finding]]
    ) -> list[list[Finding]]: ...


class CheckerUnavailable(RuntimeError):
    """A checker cannot run here (a missing model, package or server); the message says why."""


CheckerFactory = Callable[["Config"], Checker]

_REGISTRY: dict[str, CheckerFactory] = {}


def register(name: str) -> Callable[[CheckerFactory], CheckerFactory]:
    """Register a checker factory under ``name`` (used as ``checkers = [...]`` in config)."""

    def deco(factory: CheckerFactory) -> CheckerFactory:
        _REGISTRY[name] = factory
        return factory

    return deco


def available() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY)


def create(name: str, config: Config) -> Checker:
    """Build the checker registered as ``name``; raises ``ValueError`` naming the valid ones."""
    _load_builtin()
    if name in _MISSING:
        raise CheckerUnavailable(f"the {name} checker is not part of this installation")
    try:
        factory = _REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown checker {name!r} (available: {', '.join(sorted(_REGISTRY))})") from None
    return factory(config)


BUILTIN = (
    "wa_core.checkers.harper",
    "wa_core.checkers.commas",
    "wa_core.checkers.languagetool",
    "wa_core.checkers.model",
)
_MISSING: set[str] = set()


def _load_builtin() -> None:
    # Importing the modules registers them; each keeps its heavy imports lazy.
    for name in BUILTIN:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a missing dependency, not a checker absent from this checkout
                raise
            _MISSING.add(name.rsplit(".", 1)[-1])
