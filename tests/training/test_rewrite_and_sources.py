"""Rewrite pairs are learned back to the clean sentence; prose filtering keeps code out."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

pytest.importorskip("lemminflect")

from training.data import rewrite, sources
from training.data.build import SentenceDraw, summary_budget, truncate_words


def test_concise_target_is_the_clean_sentence() -> None:
    s = "We stopped because it was late."
    pair = rewrite.concise(s, random.Random(0))
    assert pair is not None and pair[1] == s and len(pair[0]) > len(s)


def test_formal_injects_informal_words() -> None:
    pair = rewrite.formal("It is not clear why many users do not upgrade.", random.Random(1))
    assert pair is not None and pair[1].startswith("It is not clear") and pair[0] != pair[1]


def test_simplify_goes_from_ornate_to_plain() -> None:
    pair = rewrite.simplify("We use a simple method to help users.", random.Random(0))
    assert pair is not None and pair[1] == "We use a simple method to help users."
    assert any(w in pair[0] for w in ("utilize", "facilitate"))


def test_fluent_and_paraphrase_change_text() -> None:
    assert rewrite.fluent("The cat sat on the mat today.", random.Random(0)) is not None
    pair = rewrite.paraphrase("In this paper, we propose a new method.", random.Random(0))
    assert pair is not None and pair[0] == "In this paper, we propose a new method."


@pytest.mark.parametrize(
    "s,ok",
    [
        ("The module provides functions for working with dates and times.", True),
        ("Call os.path.join() to build the path from its parts.", False),
        ("x = foo(bar) is how you call it in your own code.", False),
        ("Too short.", False),
        ("lowercase start is not a sentence we keep here.", False),
    ],
)
def test_is_prose(s: str, ok: bool) -> None:
    assert sources.is_prose(s) is ok


def test_detok_and_split() -> None:
    assert sources.detok("We use BERT ( Devlin et al. , 2019 ) , and it works .") == (
        "We use BERT (Devlin et al., 2019), and it works."
    )
    assert sources.split_sentences("One is here, e.g. this. Two is there.") == [
        "One is here, e.g. this.",
        "Two is there.",
    ]
    assert sources.dedupe(["A b c.", "a b  c.", "D e."]) == ["A b c.", "D e."]


def test_summary_helpers() -> None:
    assert summary_budget(148) == 160 and summary_budget(12) == 40
    assert truncate_words("a b c d", 2) == "a b"


def test_aclsum_splits_are_kept_apart() -> None:
    pytest.importorskip("aclsum")
    train_ids = {d.id for d in sources.train_documents()}
    test_ids = {d.id for d in sources.test_documents()}
    assert train_ids and test_ids and not train_ids & test_ids
    assert sources.TRAIN_SPLITS == ("train", "val")


def test_wordnet_usage_examples_become_sentences(tmp_path: Path) -> None:
    (tmp_path / "data.verb").write_text(
        '  1 This software and database is provided "as is" and Princeton makes no warranty\n'
        "00002724 29 v 01 choke 0 002 @ 00001740 v 0000 | breathe with great difficulty; "
        '"She choked with emotion when she spoke about her deceased husband"\n'
        '00003142 29 v 01 exhale 0 000 | expel air; "exhale before you lift"; "he exhaled slowly."\n'
    )
    assert list(sources.wordnet_sentences(tmp_path)) == [
        "She choked with emotion when she spoke about her deceased husband.",
        "Exhale before you lift.",
        "He exhaled slowly.",
    ]


def test_fortunes_split_into_sentences_without_attributions(tmp_path: Path) -> None:
    (tmp_path / "people").write_text(
        "We are governed not by armies and police\nbut by ideas.\n"
        "\t\t-- Mona Caird\n%\nCheck your closet in the morning. It is full of surprises.\n%\n"
    )
    (tmp_path / "people.dat").write_bytes(b"\x00\x01binary index")
    assert list(sources.fortune_sentences(tmp_path)) == [
        "We are governed not by armies and police but by ideas.",
        "Check your closet in the morning.",
        "It is full of surprises.",
    ]
    assert list(sources.fortune_sentences(tmp_path / "missing")) == []


def test_harper_keeps_only_sentences_it_finds_nothing_wrong_with() -> None:
    pytest.importorskip("harper")
    kept = list(sources.harper_clean(["Out of the winfow-panes light will twinkle.", "We walked home."]))
    assert kept == ["We walked home."]


def test_sentences_are_drawn_from_the_sources_by_weight(capsys: pytest.CaptureFixture[str]) -> None:
    pools = {"a": [f"a{i}" for i in range(3)], "b": ["b0"], "empty": []}
    draw = SentenceDraw(pools, {"a": 3.0, "b": 1.0, "empty": 1.0}, random.Random(0))
    assert "no empty sentences" in capsys.readouterr().err
    taken = [draw.take() for _ in range(4000)]
    assert 0.7 < draw.drawn["a"] / len(taken) < 0.8  # weight 3 of 4
    assert set(taken) == {"a0", "a1", "a2", "b0"}  # each pool cycled through
    with pytest.raises(ValueError, match="unknown clean-prose sources"):
        SentenceDraw(pools, {"c": 1.0}, random.Random(0))
    with pytest.raises(SystemExit, match="no clean prose"):
        SentenceDraw({"empty": []}, {"empty": 1.0}, random.Random(0))


def _pools() -> dict[str, list[str]]:
    nouns = ["report", "garden", "engine", "letter", "river", "window", "budget", "parser"]
    verbs = ["describes", "needs", "shows", "changes", "follows", "improves"]
    return {
        "pydoc": [f"The {n} {v} the {m} every day." for n in nouns for v in verbs for m in nouns[:3]],
        "wordnet": [f"Our {n} {v} a new {m}." for n in nouns for v in verbs for m in nouns[3:6]],
        "aclsum": [],
        "fortunes": [],
    }


def test_a_second_draw_holds_out_the_same_sentences_and_trains_on_other_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from training.data import build as build_module

    monkeypatch.setattr(build_module.sources, "clean_sentences", _pools)
    small = dict(
        n_correct=60, n_heldout_clean=20, n_heldout_synthetic=20, summaries=False,
        n_rewrite={"concise": 5}, source_weights={"pydoc": 1.0, "wordnet": 1.0},
    )  # fmt: skip
    first, second = tmp_path / "first", tmp_path / "second"
    build_module.build(build_module.DataConfig(seed=0, **small), first)  # type: ignore[arg-type]
    build_module.build(build_module.DataConfig(seed=0, draw_seed=1, **small), second)  # type: ignore[arg-type]

    for name in ("heldout_clean.txt", "heldout_synthetic.jsonl"):
        assert (first / name).read_text() == (second / name).read_text()
    assert (first / "train.jsonl").read_text() != (second / "train.jsonl").read_text()
    held = set((second / "heldout_clean.txt").read_text().splitlines())
    held |= {json.loads(line)["target"] for line in (second / "heldout_synthetic.jsonl").open()}
    answers = {json.loads(line)["answer"] for line in (second / "train.jsonl").open()}
    assert len(held) == 40 and not held & answers


def test_error_weights_change_the_training_pairs_but_not_the_held_out_sets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from training.data import build as build_module

    monkeypatch.setattr(build_module.sources, "clean_sentences", _pools)
    small = dict(
        n_correct=60, clean_share=0.0, n_heldout_clean=20, n_heldout_synthetic=20, summaries=False,
        n_rewrite={}, source_weights={"pydoc": 1.0, "wordnet": 1.0},
    )  # fmt: skip
    plain, weighted = tmp_path / "plain", tmp_path / "weighted"
    build_module.build(build_module.DataConfig(**small), plain)  # type: ignore[arg-type]
    only_capitals = {"capitalisation": 1000.0, "spelling": 0.0}
    build_module.build(build_module.DataConfig(error_weights=only_capitals, **small), weighted)  # type: ignore[arg-type]

    for name in ("heldout_clean.txt", "heldout_synthetic.jsonl"):
        assert (plain / name).read_text() == (weighted / name).read_text()
    counts = json.loads((weighted / "stats.json").read_text())["error_types"]
    assert "spelling" not in counts and counts["capitalisation"] > sum(counts.values()) * 0.9
    with pytest.raises(ValueError, match="unknown error types"):
        build_module.build(build_module.DataConfig(error_weights={"typo": 1.0}, **small), tmp_path / "bad")  # type: ignore[arg-type]
    assert not (tmp_path / "bad").exists()
