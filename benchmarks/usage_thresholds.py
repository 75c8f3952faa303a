"""The usage look's thresholds per kind of edit (``wa_core/engine/usage.py``), from recorded scores.

The look judges each article, preposition, noun-number and comma variant twice (the plain
reading's gain over the sentence, the corrector's score against a copy). Running
``wa correct`` once per threshold would take 20 minutes a setting; instead:

- ``record`` runs ``wa correct --lines``'s pipeline on each file (the rules' fixes, the
  model's correction with its second look, then the usage look) with the built default
  model, and writes for every variant its gain and its score against a copy, if
  the sieve keeps it (the last only for variants that read at least 0.5 nats better), as JSON;
- ``search`` replays the look under other thresholds (each variant judged in the sentence
  the model left, rightmost first, at most three, as ``confusions.choose`` takes them, but
  without judging the rest again after each) and ``wa correct``'s fixes after the model,
  and reports JFLEG dev GLEU by the shared protocol and the lines changed of clean files.

In a sentence the model (or its second look) has corrected, ``wa correct`` eases every
kind's thresholds (``usage.eased``: ``CORRECTED_FLUENCY`` and ``CORRECTED_COPY_BIAS``), and
so does the replay, unless a setting named ``KIND@changed`` gives that kind's thresholds there.
Both are one pass of ``wa correct`` (``--passes 1``); the second pass it makes by default
(``model.passes``) is not replayed, so compare a replay with ``wa correct --passes 1``.

The first row replays the thresholds ``wa correct`` serves (``served``): on the recorded
scores of the model card's adapter, 51.77 GLEU, 112 clean references and 26 held-out
documentation sentences changed in one pass (``wa correct`` with its second pass: 52.08, 112
and 27). On the rank-32 adapter before it, the replay matched ``wa correct`` on all but 3 of
754 JFLEG dev lines. The figures in ``usage.py`` come from::

    .venv/bin/python -c "import sys; sys.path.insert(0, '../shared/tools'); from textnorm import detok
    for name in ('src', 'ref0'):
        with open(f'/tmp/{name}.txt', 'w') as out:
            for line in open(f'../shared/data/jfleg-dev/dev.{name}'): print(detok(line.rstrip()), file=out)"
    .venv/bin/python benchmarks/usage_thresholds.py record --out /tmp/usage.json \\
        jfleg=/tmp/src.txt ref0=/tmp/ref0.txt held=training/output/data/heldout_clean.txt
    .venv/bin/python benchmarks/usage_thresholds.py search /tmp/usage.json --shared ../shared \\
        --set comma@changed=1.5,2 --set preposition@changed=4,1

The last row judges commas and prepositions in a corrected sentence as in any other: 51.65
(``record`` takes about 50 minutes for the three files on two cores; ``search`` seconds a
setting).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wa_core.engine.usage import KINDS  # noqa: E402  (the checkout's, found through ROOT)

_RECORDED_GAIN = 0.5  # variants reading less than this much better are not scored against a copy


def record(sets: dict[str, Path], out: Path) -> None:
    from wa_core.cli.correct import _BLOCK  # wa correct --lines corrects this many lines at a time
    from wa_core.config import load_config
    from wa_core.engine import confusions, usage
    from wa_core.engine.tokenize import has_letters, one_line
    from wa_core.models.loader import load_engine
    from wa_core.ranking import fixed_first
    from wa_core.spelling import frequencies

    config = load_config(Path.cwd())
    engine = load_engine(config.model, cache=False)
    judges = engine.judges
    frequency = frequencies()

    def scores(sentence: str) -> list[list[Any]]:
        sieve = confusions.sieved(sentence, usage.variants(sentence, frequency), judges)
        if not sieve:
            return []
        base, *read = judges.fluency([sentence, *(v.apply(sentence) for v in sieve)])
        rows = [[v.start, v.end, v.text, v.kind, s - base, None] for v, s in zip(sieve, read, strict=True)]
        scored = [(v, r) for v, r in zip(sieve, rows, strict=True) if r[4] >= _RECORDED_GAIN]
        if scored:
            copy, *answers = judges.correction(sentence, [sentence, *(v.apply(sentence) for v, _ in scored)])
            for (_, r), a in zip(scored, answers, strict=True):
                r[5] = a - copy
        return rows

    result: dict[str, list[dict[str, Any]]] = {}
    settings = config.model
    with ThreadPoolExecutor(max(1, engine.num_workers)) as pool:
        for name, path in sets.items():
            lines = _lines(path)
            entries: list[dict[str, Any]] = []
            for i in range(0, len(lines), _BLOCK):
                block = lines[i : i + _BLOCK]
                first = fixed_first(block, config, engine) if settings.rules_first else block
                corrected = engine.correct(
                    first,
                    margin=settings.margin,
                    max_change=settings.max_change,
                    confusions=settings.confusions,
                )
                cores = [one_line(c.text).strip() for c in corrected]
                looked = [  # the engine looks again only at what it corrected
                    has_letters(source) and engine.fits(source)
                    for source in (one_line(f).strip() for f in first)
                ]
                found = pool.map(
                    lambda core_look: scores(core_look[0]) if core_look[1] else [],
                    zip(cores, looked, strict=True),
                )
                for line, f, core, rows in zip(block, first, cores, found, strict=True):
                    entries.append({"line": line, "first": f, "core": core, "variants": rows})
                print(f"{name}: {len(entries)} of {len(lines)} lines", file=sys.stderr)
            result[name] = entries
    out.write_text(json.dumps(result))


def served() -> dict[str, tuple[float, float]]:
    """Each kind's thresholds (fluency, copy bias) as ``wa correct`` judges it (``usage.THRESHOLDS``),
    in a sentence the model left as it was."""
    from wa_core.engine.confusions import MAX_COPY_BIAS, MIN_FLUENCY
    from wa_core.engine.usage import THRESHOLDS

    return {
        kind: (MIN_FLUENCY if fluency is None else fluency, MAX_COPY_BIAS if bias is None else bias)
        for kind, (fluency, bias) in THRESHOLDS.items()
    }


def replay(entries: Sequence[dict[str, Any]], thresholds: dict[str, tuple[float, float]]) -> list[str]:
    """Each line as ``wa correct --lines`` would give it under ``thresholds`` (kind -> fluency, copy
    bias). In a sentence the model or its second look changed, ``KIND@changed`` when given, else
    the kind's thresholds eased as ``wa correct`` eases them there (``usage.eased``)."""
    from wa_core.cli.models import config_for
    from wa_core.engine.confusions import Judges, Variant, copy_bias, min_fluency
    from wa_core.engine.model import _in_place
    from wa_core.engine.tokenize import one_line
    from wa_core.engine.usage import eased
    from wa_core.ranking import fixed_last

    usual = Judges(lambda texts: [], lambda source, answers: [])
    mids = []
    for entry in entries:
        core, taken = entry["core"], []
        passing = []
        changed = core != one_line(entry["first"]).strip()
        for r in entry["variants"]:
            fluency, bias = thresholds[r[3]]
            judges = usual
            if changed and f"{r[3]}@changed" in thresholds:
                fluency, bias = thresholds[f"{r[3]}@changed"]
            elif changed:
                judges = eased(usual)
            variant = Variant(r[0], r[1], r[2], min_fluency=fluency, max_copy_bias=bias)
            gain, against_copy = r[4], r[5]
            if (
                against_copy is not None
                and gain >= min_fluency(variant, judges)
                and against_copy >= -copy_bias(variant, gain, judges)
            ):
                passing.append(variant)
        for variant in sorted(passing, key=lambda v: -v.start)[:3]:  # rightmost first: no shifts
            if all(variant.end <= t.start or variant.start >= t.end for t in taken):
                core = variant.apply(core)
                taken.append(variant)
        mids.append(_in_place(entry["first"], core))
    return fixed_last(mids, config_for(None))


def search(path: Path, shared: Path, settings: list[dict[str, tuple[float, float]]]) -> None:
    sys.path.insert(0, str(shared / "tools"))
    import gleu  # type: ignore[import-not-found]
    from textnorm import retok  # type: ignore[import-not-found]

    recorded = json.loads(path.read_text())
    jfleg = shared / "data" / "jfleg-dev"
    sources = (jfleg / "dev.src").read_text().splitlines()
    refs = [
        list(r)
        for r in zip(*((jfleg / f"dev.ref{k}").read_text().splitlines() for k in range(4)), strict=True)
    ]

    def score(hyps: list[str]) -> float:
        return 100 * gleu.gleu(sources, refs, [retok(h) for h in hyps])

    if "jfleg" in recorded and len(recorded["jfleg"]) != len(sources):
        held = len(recorded["jfleg"])
        sys.exit(f"'jfleg' holds {held} lines, JFLEG dev {len(sources)}: record all of dev.src")
    clean = [name for name in recorded if name != "jfleg"]
    base = served()
    print(
        "| thresholds (kind=fluency,copy bias) | JFLEG dev GLEU | "
        + " | ".join(f"{n} changed" for n in clean)
        + " |"
    )
    print("|---|---|" + "---|" * len(clean))
    for overrides in settings:
        thresholds = {k: overrides.get(k, base[k]) for k in KINDS}
        thresholds |= {k: v for k, v in overrides.items() if k.endswith("@changed")}
        changed = [
            sum(
                out.strip() != e["line"].strip()
                for out, e in zip(replay(recorded[n], thresholds), recorded[n], strict=True)
            )
            for n in clean
        ]
        label = " ".join(f"{k}={f:g},{b:g}" for k, (f, b) in overrides.items()) or "as served (usage.py)"
        gleu_text = f"{score(replay(recorded['jfleg'], thresholds)):.2f}" if "jfleg" in recorded else "-"
        print(f"| {label} | {gleu_text} | " + " | ".join(str(c) for c in changed) + " |")


def _lines(path: Path) -> list[str]:
    lines = [line.rstrip("\r") for line in path.read_text(encoding="utf-8").split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def _setting(text: str) -> tuple[str, tuple[float, float]]:
    name, _, values = text.partition("=")
    fluency, _, bias = values.partition(",")
    if name.removesuffix("@changed") not in KINDS or not bias:
        raise argparse.ArgumentTypeError(
            f"expected KIND=FLUENCY,COPY_BIAS with KIND one of {', '.join(KINDS)}"
        )
    return name, (float(fluency), float(bias))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="record the judges' scores of every variant")
    rec.add_argument("--out", type=Path, required=True)
    rec.add_argument(
        "sets", nargs="+", metavar="NAME=FILE", help="one sentence per line; 'jfleg' names JFLEG dev"
    )
    find = commands.add_parser("search", help="replay the look under other thresholds")
    find.add_argument("scores", type=Path)
    find.add_argument(
        "--shared", type=Path, required=True, help="the shared folder (JFLEG dev, gleu.py, textnorm.py)"
    )
    find.add_argument("--set", type=_setting, action="append", default=[], metavar="KIND=FLUENCY,COPY_BIAS")
    args = parser.parse_args(argv)
    if args.command == "record":
        record({n: Path(p) for n, _, p in (s.partition("=") for s in args.sets)}, args.out)
        return 0
    chosen = dict(args.set)
    settings: list[dict[str, tuple[float, float]]] = [{}]
    settings += [{k: (99.0, 0.0)} for k in KINDS]  # each kind off
    settings += [{"comma": (f, b)} for f in (1.0, 1.5, 2.0) for b in (1.0, 2.0, 3.0, 4.0)]
    settings += [{"clause-comma": (f, b)} for f in (0.0, 0.5, 1.0) for b in (3.0, 4.5, 6.0)]
    settings += [{"preposition": (f, 1.0)} for f in (3.0, 4.0, 5.0)]
    if chosen:
        settings.append(chosen)
    search(args.scores, args.shared, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
