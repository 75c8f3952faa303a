"""Serving never loads the training stack: checked in a fresh interpreter, on ``sys.modules``.

import-linter checks the static imports; this checks what actually gets loaded,
including through third-party packages and lazy imports that run at start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers", "peft", "gguf", "accelerate", "safetensors.torch")

SERVING_PATH = """
import json, sys
import wa_core.engine.model, wa_core.engine.align, wa_core.engine.cache
import wa_core.checkers.model, wa_core.models.loader, wa_core.models.build
import wa_core.cli.main
wa_core.cli.main.build_parser()  # registers every command, as `wa` does at start-up
from wa_core.checkers.base import available
available()
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(scope="module")
def loaded() -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", SERVING_PATH], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("module", HEAVY)
def test_serving_path_does_not_load_the_training_stack(loaded: set[str], module: str) -> None:
    assert module not in loaded


def test_the_serving_path_does_load_ctranslate2_and_tokenizers(loaded: set[str]) -> None:
    assert {"ctranslate2", "tokenizers"} <= loaded


def test_starting_wa_does_not_load_ctranslate2() -> None:
    """`wa check` on rules alone, `wa --help`: the model runtime loads only when a model runs."""
    code = "import sys, wa_core.cli.main as m; m.build_parser(); print('ctranslate2' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_cli_device_choices_match_the_engine() -> None:
    from wa_core.cli.models import DEVICES as CLI_DEVICES
    from wa_core.engine.model import DEVICES

    assert CLI_DEVICES == DEVICES
