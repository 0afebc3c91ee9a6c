"""What changed from one year's notice to the next: dates, hours, annexes, institutions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .formatting import cn_date, date_range, hours_days
from .load import Edition
from .model import LEVEL_LABELS, CatalogRow, DateRange, Notice, Span


@dataclass(frozen=True)
class Change:
    """One difference between two years, as a reader would say it."""

    section: str
    item: str
    kind: str  # 新增 / 删除 / 修改
    before: str = ""
    after: str = ""

    def __str__(self) -> str:
        if self.kind == "修改":
            return f"{self.section}｜{self.item}：{self.before} → {self.after}"
        return f"{self.section}｜{self.kind}：{self.item}{'（' + (self.after or self.before) + '）' if self.after or self.before else ''}"


def _show(value: object) -> str:
    if isinstance(value, DateRange):
        return date_range(value)
    if isinstance(value, date):
        return cn_date(value)
    if isinstance(value, Span):
        return hours_days(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "无"
    return str(value)


def _facts(notice: Notice) -> list[tuple[str, str, object]]:
    """The facts worth comparing, each as (section, label, value)."""
    s, h = notice.schedule, notice.hours
    facts: list[tuple[str, str, object]] = [
        ("基本信息", "标题", notice.title),
        ("基本信息", "发文字号", notice.document_number),
        ("基本信息", "成文日期", notice.date_written),
        ("基本信息", "发布日期", notice.date_published),
        ("日期", "报名时间", s.registration),
        ("日期", "教学大纲和培训计划报送截止", s.syllabus_deadline),
        ("日期", "举办培训班次", s.classes),
        ("日期", "全部培训结束", s.training_ends_by),
        ("日期", "结业表报送时限（工作日）", s.completion_report_working_days),
        ("学时", "合计", h.total),
        ("学时", "公需科目", h.public),
        ("学时", "专业科目", h.professional),
    ]
    for level, label in LEVEL_LABELS.items():
        facts += [("学时", f"{label}·网络函授", h.levels[level].online),
                  ("学时", f"{label}·网上面授", h.levels[level].live)]
    facts += [("收费", "培训周期（年）", notice.cycle.years),
              ("收费", "已缴费年份", notice.fee.paid_years)]
    return facts


def _compare_facts(old: Notice, new: Notice) -> list[Change]:
    changes = []
    for (section, label, before), (_, _, after) in zip(_facts(old), _facts(new)):
        if before != after:
            changes.append(Change(section, label, "修改", _show(before), _show(after)))
    return changes


def _compare_annexes(old: Notice, new: Notice) -> list[Change]:
    changes = []
    before, after = old.annex, new.annex
    for number in sorted(before.keys() | after.keys()):
        item = f"附件{number}"
        if number not in after:
            changes.append(Change("附件", item, "删除", before=before[number].listing))
        elif number not in before:
            changes.append(Change("附件", item, "新增", after=after[number].listing))
        elif before[number].listing != after[number].listing:
            changes.append(Change("附件", item, "修改", before[number].listing, after[number].listing))
    return changes


def _compare_catalog(old: Edition, new: Edition) -> list[Change]:
    changes = []
    old_names = {i.name: i for i in old.catalog.institutions}
    new_names = {i.name: i for i in new.catalog.institutions}
    for name in old_names.keys() - new_names.keys():
        changes.append(Change("培训院校", name, "删除"))
    for name in new_names.keys() - old_names.keys():
        changes.append(Change("培训院校", name, "新增", after=f"{len(new_names[name].rows)}个专业"))

    def keyed(rows: tuple[CatalogRow, ...]) -> dict[tuple[str, str], CatalogRow]:
        return {(r.institution, r.specialty): r for r in rows}

    before, after = keyed(old.catalog.rows), keyed(new.catalog.rows)
    # The columns of the new year's declaration, less the two that name the row.
    details = [c for c in new.catalog.columns if c.field not in ("institution", "specialty")]
    for key in sorted(after.keys() - before.keys()):
        if key[0] in old_names:
            changes.append(Change("培训专业", f"{key[0]}·{key[1]}", "新增"))
    for key in sorted(before.keys() - after.keys()):
        if key[0] in new_names:
            changes.append(Change("培训专业", f"{key[0]}·{key[1]}", "删除"))
    for key in sorted(before.keys() & after.keys()):
        for column in details:
            was, now = before[key][column.field], after[key][column.field]
            if was != now:
                changes.append(Change("培训专业", f"{key[0]}·{key[1]}·{column.header}", "修改", was or "（空）",
                                      now or "（空）"))
    return sorted(changes, key=lambda c: (c.section, c.kind, c.item))


def compare(old: Edition, new: Edition) -> list[Change]:
    """Every change from `old` to `new`: facts in notice order, then annexes, then the catalog."""
    return (_compare_facts(old.notice, new.notice) + _compare_annexes(old.notice, new.notice)
            + _compare_catalog(old, new))
