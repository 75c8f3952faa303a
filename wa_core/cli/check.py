"""``wa check PATH…``: check files and report findings (text, JSON, SARIF or GitHub annotations).

Exit status: 0 clean, 1 findings at or above the threshold, 2 usage or runtime error
(bad config, a named file that cannot be read). ``Runner`` is shared with ``wa fix``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from wa_core import version
from wa_core.checkers.base import BatchChecker, Checker, CheckerUnavailable, rule_warnings
from wa_core.cli.files import STDIN, InputError, Source, Target, read, targets
from wa_core.cli.main import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError
from wa_core.config import Config, load_config, load_config_file
from wa_core.document import Finding, ProseDocument, Severity
from wa_core.parsers import DEFAULT_GLOBS, LANGUAGE_IDS, parse
from wa_core.pipeline import Checkers, finalize, prose_findings, ranked, to_source
from wa_core.report import FORMATS, LineIndex, Reported, locate, render

# Documents go through the model layer in batches (it batches sentences across them).
BATCH = 16
# Show progress on a terminal when a run has at least this many files.
PROGRESS_FROM = 20
MODEL_LAYER_NAMES = ("model",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``wa check`` and ``wa fix`` share."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; - reads stdin")
    parser.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip matching paths (repeatable; adds to the config's exclude)",
    )
    parser.add_argument(
        "--no-ignore",
        action="store_true",
        help="walk into what git ignores too (a walk inside a git work tree skips it)",
    )
    parser.add_argument("--config", metavar="FILE", help="use this config file instead of searching for one")
    parser.add_argument("--checkers", metavar="A,B", help="checkers to run, e.g. harper,languagetool")
    parser.add_argument("--rules-only", action="store_true", help="skip the model layer (rules only, fast)")
    parser.add_argument(
        "--min-severity",
        metavar="LEVEL",
        help="report findings at or above hint, info, warning or error (default: the config's, info)",
    )
    parser.add_argument(
        "--language",
        metavar="ID",
        help=f"language of stdin (or of every file): {', '.join(sorted(set(LANGUAGE_IDS.values())))}",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check",
        help="check files for grammar and spelling",
        description=(
            "Check Markdown, LaTeX, reStructuredText and plain text. Directories are walked for "
            f"{' '.join(DEFAULT_GLOBS)}. Exit status: 0 clean, 1 findings at or above the "
            "threshold, 2 usage or runtime error."
        ),
    )
    add_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.set_defaults(func=run)


class Runner:
    """Checks files with the settings that apply to each: its config, overrides and the options."""

    def __init__(self, args: argparse.Namespace) -> None:
        self._explicit = load_config_file(Path(args.config)) if args.config else None
        self._checker_names = _split_names(args.checkers) if args.checkers else None
        self._rules_only: bool = args.rules_only
        self._min_severity = _severity(args.min_severity) if args.min_severity else None
        if args.language and args.language.lower() not in LANGUAGE_IDS:
            valid = ", ".join(sorted(LANGUAGE_IDS))
            raise UsageError(f"unknown language {args.language!r} (valid: {valid})")
        self._language: str | None = args.language
        self._cli_excludes = Config(exclude=tuple(args.exclude), root=Path.cwd())
        self._git_ignores: bool = not args.no_ignore
        self._configs: dict[Path, Config] = {}
        self._checkers: dict[str, Checkers] = {}
        self._dropped: set[str] = set()  # model checkers that turned out unavailable
        self._warned: set[tuple[Path | None, str]] = set()  # (config file, rule pattern) warned about
        self.errors = 0  # named files that could not be checked
        self.files = 0  # files checked

    # --- settings ---------------------------------------------------------------------

    def config_for(self, path: Path | None) -> Config:
        """The settings for one file (stdin: the current directory's)."""
        if self._explicit is not None:
            base = self._explicit
        else:
            directory = (path.parent if path is not None else Path.cwd()).resolve()
            if directory not in self._configs:
                self._configs[directory] = load_config(directory)
            base = self._configs[directory]
        cfg = base.for_path(path) if path is not None else base
        names = self._checker_names if self._checker_names is not None else cfg.checkers
        if self._rules_only:
            names = tuple(n for n in names if n not in MODEL_LAYER_NAMES)
        if names != cfg.checkers:
            cfg = dataclasses.replace(cfg, checkers=names)
        if self._min_severity is not None:
            cfg = dataclasses.replace(cfg, min_severity=self._min_severity)
        return cfg

    def excluded(self, path: Path) -> bool:
        return self._cli_excludes.is_excluded(path) or self.config_for(path).is_excluded(path)

    def checkers_for(self, cfg: Config) -> Checkers:
        key = repr(cfg)
        checkers = self._checkers.get(key)
        if checkers is None:
            try:
                checkers = Checkers.from_config(cfg)
            except ValueError as exc:  # an unknown checker name
                where = f" (in {cfg.path})" if cfg.path else ""
                raise UsageError(f"{exc}{where}") from None
            for name, reason in checkers.unavailable.items():
                self._unavailable(name, reason)
            self._unmatched(cfg)
            self._checkers[key] = checkers
        return checkers

    def _unmatched(self, cfg: Config) -> None:
        """Warn once about each rule pattern in the config that matches no rule."""
        for warning in rule_warnings(cfg):
            if (cfg.path, warning) not in self._warned:
                self._warned.add((cfg.path, warning))
                where = f"{cfg.path}: " if cfg.path else ""
                print(f"wa: warning: {where}{warning}", file=sys.stderr)

    def _unavailable(self, name: str, reason: str) -> None:
        if name not in MODEL_LAYER_NAMES:
            raise UsageError(f"the {name} checker is unavailable: {reason}")
        if name not in self._dropped:
            self._dropped.add(name)
            note = f"wa: note: {name} checker unavailable ({reason}); checking with rules only"
            print(note, file=sys.stderr)

    # --- files --------------------------------------------------------------------------

    def sources(self, paths: Sequence[str]) -> Iterator[Source]:
        """Each readable file; unreadable ones are reported (errors if named, else warnings)."""
        if paths.count(STDIN) > 1:
            raise UsageError("stdin (-) can be given only once")
        for path in paths:
            try:
                for target in targets([path], self.excluded, git_ignores=self._git_ignores):
                    try:
                        yield read(target)
                    except InputError as exc:
                        self._bad_input(target, exc)
            except InputError as exc:  # a missing path, a directory with nothing to check
                self.errors += 1
                print(f"wa: error: {exc}", file=sys.stderr)

    def _bad_input(self, target: Target, exc: InputError) -> None:
        if target.explicit:
            self.errors += 1
            print(f"wa: error: {exc}", file=sys.stderr)
        else:
            print(f"wa: warning: skipping {exc}", file=sys.stderr)

    def parse(self, source: Source, cfg: Config) -> ProseDocument:
        path = source.target.path
        return parse(source.text, language=self._language, path=path, latex=cfg.latex)

    # --- checking -----------------------------------------------------------------------

    def check_all(self, sources: Iterator[Source]) -> Iterator[tuple[Source, list[Finding]]]:
        """Findings per source, in order; the model layer sees documents in batches."""
        batch: list[tuple[Source, Config, ProseDocument]] = []
        for source in sources:
            cfg = self.config_for(source.target.path)
            self.checkers_for(cfg)  # build (and report unavailable checkers) before parsing
            batch.append((source, cfg, self.parse(source, cfg)))
            if len(batch) >= BATCH:
                yield from self._check_batch(batch)
                batch = []
        if batch:
            yield from self._check_batch(batch)

    def _check_batch(
        self, batch: list[tuple[Source, Config, ProseDocument]]
    ) -> Iterator[tuple[Source, list[Finding]]]:
        fast = [prose_findings(doc, self.checkers_for(cfg).fast) for _, cfg, doc in batch]
        model: list[list[Finding]] = [[] for _ in batch]
        groups: dict[int, tuple[Checker, list[int]]] = {}
        for i, (_, cfg, _) in enumerate(batch):
            for checker in self.checkers_for(cfg).model:
                if checker.name not in self._dropped:
                    groups.setdefault(id(checker), (checker, []))[1].append(i)
        for checker, members in groups.values():
            docs = [batch[i][2] for i in members]
            try:
                if isinstance(checker, BatchChecker):
                    results = checker.check_many(docs)
                else:
                    results = [checker.check(d) for d in docs]
            except CheckerUnavailable as exc:
                self._unavailable(checker.name, str(exc))
                continue
            for i, doc, found in zip(members, docs, results, strict=True):
                model[i].extend(to_source(doc, found))
            for i, found in zip(members, ranked(docs, [fast[i] for i in members], [checker]), strict=True):
                fast[i] = found
        for i, (source, cfg, doc) in enumerate(batch):
            self.files += 1
            yield source, finalize(doc, cfg, to_source(doc, fast[i]), model[i])


def _split_names(value: str) -> tuple[str, ...]:
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    if not names:
        raise UsageError("--checkers needs at least one checker name")
    return names


def _severity(value: str) -> Severity:
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


class Progress:
    """``wa: checked 120 files`` on stderr, on a terminal and once a run gets long."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0

    def step(self) -> None:
        self.count += 1
        if self.enabled and self.count >= PROGRESS_FROM:
            print(f"\rwa: checked {self.count} files", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.enabled and self.count >= PROGRESS_FROM:
            print("\r\x1b[K", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    runner = Runner(args)
    reports: list[Reported] = []
    progress = Progress(sys.stderr.isatty())
    for source, findings in runner.check_all(runner.sources(args.paths)):
        reports.extend(locate(source.target.display, source.text, findings, LineIndex(source.text)))
        progress.step()
    progress.done()
    output = render(args.format, reports, files=runner.files, version=version)
    sys.stdout.write(output)
    sys.stdout.flush()
    if runner.errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if reports else EXIT_OK
