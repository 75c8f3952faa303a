"""The adapter the repository ships is what its config and model card say it is.

Read from the safetensors header alone (8 bytes of length, then JSON), so the test needs
neither torch nor peft.
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any

from wa_core.models import registry

SHIPPED = registry.ADAPTERS_DIR / "default"
BUDGET_BYTES = 20 * 10**6  # the training issue's limit: 20 MB
BASE_LAYERS = 30  # SmolLM2-135M
TARGETS = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}


def header(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        entries: dict[str, Any] = json.loads(f.read(size))
    entries.pop("__metadata__", None)
    return entries


def test_the_default_adapter_is_shipped_within_the_size_budget() -> None:
    assert registry.get_spec("default").adapter_dir() == SHIPPED
    assert (SHIPPED / "adapter_model.safetensors").stat().st_size <= BUDGET_BYTES


def test_every_lora_matrix_has_the_rank_its_config_names() -> None:
    config = json.loads((SHIPPED / "adapter_config.json").read_text())
    rank = config["r"]
    tensors = header(SHIPPED / "adapter_model.safetensors")
    assert config["base_model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert set(config["target_modules"]) == TARGETS
    assert len(tensors) == 2 * len(TARGETS) * BASE_LAYERS  # an A and a B for each
    for name, entry in tensors.items():
        assert entry["dtype"] == "F16", name
        if name.endswith("lora_A.weight"):
            assert entry["shape"][0] == rank, name  # A: rank x in_features
        else:
            assert name.endswith("lora_B.weight") and entry["shape"][1] == rank, name


def test_the_model_card_describes_the_shipped_rank() -> None:
    config = json.loads((SHIPPED / "adapter_config.json").read_text())
    card = (SHIPPED / "MODEL_CARD.md").read_text()
    described = re.search(r"^\| adapter \| LoRA r=(\d+), alpha=(\d+)", card, re.M)
    assert described is not None, "the card's Model table has no adapter row"
    assert (int(described[1]), int(described[2])) == (config["r"], config["lora_alpha"])
