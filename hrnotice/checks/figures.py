"""Figures the clerk typed into the body instead of a placeholder: 学时, 天, 工作日, dates, years."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..formatting import cn_date
from .dates import SCHEDULE_DATES, fact
from .hours import spans
from .registry import Context, Hit, Severity, rule

# One pass, alternatives in priority order: "72学时（12天）" is one figure, not two, and
# "2012年3月3日" is a date, not a year.
FIGURE = re.compile(r"""
    (?<![\d.])(?:
        (?P<span_hours>\d+)\s*学时\s*[（(]\s*(?P<span_days>\d+)\s*天\s*[）)]
      | (?P<hours>\d+)\s*学时
      | (?P<days>\d+)\s*天
      | (?P<workdays>\d+)\s*个?工作日
      | (?:(?P<date_year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]
      | (?P<year>\d{4})\s*年(?P<of_year>度)?
    )""", re.VERBOSE)


@dataclass(frozen=True)
class Figure:
    """A literal figure and the facts it may stand for: value → the placeholder that gives it."""

    line: int
    text: str
    what: str
    known: dict[object, str]
    value: object


def _known_values(context: Context) -> dict[str, dict[object, str]]:
    notice = context.notice
    known: dict[str, dict[object, str]] = {"span": {}, "hours": {}, "days": {}, "date": {}, "year": {}}
    for name, span in spans(context):
        known["span"].setdefault((span.hours, span.days), f"{{{{ {name} | hours_days }}}}")
        known["hours"].setdefault(span.hours, f"{{{{ {name}.hours }}}}")
        known["days"].setdefault(span.days, f"{{{{ {name}.days }}}}")
    known["workdays"] = {notice.schedule.completion_report_working_days:
                         "{{ schedule.completion_report_working_days }}"}
    for name, _label in SCHEDULE_DATES:
        known["date"].setdefault(fact(notice, name), f"{{{{ {name} | cn_date }}}}")
    known["year"][notice.year] = "{{ year }}"
    known["year"].setdefault(notice.cycle.first_year, "{{ cycle.first_year }}")
    for year in notice.fee.paid_years:
        known["year"].setdefault(year, "{{ fee.paid_years | year_list }}")
    return known


def literal_figures(context: Context) -> Iterator[Figure]:
    """Every figure typed in the body's literal text."""
    known = _known_values(context)
    year_of_section = context.notice.year
    for line, match in context.body.search(FIGURE):
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        text = match.group(0)
        if "span_hours" in groups:
            yield Figure(line, text, "学时和天数", known["span"],
                         (int(groups["span_hours"]), int(groups["span_days"])))
        elif "month" in groups:
            year_of_section = int(groups.get("date_year", year_of_section))
            try:
                day = date(year_of_section, int(groups["month"]), int(groups["day"]))
            except ValueError:
                day = None
            yield Figure(line, text, "日期", known["date"], day)
        elif "year" in groups:
            year = int(groups["year"])
            # "2012年度" names the notice's own year; a bare year may be a paid or cycle year.
            candidates = {context.notice.year: "{{ year }}"} if "of_year" in groups else known["year"]
            yield Figure(line, text, "年份", candidates, year)
        else:
            kind = next(k for k in ("hours", "days", "workdays") if k in groups)
            label = {"hours": "学时", "days": "天数", "workdays": "工作日数"}[kind]
            yield Figure(line, text, label, known[kind], int(groups[kind]))


def _describe(value: object) -> str:
    if isinstance(value, tuple):
        return f"{value[0]}学时（{value[1]}天）"
    if isinstance(value, date):
        return cn_date(value)
    return str(value)


def _nearest(figure: Figure) -> object:
    """The known value closest to the figure typed: most likely the fact it was meant to be."""
    def distance(known: object) -> float:
        value = figure.value
        if isinstance(value, date) and isinstance(known, date):
            return abs((value - known).days)
        if isinstance(value, tuple) and isinstance(known, tuple):
            return sum(abs(a - b) for a, b in zip(value, known))
        if isinstance(value, int) and isinstance(known, int):
            return abs(value - known)
        return 0
    return min(figure.known, key=distance)


@rule("body-figure-mismatch", Severity.ERROR)
def body_figure_mismatch(context: Context) -> Iterator[Hit]:
    """A figure typed in the body (`70学时`, `12天`, a date, a year) that no fact has."""
    for figure in literal_figures(context):
        if figure.value in figure.known:
            continue
        choices = "、".join(_describe(v) for v in figure.known)
        example = figure.known[_nearest(figure)] if figure.known else ""
        yield context.body_at(figure.line), (
            f"正文直接写了“{figure.text}”，notice.yml 中没有这个{figure.what}（有 {choices}）；"
            f"请改正事实或正文，并改用占位符，如 {example}")


@rule("body-figure-literal", Severity.INFO)
def body_figure_literal(context: Context) -> Iterator[Hit]:
    """A figure typed in the body that agrees with the facts today, but will not follow them."""
    for figure in literal_figures(context):
        if figure.value in figure.known:
            yield context.body_at(figure.line), (
                f"正文直接写了“{figure.text}”，现在与 notice.yml 一致，但改事实时它不会跟着改；"
                f"请改用 {figure.known[figure.value]}")
