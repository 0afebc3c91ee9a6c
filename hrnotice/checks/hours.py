"""Hours and days: the parts add up and every part keeps the same hours per day."""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from ..model import LEVEL_LABELS, Span
from .registry import Context, Hit, Severity, rule

UNITS = {"hours": "学时", "days": "天"}


def _figure(span: Span, unit: str) -> str:
    return f"{getattr(span, unit)}{UNITS[unit]}"


def spans(context: Context) -> Iterator[tuple[str, Span]]:
    """Every span of the facts with its dotted name, in file order."""
    hours = context.notice.hours
    yield "hours.total", hours.total
    yield "hours.public", hours.public
    yield "hours.professional", hours.professional
    for level, split in hours.levels.items():
        yield f"hours.levels.{level}.online", split.online
        yield f"hours.levels.{level}.live", split.live


@rule("hours-sum", Severity.ERROR)
def hours_sum(context: Context) -> Iterator[Hit]:
    """公需 + 专业 = 合计, in hours and in days."""
    hours = context.notice.hours
    for unit in UNITS:
        parts = getattr(hours.public, unit) + getattr(hours.professional, unit)
        if parts != getattr(hours.total, unit):
            yield context.facts_at(f"hours.total.{unit}"), (
                f"公需科目 {_figure(hours.public, unit)} + 专业科目 {_figure(hours.professional, unit)} = "
                f"{parts}{UNITS[unit]}，但合计（hours.total）是 {_figure(hours.total, unit)}；请改正其中之一")


@rule("hours-per-day", Severity.ERROR)
def hours_per_day(context: Context) -> Iterator[Hit]:
    """Every part has the hours per day of the total (6 in 2012: 72学时 = 12天)."""
    total = context.notice.hours.total
    if total.days == 0:
        yield context.facts_at("hours.total.days"), "合计天数为 0，无法折算每天的学时；请填写合计天数"
        return
    per_day = Fraction(total.hours, total.days)
    for name, span in spans(context):
        if Fraction(span.hours) == per_day * span.days:
            continue
        fixes = [f"{span.days}天应为 {float(per_day * span.days):g}学时"]
        if (span.hours / per_day).denominator == 1:
            fixes.insert(0, f"{span.hours}学时应为 {span.hours / per_day}天")
        yield context.facts_at(f"{name}.hours"), (
            f"{name} 是 {span.hours}学时（{span.days}天），与合计 {total.hours}学时（{total.days}天）"
            f"每天 {float(per_day):g} 学时的折算不一致；请改正：{'，或'.join(fixes)}")


@rule("hours-levels", Severity.ERROR)
def hours_levels(context: Context) -> Iterator[Hit]:
    """For each qualification level, 网络函授 + 网上面授 = 合计, in hours and in days."""
    total = context.notice.hours.total
    for level, split in context.notice.hours.levels.items():
        for unit in UNITS:
            parts = getattr(split.online, unit) + getattr(split.live, unit)
            if parts != getattr(total, unit):
                yield context.facts_at(f"hours.levels.{level}"), (
                    f"{LEVEL_LABELS[level]}（hours.levels.{level}）网络函授 {_figure(split.online, unit)} + "
                    f"网上面授 {_figure(split.live, unit)} = {parts}{UNITS[unit]}，与合计 {_figure(total, unit)} 不符；"
                    "请改正")


@rule("hour-rules", Severity.ERROR)
def hour_rules(context: Context) -> Iterator[Hit]:
    """The hours meet the year's own requirement (hour_rules), as the document in force sets it."""
    rules, hours = context.notice.hour_rules, context.notice.hours
    if rules is None:
        return
    if hours.total.hours < rules.min_total_hours:
        yield context.facts_at("hours.total.hours"), (
            f"合计 {hours.total.hours}学时，少于 {rules.document} 规定的每年至少 {rules.min_total_hours}学时；"
            "请增加学时，或核对 hour_rules")
    if rules.min_professional_share:
        share = Fraction(rules.min_professional_share)
        if hours.total.hours and Fraction(hours.professional.hours, hours.total.hours) < share:
            needed = share * hours.total.hours
            yield context.facts_at("hours.professional.hours"), (
                f"专业科目 {hours.professional.hours}学时，不足合计 {hours.total.hours}学时的 {rules.min_professional_share}"
                f"（{rules.document} 的要求，至少 {float(needed):g}学时）；请调整公需与专业科目的学时")
