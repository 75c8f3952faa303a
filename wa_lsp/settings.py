"""Editor settings (the ``wa`` section) and how they merge over the project config.

Every field is defaulted, and a default means "what the project config says". An
invalid value is reported and replaced by its default; the other keys still apply.
Keys are accepted in camelCase (as VS Code writes them) or snake_case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wa_core.config import Config
from wa_core.document import Severity
from wa_core.parsers import LANGUAGE_IDS

SECTION = "wa"
LANGUAGES = ("markdown", "latex", "plaintext", "restructuredtext", "asciidoc")
# Keys the editor clients own (VS Code's trace and server path); the server ignores them.
CLIENT_KEYS = frozenset({"trace", "server", "path"})


@dataclass(frozen=True)
class Settings:
    """What the editor asks for, on top of ``[tool.wa]``."""

    checkers: tuple[str, ...] | None = None  # None: the project's list
    disabled_rules: tuple[str, ...] = ()  # added to the project's
    vocabulary: tuple[str, ...] = ()  # added to the project's
    min_severity: Severity | None = None  # None: the project's threshold
    model: bool = True  # run the model layer (diagnostics) and offer rewrites and summaries
    # The model layer's second look at agreement and confusable words (``model.confusions``):
    # off in the editor unless asked for, whatever the project says, since it adds about
    # 110 ms to an edited sentence's model diagnostics (benchmarks/lsp_latency.py).
    confusions: bool = False
    # LSP language ids (or canonical languages) to check; others are left alone.
    languages: tuple[str, ...] = LANGUAGES
    errors: tuple[str, ...] = field(default=(), compare=False)

    def checks_language(self, language_id: str) -> bool:
        wanted = {x.lower() for x in self.languages}
        lid = language_id.lower()
        return lid in wanted or LANGUAGE_IDS.get(lid, "\0") in {LANGUAGE_IDS.get(x, x) for x in wanted}

    def apply(self, config: Config) -> Config:
        """``config`` with these settings merged over it (``Config.with_values``)."""
        values: dict[str, Any] = {}
        if self.checkers is not None:
            values["checkers"] = list(self.checkers)
        if self.disabled_rules:
            values["disabled_rules"] = [*config.disabled_rules, *self.disabled_rules]
        if self.vocabulary:
            values["vocabulary"] = list(self.vocabulary)  # with_values appends
        if self.min_severity is not None:
            values["min_severity"] = self.min_severity.name.lower()
        if config.model.confusions != self.confusions:
            values["model"] = {"confusions": self.confusions}
        return config.with_values(values, origin="editor settings") if values else config


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def parse_settings(raw: Any, *, known_checkers: tuple[str, ...] = ()) -> Settings:
    """Settings from the client's ``wa`` section; problems are listed in ``errors``."""
    if raw is None:
        return Settings()
    if not isinstance(raw, Mapping):
        return Settings(errors=(f"the 'wa' settings should be an object, got {type(raw).__name__}",))
    errors: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = _snake(str(key))
        if name in CLIENT_KEYS or value is None:
            continue
        if name in ("checkers", "disabled_rules", "vocabulary", "languages"):
            items = _strings(value)
            if items is None:
                errors.append(f"wa.{key}: expected a list of strings")
                continue
            if name == "checkers" and known_checkers:
                unknown = [c for c in items if c not in known_checkers]
                if unknown:
                    valid = ", ".join(known_checkers)
                    errors.append(f"wa.{key}: unknown checker {', '.join(unknown)} (available: {valid})")
                    continue
            values[name] = items
        elif name == "min_severity":
            if not isinstance(value, str):
                errors.append(f"wa.{key}: expected a string")
                continue
            if not value:
                continue
            try:
                values[name] = Severity.parse(value)
            except ValueError as exc:
                errors.append(f"wa.{key}: {exc}")
        elif name in ("model", "confusions"):
            if not isinstance(value, bool):
                errors.append(f"wa.{key}: expected true or false")
                continue
            values[name] = value
        else:
            errors.append(f"wa.{key}: unknown setting")
    return Settings(**values, errors=tuple(errors))
