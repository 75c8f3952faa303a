"""The tiny random-weight model (``tests/tiny_model.py``), built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    from tests.tiny_model import shared_tiny_model

    return shared_tiny_model(tmp_path_factory.getbasetemp())
