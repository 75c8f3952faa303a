"""How fast the language server answers, as an editor sees it.

Starts ``wa lsp`` over stdio the way an editor does and reports medians over repeated
runs, next to Harper's own lint time for the same document (harper-py's
``Linter().lint``, measured in this process in the same run):

- start → ``initialize`` response
- ``didOpen`` → first diagnostics, one-page Markdown file (goal ≤ 100 ms)
- a one-sentence edit (a sentence replaced in one piece, as a paste or an applied fix is)
  → its model diagnostics (goal ≤ 400 ms; needs a built model)
- a sentence's full stop typed → its model diagnostics (checked at once, as an edit is), and
  a letter typed inside the sentence → its model diagnostics (typing that goes on, so its
  check first waits for a pause: ``wa_lsp/scheduler.py``'s ``DEBOUNCE``)
- hover → summary of a section (needs a built model)
- server memory (RSS) with the default model loaded (goal ≤ 400 MB)

Usage::

    .venv/bin/python benchmarks/lsp_latency.py            # 5 runs
    .venv/bin/python benchmarks/lsp_latency.py --runs 9 --command "python -m wa_lsp"

Without a built model (``wa models build``) the model rows say so. Caches: the engine's
result cache is pointed at a temporary directory, so model timings are cold.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
from lsprotocol import types
from pygls.lsp.client import LanguageClient

from wa_lsp.scheduler import DEBOUNCE

HEADING = "## Results"
PARAGRAPHS = [
    "The language server checks prose as you type. It parses the document into prose, "
    "runs the rule checkers over it and publishes what they find before the model has "
    "even started. Most edits touch one sentence, so most of the work after an edit is "
    "skipped: the other sentences come from a cache.",
    "Markdown files mix prose with markup. Headings, lists, links and inline code are "
    "turned into plain sentences first, so that a checker never sees an asterisk or a "
    "bracket. Code blocks are skipped entirely, and math becomes a placeholder word that "
    "keeps the sentence grammatical.",
    "We measured the time from opening a file to the first diagnostics, the time from an "
    "edit to the model's findings, and the memory the server needs once the model is "
    "loaded. Each figure is the median of several runs on a small laptop-class machine "
    "with two cores, because that is where a writer's editor runs.",
    "There is a few mistakes in this paragraph on purpose, so the checkers has something "
    "to report. Its a good way to see both layers at work: the rules flag some of them at "
    "once and the model suggests the rest a moment later, when it have finished.",
]
LIST = "- one item to check\n- a second item with more words in it\n- the third and last item"
CODE = "```python\nprint('code is not prose')\n```"


def one_page() -> str:
    """About 500 words of Markdown: headings, paragraphs, a list and a code block."""
    parts = ["# A one-page document", *PARAGRAPHS[:2], LIST, CODE, HEADING, *PARAGRAPHS[2:]]
    body = "\n\n".join(parts)
    return body + "\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def note(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms" if values else "n/a"


class Probe:
    """A client that timestamps every publication."""

    def __init__(
        self, command: list[str], env: dict[str, str], settings: dict[str, Any] | None = None
    ) -> None:
        self.command = command
        self.env = env
        self.client = LanguageClient("wa-bench", "0")
        self.published: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self._changed = asyncio.Event()
        c = self.client

        @c.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def publish(params: types.PublishDiagnosticsParams) -> None:
            self.published.append((time.perf_counter(), params))
            self._changed.set()

        @c.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams) -> list[Any]:
            return [settings for _ in params.items]

        @c.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def progress_create(params: types.WorkDoneProgressCreateParams) -> None:
            return None

        for method in (types.PROGRESS, types.WINDOW_LOG_MESSAGE, types.WINDOW_SHOW_MESSAGE):
            c.feature(method)(lambda params: None)

    async def start(self, root: Path) -> float:
        t0 = time.perf_counter()
        await self.client.start_io(self.command[0], *self.command[1:], env=self.env)
        caps = types.ClientCapabilities(
            window=types.WindowClientCapabilities(work_done_progress=True),
            workspace=types.WorkspaceClientCapabilities(configuration=True),
            text_document=types.TextDocumentClientCapabilities(
                code_action=types.CodeActionClientCapabilities(
                    resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                )
            ),
        )
        # Read the server's stderr (its log) as an editor does: a full pipe would block it.
        self._stderr = asyncio.create_task(self._drain())
        await self.client.initialize_async(types.InitializeParams(capabilities=caps, root_uri=root.as_uri()))
        elapsed = time.perf_counter() - t0
        self.client.initialized(types.InitializedParams())
        return elapsed

    async def _drain(self) -> None:
        server = self.client._server
        if server is None or server.stderr is None:
            return
        while await server.stderr.readline():
            pass

    @property
    def pid(self) -> int:
        server = self.client._server
        assert server is not None
        return int(server.pid)

    async def stop(self) -> None:
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()
        self._stderr.cancel()

    async def wait(
        self, uri: str, version: int, count: int = 1, timeout: float = 120.0, since: int = 0
    ) -> float | None:
        """When the ``count``-th publication for ``uri`` at ``version`` arrived (None on timeout)."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    hits = [t for t, p in self.published[since:] if p.uri == uri and p.version == version]
                    if len(hits) >= count:
                        return hits[count - 1]
                    self._changed.clear()
                    await self._changed.wait()
        except TimeoutError:
            return None

    def open(self, uri: str, text: str, version: int = 1) -> float:
        t0 = time.perf_counter()
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(uri=uri, language_id="markdown", version=version, text=text)
            )
        )
        return t0

    def close(self, uri: str) -> None:
        self.client.text_document_did_close(
            types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri))
        )

    def change(self, uri: str, version: int, rng: types.Range, text: str) -> float:
        t0 = time.perf_counter()
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangePartial(range=rng, text=text)],
            )
        )
        return t0


def position(text: str, offset: int) -> types.Position:
    """The UTF-16 position of a code-point offset (the client's side; lines end at \\n)."""
    before = text[:offset]
    line = before.count("\n")
    col = before[before.rfind("\n") + 1 :]
    return types.Position(line, len(col.encode("utf-16-le")) // 2)


def engine_times(runs: int) -> dict[str, list[float]]:
    """The engine alone, in this process: one sentence corrected, one section summarised."""
    from wa_core.config import ModelSettings
    from wa_core.models.loader import load_engine

    engine = load_engine(ModelSettings(), cache=False)
    out: dict[str, list[float]] = {"correct": [], "summarize": []}
    for i in range(runs):
        t0 = time.perf_counter()
        # The sentences the edits bring (the server's result cache is its own, in a temporary
        # directory; this engine has none), so the two figures are for the same model calls.
        engine.correct([f"There is {i + 2} mistakes in this sentence on purpose, so the checkers has work."])
        out["correct"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        engine.summarize(f"{PARAGRAPHS[i % 3]} This is run {i + 20}.", 60)
        out["summarize"].append(time.perf_counter() - t0)
    return out


def harper_lint_times(text: str, runs: int) -> list[float]:
    import harper

    linter = harper.Linter()
    linter.lint(text, language="markdown")  # warm
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        linter.lint(text, language="markdown")
        out.append(time.perf_counter() - t0)
    return out


def model_built() -> str | None:
    """None if the default model is built, else why not."""
    from wa_core.config import ModelSettings
    from wa_core.models.loader import locate
    from wa_core.models.manifest import ModelError

    try:
        locate(ModelSettings())
    except ModelError as exc:
        return str(exc)
    return None


async def measure(args: argparse.Namespace) -> dict[str, Any]:
    command = shlex.split(args.command)
    tmp = Path(tempfile.mkdtemp(prefix="wa-lsp-bench-"))
    from wa_core.models.paths import models_root

    # The user's built model (or WA_MODEL_DIR's), with an empty result cache.
    env = {**os.environ, "WA_MODEL_DIR": str(models_root()), "XDG_CACHE_HOME": str(tmp / "cache")}
    root = tmp / "ws"
    root.mkdir()
    text = one_page()
    results: dict[str, Any] = {"words": len(text.split()), "runs": args.runs}

    note("start-up")
    # Start-up: spawn → initialize response, and → first diagnostics of a document opened at once.
    inits, cold_opens = [], []
    for i in range(args.runs):
        probe = Probe(command, env)
        inits.append(await probe.start(root))
        uri = (root / f"cold{i}.md").as_uri()
        t0 = probe.open(uri, text)
        t = await probe.wait(uri, 1)
        if t is not None:
            cold_opens.append(t - t0)
        await probe.stop()
    results["initialize"] = inits
    results["cold_open"] = cold_opens

    note("didOpen")
    # didOpen → first diagnostics: the rule layer, on a server whose model is idle
    # (model off), then on one busy with the model layer of the previous document.
    probe = Probe(command, env, {"model": False})
    await probe.start(root)
    opens = []
    for i in range(args.runs * 2):
        uri = (root / f"page{i}.md").as_uri()
        t0 = probe.open(uri, text)
        t = await probe.wait(uri, 1)
        if t is not None:
            opens.append(t - t0)
    results["rss_rules_only"] = psutil.Process(probe.pid).memory_info().rss
    await probe.stop()
    results["open"] = opens
    results["harper"] = harper_lint_times(text, args.runs * 2)

    missing = model_built()
    probe = Probe(command, env)
    await probe.start(root)
    busy_opens = []
    for i in range(args.runs if missing is None else 0):
        uri = (root / f"busy{i}.md").as_uri()
        t0 = probe.open(uri, text.replace("document", f"document {i}"))  # new sentences for the model
        t = await probe.wait(uri, 1)
        if t is not None:
            busy_opens.append(t - t0)
        probe.close(uri)  # its model work stops at the next batch
    results["busy_open"] = busy_opens

    note("the model layer of a short document")
    # A short document, so its first model pass is quick; its model layer is a second
    # publication for version 1.
    current = "# Notes\n\n" + PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[3] + "\n"
    uri = (root / "short.md").as_uri()
    probe.open(uri, current)
    done = await probe.wait(uri, 1, count=2, timeout=args.model_timeout) if missing is None else None
    results["model_missing"] = missing
    if done is None and missing is None:
        results["model_missing"] = "no model diagnostics within the timeout"

    edits, full_stop, letter, hovers, hover_first = [], [], [], [], []
    if done is not None:
        version = 1
        note("edits")
        for i in range(args.runs):
            version += 1
            # Replace the first sentence of the last paragraph with a new one (never cached).
            old = current.split("\n")[-2].split(". ")[0] + "."
            new = f"There is {i + 2} mistakes in this sentence on purpose, so the checkers has work."
            start = current.rindex(old)
            rng = types.Range(position(current, start), position(current, start + len(old)))
            since = len(probe.published)
            t0 = probe.change(uri, version, rng, new)
            t = await probe.wait(uri, version, count=2, timeout=args.model_timeout, since=since)
            if t is not None:
                edits.append(t - t0)
            current = current[:start] + new + current[start + len(old) :]
        # Typing: a sentence's full stop typed after the rest of it came in one piece and was
        # checked (checked at once, as a paste is), then a letter typed inside it (a keystroke
        # mid-sentence: its check waits for a pause in typing, scheduler.DEBOUNCE).
        for i in range(args.runs):
            words = f" There is {i + 20} mistakes in this sentence on purpose, so the checker has work"
            for text, at in ((words, len(current)), (".", len(current) + len(words)),
                             ("s", len(current) + words.index(" has work"))):  # fmt: skip
                version += 1
                since = len(probe.published)
                t0 = probe.change(
                    uri, version, types.Range(position(current, at), position(current, at)), text
                )
                t = await probe.wait(uri, version, count=2, timeout=args.model_timeout, since=since)
                current = current[:at] + text + current[at:]
                if t is not None and text == ".":
                    full_stop.append(t - t0)
                elif t is not None and text == "s":
                    letter.append(t - t0)
        results["rss_busy"] = psutil.Process(probe.pid).memory_info().rss
        await asyncio.sleep(1.0)  # the server hands freed memory back once model work is done
        results["rss"] = psutil.Process(probe.pid).memory_info().rss
        note("hovers")
        # Hover: a new section each run (so no cache helps), hovered on its heading.
        for i in range(args.runs):
            version += 1
            section = f"\n## Section {i}\n\n{PARAGRAPHS[i % 3]} This is run {i}.\n"
            end = position(current, len(current))
            since = len(probe.published)
            probe.change(uri, version, types.Range(end, end), section)
            current += section
            await probe.wait(uri, version, since=since)
            heading = position(current, current.rindex("## Section"))
            params = types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(heading.line, 4))
            t0 = time.perf_counter()
            first: float | None = None
            while True:
                result = await probe.client.text_document_hover_async(params)
                contents = result.contents if result else None
                value = contents.value if isinstance(contents, types.MarkupContent) else ""
                first = first if first is not None else time.perf_counter() - t0
                if "still summarising" not in value:
                    break
            if not value.startswith("**Summary"):
                results.setdefault("hover_failures", []).append(value)
            hover_first.append(first)
            hovers.append(time.perf_counter() - t0)
        await asyncio.sleep(1.0)
        results["rss_after_hover"] = psutil.Process(probe.pid).memory_info().rss
        results["rss_peak"] = peak_rss(probe.pid)
        await probe.stop()
        note("the engine alone")
        results["engine"] = engine_times(args.runs)
    else:
        await probe.stop()
    results["edit"] = edits
    results["full_stop"] = full_stop
    results["letter"] = letter
    results["hover"] = hovers
    results["hover_first"] = hover_first
    return results


def peak_rss(pid: int) -> int:
    """The process's resident high-water mark (Linux: ``VmHWM``), or 0 where unknown."""
    try:
        with Path(f"/proc/{pid}/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def report(r: dict[str, Any], command: str) -> None:
    rows: list[tuple[str, str, str]] = []
    add: Callable[[str, str, str], None] = lambda a, b, c: rows.append((a, b, c))  # noqa: E731
    add("start → initialize response", median_ms(r["initialize"]), "")
    add("start → first diagnostics (open at once)", median_ms(r["cold_open"]), "includes building Harper")
    add(
        f"didOpen → first diagnostics ({r['words']} words)",
        median_ms(r["open"]),
        f"goal ≤ 100 ms; Harper's own lint: {median_ms(r['harper'])}",
    )
    add("server RSS, rules only (model off)", f"{r['rss_rules_only'] / 2**20:.0f} MB", "")
    if r["model_missing"]:
        why = f"no model: {r['model_missing']}"
        add("one-sentence edit → model diagnostics", "n/a", why)
        add("hover → section summary", "n/a", why)
    else:
        add(
            "didOpen → first diagnostics, model busy",
            median_ms(r["busy_open"]),
            "the model shares the 2 cores",
        )
        engine = r["engine"]
        add(
            "one-sentence edit → model diagnostics",
            median_ms(r["edit"]),
            f"goal ≤ 400 ms; Engine.correct alone: {median_ms(engine['correct'])}",
        )
        add("a sentence's full stop typed → model diagnostics", median_ms(r["full_stop"]), "checked at once")
        add(
            "a letter typed in it → model diagnostics",
            median_ms(r["letter"]),
            f"typing: the check waits {DEBOUNCE * 1000:.0f} ms for a pause",
        )
        add(
            "hover → section summary",
            median_ms(r["hover"]),
            f"first answer {median_ms(r['hover_first'])} (bounded at 4 s); "
            f"Engine.summarize alone: {median_ms(engine['summarize'])}",
        )
        add(
            "server RSS, default model loaded",
            f"{r['rss'] / 2**20:.0f} MB",
            f"goal ≤ 400 MB; idle 1 s after the edits ({r['rss_busy'] / 2**20:.0f} MB as the last arrived)",
        )
        add("server RSS after the hovers", f"{r['rss_after_hover'] / 2**20:.0f} MB", "idle 1 s after them")
        add(
            "server peak RSS (high-water mark)",
            f"{r['rss_peak'] / 2**20:.0f} MB",
            "during the hovers' summaries",
        )
        if r.get("hover_failures"):
            add("hovers without a summary", str(len(r["hover_failures"])), r["hover_failures"][0][:60])
    width = max(len(a) for a, _, _ in rows)
    print(f"wa lsp latency: `{command}`, medians of {r['runs']} runs, {os.cpu_count()} CPUs")
    print(f"{'measure':<{width}}  {'wa lsp':>10}  reference / note")
    for a, b, c in rows:
        print(f"{a:<{width}}  {b:>10}  {c}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--command", default=f"{sys.executable} -m wa_core.cli.main lsp")
    parser.add_argument("--model-timeout", type=float, default=120.0)
    args = parser.parse_args()
    report(asyncio.run(measure(args)), args.command)


if __name__ == "__main__":
    main()
