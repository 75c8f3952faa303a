"""The one parser protocol every markup format implements."""

from __future__ import annotations

from typing import Protocol

from wa_core.document import ProseDocument


class Parser(Protocol):
    """Turns source text into prose with an exact map back to the source.

    Parsers never raise on malformed input: they do their best and keep positions.
    """

    language: str

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument: ...
