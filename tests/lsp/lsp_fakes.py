"""Deterministic stand-ins for the model, for language server tests.

``FakeModelChecker`` replaces the ``model`` checker: it flags the word "purple"
(suggesting "violet"), logs every sentence it is asked about, so tests can see
which sentences reached the model, and ranks the rules' suggestions by putting the
one ``WA_FAKE_MODEL_PREFER`` names first. ``FakeEngine`` answers rewrites and summaries
instantly (or after ``WA_FAKE_ENGINE_DELAY`` seconds). ``ExplodingChecker`` fails on
every call. Environment variables tune them from a test, since the server runs in a
subprocess.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Sequence
from pathlib import Path

from wa_core.checkers.base import Layer
from wa_core.config import Config
from wa_core.document import Finding, ProseDocument, Severity, Span, Suggestion
from wa_core.sentences import sentence_spans

PURPLE = re.compile(r"\bpurple\b")
RULE = "model/purple"


class FakeModelChecker:
    name = "model"
    layer = Layer.MODEL

    def __init__(self, config: Config) -> None:
        self.config = config

    def check(self, doc: ProseDocument) -> list[Finding]:
        log = os.environ.get("WA_FAKE_MODEL_LOG")
        sentences = [s.of(doc.prose) for s in sentence_spans(doc.prose)]
        if log:
            with Path(log).open("a", encoding="utf-8") as fh:
                for s in sentences:
                    fh.write(" ".join(s.split()) + "\n")
        delay = float(os.environ.get("WA_FAKE_MODEL_DELAY", "0") or 0)
        if delay:
            time.sleep(delay * max(1, len(sentences)))
        return [
            Finding(
                Span(m.start(), m.end()),
                RULE,
                "model",
                Severity.WARNING,
                "Prefer “violet” (fake model)",
                (Suggestion.replace("violet"),),
            )
            for m in PURPLE.finditer(doc.prose)
        ]

    def rank(self, docs: Sequence[ProseDocument], found: Sequence[Sequence[Finding]]) -> list[list[Finding]]:
        """Puts the suggestion ``WA_FAKE_MODEL_PREFER`` names first, where a finding has it."""
        preferred = os.environ.get("WA_FAKE_MODEL_PREFER", "")
        return [
            [
                dataclasses.replace(
                    f, suggestions=tuple(sorted(f.suggestions, key=lambda s: s.text != preferred))
                )
                for f in fs
            ]
            for fs in found
        ]


class ExplodingChecker:
    name = "explode"
    layer = Layer.FAST

    def __init__(self, config: Config) -> None:
        pass

    def check(self, doc: ProseDocument) -> list[Finding]:
        raise RuntimeError("kaboom")


class FakeEngine:
    def __init__(self, config: Config) -> None:
        self.delay = float(os.environ.get("WA_FAKE_ENGINE_DELAY", "0") or 0)

    def rewrite(self, text: str, style: str, n: int = 1) -> list[str]:
        time.sleep(self.delay)
        words = text.split()
        if style == "concise":
            return [" ".join(words[: max(2, len(words) // 2)]).rstrip(".,;") + "."]
        return [f"{text.rstrip('.')} ({style})."]

    def summarize(self, text: str, max_words: int = 60, *, beams: int | None = None) -> str:
        log = os.environ.get("WA_FAKE_MODEL_LOG")
        if log:
            with Path(log).open("a", encoding="utf-8") as fh:
                fh.write(f"SUMMARIZE beams={beams}\n")
        time.sleep(self.delay)
        words = text.split()
        return f"A text of {len(words)} words that starts with “{' '.join(words[:3])}”."


def install() -> None:
    """Register the fake checkers in place of the real model checker."""
    from wa_core.checkers import base

    base.available()  # load the built-in checkers first, so the fakes replace them
    base._MISSING.discard("model")
    base.register("model")(FakeModelChecker)
    base.register("explode")(ExplodingChecker)
