"""Drafting with the input gives exactly the greedy answer, in few passes, with its scores."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np
import pytest

from wa_core.engine.copydecode import Decoded, answer_logprob, decode, realign

VOCAB = 64
END = 0
NEWLINE = 1
STOPS = (END, NEWLINE)
PROMPT = [60, 61, 62]
HIGH = 5.0  # the logit of the token a scripted model picks; every other logit is 0


class Scripted:
    """A model whose greedy answer after ``PROMPT`` is ``target``, then END.

    After a prefix that has left the target (a draft's guess), it picks ``astray(prefix)``.
    """

    def __init__(self, target: Sequence[int], astray: Callable[[list[int]], int] | None = None) -> None:
        self.target = list(target)
        self.astray = astray or (lambda prefix: 2 + sum(prefix) % 7)
        self.passes: list[int] = []

    def next_token(self, answer: list[int]) -> int:
        if answer == self.target[: len(answer)]:
            return self.target[len(answer)] if len(answer) < len(self.target) else END
        return self.astray(answer)

    def __call__(self, ids: list[int], start: int) -> np.ndarray:
        assert ids[: len(PROMPT)] == PROMPT
        assert start >= len(PROMPT) - 1  # decoding never reads the rows inside the prompt
        self.passes.append(len(ids))
        rows = np.zeros((len(ids) - start, VOCAB), dtype=np.float32)
        for i in range(start, len(ids)):
            rows[i - start, self.next_token(ids[len(PROMPT) : i + 1])] = HIGH
        return rows - np.log(np.exp(rows).sum(axis=1, keepdims=True))  # log-probabilities


class Substituting(Scripted):
    """A model that replaces tokens by ``table`` wherever it reads them, whatever came before.

    Edits that do not depend on each other: the next draft can carry them all at once.
    """

    def __init__(self, source: Sequence[int], table: dict[int, int]) -> None:
        super().__init__([table.get(t, t) for t in source])
        self.source = list(source)
        self.table = table

    def next_token(self, answer: list[int]) -> int:
        k = len(answer)  # each answer token stands for one source token
        return self.table.get(self.source[k], self.source[k]) if k < len(self.source) else END


PICKED = HIGH - float(np.log(np.exp(HIGH) + VOCAB - 1))  # log-prob of the picked token
OTHER = -float(np.log(np.exp(HIGH) + VOCAB - 1))  # log-prob of any other token
ENDS_IF_PICKED = float(np.log(np.exp(PICKED) + np.exp(OTHER)))  # END picked, NEWLINE not
ENDS_IF_NOT = float(np.log(2 * np.exp(OTHER)))


def run(
    model: Scripted,
    source: Sequence[int],
    *,
    bound: int = 100,
    free_passes: int = 50,
    min_rate: float = 3.0,
    inserted: Sequence[int] = (),
) -> Decoded:
    return decode(
        model,
        PROMPT,
        list(source),
        stops=STOPS,
        bound=bound,
        free_passes=free_passes,
        min_rate=min_rate,
        inserted=inserted,
    )


SOURCE = [10, 11, 12, 13, 14, 15, 16, 17]


@pytest.mark.parametrize(
    ("target", "most_passes"),
    [
        (SOURCE, 1),  # unchanged: one pass
        ([10, 11, 30, 13, 14, 15, 16, 17], 2),  # one substitution
        ([10, 11, 13, 14, 15, 16, 17], 2),  # one deletion
        ([10, 11, 12, 40, 13, 14, 15, 16, 17], 3),  # an insertion, first taken for a substitution
        ([10, 31, 12, 13, 14, 15, 32, 17], 3),  # two edits, found one after the other
        ([10, 11, 12, 13, 14, 15, 16, 17, 18], 2),  # one more token at the end
        ([10, 11, 12], 1),  # ends early
        ([], 1),  # answers nothing at all
        ([50, 51, 52, 53, 54, 55], 7),  # nothing like the source: about one token per pass
    ],
)
def test_the_answer_is_the_greedy_answer_whatever_the_draft(target: list[int], most_passes: int) -> None:
    model = Scripted(target)
    out = run(model, SOURCE)
    assert out.ids == tuple(target) and out.finished
    assert out.passes == len(model.passes) <= most_passes


def test_independent_edits_are_all_carried_into_the_next_draft() -> None:
    model = Substituting(SOURCE, {11: 31, 14: 34, 16: 36})
    out = run(model, SOURCE)
    assert out.ids == (10, 31, 12, 13, 34, 15, 36, 17) and out.finished
    assert out.passes == 2  # the first pass finds all three edits, the second confirms them


def test_scores_the_answer_and_the_source_with_their_ends() -> None:
    target = [10, 11, 30, 13, 14, 15, 16, 17]
    model = Scripted(target)
    out = run(model, SOURCE)
    assert out.logprob == pytest.approx(len(target) * PICKED + ENDS_IF_PICKED, abs=1e-4)
    # The source follows the target to its third token, then the model is astray (and never
    # picks END there by the scripted rule), so the source's remaining tokens are unlikely.
    assert out.logprob == pytest.approx(answer_logprob(model, PROMPT, target, STOPS), abs=1e-4)
    assert out.source_logprob == pytest.approx(answer_logprob(model, PROMPT, SOURCE, STOPS), abs=1e-4)
    assert out.source_logprob == pytest.approx(2 * PICKED + 6 * OTHER + ENDS_IF_NOT, abs=1e-4)


def test_an_answer_that_reaches_the_bound_is_unfinished() -> None:
    model = Scripted(SOURCE * 3)
    out = run(model, SOURCE, bound=12)
    assert out.ids == tuple((SOURCE * 3)[:12]) and not out.finished


def test_drafting_that_accepts_too_little_stops_with_a_prefix_of_the_greedy_answer() -> None:
    target = [50, 51, 52, 53, 54, 55]  # nothing like the source: one token per pass
    out = run(Scripted(target), SOURCE, free_passes=3, min_rate=3.0)
    assert not out.finished and out.passes == 3
    assert out.ids == tuple(target[: len(out.ids)]) and len(out.ids) >= 3


def test_drafting_goes_on_past_the_free_passes_while_each_pass_accepts_enough() -> None:
    # Four edits far apart: five passes that each accept about two tokens or more.
    target = [10, 31, 12, 33, 14, 35, 16, 37]
    out = run(Scripted(target), SOURCE, free_passes=2, min_rate=1.5)
    assert out.ids == tuple(target) and out.finished and out.passes == 5
    out = run(Scripted(target), SOURCE, free_passes=2, min_rate=3.0)
    assert not out.finished and out.passes == 2  # two tokens a pass is not enough at 3


def test_a_newline_ends_the_answer_like_the_end_token() -> None:
    target = [10, 11, 12]
    model = Scripted(target, astray=lambda prefix: NEWLINE)
    model.target = [*target]
    out = run(model, [10, 11, 12, 13])
    assert out.ids == (10, 11, 12) and out.finished


@pytest.mark.parametrize(
    ("answer", "at", "resume"),
    [
        ([10, 11, 30], 2, 3),  # 12 became 30: go on after it
        ([10, 11, 13], 2, 4),  # 12 was dropped: 13 is found, go on after it
        ([10, 11, 40], 2, 3),  # nothing found: a substitution
        ([10, 11, 12, 40, 13], 3, 4),  # 40 was inserted, 13 follows it in the source too
        ([12, 13], 0, 4),  # the longest tail wins over a nearer single token
    ],
)
def test_realign(answer: list[int], at: int, resume: int) -> None:
    assert realign(SOURCE, answer, at) == resume


def test_realign_prefers_the_occurrence_nearest_the_edit() -> None:
    source = [5, 20, 21, 22, 20, 23, 24]
    assert realign(source, [5, 30, 20], 3) == 5  # the second 20 ends nearer position 4


def test_realign_replaces_a_whole_word_when_the_edit_begins_one() -> None:
    # 12 13 is one word of two tokens (say " 2" as " " and "2"); the model wrote 30 (" two").
    def word_start(token: int) -> bool:
        return token != 13

    assert realign(SOURCE, [10, 11, 30], 2, word_start=word_start) == 4
    assert realign(SOURCE, [10, 11, 30], 2) == 3  # without it, one token was replaced


def test_word_starts_guide_the_draft_past_a_word_of_several_tokens() -> None:
    target = [10, 11, 30, 14, 15, 16, 17]  # 12 13, one word, became 30
    model = Scripted(target)
    out = decode(model, PROMPT, SOURCE, stops=STOPS, bound=100, free_passes=50, word_start=lambda t: t != 13)
    assert out.ids == tuple(target) and out.passes == 2


def test_realign_takes_a_short_word_before_a_word_of_another_kind_for_an_insertion() -> None:
    short = {40, 41}  # say " to" and " the"
    assert realign(SOURCE, [10, 11, 40], 2, inserted=short) == 2  # "has work" -> "has to work"
    assert realign([10, 41, 12], [10, 40], 1, inserted=short) == 2  # " the" -> " to": replaced
    assert realign(SOURCE, [10, 11, 30], 2, inserted=short) == 3  # not a short word: replaced


def test_an_insertion_of_a_short_word_costs_no_extra_pass() -> None:
    target = [10, 11, 12, 40, 13, 14, 15, 16, 17]
    model = Scripted(target)
    out = run(model, SOURCE, inserted=[40])
    assert out.ids == tuple(target) and out.finished
    assert out.passes == 2  # found, then confirmed with the rest (3 passes when taken for a substitution)


class Bigram(Scripted):
    """A model whose next token depends on the last token read alone: its edits are independent,
    insertions among them, so a pass that reads past one edit sees the others."""

    def __init__(self, following: dict[int, int]) -> None:
        super().__init__([])
        self.following = following

    def __call__(self, ids: list[int], start: int) -> np.ndarray:
        self.passes.append(len(ids))
        rows = np.zeros((len(ids) - start, VOCAB), dtype=np.float32)
        for i in range(start, len(ids)):
            rows[i - start, self.following.get(ids[i], END)] = HIGH
        return rows - np.log(np.exp(rows).sum(axis=1, keepdims=True))


def test_a_short_word_inserted_further_on_is_carried_into_the_next_draft_as_an_insertion() -> None:
    # the answer is 10 31 12 13 40 14 15 16 17: "11" replaced, "40" (say " to") put before "14"
    chain = [PROMPT[-1], 10, 31, 12, 13, 40, 14, 15, 16, 17]
    model = Bigram({**dict(itertools.pairwise(chain)), 11: 12})
    out = run(model, SOURCE, inserted=[40])
    assert out.ids == (10, 31, 12, 13, 40, 14, 15, 16, 17) and out.finished
    assert out.passes == 2  # both edits found in the first pass (3 when "40" replaced "14")
