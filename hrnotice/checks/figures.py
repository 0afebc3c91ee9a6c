"""Figures the clerk typed into the body instead of a placeholder: 学时, 天, 工作日, dates, years.

Each figure is bound to the fact its sentence states: the words nearest to it (公需科目, 专业科目,
共, 初级, 网络函授, 报名, 大纲, 举办, 结束, 缴费, 周期 …) select the fact, and the figure is compared
with that fact alone, so 72学时 typed for the total is wrong once the total is 80, even if some
level still has 72. A figure whose sentence names no fact is compared with every fact of its
kind, as the only thing left to do, and the finding says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterator

from ..formatting import cn_date
from ..model import LEVEL_LABELS, Cycle, Hours, LevelHours, Schedule
from .bodyscan import InSentence
from .dates import SCHEDULE_DATES, fact
from .hours import spans
from .registry import Context, Hit, Severity, rule

# One pass, alternatives in priority order: "72学时（12天）" is one figure, not two, and
# "2012年3月3日" is a date, not a year.
FIGURE = re.compile(r"""
    (?<![\d.])(?:
        (?P<span_hours>\d+)\s*学时\s*[（(]\s*(?P<span_days>\d+)\s*天\s*[）)]
      | (?P<hours>\d+)\s*学时
      | (?P<days>\d+)\s*天
      | (?P<workdays>\d+)\s*个?工作日
      | (?:(?P<date_year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]
      | (?P<year>\d{4})\s*年(?P<of_year>度)?
      | (?P<cycle_years>\d{1,2})\s*年(?!度)
    )""", re.VERBOSE)

# The words that name a fact, per kind of figure (a dotted fact, or a window or mode still to be
# narrowed). The cue nearest the figure in its clause wins; if the clause has none, the nearest
# in its sentence. "公共科目" is listed so that its 共 is not read as 共 (the total).
SPAN_CUES = {
    "hours.public": re.compile(r"公需|公共科目"),
    "hours.professional": re.compile(r"专业科目"),
    "hours.total": re.compile(r"合计|共计?|总计|培训时间"),
    "online": re.compile(r"网络函授"),
    "live": re.compile(r"网上面授"),
}
DATE_CUES = {
    "schedule.registration": re.compile(r"报名"),
    "schedule.syllabus_deadline": re.compile(r"大纲|培训计划"),
    "schedule.classes": re.compile(r"举办|开班|班次"),
    "schedule.training_ends_by": re.compile(r"结束"),
    "date_written": re.compile(r"成文"),
    "date_published": re.compile(r"发布|印发"),
}
YEAR_CUES = {
    "fee.paid_years": re.compile(r"缴费|缴纳"),
    "cycle.first_year": re.compile(r"周期"),
}
CYCLE_CUES = {"cycle.years": re.compile(r"周期")}
# 高级, 初级, 高、中级, 高、中、初级: the levels a sentence speaks of.
LEVEL_CUE = {"levels": re.compile(r"[高中初](?:[、和及与]?[高中初])*级")}
LEVEL_OF = {label[0]: level for level, label in LEVEL_LABELS.items()}
WINDOWS = ("schedule.registration", "schedule.classes")

CLAUSE_END = re.compile(r"[，,：:（）()]")
RANGE_SIGN = r"(?:至|到|[—–－\-～~])"
STARTS_WINDOW = re.compile(rf"\s*(?:{RANGE_SIGN}|起)")
ENDS_WINDOW = re.compile(rf"(?:{RANGE_SIGN}|截止|截至)\s*$")
BEFORE_END = re.compile(r"\s*(?:前|止|为止)")
END_WORDS = re.compile(r"截止|截至|结束|最后一天")
START_WORDS = re.compile(r"开始|起始|第一天")
UNITS = {"span": "学时和天数", "hours": "学时", "days": "天数", "workdays": "工作日数", "date": "日期",
         "year": "年份", "cycle_years": "年数"}


@dataclass(frozen=True)
class Reading:
    """One fact as a figure of one kind reads it: its value and the placeholder that writes it."""

    name: str
    label: str
    value: object
    placeholder: str


@dataclass(frozen=True)
class Figure:
    """A literal figure and the facts it is compared with.

    `bound`: its sentence names these facts, and it must agree with each of them; otherwise they
    are every fact of its kind, and it need agree with one.
    """

    line: int
    text: str
    kind: str
    value: object
    readings: tuple[Reading, ...]
    bound: bool

    def facts(self) -> list[tuple[str, list[Reading]]]:
        """The facts compared with, each with its readings (several for a list such as fee.paid_years)."""
        grouped: dict[str, list[Reading]] = {}
        for reading in self.readings:
            grouped.setdefault(reading.name, []).append(reading)
        return list(grouped.items())

    @property
    def agrees(self) -> bool:
        if self.bound:
            return all(any(r.value == self.value for r in group) for _name, group in self.facts())
        return any(r.value == self.value for r in self.readings)


def _span_label(name: str) -> str:
    """`公需科目`, `初级的网络函授`: from the model's own field descriptions."""
    parts = name.split(".")
    if parts[1] == "levels":
        return f"{LEVEL_LABELS[parts[2]]}的{LevelHours.model_fields[parts[3]].description}"
    return Hours.model_fields[parts[1]].description or name


def _readings(context: Context) -> dict[str, list[Reading]]:
    """Every fact a figure of each kind may stand for, in file order."""
    notice = context.notice
    readings: dict[str, list[Reading]] = {kind: [] for kind in UNITS}
    for name, span in spans(context):
        label = _span_label(name)
        readings["span"].append(Reading(name, label, (span.hours, span.days), f"{{{{ {name} | hours_days }}}}"))
        readings["hours"].append(Reading(name, label, span.hours, f"{{{{ {name}.hours }}}}"))
        readings["days"].append(Reading(name, label, span.days, f"{{{{ {name}.days }}}}"))
    readings["workdays"].append(Reading(
        "schedule.completion_report_working_days",
        Schedule.model_fields["completion_report_working_days"].description or "",
        notice.schedule.completion_report_working_days, "{{ schedule.completion_report_working_days }}"))
    for name, label in SCHEDULE_DATES:
        readings["date"].append(Reading(name, label, fact(notice, name), f"{{{{ {name} | cn_date }}}}"))
    readings["year"].append(Reading("year", "通知年度", notice.year, "{{ year }}"))
    readings["year"].append(Reading("cycle.first_year", "本周期的第一年", notice.cycle.first_year,
                                    "{{ cycle.first_year }}"))
    # An empty list is a fact too: a year typed as paid is then wrong (value None: "无").
    readings["year"] += [Reading("fee.paid_years", "已缴费年份", year, "{{ fee.paid_years | year_list }}")
                         for year in notice.fee.paid_years or [None]]
    readings["cycle_years"].append(Reading("cycle.years", Cycle.model_fields["years"].description or "",
                                           notice.cycle.years, "{{ cycle.years }}"))
    return readings


def _nearest_cue(cues: dict[str, re.Pattern[str]], found: InSentence) -> tuple[str, re.Match[str]] | None:
    """The cue nearest the figure, in its clause, else in its sentence; a cue before it wins a tie."""
    clause_before = CLAUSE_END.split(found.before)[-1]
    clause_after = CLAUSE_END.split(found.after)[0]
    for before, after in ((clause_before, clause_after), (found.before, found.after)):
        near = [(len(before) - m.end(), 0, target, m) for target, pattern in cues.items()
                for m in pattern.finditer(before)]
        near += [(m.start(), 1, target, m) for target, pattern in cues.items() for m in pattern.finditer(after)]
        if near:
            _distance, _side, target, match = min(near, key=lambda n: n[:2])
            return target, match
    return None


def _window_side(found: InSentence) -> str | None:
    """`start` or `end` of a window, from the words right around a date (3月3日至…, 至3月31日,
    3月31日前), else from its clause (报名截止日为3月31日, 报名开始日为3月3日)."""
    if STARTS_WINDOW.match(found.after):
        return "start"
    if ENDS_WINDOW.search(found.before) or BEFORE_END.match(found.after):
        return "end"
    clause = CLAUSE_END.split(found.before)[-1]
    if END_WORDS.search(clause):
        return "end"
    if START_WORDS.search(clause):
        return "start"
    return None


def _bind(kind: str, found: InSentence, context: Context) -> list[str]:
    """The dotted facts the figure's sentence states; empty when it names none."""
    groups = found.match.groupdict()
    if kind == "workdays":
        return ["schedule.completion_report_working_days"]
    if kind == "year" and groups["of_year"]:
        return ["year"]  # "2012年度" names the notice's own year
    cues = {"span": SPAN_CUES, "hours": SPAN_CUES, "days": SPAN_CUES, "date": DATE_CUES,
            "year": YEAR_CUES, "cycle_years": CYCLE_CUES}[kind]
    cue = _nearest_cue(cues, found)
    if cue is None:
        return []
    target = cue[0]
    if target in ("online", "live"):
        levels_cue = _nearest_cue(LEVEL_CUE, found)
        named = [LEVEL_OF[c] for c in levels_cue[1].group(0) if c in LEVEL_OF] if levels_cue else []
        return [f"hours.levels.{level}.{target}" for level in named if level in context.notice.hours.levels]
    if target in WINDOWS:
        side = _window_side(found)
        return [f"{target}.{side}"] if side else []
    return [target]


def _candidates(kind: str, found: InSentence, context: Context,
                readings: dict[str, list[Reading]]) -> tuple[tuple[Reading, ...], bool]:
    """The readings a figure is compared with, and whether its sentence bound it to them."""
    bound = _bind(kind, found, context)
    if bound:
        return tuple(r for name in bound for r in readings[kind] if r.name == name), True
    return tuple(r for r in readings[kind] if r.value is not None), False


def literal_figures(context: Context) -> Iterator[Figure]:
    """Every figure typed in the body's literal text, with the facts it is compared with."""
    readings = _readings(context)
    year_of_section = context.notice.year
    for found in context.body.search_in_sentences(FIGURE):
        groups = {k: v for k, v in found.match.groupdict().items() if v is not None}
        value: object
        if "span_hours" in groups:
            kind, value = "span", (int(groups["span_hours"]), int(groups["span_days"]))
        elif "month" in groups:
            kind = "date"
            year_of_section = int(groups.get("date_year", year_of_section))
            try:
                value = date(year_of_section, int(groups["month"]), int(groups["day"]))
            except ValueError:
                value = None
        elif "year" in groups:
            kind, value = "year", int(groups["year"])
        else:
            kind = next(k for k in ("hours", "days", "workdays", "cycle_years") if k in groups)
            value = int(groups[kind])
        compared, bound = _candidates(kind, found, context, readings)
        if kind == "cycle_years" and not bound:
            continue  # "3年" may be any length of time; only a training cycle's length is a fact
        yield Figure(found.line, found.match.group(0), kind, value, compared, bound)


def _describe(kind: str, value: object) -> str:
    if value is None:
        return "无"
    if isinstance(value, tuple):
        return f"{value[0]}学时（{value[1]}天）"
    if isinstance(value, date):
        return cn_date(value)
    unit = {"hours": "学时", "days": "天", "workdays": "个工作日", "year": "年", "cycle_years": "年"}[kind]
    return f"{value}{unit}"


def _closest(figure: Figure) -> Reading:
    """The reading closest to the figure typed: most likely the fact it was meant to be."""
    def distance(reading: Reading) -> float:
        value, known = figure.value, reading.value
        if isinstance(value, date) and isinstance(known, date):
            return abs((value - known).days)
        if isinstance(value, tuple) and isinstance(known, tuple):
            return sum(abs(a - b) for a, b in zip(value, known))
        if isinstance(value, int) and isinstance(known, int):
            return abs(value - known)
        return 0
    return min(figure.readings, key=distance)


def _named(facts: list[tuple[str, list[Reading]]]) -> str:
    """`培训时间合计（hours.total）`, or several joined by 和."""
    return "和".join(f"{group[0].label}（{name}）" for name, group in facts)


@rule("body-figure-mismatch", Severity.ERROR)
def body_figure_mismatch(context: Context) -> Iterator[Hit]:
    """A figure typed in the body (`70学时`, `12天`, a date, a year) that differs from the fact its sentence states."""
    for figure in literal_figures(context):
        if figure.agrees or not figure.readings:
            continue
        place = context.body_at(figure.line)
        if figure.bound:
            facts = figure.facts()
            values = "、".join("、".join(_describe(figure.kind, r.value) for r in group) for _name, group in facts)
            yield place, (
                f"正文直接写了“{figure.text}”，句中说的是{_named(facts)}，notice.yml 中"
                f"{'分别' if len(facts) > 1 else ''}是 {values}；请改正事实或正文，并改用占位符 {facts[0][1][0].placeholder}")
        else:
            choices = "、".join(dict.fromkeys(_describe(figure.kind, r.value) for r in figure.readings))
            yield place, (
                f"正文直接写了“{figure.text}”，notice.yml 中没有这个{UNITS[figure.kind]}（有 {choices}）；"
                f"从所在的句子看不出它说的是哪一项，所以只与全部{UNITS[figure.kind]}比较；"
                f"请改正事实或正文，并改用占位符，如 {_closest(figure).placeholder}")


@rule("body-figure-literal", Severity.INFO)
def body_figure_literal(context: Context) -> Iterator[Hit]:
    """A figure typed in the body that agrees with the facts today, but will not follow them."""
    for figure in literal_figures(context):
        if not figure.agrees:
            continue
        place = context.body_at(figure.line)
        if figure.bound:
            facts = figure.facts()
            yield place, (
                f"正文直接写了“{figure.text}”，现在与 notice.yml 的{_named(facts)}一致，但改事实时它不会跟着改；"
                f"请改用 {facts[0][1][0].placeholder}")
        else:
            same = next(r for r in figure.readings if r.value == figure.value)
            yield place, (
                f"正文直接写了“{figure.text}”，现在与 notice.yml 的{same.label}（{same.name}）相同，"
                f"但从所在的句子看不出它说的就是这一项，改事实时它也不会跟着改；请改用相应的占位符，如 {same.placeholder}")
