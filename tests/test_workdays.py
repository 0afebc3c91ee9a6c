"""China's working-day calendar (workdays.py): the table install.sh writes answers as the `holidays`
library does, day by day; without it, or past its years, the library is asked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from hrnotice import workdays


def answers(years: range) -> list[tuple]:
    """Every day's answers, and each year's coverage."""
    workdays._year.cache_clear()
    days = [date(years.start, 1, 1) + timedelta(days=n) for n in range((date(years.stop, 1, 1) - date(years.start, 1, 1)).days)]
    return ([(day, workdays.is_working_day(day), workdays.day_off_reason(day)) for day in days]
            + [(year, workdays.is_covered(year)) for year in years])


@pytest.fixture
def table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The table, written into an empty folder, and read from there."""
    monkeypatch.setattr(workdays, "INSTALLED_DATA", tmp_path)
    workdays._table.cache_clear()
    workdays.install()
    workdays._table.cache_clear()
    yield workdays.table_file()
    workdays._table.cache_clear()
    workdays._year.cache_clear()


def test_the_table_answers_as_the_library_and_spares_importing_it(table: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    years = range(2010, 2031)
    from_table = answers(years)
    asked = []
    monkeypatch.setattr(workdays, "_asked", lambda year: asked.append(year) or workdays._Year(False, {}, frozenset()))
    assert answers(years) == from_table and asked == []  # every answer from the table
    monkeypatch.undo()
    monkeypatch.setattr(workdays, "INSTALLED_DATA", table.parent / "none")
    workdays._table.cache_clear()
    assert answers(years) == from_table  # the library's own
    assert (date(2012, 4, 4), False, "清明节") in from_table and (date(2012, 3, 31), True, None) in from_table
    assert (2012, True) in from_table


@pytest.mark.parametrize("damage", ["truncated", "wrong entry"])
def test_a_damaged_table_or_a_year_outside_it_is_asked_of_the_library(table: Path, damage: str) -> None:
    expected = answers(range(2012, 2013))
    if damage == "truncated":
        table.write_bytes(table.read_bytes()[:5000])
    else:
        table.write_text(table.read_text(encoding="utf-8").replace('"2012": {"covered"', '"2012": {"cover"'),
                         encoding="utf-8")
    workdays._table.cache_clear()
    assert answers(range(2012, 2013)) == expected
    assert workdays.is_working_day(date(2051, 3, 8)) and workdays.day_off_reason(date(1999, 10, 1)) == "国庆节"
