"""The build as the clerk runs it: atomic, reproducible, offline, with a one-line summary."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

from lxml import html

import pytest

from hrnotice.sitescan import is_external

from hrnotice.site import filing_links

from .conftest import ROOT, edit, run, shipped, shipped_site_identity

pytestmark = pytest.mark.slow  # whole builds


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_prints_a_one_line_summary(workdir: Path) -> None:
    result = run()
    assert result.exit_code == 0, result.stderr
    # The shipped 2012 text keeps its flaws, so the check warns (README lists them); each one printed is counted.
    warnings = [line for line in result.stderr.splitlines() if ": 警告 " in line or line.startswith("警告：")]
    assert len([line for line in warnings if "document-number-brackets" in line or "deadline-day-off" in line]) == 3
    assert re.fullmatch(rf"完成：网站 11 个页面，表格 \d+ 份，警告 {len(warnings)} 条，用时 \d+\.\d 秒\n", result.stdout)
    assert (workdir / "site" / "notice" / "index.html").is_file()


def test_the_program_ends_with_its_commands_exit_code_and_all_its_output(workdir: Path) -> None:
    # build.py ends the process without tearing the interpreter down (cli.run): nothing may be lost.
    program = [sys.executable, str(ROOT / "build.py")]
    built = subprocess.run([*program, "--no-pdf"], capture_output=True, text=True, cwd=workdir)
    assert built.returncode == 0 and re.fullmatch(r"完成：网站 11 个页面.*秒\n", built.stdout), built.stderr
    assert (workdir / "site" / "notice" / "index.html").is_file()
    edit(workdir / "data" / "notice.yml", "years: 5", "years: 五年")
    failed = subprocess.run([*program, "check"], capture_output=True, text=True, cwd=workdir)
    assert failed.returncode == 1 and "notice.yml" in failed.stderr and failed.stderr.endswith("\n")
    refused = subprocess.run([*program, "--site", "data"], capture_output=True, text=True, cwd=workdir)
    assert refused.returncode == 2 and "--site" in refused.stderr


def test_a_failed_build_keeps_the_previous_site(workdir: Path) -> None:
    assert run().exit_code == 0
    before = digest(workdir / "site"), digest(workdir / "forms")
    edit(workdir / "data" / "notice.yml", "years: 5", "years: 五年")
    result = run()
    assert result.exit_code == 1
    assert (digest(workdir / "site"), digest(workdir / "forms")) == before
    assert sorted(p.name for p in workdir.iterdir()) == ["data", "forms", "server", "site"]  # no staging left behind


def test_two_builds_give_identical_bytes(workdir: Path) -> None:
    assert run("--site", "first", "--server", "server-first").exit_code == 0
    assert run("--site", "second", "--server", "server-second").exit_code == 0
    first, second = digest(workdir / "first"), digest(workdir / "second")
    assert {"sitemap.xml.gz", "feed.xml", "calendar.ics", "2012/calendar.ics"} <= set(first)
    assert first == second
    assert digest(workdir / "server-first") == digest(workdir / "server-second")


def test_no_page_loads_anything_from_another_host(shipped_site: Path) -> None:
    references = []
    # Links (not loads) to the institutions' registration sites are the catalog's purpose; the
    # footer links the two filing sites; a page names its own published address (canonical).
    allowed = shipped().catalog.registration_urls | filing_links(shipped_site_identity())
    own = shipped_site_identity().identity.url
    for page in shipped_site.rglob("*.html"):
        tree = html.fromstring(page.read_bytes())
        references += tree.xpath("//@src | //@href[not(parent::a) and not(parent::link[@rel='canonical'])]")
        references += [h for h in tree.xpath("//a/@href") if h not in allowed]
        assert all(h.startswith(own) for h in tree.xpath("//link[@rel='canonical']/@href"))
    assert references, "no links found at all"
    assert [r for r in references if is_external(r)] == []


def test_search_index_segments_chinese(shipped_site: Path) -> None:
    index = (shipped_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["zh"]' in index.replace(" ", "")
    assert "\u200b" in index or "\\u200b" in index  # jieba's segments, joined by zero-width spaces
