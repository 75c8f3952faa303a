"""The engine end to end on the tiny random model: answers are random, but bounded and well formed."""

from __future__ import annotations

import math
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import ctranslate2
import numpy as np
import pytest

from wa_core.engine import prompts
from wa_core.engine.cache import ResultCache
from wa_core.engine.model import (
    Correction,
    Engine,
    Limits,
    _clean_answer,
    resolve_compute_type,
    resolve_device,
)
from wa_core.spelling import frequencies, lexicon

AWKWARD = [
    "She go to school every days.",
    "",
    "   ",
    "x" * 5000,  # a "sentence" far past the token limit
    "Ünïcödé, 日本語の文です, and an emoji 🎉 here.",
    "Control\x00 characters\x07 and\ttabs\x1b[0m inside.",
    "word " * 100,
]


class Spy:
    """Wraps the CTranslate2 generator and checks every call's bounds."""

    def __init__(self, generator: Any) -> None:
        self.generator = generator
        self.calls: list[dict[str, Any]] = []  # generate_batch options
        self.prompts: list[list[list[str]]] = []  # generate_batch prompts (their dynamic part)
        self.forwards: list[list[int]] = []  # the sequences forward passes read

    def generate_batch(self, tokens: list[list[str]], **options: Any) -> Any:
        self.calls.append(options)
        self.prompts.append(tokens)
        results = self.generator.generate_batch(tokens, **options)
        for res in results:
            done = res.result() if options.get("asynchronous") else res
            for ids in done.sequences_ids:
                assert len(ids) <= options["max_length"]
        return results

    def forward_batch(self, ids: list[list[int]], **options: Any) -> Any:
        self.forwards.extend(ids)
        return self.generator.forward_batch(ids, **options)


@pytest.fixture(scope="module")
def engine(tiny_model_dir: Path) -> Engine:
    return Engine(tiny_model_dir, device="cpu", cpu_threads=1)


@pytest.fixture
def spy(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Spy:
    spy = Spy(engine._generator)
    monkeypatch.setattr(engine, "_generator", spy)
    return spy


def test_loads_with_the_manifest(engine: Engine) -> None:
    assert engine.device == "cpu"
    assert engine.compute_type == "int8"
    assert engine.manifest is not None and not engine.manifest.tuned
    assert engine.few_shot  # an untuned model gets worked examples
    assert engine.model_id.endswith("/int8")


def test_correct_is_bounded_and_well_formed(engine: Engine, spy: Spy) -> None:
    out = engine.correct(AWKWARD)
    assert [c.source for c in out] == AWKWARD
    assert all(isinstance(c, Correction) and isinstance(c.text, str) for c in out)
    assert all("\n" not in c.text for c in out)
    for i in (1, 2, 3):  # empty, blank and oversized inputs never reach the model
        assert out[i].text == AWKWARD[i] and not out[i].changed
    assert spy.forwards  # drafting read every other sentence
    assert all(c["max_length"] <= engine.limits.max_output_tokens for c in spy.calls)
    assert all(c["include_prompt_in_result"] is False and c["beam_size"] == 1 for c in spy.calls)


def test_correct_margin_keeps_the_source_unless_the_correction_wins(engine: Engine) -> None:
    strict = engine.correct(AWKWARD, margin=1e9)
    assert all(not c.changed for c in strict)
    assert all(c.margin is None or c.margin < 1e9 for c in strict)


def test_correct_bounds_each_answer_by_its_sentence(engine: Engine, spy: Spy) -> None:
    short, long = "Short one.", "A much longer sentence " * 6 + "."
    engine.correct([short, long], margin=None)
    for sentence in (short, long):
        prompt = engine._correct_prompt_ids(sentence)
        bound = engine._bound(engine._tokenizer.count(sentence), 1.5)
        reads = [ids for ids in spy.forwards if ids[: len(prompt)] == prompt]
        assert reads and all(
            len(ids) - len(prompt) <= max(bound, engine._tokenizer.count(sentence)) for ids in reads
        )
    assert engine._bound(engine._tokenizer.count(short), 1.5) < engine._bound(
        engine._tokenizer.count(long), 1.5
    )
    assert all(c["max_length"] <= engine._bound(engine._tokenizer.count(long), 1.5) for c in spy.calls)


def test_correct_gives_the_same_answers_on_parallel_workers(tiny_model_dir: Path) -> None:
    sentences = [f"the {w} sat on teh mat and it were happy" for w in ("cat", "dog", "bird", "fox", "cow")]
    one = Engine(tiny_model_dir, device="cpu", cpu_threads=1, num_workers=1)
    two = Engine(tiny_model_dir, device="cpu", cpu_threads=1, num_workers=2)
    assert two.correct(sentences) == one.correct(sentences)


def test_drafting_finds_the_answer_plain_generation_finds(tiny_model_dir: Path) -> None:
    """The tiny model rewrites everything: drafting gives up and generation finishes the answer."""
    engine = Engine(tiny_model_dir, device="cpu", compute_type="float32", cpu_threads=1, few_shot=False)
    for sentence in ("She go to school every days.", "The cat sleep in the sun."):
        static, dynamic = engine._correct_prompt(sentence)
        bound = engine._bound(engine._tokenizer.count(sentence), 1.5)
        (plain,) = engine._generate(
            [(static, dynamic)],
            max_length=bound,
            include_prompt_in_result=False,
            end_token=list(engine._stops),
        )
        drafted = engine._decode_correction(sentence, engine._tokenizer.ids(sentence), bound)
        assert list(drafted.ids) == plain.sequences_ids[0]


def test_a_forward_pass_returns_only_the_rows_asked_for_as_log_probabilities(engine: Engine) -> None:
    ids = engine._correct_prompt_ids("The cat sit on the mat.")
    start = len(ids) - 5
    rows = engine._forward(ids, start)
    vocab = engine._tokenizer._tokenizer.get_vocab_size()
    assert rows.shape[0] == 5 and rows.shape[1] >= vocab
    assert rows.base is None  # a copy: the pass's rows for the whole prompt are already freed
    assert np.allclose(np.exp(rows.astype(np.float64)).sum(axis=1), 1.0, atol=1e-3)


def test_word_ids_are_the_single_tokens_that_spell_the_words(engine: Engine) -> None:
    tokenizer = engine._tokenizer
    ids = tokenizer.word_ids(["the", "to"])
    assert ids, "the tiny tokenizer has these words"
    spellings = {"the", "The", "to", "To", "Ġthe", "ĠThe", "Ġto", "ĠTo"}
    assert set(tokenizer.to_tokens(sorted(ids))) <= spellings
    assert set(tokenizer.to_ids(["Ġto", "Ġthe"])) <= ids <= set(tokenizer.ids("The the to The"))
    assert not tokenizer.word_ids(["zzzzqqq"])  # a word of several tokens has no single id


def test_correct_restores_outer_whitespace(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_correct_uncached", lambda s, *_: {x: ("Fixed.", 2.0) for x in s})
    (c,) = engine.correct(["  broken .\n"])
    assert c.text == "  Fixed.\n" and c.changed and c.margin == 2.0


def test_rewrite(engine: Engine, spy: Spy) -> None:
    text = "The quick brown fox jumps over the lazy dog while the cat sleeps in the sun."
    out = engine.rewrite(text, "paraphrase", n=3)
    assert len(out) <= 3
    assert len({o.casefold() for o in out}) == len(out)
    assert text.casefold() not in {o.casefold() for o in out}
    assert all("\n" not in o for o in out)
    assert engine.rewrite("", "concise") == []
    assert all(c["max_length"] <= engine.limits.max_output_tokens for c in spy.calls)


@pytest.mark.parametrize(
    ("style", "text", "first"),
    [
        (
            "concise",
            "It is important to note that the tool is able to parse files in order to index them.",
            "The tool can parse files to index them.",
        ),
        (
            "formal",
            "We don't know why the tool can't parse files.",
            "We do not know why the tool cannot parse files.",
        ),
    ],
)
def test_a_rewrite_starts_from_the_changes_its_style_always_makes(
    engine: Engine, spy: Spy, style: str, text: str, first: str
) -> None:
    out = engine.rewrite(text, style, n=2)
    assert out[0] == first  # whatever the (random) model says
    assert len(out) <= 2
    (prompt,) = spy.prompts[0]
    assert first in "".join(prompt).replace("Ġ", " ")  # the model rewrites that text


def test_rewrite_rejects_unknown_style_listing_the_valid_ones(engine: Engine) -> None:
    with pytest.raises(ValueError, match="valid: concise, formal"):
        engine.rewrite("Some text.", "poetic")


def test_rewrite_refuses_text_past_the_limit(tiny_model_dir: Path) -> None:
    small = Engine(tiny_model_dir, device="cpu", limits=Limits(max_rewrite_tokens=10))
    with pytest.raises(ValueError, match="too long"):
        small.rewrite("word " * 50, "concise")


def test_summarize_is_bounded(engine: Engine, spy: Spy) -> None:
    long_text = "She goes to school every day. The results were surprising.\n\n" * 150
    small = Engine(engine.model_path, device="cpu", limits=Limits(chunk_tokens=200))
    small._generator = spy  # type: ignore[assignment]
    summary = small.summarize(long_text, max_words=20)
    assert isinstance(summary, str)
    assert len(summary.split()) <= 20
    assert len(spy.calls) >= 2  # chunks first, then the summaries of the chunks
    assert engine.summarize("  \n ") == ""


def test_long_text_is_summarised_a_chunk_at_a_time_greedily_then_as_a_whole_with_beams(
    engine: Engine, spy: Spy
) -> None:
    long_text = "She goes to school every day. The results were surprising.\n\n" * 40
    small = Engine(engine.model_path, device="cpu", limits=Limits(chunk_tokens=200))
    small._generator = spy  # type: ignore[assignment]
    small.summarize(long_text, max_words=20)
    *chunks, final = spy.calls
    assert chunks and all(c["beam_size"] == 1 and c["max_batch_size"] == 1 for c in chunks)
    assert final["beam_size"] == Limits().summary_beams


def test_summarize_refuses_text_past_the_limit(tiny_model_dir: Path) -> None:
    small = Engine(tiny_model_dir, device="cpu", limits=Limits(max_summary_tokens=50))
    with pytest.raises(ValueError, match=r"too long to summarize \(\d+ tokens, at most 50\)"):
        small.summarize("She goes to school every day. " * 20)


def test_summaries_use_beam_search_unless_asked_for_greedy(engine: Engine, spy: Spy) -> None:
    text = "She goes to school every day. The results were surprising."
    engine.summarize(text, max_words=10)
    engine.summarize(text, max_words=10, beams=1)
    assert [call["beam_size"] for call in spy.calls] == [Limits().summary_beams, 1]
    assert Limits().summary_beams > 1
    with pytest.raises(ValueError, match="beams must be at least 1"):
        engine.summarize(text, beams=0)


def test_cached_summaries_are_kept_apart_by_beam_width(tiny_model_dir: Path, tmp_path: Path) -> None:
    engine = Engine(tiny_model_dir, device="cpu", cache=ResultCache(tmp_path / "results.sqlite3"))
    spy = Spy(engine._generator)
    engine._generator = spy  # type: ignore[assignment]
    text = "She goes to school every day. The results were surprising."
    engine.summarize(text, max_words=10)
    engine.summarize(text, max_words=10)  # from the cache
    engine.summarize(text, max_words=10, beams=1)  # another answer: not from the cache
    assert [call["beam_size"] for call in spy.calls] == [Limits().summary_beams, 1]


def test_cache_answers_repeated_sentences(tiny_model_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    first = Engine(tiny_model_dir, device="cpu", cache=cache)
    sentences = ["She go to school every days.", "The cat sleep in the sun."]
    before = first.correct(sentences)
    second = Engine(tiny_model_dir, device="cpu", cache=cache)
    spy = Spy(second._generator)
    second._generator = spy  # type: ignore[assignment]
    assert second.correct(sentences) == before
    assert spy.calls == spy.forwards == []  # every sentence came from the cache
    second.correct([*sentences, "A new sentence is here."])
    prompt = second._correct_prompt_ids("A new sentence is here.")
    assert spy.forwards and all(ids[: len(prompt)] == prompt for ids in spy.forwards)  # only the new one
    assert cache.stats()[0] == 3


def test_the_usage_look_reads_the_word_frequencies_but_not_codespells_list(engine: Engine) -> None:
    # codespell's list is for unknown words: a cold start on a sentence without one never parses it
    lexicon.cache_clear()
    frequencies.cache_clear()
    engine._usage_look("She walked to the school yesterday.")
    assert frequencies.cache_info().currsize == 1
    assert lexicon.cache_info().currsize == 0


@pytest.mark.parametrize("few_shot", [True, False])
def test_prompt_split_shares_everything_before_the_input(tiny_model_dir: Path, few_shot: bool) -> None:
    engine = Engine(tiny_model_dir, device="cpu", few_shot=few_shot)
    examples = prompts.CORRECT_EXAMPLES if few_shot else ()
    statics = []
    for sentence in ("A sentence.", "another one", " leading space", "\n\nblank lines", "é 😀 ünïcode", "x"):
        static, dynamic = engine._correct_prompt(sentence)
        # exactly the tokens training saw for the whole prompt
        assert static + dynamic == engine._tokenizer.tokens(prompts.correct(sentence, examples=examples).text)
        statics.append(static)
    assert all(s is statics[0] for s in statics)  # one static part, computed once
    # the instruction is in the static part: an input costs only its own tokens and the turn's end
    assert "".join(statics[0]).endswith(engine._tokenizer.tokens("unchanged.")[-1])
    dynamic = engine._correct_prompt("A sentence.")[1]
    assert len(dynamic) <= len(engine._tokenizer.tokens("\n\nA sentence.<|im_end|>\n<|im_start|>assistant\n"))


def test_device_and_compute_type_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") in ("cpu", "cuda")
    with pytest.raises(ValueError, match="valid: auto, cpu, cuda"):
        resolve_device("tpu")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 0)  # no GPU, or one too old
    assert resolve_device("auto") == "cpu"
    with pytest.raises(ValueError, match=r"sees no CUDA device.*use 'cpu'"):
        resolve_device("cuda")
    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    assert resolve_device("auto") == resolve_device("cuda") == "cuda"
    assert resolve_compute_type("cpu", "default") == "int8"
    with pytest.raises(ValueError, match="not supported on cpu"):
        resolve_compute_type("cpu", "bogus")


class Scripted:
    """A generator whose greedy answer to any prompt is a fixed text."""

    def __init__(self, engine: Engine, answer: str) -> None:
        tokenizer = engine._tokenizer
        self.ids = tokenizer.ids(answer)
        self.turn = tokenizer.ids(f"{prompts.IM_START}assistant\n")
        self.vocab = tokenizer._tokenizer.get_vocab_size()
        self.end = tokenizer.end_id
        self.to_ids = engine._tokenizer.to_ids

    def generate_batch(self, tokens: list[list[str]], **options: Any) -> Any:
        (start,) = (self.to_ids(t) for t in tokens)
        done = SimpleNamespace(sequences_ids=[self.ids[len(start) - self.answer_start(start) :]])
        return [SimpleNamespace(result=lambda: done)] if options.get("asynchronous") else [done]

    def answer_start(self, ids: list[int]) -> int:
        n = len(self.turn)
        return max(k + n for k in range(len(ids) - n + 1) if ids[k : k + n] == self.turn)

    def forward_batch(self, batch: list[list[int]], **options: Any) -> Any:
        (ids,) = batch
        start = self.answer_start(ids)
        rows = np.zeros((1, len(ids), self.vocab), dtype=np.float32)
        for i in range(start - 1, len(ids)):
            done = i + 1 - start
            rows[0, i, self.ids[done] if done < len(self.ids) else self.end] = 10.0
        if options.get("return_log_probs"):
            rows -= np.log(np.exp(rows).sum(axis=2, keepdims=True))
        return rows


def test_max_change_keeps_sentences_the_model_rewrote(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = "The cat sat on the mat today."
    monkeypatch.setattr(engine, "_generator", Scripted(engine, "A dog was lying on a rug today."))
    assert engine.correct([source], margin=None, max_change=0.5)[0].text == source
    assert engine.correct([source], margin=None, max_change=None)[0].text == "A dog was lying on a rug today."


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("She goes to school every day.", "She goes to school every day."),
        ("Corrected: She goes to school every day.", "She goes to school every day."),
        ('"She goes to school every day."', "She goes to school every day."),
        ("She goes to school.", "She go to school every days."),  # truncated: not a correction
        ("Here is the corrected sentence:", "She go to school every days."),
        ("", "She go to school every days."),
        ("She goes " * 40, "She go to school every days."),
    ],
)
def test_clean_answer(answer: str, expected: str) -> None:
    assert _clean_answer("She go to school every days.", answer) == expected


def test_score_is_the_answers_log_probability_after_the_correction_prompt(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked against CTranslate2's own ``score_batch`` on the float32 model."""
    engine = Engine(tiny_model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    monkeypatch.setattr(engine, "_stops", (engine._tokenizer.end_id,))  # one end token, as score_batch reads
    source = "She go to school every days."
    answers = ["She goes to school every day.", source, "Something else entirely."]
    prompt = engine._tokenizer.to_tokens(engine._correct_prompt_ids(source))
    for answer, got in zip(answers, engine.score([(source, a) for a in answers]), strict=True):
        tokens = [*prompt, *engine._tokenizer.tokens(answer), prompts.IM_END]
        (reference,) = engine._generator.score_batch([tokens])
        expected = sum(reference.log_probs[len(prompt) - 1 :])
        assert got == pytest.approx(expected, abs=1e-3)


def test_score_of_a_source_past_the_limit_is_minus_infinity(tiny_model_dir: Path) -> None:
    engine = Engine(tiny_model_dir, device="cpu", cpu_threads=1, limits=Limits(max_sentence_tokens=8))
    long = "A sentence that has far more than eight tokens in it."
    assert engine.score([(long, long), ("Short one.", "Short one.")])[0] == -math.inf
    assert engine.score([("Short one.", "Short one.")])[0] < 0


def test_a_sentence_past_the_limit_does_not_fit_and_comes_back_unchanged(tiny_model_dir: Path) -> None:
    engine = Engine(tiny_model_dir, device="cpu", cpu_threads=1, limits=Limits(max_sentence_tokens=8))
    long = "A sentence that has far more than eight tokens in it."
    assert not engine.fits(long) and engine.fits("Short one.")
    (fixed,) = engine.correct([long])
    assert fixed.text == long
    assert engine.fluency([long]) == [-math.inf]  # one limit for correcting, scoring and judging


def test_the_limit_itself_is_read() -> None:
    assert Limits(max_sentence_tokens=8).reads(8) and not Limits(max_sentence_tokens=8).reads(9)


def test_scores_come_from_the_cache_once_computed(tiny_model_dir: Path, tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    pairs = [("We study siences.", "We study sciences."), ("We study siences.", "We study silences.")]
    first = Engine(tiny_model_dir, device="cpu", cache=cache).score(pairs)
    second = Engine(tiny_model_dir, device="cpu", cache=cache)
    spy = Spy(second._generator)
    second._generator = spy  # type: ignore[assignment]
    assert second.score([*pairs, pairs[0]]) == [*first, first[0]]
    assert spy.forwards == []
    second.score([("We study siences.", "We study sciences today.")])
    assert len(spy.forwards) == 1


def test_fluency_is_the_texts_log_probability_as_an_assistant_turn(tiny_model_dir: Path) -> None:
    """The second look's plain reading, checked against CTranslate2's own ``score_batch``."""
    engine = Engine(tiny_model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    texts = ["She goes to school.", "She go to school.", "A", " ".join(["x"] * 30)]
    head = engine._tokenizer.tokens("<|im_start|>assistant\n")
    for text, got in zip(texts, engine._fluency(texts), strict=True):
        (reference,) = engine._generator.score_batch(
            [[*head, *engine._tokenizer.tokens(text), prompts.IM_END]]
        )
        assert got == pytest.approx(sum(reference.log_probs[len(head) - 1 :]), abs=1e-3)


def test_public_fluency_reads_through_the_cache_and_not_past_the_limit(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    engine = Engine(tiny_model_dir, device="cpu", cache=cache, limits=Limits(max_sentence_tokens=8))
    long = "A sentence that has far more than eight tokens in it."
    texts = ["She goes to school.", long]
    first = engine.fluency(texts)
    assert first[0] == pytest.approx(engine._fluency(texts[:1])[0], abs=1e-4)
    assert first[1] == -math.inf
    second = Engine(tiny_model_dir, device="cpu", cache=cache, limits=Limits(max_sentence_tokens=8))
    spy = Spy(second._generator)
    second._generator = spy  # type: ignore[assignment]
    assert second.fluency(texts) == first
    assert spy.forwards == []


def test_the_screen_compares_the_first_tokens_that_differ_after_the_same_words(tiny_model_dir: Path) -> None:
    from wa_core.engine.confusions import Variant

    engine = Engine(tiny_model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    sentence = "The wizard, which ask for a name, was here."
    ask, was = sentence.index(" ask ") + 1, sentence.index(" was ") + 1
    swaps = [Variant(ask, ask + 3, "asks"), Variant(was, was + 3, "were")]
    head = engine._tokenizer.tokens("<|im_start|>assistant\n")

    def log_probs(text: str) -> tuple[list[str], list[float]]:
        tokens = [*head, *engine._tokenizer.tokens(text), prompts.IM_END]
        (scored,) = engine._generator.score_batch([tokens])
        return tokens, list(scored.log_probs)  # log_probs[j]: token j + 1 after the tokens before it

    source, source_lp = log_probs(sentence)
    for swap, got in zip(swaps, engine._screen(sentence, swaps), strict=True):
        tokens, lp = log_probs(swap.apply(sentence))
        at = next(k for k, (a, b) in enumerate(zip(source, tokens, strict=False)) if a != b)
        assert got == pytest.approx(lp[at - 1] - source_lp[at - 1], abs=1e-3)


def test_the_fluency_judge_reuses_the_sieves_reading_of_the_sentence(tiny_model_dir: Path) -> None:
    from wa_core.engine.confusions import Variant

    engine = Engine(tiny_model_dir, device="cpu", compute_type="float32", cpu_threads=1)
    sentence = "The wizard, which ask for a name, was here."
    swap = Variant(sentence.index(" ask ") + 1, sentence.index(" ask ") + 4, "asks")
    fresh = engine._fluency([sentence, swap.apply(sentence)])
    spy = Spy(engine._generator)
    engine._generator = spy  # type: ignore[assignment]
    engine._screen(sentence, [swap])
    assert engine._fluency([sentence, swap.apply(sentence)]) == pytest.approx(fresh, abs=1e-4)
    assert spy.forwards == [engine._plain_ids(sentence), engine._plain_ids(swap.apply(sentence))]


def test_the_second_look_is_cached_apart_and_judges_only_its_swaps(
    tiny_model_dir: Path, tmp_path: Path
) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    sentences = ["The wizard, which ask for a name, was here.", "Nothing to swap here at all."]
    Engine(tiny_model_dir, device="cpu", cache=cache).correct(sentences)
    engine = Engine(tiny_model_dir, device="cpu", cache=cache)
    spy = Spy(engine._generator)
    engine._generator = spy  # type: ignore[assignment]
    engine.correct(sentences)
    assert spy.forwards == []  # from the cache
    looked = engine.correct(sentences, confusions=True)  # another answer: not from the cache
    assert spy.forwards
    assert looked[1].text == sentences[1]  # no word of it is in a confusion set
    assert cache.stats()[0] == 4


def test_a_second_look_alone_reads_the_sentences_as_written_and_is_cached(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    engine = Engine(tiny_model_dir, device="cpu", cache=cache)
    looked: list[str] = []

    def second_look(sentence: str) -> str:  # the judges' verdict, scripted
        looked.append(sentence)
        return sentence.replace("ask", "asks")

    monkeypatch.setattr(engine, "_second_look", second_look)
    sentences = ["  The wizard, which ask for a name, was here.\n", "Nothing to swap here at all."]
    expected = ["  The wizard, which asks for a name, was here.\n", "Nothing to swap here at all."]
    assert engine.second_look(sentences) == expected  # outer space kept
    assert looked == [s.strip() for s in sentences]
    assert engine.second_look(sentences) == expected  # from the cache
    assert len(looked) == 2


def test_the_usage_look_follows_the_second_look_and_is_cached_apart(
    tiny_model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResultCache(tmp_path / "results.sqlite3")
    engine = Engine(tiny_model_dir, device="cpu", cache=cache)
    order: list[str] = []
    leniency: list[bool] = []

    def second_look(sentence: str) -> str:  # the judges' verdicts, scripted
        order.append("agreement")
        return sentence.replace("ask ", "asks ")

    def usage_look(sentence: str, *, corrected: bool = False) -> str:
        order.append("usage")
        leniency.append(corrected)
        return sentence.replace("easy to me", "easy for me")

    monkeypatch.setattr(engine, "_second_look", second_look)
    monkeypatch.setattr(engine, "_usage_look", usage_look)
    sentence = "The wizard, which ask for a name, was easy to me."
    plain = engine.correct([sentence], margin=1e9)[0].text  # no look asked for
    assert order == [] and plain == sentence
    (looked,) = engine.correct([sentence], margin=1e9, confusions=True, usage=True)
    assert order == ["agreement", "usage"]
    assert looked.text == "The wizard, which asks for a name, was easy for me."
    (usage_only,) = engine.correct([sentence], margin=1e9, usage=True)  # another answer: not cached
    assert order == ["agreement", "usage", "usage"]
    assert usage_only.text == "The wizard, which ask for a name, was easy for me."
    assert engine.correct([sentence], margin=1e9, usage=True)[0].text == usage_only.text
    assert len(order) == 3  # from the cache
    # another margin is another cache key, but the looks at a sentence they have read are kept
    assert engine.correct([sentence], margin=1e8, usage=True)[0].text == usage_only.text
    assert len(order) == 3
    # the usage look is more lenient where the second look (or the model) changed the sentence
    assert leniency == [True, False]


def test_the_usage_look_is_lenient_exactly_where_the_sentence_is_no_longer_its_source(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(tiny_model_dir, device="cpu")
    leniency: list[bool] = []

    def usage_look(sentence: str, *, corrected: bool = False) -> str:
        leniency.append(corrected)
        return sentence

    # the model wrote "there", the second look put "their" back: one source is unchanged, the other not
    monkeypatch.setattr(engine, "_second_look", lambda s: s.replace("there car", "their car"))
    monkeypatch.setattr(engine, "_usage_look", usage_look)
    assert engine._looks("They sold there car.", True, True, "They sold their car.") == "They sold their car."
    assert engine._looks("They sold there car.", True, True, "They sold they car.") == "They sold their car."
    assert leniency == [False, True]
    engine._looks("They sold there car.", True, True, "They sold they car.")
    assert leniency == [False, True]  # each verdict kept
    # what the lenient look left as it was, the usual one leaves too: the second pass reads it again
    assert engine._looks("We sold it.", True, True, "We sell it.") == "We sold it."
    assert engine._looks("We sold it.", True, True, "We sold it.") == "We sold it."
    assert leniency == [False, True, True]
