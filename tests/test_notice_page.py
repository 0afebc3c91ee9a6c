"""The notice page says what the 2012 notice says, and a fact changes every sentence stating it.

`golden/2012-notice.txt` is the text of the 2012 notice as published (the project's seed), one
paragraph a line; the page must say exactly that, flaws included. If the shipped notice is
meant to change, refresh it with `python -m tests.refresh_golden` and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrnotice.load import load_years
from hrnotice.newyear import start_next_year
from hrnotice.schedule import key_dates

from .conftest import ROOT, edit, page, shipped
from .html_text import blocks

GOLDEN = ROOT / "tests" / "golden" / "2012-notice.txt"


def golden_paragraphs() -> list[str]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_notice_page_matches_the_published_text_paragraph_by_paragraph() -> None:
    ours = blocks(page(shipped(), "notice.md"), "article.notice")
    theirs = golden_paragraphs()
    for number, (mine, published) in enumerate(zip(ours, theirs), 1):
        assert mine == published, f"paragraph {number} differs"
    assert len(ours) == len(theirs)


def test_metadata_block_shows_what_a_government_site_shows() -> None:
    cells = blocks(page(shipped(), "notice.md"), "table.notice-meta")
    assert cells == ["索引号", "11230000MB1234567J/2012-00005注：示意的占位值，不是真实的索引号",
                     "主题分类", "劳动、人事、监察\\人事工作",
                     "发文机关", "黑龙江省人力资源和社会保障厅", "成文日期", "2012年1月6日",
                     "标题", "关于开展2012年度专业技术人员继续教育知识更新培训工作的通知",
                     "发文字号", "黑人社函【2012】5号",
                     "发布日期", "2012年1月9日注：原文未载发布日期，此为本项目的假设（成文后的第一个工作日）",
                     "有效性", "现行有效"]


def test_home_page_lists_the_key_dates_in_order() -> None:
    items = blocks(page(shipped(), "index.md"), "ol.timeline")
    assert [re.sub(r"(前|至.*|（.*)$", "", i.split("日")[0] + "日") for i in items][:3] == [
        "2012年1月6日", "2012年3月3日", "2012年3月25日"]
    assert items[-1] == "各班结束后10个工作日内报送学员结业表最迟2012年7月13日（按国家法定节假日和调休安排计算）"


def current(workdir: Path):
    return load_years(workdir / "data")[-1]


def test_changing_one_fact_changes_every_sentence_that_states_it(workdir: Path) -> None:
    edit(workdir / "data" / "notice.yml", "end: 2012-03-31", "end: 2012-03-30")
    notice = "".join(blocks(page(current(workdir), "notice.md"), "article.notice"))
    home = "".join(blocks(page(current(workdir), "index.md"), "ol.timeline"))
    assert "2012年3月3日至3月30日" in notice and "2012年3月3日至3月30日" in home
    assert "3月31日" not in notice + home


@pytest.mark.parametrize(("old", "new", "expected"), [
    # A consistent change: the check refuses facts that contradict each other (72 = 60 + 12 …).
    ("senior:\n      online: {hours: 60, days: 10}\n      live: {hours: 12, days: 2}",
     "senior:\n      online: {hours: 66, days: 11}\n      live: {hours: 6, days: 1}",
     "参加网络函授66学时（11天）和网上面授6学时（1天）"),
    ("years: 5", "years: 4", "每4年为一个培训周期"),
    ("paid_years: [2010, 2011]", "paid_years: [2011]", "（2011年已报名并缴费的今年不再缴费）"),
    ("completion_report_working_days: 10", "completion_report_working_days: 7", "培训结束后7个工作日内"),
])
def test_body_figures_come_from_the_facts(workdir: Path, old: str, new: str, expected: str) -> None:
    edit(workdir / "data" / "notice.yml", old, new)
    assert expected in "".join(blocks(page(current(workdir), "notice.md"), "article.notice"))


HOSTILE = '<script>alert(1)</script> **x** [a](javascript:alert(1)) {: onclick="x" } A | B &amp;'


def test_fact_values_are_shown_literally_never_as_markup(workdir: Path) -> None:
    facts = workdir / "data" / "notice.yml"
    edit(facts, "subject_category: 劳动、人事、监察\\人事工作", f"subject_category: '{HOSTILE}'")
    edit(facts, "title: 国家中长期人才发展规划纲要（2010-2020）", f"title: '{HOSTILE}'")
    tree = page(current(workdir), "notice.md")
    assert re.sub(r"\s+", "", HOSTILE) in blocks(tree, "table.notice-meta")
    assert any(re.sub(r"\s+", "", HOSTILE) in p for p in blocks(tree, "article.notice"))
    assert tree.xpath("//@onclick") == []
    assert tree.xpath("//script") == []
    assert tree.xpath("//article//strong | //article//a[starts-with(@href, 'javascript')]") == []


def test_a_year_without_a_published_holiday_schedule_gives_no_firm_date(workdir: Path) -> None:
    start_next_year(current(workdir), 2030)
    last = key_dates(current(workdir).notice)[-1]
    assert last.detail == "约2030年7月12日（该年节假日安排尚未公布，按惯例推算，以国务院公布的安排为准）"
