"""Next year's data starts as a copy: what still carries the year before and needs a decision."""

from __future__ import annotations

from datetime import date
from typing import Iterator

from ..formatting import cn_date
from ..schedule import shift_year
from .registry import Context, Hit, Severity, rule

SCHEDULE_DATES = (
    "date_written", "date_published", "schedule.registration.start", "schedule.registration.end",
    "schedule.syllabus_deadline", "schedule.classes.start", "schedule.classes.end", "schedule.training_ends_by",
)


def _value(notice: object, dotted: str) -> date:
    for key in dotted.split("."):
        notice = getattr(notice, key)
    return notice  # type: ignore[return-value]


@rule("dates-carried-over", Severity.WARNING)
def dates_carried_over(context: Context) -> Iterator[Hit]:
    """A date that is last year's moved on by a year was not decided yet: confirm it or change it."""
    if context.previous is None:
        return
    years = context.notice.year - context.previous.notice.year
    for dotted in SCHEDULE_DATES:
        before, now = _value(context.previous.notice, dotted), _value(context.notice, dotted)
        if now == shift_year(before, years) and now != before:
            yield context.facts_at(dotted), (
                f"{dotted} {cn_date(now)} 是沿用 {context.previous.notice.year} 年的日期（{cn_date(before)}）顺延而来；"
                "请按今年的安排确认或修改")


@rule("cycle-ends", Severity.INFO)
def cycle_ends(context: Context) -> Iterator[Hit]:
    """The last year of a cycle, or the first of a new one, changes who pays: say so."""
    notice, cycle = context.notice, context.notice.cycle
    if notice.year == cycle.last_year:
        yield context.facts_at("cycle.first_year"), (
            f"今年是本培训周期（{cycle.first_year}–{cycle.last_year} 年）的最后一年；"
            "明年起进入新周期，所有人须重新缴费")
    previous = context.previous
    if previous is not None and previous.notice.cycle.first_year != cycle.first_year:
        yield context.facts_at("cycle.first_year"), (
            f"今年开始新的培训周期（{cycle.first_year}–{cycle.last_year} 年），"
            f"{previous.notice.year} 年及以前的缴费不再有效；请确认 fee.paid_years 为空及正文中的收费表述")
