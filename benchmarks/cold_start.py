"""Cold start of ``wa correct`` on one sentence, with the model built: the goal is under 2 s.

Each run is a fresh process, from exec to exit, as a user or a CI step sees it (the
files are in the OS page cache after the first run; nothing else is warm). Rows,
medians over ``--repeats``: importing the CLI, correcting one sentence with the
result cache off (the model runs), the same with a misspelling in it (the speller's word
lists load), the same without the look at articles, prepositions, noun number and commas
(``--no-usage``, what that look costs), the same in one pass (``--passes 1``: what reading
the corrected sentence again costs), and the first sentence again with the cache on (a
hit: an edit re-checks only what it touched).

Copy-paste::

    .venv/bin/python benchmarks/cold_start.py
    .venv/bin/python benchmarks/cold_start.py --repeats 10 --device cuda
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "She go to school every days."
# An unknown word makes `wa correct` load the speller's word lists (``wa_core.spelling``).
MISSPELT = "She go to school every days untill noon."


def timed(cmd: list[str], env: dict[str, str], stdin: str = "") -> float:
    started = time.perf_counter()
    out = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    args = parser.parse_args()

    wa = str(Path(sys.executable).with_name("wa"))
    if not Path(wa).exists():
        sys.exit(f"{wa} not found: install the project (make setup)")
    scratch = Path(tempfile.mkdtemp(prefix="wa-cold-"))
    env = dict(os.environ)
    cache_env = {**env}
    if "WA_MODEL_DIR" not in os.environ:
        # Keep the user's models; put only the result cache in the scratch directory.
        from wa_core.models.paths import models_root

        cache_env["WA_MODEL_DIR"] = env["WA_MODEL_DIR"] = str(models_root())
    cache_env["XDG_CACHE_HOME"] = str(scratch)
    correct = [wa, "correct", "--device", args.device, "-"]
    no_cache = [*correct[:-1], "--no-cache", "-"]
    rows = {
        "import the CLI (python -c)": ([sys.executable, "-c", "import wa_core.cli.main"], env, SENTENCE),
        "wa correct, one sentence, no cache": (no_cache, env, SENTENCE),
        "  the same with a misspelling": (no_cache, env, MISSPELT),
        "  the same without the usage look": ([*no_cache[:-1], "--no-usage", "-"], env, SENTENCE),
        "  the same in one pass": ([*no_cache[:-1], "--passes", "1", "-"], env, SENTENCE),
        "wa correct, one sentence, cache hit": (correct, cache_env, SENTENCE),
    }
    try:
        timed(correct, cache_env, SENTENCE)  # fills the page cache and the result cache
        print(f"{'median of ' + str(args.repeats) + ' runs':<40} {'seconds':>8} {'min':>7} {'max':>7}")
        for label, (cmd, run_env, text) in rows.items():
            times = [timed(cmd, run_env, text) for _ in range(args.repeats)]
            print(f"{label:<40} {statistics.median(times):8.2f} {min(times):7.2f} {max(times):7.2f}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("goal: under 2 s for `wa correct` on one sentence")


if __name__ == "__main__":
    main()
