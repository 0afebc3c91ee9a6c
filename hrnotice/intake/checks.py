"""Checks on the returned rows: each finding names the file, the row and the field.

Row checks look at one trainee; file checks at a return's head; roster checks across all returns
(the same person twice, a graduate nobody admitted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Iterator

from ..formatting import cn_date, date_range
from ..forms import LEVELS, SEXES, TRAINING_MODES
from ..load import Edition
from ..model import LEVEL_LABELS, Notice
from ..workdays import add_working_days
from .fields import ANNEX_NAMES, LIST_FOOT, LIST_HEAD, labels_of
from .idnumber import check_id_number, normalize
from .record import Entry, Finding, Return, Severity
from .values import parse_day, parse_month

LEVEL_KEYS = {label: key for key, label in LEVEL_LABELS.items()}
MODE_NAMES = ("网络函授", "网上面授")
REQUIRED = {2: ("name", "sex", "id_number", "level"), 3: ("name", "sex", "id_number", "level", "specialty"),
            4: ("name", "id_number", "level")}
HEAD_REQUIRED = ("institution", "specialty", "class_start", "class_end")


@dataclass(frozen=True)
class Context:
    """What the checks compare against: the year's notice and its catalog."""

    notice: Notice
    specialties_by_institution: dict[str, set[str]]

    @staticmethod
    def of(edition: Edition) -> Context:
        return Context(edition.notice, {i.name: set(i.specialties) for i in edition.catalog.institutions})


def _finding(entry: Entry, severity: Severity, key: str | None, message: str) -> Finding:
    return Finding(entry.source, entry.row, severity, labels_of(entry.annex)[key] if key else None, message)


def mode_for(notice: Notice, level_label: str) -> str:
    """The training mode a level must take: the modes it has hours in (初级: 网络函授 only)."""
    hours = notice.hours.levels[LEVEL_KEYS[level_label]]
    wanted = [name for name, span in zip(MODE_NAMES, (hours.online, hours.live)) if span.hours > 0]
    return next((mode for mode in TRAINING_MODES if [n for n in MODE_NAMES if n in mode] == wanted),
                "+".join(wanted))


# --- One trainee ---------------------------------------------------------------------------------

def check_required(entry: Entry, context: Context) -> Iterator[Finding]:
    """Fields every trainee must have."""
    for key in REQUIRED[entry.annex]:
        if not entry.text(key):
            yield _finding(entry, Severity.ERROR, key, "未填写；请补填")


def check_id(entry: Entry, context: Context) -> Iterator[Finding]:
    """身份证号码: length, check digit and birth date are errors, an unknown region code warns;
    性别 and 出生年月 must agree with it."""
    text = entry.text("id_number")
    if not text:
        return
    result = check_id_number(text)
    if result.error:
        yield _finding(entry, Severity.ERROR, "id_number", result.error)
        return
    if result.warning:
        yield _finding(entry, Severity.WARNING, "id_number", result.warning)
    if result.birth_date and result.birth_date > context.notice.date_written:
        yield _finding(entry, Severity.ERROR, "id_number",
                       f"号码中的出生日期 {cn_date(result.birth_date)} 晚于通知日期；请对照身份证核对")
    sex = entry.text("sex")
    if sex in SEXES and sex != result.sex:
        yield _finding(entry, Severity.ERROR, "sex",
                       f"“{sex}”与身份证号码不符：第17位 {result.number[16]} 是{'奇' if result.sex == '男' else '偶'}数，"
                       f"应为{result.sex}；请核对性别或号码")
    birth = entry.text("birth_month")
    if birth and result.birth_date:
        month = parse_month(birth)
        if month and month != (result.birth_date.year, result.birth_date.month):
            yield _finding(entry, Severity.ERROR, "birth_month",
                           f"{month[0]}年{month[1]}月与身份证号码中的出生日期 {cn_date(result.birth_date)} 不符；"
                           "请核对出生年月或号码")


def check_choices(entry: Entry, context: Context) -> Iterator[Finding]:
    """性别 and 任职资格级别 from their fixed lists."""
    sex, level = entry.text("sex"), entry.text("level")
    if sex and sex not in SEXES:
        yield _finding(entry, Severity.ERROR, "sex", f"应为 男 或 女，而不是“{sex}”")
    if level and level not in LEVELS:
        yield _finding(entry, Severity.ERROR, "level", f"应为 {'、'.join(LEVELS)} 之一，而不是“{level}”；请从下拉列表中选择")


def check_mode(entry: Entry, context: Context) -> Iterator[Finding]:
    """培训方式 allowed for the level: the modes the notice gives that level hours in."""
    level = entry.text("level")
    key = "mode" if entry.text("mode") else "class_mode"
    mode = entry.text(key)
    if not mode or level not in LEVELS:
        return
    expected = mode_for(context.notice, level)
    if mode not in TRAINING_MODES:
        yield _finding(entry, Severity.ERROR, key, f"应为 {'、'.join(TRAINING_MODES)} 之一，而不是“{mode}”")
    elif mode != expected:
        yield _finding(entry, Severity.ERROR, key,
                       f"{level}专业技术人员的培训方式应为“{expected}”（{context.notice.year}年通知），而不是“{mode}”")


def check_hours(entry: Entry, context: Context) -> Iterator[Finding]:
    """Hours per level equal to that year's notice (结业表)."""
    level = entry.text("level")
    if entry.annex != 4 or level not in LEVELS or entry.text("completed") == "否":
        return
    spans = context.notice.hours.levels[LEVEL_KEYS[level]]
    for key, span in (("online_hours", spans.online), ("live_hours", spans.live)):
        text = entry.text(key)
        if not text:
            if span.hours:
                yield _finding(entry, Severity.ERROR, key, f"未填写；{level}应为 {span.hours} 学时")
            continue
        if not text.isdigit():
            yield _finding(entry, Severity.ERROR, key, f"应为整数学时，而不是“{text}”")
        elif int(text) != span.hours:
            yield _finding(entry, Severity.ERROR, key,
                           f"{level}应为 {span.hours} 学时（{context.notice.year}年通知），而不是 {int(text)}")


def check_catalog(entry: Entry, context: Context) -> Iterator[Finding]:
    """附件3's institution and specialty must be in the catalog (附件1); the list forms' are checked once per file."""
    catalog = context.specialties_by_institution
    institution, specialty = entry.text("institution"), entry.text("specialty")
    if entry.annex != 3 or not catalog:
        return
    if institution and institution not in catalog:
        yield _finding(entry, Severity.ERROR, "institution", f"“{institution}”不在培训院校目录（附件1）中；请核对院校名称")
    elif institution and specialty and specialty not in catalog[institution]:
        yield _finding(entry, Severity.ERROR, "specialty", f"“{specialty}”不是{institution}在目录（附件1）中的培训专业")
    elif specialty and not institution and not any(specialty in taught for taught in catalog.values()):
        yield _finding(entry, Severity.ERROR, "specialty", f"“{specialty}”不在培训院校目录（附件1）的培训专业中")


def check_doubts(entry: Entry, context: Context) -> Iterator[Finding]:
    """Values the reader was unsure of: a shown date unlike the stored one, an unknown choice."""
    head_keys = {f.key for f in LIST_HEAD + LIST_FOOT} if entry.annex != 3 else set()  # checked once per file
    for key, value in entry.values.items():
        if value.doubt and key not in head_keys:
            yield _finding(entry, Severity.REVIEW, key, value.doubt)


ROW_CHECKS: tuple[Callable[[Entry, Context], Iterable[Finding]], ...] = (
    check_required, check_id, check_choices, check_mode, check_hours, check_catalog, check_doubts,
)


# --- One return's head ---------------------------------------------------------------------------

def check_head(ret: Return, context: Context) -> Iterator[Finding]:
    """The list form's head: required, in the catalog, dates inside the notice's class window."""
    if ret.annex == 3:
        return
    labels = labels_of(ret.annex)

    def finding(severity: Severity, key: str | None, message: str) -> Finding:
        return Finding(ret.source, None, severity, labels[key] if key else None, message)

    head = {key: value.text for key, value in ret.head.items()}
    for key in HEAD_REQUIRED:
        if not head.get(key):
            yield finding(Severity.ERROR, key, "未填写；请补填")
    for key, value in ret.head.items():
        if value.doubt:
            yield finding(Severity.REVIEW, key, value.doubt)
    institution, specialty = head.get("institution", ""), head.get("specialty", "")
    catalog = context.specialties_by_institution
    if catalog and institution and institution not in catalog:
        yield finding(Severity.ERROR, "institution", f"“{institution}”不在培训院校目录（附件1）中；请核对院校名称")
    elif catalog and institution and specialty and specialty not in catalog[institution]:
        yield finding(Severity.ERROR, "specialty", f"“{specialty}”不是{institution}在目录（附件1）中的培训专业")

    schedule = context.notice.schedule
    start, end = parse_day(head.get("class_start", "")), parse_day(head.get("class_end", ""))
    for key, text in (("class_start", head.get("class_start")), ("class_end", head.get("class_end"))):
        if text and parse_day(text) is None:
            yield finding(Severity.ERROR, key, f"“{text}”不是日期；请写作 2012-04-06 或 2012年4月6日")
    if start and not schedule.classes.start <= start <= schedule.classes.end:
        yield finding(Severity.ERROR, "class_start",
                      f"{cn_date(start)} 不在通知规定的举办期间（{date_range(schedule.classes)}）内")
    if end and start and end < start:
        yield finding(Severity.ERROR, "class_end", f"{cn_date(end)} 早于培训开始日期 {cn_date(start)}")
    elif end and not schedule.classes.start <= end <= schedule.training_ends_by:
        yield finding(Severity.ERROR, "class_end",
                      f"{cn_date(end)} 不在通知规定的期间内（所有班次应于 {cn_date(schedule.training_ends_by)} 前结束）")
    if ret.annex == 4 and end:
        yield from _check_sent_in_time(ret, context, end, finding)


def _check_sent_in_time(ret: Return, context: Context, class_end: date, finding) -> Iterator[Finding]:
    """A 结业表 is due within the notice's working days after its class ends."""
    days = context.notice.schedule.completion_report_working_days
    due = add_working_days(class_end, days)
    sent = parse_day(ret.head["report_date"].text) if "report_date" in ret.head else None
    if sent is None:
        yield finding(Severity.WARNING, "report_date", f"未填写，无法核对是否在培训结束后 {days} 个工作日内（{cn_date(due)} 前）报送")
    elif sent > due:
        yield finding(Severity.WARNING, "report_date",
                      f"{cn_date(sent)} 报送，晚于期限：培训于 {cn_date(class_end)} 结束，"
                      f"应在 {days} 个工作日内即 {cn_date(due)} 前报送")


# --- Across every return -------------------------------------------------------------------------

def check_duplicates(returns: list[Return], context: Context) -> Iterator[Finding]:
    """The same ID number twice in one kind of form, within a return or across institutions."""
    for annex in (2, 3, 4):
        first: dict[str, Entry] = {}
        for ret in returns:
            for entry in (e for e in ret.entries if e.annex == annex):
                number = normalize(entry.text("id_number"))
                if not number:
                    continue
                if number in first:
                    earlier = first[number]
                    place = f"{earlier.source}:{earlier.row}" if earlier.row else earlier.source
                    yield _finding(entry, Severity.ERROR, "id_number",
                                   f"“{number}”已出现在 {place}（{earlier.text('name') or '未填姓名'}，"
                                   f"{earlier.text('institution') or ANNEX_NAMES[annex]}）；同一人只能报一次")
                else:
                    first[number] = entry


def check_admitted(returns: list[Return], context: Context) -> Iterator[Finding]:
    """Every trainee of a 结业表 must be in that institution's 录取表."""
    admitted: dict[str, set[str]] = {}
    for ret in returns:
        if ret.annex == 2:
            names = admitted.setdefault(ret.head.get("institution").text if "institution" in ret.head else "", set())
            names.update(normalize(e.text("id_number")) for e in ret.entries)
    for ret in returns:
        if ret.annex != 4 or not ret.entries:
            continue
        institution = ret.head["institution"].text if "institution" in ret.head else ""
        if institution not in admitted:
            yield Finding(ret.source, None, Severity.WARNING, None,
                          f"本次没有收到“{institution or '未填院校'}”的录取表，无法核对结业学员是否都已录取；"
                          "请把录取表一起读入")
            continue
        for entry in ret.entries:
            number = normalize(entry.text("id_number"))
            if number and number not in admitted[institution]:
                yield _finding(entry, Severity.ERROR, "id_number",
                               f"“{number}”（{entry.text('name') or '未填姓名'}）不在{institution}的录取表中")


ROSTER_CHECKS = (check_duplicates, check_admitted)


def check_returns(returns: list[Return], edition: Edition) -> list[Finding]:
    """Every finding on every return, in file and row order."""
    context = Context.of(edition)
    findings: list[Finding] = []
    for ret in returns:
        findings += ret.notes
        findings += check_head(ret, context)
        for entry in ret.entries:
            for check in ROW_CHECKS:
                findings += check(entry, context)
    for check in ROSTER_CHECKS:
        findings += check(returns, context)
    return findings
