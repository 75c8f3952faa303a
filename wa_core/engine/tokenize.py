"""Text handling for the engine: the model's tokenizer and input cleaning.

Serving tokenises with the ``tokenizers`` package and the chat template string from
``prompts`` (never transformers), so a cold start loads one small Rust extension.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import tokenizers

from wa_core.engine.prompts import IM_END, Prompt


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

    def tokens_and_ends(self, text: str) -> tuple[list[str], list[int]]:
        """The tokens of ``text`` and the character offset where each ends."""
        enc = self._tokenizer.encode(text, add_special_tokens=False)
        return list(enc.tokens), [end for _, end in enc.offsets]

    def ids(self, text: str) -> list[int]:
        return list(self._tokenizer.encode(text, add_special_tokens=False).ids)

    def to_ids(self, tokens: Sequence[str]) -> list[int]:
        """Ids of tokens that came from this tokenizer."""
        ids = [self._tokenizer.token_to_id(t) for t in tokens]
        if None in ids:
            raise ValueError(f"not in the vocabulary: {tokens[ids.index(None)]!r}")
        return [i for i in ids if i is not None]

    def to_tokens(self, ids: Sequence[int]) -> list[str]:
        return [str(self._tokenizer.id_to_token(i)) for i in ids]

    def starts_word(self, token_id: int) -> bool:
        """Does this token begin a word? Byte-level BPE spells a leading space "Ġ"; a token
        that starts with anything but a letter or digit (punctuation, a line break) also
        stands apart from the word before it."""
        return _starts_word(self._tokenizer.id_to_token(token_id) or "")

    def word_ids(self, words: Iterable[str]) -> frozenset[int]:
        """The single tokens that spell these words, after a space or not, lower or capitalised."""
        spellings = {f"{space}{case}" for w in words for case in (w, w.capitalize()) for space in ("", "Ġ")}
        ids = (self._tokenizer.token_to_id(s) for s in spellings)
        return frozenset(i for i in ids if i is not None)

    def count(self, text: str) -> int:
        return len(self.ids(text))

    def decode(self, ids: Sequence[int]) -> str:
        # Byte-level tokens can end inside a UTF-8 sequence; the broken bytes are noise.
        return str(self._tokenizer.decode(list(ids), skip_special_tokens=True)).replace("\ufffd", "")

    @functools.cached_property
    def newline_ids(self) -> tuple[int, ...]:
        """Tokens made of line breaks (and spaces); they end a one-line answer.

        Looked up by name rather than by scanning the vocabulary (a fifth of a second
        at start-up): byte-level BPE spells a line break "Ċ" and a space "Ġ".
        A break inside some other token is still caught when the answer is cleaned.
        """
        ids = (self._tokenizer.token_to_id(t) for t in _NEWLINE_TOKENS)
        return tuple(sorted({i for i in ids if i is not None}))


def split_prompt(tokenizer: ChatTokenizer, prompt: Prompt) -> tuple[list[str], list[str]]:
    """(static, dynamic) tokens: the prompt's own tokenisation cut where its input begins.

    The static part (system turn, worked examples, the instruction) is the same for every
    input, so CTranslate2 can compute its state once (``static_prompt``) and each input
    costs only its own tokens. The cut falls before the blank line that ends the
    instruction, where token boundaries never depend on the input; the two parts are the
    tokens of the whole prompt, exactly what training saw.
    """
    tokens, ends = tokenizer.tokens_and_ends(prompt.text)
    cut = len(prompt.text[: prompt.input_start].rstrip()) if prompt.input_start else 0
    k = bisect.bisect_right(ends, cut)
    return tokens[:k], tokens[k:]


def _starts_word(token: str) -> bool:
    return token.startswith("Ġ") or not token[:1].isalnum()


_NEWLINE_TOKENS = (
    "\n",
    "\n\n",
    *(a + "Ċ" * n + b for n in (1, 2, 3, 4) for a in ("", "Ġ", "č") for b in ("", "Ġ", "ĠĠ", "ĠĠĠ")),
    "čĊčĊ",
)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """``text`` with line breaks, tabs and control characters as spaces, same length.

    Keeping the length keeps every code-point offset valid for alignment.
    """
    text = text.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(" ", text)


def has_letters(text: str) -> bool:
    return any(unicodedata.category(c).startswith("L") for c in text)
