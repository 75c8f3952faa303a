"""Build the multi-task training set and the held-out evaluation sets, offline and seeded.

    python -m training.data.build --out training/output/data --n-correct 8000

Writes ``train.jsonl`` (task, prompt, answer; prompts rendered by ``wa_core.engine.prompts``),
``heldout_synthetic.jsonl`` (source, target, types) and ``heldout_clean.txt`` (documentation
sentences never trained on), and ``stats.json``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from training.data import corrupt, rewrite, sources
from wa_core.engine import prompts


@dataclass
class DataConfig:
    seed: int = 0
    # Seed of the training draws and their errors (default: ``seed``). The held-out sets always
    # follow ``seed``, so a second set drawn for continued training holds out the same sentences.
    draw_seed: int | None = None
    n_correct: int = 8000  # correction pairs (clean ones included)
    clean_share: float = 0.35  # of correction pairs left unchanged
    # how often each clean-prose source supplies a sentence (renormalised over the sources installed)
    source_weights: dict[str, float] = field(
        default_factory=lambda: {"pydoc": 0.3, "aclsum": 0.2, "wordnet": 0.3, "fortunes": 0.2}
    )
    n_rewrite: dict[str, int] = field(
        default_factory=lambda: {
            "concise": 300,
            "formal": 300,
            "simplify": 200,
            "fluent": 200,
            "paraphrase": 120,
        }
    )
    summaries: bool = True
    n_summary_docs: int = 0  # ACLSum train+val papers used for summaries (0: all 150)
    summary_intro_words: int = 400  # sections are cut to this many words (training cost)
    # the sections summarised into the abstract, one example each ("introduction", "conclusion")
    summary_sections: list[str] = field(default_factory=lambda: ["introduction"])
    aspects_per_doc: int = 1  # aspect summaries (highlighted sentences -> one-sentence summary) per paper
    n_heldout_synthetic: int = 300
    n_heldout_clean: int = 300
    # Weights of the synthetic error types that differ from ``corrupt.ERROR_TYPES``' (the
    # training pairs only: the held-out synthetic set keeps the default mix, so runs compare).
    error_weights: dict[str, float] = field(default_factory=dict)


def load_data_config(path: str | Path) -> DataConfig:
    import yaml

    raw = (yaml.safe_load(Path(path).read_text()) or {}).get("data", {})
    return DataConfig(**raw)


def summary_budget(words: int) -> int:
    """The "at most N words" of a summary prompt: the target length rounded up to a multiple of 20."""
    return max(40, 20 * math.ceil(words / 20))


def truncate_words(text: str, n: int) -> str:
    words = text.split()
    return text if len(words) <= n else " ".join(words[:n])


class SentenceDraw:
    """Clean sentences drawn from the source pools by weight, each pool cycled in its shuffled order."""

    def __init__(self, pools: dict[str, list[str]], weights: dict[str, float], rng: random.Random) -> None:
        unknown = set(weights) - set(pools)
        if unknown:
            raise ValueError(f"unknown clean-prose sources {sorted(unknown)} (valid: {sorted(pools)})")
        missing = [k for k, w in weights.items() if w > 0 and not pools[k]]
        for k in missing:
            print(f"warning: no {k} sentences: install {sources.SOURCE_PACKAGES.get(k, k)}", file=sys.stderr)
        self.pools = {k: pools[k] for k, w in weights.items() if w > 0 and pools[k]}
        if not self.pools:
            raise SystemExit("no clean prose found (see the warnings above)")
        self.names = list(self.pools)
        self.weights = [weights[k] for k in self.names]
        self.rng = rng
        self.drawn: Counter[str] = Counter()

    def take(self) -> str:
        name = self.rng.choices(self.names, self.weights)[0]
        pool = self.pools[name]
        s = pool[self.drawn[name] % len(pool)]
        self.drawn[name] += 1
        return s


SUMMARY_SECTIONS = ("introduction", "conclusion")


def build(cfg: DataConfig, out: Path) -> dict[str, object]:
    bad = set(cfg.summary_sections) - set(SUMMARY_SECTIONS)
    if bad:
        raise ValueError(f"unknown summary_sections {sorted(bad)} (valid: {', '.join(SUMMARY_SECTIONS)})")
    weights = corrupt.error_weights(cfg.error_weights)  # a misspelt type fails here, not hours later
    rng = random.Random(cfg.seed)
    out.mkdir(parents=True, exist_ok=True)
    pools = sources.clean_sentences()
    for pool in pools.values():
        rng.shuffle(pool)
    # held out first, so no held-out sentence is ever trained on
    heldout_clean = pools["pydoc"][: cfg.n_heldout_clean]
    pools["pydoc"] = pools["pydoc"][cfg.n_heldout_clean :]
    # the held-out synthetic pairs come from every source in equal parts
    filled = [k for k, v in pools.items() if v]
    share = cfg.n_heldout_synthetic // max(1, len(filled))
    held_syn_src = [s for k in filled for s in pools[k][:share]]
    for k in filled:
        pools[k] = pools[k][share:]
    draw = SentenceDraw(pools, cfg.source_weights, rng)

    heldout = []
    for s in held_syn_src:
        target = corrupt.contract(s, rng, p=0.3)
        src, types = corrupt.corrupt(target, rng)
        heldout.append({"source": src, "target": target, "types": types})
    with (out / "heldout_synthetic.jsonl").open("w") as f:
        for h in heldout:
            f.write(json.dumps(h) + "\n")
    (out / "heldout_clean.txt").write_text("\n".join(heldout_clean) + "\n")
    if cfg.draw_seed is not None and cfg.draw_seed != cfg.seed:
        rng = random.Random(cfg.draw_seed)
        for pool in pools.values():
            rng.shuffle(pool)
        draw = SentenceDraw(pools, cfg.source_weights, rng)

    examples: list[dict[str, str]] = []
    type_counts: Counter[str] = Counter()
    n_clean = 0
    take = draw.take
    for _ in range(cfg.n_correct):
        target = corrupt.contract(take(), rng, p=0.3)
        if rng.random() < cfg.clean_share:
            src, types = target, []
        else:
            src, types = corrupt.corrupt(target, rng, weights=weights)
        n_clean += src == target
        type_counts.update(types)
        examples.append({"task": "correct", "prompt": prompts.correct(src).text, "answer": target})

    rw_counts: Counter[str] = Counter()
    for style, n in cfg.n_rewrite.items():
        gen = rewrite.GENERATORS[style]
        tries = 0
        while rw_counts[style] < n and tries < n * 30:
            tries += 1
            text = take()
            if rng.random() < 0.3:  # some two-sentence inputs
                text = f"{text} {take()}"
            pair = gen(text, rng)
            if pair is None:
                continue
            examples.append(
                {
                    "task": f"rewrite-{style}",
                    "prompt": prompts.rewrite(pair[0], style).text,
                    "answer": pair[1],
                }
            )
            rw_counts[style] += 1

    n_sum = 0
    if cfg.summaries:
        docs = sources.train_documents()
        if cfg.n_summary_docs:
            docs = rng.sample(docs, k=min(cfg.n_summary_docs, len(docs)))
        for d in docs:
            budget = summary_budget(len(d.abstract.split()))
            for section in cfg.summary_sections:
                text = truncate_words(getattr(d, section), cfg.summary_intro_words)
                if len(text.split()) < 50:
                    continue
                examples.append(
                    {
                        "task": "summarize",
                        "prompt": prompts.summarize(text, budget).text,
                        "answer": d.abstract,
                    }
                )
                n_sum += 1
            if cfg.aspects_per_doc:
                aspects = rng.sample(sorted(d.aspects), k=min(cfg.aspects_per_doc, len(d.aspects)))
                for aspect in aspects:
                    summary = d.aspects[aspect]
                    src = d.highlights.get(aspect) or ""
                    if len(src.split()) < 15:
                        continue
                    budget = summary_budget(len(summary.split()))
                    examples.append(
                        {
                            "task": "summarize",
                            "prompt": prompts.summarize(src, budget).text,
                            "answer": summary,
                        }
                    )
                    n_sum += 1

    rng.shuffle(examples)
    with (out / "train.jsonl").open("w") as f:
        for ex in examples:
            f.write(json.dumps(ex) + "\n")
    stats = {
        "config": asdict(cfg),
        "clean_sentences": {k: len(v) for k, v in pools.items()},
        "sentences_drawn": dict(draw.drawn),
        "examples": len(examples),
        "correct": cfg.n_correct,
        "correct_unchanged": n_clean,
        "error_types": dict(type_counts.most_common()),
        "rewrite": dict(rw_counts),
        "summarize": n_sum,
        "heldout_synthetic": len(heldout),
        "heldout_clean": len(heldout_clean),
        "prompt_version": prompts.PROMPT_VERSION,
    }
    (out / "stats.json").write_text(json.dumps(stats, indent=2))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path("training/output/data"))
    ap.add_argument("--config", type=Path, help="a YAML config; its `data:` section")
    ap.add_argument("--n-correct", type=int)
    a = ap.parse_args()
    cfg = load_data_config(a.config) if a.config else DataConfig()
    if a.n_correct:
        cfg.n_correct = a.n_correct
    stats = build(cfg, a.out)
    print(json.dumps(stats, indent=2))


if __name__ == "__main__":
    main()
