"""A tiny random-weight Llama model, converted to CTranslate2 by the real build path.

Two layers, hidden size 64, and a byte-level BPE tokenizer trained here on a few
sentences with SmolLM2's chat tokens, so the engine runs end to end in seconds.
Its answers are random; tests check they are bounded and well formed.

Tests outside ``tests/engine`` share one build per session through ``shared_tiny_model``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from wa_core.engine import prompts

SPECIALS = ["<|endoftext|>", prompts.IM_START, prompts.IM_END]
CORPUS = [
    "You are wa, a careful writing assistant. Answer with the edited text only.",
    "Fix the grammar and spelling of this sentence. If it is already correct, repeat it unchanged.",
    "She goes to school every day. I have an apple. The results were surprising.",
    "Rewrite this text to be more concise, keeping its meaning. Summarize this text in at most 60 words.",
    "The quick brown fox jumps over the lazy dog while the cat sleeps in the sun.",
]

_built: dict[str, Path] = {}


def tokenizer() -> Any:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400, special_tokens=SPECIALS, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    tok.train_from_iterator(CORPUS * 4, trainer=trainer)
    return tok


def build_tiny_model(out_dir: Path, *, seed: int = 0, name: str = "tiny") -> Path:
    """Write a servable tiny model (CTranslate2 int8 + tokenizer.json + manifest) to ``out_dir``."""
    import ctranslate2
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    from wa_core.models.build import convert
    from wa_core.models.manifest import Manifest, file_sizes, write_manifest

    tok = tokenizer()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token=prompts.IM_START,
        eos_token=prompts.IM_END,
        unk_token="<|endoftext|>",
        pad_token=prompts.IM_END,
    )
    config = LlamaConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=2048,
        bos_token_id=tok.token_to_id(prompts.IM_START),
        eos_token_id=tok.token_to_id(prompts.IM_END),
        pad_token_id=tok.token_to_id(prompts.IM_END),
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config).eval()
    convert(model, fast, out_dir, "int8")
    manifest = Manifest(
        name=name,
        base="tiny-llama",
        base_file="tiny.gguf",
        base_sha256="0" * 64,
        adapter_sha256=None,
        tasks=prompts.TASKS,
        prompt_version=prompts.PROMPT_VERSION,
        quantization="int8",
        ctranslate2_version=ctranslate2.__version__,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        files=file_sizes(out_dir),
    )
    write_manifest(out_dir, manifest)
    return out_dir


def shared_tiny_model(root: Path) -> Path:
    """One tiny model per test session: ``root`` is a session-wide scratch directory.

    The helper may be imported under two names (``tiny_model``, ``tests.tiny_model``),
    so a build already on disk is reused, not only one this module made.
    """
    target = root / "tiny"
    if "tiny" not in _built:
        _built["tiny"] = target if (target / "manifest.json").is_file() else build_tiny_model(target)
    return _built["tiny"]
