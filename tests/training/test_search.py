"""The search's variants: each a set of overrides of the training config, or another data mix."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path
from typing import Any, ClassVar

import pytest

from training.search import main, parse_variant, train_variants, variant_name


class FakeRun:
    """A finetune process that has already finished well."""

    commands: ClassVar[list[list[str]]] = []

    def __init__(self, cmd: list[str], **_: Any) -> None:
        FakeRun.commands.append(cmd)

    def wait(self) -> int:
        return 0


def search_args(tmp_path: Path) -> argparse.Namespace:
    data = tmp_path / "data"
    data.mkdir()
    (data / "train.jsonl").write_text("{}\n")
    config = tmp_path / "cpu.yaml"
    config.write_text("train: {}\n")
    return argparse.Namespace(config=config, data=data, work=tmp_path / "search", minutes=1.0)


def test_a_variant_is_a_list_of_overrides() -> None:
    assert parse_variant("lr=0.001, lora_r=32") == {"lr": "0.001", "lora_r": "32"}
    assert variant_name({"lora_r": "8", "lora_alpha": "16"}) == "lora_r=8,lora_alpha=16"
    with pytest.raises(SystemExit, match="expected key=value"):
        parse_variant("lora_r")


def test_each_variant_trains_on_its_own_data_when_it_names_some(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = search_args(tmp_path)
    mix = tmp_path / "mix"
    mix.mkdir()
    (mix / "train.jsonl").write_text("{}\n")
    FakeRun.commands = []
    monkeypatch.setattr(subprocess, "Popen", FakeRun)
    runs = train_variants(args, [{"lora_r": "8"}, {"data": str(mix)}])
    first, second = FakeRun.commands
    assert first[first.index("--data") + 1] == str(args.data / "train.jsonl")
    assert first[first.index("--lora_r") + 1] == "8"
    assert second[second.index("--data") + 1] == str(mix / "train.jsonl")
    assert "--data" not in second[second.index("--data") + 2 :]  # not passed on as an override
    assert json.loads((runs[1] / "variant.json").read_text()) == {"data": str(mix)}


def test_a_variant_whose_data_is_missing_is_refused_before_any_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = search_args(tmp_path)
    FakeRun.commands = []
    monkeypatch.setattr(subprocess, "Popen", FakeRun)
    with pytest.raises(SystemExit, match="no training data in"):
        train_variants(args, [{"lora_r": "8"}, {"data": str(tmp_path / "nowhere")}])
    assert FakeRun.commands == []


def test_a_search_that_could_not_be_scored_is_refused_before_any_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = search_args(tmp_path)  # training data, but no held-out pairs to score on
    jfleg, tools = tmp_path / "jfleg", tmp_path / "tools"
    for folder, names in ((jfleg, ("dev.src", "dev.ref0", "dev.ref1", "dev.ref2", "dev.ref3")),
                          (tools, ("gleu.py", "textnorm.py"))):  # fmt: skip
        folder.mkdir()
        for name in names:
            (folder / name).write_text("")
    FakeRun.commands = []
    monkeypatch.setattr(subprocess, "Popen", FakeRun)
    argv = ["--config", str(args.config), "--data", str(args.data), "--work", str(args.work),
            "--jfleg", str(jfleg), "--tools", str(tools), "--variant", f"data={args.data}"]  # fmt: skip
    with pytest.raises(SystemExit, match=r"heldout_synthetic\.jsonl: run python -m training\.data\.build"):
        main(argv)
    (args.data / "heldout_synthetic.jsonl").write_text("")
    (tools / "gleu.py").unlink()
    with pytest.raises(SystemExit, match=r"gleu\.py: --tools names the shared tools folder"):
        main(argv)
    assert FakeRun.commands == []
