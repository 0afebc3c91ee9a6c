"""Next year's notice from this year's: year-bound facts moved on, the rest kept, the old one archived."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hrnotice.changes import compare
from hrnotice.load import load_years
from hrnotice.newyear import start_next_year
from hrnotice.schedule import shift_year

from .conftest import edit


def test_shift_year_keeps_the_day_and_folds_29_february() -> None:
    assert shift_year(date(2012, 3, 31), 1) == date(2013, 3, 31)
    assert shift_year(date(2012, 2, 29), 1) == date(2013, 2, 28)


def next_year(workdir: Path):
    start_next_year(load_years(workdir / "data")[-1], 2013)
    return load_years(workdir / "data")


def test_next_year_moves_the_year_bound_facts_and_keeps_the_rest(workdir: Path) -> None:
    old, new = next_year(workdir)
    assert new.notice.year == 2013 and old.notice.year == 2012
    assert new.notice.title == "关于开展2013年度专业技术人员继续教育知识更新培训工作的通知"
    assert new.notice.document_number == "黑人社函【2013】号"  # serial left for the bureau to assign
    assert new.notice.schedule.registration.end == date(2013, 3, 31)
    assert new.notice.fee.paid_years == [2010, 2011, 2012]
    assert new.notice.signature_numerals == "arabic"  # GB/T 9704-2012 is in force
    assert new.notice.hours == old.notice.hours
    assert new.body_source == old.body_source
    assert old.forms.folder == workdir / "data" / "2012" / "forms"
    facts = (workdir / "data" / "notice.yml").read_text(encoding="utf-8")
    assert "# 通知的全部事实" in facts  # the clerk's comments survive


def test_a_new_cycle_starts_with_nobody_paid(workdir: Path) -> None:
    edit(workdir / "data" / "notice.yml", "first_year: 2010", "first_year: 2008")
    edit(workdir / "data" / "notice.yml", "paid_years: [2010, 2011]", "paid_years: [2008, 2009, 2010, 2011]")
    new = next_year(workdir)[-1].notice
    assert (new.cycle.first_year, new.fee.paid_years) == (2013, [])


def test_changes_between_years_are_listed(workdir: Path) -> None:
    next_year(workdir)
    edit(workdir / "data" / "notice.yml", "total: {hours: 72, days: 12}", "total: {hours: 90, days: 15}")
    edit(workdir / "data" / "notice.yml", "    title: 培训院校及专业科目培训专业明细", "    title: 培训院校及培训专业明细")
    old, new = load_years(workdir / "data")
    changes = [str(c) for c in compare(old, new)]
    assert "日期｜报名时间：2012年3月3日至3月31日 → 2013年3月3日至3月31日" in changes
    assert "学时｜合计：72学时（12天） → 90学时（15天）" in changes
    assert "附件｜附件1：培训院校及专业科目培训专业明细 → 培训院校及培训专业明细" in changes
    assert "收费｜已缴费年份：2010、2011 → 2010、2011、2012" in changes
