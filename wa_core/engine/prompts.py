"""Prompt templates shared by the runtime and ``training/``.

Training renders examples with exactly these functions, so the fine-tuned adapter
sees at serving time what it saw in training. Bump ``PROMPT_VERSION`` whenever a
template changes: the result cache and the model manifest are keyed by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PROMPT_VERSION = "1"

STYLES = ("concise", "formal", "paraphrase", "simplify", "fluent")
TASKS = ("correct", "summarize", *(f"rewrite-{s}" for s in STYLES))

SYSTEM = "You are wa, a careful writing assistant. Answer with the edited text only."

_INSTRUCTIONS = {
    "correct": (
        "Fix the grammar and spelling of this sentence. If it is already correct, repeat it unchanged."
    ),
    "rewrite-concise": "Rewrite this text to be more concise, keeping its meaning.",
    "rewrite-formal": "Rewrite this text in a formal register.",
    "rewrite-paraphrase": "Paraphrase this text.",
    "rewrite-simplify": "Rewrite this text in simpler words.",
    "rewrite-fluent": "Rewrite this text to read more fluently.",
}

# SmolLM2's chat format (ChatML); the template string stands in for transformers'
# apply_chat_template so serving needs only `tokenizers`.
IM_START = "<|im_start|>"
IM_END = "<|im_end|>"
EOS = IM_END


@dataclass(frozen=True, slots=True)
class Prompt:
    task: str
    text: str  # the rendered prompt, ending where the answer begins
    # Where the user's input begins in ``text``: everything before it (system turn, worked
    # examples, instruction) is the same for every input of the task, so a runtime can compute
    # its state once. 0 when unknown.
    input_start: int = 0

    def with_answer(self, answer: str) -> str:
        """The full training sequence: prompt, answer and the end-of-turn marker."""
        return f"{self.text}{answer}{IM_END}\n"


# Worked examples for a model that was never fine-tuned on the task (the base instruct
# model): shown as earlier turns, they teach the answer format. A fine-tuned model is
# prompted zero-shot, exactly as it was trained.
CORRECT_EXAMPLES: tuple[tuple[str, str], ...] = (
    (
        "I think that the students should to learn more about there culture.",
        "I think that the students should learn more about their culture.",
    ),
    (
        "The weather was nice, so we went to the beach.",
        "The weather was nice, so we went to the beach.",
    ),
    (
        "She have many freinds in her new school and she is very happy.",
        "She has many friends in her new school and she is very happy.",
    ),
)


_ANSWER_TURN = f"{IM_END}\n{IM_START}assistant\n"


def _chat(user: str, examples: Sequence[tuple[str, str]] = ()) -> str:
    turns = "".join(
        f"{IM_START}user\n{question}{IM_END}\n{IM_START}assistant\n{answer}{IM_END}\n"
        for question, answer in examples
    )
    return f"{IM_START}system\n{SYSTEM}{IM_END}\n{turns}{IM_START}user\n{user}{_ANSWER_TURN}"


def _prompt(task: str, header: str, text: str, examples: Sequence[tuple[str, str]] = ()) -> Prompt:
    """The chat prompt whose last user turn is ``header``, a blank line and ``text``."""
    rendered = _chat(f"{header}\n\n{text}", examples)
    return Prompt(task, rendered, len(rendered) - len(_ANSWER_TURN) - len(text))


def instruction(task: str) -> str:
    if task not in _INSTRUCTIONS and task != "summarize":
        raise ValueError(f"unknown task {task!r} (valid: {', '.join(TASKS)})")
    return _INSTRUCTIONS.get(task, "")


def correct(sentence: str, *, examples: Sequence[tuple[str, str]] = ()) -> Prompt:
    """The correction prompt; ``examples`` (source, corrected) pairs make it few-shot."""
    shots = [(f"{_INSTRUCTIONS['correct']}\n\n{src}", fixed) for src, fixed in examples]
    return _prompt("correct", _INSTRUCTIONS["correct"], sentence, shots)


def rewrite(text: str, style: str) -> Prompt:
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r} (valid: {', '.join(STYLES)})")
    task = f"rewrite-{style}"
    return _prompt(task, _INSTRUCTIONS[task], text)


def summarize(text: str, max_words: int = 60) -> Prompt:
    return _prompt("summarize", f"Summarize this text in at most {max_words} words.", text)
