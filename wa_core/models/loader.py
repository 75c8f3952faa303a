"""Find a built model and open an ``Engine`` on it, for the CLI, the checker and the frontends.

Every way a model can be unusable (the runtime not installed, never built, interrupted
build, damaged files, weights CTranslate2 refuses) becomes a ``ModelError`` whose message
ends with the command that fixes it. CTranslate2 is imported only once it is known to be
installed, so importing this module never fails for want of it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from wa_core.config import ModelSettings
from wa_core.engine.cache import ResultCache
from wa_core.models.manifest import Manifest, ModelCorrupt, build_command, require_runtime, verify
from wa_core.models.paths import model_dir, results_db_path

if TYPE_CHECKING:
    from wa_core.engine.model import Engine


def locate(settings: ModelSettings, *, base: Path | None = None) -> tuple[Path, Manifest]:
    """The directory and manifest of the configured model, once it checks out whole and the
    runtime that serves it is installed."""
    require_runtime()
    directory = model_dir(settings.name, settings, base=base)
    return directory, verify(directory)


def workers(settings: ModelSettings) -> int:
    """``model.workers``, with 0 (auto) as one per core, at most 2."""
    if settings.workers > 0:
        return settings.workers
    return max(1, min(2, os.cpu_count() or 1))


def load_engine(
    settings: ModelSettings,
    *,
    device: str | None = None,
    compute_type: str | None = None,
    cache: bool = True,
    base: Path | None = None,
) -> Engine:
    """An engine on the configured model; ``device``/``compute_type`` override the settings.

    Raises ``ModelError`` (with the rebuild command) and ``ValueError`` (an unknown
    device or compute type, listing the valid ones).
    """
    directory, _ = locate(settings, base=base)
    from wa_core.engine.model import Engine  # CTranslate2: installed, as ``locate`` found

    results = ResultCache(results_db_path()) if cache else None
    try:
        return Engine(
            directory,
            device or settings.device,
            compute_type or settings.compute_type,
            cpu_threads=max(0, settings.threads),
            num_workers=workers(settings),
            cache=results,
        )
    except RuntimeError as exc:  # CTranslate2 could not read the weights
        raise ModelCorrupt(
            f"model {settings.name!r} at {directory} cannot be loaded ({exc}): "
            f"run `{build_command(settings.name, force=True)}`"
        ) from None
