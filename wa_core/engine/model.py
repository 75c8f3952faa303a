"""The model runtime: a CTranslate2 ``Generator`` serving correct, rewrite and summarize.

Shaped like faster-whisper's ``WhisperModel``: the constructor arguments go straight
to ``ctranslate2.Generator``, options have defaults that suit a laptop CPU, results
are dataclasses. Only ctranslate2 and tokenizers are imported here, so a cold start
is a fraction of a second plus the weights.

Every generation is bounded: inputs are cleaned of control characters, measured in
tokens and refused (left unchanged) or split when too long, and ``max_length`` is a
multiple of the input's length, so empty, huge, binary-looking or non-English input
always terminates.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import ctranslate2

from wa_core import rewrite_rules
from wa_core.engine import confusions as confusion_sets
from wa_core.engine import copydecode, prompts
from wa_core.engine import usage as usage_sets
from wa_core.engine.align import align, changed_share, tokens
from wa_core.engine.cache import ResultCache, cache_key
from wa_core.engine.tokenize import ChatTokenizer, has_letters, one_line, split_prompt
from wa_core.models.manifest import Manifest, ModelError, read_manifest
from wa_core.sentences import sentence_spans

log = logging.getLogger("wa.engine")
K = TypeVar("K")  # a key and a value of the engine's small memories (``_remember``)
V = TypeVar("V")

DEVICES = ("auto", "cpu", "cuda")


@dataclass(frozen=True, slots=True)
class Correction:
    """The model's verdict on one sentence."""

    source: str
    text: str  # the corrected sentence; ``source`` itself when nothing changed
    # Log-probability of the correction minus that of the source, under the same
    # prompt (nats); None when the correction was not scored.
    margin: float | None = None

    @property
    def changed(self) -> bool:
        return self.text != self.source


@dataclass(frozen=True, slots=True)
class Limits:
    """Token bounds that keep every generation finite and cheap."""

    max_sentence_tokens: int = 160  # a longer "sentence" is returned unchanged
    max_rewrite_tokens: int = 400  # rewrite refuses longer text
    # summarize splits longer text into chunks of about this size; one chunk summarises best,
    # and SmolLM2 reads 8k tokens, so a chunk is a few pages
    chunk_tokens: int = 1536
    # summarize refuses longer text (16 chunks: a long paper); a chunk costs seconds of one core
    max_summary_tokens: int = 24576
    max_output_tokens: int = 512
    # summaries by beam search: 4 beams, chosen on ACLSum val, where on whole introductions they
    # gain 2.0 ROUGE-L and 2.8 ROUGE-2 over greedy decoding, in 2-5 times the time and twice
    # the memory (editor hovers ask for greedy decoding)
    summary_beams: int = 4
    # Drafting (see ``copydecode``): a correction takes these passes, and more while they
    # accept at least ``draft_rate`` tokens each (a pass costs about three decoder steps);
    # one the model rewrote further from its sentence is finished by ordinary generation.
    draft_passes: int = 4
    draft_rate: float = 3.0

    def reads(self, sentence_tokens: int) -> bool:
        """Whether a sentence of this many tokens is read at all: corrected, scored, judged."""
        return sentence_tokens <= self.max_sentence_tokens


def resolve_device(device: str) -> str:
    """``auto`` as the device it takes; ``cuda`` only where CTranslate2 can use a GPU (else
    loading the weights fails with a CUDA error that reads like damaged weights)."""
    if device not in DEVICES:
        raise ValueError(f"unknown device {device!r} (valid: {', '.join(DEVICES)})")
    if device == "cpu":
        return device
    gpu = ctranslate2.get_cuda_device_count() > 0
    if device == "cuda" and not gpu:
        raise ValueError(
            "device 'cuda': CTranslate2 sees no CUDA device (no GPU, or a driver older than its "
            "CUDA 12 build): use 'cpu', or 'auto' to take a GPU when there is one"
        )
    return "cuda" if gpu else "cpu"


def resolve_compute_type(device: str, compute_type: str) -> str:
    """``default``: int8 weights on CPU; int8 with bf16 (or fp16) activations on a GPU."""
    supported = sorted(ctranslate2.get_supported_compute_types(device))
    if compute_type == "default":
        if device == "cpu":
            return "int8" if "int8" in supported else "float32"
        for candidate in ("int8_bfloat16", "int8_float16", "float16", "float32"):
            if candidate in supported:
                return candidate
        return "float32"
    if compute_type not in (*supported, "auto"):
        raise ValueError(
            f"compute type {compute_type!r} is not supported on {device} "
            f"(valid: default, {', '.join(supported)})"
        )
    return compute_type


def read_manifest_if_any(model_path: Path) -> Manifest | None:
    """The manifest when a readable one is there (a model converted by hand has none)."""
    try:
        return read_manifest(model_path)
    except ModelError:
        return None


def served_few_shot(manifest: Manifest | None) -> bool:
    """Whether wa prompts a model with worked examples: only one built without a tuned adapter
    needs them to answer with the sentence alone."""
    return bool(manifest and not manifest.tuned)


class Engine:
    """A built model and the three tasks it serves.

    ``few_shot`` (default: on for a model built without a fine-tuned adapter) adds
    worked examples to the correction prompt: the base instruct model needs them to
    answer with the sentence alone; a fine-tuned model is prompted as it was trained.
    """

    def __init__(
        self,
        model_path: str | Path,
        device: str = "auto",
        compute_type: str = "default",
        cpu_threads: int = 0,
        num_workers: int = 1,
        *,
        cache: ResultCache | None = None,
        few_shot: bool | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        self.device = resolve_device(device)
        self.compute_type = resolve_compute_type(self.device, compute_type)
        self.manifest = read_manifest_if_any(self.model_path)
        self.few_shot = few_shot if few_shot is not None else served_few_shot(self.manifest)
        self.limits = limits or Limits()
        self.cache = cache
        self.num_workers = max(1, num_workers)
        self._static: dict[str, list[str]] = {}
        # log P(text) read plainly, kept by the second look's sieve for its fluency judge
        # (the sieve reads the sentence whole): one sequence less in each of its passes.
        self._plain_scores: dict[str, float] = {}
        # Each look's verdict on a sentence (``_look``): ``wa correct``'s second pass reads a
        # sentence the first pass left as the model wrote it, and looks at it again.
        self._looked: dict[tuple[str, str], str] = {}  # (look, sentence) -> its verdict
        self._tokenizer = ChatTokenizer(self.model_path / "tokenizer.json")
        self._generator = ctranslate2.Generator(
            str(self.model_path),
            device=self.device,
            compute_type=self.compute_type,
            intra_threads=cpu_threads,
            inter_threads=num_workers,
        )
        key = self.manifest.key[:16] if self.manifest else str(self.model_path.resolve())
        # Cached results are reusable only for the same weights and numerics.
        self.model_id = f"{key}/{self.compute_type}"
        log.debug("loaded %s on %s (%s)", self.model_path, self.device, self.compute_type)

    # --- correct --------------------------------------------------------------------

    def correct(
        self,
        sentences: Sequence[str],
        *,
        margin: float | None = 1.0,
        max_change: float | None = None,
        confusions: bool = False,
        usage: bool = False,
    ) -> list[Correction]:
        """Correct each sentence; keep the original unless the correction wins by ``margin`` nats.

        Answers are greedy, decoded with the sentence as the draft (``copydecode``), one
        sentence per worker. ``margin=None`` trusts the answer. A correction that changes
        more than ``max_change`` of the sentence's tokens (see ``align.changed_share``) is
        a paraphrase, not a correction: the original stays. With ``confusions``, the result
        then gets a second look at agreement and confusable words (``confusions.choose``);
        with ``usage``, a look at articles, prepositions, noun number and commas after it
        (``usage.variants``, judged the same way): what ``wa correct`` asks for.
        """
        cores = [one_line(s).strip() for s in sentences]
        params: dict[str, Any] = {
            "margin": margin,
            "max_change": max_change,
            "few_shot": self.few_shot,
            "decoding": "copy-draft",
            **({"confusions": confusion_sets.VERSION} if confusions else {}),
            **({"usage": usage_sets.cache_version()} if usage else {}),
        }
        wanted = list(dict.fromkeys(c for c in cores if has_letters(c)))
        found = self._cached("correct", wanted, params)
        missing = [c for c in wanted if c not in found]
        if missing:
            fresh = self._correct_uncached(missing, margin, max_change, confusions, usage)
            found.update(fresh)
            self._store("correct", {c: json.dumps(fresh[c]) for c in missing}, params)
        out = []
        for source, core in zip(sentences, cores, strict=True):
            text, score = found.get(core, (core, None))
            out.append(Correction(source, _in_place(source, text), score))
        return out

    def _correct_prompt(self, sentence: str) -> tuple[list[str], list[str]]:
        examples = prompts.CORRECT_EXAMPLES if self.few_shot else ()
        return self._split_prompt(prompts.correct(sentence, examples=examples))

    def _split_prompt(self, prompt: prompts.Prompt) -> tuple[list[str], list[str]]:
        """``split_prompt``, with one shared list per static part (computed once by CTranslate2)."""
        static, dynamic = split_prompt(self._tokenizer, prompt)
        if not static:
            return static, dynamic
        key = "".join(static)
        if self._static.get(key) != static:
            self._static[key] = static
        return self._static[key], dynamic

    def _generate(self, prompts_: Sequence[tuple[list[str], list[str]]], **options: Any) -> list[Any]:
        """``generate_batch`` over prompts that share one static part."""
        static = prompts_[0][0] if prompts_ else []
        if any(p[0] != static for p in prompts_):
            return list(self._generator.generate_batch([[*a, *b] for a, b in prompts_], **options))
        if static:
            options["static_prompt"] = static
        return list(self._generator.generate_batch([b for _, b in prompts_], **options))

    def _correct_uncached(
        self,
        sentences: list[str],
        margin: float | None,
        max_change: float | None,
        confusions: bool = False,
        usage: bool = False,
    ) -> dict[str, tuple[str, float | None]]:
        result: dict[str, tuple[str, float | None]] = {s: (s, None) for s in sentences}
        source_ids = {s: self._tokenizer.ids(s) for s in sentences}
        todo = [s for s in sentences if self.limits.reads(len(source_ids[s]))]
        if len(todo) < len(sentences):
            log.debug("%d sentences too long to correct", len(sentences) - len(todo))
        bounds = {s: self._bound(len(source_ids[s]), 1.5) for s in todo}
        todo.sort(key=lambda s: -len(source_ids[s]))  # longest first: the workers finish together
        jobs = {s: self._pool.submit(self._decode_correction, s, source_ids[s], bounds[s]) for s in todo}
        decoded = {s: job.result() for s, job in jobs.items()}
        changed: list[tuple[str, str, copydecode.Decoded]] = []
        for sentence in todo:
            answer = decoded[sentence]
            if not answer.finished:
                continue  # never ended: not a sentence
            fixed = _clean_answer(sentence, self._tokenizer.decode(answer.ids))
            if fixed.split() == sentence.split():  # spacing alone is not a correction
                continue
            if max_change is not None and changed_share(sentence, align(sentence, fixed)) > max_change:
                continue
            changed.append((sentence, fixed, answer))
        for sentence, fixed, answer in changed:
            if margin is None:
                result[sentence] = (fixed, None)
                continue
            score = self._margin(sentence, fixed, answer)
            result[sentence] = (fixed, score) if score >= margin else (sentence, score)
        if confusions or usage:
            looks = {s: self._pool.submit(self._looks, result[s][0], confusions, usage, s) for s in todo}
            for sentence, look in looks.items():
                result[sentence] = (look.result(), result[sentence][1])
        return result

    def _looks(self, sentence: str, confusions: bool, usage: bool, source: str) -> str:
        """``sentence`` (the correction of ``source``) after the looks asked for: agreement and
        confusables, then usage, more lenient where the sentence is no longer ``source``.

        Each look's verdict is kept for the engine's life (the last 1,024): the looks read each
        variant whole, and a second pass of ``wa correct`` often brings back a sentence they
        have read."""
        looked = self._look("agreement", sentence, self._second_look) if confusions else sentence
        if usage:
            corrected = looked != source
            look = functools.partial(self._usage_look, corrected=corrected)
            verdict = self._look("usage, corrected" if corrected else "usage", looked, look)
            if corrected and verdict == looked:
                # Nothing passed the lenient judges, so nothing passes the usual ones: what the
                # second pass of ``wa correct`` asks of the same sentence, now its own source.
                _remember(self._looked, ("usage", looked), looked)
            looked = verdict
        return looked

    def _look(self, name: str, sentence: str, look: Callable[[str], str]) -> str:
        """``look``'s verdict on ``sentence``, from memory when it has been asked before."""
        key = (name, sentence)
        if (found := self._looked.get(key)) is None:
            found = look(sentence)
            _remember(self._looked, key, found)
        return found

    def _usage_look(self, sentence: str, *, corrected: bool = False) -> str:
        """``sentence`` with the article, preposition, noun-number and comma edits both judges
        accept, judged more leniently in a sentence the model has ``corrected``."""
        from wa_core.spelling import frequencies

        candidates = usage_sets.variants(sentence, frequencies())
        if not candidates:
            return sentence
        return confusion_sets.choose(
            sentence, candidates, usage_sets.eased(self.judges) if corrected else self.judges
        )

    def second_look(self, sentences: Sequence[str]) -> list[str]:
        """Each sentence with the agreement and confusable swaps the model accepts
        (``confusions.choose``), as ``correct(..., confusions=True)`` gives its corrections:
        for a sentence whose correction was not taken."""
        cores = [one_line(s).strip() for s in sentences]
        params = {"confusions": confusion_sets.VERSION}
        found = self._pooled("second-look", [c for c in cores if has_letters(c)], params, self._second_look)
        return [_in_place(s, found.get(c, c)) for s, c in zip(sentences, cores, strict=True)]

    def _second_look(self, sentence: str) -> str:
        """``sentence`` with the agreement and confusable swaps both judges accept."""
        candidates = confusion_sets.variants(sentence)
        return confusion_sets.choose(sentence, candidates, self.judges) if candidates else sentence

    def fits(self, sentence: str) -> bool:
        """Whether ``correct`` reads ``sentence`` at all: longer ones come back unchanged."""
        return self.limits.reads(self._tokenizer.count(sentence))

    @functools.cached_property
    def judges(self) -> confusion_sets.Judges:
        """The two scores the second looks judge a variant by (its plain reading, and as a
        correction against a copy), read by the benchmarks that replay them."""

        def correction(source: str, answers: Sequence[str]) -> list[float]:
            return [self._answer_logprob(source, answer) for answer in answers]

        return confusion_sets.Judges(self._fluency, correction, screen=self._screen)

    @functools.cached_property
    def _plain_head(self) -> list[int]:
        """What comes before a text read as an assistant turn with no instruction before it."""
        return self._tokenizer.ids("<|im_start|>assistant\n")

    def _plain_ids(self, text: str) -> list[int]:
        """``text`` as an assistant turn with no instruction before it, ended."""
        return [*self._plain_head, *self._tokenizer.ids(one_line(text).strip()), self._tokenizer.end_id]

    def _fluency(self, texts: Sequence[str]) -> list[float]:
        """log P(text) for each text read as an assistant turn, a few texts to a pass."""
        import numpy as np

        known = {t: score for t in texts if (score := self._plain_scores.get(t)) is not None}
        todo = [t for t in dict.fromkeys(texts) if t not in known]
        for i in range(0, len(todo), 4):  # short texts: four to a pass cost about two passes
            chunk = todo[i : i + 4]
            batch = [self._plain_ids(t) for t in chunk]
            rows = np.asarray(self._generator.forward_batch(batch, return_log_probs=True))
            for b, text in enumerate(chunk):
                known[text] = self._plain_logprob(rows[b], batch[b])
        return [known[t] for t in texts]

    def _plain_logprob(self, rows: Any, ids: list[int]) -> float:
        """log P(text) from the rows of a plain reading of ``ids`` (``_plain_ids``)."""
        import numpy as np

        start = len(self._plain_head) - 1  # the row that predicts the text's first token
        return float(rows[np.arange(start, len(ids) - 1), ids[start + 1 :]].sum())

    def _screen(self, sentence: str, variants: Sequence[confusion_sets.Variant]) -> list[float]:
        """Each variant's first token of its own against the sentence's there, after the same words."""
        import numpy as np

        ids = self._plain_ids(sentence)
        rows = np.asarray(self._generator.forward_batch([ids], return_log_probs=True))[0]
        _remember(self._plain_scores, sentence, self._plain_logprob(rows, ids))
        out = []
        for variant in variants:
            other = self._plain_ids(variant.apply(sentence))
            at = next((k for k, (a, b) in enumerate(zip(ids, other, strict=False)) if a != b), None)
            out.append(0.0 if at is None else float(rows[at - 1, other[at]] - rows[at - 1, ids[at]]))
        return out

    def score(self, pairs: Sequence[tuple[str, str]]) -> list[float]:
        """log P(answer | the correction prompt of source), with the answer's end, per pair.

        Scores of several answers to one source rank them in context: this is how a
        dictionary's suggestions for a misspelled word are put in the order the model
        prefers (``wa_core.ranking``). A source too long to correct scores ``-inf`` for
        every answer, which leaves their order as it was. Scores go through the result cache.
        """
        keys = [json.dumps([one_line(s).strip(), one_line(a).strip()]) for s, a in pairs]
        pair_of = dict(zip(keys, pairs, strict=True))
        found = self._pooled("score", keys, {}, lambda k: self._answer_logprob(*pair_of[k]))
        return [float(found[k]) for k in keys]

    def fluency(self, texts: Sequence[str]) -> list[float]:
        """log P(text) for each text read as plain text, with no instruction before it.

        Where ``score`` asks how likely a text is as the correction of another (and leans
        to the text as written: the model was trained to leave correct text alone), this
        asks how likely it is to be written at all: a second opinion on a fix
        (``wa_core.ranking``). A text too long to correct reads ``-inf``. Results go
        through the result cache.
        """
        cores = [one_line(t).strip() for t in texts]
        found = self._pooled("fluency", cores, {}, self._fluency_of)
        return [float(found[c]) for c in cores]

    def _fluency_of(self, text: str) -> float:
        if not self.limits.reads(self._tokenizer.count(text)):
            return -math.inf
        return self._fluency([text])[0]

    def _pooled(
        self, task: str, keys: Sequence[str], params: dict[str, Any], compute: Callable[[str], Any]
    ) -> dict[str, Any]:
        """Each key's result: from the result cache, else computed on the workers and stored."""
        wanted = list(dict.fromkeys(keys))
        found = self._cached(task, wanted, params)
        jobs = {k: self._pool.submit(compute, k) for k in wanted if k not in found}
        found.update((k, job.result()) for k, job in jobs.items())
        self._store(task, {k: json.dumps(found[k]) for k in jobs}, params)
        return found

    def _answer_logprob(self, source: str, answer: str) -> float:
        core = one_line(source).strip()
        if not self.limits.reads(self._tokenizer.count(core)):
            return -math.inf
        fixed = self._tokenizer.ids(one_line(answer).strip())
        if len(fixed) > 2 * self.limits.max_sentence_tokens:
            return -math.inf
        return copydecode.answer_logprob(self._forward, self._correct_prompt_ids(core), fixed, self._stops)

    def _correct_prompt_ids(self, sentence: str) -> list[int]:
        static, dynamic = self._correct_prompt(sentence)
        return self._tokenizer.to_ids([*static, *dynamic])

    def _forward(self, ids: list[int], start: int) -> Any:
        """Log-probabilities for one sequence from row ``start`` on (``copydecode.Forward``).

        One sequence at a time: batching sequences of unequal length only adds padding.
        CTranslate2 normalises the rows (in C++, not in numpy temporaries). They are copied
        out, so the pass's whole output (4 bytes per vocabulary entry for every position,
        prompt included: about 15 MB for a short sentence) is freed here, not held while
        the next pass allocates its own.
        """
        import numpy as np

        out = self._generator.forward_batch([ids], return_log_probs=True)
        return np.array(np.asarray(out)[0, start:])

    @functools.cached_property
    def _pool(self) -> ThreadPoolExecutor:
        # CTranslate2 releases the GIL: each thread's passes run on a worker of their own.
        return ThreadPoolExecutor(max_workers=self.num_workers, thread_name_prefix="wa-engine")

    @functools.cached_property
    def _inserted(self) -> frozenset[int]:
        """The tokens of the words a correction most often inserts, as drafting guesses them."""
        return self._tokenizer.word_ids(copydecode.INSERTED_WORDS)

    @functools.cached_property
    def _stops(self) -> tuple[int, ...]:
        return (self._tokenizer.end_id, *self._tokenizer.newline_ids)

    def _decode_correction(self, sentence: str, source: list[int], bound: int) -> copydecode.Decoded:
        """The greedy answer: drafted from the sentence, finished by generation if it must be."""
        static, dynamic = self._correct_prompt(sentence)
        drafted = copydecode.decode(
            self._forward,
            self._tokenizer.to_ids([*static, *dynamic]),
            source,
            stops=self._stops,
            bound=bound,
            free_passes=self.limits.draft_passes,
            min_rate=self.limits.draft_rate,
            word_start=self._tokenizer.starts_word,
            inserted=self._inserted,
        )
        if drafted.finished or len(drafted.ids) >= bound:
            return drafted
        (rest,) = self._generate(
            [(static, [*dynamic, *self._tokenizer.to_tokens(drafted.ids)])],
            max_length=bound - len(drafted.ids),
            beam_size=1,
            include_prompt_in_result=False,
            end_token=list(self._stops),
        )
        ids = (*drafted.ids, *rest.sequences_ids[0])
        # Generation's own scores differ from a forward pass's by a few hundredths of a nat:
        # the correction is scored again (``_margin``) rather than mixing the two.
        return copydecode.Decoded(ids, len(ids) < bound, math.nan, drafted.source_logprob, drafted.passes)

    def _margin(self, sentence: str, fixed: str, answer: copydecode.Decoded) -> float:
        """log P(correction | prompt) - log P(source | prompt), each answer with its end.

        Drafting scored both on the way; a correction that clean-up changed, or that
        generation finished, is scored in a pass of its own.
        """
        if tuple(self._tokenizer.ids(fixed)) == answer.ids and not math.isnan(answer.logprob):
            return answer.logprob - answer.source_logprob
        return self._answer_logprob(sentence, fixed) - answer.source_logprob

    # --- rewrite --------------------------------------------------------------------

    def rewrite(
        self, text: str, style: str, n: int = 3, *, seed: int = 0, temperature: float = 0.8
    ) -> list[str]:
        """Up to ``n`` distinct rewrites of ``text`` in ``style`` (one of ``prompts.STYLES``).

        The first is the greedy answer, the rest are sampled (reproducibly: ``seed``);
        answers equal to the input or, for ``concise``, no shorter than it are dropped. A
        concise, formal or simplified rewrite's first answer is the text with the changes that
        style always makes (``rewrite_rules``) when there are any; the model rewrites that text.
        """
        if style not in prompts.STYLES:
            raise ValueError(f"unknown style {style!r} (valid: {', '.join(prompts.STYLES)})")
        if n < 1:
            raise ValueError("n must be at least 1")
        core = " ".join(one_line(text).split())
        if not has_letters(core):
            return []
        length = self._tokenizer.count(core)
        if length > self.limits.max_rewrite_tokens:
            raise ValueError(
                f"text too long to rewrite ({length} tokens, at most {self.limits.max_rewrite_tokens}): "
                "select a paragraph or less"
            )
        params: dict[str, Any] = {"n": n, "seed": seed, "temperature": temperature}
        # The changes the style always makes come first (``rewrite_rules``): that text is the
        # first answer, the model's rewrites of it after.
        draft = rewrite_rules.apply(style, core)
        if style in rewrite_rules.STYLES:
            params["rules"] = rewrite_rules.VERSION
        task = f"rewrite-{style}"
        cached = self._cached(task, [core], params)
        if core in cached:
            return list(cached[core])
        prompt = self._split_prompt(prompts.rewrite(draft, style))
        bound = self._bound(length, 1.2 if style in ("concise", "simplify") else 2.0)
        common: dict[str, Any] = {
            "max_length": bound,
            "include_prompt_in_result": False,
            "end_token": [self._tokenizer.end_id],
            "repetition_penalty": 1.1,
        }

        def distinct() -> list[str]:
            found = _distinct(answers, core, style, bound, self._tokenizer)
            if draft == core:
                return found
            return [draft, *(a for a in found if a.casefold() != draft.casefold())]

        answers = self._generate([prompt], beam_size=1, **common)
        ctranslate2.set_random_seed(seed)
        for _ in range(3):
            if len(distinct()) >= n:
                break
            answers.extend(
                self._generate(
                    [prompt],
                    num_hypotheses=2 * n,
                    sampling_topk=40,
                    sampling_topp=0.95,
                    sampling_temperature=temperature,
                    **common,
                )
            )
        out = distinct()[:n]
        self._store(task, {core: json.dumps(out)}, params)
        return out

    # --- summarize ------------------------------------------------------------------

    def summarize(self, text: str, max_words: int = 60, *, beams: int | None = None) -> str:
        """A summary of at most ``max_words`` words; long text is summarised chunk by chunk.

        ``beams``: beam search width, ``limits.summary_beams`` by default; 1 is greedy
        decoding, the fastest, for a summary wanted at a glance. Text of several chunks is
        summarised a chunk at a time with greedy decoding (beam search over a whole chunk
        holds a copy of its state per beam: gigabytes, minutes), then the chunks' summaries
        together with ``beams``. Text over ``limits.max_summary_tokens`` is refused
        (``ValueError``).
        """
        if max_words < 5:
            raise ValueError("max_words must be at least 5")
        beams = self.limits.summary_beams if beams is None else beams
        if beams < 1:
            raise ValueError("beams must be at least 1")
        core = text.strip()
        if not has_letters(core):
            return ""
        length = self._tokenizer.count(core)
        if length > self.limits.max_summary_tokens:
            raise ValueError(
                f"text too long to summarize ({length} tokens, at most {self.limits.max_summary_tokens}): "
                "summarize a part at a time"
            )
        params = {"max_words": max_words, "beams": beams}
        cached = self._cached("summarize", [core], params)
        if core in cached:
            return str(cached[core])
        summary = self._summarize(core, max_words, beams, depth=0)
        self._store("summarize", {core: json.dumps(summary)}, params)
        return summary

    def _summarize(self, text: str, max_words: int, beams: int, depth: int) -> str:
        chunks = self._chunks(text)
        if len(chunks) == 1 or depth >= 2:
            return self._summarize_chunks(chunks[:1], max_words, beams)[0]
        partial = self._summarize_chunks(chunks, max(max_words, 40), 1)
        return self._summarize(" ".join(p for p in partial if p), max_words, beams, depth + 1)

    def _summarize_chunks(self, chunks: list[str], max_words: int, beams: int) -> list[str]:
        bound = min(self.limits.max_output_tokens, int(max_words * 1.6) + 24)
        batch = [self._split_prompt(prompts.summarize(c, max_words)) for c in chunks]
        results = self._generate(
            batch,
            max_batch_size=1,  # a chunk's prompt alone holds a vocabulary row per token
            max_length=bound,
            beam_size=beams,
            include_prompt_in_result=False,
            end_token=[self._tokenizer.end_id],
            repetition_penalty=1.1,
            no_repeat_ngram_size=4,
        )
        return [_clean_summary(self._tokenizer.decode(r.sequences_ids[0]), max_words) for r in results]

    def _chunks(self, text: str) -> list[str]:
        """``text`` cut at sentence ends into pieces of at most ``chunk_tokens`` tokens."""
        limit = self.limits.chunk_tokens
        pieces: list[str] = []
        for span in sentence_spans(text):
            sentence = " ".join(span.of(text).split())
            if self._tokenizer.count(sentence) <= limit:
                pieces.append(sentence)
                continue
            words = sentence.split()
            step = max(1, limit // 2)  # a token is at most a word here, usually less
            pieces.extend(" ".join(words[i : i + step]) for i in range(0, len(words), step))
        chunks: list[str] = []
        current: list[str] = []
        size = 0
        for piece in pieces:
            n = self._tokenizer.count(piece) + 1
            if current and size + n > limit:
                chunks.append(" ".join(current))
                current, size = [], 0
            current.append(piece)
            size += n
        if current:
            chunks.append(" ".join(current))
        return chunks or [" ".join(text.split())[: limit * 2]]

    # --- shared ---------------------------------------------------------------------

    def _bound(self, input_tokens: int, factor: float) -> int:
        """``max_length`` for an answer to an input of ``input_tokens`` tokens."""
        return max(8, min(self.limits.max_output_tokens, int(input_tokens * factor) + 16))

    def _cached(self, task: str, inputs: Sequence[str], params: dict[str, Any]) -> dict[str, Any]:
        if self.cache is None or not inputs:
            return {}
        keys = {cache_key(self.model_id, task, prompts.PROMPT_VERSION, s, params): s for s in inputs}
        found: dict[str, Any] = {}
        for key, value in self.cache.get_many(list(keys)).items():
            try:
                decoded = json.loads(value)
            except ValueError:
                continue
            found[keys[key]] = tuple(decoded) if task == "correct" else decoded
        return found

    def _store(self, task: str, values: dict[str, str], params: dict[str, Any]) -> None:
        if self.cache is not None and values:
            self.cache.put_many(
                {
                    cache_key(self.model_id, task, prompts.PROMPT_VERSION, s, params): v
                    for s, v in values.items()
                }
            )


def _remember(memory: dict[K, V], key: K, value: V, size: int = 1024) -> None:
    """``value`` kept under ``key`` in one of the engine's small memories, emptied when full."""
    if len(memory) >= size:
        memory.clear()
    memory[key] = value


def _in_place(source: str, text: str) -> str:
    """``text`` (the answer for ``source``'s stripped core) with ``source``'s leading and
    trailing space around it; ``source`` itself when the answer is its core."""
    core = one_line(source).strip()
    if text == core:
        return source
    lead = len(source) - len(source.lstrip())
    trail = len(source) - len(source.rstrip())
    return source[:lead] + text + source[len(source) - trail :]


# --- answer clean-up ----------------------------------------------------------------

_LABEL = re.compile(
    r"^(?:here(?: is|'s) (?:the |a )?[\w ]{0,30}?:|(?:the )?(?:corrected|rewritten|revised|edited)"
    r"(?: sentence| text| version)?:|correction:|answer:|output:|summary:|rewrite:)\s*",
    re.IGNORECASE,
)
_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’"}
_PREAMBLE = re.compile(r"^(?:sure|certainly|of course|here|okay|ok)\b", re.IGNORECASE)


def _strip_wrapping(answer: str, source: str) -> str:
    answer = _LABEL.sub("", answer.strip()).strip()
    close = _QUOTES.get(answer[:1])
    if close and answer.endswith(close) and len(answer) > 1 and not source.startswith(answer[:1]):
        answer = answer[1:-1].strip()
    return answer


def _clean_answer(source: str, answer: str) -> str:
    """The corrected sentence in a model answer, or ``source`` when the answer is not one.

    An answer that drops a fifth of the sentence's words is a truncation, the base
    model's commonest failure (deletion always raises a sentence's probability, so
    the margin does not catch it); corrections rarely delete that much.
    """
    first = answer.strip().split("\n", 1)[0]
    fixed = " ".join(_strip_wrapping(first, source).split())
    if not fixed or fixed.endswith(":") or len(fixed) > 2 * len(source) + 20:
        return source
    if _word_count(fixed) < 0.8 * _word_count(source):
        return source
    return fixed


def _word_count(text: str) -> int:
    return sum(1 for t in tokens(text) if any(c.isalnum() for c in t.text))


def _answer_paragraph(answer: str, source: str) -> str:
    """The first paragraph of an answer that is not a preamble ("Sure! Here is …:")."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", answer.strip()) if p.strip()]
    for paragraph in paragraphs:
        lines = [ln.strip() for ln in paragraph.splitlines() if ln.strip()]
        while lines and (lines[0].endswith(":") or (_PREAMBLE.match(lines[0]) and len(lines) > 1)):
            lines.pop(0)
        if lines:
            text = " ".join(ln.lstrip("-*• ").strip() for ln in lines)
            return " ".join(_strip_wrapping(text, source).split())
    return ""


def _distinct(
    results: Sequence[Any], source: str, style: str, bound: int, tokenizer: ChatTokenizer
) -> list[str]:
    seen = {source.casefold()}
    out = []
    limit = len(source.split())
    for res in results:
        for ids in res.sequences_ids:
            if len(ids) >= bound:
                continue  # cut off: not a whole answer
            text = _answer_paragraph(tokenizer.decode(ids), source)
            if not text or text.casefold() in seen or _PREAMBLE.match(text):
                continue
            if style == "concise" and len(text.split()) >= limit:
                continue
            seen.add(text.casefold())
            out.append(text)
    return out


def _clean_summary(answer: str, max_words: int) -> str:
    text = _answer_paragraph(answer, "")
    words = text.split()
    if len(words) <= max_words:
        return text
    clipped = " ".join(words[:max_words])
    end = max(clipped.rfind(". "), clipped.rfind("! "), clipped.rfind("? "))
    if clipped.endswith((".", "!", "?")):
        return clipped
    return clipped[: end + 1] if end > 0 else clipped + "…"
