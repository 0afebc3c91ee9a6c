"""Checks on the returned rows: each finding names the file, the row, the field and the rule.

Row checks look at one trainee; head checks at a list form's head; roster checks across all
returns (the same person twice, a graduate nobody admitted). What a field means to a check is
its key (`id_number`, `level` …, see `formspec.TRAINEE_FACTS`); its choices and whether it is
required come from the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Iterator

from ..findings import Finding, Severity
from ..formatting import cn_date, date_range
from ..formspec import FormKind
from ..load import Edition
from ..model import LEVEL_LABELS, Notice
from ..workdays import add_working_days
from .idnumber import check_id_number, normalize
from .record import Entry, Return
from .values import parse_day, parse_month

LEVEL_KEYS = {label: key for key, label in LEVEL_LABELS.items()}
MODE_PARTS = ("网络函授", "网上面授")  # the two ways of training; a mode is one or both, joined by +


@dataclass(frozen=True)
class Context:
    """What the checks compare against: the year's notice and its catalog."""

    edition: Edition
    specialties_by_institution: dict[str, set[str]]

    @property
    def notice(self) -> Notice:
        return self.edition.notice

    @staticmethod
    def of(edition: Edition) -> Context:
        return Context(edition, {i.name: set(i.specialties) for i in edition.catalog.institutions})

    def form_name(self, form: FormKind) -> str:
        """`附件2学员录取表`."""
        annex = self.notice.annex_of(form.kind)
        return f"附件{annex.number}{form.name}" if annex else form.name


def _finding(entry: Entry, severity: Severity, rule: str, key: str | None, message: str) -> Finding:
    field = entry.form.field(key) if key else None
    return Finding(entry.source, entry.row, severity, rule, message, field.label if field else None)


def mode_for(notice: Notice, level_label: str, choices: list[str]) -> str:
    """The training mode a level must take: the modes it has hours in (初级: 网络函授 only)."""
    hours = notice.hours.levels[LEVEL_KEYS[level_label]]
    wanted = [name for name, span in zip(MODE_PARTS, (hours.online, hours.live)) if span.hours > 0]
    return next((mode for mode in choices if mode.split("+") == wanted), "+".join(wanted))


def _trainee_fields(form: FormKind):
    """The fields that belong to one trainee: a list form's row, or all of a one-person form."""
    return form.rows if form.list_form else form.fields


# --- One trainee ---------------------------------------------------------------------------------

def check_required(entry: Entry, context: Context) -> Iterator[Finding]:
    """Fields every trainee must have, as declared."""
    for field in _trainee_fields(entry.form):
        if field.required and not entry.text(field.key):
            yield _finding(entry, Severity.ERROR, "required", field.key, "未填写；请补填")


def check_id(entry: Entry, context: Context) -> Iterator[Finding]:
    """身份证号码: length, check digit and birth date are errors, an unknown region code warns;
    性别 and 出生年月 must agree with it."""
    text = entry.text("id_number")
    if not text:
        return
    result = check_id_number(text)
    if result.error:
        yield _finding(entry, Severity.ERROR, "id-number", "id_number", result.error)
        return
    if result.warning:
        yield _finding(entry, Severity.WARNING, "id-number", "id_number", result.warning)
    if result.birth_date and result.birth_date > context.notice.date_written:
        yield _finding(entry, Severity.ERROR, "id-number", "id_number",
                       f"号码中的出生日期 {cn_date(result.birth_date)} 晚于通知日期；请对照身份证核对")
    sex = entry.text("sex")
    if sex in ("男", "女") and sex != result.sex:
        yield _finding(entry, Severity.ERROR, "id-number", "sex",
                       f"“{sex}”与身份证号码不符：第17位 {result.number[16]} 是{'奇' if result.sex == '男' else '偶'}数，"
                       f"应为{result.sex}；请核对性别或号码")
    birth = entry.text("birth_month")
    if birth and result.birth_date:
        month = parse_month(birth)
        if month and month != (result.birth_date.year, result.birth_date.month):
            yield _finding(entry, Severity.ERROR, "id-number", "birth_month",
                           f"{month[0]}年{month[1]}月与身份证号码中的出生日期 {cn_date(result.birth_date)} 不符；"
                           "请核对出生年月或号码")


def check_choices(entry: Entry, context: Context) -> Iterator[Finding]:
    """A choice field holds one of its declared choices (the catalog's are checked against the catalog)."""
    for field in _trainee_fields(entry.form):
        value = entry.text(field.key)
        if field.kind == "choice" and isinstance(field.choices, list) and value and value not in field.choices:
            yield _finding(entry, Severity.ERROR, "choice", field.key,
                           f"应为 {'、'.join(field.choices)} 之一，而不是“{value}”；请从下拉列表中选择")


def check_mode(entry: Entry, context: Context) -> Iterator[Finding]:
    """培训方式 allowed for the trainee's level: the modes the notice gives that level hours in.
    Each trainee's own: a class may mix levels, and so modes."""
    field = entry.form.field("mode")
    level, mode = entry.text("level"), entry.text("mode")
    if field is None or not mode or level not in LEVEL_KEYS or not isinstance(field.choices, list):
        return
    expected = mode_for(context.notice, level, field.choices)
    if mode in field.choices and mode != expected:
        yield _finding(entry, Severity.ERROR, "mode", "mode",
                       f"{level}专业技术人员的培训方式应为“{expected}”（{context.notice.year}年通知），而不是“{mode}”")


def check_hours(entry: Entry, context: Context) -> Iterator[Finding]:
    """Hours per level equal to that year's notice (on a form that records hours)."""
    level = entry.text("level")
    if level not in LEVEL_KEYS or entry.text("completed") == "否":
        return
    spans = context.notice.hours.levels[LEVEL_KEYS[level]]
    for key, span in (("online_hours", spans.online), ("live_hours", spans.live)):
        if entry.form.field(key) is None:
            continue
        text = entry.text(key)
        if not text:
            if span.hours:
                yield _finding(entry, Severity.ERROR, "hours", key, f"未填写；{level}应为 {span.hours} 学时")
            continue
        if not text.isdigit():
            yield _finding(entry, Severity.ERROR, "hours", key, f"应为整数学时，而不是“{text}”")
        elif int(text) != span.hours:
            yield _finding(entry, Severity.ERROR, "hours", key,
                           f"{level}应为 {span.hours} 学时（{context.notice.year}年通知），而不是 {int(text)}")


def _catalog_problems(institution: str, specialty: str, context: Context) -> Iterator[tuple[str, str]]:
    catalog = context.specialties_by_institution
    if not catalog:
        return
    if institution and institution not in catalog:
        yield "institution", f"“{institution}”不在培训院校目录（附件1）中；请核对院校名称"
    elif institution and specialty and specialty not in catalog[institution]:
        yield "specialty", f"“{specialty}”不是{institution}在目录（附件1）中的培训专业"
    elif specialty and not institution and not any(specialty in taught for taught in catalog.values()):
        yield "specialty", f"“{specialty}”不在培训院校目录（附件1）的培训专业中"


def check_catalog(entry: Entry, context: Context) -> Iterator[Finding]:
    """A one-person form's institution and specialty are in the catalog (a list form's: once per file)."""
    if entry.form.list_form:
        return
    for key, message in _catalog_problems(entry.text("institution"), entry.text("specialty"), context):
        yield _finding(entry, Severity.ERROR, "catalog", key, message)


def check_doubts(entry: Entry, context: Context) -> Iterator[Finding]:
    """Values the reader was unsure of: a shown date unlike the stored one, an unknown choice."""
    head = {f.key for f in (*entry.form.head, *entry.form.foot)} if entry.form.list_form else set()
    for key, value in entry.values.items():
        if value.doubt and key not in head:  # a list form's head is looked at once per file
            yield _finding(entry, Severity.REVIEW, "read", key, value.doubt)


ROW_CHECKS: tuple[Callable[[Entry, Context], Iterable[Finding]], ...] = (
    check_required, check_id, check_choices, check_mode, check_hours, check_catalog, check_doubts,
)


# --- One list form's head ------------------------------------------------------------------------

def check_head(ret: Return, context: Context) -> Iterator[Finding]:
    """The list form's head: required, in the catalog, dates inside the notice's class window."""
    form = ret.form
    if not form.list_form:
        return

    def finding(severity: Severity, rule: str, key: str | None, message: str) -> Finding:
        field = form.field(key) if key else None
        return Finding(ret.source, None, severity, rule, message, field.label if field else None)

    head = {key: value.text for key, value in ret.head.items()}
    for field in (*form.head, *form.foot):
        if field.required and not head.get(field.key):
            yield finding(Severity.ERROR, "required", field.key, "未填写；请补填")
    for key, value in ret.head.items():
        if value.doubt:
            yield finding(Severity.REVIEW, "read", key, value.doubt)
    for key, message in _catalog_problems(head.get("institution", ""), head.get("specialty", ""), context):
        yield finding(Severity.ERROR, "catalog", key, message)

    schedule = context.notice.schedule
    start, end = parse_day(head.get("class_start", "")), parse_day(head.get("class_end", ""))
    for key in ("class_start", "class_end"):
        if head.get(key) and parse_day(head[key]) is None:
            yield finding(Severity.ERROR, "dates", key, f"“{head[key]}”不是日期；请写作 2012-04-06 或 2012年4月6日")
    if start and not schedule.classes.start <= start <= schedule.classes.end:
        yield finding(Severity.ERROR, "dates", "class_start",
                      f"{cn_date(start)} 不在通知规定的举办期间（{date_range(schedule.classes)}）内")
    if end and start and end < start:
        yield finding(Severity.ERROR, "dates", "class_end", f"{cn_date(end)} 早于培训开始日期 {cn_date(start)}")
    elif end and not schedule.classes.start <= end <= schedule.training_ends_by:
        yield finding(Severity.ERROR, "dates", "class_end",
                      f"{cn_date(end)} 不在通知规定的期间内（所有班次应于 {cn_date(schedule.training_ends_by)} 前结束）")
    if form.due == "after_class" and end and form.field("report_date") is not None:
        yield from _check_sent_in_time(ret, context, end, finding)


def _check_sent_in_time(ret: Return, context: Context, class_end: date, finding) -> Iterator[Finding]:
    """A form due after the class is sent in within the notice's working days after it ends."""
    days = context.notice.schedule.completion_report_working_days
    due = add_working_days(class_end, days)
    sent = parse_day(ret.head["report_date"].text) if "report_date" in ret.head else None
    if sent is None:
        yield finding(Severity.WARNING, "deadline", "report_date",
                      f"未填写，无法核对是否在培训结束后 {days} 个工作日内（{cn_date(due)} 前）报送")
    elif sent > due:
        yield finding(Severity.WARNING, "deadline", "report_date",
                      f"{cn_date(sent)} 报送，晚于期限：培训于 {cn_date(class_end)} 结束，"
                      f"应在 {days} 个工作日内即 {cn_date(due)} 前报送")


# --- Across every return -------------------------------------------------------------------------

def check_duplicates(returns: list[Return], context: Context) -> Iterator[Finding]:
    """The same ID number twice in one kind of form, within a return or across institutions."""
    first: dict[tuple[str, str], Entry] = {}
    for ret in returns:
        for entry in ret.entries:
            number = normalize(entry.text("id_number"))
            if not number:
                continue
            earlier = first.setdefault((entry.form.kind, number), entry)
            if earlier is not entry:
                place = f"{earlier.source}:{earlier.row}" if earlier.row else earlier.source
                yield _finding(entry, Severity.ERROR, "duplicate", "id_number",
                               f"“{number}”已出现在 {place}（{earlier.text('name') or '未填姓名'}，"
                               f"{earlier.text('institution') or context.form_name(entry.form)}）；同一人只能报一次")


def check_admitted(returns: list[Return], context: Context) -> Iterator[Finding]:
    """Every trainee of a form with `admitted_by` (结业表) is in that institution's form of that kind (录取表)."""
    listed: dict[tuple[str, str], set[str]] = {}  # (form kind, institution) → ID numbers
    for ret in returns:
        institution = ret.head["institution"].text if "institution" in ret.head else ""
        listed.setdefault((ret.form.kind, institution), set()).update(
            normalize(e.text("id_number")) for e in ret.entries)
    for ret in returns:
        admitted_by = context.edition.forms.kind(ret.form.admitted_by) if ret.form.admitted_by else None
        if admitted_by is None or not ret.entries:
            continue
        institution = ret.head["institution"].text if "institution" in ret.head else ""
        admitted = listed.get((admitted_by.kind, institution))
        if admitted is None:
            yield Finding(ret.source, None, Severity.WARNING, "admitted",
                          f"本次没有收到“{institution or '未填院校'}”的{admitted_by.name}，无法核对学员是否都已录取；"
                          f"请把{admitted_by.name}一起读入")
            continue
        for entry in ret.entries:
            number = normalize(entry.text("id_number"))
            if number and number not in admitted:
                yield _finding(entry, Severity.ERROR, "admitted", "id_number",
                               f"“{number}”（{entry.text('name') or '未填姓名'}）不在{institution}的{admitted_by.name}中")


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
