"""A few steps of LoRA training on a tiny random Llama: the loss falls, the adapter is small and
saved in fp16, a run resumes from its checkpoint, and the adapter goes through the runtime's
merge + CTranslate2 conversion."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.training.conftest import write_tiny_data

torch = pytest.importorskip("torch")
pytest.importorskip("peft")

from training.finetune import TrainConfig, bucketed_batches, load_examples, lr_factor, train  # noqa: E402


def tiny_config(model_dir: Path, tmp: Path, **kw: object) -> TrainConfig:
    data = write_tiny_data(tmp / "train.jsonl")
    base = dict(
        data=str(data), out_dir=str(tmp / "run"), base_dir=str(model_dir), lora_r=4, lora_alpha=8,
        lora_dropout=0.0, lr=5e-3, warmup_steps=1, batch_size=4, epochs=4, bf16=False, threads=1,
        log_every=1, save_every=5,
    )  # fmt: skip
    base.update(kw)
    return TrainConfig(**base)  # type: ignore[arg-type]


def test_loss_only_on_answer_tokens(tiny_model_dir: Path, tmp_path: Path) -> None:
    from transformers import AutoTokenizer

    from training.finetune import collate

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    examples = load_examples(write_tiny_data(tmp_path / "d.jsonl", n=3), tok, 512)
    batch = collate(examples, tok.pad_token_id)
    for row, (ids, start) in zip(batch["labels"], examples, strict=True):
        assert (row[:start] == -100).all() and (row[start : len(ids)] >= 0).all()
        # the answer ends with the end-of-turn marker the runtime stops on
        assert tok.convert_ids_to_tokens(ids[-2]) == "<|im_end|>" or "<|im_end|>" in tok.decode(ids[start:])


def test_shared_prompt_prefix_runs_once_with_the_same_loss_and_gradients(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from training.finetune import answer_loss, collate, shared_prefix

    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32)
    lora = LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=["q_proj", "v_proj"])
    model = get_peft_model(base, lora)
    for name, param in model.named_parameters():  # LoRA's B starts at zero: give it weight
        if "lora_B" in name:
            torch.nn.init.normal_(param, std=0.5)
    examples = load_examples(write_tiny_data(tmp_path / "d.jsonl", n=5), tok, 512)
    batch = collate(examples, tok.pad_token_id)
    assert shared_prefix(batch) >= 8  # the system turn and the instruction

    def loss_and_grads(min_prefix: int) -> tuple[float, list[torch.Tensor]]:
        model.zero_grad()
        loss, _ = answer_loss(model, batch, min_prefix=min_prefix)
        loss.backward()
        grads = [p.grad.clone() for p in model.parameters() if p.requires_grad and p.grad is not None]
        return loss.item(), grads

    shared, shared_grads = loss_and_grads(min_prefix=8)
    full, full_grads = loss_and_grads(min_prefix=10**6)  # never shares
    assert shared == pytest.approx(full, rel=1e-5)
    assert len(shared_grads) == len(full_grads) > 0
    for a, b in zip(shared_grads, full_grads, strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)


def test_bucketed_batches_cover_everything_once() -> None:
    lengths = [random.Random(i).randint(5, 300) for i in range(103)]
    batches = bucketed_batches(lengths, 8, 1024, random.Random(0), chunk=4)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(103))
    assert all(len(b) * max(lengths[i] for i in b) <= 1024 or len(b) == 1 for b in batches)


def test_lr_schedule_warms_up_and_decays() -> None:
    assert lr_factor(0.0, 0, 10) == pytest.approx(0.1)
    assert lr_factor(0.5, 50, 10) == pytest.approx(0.5)
    assert lr_factor(1.0, 100, 10) == pytest.approx(0.0)


def test_tiny_training_loss_decreases_and_exports(tiny_model_dir: Path, tmp_path: Path) -> None:
    cfg = tiny_config(tiny_model_dir, tmp_path)
    summary = train(cfg)
    losses = [json.loads(x)["loss"] for x in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert summary["steps"] == len(losses) > 5
    assert sum(losses[-3:]) / 3 < sum(losses[:3]) / 3
    adapter = tmp_path / "run" / "adapter"
    from safetensors.torch import load_file

    weights = load_file(adapter / "adapter_model.safetensors")
    assert weights and all(v.dtype == torch.float16 for v in weights.values())
    assert json.loads((adapter / "adapter_config.json").read_text())["r"] == 4

    # export through the runtime's own merge + convert functions (the GGUF loader aside)
    build = pytest.importorskip("wa_core.models.build")
    ctranslate2 = pytest.importorskip("ctranslate2")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32)
    tok = AutoTokenizer.from_pretrained(tiny_model_dir)
    merged = build.merge_adapter(model, adapter)
    out = build.convert(merged, tok, tmp_path / "ct2", "int8")
    gen = ctranslate2.Generator(str(out), device="cpu")
    res = gen.generate_batch([tok.convert_ids_to_tokens(tok.encode("The cat"))], max_length=4)
    assert res[0].sequences_ids


def test_training_resumes_from_checkpoint(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = tiny_config(tiny_model_dir, tmp_path, epochs=2, save_every=2)
    first = train(cfg)
    assert "resumed" not in capsys.readouterr().out
    again = train(cfg)  # everything done: resumes at the end and only re-saves
    assert f"resumed from step {first['steps']}" in capsys.readouterr().out
    assert again["steps"] == first["steps"] == first["planned_steps"]
    assert (tmp_path / "run" / "checkpoint" / "state.pt").is_file()


def test_continued_training_starts_from_the_given_adapter(tiny_model_dir: Path, tmp_path: Path) -> None:
    from safetensors.torch import load_file

    for name in ("first", "second", "q", "third", "fourth"):
        (tmp_path / name).mkdir()
    train(tiny_config(tiny_model_dir, tmp_path / "first", epochs=1))
    first = tmp_path / "first" / "run" / "adapter"
    # lr 0: whatever the steps, the weights stay where they started
    train(tiny_config(tiny_model_dir, tmp_path / "second", epochs=1, lr=0.0, init_adapter=str(first)))
    start = load_file(first / "adapter_model.safetensors")
    end = load_file(tmp_path / "second" / "run" / "adapter" / "adapter_model.safetensors")
    assert start.keys() == end.keys()
    assert all(torch.equal(start[k], end[k]) for k in start)
    assert any(v.abs().sum() > 0 for k, v in start.items() if "lora_B" in k)  # not a fresh init

    train(tiny_config(tiny_model_dir, tmp_path / "q", epochs=1, target_modules=["q_proj"]))
    only_q = str(tmp_path / "q" / "run" / "adapter")
    with pytest.raises(ValueError, match="does not match"):
        train(tiny_config(tiny_model_dir, tmp_path / "third", init_adapter=only_q))
    with pytest.raises(FileNotFoundError, match="init_adapter"):
        train(tiny_config(tiny_model_dir, tmp_path / "fourth", init_adapter=str(tmp_path / "none")))


def test_a_lower_rank_adapter_grows_into_the_run_computing_what_it_did(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    from safetensors.torch import load_file

    for name in ("r4", "r8", "r2"):
        (tmp_path / name).mkdir()
    train(tiny_config(tiny_model_dir, tmp_path / "r4", epochs=1))  # rank 4, alpha 8: scale 2
    small = tmp_path / "r4" / "run" / "adapter"
    # rank 8, alpha 8 (scale 1), lr 0: the grown adapter is saved as the run started from it
    train(tiny_config(tiny_model_dir, tmp_path / "r8", epochs=1, lr=0.0, lora_r=8, init_adapter=str(small)))
    before = load_file(small / "adapter_model.safetensors")
    start = load_file(tmp_path / "r8" / "run" / "start" / "adapter_model.safetensors")
    end = load_file(tmp_path / "r8" / "run" / "adapter" / "adapter_model.safetensors")
    assert all(torch.equal(start[k], end[k]) for k in start)

    def delta(weights: dict[str, torch.Tensor], key: str, scale: float) -> torch.Tensor:
        b = weights[key.replace("lora_A", "lora_B")].float()
        return scale * b @ weights[key].float()

    a_keys = [k for k in before if "lora_A" in k]
    assert a_keys and all(end[k].shape[0] == 8 for k in a_keys)
    for key in a_keys:
        assert torch.allclose(delta(before, key, 8 / 4), delta(end, key, 8 / 8), atol=1e-3)
    assert any(delta(before, k, 2.0).abs().sum() > 0 for k in a_keys)  # a trained adapter, not zeros

    with pytest.raises(ValueError, match="cannot grow"):
        train(tiny_config(tiny_model_dir, tmp_path / "r2", lora_r=2, init_adapter=str(small)))


def test_averaging_adapters_writes_their_weighted_mean_in_their_dtype(tmp_path: Path) -> None:
    from safetensors.torch import load_file, save_file

    from training.finetune import average_adapters

    def adapter(name: str, a: list[list[float]], b: list[list[float]]) -> Path:
        (tmp_path / name).mkdir()
        weights = {"q.lora_A.weight": torch.tensor(a), "q.lora_B.weight": torch.tensor(b)}
        half = {k: v.half() for k, v in weights.items()}
        save_file(half, tmp_path / name / "adapter_model.safetensors")
        return tmp_path / name

    first = adapter("first", [[1.0, 2.0]], [[0.0], [4.0]])
    second = adapter("second", [[3.0, 6.0]], [[2.0], [0.0]])
    average_adapters([first, second], tmp_path / "mean.safetensors")
    mean = load_file(tmp_path / "mean.safetensors")
    assert mean["q.lora_A.weight"].tolist() == [[2.0, 4.0]]
    assert mean["q.lora_B.weight"].tolist() == [[1.0], [2.0]]
    assert {v.dtype for v in mean.values()} == {torch.float16}

    average_adapters([first, second], tmp_path / "quarter.safetensors", [0.75, 0.25])
    quarter = load_file(tmp_path / "quarter.safetensors")  # a stage at a quarter of the weight
    assert quarter["q.lora_A.weight"].tolist() == [[1.5, 3.0]]
    assert quarter["q.lora_B.weight"].tolist() == [[0.5], [3.0]]
    with pytest.raises(ValueError, match="do not weigh 2 adapters"):
        average_adapters([first, second], tmp_path / "never.safetensors", [1.0])

    wider = adapter("wider", [[1.0, 2.0, 3.0]], [[0.0], [4.0]])
    with pytest.raises(ValueError, match="differ in names or shapes"):
        average_adapters([first, wider], tmp_path / "never.safetensors")
    assert not (tmp_path / "never.safetensors").exists()


def test_config_from_yaml_rejects_unknown_keys(tmp_path: Path) -> None:
    p = tmp_path / "c.yaml"
    p.write_text("train:\n  lora_r: 8\n  bogus: 1\n")
    with pytest.raises(ValueError, match="bogus"):
        TrainConfig.from_yaml(p)
    p.write_text("train:\n  lora_r: 8\n")
    assert TrainConfig.from_yaml(p, lr=0.1).lora_r == 8


def test_shipped_configs_parse() -> None:
    root = Path(__file__).resolve().parents[2] / "training" / "configs"
    averaged = ("cpu-continue-2.yaml", "cpu-continue-r32.yaml", "cpu-continue-r32-2.yaml")
    for name in ("cpu.yaml", "cpu-continue.yaml", *averaged, "gpu.yaml", "gpu-continue.yaml"):
        cfg = TrainConfig.from_yaml(root / name)
        assert cfg.max_minutes > 0 and cfg.lora_r > 0
        assert cfg.average_with_init == (name in averaged)
        assert 0 < cfg.init_share < 1


def test_two_workers_take_the_same_steps_as_one_process(tiny_model_dir: Path, tmp_path: Path) -> None:
    from safetensors.torch import load_file

    def run(workers: int) -> dict[str, torch.Tensor]:
        cfg = tiny_config(
            tiny_model_dir, tmp_path / f"w{workers}", epochs=1, max_examples=12, workers=workers, save_every=0
        )
        summary = train(cfg)
        assert summary["workers"] == workers and summary["steps"] == 3
        return load_file(Path(cfg.out_dir) / "checkpoint" / "adapter_model.safetensors")

    (tmp_path / "w1").mkdir()
    (tmp_path / "w2").mkdir()
    one, two = run(1), run(2)
    assert one.keys() == two.keys()
    moved = [k for k in one if "lora_B" in k and one[k].abs().sum() > 0]
    assert moved  # the steps did change the adapter
    for k in one:
        torch.testing.assert_close(one[k], two[k], rtol=1e-4, atol=1e-6)
