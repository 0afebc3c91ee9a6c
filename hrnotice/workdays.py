"""China's official working-day calendar, make-up working days (调休) included.

The `holidays` package keeps the State Council's yearly schedule. For a year whose schedule
it has not been given, it still answers, but by rule, not by the published schedule: such a
year is reported as not covered so callers can warn instead of guessing.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from holidays.countries.china import ChinaStaticHolidays


@lru_cache(maxsize=None)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year)


@lru_cache(maxsize=None)
def _calendar_zh(year: int) -> holidays.HolidayBase:
    return holidays.China(years=year, language="zh_CN")


def is_covered(year: int) -> bool:
    """True when the library holds the published holiday schedule of `year`."""
    return year in ChinaStaticHolidays.special_public_holidays


def is_working_day(day: date) -> bool:
    """A working day: a weekday that is no public holiday, or a make-up working day."""
    calendar = _calendar(day.year)
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5 and day not in calendar


def holiday_name(day: date) -> str | None:
    """The public holiday on `day`, if any (in the library's English naming)."""
    return _calendar(day.year).get(day)


def weekday_name(day: date) -> str:
    """`星期一` … `星期日`."""
    return "星期" + "一二三四五六日"[day.weekday()]


def day_off_reason(day: date) -> str | None:
    """Why `day` is no working day, in Chinese (`清明节`, `星期日`); None on a working day."""
    if is_working_day(day):
        return None
    return _calendar_zh(day.year).get(day) or weekday_name(day)


def working_day_before(day: date) -> date:
    """The last working day before `day`."""
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (start itself not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day
