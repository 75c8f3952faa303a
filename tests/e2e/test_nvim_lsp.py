"""A real editor end to end: headless Neovim runs editors/nvim/wa.lua against `wa lsp`.

The Lua script (nvim_wa.lua) opens a Markdown and a LaTeX file, waits for diagnostics
with vim.wait, asks for code actions, applies a quick fix and runs the server-side
"disable rule" command; it writes what it saw to a JSON file this test reads.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
NVIM = shutil.which(
    "nvim", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
)

pytestmark = pytest.mark.skipif(NVIM is None, reason="Neovim (nvim) is not installed")


def test_neovim_drives_wa_lsp(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / ".git").mkdir()  # a root marker
    md = ws / "notes.md"
    md.write_text("# Notes\n\nSmile 😀 this is a sentnce.\n", encoding="utf-8")
    tex = ws / "paper.tex"
    tex.write_text(
        "\\documentclass{article}\n\\begin{document}\nAnother sentnce here.\n\\end{document}\n",
        encoding="utf-8",
    )
    out = tmp_path / "result.json"
    env = {
        **os.environ,
        "WA_E2E_OUT": str(out),
        "WA_E2E_MD": str(md),
        "WA_E2E_TEX": str(tex),
        "WA_E2E_CONFIG": str(ROOT / "editors" / "nvim" / "wa.lua"),
        "WA_E2E_CMD": json.dumps([sys.executable, "-m", "wa_core.cli.main", "lsp"]),
        "WA_MODEL_DIR": str(tmp_path / "models"),  # no model: the rule layer only
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    assert NVIM is not None
    proc = subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {HERE / 'nvim_wa.lua'}"],
        cwd=ws,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert out.exists(), f"nvim wrote no result (exit {proc.returncode}): {proc.stderr[-2000:]}"
    result = json.loads(out.read_text())
    assert result["errors"] == [], result["errors"]

    # Neovim offers utf-8, utf-16 and utf-32; the server picks utf-32 (code points).
    assert result["encoding"] == "utf-32"
    assert result["md_filetype"] == "markdown" and result["md_ready"]
    spell = next(d for d in result["md"] if d["code"] == "harper/SpellCheck")
    line = "Smile 😀 this is a sentnce."
    assert (spell["lnum"], spell["col"]) == (2, len(line[: line.index("sentnce")].encode("utf-8")))
    assert spell["source"] == "wa"
    assert result["md_actions"][0] == "Replace with ‘sentence’"
    assert "Add ‘sentnce’ to the project dictionary" in result["md_actions"]
    assert result["md_fixed_line"] == "Smile 😀 this is a sentence."
    assert md.read_text(encoding="utf-8").endswith("sentnce.\n")  # edited in the buffer, not saved
    assert result["md_cleared"]

    assert result["tex_filetype"] == "tex" and result["tex_ready"]
    assert result["tex_disable_title"] == "Disable rule harper/SpellCheck in this project"
    assert result["command_result"]["changed"] is True
    assert tomllib.loads((ws / ".wa.toml").read_text())["disabled_rules"] == ["harper/SpellCheck"]
    assert result["tex_cleared"]
