"""The notice page says what the 2012 notice says, and a fact changes every sentence stating it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from hrnotice import pipeline
from hrnotice.load import load_edition
from hrnotice.newyear import make_next_year
from hrnotice.schedule import key_dates

from .conftest import SEED, edit
from .html_text import blocks


def seed_paragraphs() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_notice_page_matches_the_seed_paragraph_by_paragraph(shipped_site: Path) -> None:
    page = blocks(shipped_site / "notice" / "index.html", "article.notice")
    seed = seed_paragraphs()
    for number, (ours, theirs) in enumerate(zip(page, seed), 1):
        assert ours == theirs, f"paragraph {number} differs"
    assert len(page) == len(seed)


def test_metadata_block_shows_what_a_government_site_shows(shipped_site: Path) -> None:
    cells = blocks(shipped_site / "notice" / "index.html", "table.notice-meta")
    assert cells == ["发文机关", "黑龙江省人力资源和社会保障厅", "发文字号", "黑人社函【2012】5号",
                     "成文日期", "2012年1月6日", "发布日期", "2012年1月9日",
                     "主题分类", "劳动、人事、监察\\人事工作", "有效性", "现行有效"]


def test_home_page_lists_the_key_dates_in_order(shipped_site: Path) -> None:
    items = blocks(shipped_site / "index.html", "ol.timeline")
    assert [re.sub(r"(前|至.*|（.*)$", "", i.split("日")[0] + "日") for i in items][:3] == [
        "2012年1月6日", "2012年3月3日", "2012年3月25日"]
    assert items[-1] == "各班结束后10个工作日内报送学员结业表最迟2012年7月13日（按国家法定节假日和调休安排计算）"


def test_changing_one_fact_changes_every_sentence_that_states_it(workdir: Path) -> None:
    edit(workdir / "data" / "notice.yml", "end: 2012-03-31", "end: 2012-03-30")
    site = workdir / "site"
    pipeline.build(workdir / "data", site)
    notice = "".join(blocks(site / "notice" / "index.html", "article.notice"))
    home = "".join(blocks(site / "index.html", "ol.timeline"))
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
    pipeline.build(workdir / "data", workdir / "site")
    assert expected in "".join(blocks(workdir / "site" / "notice" / "index.html", "article.notice"))


HOSTILE = '<script>alert(1)</script> **x** [a](javascript:alert(1)) {: onclick="x" } A | B &amp;'


def test_fact_values_are_shown_literally_never_as_markup(workdir: Path) -> None:
    facts = workdir / "data" / "notice.yml"
    edit(facts, "subject_category: 劳动、人事、监察\\人事工作", f"subject_category: '{HOSTILE}'")
    edit(facts, "title: 国家中长期人才发展规划纲要（2010-2020）", f"title: '{HOSTILE}'")
    pipeline.build(workdir / "data", workdir / "site")
    page = workdir / "site" / "notice" / "index.html"
    assert re.sub(r"\s+", "", HOSTILE) in blocks(page, "table.notice-meta")
    assert any(re.sub(r"\s+", "", HOSTILE) in p for p in blocks(page, "article.notice"))
    tree = html.fromstring(page.read_text(encoding="utf-8"))
    assert tree.xpath("//@onclick") == []
    assert tree.xpath("//script[contains(., 'alert')]") == []
    assert tree.xpath("//article//strong | //article//a[starts-with(@href, 'javascript')]") == []


def test_a_year_without_a_published_holiday_schedule_gives_no_firm_date(workdir: Path) -> None:
    make_next_year(workdir / "data", workdir / "2030", 2030)
    last = key_dates(load_edition(workdir / "2030").notice)[-1]
    assert last.detail == "约2030年7月12日（该年节假日安排尚未公布，按惯例推算，以国务院公布的安排为准）"
