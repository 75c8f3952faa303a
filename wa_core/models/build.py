"""Build a servable model: registry GGUF + shipped LoRA adapter → CTranslate2 int8.

This is the one module in ``wa_core`` that uses torch, transformers, peft and gguf
(an import-linter exception in ``pyproject.toml``). They are imported inside the
functions, so importing this module costs nothing and serving never loads them.

The steps, and why each is there:

1. transformers reads the GGUF file (dequantising it to float32). A model loaded that
   way refuses ``save_pretrained`` and carries a GGUF ``quantization_config`` the
   CTranslate2 converter rejects, so a plain model is rebuilt from its config and
   given the state dict.
2. peft merges the adapter into the plain weights, when one is shipped.
3. The plain model is saved as a Hugging Face checkpoint in a scratch directory and
   converted with ``ctranslate2.converters.TransformersConverter``; the tokenizer is
   written beside it as ``tokenizer.json`` for the ``tokenizers`` package.

``build`` adds what a user needs around it: a build is keyed by hashes, so it is
skipped when nothing changed; it happens in a temporary directory renamed into
place, so a crash never leaves a half-written model where the loader looks.

Copy-paste::

    wa models build            # the default model into the user cache directory
    wa models build --force    # rebuild even if up to date
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wa_core.engine import prompts
from wa_core.models.manifest import (
    MANIFEST,
    Manifest,
    ModelError,
    build_key,
    file_sizes,
    sha256_file,
    sha256_files,
    verify,
    write_manifest,
)
from wa_core.models.registry import ADAPTER_FILES, base_gguf_path, get_spec

log = logging.getLogger("wa.models.build")

QUANTIZATIONS = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)

Progress = Callable[[str], None]


class BuildUnavailable(RuntimeError):
    """The build dependencies (torch, transformers, peft, gguf) are not installed."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    manifest: Manifest
    built: bool  # False when an up-to-date build was already there


def _no_progress(message: str) -> None:
    log.info("%s", message)


def require_build_stack() -> None:
    """Import the build stack (or say how to install it) and keep it off the network."""
    try:
        import gguf  # noqa: F401  (transformers reads GGUF files with it)
        import torch  # noqa: F401
        import transformers
    except ImportError as exc:
        raise BuildUnavailable(
            f"building a model needs {exc.name}: pip install 'wa[build]' "
            "(torch is needed only to build; serving never imports it)"
        ) from None
    # Everything is on disk; never let a hub lookup reach for the network.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # transformers 5 swaps in kernels fetched from the hub on a GPU ("kernels-community/rotary"):
    # offline that fails the load (seen on an H200 with transformers 5.25), so keep its own layers.
    os.environ.setdefault("USE_HUB_KERNELS", "0")
    transformers.utils.logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    transformers.utils.logging.disable_progress_bar()  # type: ignore[no-untyped-call]


def load_base(base_gguf: Path | str) -> tuple[Any, Any]:
    """A plain (savable, convertible) float32 model and its tokenizer from a GGUF file."""
    require_build_stack()
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = Path(base_gguf)
    tokenizer = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    loaded = AutoModelForCausalLM.from_pretrained(str(path.parent), gguf_file=path.name, dtype=torch.float32)
    config_dict = loaded.config.to_dict()
    for key in ("quantization_config", "_name_or_path", "_model_name_or_path"):
        config_dict.pop(key, None)
    config = type(loaded.config).from_dict(config_dict)
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)  # type: ignore[no-untyped-call]
    model.load_state_dict(loaded.state_dict(), strict=True)
    del loaded
    model.eval()
    return model, tokenizer


def merge_adapter(model: Any, adapter_dir: Path | str) -> Any:
    """``model`` with the LoRA adapter in ``adapter_dir`` merged into its weights."""
    require_build_stack()
    try:
        from peft import PeftModel
    except ImportError:
        raise BuildUnavailable("merging an adapter needs peft: pip install 'wa[build]'") from None

    merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    merged.eval()
    return merged


def convert(model: Any, tokenizer: Any, out_dir: Path | str, quantization: str = "int8") -> Path:
    """Save ``model`` + ``tokenizer`` as a Hugging Face checkpoint and convert it to CTranslate2.

    ``out_dir`` must be missing or empty; it receives ``model.bin``, ``config.json``,
    ``vocabulary.json`` and ``tokenizer.json``.
    """
    require_build_stack()
    import ctranslate2

    if quantization not in QUANTIZATIONS:
        raise ValueError(f"unknown quantization {quantization!r} (valid: {', '.join(QUANTIZATIONS)})")
    out = Path(out_dir)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    with tempfile.TemporaryDirectory(prefix="wa-hf-") as scratch:
        model.save_pretrained(scratch, safe_serialization=True)
        tokenizer.save_pretrained(scratch)
        ctranslate2.converters.TransformersConverter(scratch).convert(
            str(out), quantization=quantization, force=True
        )
        shutil.copyfile(Path(scratch) / "tokenizer.json", out / "tokenizer.json")
    return out


def merge_and_convert(
    base_gguf: Path | str,
    adapter_dir: Path | str | None,
    out_dir: Path | str,
    quantization: str = "int8",
    *,
    progress: Progress | None = None,
) -> Path:
    """GGUF base (+ LoRA adapter) → a CTranslate2 model in ``out_dir`` (missing or empty).

    Training's export calls this too, so what it evaluates is what users run.
    """
    report = progress or _no_progress
    report(f"loading base weights from {Path(base_gguf).name}")
    model, tokenizer = load_base(base_gguf)
    if adapter_dir is not None:
        report(f"merging adapter {Path(adapter_dir).name}")
        model = merge_adapter(model, adapter_dir)
    report(f"converting to CTranslate2 ({quantization})")
    return convert(model, tokenizer, out_dir, quantization)


def expected_key(name: str, quantization: str = "int8") -> tuple[str, str, str | None]:
    """The build key a fresh build of ``name`` would have, with the base and adapter hashes."""
    spec = get_spec(name)
    base_sha = sha256_file(base_gguf_path(spec))
    adapter = spec.adapter_dir()
    adapter_sha = sha256_files(adapter / f for f in ADAPTER_FILES) if adapter else None
    return build_key(base_sha, adapter_sha, prompts.PROMPT_VERSION, quantization), base_sha, adapter_sha


def up_to_date(directory: Path, key: str) -> Manifest | None:
    """The manifest of a whole build in ``directory`` made from the same inputs, else None."""
    try:
        manifest = verify(directory)
    except ModelError:
        return None
    return manifest if manifest.key == key else None


def build(
    name: str,
    root: Path,
    *,
    force: bool = False,
    quantization: str = "int8",
    progress: Progress | None = None,
) -> BuildResult:
    """Build model ``name`` into ``root/name`` unless an identical build is already there."""
    report = progress or _no_progress
    spec = get_spec(name)
    dest = root / name
    if root.exists() and not root.is_dir():
        raise ValueError(f"cannot build {name} into {root}: it is a file, not a directory")
    base = base_gguf_path(spec)
    adapter = spec.adapter_dir()
    report("hashing base weights" + (" and adapter" if adapter else ""))
    key, base_sha, adapter_sha = expected_key(name, quantization)
    if not force and (existing := up_to_date(dest, key)) is not None:
        return BuildResult(dest, existing, built=False)
    if adapter is None:
        report("no adapter shipped: building the base instruct model (prompted)")

    import ctranslate2

    root.mkdir(parents=True, exist_ok=True)
    with _scratch_dir(root, name) as tmp:
        merge_and_convert(base, adapter, tmp, quantization, progress=report)
        report("writing manifest")
        manifest = Manifest(
            name=name,
            base=spec.base,
            base_file=spec.base_file,
            base_sha256=base_sha,
            adapter_sha256=adapter_sha,
            tasks=spec.tasks,
            prompt_version=prompts.PROMPT_VERSION,
            quantization=quantization,
            ctranslate2_version=ctranslate2.__version__,
            created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            files=file_sizes(tmp),
        )
        write_manifest(tmp, manifest)
        _swap_into_place(tmp, dest)
    return BuildResult(dest, manifest, built=True)


@contextlib.contextmanager
def _scratch_dir(root: Path, name: str) -> Iterator[Path]:
    # In the same directory as the destination, so the final rename never crosses filesystems.
    tmp = Path(tempfile.mkdtemp(prefix=f".{name}.building-", dir=root))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _swap_into_place(tmp: Path, dest: Path) -> None:
    """Rename ``tmp`` to ``dest``, replacing an older build only once the new one is whole."""
    if not (tmp / MANIFEST).is_file():
        raise ModelError(f"refusing to install an incomplete build from {tmp}")
    old = None
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    try:
        tmp.rename(dest)
    except OSError:
        if old is not None and not dest.exists():
            old.rename(dest)  # put the previous build back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
