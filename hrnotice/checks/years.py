"""Years: the title, the document number and the fee rule agree with the notice's year and cycle."""

from __future__ import annotations

import re
from typing import Iterator

from ..formatting import year_list
from .registry import Context, Hit, Severity, rule

YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})\s*年")


@rule("year-agreement", Severity.ERROR)
def year_agreement(context: Context) -> Iterator[Hit]:
    """The title names the notice's year; the document number, the year it was written."""
    notice = context.notice
    for match in YEAR_IN_TEXT.finditer(notice.title):
        if int(match.group(1)) != notice.year:
            yield context.facts_at("title"), (
                f"标题中的“{match.group(0)}”与通知年度 year: {notice.year} 不一致；请改正标题或 year")
    number_year = int(notice.document_number_parts["year"])
    if number_year != notice.date_written.year:
        yield context.facts_at("document_number"), (
            f"发文字号“{notice.document_number}”中的年份 {number_year} 与成文日期 date_written 的年份 "
            f"{notice.date_written.year} 不一致；发文字号的年份是成文的年份，请改正其中之一")


@rule("cycle-years", Severity.ERROR)
def cycle_years(context: Context) -> Iterator[Hit]:
    """The notice's year lies in the current cycle, and every paid year in the cycle's past."""
    notice, cycle = context.notice, context.notice.cycle
    if not cycle.first_year <= notice.year <= cycle.last_year:
        first = cycle.first_year + (notice.year - cycle.first_year) // cycle.years * cycle.years
        yield context.facts_at("cycle.first_year"), (
            f"通知年度 {notice.year} 不在本培训周期 {cycle.first_year}–{cycle.last_year} 年内；"
            f"新周期开始时请把 cycle.first_year 改为 {first}，并相应修改 fee.paid_years")
        return
    for index, year in enumerate(notice.fee.paid_years):
        if not cycle.first_year <= year < notice.year:
            span = (f"{cycle.first_year}–{notice.year - 1} 年" if notice.year > cycle.first_year
                    else "无：今年是周期的第一年")
            yield context.facts_at(f"fee.paid_years.{index}"), (
                f"已缴费年份 {year} 不在本周期已过去的年份（{span}）内；请删除或改正")


@rule("paid-years-missing", Severity.WARNING)
def paid_years_missing(context: Context) -> Iterator[Hit]:
    """Every past year of the cycle is listed as paid, or those who paid then are charged again."""
    notice, cycle = context.notice, context.notice.cycle
    if not cycle.first_year <= notice.year <= cycle.last_year:
        return
    missing = [y for y in range(cycle.first_year, notice.year) if y not in notice.fee.paid_years]
    if missing:
        yield context.facts_at("fee.paid_years"), (
            f"本周期已过去的 {year_list(missing)}不在 fee.paid_years 中：这些年已缴费的人今年会被要求再缴一次；"
            "请补上（如那年确未开展培训，可忽略）")


@rule("index-number", Severity.ERROR)
def index_number(context: Context) -> Iterator[Hit]:
    """The 索引号 has its serial, and its year is the year the notice was written."""
    notice = context.notice
    parts = notice.index_number_parts
    if parts is None:
        return
    if int(parts["year"]) != notice.date_written.year:
        yield context.facts_at("index_number"), (
            f"索引号“{notice.index_number}”中的年份 {parts['year']} 与成文日期 date_written 的年份 "
            f"{notice.date_written.year} 不一致；请改正")
    if not parts["serial"]:
        yield context.facts_at("index_number"), (
            f"索引号“{notice.index_number}”还没有序号；请填上政府信息公开平台分配的五位序号，如 {parts['code']}/{parts['year']}-00001")


@rule("index-number-missing", Severity.WARNING)
def index_number_missing(context: Context) -> Iterator[Hit]:
    """The notice has a 索引号, which the metadata block of a government site shows."""
    if context.notice.index_number is None:
        yield context.facts_at("year"), (
            "没有索引号（index_number）：政府网站的文件信息应有索引号；请按“统一社会信用代码/年度-序号”填写")
