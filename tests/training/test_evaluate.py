"""The evaluation's tables: rendered from a saved run and written into the model card's block."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.evaluate import CARD_END, CARD_START, build_models, introduction_input, main, render_saved

COPY = {"system": "copy (input unchanged)", "gleu": 37.96, "clean_ref": 0.0, "clean_doc": 0.0}
TUNED = {"system": "adapter, margin 1", "gleu": 46.77, "clean_ref": 9.2, "clean_doc": 2.7}
RESULT = {
    "correction": [
        {**COPY, "P": 100.0, "R": 0.0, "F05": 0.0},
        {**TUNED, "P": 70.0, "R": 55.0, "F05": 66.7, "latency": 0.165},
    ],
    "base_subset_gleu": {"k": 150, "base": 36.6, "adapter": 42.1, "copy": 32.0, "harper": 38.8},
    "summaries": [{"system": "lead-3, 100 papers", "rouge1": 29.0, "rouge2": 7.2, "rougeL": 16.1}],
    "n": {"jfleg": 754, "clean_ref": 754, "clean_doc": 300, "synthetic": 300, "aclsum_test": 100},
    "threads": 1,
    "workers": 2,
    "minutes": 27.0,
}


def test_a_saved_run_is_rendered_into_the_cards_block_only(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text(json.dumps(RESULT))
    card = tmp_path / "MODEL_CARD.md"
    old = f"{CARD_START}\nold table\n{CARD_END}"
    card.write_text(f"# Card\n\nHand-written text.\n\n{old}\n\n## Limitations\n")
    md = render_saved(tmp_path, card)
    text = card.read_text()
    assert text.startswith("# Card\n\nHand-written text.\n\n") and text.endswith("## Limitations\n")
    assert "old table" not in text and md in text
    assert "| adapter, margin 1 | 46.8 | 9.2 | 2.7 | 70.0 | 55.0 | 66.7 | 0.17 |" in md
    assert "first 754 JFLEG dev ref0 sentences" in md and "2 workers of 1 thread" in md
    assert "base 36.6, copy 32.0, Harper 38.8, adapter 42.1 GLEU" in md
    assert (tmp_path / "results.md").read_text() == md
    assert "greedy decoding" in md  # a run saved before summaries were decoded by beam search
    assert "introduction (first 300 words) -> abstract" in md  # ... and before they read it all


def test_the_summary_table_names_its_decoding(tmp_path: Path) -> None:
    (tmp_path / "results.json").write_text(json.dumps({**RESULT, "summary_beams": 4}))
    assert "beam search (4 beams, as `wa summarize` serves)" in render_saved(tmp_path, None)


def test_the_summary_table_names_how_much_of_the_introduction_was_read(tmp_path: Path) -> None:
    for words, shown in ((0, "the whole introduction -> abstract"), (600, "introduction (first 600 words)")):
        (tmp_path / "results.json").write_text(json.dumps({**RESULT, "summary_input_words": words}))
        assert shown in render_saved(tmp_path, None)


def test_a_summary_reads_the_first_words_of_the_introduction_or_all_of_it() -> None:
    text = "We study  prose.\nIt matters a lot."
    assert introduction_input(text, 3) == "We study prose."
    assert introduction_input(text, 0) == text
    assert introduction_input(text, 50) == text


def test_a_negative_input_length_is_refused_before_anything_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--jfleg", str(tmp_path), "--tools", str(tmp_path), "--summary-input-words", "-1"])
    assert exc.value.code == 2 and "--summary-input-words must be 0" in capsys.readouterr().err


def test_an_earlier_runs_model_is_reused_only_for_the_same_adapter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wa_core.models import build, registry

    base = tmp_path / "base.gguf"
    base.write_bytes(b"weights")
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    for name in registry.ADAPTER_FILES:
        (adapter / name).write_text("first")
    builds: list[tuple[str, str | None]] = []

    def fake_build(base_gguf: Path, adapter_dir: Path | None, out_dir: Path, quantization: str) -> Path:
        weights = (adapter_dir / "adapter_config.json").read_text() if adapter_dir else None
        out_dir.mkdir(parents=True)
        (out_dir / "model.bin").write_text(str(weights))
        builds.append((out_dir.name, weights))
        return out_dir

    monkeypatch.setattr(registry, "base_gguf_path", lambda spec: base)
    monkeypatch.setattr(build, "merge_and_convert", fake_build)
    out = tmp_path / "eval"
    build_models(adapter, out, "int8")
    build_models(adapter, out, "int8")  # nothing changed: both reused
    assert builds == [("ct2-base", None), ("ct2-tuned", "first")]
    (adapter / "adapter_config.json").write_text("second")  # a new adapter, the same OUT
    build_models(adapter, out, "int8")
    assert builds[2:] == [("ct2-tuned", "second")]
    assert (out / "ct2-tuned" / "model.bin").read_text() == "second"
    build_models(adapter, out, "float32")  # another quantization: both rebuilt
    assert [name for name, _ in builds[3:]] == ["ct2-base", "ct2-tuned"]
