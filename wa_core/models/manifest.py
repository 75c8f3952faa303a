"""``manifest.json``: what a built model was made from, and the check that it is whole.

The build writes the manifest last, inside a temporary directory that is renamed into
place, so a model directory without one (or with files whose sizes differ from it)
is an interrupted or damaged build. Loaders call ``verify`` before touching the
weights and turn its errors into a message with the command that rebuilds the model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
# Bump when the layout of a built model changes, so old builds are rebuilt.
FORMAT = 1
# Files a usable model directory must hold besides the manifest.
REQUIRED_FILES = ("model.bin", "config.json", "vocabulary.json", "tokenizer.json")


class ModelError(RuntimeError):
    """A model cannot be used; the message says what to run."""


class ModelNotBuilt(ModelError):
    pass


class ModelCorrupt(ModelError):
    pass


class RuntimeMissing(ModelError):
    """The serving runtime (CTranslate2, tokenizers, numpy) is not installed."""


def require_runtime() -> None:
    """``RuntimeMissing`` naming the missing package, unless the serving runtime is installed
    (looked up, not imported: a result from the cache never needs numpy)."""
    for name in ("ctranslate2", "tokenizers", "numpy"):
        if importlib.util.find_spec(name) is None:
            raise RuntimeMissing(
                f"the model runtime is not installed ({name} is missing): "
                "pip install ctranslate2 tokenizers numpy"
            )


def build_command(name: str, *, force: bool = False) -> str:
    """The exact command that (re)builds model ``name``."""
    parts = ["wa", "models", "build"]
    if name != "default":
        parts.append(name)
    if force:
        parts.append("--force")
    return " ".join(parts)


@dataclass(frozen=True)
class Manifest:
    name: str
    base: str
    base_file: str
    base_sha256: str
    adapter_sha256: str | None
    tasks: tuple[str, ...]
    prompt_version: str
    quantization: str
    ctranslate2_version: str
    created: str  # ISO 8601, UTC
    files: Mapping[str, int] = field(default_factory=dict)  # name -> size in bytes
    format: int = FORMAT

    @property
    def key(self) -> str:
        """What makes two builds interchangeable; a build is skipped when this matches."""
        return build_key(self.base_sha256, self.adapter_sha256, self.prompt_version, self.quantization)

    @property
    def tuned(self) -> bool:
        """Whether a fine-tuned adapter was merged (else the base instruct model, prompted)."""
        return self.adapter_sha256 is not None

    def to_json(self) -> str:
        data = asdict(self)
        data["tasks"] = list(self.tasks)
        data["files"] = dict(self.files)
        data["key"] = self.key
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        adapter = data.get("adapter_sha256")
        files = data.get("files", {})
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, int) for k, v in files.items()
        ):
            raise ValueError("files: expected a mapping of names to sizes")
        return cls(
            name=_str(data, "name"),
            base=_str(data, "base"),
            base_file=_str(data, "base_file"),
            base_sha256=_str(data, "base_sha256"),
            adapter_sha256=None if adapter is None else str(adapter),
            tasks=tuple(str(t) for t in data.get("tasks", ())),
            prompt_version=_str(data, "prompt_version"),
            quantization=_str(data, "quantization"),
            ctranslate2_version=_str(data, "ctranslate2_version"),
            created=_str(data, "created"),
            files=dict(files),
            format=int(data.get("format", 0)),
        )


def _str(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise ValueError(f"{key}: expected a string")
    return value


def build_key(base_sha256: str, adapter_sha256: str | None, prompt_version: str, quantization: str) -> str:
    parts = [f"format={FORMAT}", base_sha256, adapter_sha256 or "-", prompt_version, quantization]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_files(paths: Iterable[Path]) -> str:
    """One digest over several files, their names included (an adapter is two files)."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0")
        digest.update(sha256_file(path).encode() + b"\n")
    return digest.hexdigest()


def file_sizes(directory: Path) -> dict[str, int]:
    """Sizes of the regular files directly in ``directory``, the manifest excepted."""
    return {
        p.name: p.stat().st_size for p in sorted(directory.iterdir()) if p.is_file() and p.name != MANIFEST
    }


def write_manifest(directory: Path, manifest: Manifest) -> None:
    (directory / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")


def read_manifest(directory: Path) -> Manifest:
    """The manifest of a model directory; ``ModelError`` when absent or unreadable."""
    name = directory.name
    path = directory / MANIFEST
    if not directory.is_dir():
        raise ModelNotBuilt(f"no model built: run `{build_command(name)}`")
    if not path.is_file():
        raise ModelCorrupt(
            f"model {name!r} at {directory} is incomplete (no {MANIFEST}): "
            f"run `{build_command(name, force=True)}`"
        )
    try:
        return Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, ValueError, TypeError, AttributeError) as exc:
        raise ModelCorrupt(
            f"model {name!r} at {directory} has an unreadable {MANIFEST} ({exc}): "
            f"run `{build_command(name, force=True)}`"
        ) from None


def verify(directory: Path) -> Manifest:
    """The manifest, once every file it lists is present with the size it records."""
    manifest = read_manifest(directory)
    name = directory.name
    problems: list[str] = []
    if manifest.format != FORMAT:
        problems.append(f"built by an older wa (format {manifest.format}, now {FORMAT})")
    for required in REQUIRED_FILES:
        if required not in manifest.files:
            problems.append(f"{required} not listed")
    for file, size in manifest.files.items():
        try:
            actual = (directory / file).stat().st_size
        except OSError:
            problems.append(f"{file} missing")
            continue
        if actual != size:
            problems.append(f"{file} is {actual} bytes, expected {size}")
    if problems:
        raise ModelCorrupt(
            f"model {name!r} at {directory} is damaged ({'; '.join(problems[:3])}): "
            f"run `{build_command(name, force=True)}`"
        )
    return manifest
