"""A tiny random Llama and a tiny tokenizer, built in seconds, so training and export run offline."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from wa_core.engine import prompts

SENTENCES = [
    "The cat sat on the mat.",
    "We propose a new method.",
    "It is easy to use.",
    "They have two dogs.",
    "She writes short stories.",
    "This works well in practice.",
]


def write_tiny_data(path: Path, n: int = 24, seed: int = 0) -> Path:
    from training.data import corrupt

    rng = random.Random(seed)
    with path.open("w") as f:
        for i in range(n):
            s = SENTENCES[i % len(SENTENCES)]
            src = corrupt.corrupt(s, rng)[0] if i % 3 else s
            f.write(json.dumps({"task": "correct", "prompt": prompts.correct(src).text, "answer": s}) + "\n")
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers

    out = tmp_path_factory.mktemp("tiny-llama")
    specials = [prompts.IM_START, prompts.IM_END, "<pad>"]
    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    corpus = [prompts.correct(s).with_answer(s) for s in SENTENCES] * 4
    tok.train_from_iterator(
        corpus,
        trainers.BpeTrainer(
            vocab_size=400, special_tokens=specials, initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
        ),
    )
    from tokenizers import decoders

    tok.decoder = decoders.ByteLevel()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, eos_token=prompts.IM_END, bos_token=prompts.IM_START, pad_token="<pad>"
    )
    fast.save_pretrained(out)
    config = transformers.LlamaConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=True,
        bos_token_id=fast.bos_token_id,
        eos_token_id=fast.eos_token_id,
        pad_token_id=fast.pad_token_id,
    )
    import torch

    torch.manual_seed(0)
    transformers.LlamaForCausalLM(config).save_pretrained(out)
    return out
