"""``wa correct [FILE|-] [--lines]``: the text with each sentence corrected by the model.

With ``--lines`` every input line is one sentence and yields exactly one output line,
in order, blank lines kept: the shape benchmarks and scripts feed it.

Before the model reads the text, the rule layer's fixes are applied (what ``wa fix``
would change), each the suggestion the model prefers in the sentence, and every word the
dictionary lacks counts, not only the slips of the pen ``wa check`` reports
(``wa_core.ranking.fixed_first``): a small model invents words for misspellings it never
saw ("nocive" → "non-civic"), and a dictionary knows the words but not which one fits.
On JFLEG dev this takes GLEU from 46.9 to 48.6. The model's correction then gets two
looks, each edit judged by the model as plain text and as a correction: at agreement and
confusable words (``--confusions``), and at articles, prepositions, noun number and commas
(``--usage``, ``wa_core/engine/usage.py``). Last, a sentence's opening phrase gets its
comma ("In addition, …") and a lowercase "i" its capital (``wa_core.ranking.fixed_last``).
What a pass changed is corrected again, until nothing changes or ``--passes`` (``model.passes``,
2) have run: the second pass mends what the first left in a sentence it rewrote.
``--no-rules-first`` (or ``model.rules_first = false``) leaves the text to the model alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
from typing import TYPE_CHECKING

from wa_core.cli.main import EXIT_OK
from wa_core.cli.models import add_engine_options, config_for, open_engine, read_input
from wa_core.config import Config
from wa_core.document import Span, apply_suggestions
from wa_core.ranking import corrected, fixed_first, fixed_last, model_corrections, to_fixed_point

if TYPE_CHECKING:
    from wa_core.engine.model import Engine

# Lines per engine call with --lines: big enough to batch well, small enough to stream.
_BLOCK = 256


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "correct",
        help="correct grammar and spelling with the model",
        description="Correct each sentence of FILE (or stdin) with the local model and print the result.",
    )
    parser.add_argument("file", nargs="?", metavar="FILE|-", help="text to correct (default: stdin)")
    parser.add_argument(
        "--lines", action="store_true", help="one sentence per line in, exactly one corrected line out"
    )
    parser.add_argument(
        "--margin",
        type=finite_number,
        help="keep a sentence unless the correction scores this many nats better (default: model.margin)",
    )
    parser.add_argument(
        "--max-change",
        type=finite_number,
        help="drop corrections that change more than this share of a sentence (default: model.max_change)",
    )
    parser.add_argument(
        "--rules-first",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="apply the rules' fixes (as wa fix would, every unknown word included), each the "
        "suggestion the model prefers, before the model, and opening-phrase commas and a capital "
        '"I" after it (default: model.rules_first, on)',
    )
    parser.add_argument(
        "--confusions",
        action=argparse.BooleanOptionalAction,
        default=None,
        help='a second look at agreement and confusable words after the model ("which ask" -> '
        '"which asks", "was" -> "were"), each swap judged by the model twice (default: '
        "model.confusions, on)",
    )
    parser.add_argument(
        "--usage",
        action=argparse.BooleanOptionalAction,
        default=None,
        help='a look at articles, prepositions, noun number and commas after the model ("easy to me" '
        '-> "for me", "at the time of interview" -> "of the interview"), each edit judged by the model '
        "twice (default: model.usage, on)",
    )
    parser.add_argument(
        "--passes",
        type=positive_whole_number,
        metavar="N",
        help="correct the output again, what the last pass changed only, until nothing changes, "
        "at most N passes in all (default: model.passes, 2)",
    )
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = with_options(config_for(args.file), args)
    engine = open_engine(args, config)  # before reading stdin: a missing model fails at once
    text = read_input(args.file)
    out = sys.stdout
    if args.lines:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line
        for i in range(0, len(lines), _BLOCK):
            block = [line.rstrip("\r") for line in lines[i : i + _BLOCK]]
            for line in corrected(block, config, engine):
                out.write(line + "\n")  # never holds a line break: one line in, one out
            out.flush()
        return EXIT_OK
    settled: set[str] = set()
    whole = to_fixed_point(
        [text],
        lambda texts: [corrected_text(t, config, engine, settled) for t in texts],
        config.model.passes,
    )
    out.write(whole[0])
    return EXIT_OK


def corrected_text(text: str, config: Config, engine: Engine, settled: set[str] | None = None) -> str:
    """``text`` (a whole document) through one pass of what ``corrected`` does to a sentence.

    ``settled`` holds the sentences the model has left as they were, and gains this pass's:
    they are not read again (the model's verdict on a sentence never changes), so a second
    pass reads only what the first changed, as with ``--lines``, with the result cache or not.
    """
    from wa_core.sentences import sentence_spans

    settled = set() if settled is None else settled
    rules_first = config.model.rules_first
    if rules_first:
        text = fixed_first([text], config, engine)[0]
    spans: list[Span] = [s for s in sentence_spans(text) if s.of(text) not in settled]
    corrections = model_corrections([s.of(text) for s in spans], config, engine)
    edits = []
    for span, correction in zip(spans, corrections, strict=True):
        if correction.changed:
            edits.append((span, correction.text))
        else:
            settled.add(correction.source)
    text = apply_suggestions(text, edits)
    return fixed_last([text], config)[0] if rules_first else text


def with_options(config: Config, args: argparse.Namespace) -> Config:
    """``config`` with the model settings the command line gives (an option left out keeps the config's)."""
    given = {
        key: value
        for key in ("margin", "max_change", "rules_first", "confusions", "usage", "passes")
        if (value := getattr(args, key)) is not None
    }
    return dataclasses.replace(config, model=dataclasses.replace(config.model, **given))


def positive_whole_number(text: str) -> int:
    """An option's count of 1 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, not {value}")
    return value


def finite_number(text: str) -> float:
    """An option's number; "nan" and "inf" would silently keep or drop every correction."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {text}")
    return value
