"""The model's second look (``wa_core/engine/confusions.py``): errors it finds, swaps it makes on clean docs.

Two measures, with the judges as the engine builds them (the built default model):

- **recall**: errors made in clean sentences (``--clean FILE``, one sentence per line) by
  the training data's generator (``training.data.corrupt``: ``agreement``, ``confusable``)
  and by flipping the number of a sentence's third word after its opening determiner
  ("This method accepts" -> "accept"); an error is found when the second look returns the
  clean sentence exactly;
- **swaps on professional docs**: the sentences of ``--docs`` (files, directories, READMEs
  from ``METADATA`` files or wheels, read as ``false_alarms.py`` reads them) that the second
  look changes, each a false alarm unless the docs hold a real error (``--show`` lists them).

Only the second look is measured, on each sentence as written (``wa check`` first lets the
corrector change it). ``--strong-copy-bias 1`` and the like change the judges' thresholds.
The figures in the README, ``docs/cli.md`` and ``confusions.Judges`` come from::

    .venv/bin/python -c "import sys; sys.path.insert(0, '../shared/tools'); from textnorm import detok
    for line in open('../shared/data/jfleg-dev/dev.ref0'): print(detok(line.rstrip()))" > /tmp/ref0.txt
    .venv/bin/python benchmarks/second_look.py \\
        --clean training/output/gpu-data/heldout_clean.txt /tmp/ref0.txt \\
        --docs .venv/lib/python3.11/site-packages/*.dist-info/METADATA /tmp/wheels --show

(``heldout_clean.txt`` is written with the training data: ``python -m training.data.build
--config training/configs/gpu.yaml --out training/output/gpu-data``; ``/tmp/wheels`` as in
``false_alarms.py``; any clean prose and any docs work.)
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from wa_core.engine import confusions  # noqa: E402

_SINGULAR = confusions._SINGULAR_DETERMINERS
_PLURAL = confusions._PLURAL_DETERMINERS


def determiner_error(sentence: str) -> str | None:
    """``sentence`` with its third word's number flipped against its opening determiner."""
    words = list(confusions._WORD.finditer(sentence))
    if len(words) < 3 or not words[2].group().islower():
        return None
    determiner, third = words[0].group().lower(), words[2].group()
    if not (
        (determiner in _SINGULAR and third.endswith("s"))
        or (determiner in _PLURAL and not third.endswith("s"))
    ):
        return None
    for form in confusions.number_forms(third):
        wrong = sentence[: words[2].start()] + form + sentence[words[2].end() :]
        if any(v.apply(wrong) == sentence for v in confusions.variants(wrong)):
            return wrong
    return None


def made_errors(clean: list[str], seed: int) -> Iterator[tuple[str, str, str]]:
    """(kind, wrong, right) for each error the generators make in the clean sentences."""
    from training.data import corrupt

    rng = random.Random(seed)
    for sentence in clean:
        for kind in ("agreement", "confusable"):
            wrong = corrupt.apply_error(sentence, kind, rng)
            if wrong and wrong != sentence:
                yield kind, wrong, sentence
        wrong = determiner_error(sentence)
        if wrong:
            yield "determiner", wrong, sentence


def doc_sentences(paths: list[str]) -> Iterator[str]:
    from false_alarms import documents

    from wa_core.checkers.model import _worth_a_model_call
    from wa_core.parsers import parse
    from wa_core.sentences import sentence_spans

    for arg in paths:
        for doc in documents(arg):
            prose = parse(doc.text, language=doc.language).prose
            for span in sentence_spans(prose):
                sentence = " ".join(span.of(prose).split())
                if _worth_a_model_call(sentence):
                    yield sentence


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clean", nargs="*", default=[], help="clean sentences, one per line")
    parser.add_argument("--docs", nargs="*", default=[], help="professionally written docs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", action="store_true", help="list the swaps made on the docs")
    for name in ("min_fluency", "max_copy_bias", "strong_fluency", "strong_copy_bias"):
        parser.add_argument(
            f"--{name.replace('_', '-')}", type=float, help=f"the judges' {name} (default: the engine's)"
        )
    args = parser.parse_args(argv)
    if not args.clean and not args.docs:
        parser.error("give --clean FILE… and/or --docs PATH…")

    from wa_core.config import ModelSettings
    from wa_core.models.loader import load_engine

    engine = load_engine(ModelSettings(), cache=False)
    changes = {
        k: getattr(args, k)
        for k in ("min_fluency", "max_copy_bias", "strong_fluency", "strong_copy_bias")
        if getattr(args, k) is not None
    }
    judges = dataclasses.replace(engine.judges, **changes)

    def look(sentence: str) -> str:
        candidates = confusions.variants(sentence)
        return confusions.choose(sentence, candidates, judges) if candidates else sentence

    with ThreadPoolExecutor(max(1, engine.num_workers)) as pool:
        if args.clean:
            clean = [line.strip() for f in args.clean for line in Path(f).read_text("utf-8").splitlines()]
            errors = list(dict.fromkeys(made_errors([s for s in clean if s], args.seed)))
            looked = list(pool.map(look, [wrong for _, wrong, _ in errors]))
            made, found, other = Counter[str](), Counter[str](), Counter[str]()
            for (kind, wrong, right), out in zip(errors, looked, strict=True):
                made[kind] += 1
                found[kind] += out == right
                other[kind] += out not in (right, wrong)
            print(f"recall on errors made in {len(clean)} clean sentences (seed {args.seed}):")
            fixable = Counter(k for k, w, r in errors if any(v.apply(w) == r for v in confusions.variants(w)))
            for kind in sorted(made):
                share = 100 * found[kind] / max(1, fixable[kind])
                print(
                    f"  {kind:<11} made {made[kind]:>5}  a swap could fix {fixable[kind]:>5}"
                    f"  found {found[kind]:>5} ({share:.1f}% of those)  changed otherwise {other[kind]:>3}"
                )
        if args.docs:
            sentences = list(dict.fromkeys(doc_sentences(args.docs)))
            looked = list(pool.map(look, sentences))
            changed = [(s, out) for s, out in zip(sentences, looked, strict=True) if out != s]
            swaps = sum(len(confusions.variants(s)) for s in sentences)
            print(f"docs: {len(sentences)} sentences, {swaps} swaps listed, {len(changed)} sentences changed")
            if args.show:
                for before, after in changed:
                    print(f"  {before}\n  -> {after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
