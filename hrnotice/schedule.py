"""The key dates of a notice, as the home page and the forms page present them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .formatting import cn_date, date_range
from .model import Notice
from .workdays import add_working_days, is_covered


@dataclass(frozen=True)
class KeyDate:
    """One step of the year's timeline."""

    key: str  # which step it is, the same every year: the calendar's event UID is made from it
    label: str
    when: str
    first_day: date
    detail: str = ""
    last_day: date | None = None  # the last day of a window (registration, classes); None for one day


def shift_year(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def completion_report_latest_due(notice: Notice) -> date:
    """The last day a completion report can be due: N working days after all training ends."""
    schedule = notice.schedule
    return add_working_days(schedule.training_ends_by, schedule.completion_report_working_days)


def key_dates(notice: Notice) -> list[KeyDate]:
    """The timeline, in date order."""
    s = notice.schedule
    latest_report = completion_report_latest_due(notice)
    steps = [
        KeyDate("written", "印发通知", cn_date(notice.date_written), notice.date_written),
        KeyDate("registration", "网上报名", date_range(s.registration), s.registration.start, "登录培训院校网站报名",
                s.registration.end),
        KeyDate("syllabus", "报送教学大纲和培训计划", f"{cn_date(s.syllabus_deadline)}前", s.syllabus_deadline,
                "培训院校报省人力资源和社会保障厅备案"),
        KeyDate("classes", "举办培训班次", date_range(s.classes), s.classes.start, "开班前报送学员录取表和登记表",
                s.classes.end),
        KeyDate("training-ends", "全部培训结束", f"{cn_date(s.training_ends_by)}前", s.training_ends_by),
        KeyDate("completion-report", "报送学员结业表", f"各班结束后{s.completion_report_working_days}个工作日内",
                latest_report,
                f"最迟{cn_date(latest_report)}（按国家法定节假日和调休安排计算）" if is_covered(latest_report.year)
                else f"约{cn_date(latest_report)}（该年节假日安排尚未公布，按惯例推算，以国务院公布的安排为准）"),
    ]
    return sorted(steps, key=lambda step: step.first_day)
