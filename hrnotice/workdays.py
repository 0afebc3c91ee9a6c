"""China's official working-day calendar, make-up working days (调休) included.

The `holidays` package keeps the State Council's yearly schedule. For a year whose schedule
it has not been given, it still answers, but by rule, not by the published schedule: such a
year is reported as not covered so callers can warn instead of guessing.

Importing `holidays` takes 0.15 s (it loads all its 250 countries), a twentieth of a build.
`scripts/install.sh` (`hrnotice.installed`) therefore writes what it says of the years
around ours into the virtual environment (`table_file`), which reads in a millisecond. A year
outside the table, or a table that is missing or damaged, is asked of the library itself.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import NamedTuple

from . import INSTALLED_DATA
from .cache import write_atomically

TABLE_YEARS = range(2000, 2051)


class _Year(NamedTuple):
    covered: bool  # the library holds the year's published schedule
    days_off: dict[date, str]  # the public holidays, by their Chinese names
    make_up_days: frozenset[date]  # weekend days that are working days


def is_covered(year: int) -> bool:
    """True when the library holds the published holiday schedule of `year`."""
    return _year(year).covered


def is_working_day(day: date) -> bool:
    """A working day: a weekday that is no public holiday, or a make-up working day."""
    year = _year(day.year)
    if day in year.make_up_days:
        return True
    return day.weekday() < 5 and day not in year.days_off


def weekday_name(day: date) -> str:
    """`星期一` … `星期日`."""
    return "星期" + "一二三四五六日"[day.weekday()]


def day_off_reason(day: date) -> str | None:
    """Why `day` is no working day, in Chinese (`清明节`, `星期日`); None on a working day."""
    if is_working_day(day):
        return None
    return _year(day.year).days_off.get(day) or weekday_name(day)


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


@cache
def _year(year: int) -> _Year:
    try:
        stored = _table()[str(year)]
        return _Year(bool(stored["covered"]), {date.fromisoformat(day): str(name) for day, name in stored["days_off"].items()},
                     frozenset(map(date.fromisoformat, stored["make_up_days"])))
    except (KeyError, TypeError, ValueError, AttributeError):  # outside the table, or the table damaged
        return _asked(year)


def _asked(year: int) -> _Year:
    """What the library says of `year`."""
    import holidays
    from holidays.countries.china import ChinaStaticHolidays

    calendar = holidays.China(years=year, language="zh_CN")
    return _Year(year in ChinaStaticHolidays.special_public_holidays, dict(calendar.items()),
                 frozenset(calendar.weekend_workdays))


def table_file() -> Path:
    """Where this version of the library's table is kept."""
    from importlib.metadata import version

    return INSTALLED_DATA / f"holidays-{version('holidays')}-china.json"


@cache
def _table() -> dict:
    try:
        table = json.loads(table_file().read_bytes())
    except (OSError, ValueError):
        return {}
    return table if isinstance(table, dict) and table.get("years") == [TABLE_YEARS.start, TABLE_YEARS.stop] else {}


def install() -> None:
    """The library's answers for TABLE_YEARS written as a table, for every process of this installation."""
    table: dict = {"years": [TABLE_YEARS.start, TABLE_YEARS.stop]}
    for year in TABLE_YEARS:
        asked = _asked(year)
        table[str(year)] = {"covered": asked.covered,
                            "days_off": {day.isoformat(): name for day, name in sorted(asked.days_off.items())},
                            "make_up_days": sorted(day.isoformat() for day in asked.make_up_days)}
    write_atomically(table_file(), json.dumps(table, ensure_ascii=False, sort_keys=True).encode("utf-8"))

