"""A model directory is used only when manifest and files agree; else the message says how to rebuild."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wa_core.models.manifest import (
    MANIFEST,
    REQUIRED_FILES,
    Manifest,
    ModelCorrupt,
    ModelNotBuilt,
    build_command,
    file_sizes,
    read_manifest,
    verify,
    write_manifest,
)


def fake_model(directory: Path, name: str = "default") -> Manifest:
    directory.mkdir(parents=True)
    for i, file in enumerate(REQUIRED_FILES):
        (directory / file).write_bytes(b"x" * (10 + i))
    manifest = Manifest(
        name=name,
        base="SmolLM2-135M-Instruct",
        base_file="base.gguf",
        base_sha256="a" * 64,
        adapter_sha256=None,
        tasks=("correct",),
        prompt_version="1",
        quantization="int8",
        ctranslate2_version="4.0.0",
        created="2026-01-01T00:00:00+00:00",
        files=file_sizes(directory),
    )
    write_manifest(directory, manifest)
    return manifest


def test_round_trip(tmp_path: Path) -> None:
    written = fake_model(tmp_path / "default")
    assert read_manifest(tmp_path / "default") == written
    assert verify(tmp_path / "default") == written
    data = json.loads((tmp_path / "default" / MANIFEST).read_text())
    assert data["key"] == written.key and data["files"]["model.bin"] == 10


def test_key_changes_with_every_input(tmp_path: Path) -> None:
    m = fake_model(tmp_path / "default")
    from dataclasses import replace

    variants = [
        replace(m, base_sha256="b" * 64),
        replace(m, adapter_sha256="c" * 64),
        replace(m, prompt_version="2"),
        replace(m, quantization="float32"),
    ]
    assert len({m.key, *(v.key for v in variants)}) == 5
    assert replace(m, created="later").key == m.key


def test_missing_directory_is_not_built(tmp_path: Path) -> None:
    with pytest.raises(ModelNotBuilt, match=r"no model built: run `wa models build`"):
        verify(tmp_path / "default")


def test_missing_manifest_is_an_interrupted_build(tmp_path: Path) -> None:
    fake_model(tmp_path / "default")
    (tmp_path / "default" / MANIFEST).unlink()
    with pytest.raises(ModelCorrupt, match=r"incomplete .* run `wa models build --force`"):
        verify(tmp_path / "default")


@pytest.mark.parametrize("damage", ["truncate", "delete", "garbage-manifest", "wrong-types", "unlisted"])
def test_damage_is_detected(tmp_path: Path, damage: str) -> None:
    directory = tmp_path / "default"
    manifest = fake_model(directory)
    if damage == "truncate":
        (directory / "model.bin").write_bytes(b"x")
    elif damage == "delete":
        (directory / "tokenizer.json").unlink()
    elif damage == "garbage-manifest":
        (directory / MANIFEST).write_text("{not json")
    elif damage == "wrong-types":
        (directory / MANIFEST).write_text(json.dumps({"name": 3, "files": []}))
    else:
        files = {k: v for k, v in manifest.files.items() if k != "model.bin"}
        write_manifest(directory, Manifest(**{**manifest.__dict__, "files": files}))
    with pytest.raises(ModelCorrupt, match=r"run `wa models build --force`"):
        verify(directory)


def test_build_command_names_non_default_models() -> None:
    assert build_command("default") == "wa models build"
    assert build_command("large", force=True) == "wa models build large --force"
