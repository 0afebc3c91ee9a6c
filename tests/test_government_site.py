"""What a government site carries, checked on single pages (no site build): the 网页设计规范 <meta>
tags, the metadata block, linked annexes, the 政策解读, the feeds, the notice's new facts."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path

import icalendar
import pytest

from hrnotice.feeds import atom_feed, key_dates_calendar
from hrnotice.forms import FormsOutput
from hrnotice.load import load_site, load_years
from hrnotice.site import YearFiles, annex_targets, link_annexes, site_meta

from .conftest import DATA, edit, page, page_source, run, shipped, shipped_site_identity
from .html_text import blocks


def within(tree, selector: str, inner: str = "") -> list:
    """Elements `tag.class` (and under them, `inner` as an XPath step such as `//a[@download]`)."""
    tag, cls = selector.split(".")
    return tree.xpath(f"//{tag}[contains(concat(' ', @class, ' '), ' {cls} ')]{inner}")

ATOM = "{http://www.w3.org/2005/Atom}"
INTERPRETATION = """---
title: 《关于开展2012年度专业技术人员继续教育知识更新培训工作的通知》解读
date: 2012-01-10
---

## 一、什么时候报名

{{ schedule.registration | date_range }}，登录培训院校网站报名。
"""


def test_every_page_carries_the_site_and_column_tags_filled_from_site_yml() -> None:
    assert site_meta(shipped_site_identity()) == {
        "SiteName": "黑龙江省人力资源和社会保障厅",
        "SiteDomain": "hrss.hlj.gov.cn",
        "SiteIDCode": "2300000000",
        "ColumnName": "专业技术人员继续教育知识更新培训",
        "ColumnDescription": "黑龙江省专业技术人员继续教育知识更新培训的年度通知、培训院校及专业、表格下载和重要日期",
        "ColumnKeywords": "专业技术人员,继续教育,知识更新培训,公需科目,专业科目",
    }


@pytest.mark.parametrize(("name", "column_type"), [
    ("index.md", "专题专栏"), ("notice.md", "通知公告"), ("catalog.md", "通知公告"), ("forms.md", "办事服务")])
def test_each_page_says_what_kind_of_column_it_is(name: str, column_type: str) -> None:
    assert page_source(shipped(), name).meta["ColumnType"] == column_type


def test_the_notice_page_carries_the_article_tags() -> None:
    meta = page_source(shipped(), "notice.md").meta
    assert meta == {
        "ColumnType": "通知公告",
        "ArticleTitle": "关于开展2012年度专业技术人员继续教育知识更新培训工作的通知",
        "PubDate": "2012-01-09",
        "ContentSource": "黑龙江省人力资源和社会保障厅",
        "Keywords": "专业技术人员,继续教育,知识更新培训,公需科目,专业科目",  # no 主题词: the column's keywords
        "Author": "黑龙江省人力资源和社会保障厅",
        "Description": "黑龙江省人力资源和社会保障厅黑人社函【2012】5号。报名时间：2012年3月3日至3月31日；"
                       "培训时间共72学时（12天）；2012年4月6日至6月12日期间举办培训班次，2012年6月30日前全部结束。",
        "Url": "https://hrss.hlj.gov.cn/jxjy/2012/notice/",
    }


def test_keywords_are_the_notices_own_when_it_has_them() -> None:
    edition = dataclasses.replace(shipped(), notice=shipped().notice.model_copy(update={"keywords": ["人事", "培训"]}))
    assert page_source(edition, "notice.md").meta["Keywords"] == "人事,培训"
    assert "主题词" in blocks(page(edition, "notice.md"), "table.notice-meta")
    assert "人事培训" in blocks(page(edition, "notice.md"), "table.notice-meta")  # joined by a full-width space


def test_the_document_number_and_index_number_keep_together_when_they_wrap() -> None:
    unbreakable = [span.text_content() for span in within(page(shipped(), "notice.md"), "table.notice-meta",
                                                           "//span[@class='nobreak']")]
    assert "黑人社函【2012】5号" in unbreakable
    assert ["11230000MB1234567J/", "2012-00005"] == unbreakable[:2]  # a break only after the "/"


def test_every_annex_mentioned_in_the_body_links_to_where_it_is_without_changing_the_text() -> None:
    links = {(a.text_content(), a.get("href")) for a in within(page(shipped(), "notice.md"), "article.notice", "//a")}
    assert links == {
        ("附件1", "catalog.md"), ("附件2", "forms.md"), ("附件3", "forms.md"), ("附件4", "forms.md"),
        ("培训院校及专业科目培训专业明细", "catalog.md"),
        ("黑龙江省专业技术人员继续教育知识更新培训学员录取表", "forms.md"),
        ("黑龙江省专业技术人员继续教育知识更新培训学员登记表", "forms.md"),
        ("黑龙江省专业技术人员继续教育知识更新培训学员结业表", "forms.md"),
    }


def test_once_the_forms_are_made_the_annexes_link_to_their_section_of_the_forms_page() -> None:
    edition = shipped()
    made = FormsOutput(annexes=[type("Item", (), {"annex": a})() for a in edition.notice.annexes])
    assert annex_targets(edition, YearFiles(forms=made)) == {
        1: "catalog.md", 2: "forms.md#annex-2", 3: "forms.md#annex-3", 4: "forms.md#annex-4"}


def test_linking_leaves_tags_and_unknown_annexes_alone() -> None:
    body = '<div class="annex-list" title="附件2" markdown>\n\n见附件2和附件9。\n\n</div>'
    assert link_annexes(body, shipped(), {2: "forms.md"}) == (
        '<div class="annex-list" title="附件2" markdown>\n\n见[附件2](forms.md)和附件9。\n\n</div>')


def test_the_annexes_and_their_files_are_listed_under_the_notice_with_the_illustrative_catalog_marked() -> None:
    items = [" ".join(li.text_content().split()) for li in within(page(shipped(), "notice.md"), "div.annex-downloads", "//li")]
    assert items[0] == "附件1 培训院校及专业科目培训专业明细（示意数据）：CSV 表格（16 KB） Excel 表格（12 KB）"
    links = within(page(shipped(), "notice.md"), "div.annex-downloads", "//a[@download]")
    assert [a.get("download") for a in links] == ["附件1 培训院校及专业科目培训专业明细（示意数据）.csv",
                                                  "附件1 培训院校及专业科目培训专业明细（示意数据）.xlsx"]


def test_the_home_page_offers_the_calendar_and_the_feed() -> None:
    links = {a.text_content(): a.get("href") for a in within(page(shipped(), "index.md"), "p.subscribe", "//a")}
    assert links == {"下载日历文件（iCalendar）": "calendar.ics", "订阅通知（Atom）": "feed.xml"}


# 政策解读

def with_interpretation(workdir: Path, text: str = INTERPRETATION):
    (workdir / "data" / "interpretation.md").write_text(text, encoding="utf-8")
    return load_years(workdir / "data")[-1]


def test_an_interpretation_gets_its_page_linked_both_ways_with_the_notice(workdir: Path) -> None:
    edition = with_interpretation(workdir)
    interpretation = page(edition, "interpretation.md")
    assert [h.text_content() for h in interpretation.xpath("//h1")] == ["《关于开展2012年度专业技术人员继续教育知识更新培训工作的通知》解读"]
    assert blocks(interpretation, "p.lead") == ["黑龙江省人力资源和社会保障厅2012年1月10日发布"]
    assert [a.get("href") for a in within(interpretation, "p.related-document", "//a")] == ["notice.md"]
    assert "2012年3月3日至3月31日，登录培训院校网站报名。" in blocks(interpretation, "div.interpretation")
    notice = page(edition, "notice.md")
    assert [a.get("href") for a in within(notice, "p.related-document", "//a")] == ["interpretation.md"]
    assert [a.get("href") for a in within(page(edition, "index.md"), "ul.front-links", "//a")][1] == "interpretation/"
    meta = page_source(edition, "interpretation.md").meta
    assert (meta["ColumnType"], meta["PubDate"], meta["Url"]) == (
        "政策解读", "2012-01-10", "https://hrss.hlj.gov.cn/jxjy/2012/interpretation/")


def test_without_an_interpretation_no_page_and_no_link() -> None:
    notice = page(shipped(), "notice.md")
    assert within(notice, "p.related-document") == []


@pytest.mark.parametrize(("text", "message"), [
    pytest.param("## 解读\n", "data/interpretation.md:1: 错误 load: 政策解读应以两行 --- 之间的文件信息开始（title: 标题，date: 发布日期）；"
                             "写法见 README“政策解读”一节", id="no-front-matter"),
    pytest.param("---\ntitle: 解读\ndate: 1月10日\n---\n正文\n",
                 "data/interpretation.md:3: 错误 load: date: 应为日期（写作 2012-03-31），而不是“1月10日”", id="bad-date"),
    pytest.param("---\ndate: 2012-01-10\n---\n正文\n",
                 "data/interpretation.md:2: 错误 load: title: 缺少必填字段；请补上", id="no-title"),
    pytest.param("---\ntitle: 解读\ndate: 2012-01-10\n---\n\n共{{ hours.totl }}。\n",
                 "data/interpretation.md:6: 错误 load: 正文引用了不存在或无法使用的事实：'hrnotice.model.Hours object' has no "
                 "attribute 'totl'；请对照 notice.yml 的字段名", id="bad-placeholder"),
    pytest.param("---\ntitle: 解读\ndate: 2012-01-10\n---\n\n<script>alert(1)</script>\n",
                 "data/interpretation.md:6: 错误 load: 正文中有 <script> 元素（可能来自数据中的 HTML）；正文只能有文字、段落和链接；请删去它",
                 id="script"),
])
def test_a_bad_interpretation_is_reported_at_its_line(workdir: Path, text: str, message: str) -> None:
    (workdir / "data" / "interpretation.md").write_text(text, encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == message


# The notice's new facts

@pytest.mark.parametrize(("new", "message"), [
    pytest.param("index_number: 11230000MB1234567J-2012-00005",
                 "index_number: 索引号应形如“11230000MB1234567J/2012-00005”（发文机关的统一社会信用代码/年度-五位序号），"
                 "而不是“11230000MB1234567J-2012-00005”", id="shape"),
    pytest.param("index_number: 11230000MB1234567K/2012-00005",
                 "index_number: 索引号中的统一社会信用代码“11230000MB1234567K”的校验码（最后一位）不对，按前 17 位应为 J；请核对是否抄错",
                 id="checksum"),
    pytest.param("index_number: 11230000MB123456J/2012-00005",
                 "index_number: 索引号中的统一社会信用代码应为 18 位，而“11230000MB123456J”是 17 位", id="length"),
    pytest.param("index_number: 1123000OMB1234567J/2012-00005",
                 "index_number: 索引号中的统一社会信用代码“1123000OMB1234567J”含有不允许的字符：前 8 位是数字，其余是数字或大写字母"
                 "（不用 I、O、S、V、Z），中间没有空格", id="letter-o"),
])
def test_a_bad_index_number_is_reported_with_its_reason(workdir: Path, new: str, message: str) -> None:
    edit(workdir / "data" / "notice.yml", "index_number: 11230000MB1234567J/2012-00005", new)
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"data/notice.yml:88: 错误 load: {message}"


def test_a_note_on_a_fact_the_page_does_not_show_is_refused(workdir: Path) -> None:
    edit(workdir / "data" / "notice.yml", "  index_number: 示意的占位值，不是真实的索引号", "  schedule: 示意")
    result = run("check")
    assert result.stderr.splitlines()[0] == (
        "data/notice.yml:92: 错误 load: notes: “schedule”不是通知页文件信息中的字段；说明只能加在 issuer（发文机关）、"
        "document_number（发文字号）、date_written（成文日期）、date_published（发布日期）、subject_category（主题分类）、"
        "index_number（索引号）、keywords（主题词） 上")


# Feeds

def test_the_atom_feed_lists_every_year_newest_first_and_is_the_same_bytes_each_time() -> None:
    identity = load_site(DATA).identity
    older = dataclasses.replace(shipped(), notice=shipped().notice.model_copy(update={
        "year": 2011, "title": "关于开展2011年度专业技术人员继续教育知识更新培训工作的通知", "date_published": date(2011, 1, 10)}))
    feed = atom_feed(identity, [older, shipped()])
    assert feed == atom_feed(identity, [older, shipped()])
    root = ElementTree.fromstring(feed)
    assert root.findtext(f"{ATOM}updated") == "2012-01-09T00:00:00+08:00"
    entries = root.findall(f"{ATOM}entry")
    assert [(e.findtext(f"{ATOM}title")[4:10], e.findtext(f"{ATOM}published"), e.find(f"{ATOM}link").get("href"))
            for e in entries] == [
        ("2012年度", "2012-01-09T00:00:00+08:00", "https://hrss.hlj.gov.cn/jxjy/2012/notice/"),
        ("2011年度", "2011-01-10T00:00:00+08:00", "https://hrss.hlj.gov.cn/jxjy/2011/notice/")]
    assert entries[0].findtext(f"{ATOM}summary").startswith("黑龙江省人力资源和社会保障厅黑人社函【2012】5号。报名时间")


def test_the_calendar_holds_the_key_dates_as_all_day_events_with_stable_ids() -> None:
    data = key_dates_calendar(load_site(DATA).identity, shipped())
    assert data == key_dates_calendar(load_site(DATA).identity, shipped())
    calendar = icalendar.Calendar.from_ical(data)
    events = [(str(e["UID"]), str(e["SUMMARY"]), e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")]
    assert events == [
        ("2012-written@hrss.hlj.gov.cn", "印发通知", date(2012, 1, 6), date(2012, 1, 7)),
        ("2012-registration@hrss.hlj.gov.cn", "网上报名", date(2012, 3, 3), date(2012, 4, 1)),
        ("2012-syllabus@hrss.hlj.gov.cn", "报送教学大纲和培训计划", date(2012, 3, 25), date(2012, 3, 26)),
        ("2012-classes@hrss.hlj.gov.cn", "举办培训班次", date(2012, 4, 6), date(2012, 6, 13)),
        ("2012-training-ends@hrss.hlj.gov.cn", "全部培训结束", date(2012, 6, 30), date(2012, 7, 1)),
        ("2012-completion-report@hrss.hlj.gov.cn", "报送学员结业表", date(2012, 7, 13), date(2012, 7, 14)),
    ]
    assert {str(e["DTSTAMP"].to_ical(), "ascii") for e in calendar.walk("VEVENT")} == {"20120109T000000Z"}
