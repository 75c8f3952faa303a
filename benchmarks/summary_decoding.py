"""``wa summarize`` with beam search (the default, 4 beams) against greedy decoding (``--beams 1``).

Greedy decoding is what editor hovers use, beam search what ``wa summarize`` and the TUI
use: this measures what the choice costs and what it buys, side by side in one run. Each
summary is a fresh ``wa summarize --no-cache`` process, as a user runs it, on a whole ACLSum
*validation* introduction (the model card's protocol, ``training.evaluate``; the test papers
are for the card alone), the sides taking turns paper by paper. Reported: the median
wall time per paper and its ratio to greedy, the median peak RSS of the process, words
per summary, and ROUGE F-measures against the papers' abstracts.

Needs the training extras (``aclsum``, ``rouge-score``; ``make setup`` installs them) and
the built model (``wa models build``).

Copy-paste::

    .venv/bin/python benchmarks/summary_decoding.py                 # 5 papers, greedy and 4 beams
    .venv/bin/python benchmarks/summary_decoding.py --papers 10 --beams 1 3 4
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = 160  # the card's "at most 160 words"


def summarize(wa: str, text: Path, beams: int, device: str) -> tuple[str, float, float]:
    """One fresh process: its summary, wall seconds and peak RSS (MB)."""
    cmd = [wa, "summarize", "--no-cache", "--device", device, "--words", str(WORDS), "--beams", str(beams)]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen([*cmd, str(text)], stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 1):  # 1: nothing to summarise
            sys.exit(f"{' '.join(cmd)} failed ({code}): {err.read().strip()}")
        return out.read().strip(), elapsed, usage.ru_maxrss / 1024  # kB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=5, help="first N ACLSum val papers (default: 5)")
    parser.add_argument(
        "--beams", type=int, nargs="+", default=[1, 4], help="widths to compare (default: 1 4)"
    )
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    args = parser.parse_args()
    if args.papers < 1 or any(b < 1 for b in args.beams):
        parser.error("--papers and --beams must be at least 1")

    try:
        from rouge_score import rouge_scorer  # type: ignore[import-untyped]

        from training.data import sources
        from training.evaluate import SUMMARY_INPUT_WORDS, introduction_input, introduction_read

        docs = sources.validation_documents()[: args.papers]
    except ImportError as exc:
        sys.exit(f"{exc.name} is missing: install the training extras (make setup)")
    wa = str(Path(sys.executable).with_name("wa"))
    if not Path(wa).exists():
        sys.exit(f"{wa} not found: install the project (make setup)")

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    runs: dict[int, list[tuple[str, float, float]]] = {b: [] for b in args.beams}
    with tempfile.TemporaryDirectory(prefix="wa-sum-") as scratch:
        for i, doc in enumerate(docs):
            text = Path(scratch) / f"paper{i}.txt"
            text.write_text(introduction_input(doc.introduction), encoding="utf-8")
            for beams in args.beams:
                runs[beams].append(summarize(wa, text, beams, args.device))
            print(f"paper {i + 1}/{len(docs)}", file=sys.stderr)

    base = statistics.median(t for _, t, _ in runs[args.beams[0]])
    print(f"{len(docs)} ACLSum val papers, {introduction_read(SUMMARY_INPUT_WORDS)}, at most {WORDS} words")
    print(
        "| decoding | s/paper (median) | ratio | peak RSS MB (median) | words | ROUGE-1 | ROUGE-2 | ROUGE-L |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for beams, results in runs.items():
        scores: list[dict[str, Any]] = [
            scorer.score(d.abstract, s) for d, (s, _, _) in zip(docs, results, strict=True)
        ]
        rouge = [
            100 * statistics.fmean(sc[k].fmeasure for sc in scores) for k in ("rouge1", "rouge2", "rougeL")
        ]
        seconds = statistics.median(t for _, t, _ in results)
        rss = statistics.median(m for _, _, m in results)
        words = statistics.fmean(len(s.split()) for s, _, _ in results)
        name = "greedy (--beams 1)" if beams == 1 else f"{beams} beams"
        print(
            f"| {name} | {seconds:.2f} | {seconds / base:.2f}x | {rss:.0f} | {words:.0f} | "
            + " | ".join(f"{r:.1f}" for r in rouge)
            + " |"
        )


if __name__ == "__main__":
    main()
