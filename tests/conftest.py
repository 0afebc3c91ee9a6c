"""Shared fixtures: a copy of the shipped data to break, the shipped notice loaded, one page rendered,
and (for the slow tests) the shipped site built once."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from hrnotice import pipeline
from hrnotice.cli import main
from hrnotice.load import Edition, Site, load_site, load_years
from hrnotice.site import SiteKind, YearFiles, pages
from hrnotice.sitegen import page_html

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the shipped data as `data/`, made the current directory."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The shipped 2012 notice archived by `new-year`, and the 2013 notice it started, its serials assigned."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert run("new-year", "2013").exit_code == 0
    edit(tmp_path / "data" / "notice.yml", "黑人社函【2013】号", "黑人社函〔2013〕3号")
    edit(tmp_path / "data" / "notice.yml", "11230000MB1234567J/2013-\n", "11230000MB1234567J/2013-00003\n")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    """Replace exactly one occurrence of `old` in a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def run(*args: str):
    """Run the command line in-process; returns click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@lru_cache(maxsize=None)
def shipped() -> Edition:
    """The shipped current notice, loaded once."""
    return load_years(DATA)[-1]


@lru_cache(maxsize=None)
def shipped_site_identity() -> Site:
    """The shipped site identity (data/site.yml), loaded once."""
    return load_site(DATA)


def page_source(edition: Edition, name: str, files: YearFiles = YearFiles()):
    """One page of a year's site as the generator receives it (title, Markdown, <meta> tags)."""
    (made,) = [p for p in pages(edition, files, site=shipped_site_identity(), kind=SiteKind.ROOT) if p.name == name]
    return made


def page(edition: Edition, name: str, files: YearFiles = YearFiles()) -> html.HtmlElement:
    """One page of a year's site as HTML, converted as the site converts it, without building the site."""
    return html.fromstring(f"<div>{page_html(page_source(edition, name, files))}</div>")


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built once from the shipped data, every year of it, with its forms and PDFs."""
    folder = tmp_path_factory.mktemp("shipped")
    pipeline.build(DATA, folder / "site", folder / "forms")
    return folder / "site"
