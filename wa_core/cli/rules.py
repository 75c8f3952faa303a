"""``wa rules [PATTERN…]``: every rule wa's checkers may report, and whether it is on.

What to write in ``disabled_rules`` and ``enabled_rules``: each rule's id, whether the
config found from the current directory (or ``--config FILE``) leaves it on, and what it
looks for. A rule is on when its checker is in ``checkers`` and the config (with wa's own
defaults for Harper's house-style rules) does not switch it off. PATTERNs filter the list
as ``disabled_rules`` matches: an id, a bare name or a glob.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from wa_core.checkers.base import Rule, rules
from wa_core.cli.main import EXIT_FINDINGS, EXIT_OK
from wa_core.config import Config, load_config, load_config_file, rules_matcher


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "rules",
        help="list the rules and whether the config leaves each on",
        description=(
            "List the rules wa's checkers may report: on or off under the config found from the "
            "current directory, and what each looks for. Exit 1 when no rule matches a PATTERN."
        ),
    )
    parser.add_argument(
        "patterns", nargs="*", metavar="PATTERN", help="rule ids, bare names or globs (harper/Spell*)"
    )
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")
    parser.add_argument("--on", action="store_true", help="only the rules that are on")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = load_config_file(Path(args.config)) if args.config else load_config(Path.cwd())
    by_checker = rules(config)
    listed = _listed(config, by_checker, args.patterns)
    if args.on:
        listed = [(checker, rule) for checker, rule in listed if rule.on]
    if args.format == "json":
        rows = [{"rule": r.id, "checker": c, "on": r.on, "description": r.description} for c, r in listed]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        width = max((len(r.id) for _, r in listed), default=0)
        for _, rule in listed:
            print(f"{'on ' if rule.on else 'off'}  {rule.id:<{width}}  {rule.description}".rstrip())
    unlisted = [name for name, found in by_checker.items() if found is None and name in config.checkers]
    if unlisted and args.format == "text":
        print(f"wa: note: {', '.join(unlisted)} cannot list its rules here", file=sys.stderr)
    if args.patterns and not listed:
        print("wa: no rule matches", file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _listed(
    config: Config, by_checker: Mapping[str, Sequence[Rule] | None], patterns: list[str]
) -> list[tuple[str, Rule]]:
    """The rules of ``by_checker`` (``checkers.base.rules``) matching ``patterns`` (all
    without), each with its checker, on only where the config runs that checker."""
    wanted = rules_matcher(tuple(patterns)) if patterns else None
    out = []
    for checker, found in by_checker.items():
        for rule in found or ():
            if wanted is None or wanted(rule.id):
                on = rule.on and checker in config.checkers
                out.append((checker, Rule(rule.id, on, rule.description)))
    return out
