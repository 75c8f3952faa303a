"""The checker protocol and the registry that switches checkers by name.

A checker is small and stateless: ``check(doc)`` returns findings whose spans are in
*prose* code points; the pipeline (``wa_core.pipeline``) maps them back to the source
once, filters them by config and merges duplicates. Checkers declare a ``layer``:
the fast rule layer runs first, the model layer after it (and may batch many
documents through ``check_many``).
"""

from __future__ import annotations

import enum
import functools
import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule a checker may report, and whether a config leaves it on."""

    id: str  # "harper/SpellCheck"
    on: bool  # under the config, when its checker runs
    description: str


RuleList = Callable[["Config"], Sequence[Rule]]  # every rule a checker may report, under a config

_REGISTRY: dict[str, CheckerFactory] = {}
_RULES: dict[str, RuleList | None] = {}


def register(name: str, rules: RuleList | None = None) -> Callable[[CheckerFactory], CheckerFactory]:
    """Register a checker factory under ``name`` (used as ``checkers = [...]`` in config), with
    the rules it may report, when it can list them ahead of time (LanguageTool's come from
    its server)."""

    def deco(factory: CheckerFactory) -> CheckerFactory:
        _REGISTRY[name] = factory
        _RULES[name] = rules
        return factory

    return deco


def rules(config: Config) -> dict[str, list[Rule] | None]:
    """Each checker's rules under ``config``; None for a checker that cannot list them here
    (LanguageTool, whose rules its server knows; Harper when harper-py cannot load)."""
    _load_builtin()
    out: dict[str, list[Rule] | None] = {}
    for name, listed in sorted(_RULES.items()):
        try:
            out[name] = list(listed(config)) if listed is not None else None
        except Exception:  # the library that lists them cannot load
            out[name] = None
    return out


def unmatched_rules(patterns: Iterable[str]) -> dict[str, str | None]:
    """The patterns of ``disabled_rules`` or ``enabled_rules`` that match no rule any checker
    has, each with the rule it was most likely meant to name (or None): a misspelt rule name
    switches nothing, silently. A pattern under a checker that cannot list its rules here
    (LanguageTool; Harper when harper-py is missing) is taken as it is, and so is a bare
    name ("SpellCheck") while such a checker is installed."""
    import difflib

    from wa_core.config import Config, rules_matcher

    known: set[str] = set()
    unlisted = set(_MISSING)
    for name, listed in rules(Config()).items():
        if listed is None:
            unlisted.add(name)
        else:
            known.update(rule.id for rule in listed)
    out: dict[str, str | None] = {}
    for pattern in dict.fromkeys(patterns):
        source = pattern.split("/", 1)[0] if "/" in pattern else None
        if source in unlisted or (source is None and unlisted & _REGISTRY.keys()):
            continue
        matches = rules_matcher((pattern,))
        if not any(matches(rule) for rule in known):
            close = difflib.get_close_matches(pattern, sorted(known), n=1, cutoff=0.8)
            out[pattern] = close[0] if close else None
    return out


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


def rule_warnings(config: Config) -> list[str]:
    """One line for each pattern of the config's ``disabled_rules`` and ``enabled_rules`` that
    matches no rule ("disabled_rules: 'harper/Spelcheck' matches no rule; did you mean …")."""
    out = []
    for key, patterns in (("disabled_rules", config.disabled_rules), ("enabled_rules", config.enabled_rules)):
        for pattern, close in (_unmatched(patterns) if patterns else {}).items():
            hint = f"; did you mean {close!r}?" if close else " (`wa rules` lists them)"
            out.append(f"{key}: {pattern!r} matches no rule{hint}")
    return out


@functools.lru_cache(maxsize=32)
def _unmatched(patterns: tuple[str, ...]) -> dict[str, str | None]:
    """``unmatched_rules``, once per set of patterns: a language server asks on every edit."""
    return unmatched_rules(patterns)
