"""Project configuration: ``[tool.wa]`` in ``pyproject.toml`` or a ``.wa.toml``.

One loader serves the CLI, the language server and the TUI. The file is found by
walking up from the checked file; ``.wa.toml`` wins over ``pyproject.toml`` in the
same directory. Every key is optional; unknown keys and wrong types raise
``ConfigError`` naming the file and the key.

Example::

    [tool.wa]
    checkers = ["harper", "model"]
    disabled_rules = ["harper/SentenceCapitalization"]
    vocabulary = ["PostgreSQL", "CTranslate2"]
    min_severity = "warning"

    [tool.wa.latex]
    commands = { "\\\\todo{}" = "ignore" }

    [[tool.wa.overrides]]
    files = ["papers/**/*.tex"]
    dialect = "british"
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import math
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

from wa_core.document import Severity

DIALECTS = ("american", "british", "australian", "canadian", "indian")
LATEX_ACTIONS = ("ignore", "dummy", "text", "default")
CONFIG_NAMES = (".wa.toml", "pyproject.toml")


class ConfigError(ValueError):
    """Invalid configuration, with the file and key it concerns."""

    def __init__(self, path: Path | None, key: str, message: str) -> None:
        self.path = path
        self.key = key
        where = f"{path}: " if path else ""
        # key "" concerns the file as a whole (missing, unreadable, not TOML)
        super().__init__(f"{where}[tool.wa] {key}: {message}" if key else f"{where}{message}")


@dataclass(frozen=True)
class HarperSettings:
    # Rules that fire constantly on technical docs; users opt in.
    title_case: bool = False
    spelling_variants: bool = False
    # Unknown capitalised or code-like words (names, identifiers) are not misspellings.
    strict_spelling: bool = False
    # A word codespell lists as a misspelling is one, with codespell's fix first ("untill").
    codespell: bool = True


@dataclass(frozen=True)
class LanguageToolSettings:
    url: str = ""  # e.g. "http://localhost:8081"; empty: a local LanguageTool, if installed
    language: str = "en-US"
    disabled_rules: tuple[str, ...] = ()
    timeout: float = 30.0


@dataclass(frozen=True)
class ModelSettings:
    name: str = "default"
    dir: str = ""  # overrides the user cache location (WA_MODEL_DIR wins over this)
    device: str = "auto"
    compute_type: str = "default"
    # Keep the original sentence unless the correction scores this much better (nats).
    margin: float = 1.0
    # Drop corrections that change more than this share of a sentence's words.
    max_change: float = 0.5
    # `wa correct`: the rules' fixes first (every unknown word's included), each the
    # suggestion the model prefers in the sentence (wa_core/ranking.py), then the model.
    rules_first: bool = True
    # A second look at agreement and confusable words ("which ask", "was"/"were",
    # "your"/"you're"), each swap judged by the model as plain text and as a correction
    # (wa_core/engine/confusions.py): a short pass more for a sentence with a word to swap.
    # The language server takes it only when the editor asks (wa_lsp/settings.py).
    confusions: bool = True
    # `wa correct`: a look at articles, prepositions, noun number and commas after the model,
    # each edit judged the same way (wa_core/engine/usage.py); about 0.5 s a sentence more (2 workers).
    usage: bool = True
    # `wa correct`: how many times it corrects its own output, sentences it changed only, until
    # nothing changes (0 counts as 1). A second pass mends what the first left in a sentence it
    # rewrote ("spend time more there lifestyle" -> "spend more time on their lifestyle"); on
    # JFLEG dev 51.18 -> 51.32 GLEU and no clean reference more changed (a third changed nothing).
    passes: int = 2
    # CTranslate2 threads per batch. On small models one is fastest for generation: on a
    # 2-core machine a second thread made it 1.3-1.6x slower (benchmarks/engine_speed.py),
    # though corrections, checked in whole forward passes, ran 17-20% faster (docs/lsp.md).
    threads: int = 1
    # Batches run side by side, each on its own thread and model state (0: one per core, at
    # most 2; the language server, where memory matters more, runs 1 unless set).
    workers: int = 0


@dataclass(frozen=True)
class LatexSettings:
    # "\\cmd{}[]" signature -> action ("ignore": no prose; "dummy": a placeholder word;
    # "text": its arguments are prose; "default": the built-in rule).
    commands: Mapping[str, str] = field(default_factory=dict)
    # environment name -> "ignore" (skip its body) or "text".
    environments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Config:
    """Fully defaulted settings; ``Config()`` is what a project without a file gets."""

    checkers: tuple[str, ...] = ("harper", "model")
    disabled_rules: tuple[str, ...] = ()
    enabled_rules: tuple[str, ...] = ()
    vocabulary: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()  # regular expressions; findings on matching text are dropped
    exclude: tuple[str, ...] = ()  # path globs skipped by `wa check DIR`
    min_severity: Severity = Severity.INFO
    dialect: str = "american"
    harper: HarperSettings = field(default_factory=HarperSettings)
    languagetool: LanguageToolSettings = field(default_factory=LanguageToolSettings)
    model: ModelSettings = field(default_factory=ModelSettings)
    latex: LatexSettings = field(default_factory=LatexSettings)
    overrides: tuple[Override, ...] = ()
    # Where the settings came from; None for defaults. Server-side actions write here.
    path: Path | None = None
    root: Path | None = None

    def for_path(self, path: str | PurePath) -> Config:
        """These settings with every override whose globs match ``path`` applied."""
        rel = _relative(PurePath(path), self.root)
        cfg = self
        for ov in self.overrides:
            if any(_glob_match(rel, g) for g in ov.files):
                cfg = _apply(cfg, ov.values, self.path, "overrides")
        return cfg

    def rule_enabled(self, rule: str) -> bool:
        """Whether ``rule`` (``source/Name``) survives ``disabled_rules`` (globs allowed)."""
        return not rules_matcher(self.disabled_rules)(rule)

    def rule_forced_on(self, rule: str) -> bool:
        return rules_matcher(self.enabled_rules)(rule)

    def is_excluded(self, path: str | PurePath) -> bool:
        rel = _relative(PurePath(path), self.root)
        return any(_glob_match(rel, g) for g in self.exclude)

    def with_values(self, values: Mapping[str, Any], *, origin: str = "settings") -> Config:
        """These settings with ``values`` (the ``[tool.wa]`` shape) merged over them."""
        return _apply(self, values, None, origin)

    @property
    def ignore_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile_patterns(self.ignore)


def _compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


def rule_matches(rule: str, pattern: str) -> bool:
    """Whether ``rule`` (``source/Name``) matches a glob; a bare name matches in any namespace."""
    return rules_matcher((pattern,))(rule)


@functools.lru_cache(maxsize=64)
def rules_matcher(patterns: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a rule (``source/Name``) matches any of ``patterns``, as ``rule_matches`` judges
    each: one set lookup and one compiled regex, however many patterns. Harper has about 900
    rules, and ``wa correct`` switches most of them off by name: a glob at a time cost about
    0.2 s per start (0.19–0.27 s measured, against 6 ms)."""
    exact = {p for p in patterns if not _GLOB_CHARS.intersection(p)}
    bare = {p for p in exact if "/" not in p}  # "SpellCheck" == "harper/SpellCheck"
    globs = [p for p in patterns if p not in exact]
    full = re.compile("|".join(fnmatch.translate(p) for p in globs)) if globs else None
    short = [p for p in globs if "/" not in p]
    name_only = re.compile("|".join(fnmatch.translate(p) for p in short)) if short else None

    def matches(rule: str) -> bool:
        name = rule.split("/", 1)[-1]
        return (
            rule in exact
            or name in bare
            or (full is not None and full.match(rule) is not None)
            or (name_only is not None and name_only.match(name) is not None)
        )

    return matches


_GLOB_CHARS = frozenset("*?[")


def _relative(path: PurePath, root: Path | None) -> str:
    if root is not None:
        try:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()
        except (ValueError, OSError):
            pass
    return path.as_posix()


def _glob_match(rel: str, pattern: str) -> bool:
    pattern = pattern.removeprefix("./")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    if pattern.startswith("**/") and fnmatch.fnmatchcase(rel, pattern[3:]):
        return True
    if "/" not in pattern:  # a bare glob matches the file name anywhere
        return fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern)
    if pattern.endswith("/**"):
        return rel.startswith(pattern[:-3] + "/")
    return False


# --- loading -------------------------------------------------------------------------


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """Walk up from ``start`` to the first ``.wa.toml`` or ``pyproject.toml`` with ``[tool.wa]``."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            data = _read_toml(candidate)
            if name == ".wa.toml":
                table = data.get("tool", {}).get("wa", data) if "tool" in data else data
                return candidate, _as_table(table, candidate, "")
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "wa" in tool:
                return candidate, _as_table(tool["wa"], candidate, "")
    return None


def load_config(start: Path | str | None = None) -> Config:
    """The settings for a file or directory, or the defaults when no file is found."""
    found = find_config_file(Path(start or Path.cwd()))
    if found is None:
        return Config()
    path, table = found
    return _apply(Config(path=path, root=path.parent), table, path, "")


def load_config_file(path: Path) -> Config:
    """Load one explicit config file (``wa check --config``)."""
    if not path.is_file():
        raise ConfigError(path, "", "no such config file")
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("wa", {})
    elif "tool" in data:
        data = data["tool"].get("wa", {})
    return _apply(Config(path=path, root=path.parent), _as_table(data, path, ""), path, "")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "", f"not valid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(path, "", f"cannot read: {exc.strerror}") from None


def _as_table(value: Any, path: Path | None, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        got = type(value).__name__
        if not key:  # the settings as a whole
            raise ConfigError(path, "", f"[tool.wa] must be a table, not {got}")
        raise ConfigError(path, key, f"expected a table, got {got}")
    return value


def _str_list(value: Any, path: Path | None, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, key, "expected a list of strings")
    return tuple(value)


def _apply(cfg: Config, table: Mapping[str, Any], path: Path | None, prefix: str) -> Config:
    changes: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}" if prefix else key
        if key in ("checkers", "disabled_rules", "enabled_rules", "exclude"):
            changes[key] = _str_list(value, path, name)
        elif key == "vocabulary":
            changes[key] = changes.get(key, cfg.vocabulary) + _str_list(value, path, name)
        elif key == "vocabulary_file":
            changes["vocabulary"] = changes.get("vocabulary", cfg.vocabulary) + _read_vocabulary(
                value, path, name
            )
        elif key == "ignore":
            patterns = _str_list(value, path, name)
            for p in patterns:
                try:
                    re.compile(p)
                except re.error as exc:
                    raise ConfigError(path, name, f"invalid regular expression {p!r}: {exc}") from None
            changes[key] = cfg.ignore + patterns
        elif key == "min_severity":
            if not isinstance(value, str):
                raise ConfigError(path, name, "expected a string")
            try:
                changes[key] = Severity.parse(value)
            except ValueError as exc:
                raise ConfigError(path, name, str(exc)) from None
        elif key == "dialect":
            if not isinstance(value, str) or value.lower() not in DIALECTS:
                raise ConfigError(path, name, f"expected one of {', '.join(DIALECTS)}")
            changes[key] = value.lower()
        elif key in ("harper", "languagetool", "model"):
            current = getattr(cfg, key)
            changes[key] = _apply_section(current, _as_table(value, path, name), path, name)
        elif key == "latex":
            changes[key] = _apply_latex(cfg.latex, _as_table(value, path, name), path, name)
        elif key == "overrides" and not prefix:
            changes[key] = _parse_overrides(value, path)
        else:
            raise ConfigError(path, name, "unknown key")
    return replace(cfg, **changes)


def _apply_section(current: Any, table: Mapping[str, Any], path: Path | None, prefix: str) -> Any:
    fields = {f.name: f for f in dataclasses.fields(current)}
    changes: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}.{key}"
        if key not in fields:
            raise ConfigError(path, name, f"unknown key (valid: {', '.join(fields)})")
        default = getattr(current, key)
        if isinstance(default, bool):
            if not isinstance(value, bool):
                raise ConfigError(path, name, "expected true or false")
            changes[key] = value
        elif isinstance(default, float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ConfigError(path, name, "expected a number")
            if not math.isfinite(value):
                raise ConfigError(path, name, f"expected a finite number, not {value}")
            changes[key] = float(value)
        elif isinstance(default, int):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(path, name, "expected a whole number, 0 or more")
            changes[key] = value
        elif isinstance(default, tuple):
            changes[key] = _str_list(value, path, name)
        elif isinstance(default, str) and not isinstance(value, str):
            raise ConfigError(path, name, "expected a string")
        else:
            changes[key] = value
    return replace(current, **changes)


def _apply_latex(
    current: LatexSettings, table: Mapping[str, Any], path: Path | None, prefix: str
) -> LatexSettings:
    commands = dict(current.commands)
    environments = dict(current.environments)
    for key, value in table.items():
        name = f"{prefix}.{key}"
        target = {"commands": commands, "environments": environments}.get(key)
        if target is None:
            raise ConfigError(path, name, "unknown key (valid: commands, environments)")
        for cmd, action in _as_table(value, path, name).items():
            if action not in LATEX_ACTIONS:
                raise ConfigError(path, f"{name}.{cmd}", f"expected one of {', '.join(LATEX_ACTIONS)}")
            target[cmd] = action
    return LatexSettings(commands, environments)


def _parse_overrides(value: Any, path: Path | None) -> tuple[Override, ...]:
    if not isinstance(value, list):
        raise ConfigError(path, "overrides", "expected an array of tables ([[tool.wa.overrides]])")
    out = []
    for i, item in enumerate(value):
        name = f"overrides[{i}]"
        table = dict(_as_table(item, path, name))
        if "files" not in table:
            raise ConfigError(path, f"{name}.files", "required: the globs this override applies to")
        files = _str_list(table.pop("files"), path, f"{name}.files")
        _apply(Config(), table, path, name)  # validate now, apply per file later
        out.append(Override(files, table))
    return tuple(out)


def _read_vocabulary(value: Any, path: Path | None, key: str) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise ConfigError(path, key, "expected a path to a word list")
    base = path.parent if path else Path.cwd()
    file = base / value
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, key, f"cannot read {file}: {exc}") from None
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))
