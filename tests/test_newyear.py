"""Next year's data from this year's: year-bound facts moved on, the rest kept, nothing overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hrnotice.changes import compare
from hrnotice.errors import DataError
from hrnotice.load import load_edition
from hrnotice.newyear import make_next_year, shift_year

from .conftest import edit


def test_shift_year_keeps_the_day_and_folds_29_february() -> None:
    assert shift_year(date(2012, 3, 31), 1) == date(2013, 3, 31)
    assert shift_year(date(2012, 2, 29), 1) == date(2013, 2, 28)


def test_next_year_moves_the_year_bound_facts_and_keeps_the_rest(workdir: Path) -> None:
    make_next_year(workdir / "data", workdir / "2013", 2013)
    old, new = load_edition(workdir / "data"), load_edition(workdir / "2013")
    assert new.notice.year == 2013
    assert new.notice.title == "关于开展2013年度专业技术人员继续教育知识更新培训工作的通知"
    assert new.notice.document_number == "黑人社函【2013】号"  # serial left for the bureau to assign
    assert new.notice.schedule.registration.end == date(2013, 3, 31)
    assert new.notice.fee.paid_years == [2010, 2011, 2012]
    assert new.notice.signature_numerals == "arabic"  # GB/T 9704-2012 is in force
    assert new.notice.hours == old.notice.hours
    assert new.body_source == old.body_source
    facts = (workdir / "2013" / "notice.yml").read_text(encoding="utf-8")
    assert "# 通知的全部事实" in facts  # the clerk's comments survive


def test_a_new_cycle_starts_with_nobody_paid(workdir: Path) -> None:
    edit(workdir / "data" / "notice.yml", "first_year: 2010", "first_year: 2008")
    edit(workdir / "data" / "notice.yml", "paid_years: [2010, 2011]", "paid_years: [2008, 2009, 2010, 2011]")
    make_next_year(workdir / "data", workdir / "2013", 2013)
    new = load_edition(workdir / "2013").notice
    assert (new.cycle.first_year, new.fee.paid_years) == (2013, [])


def test_an_existing_year_is_never_overwritten(workdir: Path) -> None:
    (workdir / "2013").mkdir()
    (workdir / "2013" / "notice.yml").write_text("keep me", encoding="utf-8")
    with pytest.raises(DataError) as error:
        make_next_year(workdir / "data", workdir / "2013", 2013)
    assert str(error.value) == "2013: 2013 年度的数据已经存在，不会覆盖；如需重做，请先移走或删除该目录"
    assert (workdir / "2013" / "notice.yml").read_text(encoding="utf-8") == "keep me"


def test_changes_between_years_are_listed(workdir: Path) -> None:
    make_next_year(workdir / "data", workdir / "2013", 2013)
    edit(workdir / "2013" / "notice.yml", "total: {hours: 72, days: 12}", "total: {hours: 90, days: 15}")
    edit(workdir / "2013" / "notice.yml", "    title: 培训院校及专业科目培训专业明细",
         "    title: 培训院校及培训专业明细")
    changes = [str(c) for c in compare(load_edition(workdir / "data"), load_edition(workdir / "2013"))]
    assert "日期｜报名时间：2012年3月3日至3月31日 → 2013年3月3日至3月31日" in changes
    assert "学时｜合计：72学时（12天） → 90学时（15天）" in changes
    assert "附件｜附件1：培训院校及专业科目培训专业明细 → 培训院校及培训专业明细" in changes
    assert "收费｜已缴费年份：2010、2011 → 2010、2011、2012" in changes
