"""CTranslate2 int8 against transformers ``generate``: same model, prompts and sentences.

The claim: serving through CTranslate2 is at least 4x faster than transformers and
needs at most a third of the memory. Each side runs in its own subprocess, so its
peak RSS is its own, and all stop on the same tokens (end of turn or a line break)
with greedy decoding. Reported, as medians over repeats: generated tokens per second
with all sentences in one batch, latency of one sentence alone, load time, peak RSS.

Six sides: CTranslate2's ``generate_batch`` with the library's defaults and tuned as
wa tunes it; wa's ``Engine.correct``, which drafts each answer from its sentence
(``wa_core/engine/copydecode.py``), with a worker per core and with one (each worker holds
its own CTranslate2 working state); transformers ``generate``, plainly and with its own
prompt lookup decoding, the same idea, so that the engine is not only compared with a
runtime that does not draft. Every side runs with one malloc arena, as wa's commands do
(``wa_core/memory.py``).

Copy-paste::

    .venv/bin/python benchmarks/engine_speed.py                          # CPU, 16 sentences, 3 repeats
    .venv/bin/python benchmarks/engine_speed.py --sentences 8 --repeats 5
    .venv/bin/python benchmarks/engine_speed.py --sentences 64 --hf-chunk 16 # a larger batch
    .venv/bin/python benchmarks/engine_speed.py --sentences 64 --hf-chunk 16 --ct2-chunks 2,3,4,8
    .venv/bin/python benchmarks/engine_speed.py --sentences 64 --hf-chunk 16 \
        --ct2-chunks 1,2,4,8 --hf-chunks 2,4,8                            # as many in flight
    .venv/bin/python benchmarks/engine_speed.py --device cuda            # on a GPU machine

The batch size decides which side batches best. On 64 JFLEG sentences (an AMD EPYC with
AVX-512 VNNI, 2 cores; transformers in its fastest chunks, 16 sentences sorted by length),
CTranslate2 tuned made 358.3 tokens/s against transformers' 79.8 (4.5x) at 604 MB against
1,121 (1.9x less); with chunks of 2 sentences 182.5 (2.3x) at 382 MB (2.9x less): the
smaller the chunk, the less KV cache and the less work for each pass over the weights. wa's
engine made 207.0 (2.6x) at 488 MB (2.3x less), one sentence 7.6x faster.
With as many sentences in flight on each side (``--hf-chunks``: two CTranslate2 workers of
N against transformers' chunks of 2N), CTranslate2 was 4.9x, 4.3x, 4.3x and 4.3x as fast with
2, 4, 8 and 16 in flight, at 2.8x, 2.6x, 2.2x and 1.8x less memory (336 to 595 MB against
944 to 1,079).
The engine drafts because wa keeps a correction only when it scores ``margin`` nats better
than the sentence, and drafting's passes score both on the way: generating the 64 answers
in chunks and scoring each changed one in two passes took 10.2 s against drafting's
12.7-13.2 s, but on 200 sentences of package READMEs, most of them left as they are,
21.7-22.1 s against 18.0-18.5 s; and a generated answer depends on the sentences decoded
beside it (4 of 100 differed between chunks and one at a time), a drafted one never does.

Every side gets the correction prompts wa serves the built model: zero-shot for the shipped
model, fine-tuned to answer with the sentence alone; few-shot, with worked examples, for the
base model built without an adapter (``--few-shot`` and ``--zero-shot`` force one). Few-shot
prompts are about 3.7 times longer (242 tokens against 65 for a 12-word sentence) and slow the
engine more than generate_batch, as each of its passes reads the whole prompt: 52.3 against
122.3 tokens/s on an AMD EPYC with AVX-512 VNNI.

The CTranslate2 side uses the built model (``wa models build``; ``--model-dir`` to
point elsewhere). The transformers side needs the same weights as a Hugging Face
checkpoint: it is exported once from the GGUF base (and adapter) into ``--hf-dir``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wa_core.cli.correct import positive_whole_number  # noqa: E402  (the checkout's, found through ROOT)

JFLEG = ROOT.parent / "shared" / "data" / "jfleg-dev" / "dev.src"  # ../shared beside the checkout
FALLBACK = [
    "She go to school every days and she like it very much.",
    "I has a apple and two banana in my bag.",
    "The results was suprising and we dont know why they happened.",
    "This sentence is already correct and should stay as it is.",
]


def sentences(n: int, source: Path | None) -> list[str]:
    """The first ``n`` sentences of ``source``, one a line; JFLEG's tokenised ones detokenised
    (by ``textnorm.py`` of the tools beside its data, the JFLEG protocol's); a few of our own
    when there is no file."""
    source = source or (JFLEG if JFLEG.is_file() else None)
    if source is None:
        lines = FALLBACK * (n // len(FALLBACK) + 1)
    else:
        lines = source.read_text(encoding="utf-8").splitlines()
        tools = source.resolve().parents[2] / "tools"
        if source.name == JFLEG.name and (tools / "textnorm.py").is_file():
            sys.path.insert(0, str(tools))
            from textnorm import detok  # type: ignore[import-not-found]

            lines = [detok(line) for line in lines]
    return [line for line in lines if line.strip()][:n]


def correct_prompts(items: list[str], few_shot: bool) -> list[Any]:
    from wa_core.engine import prompts

    examples = prompts.CORRECT_EXAMPLES if few_shot else ()
    return [prompts.correct(s, examples=examples) for s in items]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


# --- workers (each in its own process) ------------------------------------------------


# Sentences a tuned CTranslate2 worker decodes together (``--ct2-chunks`` runs others beside
# it). CTranslate2 sorts a batch by length and splits it into chunks of this size; a chunk's
# state is what memory grows with: its KV cache, which CTranslate2 keeps in float32 with each
# of the model's 3 key/value heads copied out to its 9 query heads (``replicate_heads`` in its
# attention layer), so 138 kB a position over 30 layers, static prompt included, where the
# model's own heads would need 46 kB. On 64 JFLEG sentences with 2 workers of one thread, AMD
# EPYC with AVX-512 VNNI: chunks of 4, 8, 16 and 32 gave 200, 257, 290 and 217 tokens/s at a
# peak RSS of 462, 617, 842 and 1,098 MB.
CT2_CHUNK = 8


def batch_size(sentences: int, workers: int, chunk: int = CT2_CHUNK) -> int:
    """A tuned worker's chunk: its share of the batch, at most ``chunk`` sentences."""
    return min(chunk, -(-sentences // workers))


def worker_ct2(args: argparse.Namespace, items: list[Any]) -> dict[str, Any]:
    """Plain ``generate_batch`` on whole prompts; with ``--static``, as the engine serves.

    Plain: the library's defaults, one worker using every core. The engine passes the part
    every prompt shares (system turn, worked examples and the instruction) as
    ``static_prompt``, which CTranslate2 computes once and reuses, and runs one worker per
    core with one thread each (``model.threads``/``model.workers``): on a 135M model a second
    thread inside a batch costs more than it brings, a second batch beside it does not. The
    batch goes to the workers in chunks of sentences of about the same length (``batch_size``).
    """
    import ctranslate2

    from wa_core.engine.model import resolve_compute_type, resolve_device
    from wa_core.engine.tokenize import ChatTokenizer, split_prompt

    started = time.perf_counter()
    device = resolve_device(args.device)
    tokenizer = ChatTokenizer(Path(args.model_dir) / "tokenizer.json")
    cores = args.cores
    workers = cores if args.static and device == "cpu" else 1
    generator = ctranslate2.Generator(
        args.model_dir,
        device=device,
        compute_type=resolve_compute_type(device, "default"),
        intra_threads=1 if workers > 1 else cores,
        inter_threads=workers,
    )
    load = time.perf_counter() - started
    end = [tokenizer.end_id, *tokenizer.newline_ids]
    options: dict[str, Any] = {}
    if args.static:
        parts = [split_prompt(tokenizer, p) for p in items]
        options["static_prompt"] = parts[0][0]
        batch = [dynamic for _, dynamic in parts]
    else:
        batch = [tokenizer.tokens(p.text) for p in items]

    def run(chunk: list[list[str]]) -> int:
        results = generator.generate_batch(
            chunk,
            max_length=args.max_new_tokens,
            beam_size=1,
            include_prompt_in_result=False,
            end_token=end,
            max_batch_size=batch_size(len(chunk), workers, args.chunk) if args.static else 0,
            **options,
        )
        return sum(len(r.sequences_ids[0]) for r in results)

    run(batch[:2])  # warm-up
    return measure(run, batch, load, args)


def worker_engine(args: argparse.Namespace, sentences_: list[str]) -> dict[str, Any]:
    """``Engine.correct`` as wa serves it: one sentence per worker, each drafted from its input.

    Greedy answers like the other sides (``margin=None``: no answer is kept back), through
    the result cache's absence (``cache=None``). Tokens are counted on the answers.
    """
    from wa_core.engine.model import Engine, resolve_device
    from wa_core.engine.tokenize import ChatTokenizer

    started = time.perf_counter()
    cpu = resolve_device(args.device) == "cpu"
    engine = Engine(
        args.model_dir,
        device=args.device,
        cpu_threads=1 if cpu else 0,
        num_workers=args.cores if cpu and not args.one_worker else 1,
        few_shot=args.few_shot,
    )
    load = time.perf_counter() - started
    tokenizer = ChatTokenizer(Path(args.model_dir) / "tokenizer.json")  # the model's own, to count

    answers: list[str] = []

    def run(batch: list[str]) -> int:
        corrections = engine.correct(batch, margin=None)
        if len(batch) == len(sentences_):
            answers[:] = [c.text for c in corrections]
        return sum(tokenizer.count(c.text) for c in corrections)

    run(sentences_[:2])  # warm-up (these two are not in the cache: there is none)
    result = measure(run, sentences_, load, args)
    if args.answers and not args.one_worker:
        Path(args.answers).write_text("".join(f"{a}\n" for a in answers), encoding="utf-8")
    return result


def worker_hf(args: argparse.Namespace, items: list[Any]) -> dict[str, Any]:
    from wa_core.models.build import require_build_stack

    require_build_stack()  # offline, transformers' own layers (no hub kernels on a GPU)
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from wa_core.engine.prompts import IM_END
    from wa_core.engine.tokenize import ChatTokenizer

    torch.set_num_threads(args.cores)
    started = time.perf_counter()
    device = (
        "cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu"
    )
    dtype = torch.bfloat16 if device == "cuda" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(args.hf_dir, dtype=dtype).to(device).eval()
    tokenizer = AutoTokenizer.from_pretrained(args.hf_dir)
    tokenizer.padding_side = "left"
    load = time.perf_counter() - started
    chat = ChatTokenizer(Path(args.hf_dir) / "tokenizer.json")
    stop = [chat.end_id, *chat.newline_ids]
    pad = chat.end_id
    if tokenizer.pad_token is None:  # transformers 5.17 exports the GGUF tokenizer without one
        tokenizer.pad_token = IM_END

    texts = [p.text for p in items]

    # Prompt lookup decoding drafts from the prompt, as wa's engine drafts from the sentence;
    # transformers runs it one sequence at a time.
    lookup = {"prompt_lookup_num_tokens": 10} if args.lookup else {}

    def run(batch: list[str]) -> int:
        if lookup and len(batch) > 1:
            return sum(run([item]) for item in batch)
        if args.hf_chunk and len(batch) > args.hf_chunk:  # sorted by length: less padding
            order = sorted(batch, key=len)
            return sum(run(order[i : i + args.hf_chunk]) for i in range(0, len(order), args.hf_chunk))
        enc = tokenizer(batch, return_tensors="pt", padding=True, add_special_tokens=False).to(device)
        with torch.inference_mode():
            out = model.generate(
                **enc,
                max_new_tokens=args.max_new_tokens,
                do_sample=False,
                eos_token_id=stop,
                pad_token_id=pad,
                **lookup,
            )
        generated = 0
        for row in out[:, enc["input_ids"].shape[1] :].tolist():
            for token in row:
                if token in stop:
                    break
                generated += 1
        return generated

    run(texts[:2])  # warm-up
    return measure(run, texts, load, args)


def measure(run: Any, batch: list[Any], load: float, args: argparse.Namespace) -> dict[str, Any]:
    """Tokens/s with the whole batch in one call, and the latency of the first
    ``--latency-sentences`` sentences alone, each a median over ``--repeats``."""
    batched: list[float] = []
    single: list[float] = []
    tokens = 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        tokens = run(batch)
        batched.append(tokens / (time.perf_counter() - started))
        for item in batch[: args.latency_sentences]:
            started = time.perf_counter()
            run([item])
            single.append(time.perf_counter() - started)
    return {
        "load_s": load,
        "batched_tokens": tokens,
        "batched_tok_s": statistics.median(batched),
        "single_latency_s": statistics.median(single),
        "peak_rss_mb": peak_rss_mb(),
    }


def worker_export(args: argparse.Namespace) -> None:
    """Write the plain float32 checkpoint the transformers side loads (once)."""
    from wa_core.models.build import load_base, merge_adapter
    from wa_core.models.registry import base_gguf_path, get_spec

    spec = get_spec("default")
    model, tokenizer = load_base(base_gguf_path(spec))
    adapter = spec.adapter_dir()
    if adapter is not None:
        model = merge_adapter(model, adapter)
    model.save_pretrained(args.hf_dir)
    tokenizer.save_pretrained(args.hf_dir)


# --- the parent -----------------------------------------------------------------------


Side = tuple[str, list[str], str]  # worker, extra flags, column heading


def sides_to_run(chunks: list[int], hf_chunks: Sequence[int] = ()) -> dict[str, Side]:
    """Every side by name: ``ct2 tuned`` once for each chunk size asked for, transformers
    once more for each of ``hf_chunks``."""
    tuned = {f"ct2-static-{n}": ("ct2", ["--static", "--chunk", str(n)], f"ct2 tuned/{n}") for n in chunks}
    hf_more = {f"hf-{n}": ("hf", ["--hf-chunk", str(n)], f"hf/{n}") for n in hf_chunks}
    return {
        "ct2": ("ct2", [], "ct2 int8"),
        **tuned,
        "engine": ("engine", [], "wa engine"),
        "engine-1": ("engine", ["--one-worker"], "wa 1 worker"),
        "hf": ("hf", [], "transformers"),
        **hf_more,
        "hf-lookup": ("hf", ["--lookup"], "hf+lookup"),
    }


def in_flight_pairs(
    chunks: Sequence[int], hf_chunks: Sequence[int], hf_chunk: int, workers: int
) -> list[tuple[str, str]]:
    """(ct2 side, transformers side) with as many sentences in flight on each: a tuned
    CTranslate2 side decodes ``workers`` chunks of N at once, transformers one chunk of M
    (``hf_chunk`` is the main transformers side's)."""
    hf_sides = {m: f"hf-{m}" for m in hf_chunks}
    if hf_chunk:
        hf_sides.setdefault(hf_chunk, "hf")
    return [(f"ct2-static-{n}", hf_sides[n * workers]) for n in chunks if n * workers in hf_sides]


def child(args: argparse.Namespace, side: Side) -> dict[str, Any]:
    worker, flags, _ = side
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        worker,
        *("--device", args.device, "--cores", str(args.cores), "--repeats", str(args.repeats)),
        *("--sentences", str(args.sentences), "--max-new-tokens", str(args.max_new_tokens)),
        *("--latency-sentences", str(args.latency_sentences), "--hf-chunk", str(args.hf_chunk)),
        *(("--source", str(args.source)) if args.source else ()),
        *(("--answers", str(args.answers)) if args.answers else ()),
        *("--model-dir", args.model_dir, "--hf-dir", args.hf_dir),
        "--few-shot" if args.few_shot else "--zero-shot",
        *flags,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"{side} worker failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def chunk_sizes(text: str) -> list[int]:
    """``--ct2-chunks``: sizes separated by commas, each at least one, none twice."""
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        sizes = []
    if not sizes or min(sizes) < 1 or len(set(sizes)) != len(sizes):
        raise argparse.ArgumentTypeError(f"expected distinct whole numbers from 1 up, as in 2,4,8: {text!r}")
    return sizes


def whole_number(text: str) -> int:
    """``--hf-chunk``: 0 (the whole batch at once) or more."""
    return 0 if text.strip() == "0" else positive_whole_number(text)


def main() -> None:
    from wa_core.models.paths import model_dir

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    parser.add_argument(
        "--cores", type=int, default=os.cpu_count() or 1, help="CPU cores each side may use (default: all)"
    )
    parser.add_argument("--sentences", type=positive_whole_number, default=16)
    parser.add_argument(
        "--source",
        type=Path,
        help="sentences, one a line (default: JFLEG dev in ../shared beside the checkout, detokenised)",
    )
    parser.add_argument("--repeats", type=positive_whole_number, default=3)
    parser.add_argument(
        "--latency-sentences",
        type=positive_whole_number,
        default=16,
        metavar="N",
        help="time the first N sentences alone for the one-sentence latency (default: 16), so that "
        "a larger batch costs only its batched runs",
    )
    parser.add_argument("--max-new-tokens", type=positive_whole_number, default=64)
    parser.add_argument(
        "--answers",
        type=Path,
        help="write wa engine's answers here, one a line (to compare devices: a GPU's figures count "
        "where its answers are the CPU's)",
    )
    parser.add_argument(
        "--hf-chunk",
        type=whole_number,
        default=0,
        metavar="N",
        help="transformers: generate N sentences at a time, sorted by length (default: the whole "
        "batch at once); on 64 sentences 16 was its fastest",
    )
    parser.add_argument("--model-dir", default=str(model_dir("default")))
    parser.add_argument("--hf-dir", default=str(Path(os.environ.get("TMPDIR", "/tmp")) / "wa-bench-hf"))
    shots = parser.add_mutually_exclusive_group()
    shots.add_argument(
        "--few-shot", dest="few_shot", action="store_true", default=None, help="few-shot prompts"
    )
    shots.add_argument(
        "--zero-shot",
        dest="few_shot",
        action="store_false",
        help="zero-shot prompts (default: as wa serves the model, zero-shot for one built with its "
        "tuned adapter, few-shot for the base model alone)",
    )
    parser.add_argument("--worker", choices=("ct2", "engine", "hf", "export"), help=argparse.SUPPRESS)
    parser.add_argument(
        "--ct2-chunks",
        type=chunk_sizes,
        default=[CT2_CHUNK],
        metavar="N[,N…]",
        help=f"ct2 tuned: sentences a worker decodes together, one side for each size given "
        f"(default: {CT2_CHUNK}); smaller chunks keep less KV cache and batch less",
    )
    parser.add_argument(
        "--hf-chunks",
        type=chunk_sizes,
        default=[],
        metavar="N[,N…]",
        help="transformers: one more side for each size given, N sentences at a time, and a table "
        "pairing each with the ct2 tuned side that has as many sentences in flight (N over the "
        "workers; --hf-chunk's side is paired too); the main table's ratios stay against --hf-chunk",
    )
    parser.add_argument("--static", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--chunk", type=int, default=CT2_CHUNK, help=argparse.SUPPRESS)
    parser.add_argument("--lookup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.few_shot is None:  # the prompts wa serves the model (``Engine``'s default)
        from wa_core.engine.model import read_manifest_if_any, served_few_shot

        args.few_shot = served_few_shot(read_manifest_if_any(Path(args.model_dir)))

    if args.worker:
        from wa_core import memory

        memory.limit_arenas()  # every side as wa's commands run: one malloc arena
    items = correct_prompts(sentences(args.sentences, args.source), args.few_shot)
    if args.worker == "ct2":
        print(json.dumps(worker_ct2(args, items)))
        return
    if args.worker == "hf":
        print(json.dumps(worker_hf(args, items)))
        return
    if args.worker == "engine":
        print(json.dumps(worker_engine(args, sentences(args.sentences, args.source))))
        return
    if args.worker == "export":
        worker_export(args)
        return

    from wa_core.engine.model import resolve_device

    try:
        resolve_device(args.device)
    except ValueError as exc:
        sys.exit(f"engine_speed: {exc}")
    if not (Path(args.model_dir) / "model.bin").is_file():
        sys.exit(f"no model at {args.model_dir}: run `wa models build` first")
    if not (Path(args.hf_dir) / "config.json").is_file():
        print(f"exporting the transformers checkpoint to {args.hf_dir} …", file=sys.stderr)
        subprocess.run([sys.executable, __file__, "--worker", "export", "--hf-dir", args.hf_dir], check=True)
    print(
        f"{len(items)} sentences batched ({min(len(items), args.latency_sentences)} alone for latency), "
        f"{args.repeats} repeats, device {args.device}, {args.cores} cores, "
        f"{'few' if args.few_shot else 'zero'}-shot prompts, max {args.max_new_tokens} new tokens",
        file=sys.stderr,
    )
    to_run = sides_to_run(args.ct2_chunks, args.hf_chunks)
    sides = {name: child(args, side) for name, side in to_run.items()}
    rows = [
        ("generated tokens (batched run)", "batched_tokens", "{:.0f}", None),
        ("tokens/s, all sentences batched", "batched_tok_s", "{:.1f}", "higher"),
        ("latency, one sentence alone (s)", "single_latency_s", "{:.3f}", "lower"),
        ("load time (s)", "load_s", "{:.2f}", "lower"),
        ("peak RSS (MB)", "peak_rss_mb", "{:.0f}", "lower"),
    ]
    hf = sides["hf"]
    print(f"{'metric (median)':<32}" + "".join(f" {side[2]:>12} {'ratio':>6}" for side in to_run.values()))
    for label, key, fmt, better in rows:
        cells = []
        for side in to_run:
            a, b = sides[side][key], hf[key]
            ratio = (
                "" if better is None or side == "hf" else f"{(a / b if better == 'higher' else b / a):.2f}x"
            )
            cells.append(f" {fmt.format(a):>12} {ratio:>6}")
        print(f"{label:<32}" + "".join(cells))
    hf_batches = f"{args.hf_chunk} sentences at a time, sorted by length" if args.hf_chunk else "one batch"
    print(
        f"ct2 int8: generate_batch on whole prompts, one worker of {args.cores} threads (the library's\n"
        "defaults); ct2 tuned: the shared system turn and instruction passed once as static_prompt,\n"
        f"and on CPU {args.cores} workers of one thread, each taking chunks of up to N sentences of\n"
        "about the same length (ct2 tuned/N); wa engine: Engine.correct, each sentence drafted from\n"
        f"its input (wa_core/engine/copydecode.py), one per worker ({args.cores} on CPU; wa 1 worker:\n"
        "one, whose CTranslate2 state is the memory a second worker adds); transformers: fp32 on CPU\n"
        f"with {args.cores} threads, {hf_batches}; hf+lookup: with prompt lookup\n"
        "decoding (prompt_lookup_num_tokens=10, one sentence at a time); ratio: times better than\n"
        "transformers. Engine tokens are counted on its answers, which can differ from plain greedy\n"
        "generation where two tokens are near-tied (forward passes and decoding steps round differently)."
    )
    workers = args.cores if args.device == "cpu" else 1
    pairs = in_flight_pairs(args.ct2_chunks, args.hf_chunks, args.hf_chunk, workers)
    if pairs:
        print("\nthe same sentences in flight (goal: 4x the tokens/s at a third of the memory, at once)")
        heads = ("ct2 tok/s", 10), ("hf tok/s", 9), ("faster", 7), ("ct2 MB", 7), ("hf MB", 6), ("less", 6)
        print(f"{'in flight':<10}" + "".join(f" {head:>{width}}" for head, width in heads))
        for ct2_side, hf_side in pairs:
            a, b = sides[ct2_side], sides[hf_side]
            faster = a["batched_tok_s"] / b["batched_tok_s"]
            less = b["peak_rss_mb"] / a["peak_rss_mb"]
            both = " both" if faster >= 4 and less >= 3 else ""
            print(
                f"{int(ct2_side.rsplit('-', 1)[1]) * workers:<10} {a['batched_tok_s']:>10.1f} "
                f"{b['batched_tok_s']:>9.1f} {faster:>6.2f}x {a['peak_rss_mb']:>7.0f} "
                f"{b['peak_rss_mb']:>6.0f} {less:>5.2f}x{both}"
            )


if __name__ == "__main__":
    main()
