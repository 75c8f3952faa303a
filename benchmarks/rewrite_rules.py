"""Concise, formal and simplified rewrites: the model alone, the style's rules alone, and both.

Clean sentences get wordy phrases (``--style concise``: "it is important to note that",
"in order to", "has the ability to", hedges such as "really") or informal ones
(``--style formal``: contractions, "a lot of", "get", "kids") or ornate ones (``--style
simplify``: "utilize", "facilitate", "ascertain") put in by the same generator
that made the model's training pairs (``training/data/rewrite.py``), seeded; each side
rewrites the sentence and its first answer is compared with the clean one. The rules
(``wa_core/rewrite_rules.py``) are written as the inverse of part of that generator, so
on these sentences they are an upper bound for what they cover: the figures that matter
are how often the model alone leaves what it was trained to change, and what the rules
add to it. Hedges and informal words are left to the model on every side.

Reported per side, on the same sentences: the share restored exactly, the share changed
(for concise: shorter) from the input, words left out of place (the mean word-level edit
distance to the clean sentence) and seconds per sentence.

Copy-paste (any file of clean sentences, one per line; never ones the model trained on)::

    .venv/bin/python benchmarks/rewrite_rules.py ../shared/data/jfleg-dev/dev.ref0 --limit 200
    .venv/bin/python benchmarks/rewrite_rules.py ../shared/data/jfleg-dev/dev.ref0 --style formal
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def word_distance(a: str, b: str) -> int:
    """Levenshtein distance over words."""
    x, y = a.split(), b.split()
    row = list(range(len(y) + 1))
    for i, wx in enumerate(x, 1):
        prev, row[0] = row[0], i
        for j, wy in enumerate(y, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (wx != wy))
    return row[-1]


def pairs(path: Path, style: str, limit: int, seed: int) -> list[tuple[str, str]]:
    """(made wordy or informal, clean) for the first ``limit`` sentences the generator finds a
    place in."""
    from training.data import rewrite

    make = getattr(rewrite, style)
    rng = random.Random(seed)
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        clean = " ".join(_detok(line).split())
        if len(clean.split()) < 5:
            continue
        made = make(clean, rng)
        if made:
            out.append(made)
        if len(out) >= limit:
            break
    return out


def _detok(line: str) -> str:
    """JFLEG's tokenised text read as prose; other text passes through."""
    tools = ROOT.parent / "shared" / "tools"
    if (tools / "textnorm.py").is_file():
        sys.path.insert(0, str(tools))
        from textnorm import detok  # type: ignore[import-not-found]

        return str(detok(line))
    return line


def measure(
    name: str, rewrite: Callable[[str], str], items: list[tuple[str, str]], style: str
) -> dict[str, float]:
    exact = shorter = 0
    left: list[int] = []
    started = time.perf_counter()
    for wordy, clean in items:
        out = rewrite(wordy)
        exact += out == clean
        shorter += len(out.split()) < len(wordy.split()) if style == "concise" else out != wordy
        left.append(word_distance(out, clean))
    n = max(1, len(items))
    seconds = (time.perf_counter() - started) / n
    exact_pc, shorter_pc, mean_left = 100 * exact / n, 100 * shorter / n, statistics.mean(left or [0])
    print(f"{name:<34}{exact_pc:>8.1f}{shorter_pc:>10.1f}{mean_left:>8.2f}{seconds:>8.2f}", flush=True)
    return {"exact": exact_pc, "shorter": shorter_pc, "left": mean_left, "s": seconds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sentences", type=Path, help="clean sentences, one per line")
    parser.add_argument("--style", choices=("concise", "formal", "simplify"), default="concise")
    parser.add_argument("--limit", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from wa_core import rewrite_rules
    from wa_core.config import ModelSettings
    from wa_core.models.loader import load_engine

    items = pairs(args.sentences, args.style, args.limit, args.seed)
    engine = load_engine(ModelSettings(), cache=False)
    rules = rewrite_rules.apply

    def served(text: str) -> str:
        return (engine.rewrite(text, args.style, n=1) or [text])[0]

    def rules_alone(text: str) -> str:
        return rules(args.style, text)

    def model_alone(text: str) -> str:
        rewrite_rules.apply = lambda style, t: t  # the engine reads the module's function at call time
        try:
            return served(text)
        finally:
            rewrite_rules.apply = rules

    changed = "shorter %" if args.style == "concise" else "changed %"
    print(f"{len(items)} {args.style} pairs from {args.sentences} (seed {args.seed}); first answers")
    print(f"{'side':<34}{'exact %':>8}{changed:>10}{'left':>8}{'s/sent':>8}")
    measure("input as it is", lambda t: t, items, args.style)
    measure("rules alone (rewrite_rules)", rules_alone, items, args.style)
    measure("model alone", model_alone, items, args.style)
    measure("rules, then the model (wa)", served, items, args.style)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
