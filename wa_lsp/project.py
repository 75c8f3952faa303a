"""The configuration each open document is checked with, and where actions write it.

A document's config is the project's ``[tool.wa]`` (found by walking up from the file,
``wa_core.config``), its per-file overrides, then the editor settings on top. Loading
is cached on the config files' modification stamps, so a keystroke costs a few
``stat`` calls, and an edit to the file (by hand or by a code action) is picked up.
An invalid project config is reported and the defaults are used; a rule pattern that
matches no rule is reported once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from wa_core.checkers.base import rule_warnings
from wa_core.config import CONFIG_NAMES, Config, ConfigError, find_config_file, load_config
from wa_lsp.settings import Settings

log = logging.getLogger("wa.lsp")

Stamp = tuple[tuple[str, int, int], ...]


class Project:
    """Config lookup for the documents of one workspace."""

    def __init__(self, on_error: Callable[[str], None]) -> None:
        self._on_error = on_error
        self.settings = Settings()
        self.roots: list[Path] = []
        self._cache: dict[tuple[Path, Stamp], Config] = {}
        self._lock = threading.Lock()

    def set_roots(self, roots: Sequence[Path]) -> None:
        self.roots = [r.resolve() for r in roots]

    def root_for(self, path: Path | None) -> Path | None:
        """The workspace folder that holds ``path`` (the innermost), else the first one."""
        if path is not None:
            resolved = path.resolve()
            inside = [r for r in self.roots if resolved.is_relative_to(r)]
            if inside:
                return max(inside, key=lambda r: len(r.parts))
        return self.roots[0] if self.roots else None

    def _start(self, path: Path | None) -> Path | None:
        if path is not None:
            return path.parent
        return self.root_for(None)

    def project_config(self, path: Path | None) -> Config:
        """The ``[tool.wa]`` settings for a file (defaults when none or invalid)."""
        start = self._start(path)
        if start is None:
            return Config()
        key = (start, _stamp(start))
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            config = load_config(start)
        except ConfigError as exc:
            self._on_error(f"{exc}; using the defaults")
            config = Config()
        with self._lock:
            if len(self._cache) > 64:
                self._cache.clear()
            self._cache[key] = config
        return config

    def config_for(self, path: Path | None) -> Config:
        """The project config for ``path`` with its overrides and the editor settings applied."""
        config = self.project_config(path)
        if path is not None and config.overrides:
            try:
                config = config.for_path(path)
            except ConfigError as exc:
                self._on_error(str(exc))
        config = apply_settings(self.settings, config, self._on_error)
        for warning in rule_warnings(config):
            self._on_error(warning)  # shown once
        return config

    def target_file(self, path: Path | None) -> Path:
        """The file a project-wide action writes to: the nearest config file, else a new .wa.toml."""
        start = self._start(path)
        if start is not None:
            try:
                found = find_config_file(start)
            except ConfigError:
                found = None
            if found is not None:
                return found[0]
        root = self.root_for(path) or start or Path.cwd()
        return root / CONFIG_NAMES[0]

    def invalidate(self) -> None:
        with self._lock:
            self._cache.clear()


def apply_settings(settings: Settings, config: Config, on_error: Callable[[str], None]) -> Config:
    try:
        return settings.apply(config)
    except ConfigError as exc:
        on_error(f"{exc}; ignoring the editor settings")
        return config


def _stamp(start: Path) -> Stamp:
    """The config files that could apply from ``start`` up, with their stamps."""
    out = []
    here = start
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            try:
                st = candidate.stat()
            except OSError:
                continue
            out.append((str(candidate), st.st_mtime_ns, st.st_size))
    return tuple(out)
