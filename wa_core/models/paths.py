"""Where built models and cached results live.

Models go under ``platformdirs.user_cache_dir("wa")/models/<name>``: they are derived
data that ``wa models build`` can always recreate. ``WA_MODEL_DIR`` (then the config
key ``model.dir``) replaces the ``models`` root, so tests, CI caches and shared
machines can point elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from wa_core.config import ModelSettings

MODEL_DIR_ENV = "WA_MODEL_DIR"


def user_cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("wa"))


def models_root(settings: ModelSettings | None = None, *, base: Path | None = None) -> Path:
    """The directory that holds one subdirectory per built model.

    A relative ``model.dir`` is taken relative to ``base`` (the config file's directory).
    """
    env = os.environ.get(MODEL_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    if settings is not None and settings.dir:
        configured = Path(settings.dir).expanduser()
        return configured if configured.is_absolute() or base is None else base / configured
    return user_cache_dir() / "models"


def model_dir(name: str, settings: ModelSettings | None = None, *, base: Path | None = None) -> Path:
    return models_root(settings, base=base) / name


def results_db_path() -> Path:
    """The SQLite file of the result cache (see ``wa_core.engine.cache``)."""
    return user_cache_dir() / "results.sqlite3"
