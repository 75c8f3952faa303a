"""Compare training variants on the dev sets: short runs side by side, one table.

    python -m training.search --config training/configs/cpu.yaml --minutes 12 \\
        --variant lr=0.0005 --variant lr=0.001 \\
        --jfleg ../shared/data/jfleg-dev --tools ../shared/tools

Each ``--variant`` is a list of ``key=value`` overrides of the ``train:`` section (comma-separated,
e.g. ``lr=0.001,lora_r=32``); ``data=DIR`` trains that variant on another generated set (a data mix:
``python -m training.data.build --config ... --out DIR``), still scored on ``--data``'s held-out
pairs, so every row is scored alike. The variants train at once, one single-thread process each (on
a 2-core CPU two 1-thread processes do more work together than one 2-thread process), on the data
the pipeline generated, for ``--minutes`` each with the schedule decayed to the end. Mind the
memory: a process at the CPU config's batch of 16 grew to 12 GB on long summary batches, so on a 24
GiB machine run two variants at a time with ``batch_size=8`` in each (about 5 GB each). Then each
adapter is merged and converted as ``wa models build`` does and scored on the dev slices: JFLEG dev
GLEU on the first ``--dev`` sentences (the shared protocol), the share of clean JFLEG references it
changes, and the held-out synthetic set's ERRANT F0.5. ACLSum test is never looked at here.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def parse_variant(text: str) -> dict[str, str]:
    out = {}
    for part in text.split(","):
        key, sep, value = part.partition("=")
        if not sep or not key.strip():
            raise SystemExit(f"bad variant {text!r}: expected key=value[,key=value]")
        out[key.strip()] = value.strip()
    return out


def variant_name(overrides: dict[str, str]) -> str:
    return ",".join(f"{k}={v}" for k, v in overrides.items()) or "config"


def train_variants(args: argparse.Namespace, variants: list[dict[str, str]]) -> list[Path]:
    """Start every variant's training at once and wait for all of them."""
    for data in (_data_of(args, overrides) for overrides in variants):
        if not (data / "train.jsonl").is_file():
            raise SystemExit(f"no training data in {data}: run python -m training.data.build first")
    runs, procs = [], []
    for i, overrides in enumerate(variants):
        run = args.work / f"v{i}"
        run.mkdir(parents=True, exist_ok=True)
        (run / "variant.json").write_text(json.dumps(overrides))
        cmd = [
            sys.executable, "-m", "training.finetune", "--config", str(args.config),
            "--data", str(_data_of(args, overrides) / "train.jsonl"), "--out_dir", str(run),
            "--max_minutes", str(args.minutes), "--workers", "1", "--threads", "1",
        ]  # fmt: skip
        for key, value in overrides.items():
            if key != "data":
                cmd += [f"--{key}", value]
        runs.append(run)
        if (run / "adapter" / "adapter_model.safetensors").is_file():
            continue  # trained by an earlier, interrupted search
        log = (run / "train.log").open("w")
        procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT))
    for p in procs:
        if p.wait() != 0:
            raise SystemExit(f"a variant's training failed; see {args.work}/v*/train.log")
    return runs


def _data_of(args: argparse.Namespace, overrides: dict[str, str]) -> Path:
    """The generated set a variant trains on: its ``data=DIR``, else ``--data``."""
    return Path(overrides.get("data", args.data))


def score(args: argparse.Namespace, run: Path) -> dict[str, Any]:
    from training.evaluate import build_models, changed_rate, errant_prf, load_module, model_corrector
    from wa_core.engine.model import Engine

    norm = load_module(args.tools / "textnorm.py")
    gleu_mod = load_module(args.tools / "gleu.py")
    n = args.dev
    src_tok = (args.jfleg / "dev.src").read_text().splitlines()[:n]
    refs_tok = [(args.jfleg / f"dev.ref{k}").read_text().splitlines()[:n] for k in range(4)]
    refs = [list(x) for x in zip(*refs_tok, strict=True)]
    jfleg_in = [norm.detok(s) for s in src_tok]
    clean = [norm.detok(s) for s in refs_tok[0]][: args.clean]
    syn = [json.loads(x) for x in (args.data / "heldout_synthetic.jsonl").read_text().splitlines()]
    syn = syn[: args.clean]

    path = build_models(run / "adapter", run / "eval", "int8", names=("tuned",))["tuned"]
    correct = model_corrector(Engine(path, device="cpu", cpu_threads=args.threads, few_shot=False))
    rj, rc = correct(jfleg_in), correct(clean)
    rs = correct([x["source"] for x in syn])
    summary = json.loads((run / "train_summary.json").read_text())
    row: dict[str, Any] = {"variant": variant_name(json.loads((run / "variant.json").read_text()))}
    for tau in (None, 1.0):
        suffix = "" if tau is None else " m1"
        row["gleu" + suffix] = 100 * gleu_mod.gleu(
            src_tok, refs, [norm.retok(o) for o in rj.at(jfleg_in, tau)]
        )
        row["clean%" + suffix] = changed_rate(clean, rc.at(clean, tau))
    hyp = rs.at([x["source"] for x in syn], None)
    row["syn F0.5"] = errant_prf([x["source"] for x in syn], hyp, [x["target"] for x in syn])["F0.5"]
    row["examples"] = summary["examples_seen"]
    row["loss"] = summary["last_loss"]
    return row


def check_inputs(args: argparse.Namespace) -> None:
    """Refuse, before any training, a search whose scoring would fail after it: ``--data`` gives
    the held-out synthetic pairs every variant is scored on (each variant's own training set is
    checked by ``train_variants``), ``--jfleg`` the dev set and ``--tools`` the shared scorers."""
    jfleg = [args.jfleg / f"dev.{part}" for part in ("src", "ref0", "ref1", "ref2", "ref3")]
    tools = [args.tools / f"{name}.py" for name in ("gleu", "textnorm")]
    needed = [(args.data / "heldout_synthetic.jsonl", "run python -m training.data.build first")]
    needed += [(path, "--jfleg names the JFLEG folder") for path in jfleg]
    needed += [(path, "--tools names the shared tools folder") for path in tools]
    for path, hint in needed:
        if not path.is_file():
            raise SystemExit(f"no {path}: {hint}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--variant", action="append", default=[], help="key=value[,key=value] (repeatable)")
    ap.add_argument("--minutes", type=float, default=12.0)
    ap.add_argument("--data", type=Path, default=Path("training/output/data"))
    ap.add_argument("--work", type=Path, default=Path("training/output/search"))
    ap.add_argument("--jfleg", type=Path, required=True)
    ap.add_argument("--tools", type=Path, required=True)
    ap.add_argument("--dev", type=int, default=300, help="first N JFLEG dev sentences")
    ap.add_argument("--clean", type=int, default=150, help="first N clean references and synthetic pairs")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args(argv)
    variants = [parse_variant(v) for v in a.variant] or [{}]
    check_inputs(a)
    rows = [score(a, run) for run in train_variants(a, variants)]
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    for r in rows:
        cells = [f"{v:.2f}" if isinstance(v, float) else str(v) for v in r.values()]
        lines.append("| " + " | ".join(cells) + " |")
    table = "\n".join(lines)
    (a.work / "results.md").write_text(table + "\n")
    print(table)


if __name__ == "__main__":
    main()
