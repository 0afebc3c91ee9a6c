"""Publishing on time: the notice within 20 working days of being written (《政府信息公开条例》第二十六条),
its 政策解读 at the latest 3 working days after it (working days with China's make-up days)."""

from __future__ import annotations

from typing import Iterator

from ..formatting import cn_date
from ..workdays import add_working_days, is_covered
from .registry import Context, Hit, Severity, rule

PUBLISH_WITHIN = 20  # working days from being written to being published
INTERPRETATION_WITHIN = 3  # working days from the notice's publication to its interpretation's


@rule("publish-late", Severity.WARNING)
def publish_late(context: Context) -> Iterator[Hit]:
    """The notice is published within 20 working days of the date it was written."""
    notice = context.notice
    if not is_covered(notice.date_written.year):
        return  # calendar-coverage says when a year's schedule is missing; no guessing
    limit = add_working_days(notice.date_written, PUBLISH_WITHIN)
    if notice.date_published > limit:
        yield context.facts_at("date_published"), (
            f"发布日期 {cn_date(notice.date_published)} 晚于成文日期 {cn_date(notice.date_written)} 后的第 "
            f"{PUBLISH_WITHIN} 个工作日 {cn_date(limit)}：《政府信息公开条例》第二十六条要求自形成之日起 "
            f"{PUBLISH_WITHIN} 个工作日内公开（已按法定节假日和调休计算）；请核对发布日期")


@rule("interpretation-late", Severity.WARNING)
def interpretation_late(context: Context) -> Iterator[Hit]:
    """The 政策解读 is published at the latest 3 working days after the notice."""
    interpretation = context.edition.interpretation
    published = context.notice.date_published
    if interpretation is None or not is_covered(published.year):
        return
    limit = add_working_days(published, INTERPRETATION_WITHIN)
    day = interpretation.facts.date
    if day > limit:
        yield (interpretation.path, interpretation.facts_map.line("date")), (
            f"政策解读的日期 {cn_date(day)} 晚于通知发布（{cn_date(published)}）后的第 {INTERPRETATION_WITHIN} 个工作日 "
            f"{cn_date(limit)}：政策解读应与文件同步发布，最迟不超过 {INTERPRETATION_WITHIN} 个工作日（已按法定节假日和调休计算）；"
            "请核对解读的日期")
