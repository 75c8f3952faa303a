"""One command from a fresh clone: generate the data, train, export, evaluate, write the model card.

    make train-release   # the shipped adapter: the CPU stages in order (training/README.md)
    make train                                                  # = the line below
    python -m training.pipeline --config training/configs/cpu.yaml
    python -m training.pipeline --config training/configs/gpu.yaml   # on an H200-class GPU

Steps (each skipped when its output is already there, so an interrupted run resumes):
1. ``training.data.build``: clean prose -> synthetic errors, rewrites, summaries (``training/output/data``).
2. ``training.finetune``: the LoRA adapter (``training/output/run/adapter``; checkpoints resume).
3. export: the adapter is copied to ``wa_core/models/adapters/default`` (where ``wa models build`` finds it);
   with ``average_with_init`` the mean of it and the adapter it continued is written there instead
   (``init_share``: the continued adapter's share of that mean).
4. ``training.evaluate``: builds base and adapter with ``merge_and_convert`` and writes the tables
   into ``MODEL_CARD.md``. It needs the shared JFLEG dev folder and scoring tools (``--jfleg``,
   ``--tools``; default ``../shared/...``); without them the evaluation step is skipped.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import time
from pathlib import Path

ADAPTER_DEST = Path("wa_core/models/adapters/default")
BASE_NAME = "HuggingFaceTB/SmolLM2-135M-Instruct"


def export_config(src: Path, dest: Path) -> None:
    """peft's adapter config with the base named, not this machine's path to it."""
    config = json.loads(src.read_text())
    config["base_model_name_or_path"] = BASE_NAME
    if isinstance(config.get("target_modules"), list):  # peft writes a set: keep diffs stable
        config["target_modules"] = sorted(config["target_modules"])
    dest.write_text(json.dumps(config, indent=2, sort_keys=True) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=Path("training/output"))
    ap.add_argument("--jfleg", type=Path, default=Path("../shared/data/jfleg-dev"))
    ap.add_argument("--tools", type=Path, default=Path("../shared/tools"))
    ap.add_argument("--skip-eval", action="store_true")
    ap.add_argument("--eval-args", default="", help="extra arguments for training.evaluate, quoted")
    a = ap.parse_args()

    from training.data.build import build, load_data_config
    from training.finetune import TrainConfig, average_adapters, train

    train_cfg = TrainConfig.from_yaml(a.config)
    init = train_cfg.init_adapter
    if train_cfg.average_with_init and not init:
        raise SystemExit(f"{a.config}: average_with_init needs an init_adapter to average with")
    if not 0 <= train_cfg.init_share <= 1:
        raise SystemExit(f"{a.config}: init_share is the init adapter's share, from 0 to 1")
    if init and not (Path(init) / "adapter_model.safetensors").is_file():
        raise SystemExit(
            f"{a.config} continues the adapter in {init}, which is not there: run make train first"
        )
    times: dict[str, float] = {}
    data_dir = a.work / "data"
    t = time.perf_counter()
    if not (data_dir / "train.jsonl").is_file():
        build(load_data_config(a.config), data_dir)
    times["data_min"] = (time.perf_counter() - t) / 60

    run_dir = a.work / "run"
    t = time.perf_counter()
    if not (run_dir / "adapter" / "adapter_model.safetensors").is_file():
        train(dataclasses.replace(train_cfg, data=str(data_dir / "train.jsonl"), out_dir=str(run_dir)))
    times["train_min"] = (time.perf_counter() - t) / 60

    ADAPTER_DEST.mkdir(parents=True, exist_ok=True)
    weights = "adapter_model.safetensors"
    if train_cfg.average_with_init:
        # the adapter as the run started from it (init_adapter, grown to the run's rank if lower)
        start = run_dir / "start" if (run_dir / "start" / weights).is_file() else Path(init)
        shares = [train_cfg.init_share, 1 - train_cfg.init_share]
        average_adapters([start, run_dir / "adapter"], ADAPTER_DEST / weights, shares)
    else:
        shutil.copyfile(run_dir / "adapter" / weights, ADAPTER_DEST / weights)
    export_config(run_dir / "adapter" / "adapter_config.json", ADAPTER_DEST / "adapter_config.json")
    size_mb = (ADAPTER_DEST / "adapter_model.safetensors").stat().st_size / 2**20
    if size_mb > 20:
        raise SystemExit(f"adapter is {size_mb:.1f} MB, over the 20 MB budget")

    if not a.skip_eval and (a.jfleg / "dev.src").is_file() and (a.tools / "gleu.py").is_file():
        from training.evaluate import main as evaluate_main

        t = time.perf_counter()
        evaluate_main(
            [
                "--adapter", str(ADAPTER_DEST), "--jfleg", str(a.jfleg), "--tools", str(a.tools),
                "--data", str(data_dir), "--out", str(a.work / "eval"),
                "--card", str(ADAPTER_DEST / "MODEL_CARD.md"), *a.eval_args.split(),
            ]
        )  # fmt: skip
        times["eval_min"] = (time.perf_counter() - t) / 60
    (a.work / "pipeline_times.json").write_text(json.dumps(times, indent=2))
    print(json.dumps(times))


if __name__ == "__main__":
    main()
