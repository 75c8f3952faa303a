"""``wa models build|list|info|path``, and the helpers the model commands share.

``correct``, ``rewrite`` and ``summarize`` open the engine through ``open_engine``,
so every model command reports a missing or damaged model the same way: one line
with the command that builds it, exit 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from wa_core.cli.files import STDIN, InputError, named, read
from wa_core.cli.main import EXIT_OK, UsageError
from wa_core.config import Config, load_config
from wa_core.engine import numerics
from wa_core.models.manifest import ModelError, read_manifest, sha256_files, verify
from wa_core.models.paths import models_root
from wa_core.models.registry import ADAPTER_FILES, SPECS

if TYPE_CHECKING:
    from wa_core.engine.model import Engine


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "models",
        help="build and inspect the local models",
        description="Build the default model offline from registry weights, and inspect built models.",
    )
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    build = sub.add_parser("build", help="build a model (GGUF + adapter → CTranslate2 int8)")
    build.add_argument("name", nargs="?", help="model name (default: model.name from config, else 'default')")
    build.add_argument("--force", action="store_true", help="rebuild even when the build is up to date")
    build.add_argument(
        "--quantization", default="int8", help="CTranslate2 weight quantization (default: int8)"
    )
    build.set_defaults(func=_build)

    listing = sub.add_parser("list", help="list the models and whether they are built")
    listing.set_defaults(func=_list)

    info = sub.add_parser("info", help="show a built model's manifest")
    info.add_argument("name", nargs="?")
    info.add_argument("--json", action="store_true", help="print the manifest as JSON")
    info.set_defaults(func=_info)

    path = sub.add_parser("path", help="print the directory a model is (or will be) built in")
    path.add_argument("name", nargs="?")
    path.set_defaults(func=_path)


# --- shared by the model commands -----------------------------------------------------


# wa_core.engine.model.DEVICES, spelled out so `wa` starts without importing ctranslate2.
DEVICES = ("auto", "cpu", "cuda")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device", choices=DEVICES, help="where to run the model (default: model.device, auto)"
    )
    parser.add_argument(
        "--compute-type",
        help="CTranslate2 compute type, e.g. int8, int8_float16, float32 (default: model.compute_type)",
    )
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")


def config_for(path: str | None) -> Config:
    """The settings for a file argument (found from its directory), else for the working directory."""
    if path and path != "-":
        return load_config(Path(path).resolve().parent)
    return load_config(Path.cwd())


def open_engine(args: argparse.Namespace, config: Config) -> Engine:
    """The engine for a model command; every failure is a one-line ``UsageError``."""
    from wa_core.models.loader import load_engine

    try:
        return load_engine(
            config.model,
            device=args.device,
            compute_type=args.compute_type,
            cache=not args.no_cache,
            base=config.root,
        )
    except (ModelError, ValueError) as exc:
        raise UsageError(str(exc)) from None


def read_input(arg: str | None) -> str:
    """The text of FILE, or of stdin for ``-`` or no argument, read as ``wa check`` reads it
    (UTF-8; binary, UTF-16 and undecodable input refused with a message naming it)."""
    try:
        return read(named(STDIN if arg is None else arg)).text
    except InputError as exc:
        raise UsageError(str(exc)) from None


def text_argument(text: str) -> str:
    """TEXT given on the command line; bytes that are not UTF-8 are refused, not passed on."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError("TEXT: not valid UTF-8") from None
    return text


# --- the subcommands ------------------------------------------------------------------


def _root_and_name(args: argparse.Namespace) -> tuple[Path, str]:
    config = config_for(None)
    return models_root(config.model, base=config.root), args.name or config.model.name


def _known(name: str) -> str:
    """``name`` if wa can build a model of that name; a usage error naming those it can."""
    if name not in SPECS:
        raise UsageError(f"unknown model {name!r} (available: {', '.join(sorted(SPECS))})")
    return name


def _build(args: argparse.Namespace) -> int:
    from wa_core.models.build import BuildUnavailable, build
    from wa_core.models.registry import BaseWeightsMissing

    root, name = _root_and_name(args)
    started = time.monotonic()

    def progress(message: str) -> None:
        print(f"wa: [{time.monotonic() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    try:
        result = build(name, root, force=args.force, quantization=args.quantization, progress=progress)
    except (BuildUnavailable, BaseWeightsMissing, ValueError, FileExistsError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # no room, no permission: the previous build, if any, stays in place
        where = f" ({exc.filename})" if exc.filename else ""
        raise UsageError(f"cannot build {name} into {root / name}: {exc.strerror or exc}{where}") from None
    if result.built:
        size = sum(result.manifest.files.values()) / 1e6
        print(
            f"wa: built {name} in {time.monotonic() - started:.1f}s ({size:.0f} MB): {result.path}",
            file=sys.stderr,
        )
    else:
        print(f"wa: {name} is up to date (use --force to rebuild): {result.path}", file=sys.stderr)
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    root, _ = _root_and_name(argparse.Namespace(name=None))
    rows = [("NAME", "STATUS", "BASE", "ADAPTER", "PATH")]
    for name, spec in sorted(SPECS.items()):
        directory = root / name
        try:
            manifest = verify(directory)
            status = "built"
        except ModelError as exc:
            status = "not built" if not directory.exists() else "damaged"
            manifest = None
            if status == "damaged":
                print(f"wa: {exc}", file=sys.stderr)
        adapter = spec.adapter_dir()
        shipped = adapter.name if adapter else "-"
        adapter_sha = sha256_files(adapter / f for f in ADAPTER_FILES) if adapter else None
        if manifest is not None and manifest.adapter_sha256 != adapter_sha:
            status = "outdated"  # the shipped adapter changed since this build
        rows.append((name, status, spec.base, shipped, str(directory)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=False)) + "  " + row[-1])
    return EXIT_OK


def _info(args: argparse.Namespace) -> int:
    root, name = _root_and_name(args)
    directory = root / _known(name)
    try:
        manifest = verify(directory)
    except ModelError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(read_manifest(directory).to_json(), end="")
        return EXIT_OK
    print(f"name          {manifest.name}")
    print(f"path          {directory}")
    print(f"base          {manifest.base} ({manifest.base_file}, sha256 {manifest.base_sha256[:12]})")
    adapter = (
        f"sha256 {manifest.adapter_sha256[:12]}" if manifest.adapter_sha256 else "none (base model, prompted)"
    )
    print(f"adapter       {adapter}")
    print(f"tasks         {', '.join(manifest.tasks)}")
    print(f"prompts       version {manifest.prompt_version}")
    print(f"weights       CTranslate2 {manifest.ctranslate2_version}, {manifest.quantization}")
    if manifest.quantization.startswith("int8"):
        print(f"cpu int8      {numerics.describe()}")
    print(f"built         {manifest.created}")
    for file, size in sorted(manifest.files.items()):
        print(f"  {file:<20} {size / 1e6:9.1f} MB")
    return EXIT_OK


def _path(args: argparse.Namespace) -> int:
    root, name = _root_and_name(args)
    print(root / _known(name))
    return EXIT_OK
