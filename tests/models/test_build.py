"""``build``: keyed by hashes, atomic, clear without torch; the real build is a slow test."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest

from wa_core.models import build as build_module
from wa_core.models import registry
from wa_core.models.build import BuildUnavailable, build
from wa_core.models.manifest import MANIFEST, REQUIRED_FILES, verify

TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def fake_convert(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Replace the torch-heavy conversion with one that writes placeholder files.

    Shipped adapters are hidden (an empty adapters directory) unless a test adds one.
    """
    monkeypatch.setattr(registry, "ADAPTERS_DIR", tmp_path_factory.mktemp("adapters"))
    calls: list[Path] = []

    def convert(base: Path, adapter: Path | None, out: Path, quantization: str, **_: Any) -> Path:
        calls.append(Path(out))
        for file in REQUIRED_FILES:
            (Path(out) / file).write_bytes(b"weights " + file.encode())
        return Path(out)

    monkeypatch.setattr(build_module, "merge_and_convert", convert)
    return calls


def test_build_is_skipped_when_up_to_date(tmp_path: Path, fake_convert: list[Path]) -> None:
    messages: list[str] = []
    first = build("default", tmp_path, progress=messages.append)
    assert first.built and verify(tmp_path / "default").key == first.manifest.key
    assert first.manifest.adapter_sha256 is None and first.manifest.quantization == "int8"
    assert any("hashing" in m for m in messages)
    second = build("default", tmp_path)
    assert not second.built and len(fake_convert) == 1
    third = build("default", tmp_path, force=True)
    assert third.built and len(fake_convert) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["default"]  # no scratch left behind


def test_a_new_quantization_or_damaged_build_is_rebuilt(tmp_path: Path, fake_convert: list[Path]) -> None:
    build("default", tmp_path)
    build("default", tmp_path, quantization="float32")
    assert len(fake_convert) == 2
    (tmp_path / "default" / "model.bin").write_bytes(b"x")  # damaged: sizes no longer match
    assert build("default", tmp_path, quantization="float32").built


def test_a_shipped_adapter_is_hashed_and_a_new_one_rebuilds(tmp_path: Path, fake_convert: list[Path]) -> None:
    adapter = registry.ADAPTERS_DIR / "default"
    adapter.mkdir()
    (adapter / "adapter_config.json").write_text("{}")
    (adapter / "adapter_model.safetensors").write_bytes(b"lora v1")
    first = build("default", tmp_path / "models")
    assert first.manifest.tuned and first.manifest.adapter_sha256
    assert not build("default", tmp_path / "models").built
    (adapter / "adapter_model.safetensors").write_bytes(b"lora v2")
    second = build("default", tmp_path / "models")
    assert second.built and second.manifest.adapter_sha256 != first.manifest.adapter_sha256


def test_a_failed_build_leaves_the_previous_one_in_place(
    tmp_path: Path, fake_convert: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = build("default", tmp_path)

    def crash(*args: Any, **kwargs: Any) -> Path:
        raise RuntimeError("conversion crashed")

    monkeypatch.setattr(build_module, "merge_and_convert", crash)
    with pytest.raises(RuntimeError, match="crashed"):
        build("default", tmp_path, force=True)
    assert verify(tmp_path / "default") == good.manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["default"]


def test_without_torch_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # makes `import torch` raise ImportError
    with pytest.raises(BuildUnavailable, match=r"needs torch: pip install 'wa\[build\]'"):
        build_module.load_base("base.gguf")


def test_unknown_quantization_lists_the_valid_ones(tmp_path: Path) -> None:
    pytest.importorskip("torch")
    with pytest.raises(ValueError, match="valid: int8, int8_float32"):
        build_module.convert(object(), object(), tmp_path / "out", "int3")


def test_merge_adapter_folds_lora_into_the_weights(tmp_path: Path) -> None:
    """A LoRA adapter saved by peft and merged here gives the same logits as peft's own model."""
    torch = pytest.importorskip("torch")
    peft = pytest.importorskip("peft")
    from transformers import LlamaConfig, LlamaForCausalLM

    config = LlamaConfig(
        vocab_size=64, hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2
    )
    torch.manual_seed(0)
    base = LlamaForCausalLM(config).eval()
    lora = peft.LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    tuned = peft.get_peft_model(base, lora).eval()
    tuned.save_pretrained(tmp_path / "adapter")
    ids = torch.tensor([[1, 5, 9, 3]])
    with torch.no_grad():
        expected = tuned(ids).logits
        torch.manual_seed(0)
        fresh = LlamaForCausalLM(config).eval()
        plain = fresh(ids).logits
        merged = build_module.merge_adapter(fresh, tmp_path / "adapter")
        got = merged(ids).logits
    assert not torch.allclose(plain, expected)
    assert torch.allclose(got, expected, atol=1e-5)
    assert not any("lora" in name for name, _ in merged.named_parameters())


@pytest.mark.slow
def test_real_default_model_builds_and_corrects(tmp_path: Path) -> None:
    """The whole path on the shipped weights: GGUF → CTranslate2 int8 → a correction."""
    pytest.importorskip("torch")
    from wa_core.engine.model import Engine

    result = build("default", tmp_path)
    assert result.built
    manifest = verify(tmp_path / "default")
    assert manifest.files["model.bin"] > 50_000_000  # int8 weights of a 135M model
    assert (tmp_path / "default" / MANIFEST).is_file()
    engine = Engine(tmp_path / "default", device="cpu")
    (fixed,) = engine.correct(["She have many freinds in her new school."], margin=None)
    assert fixed.text and "\n" not in fixed.text
    assert fixed.text.split()[0] == "She"
    assert fixed.text != fixed.source  # the base model, prompted with examples, fixes this much


def test_the_build_stack_stays_offline_and_off_hub_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    """transformers 5 would fetch GPU kernels from the hub while loading; offline that load fails."""
    names = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "USE_HUB_KERNELS")
    # a copy without them, put back after the test (delenv of an unset name would not undo the setdefault)
    monkeypatch.setattr(os, "environ", {k: v for k, v in os.environ.items() if k not in names})
    build_module.require_build_stack()

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"
    assert os.environ["USE_HUB_KERNELS"] == "0"


def test_a_users_own_kernel_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USE_HUB_KERNELS", "1")
    build_module.require_build_stack()

    assert os.environ["USE_HUB_KERNELS"] == "1"
