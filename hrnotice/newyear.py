"""Next year's data from this year's: the same files, with the year-bound facts moved on.

The facts file is edited in place, value by value, so the clerk's comments and layout survive;
what needs a human decision (the serial number, carried-over dates) is left for the check to list.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import yaml

from .errors import DataError, Problem, display_path
from .formatting import numerals_in_force
from .load import BODY_FILE, FACTS_FILE, load_facts
from .model import Notice
from .textfile import read_text

CATALOG_FILES = ("institutions.csv", "institutions.xlsx")


def shift_year(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _replacements(notice: Notice, years: int) -> dict[tuple, str]:
    """New YAML text for each year-bound fact, by its path in the file."""
    new_year = notice.year + years
    parts = notice.document_number_parts
    number = f"{parts['code']}{parts['open']}{new_year}{parts['close']}号"  # serial: to be assigned
    s = notice.schedule
    dates = {
        ("date_written",): notice.date_written,
        ("date_published",): notice.date_published,
        ("schedule", "registration", "start"): s.registration.start,
        ("schedule", "registration", "end"): s.registration.end,
        ("schedule", "syllabus_deadline",): s.syllabus_deadline,
        ("schedule", "classes", "start"): s.classes.start,
        ("schedule", "classes", "end"): s.classes.end,
        ("schedule", "training_ends_by",): s.training_ends_by,
    }
    new = {path: shift_year(day, years).isoformat() for path, day in dates.items()}
    new[("year",)] = str(new_year)
    new[("title",)] = notice.title.replace(str(notice.year), str(new_year))
    new[("document_number",)] = number
    new[("signature_numerals",)] = numerals_in_force(shift_year(notice.date_written, years))

    cycle = notice.cycle
    if new_year <= cycle.last_year:
        paid = list(range(cycle.first_year, new_year))
    else:  # a new cycle begins: nobody has paid for it yet
        new[("cycle", "first_year")] = str(new_year)
        paid = []
    new[("fee", "paid_years")] = "[" + ", ".join(str(y) for y in paid) + "]"
    return new


def _node_spans(node: yaml.Node, path: tuple, spans: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            spans[path + (key.value,)] = (value.start_mark.index, value.end_mark.index)
            _node_spans(value, path + (key.value,), spans)


def next_year_facts(text: str, notice: Notice, years: int = 1) -> str:
    """The facts file's text with every year-bound value moved on by `years`."""
    spans: dict[tuple, tuple[int, int]] = {}
    _node_spans(yaml.compose(text, Loader=yaml.SafeLoader), (), spans)
    edits = sorted(((spans[path], value) for path, value in _replacements(notice, years).items()),
                   reverse=True)
    for (start, end), value in edits:
        text = text[:start] + value + text[end:]
    return text


def make_next_year(source: Path, target: Path, year: int) -> list[str]:
    """Write `target` (year `year`) from the data in `source`; returns the files written."""
    if target.exists():
        raise DataError([Problem(display_path(target), None, None,
                                 f"{year} 年度的数据已经存在，不会覆盖；如需重做，请先移走或删除该目录")])
    notice, _ = load_facts(source / FACTS_FILE)
    if year <= notice.year:
        raise DataError([Problem(display_path(source / FACTS_FILE), None, "year",
                                 f"新年度 {year} 应晚于最新年度 {notice.year}")])
    text, _encoding = read_text(source / FACTS_FILE)
    staging = target.with_name(f".{target.name}-new")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / FACTS_FILE).write_text(next_year_facts(text, notice, year - notice.year), encoding="utf-8")
    shutil.copy2(source / BODY_FILE, staging / BODY_FILE)
    for name in CATALOG_FILES:
        if (source / name).exists():
            shutil.copy2(source / name, staging / name)
    staging.rename(target)
    return sorted(p.name for p in target.iterdir())
