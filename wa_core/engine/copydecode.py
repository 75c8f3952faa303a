"""Greedy decoding that drafts with the input: one forward pass checks a whole copied span.

A correction is mostly a copy of its input. Generating it token by token costs one
decoder step per token (about 22 ms for SmolLM2-135M on one CPU core), while a forward
pass over the prompt, the answer so far and the rest of the input as a guess checks
every guessed token at once for the price of about five steps. This is speculative
decoding with the input as the draft model, as in prompt lookup decoding:

1. Forward ``prompt + accepted + draft``, where the draft is the input from the point
   the answer has reached in it. Each row's argmax is what greedy decoding would pick
   after that prefix.
2. Accept the draft while it agrees with the argmax; where it does not, the argmax is the
   model's edit, and it is accepted too.
3. Find where the answer is in the input again (the longest tail of the answer found
   in the input nearest to where the edit was) and draft from there.

The answer is the greedy answer, whatever the drafts: a wrong draft costs a pass, never
a token. One more thing comes for free: the first pass scores the input as the answer,
and the accepted rows score the correction, so the margin between them needs no pass
of its own. A sentence the model rewrites far from its input would need many passes;
once drafting accepts too few tokens per pass the caller finishes it with ordinary
generation (a pass costs about three decoder steps).

Everything here is ids and numpy rows, with the model behind one ``forward`` callable,
so it is tested against scripted models as well as the real one.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# (ids, start) -> log-probabilities of the positions from ``start`` on: row j is the
# distribution of token start + j + 1. Only these rows are kept, in an array of their own:
# a pass's full output (a row of the whole vocabulary for every prompt token too) is the
# largest buffer decoding allocates, and it is freed before the next pass.
Forward: TypeAlias = "Callable[[list[int], int], npt.NDArray[np.float32]]"


# The short words corrections most often insert (articles, prepositions, auxiliaries: the
# ones the training data drops, see training/data/corrupt.py). A draft guesses that such
# a word written before a word of another kind was inserted rather than substituted.
INSERTED_WORDS = (
    "a", "an", "the", "to", "of", "in", "on", "at", "for", "with", "by", "from", "about", "into",
    "is", "are", "was", "were", "be", "that", "it", "and", "have", "has", "will", "can", "we",
    "they", "this",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decoded:
    """Where decoding of one answer got to."""

    ids: tuple[int, ...]  # the answer's tokens so far, without the end token
    finished: bool  # the model ended the answer (a stop token was the argmax)
    logprob: float  # log P(ids, and the end when finished | prompt)
    source_logprob: float  # log P(source, then the end | prompt)
    passes: int


def end_logprob(row: npt.NDArray[np.float32], stops: Sequence[int]) -> float:
    """log P(the answer ends here): any stop token ends it, so their probabilities add up."""
    import numpy as np  # here, not at import: a cache hit never needs it (60 ms)

    ends = row[list(stops)]
    top = float(ends.max())
    return top + float(np.log(np.exp(ends - top).sum()))


def realign(
    source: Sequence[int],
    answer: Sequence[int],
    at: int,
    *,
    word_start: Callable[[int], bool] | None = None,
    inserted: Collection[int] = (),
    longest: int = 4,
) -> int:
    """Where in ``source`` the answer continues, after the model's edit at ``source[at]``.

    The longest tail of the answer (up to ``longest`` tokens) that occurs in the source,
    the occurrence ending nearest to the edit. When no tail occurs, the edit is a guess
    between an insertion and a substitution. A word from ``inserted`` (the short words
    writers leave out: "to", "the", "of") written before a word not among them was
    inserted: the source word comes next. Otherwise the edit replaced what was at
    ``source[at]``: the token, or with ``word_start`` (does this token begin a word?) the
    whole word when both the edit and the source token begin one ("2" and "two" are
    words of one and two tokens).
    """
    for n in range(min(longest, len(answer)), 0, -1):
        tail = list(answer[-n:])
        ends = [r + n for r in range(len(source) - n + 1) if list(source[r : r + n]) == tail]
        if ends:
            return min(ends, key=lambda end: (abs(end - (at + 1)), end))
    k = at + 1
    if at >= len(source) or not answer:
        return k
    starts = word_start or (lambda token: True)
    whole_words = starts(answer[-1]) and starts(source[at])
    if whole_words and answer[-1] in inserted and source[at] not in inserted:
        return at
    if whole_words and word_start is not None:
        while k < len(source) and not word_start(source[k]):
            k += 1
    return k


def decode(
    forward: Forward,
    prompt: Sequence[int],
    source: Sequence[int],
    *,
    stops: Collection[int],
    bound: int,
    free_passes: int,
    min_rate: float = 3.0,
    word_start: Callable[[int], bool] | None = None,
    inserted: Collection[int] = (),
) -> Decoded:
    """The greedy answer to ``prompt``, drafted from ``source``, or as much of it as pays.

    ``bound`` caps the answer's length: an answer that reaches it is left unfinished,
    as ``generate_batch`` would cut it at ``max_length``. Beyond ``free_passes``,
    drafting goes on only while the passes have accepted at least ``min_rate`` tokens
    each; an answer that far from its source is left unfinished, for generation to
    finish (each pass adds a token, so this ends). ``word_start`` and ``inserted`` help
    drafts find their place again (see ``realign``).
    """
    import numpy as np

    stop_list = sorted(set(stops))
    stop_set = set(stop_list)
    answer: list[int] = []
    logprob = 0.0
    source_logprob = 0.0
    draft = list(source)
    origin: list[int] = list(range(len(source)))  # the source position each draft token stands for
    edits: dict[int, int] = {}  # source position -> the token the model wants there, not yet confirmed
    passes = 0
    while passes < free_passes or len(answer) >= min_rate * passes:
        passes += 1
        base = len(prompt) + len(answer) - 1  # the row that predicts the answer's next token
        rows = np.asarray(forward([*prompt, *answer, *draft], base), dtype=np.float32)
        if passes == 1:
            source_logprob = _logprob(rows, draft, stop_list)
        best = rows.argmax(axis=1).tolist()
        for i, token in enumerate(best):
            if token in stop_set:
                logprob += end_logprob(rows[i], stop_list)
                return Decoded(tuple(answer), True, logprob, source_logprob, passes)
            answer.append(token)
            logprob += float(rows[i, token])
            if len(answer) >= bound:
                return Decoded(tuple(answer), False, logprob, source_logprob, passes)
            if i == len(draft) or token != draft[i]:
                at = origin[i] if i < len(draft) else len(source)
                edits = _edits_ahead(source, draft, origin, best, mismatch=i, edits=edits, stops=stop_set)
                edits = {k: t for k, t in edits.items() if k > at}
                resume = realign(source, answer, at, word_start=word_start, inserted=inserted)
                draft, origin = _next_draft(
                    source, answer, resume, edits, word_start=word_start, inserted=inserted
                )
                break
    return Decoded(tuple(answer), False, logprob, source_logprob, passes)


def _edits_ahead(
    source: Sequence[int],
    draft: Sequence[int],
    origin: Sequence[int],
    best: Sequence[int],
    *,
    mismatch: int,
    edits: dict[int, int],
    stops: set[int],
) -> dict[int, int]:
    """The edits the model wants beyond ``mismatch``, read from the rows of this pass.

    The model read the draft there, not the answer, but edits are mostly independent:
    the next draft carries each one that stands alone (the model copies again right
    after it). A run of disagreements means the model has left the text: nothing is
    guessed there. Edits guessed in earlier passes stay until a row says otherwise.
    """
    out = dict(edits)
    for m in range(mismatch + 1, len(draft)):
        k = origin[m]
        if best[m] == draft[m]:
            continue
        alone = best[m + 1] == draft[m + 1] if m + 1 < len(draft) else best[m + 1] in stops
        if best[m] == source[k] or best[m] in stops or not alone:
            out.pop(k, None)  # the model wants the source back here, or is lost
        else:
            out[k] = best[m]
    return out


def _next_draft(
    source: Sequence[int],
    answer: Sequence[int],
    start: int,
    wanted: dict[int, int],
    *,
    word_start: Callable[[int], bool] | None,
    inserted: Collection[int],
) -> tuple[list[int], list[int]]:
    """The source from ``start`` on, with the edits ``wanted`` at their positions: a short word
    the model wants before a word of another kind goes in before it ("has work" -> "have to
    work"), as ``realign`` takes the first edit; any other replaces what is there."""
    draft: list[int] = []
    origin: list[int] = []
    k = start
    while k < len(source) and len(draft) <= 2 * len(source):
        token = wanted.get(k, source[k])
        draft.append(token)
        origin.append(k)
        if token == source[k]:
            k += 1
            continue
        resume = realign(source, [*answer, *draft], k, word_start=word_start, inserted=inserted)
        if resume == k:  # inserted: the source token comes next, as written
            draft.append(source[k])
            origin.append(k)
            resume = k + 1
        k = max(k + 1, resume)
    return draft, origin


def answer_logprob(
    forward: Forward, prompt: Sequence[int], answer: Sequence[int], stops: Collection[int]
) -> float:
    """log P(answer, then the end | prompt), in one pass."""
    import numpy as np

    rows = np.asarray(forward([*prompt, *answer], len(prompt) - 1), dtype=np.float32)
    return _logprob(rows, answer, sorted(set(stops)))


def _logprob(rows: npt.NDArray[np.float32], tokens: Sequence[int], stops: Sequence[int]) -> float:
    """log P(tokens, then the end), where ``rows[i]`` predicts ``tokens[i]`` and the last row the end."""
    picked = sum(float(rows[i, t]) for i, t in enumerate(tokens))
    return picked + end_logprob(rows[len(tokens)], stops)
