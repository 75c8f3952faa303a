"""The evaluation's tables: rendered from a saved run and written into the model card's block."""

from __future__ import annotations

import json
from pathlib import Path

from training.evaluate import CARD_END, CARD_START, render_saved

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
