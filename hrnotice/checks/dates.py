"""Dates: in the notice's year, in the order things happen, and the classes fit their window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Iterator

from ..formatting import cn_date
from ..model import Notice
from .registry import Context, Hit, Severity, rule

SCHEDULE_DATES = (
    ("date_written", "成文日期"),
    ("date_published", "发布日期"),
    ("schedule.registration.start", "报名开始日"),
    ("schedule.registration.end", "报名截止日"),
    ("schedule.syllabus_deadline", "教学大纲报送截止日"),
    ("schedule.classes.start", "开班期间的第一天"),
    ("schedule.classes.end", "开班期间的最后一天"),
    ("schedule.training_ends_by", "全部培训结束日"),
)
LABELS = dict(SCHEDULE_DATES)

# (earlier, later, strictly before): the order in which a year's training happens.
ORDER = (
    ("date_written", "date_published", False),
    ("date_published", "schedule.registration.start", False),
    ("schedule.registration.end", "schedule.classes.start", True),
    ("date_published", "schedule.syllabus_deadline", False),
    ("schedule.syllabus_deadline", "schedule.classes.start", True),
)


def fact(notice: Notice, dotted: str) -> date:
    """The value of a fact named like `schedule.registration.end`."""
    value: object = notice
    for name in dotted.split("."):
        value = getattr(value, name)
    assert isinstance(value, date)
    return value


def named(notice: Notice, dotted: str) -> str:
    """`报名截止日（schedule.registration.end）2012年3月31日`."""
    return f"{LABELS[dotted]}（{dotted}）{cn_date(fact(notice, dotted))}"


@rule("date-year", Severity.ERROR)
def date_year(context: Context) -> Iterator[Hit]:
    """Every date of the schedule lies in the notice's year, unless the line gives a reason."""
    year = context.notice.year
    for name, _label in SCHEDULE_DATES:
        if fact(context.notice, name).year != year and not context.reason_given(name):
            yield context.facts_at(name), (
                f"{named(context.notice, name)}不在通知年度 {year} 年内；如是年份写错请改正，"
                "如确需跨年，请在这一行末尾用“# 原因”写明")


@rule("date-order", Severity.ERROR)
def date_order(context: Context) -> Iterator[Hit]:
    """成文 ≤ 发布 ≤ 报名开始, 报名截止 < 开班, 发布 ≤ 大纲截止 < 开班."""
    notice = context.notice
    for earlier, later, strictly in ORDER:
        first, then = fact(notice, earlier), fact(notice, later)
        if then < first or (strictly and then == first):
            relation = "早于" if strictly else "不晚于"
            yield context.facts_at(later), (
                f"{named(notice, earlier)}应{relation}{named(notice, later)}；请改正其中之一")


@rule("classes-fit", Severity.ERROR)
def classes_fit(context: Context) -> Iterator[Hit]:
    """A class starting on the last day of the classes window can finish before training must end."""
    schedule = context.notice.schedule
    length = context.notice.hours.total.days
    last_start, ends_by = schedule.classes.end, schedule.training_ends_by
    # Online training runs every day of the week, so the length is counted in calendar days.
    finishes = last_start + timedelta(days=max(length - 1, 0))
    if finishes > ends_by:
        latest_start = ends_by - timedelta(days=max(length - 1, 0))
        yield context.facts_at("schedule.classes.end"), (
            f"{cn_date(last_start)}开班的班次培训 {length}天，最早 {cn_date(finishes)} 结束，"
            f"晚于{named(context.notice, 'schedule.training_ends_by')}；"
            f"请把 schedule.classes.end 提前到 {cn_date(latest_start)} 或更早，或推迟 training_ends_by")
