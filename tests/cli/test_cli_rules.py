"""``wa rules``: what to write in ``disabled_rules``, and what the config leaves on."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., tuple[int, str, str]]  # the `wa` fixture: (status, stdout, stderr)


def rows(out: str) -> dict[str, str]:
    """Each listed rule id with its state, from the text output."""
    return {line.split()[1]: line.split()[0] for line in out.splitlines()}


def test_every_checker_lists_its_rules_with_what_each_looks_for(wa: Run) -> None:
    Path(".wa.toml").write_text("")  # the default checkers: Harper and the model
    status, out, err = wa("rules", "harper/SpellCheck", "model/*", "commas/*")
    assert (status, err) == (0, "")
    listed = rows(out)
    assert listed["harper/SpellCheck"] == "on"
    assert listed["model/agreement"] == "on"
    assert listed["commas/introductory-phrase"] == "off"  # not among the default checkers
    assert "misspelled words" in next(line for line in out.splitlines() if "harper/SpellCheck" in line)


def test_the_config_found_from_here_decides_what_is_on(wa: Run) -> None:
    rules = 'disabled_rules = ["harper/SpellCheck"]\nenabled_rules = ["harper/SpelledNumbers"]\n'
    Path(".wa.toml").write_text(f'checkers = ["harper"]\n{rules}')
    status, out, _ = wa("rules", "harper/Spel*", "model/agreement")
    assert status == 0
    assert rows(out) == {
        "harper/SpellCheck": "off",
        "harper/SpelledNumbers": "on",  # off by default, switched on
        "model/agreement": "off",  # its checker does not run
    }
    _, on, _ = wa("rules", "--on", "harper/Spel*")
    assert rows(on) == {"harper/SpelledNumbers": "on"}


def test_json_lists_rule_checker_state_and_description(wa: Run) -> None:
    status, out, _ = wa("rules", "--format", "json", "AnA")
    assert status == 0
    [row] = json.loads(out)
    assert row["rule"] == "harper/AnA" and row["checker"] == "harper" and row["on"] is True
    assert "indefinite article" in row["description"]


def test_a_pattern_that_matches_no_rule_exits_1(wa: Run) -> None:
    status, out, err = wa("rules", "harper/Zzz*")
    assert (status, out) == (1, "")
    assert err == "wa: no rule matches\n"
