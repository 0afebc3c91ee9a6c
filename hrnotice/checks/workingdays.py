"""Working days by China's official calendar: deadlines, the completion report, coverage."""

from __future__ import annotations

from typing import Iterator

from ..formatting import cn_date
from ..schedule import completion_report_latest_due
from ..workdays import day_off_reason, is_covered, weekday_name, working_day_before
from .dates import fact, named
from .registry import Context, Hit, Severity, rule

# Days by which someone must act. Training itself (training_ends_by) is online and may end on
# any day; what follows it is counted in working days by completion-report-due.
DEADLINES = ("schedule.registration.end", "schedule.syllabus_deadline")


@rule("deadline-day-off", Severity.WARNING)
def deadline_day_off(context: Context) -> Iterator[Hit]:
    """A deadline falls on a weekend or public holiday that is not a make-up working day (调休)."""
    for name in DEADLINES:
        day = fact(context.notice, name)
        if not is_covered(day.year):
            continue  # calendar-coverage says so; no guessing
        reason = day_off_reason(day)
        if reason:
            yield context.facts_at(name), (
                f"{named(context.notice, name)}是{reason}，不是工作日；截止日请定在工作日，"
                f"如前一个工作日 {cn_date(working_day_before(day))}")


def _uncovered_years(context: Context) -> dict[int, str]:
    """Years whose working days the checks need but the calendar lacks, with the first fact in each."""
    needed: dict[int, str] = {}
    for name in (*DEADLINES, "schedule.training_ends_by"):
        needed.setdefault(fact(context.notice, name).year, name)
    if is_covered(context.notice.schedule.training_ends_by.year):
        due = completion_report_latest_due(context.notice)
        needed.setdefault(due.year, "schedule.completion_report_working_days")
    return {year: name for year, name in needed.items() if not is_covered(year)}


@rule("calendar-coverage", Severity.WARNING)
def calendar_coverage(context: Context) -> Iterator[Hit]:
    """The holiday calendar holds the official schedule of every year the deadlines fall in."""
    for year, name in sorted(_uncovered_years(context).items()):
        yield context.facts_at(name), (
            f"所用的 holidays 库没有收录 {year} 年的放假和调休安排，无法判断这一年的截止日是否为工作日，"
            "也不推算结业表的报送日；请在国务院办公厅公布该年安排、holidays 收录后升级它（requirements.txt）再检查")


@rule("completion-report-due", Severity.INFO)
def completion_report_due(context: Context) -> Iterator[Hit]:
    """Shows the completion report's last possible due date: N working days after training ends."""
    schedule = context.notice.schedule
    place = context.facts_at("schedule.completion_report_working_days")
    if _uncovered_years(context):
        return
    due = completion_report_latest_due(context.notice)
    yield place, (
        f"最后的班次最迟 {cn_date(schedule.training_ends_by)} 结束，其后第 {schedule.completion_report_working_days} "
        f"个工作日是 {cn_date(due)}（{weekday_name(due)}），即结业表最迟的报送日（已按法定节假日和调休计算）；"
        "请核对正文和培训院校的安排与此相符")
