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
``--no-rules-first`` (or ``model.rules_first = false``) leaves the text to the model alone.
"""

from __future__ import annotations

import argparse
import math
import sys

from wa_core.cli.main import EXIT_OK
from wa_core.cli.models import add_engine_options, config_for, open_engine, read_input
from wa_core.document import Span, apply_suggestions
from wa_core.ranking import fixed_first, fixed_last

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
    add_engine_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = config_for(args.file)
    engine = open_engine(args, config)  # before reading stdin: a missing model fails at once
    text = read_input(args.file)
    margin = config.model.margin if args.margin is None else args.margin
    max_change = config.model.max_change if args.max_change is None else args.max_change
    rules_first = config.model.rules_first if args.rules_first is None else args.rules_first
    confusions = config.model.confusions if args.confusions is None else args.confusions
    usage = config.model.usage if args.usage is None else args.usage

    def first(texts: list[str]) -> list[str]:
        return fixed_first(texts, config, engine) if rules_first else texts

    def last(texts: list[str]) -> list[str]:
        return fixed_last(texts, config) if rules_first else texts

    out = sys.stdout
    if args.lines:
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()  # the newline that ends the last line
        for i in range(0, len(lines), _BLOCK):
            block = [line.rstrip("\r") for line in lines[i : i + _BLOCK]]
            corrections = engine.correct(
                first(block), margin=margin, max_change=max_change, confusions=confusions, usage=usage
            )
            for line in last([c.text for c in corrections]):
                out.write(line + "\n")  # never holds a line break: one line in, one out
            out.flush()
        return EXIT_OK
    from wa_core.sentences import sentence_spans

    text = first([text])[0]
    spans: list[Span] = sentence_spans(text)
    corrections = engine.correct(
        [s.of(text) for s in spans],
        margin=margin,
        max_change=max_change,
        confusions=confusions,
        usage=usage,
    )
    edits = [(s, c.text) for s, c in zip(spans, corrections, strict=True) if c.changed]
    out.write(last([apply_suggestions(text, edits)])[0])
    return EXIT_OK


def finite_number(text: str) -> float:
    """An option's number; "nan" and "inf" would silently keep or drop every correction."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, not {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, not {text}")
    return value
