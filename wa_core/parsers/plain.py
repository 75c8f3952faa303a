"""Plain text: the prose is the source, character for character."""

from __future__ import annotations

from wa_core.document import ProseDocument


class PlainParser:
    """Plain text needs no markup removed, so every position maps to itself."""

    language = "plaintext"

    def parse(self, source: str, *, path: str | None = None) -> ProseDocument:
        return ProseDocument.plain(source, language=self.language, path=path)
