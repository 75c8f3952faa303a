"""Text handling for the engine: the model's tokenizer and input cleaning.

Serving tokenises with the ``tokenizers`` package and the chat template string from
``prompts`` (never transformers), so a cold start loads one small Rust extension.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import tokenizers

from wa_core.engine.prompts import IM_END


class ChatTokenizer:
    """The model's tokenizer, with the ids generation stops on."""

    def __init__(self, path: Path | str) -> None:
        self._tokenizer = tokenizers.Tokenizer.from_file(str(path))
        end_id = self._tokenizer.token_to_id(IM_END)
        if end_id is None:
            raise ValueError(f"{path}: the tokenizer has no {IM_END} token")
        self.end_id: int = end_id

    def tokens(self, text: str) -> list[str]:
        return list(self._tokenizer.encode(text, add_special_tokens=False).tokens)

    def count(self, text: str) -> int:
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def decode(self, ids: Sequence[int]) -> str:
        # Byte-level tokens can end inside a UTF-8 sequence; the broken bytes are noise.
        return str(self._tokenizer.decode(list(ids), skip_special_tokens=True)).replace("\ufffd", "")

    @functools.cached_property
    def newline_ids(self) -> tuple[int, ...]:
        """Tokens holding a line break ("Ċ" is byte-level BPE's newline); they end one-line answers.

        In SmolLM2's vocabulary each of them is whitespace only, so stopping before
        one loses no text.
        """
        return tuple(sorted(i for t, i in self._tokenizer.get_vocab().items() if "Ċ" in t or "\n" in t))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks, tabs and control characters as spaces, same length.

    Keeping the length keeps every code-point offset valid for alignment.
    """
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(" ", text)


def has_letters(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)
