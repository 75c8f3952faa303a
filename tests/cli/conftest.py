"""CLI tests run in a scratch directory with rules only and no model on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wa_core.cli.main import main


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project directory as cwd whose config runs Harper only; no model can be found."""
    monkeypatch.setenv("WA_MODEL_DIR", str(tmp_path / "no-model"))
    project = tmp_path / "project"
    project.mkdir()
    (project / ".wa.toml").write_text('checkers = ["harper"]\n')
    monkeypatch.chdir(project)
    return project


@pytest.fixture
def wa(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run ``wa ARGS…`` in-process: (exit status, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            status = int(exc.code or 0)
        out, err = capsys.readouterr()
        return status, out, err

    return run
