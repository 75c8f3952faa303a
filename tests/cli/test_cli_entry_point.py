"""The installed ``wa`` console script, run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WA = shutil.which("wa", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(WA is None, reason="the wa console script is not installed")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert WA is not None
    env = {**os.environ, "WA_MODEL_DIR": str(cwd / "no-model")}
    return subprocess.run(
        [WA, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_version(workdir: Path) -> None:
    result = run("--version", cwd=workdir)
    assert result.returncode == 0
    assert result.stdout.startswith("wa ")


def test_check_reports_a_finding_and_exits_1(workdir: Path) -> None:
    (workdir / "doc.md").write_text("# Notes\n\nShe bought a apple.\n")
    result = run("check", "doc.md", cwd=workdir)
    assert result.returncode == 1
    assert result.stdout.startswith("doc.md:3:12: warning harper/AnA ")
    assert "Traceback" not in result.stderr


def test_a_bad_config_exits_2_with_one_line(workdir: Path) -> None:
    (workdir / ".wa.toml").write_text("min_severity = 3\n")
    (workdir / "doc.md").write_text("Fine.\n")
    result = run("check", "doc.md", cwd=workdir)
    assert result.returncode == 2
    assert result.stderr.endswith("[tool.wa] min_severity: expected a string\n")
    assert len(result.stderr.splitlines()) == 1


def test_the_pre_commit_hook_runs_wa_check_on_prose_files() -> None:
    yaml = pytest.importorskip("yaml")
    hooks_file = Path(__file__).parents[2] / ".pre-commit-hooks.yaml"
    [hook] = yaml.safe_load(hooks_file.read_text())
    assert hook["id"] == "wa-check"
    assert hook["entry"] == "wa check"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["markdown", "tex", "rst", "asciidoc", "plain-text"]
