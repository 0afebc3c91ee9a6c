"""`new-year`: archive the current notice in `data/YEAR/`, and start next year's from it.

The archive holds everything the year was published with, its form templates and declaration
included, so its documents stay as published whatever changes later. The new facts file is this
year's edited in place, value by value, so the clerk's comments and layout survive; what needs a
human decision (the serial number, carried-over dates) is left for the check to list.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import yaml

from .findings import DataError, Finding, display_path
from .formatting import numerals_in_force
from .load import BODY_FILE, FACTS_FILE, FORMS_FOLDER, INTERPRETATION_FILE, Edition
from .catalog import CATALOG_FILES
from .model import Notice
from .schedule import shift_year
from .textfile import read_text

# A year's 政策解读 (INTERPRETATION_FILE) is archived with it and not carried over.
YEAR_FILES = (FACTS_FILE, BODY_FILE, *CATALOG_FILES, INTERPRETATION_FILE)


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
    if (index := notice.index_number_parts) is not None:  # the serial, like the document's, is assigned later
        new[("index_number",)] = f"{index['code']}/{shift_year(notice.date_written, years).year}-"
    if notice.notes:  # notes explain that year's facts, not the next year's
        new[("notes",)] = "{}"

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


def start_next_year(current: Edition, year: int) -> Path:
    """Archive `current` (the notice in the data folder) as `data/YEAR/` and write `year`'s notice in its place.

    Returns the archive folder. Nothing is overwritten: an existing archive stops it.
    """
    data_root = current.folder
    notice = current.notice
    archive = data_root / str(notice.year)
    if year <= notice.year:
        raise DataError([Finding.error(current.facts_map.path, current.facts_map.line("year"), "year",
                                       f"新年度 {year} 应晚于现行通知的年度 {notice.year}")])
    if archive.exists():
        raise DataError([Finding.error(display_path(archive), None, None,
                                       f"{notice.year} 年度的归档目录已经存在，不会覆盖；请先移走或删除该目录")])
    staging = data_root / f".{notice.year}-archiving"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        for name in YEAR_FILES:
            if (data_root / name).is_file():
                shutil.copy2(data_root / name, staging / name)
        shutil.copytree(current.forms.folder, staging / FORMS_FOLDER)  # the forms it was published with
        facts_text, _encoding = read_text(data_root / FACTS_FILE)
        new_facts = next_year_facts(facts_text, notice, year - notice.year)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.rename(archive)
    # The new year starts as a copy of the old: the same body and catalog, the facts moved on a year.
    written = data_root / f".{FACTS_FILE}-new"
    written.write_text(new_facts, encoding="utf-8")
    os.replace(written, data_root / FACTS_FILE)
    (data_root / INTERPRETATION_FILE).unlink(missing_ok=True)  # an interpretation belongs to its year
    return archive
