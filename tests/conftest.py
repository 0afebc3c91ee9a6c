"""Shared fixtures: a copy of the shipped data to break, and builds of the shipped site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from hrnotice import pipeline
from hrnotice.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "2012-notice.txt"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the 2012 data as `data/` (one year on its own), made the current directory."""
    shutil.copytree(ROOT / "data" / "2012", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the shipped data, every year of it."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    pipeline.build(ROOT / "data", site)
    return site
