"""The Excel list forms: protected except for input cells, drop-downs from a hidden sheet, text ID numbers,
and nothing from the data ever a formula."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from hrnotice.formspec import STAMP_PREFIX, sheet_layout
from hrnotice.sheets import CHOICES_SHEET, SheetMaker, make_sheets, sheet_facts

from .helpers import catalog_of
from .intake_helpers import SCHOOL, edition, form

LIST_FORMS = ["admission", "completion"]


def sheets(kind: str, catalog_edition=None) -> tuple[bytes, dict[int, bytes]]:
    """The blank workbook and each institution's copy, by its number."""
    chosen = catalog_edition or edition()
    made = make_sheets(chosen, chosen.notice.annex_of(kind), form(kind))
    return made.pop(None), made


def workbook(kind: str, prefilled: bool = False):
    blank, copies = sheets(kind)
    return load_workbook(io.BytesIO(copies[1] if prefilled else blank))


@pytest.mark.parametrize("kind", LIST_FORMS)
def test_the_sheet_carries_its_form_and_layout_version(kind: str) -> None:
    properties = workbook(kind).properties
    assert (properties.identifier, properties.version) == (f"{STAMP_PREFIX}{kind}", sheet_layout(form(kind)).version)


@pytest.mark.parametrize("kind", LIST_FORMS)
def test_only_input_cells_are_unlocked_on_a_protected_sheet(kind: str) -> None:
    sheet = workbook(kind).worksheets[0]
    where = sheet_layout(form(kind))
    assert sheet.protection.sheet
    unlocked = {cell.coordinate for row in sheet.iter_rows() for cell in row
                if not cell.protection.locked and not isinstance(cell, MergedCell)}  # a merged range is its first cell
    inputs = set(where.head_cells.values()) | {
        f"{get_column_letter(column + 2)}{row}" for column in range(len(where.columns))
        for row in range(where.first_row, where.first_row + where.rows)}
    assert unlocked == inputs
    annex = edition().notice.annex_of(kind)
    assert sheet["A1"].value == f"附件{annex.number}" and sheet["A1"].protection.locked


def test_text_columns_keep_every_digit() -> None:
    sheet = workbook("admission").worksheets[0]
    where = sheet_layout(form("admission"))
    for key in ("id_number", "phone"):
        column = get_column_letter(where.columns.index(key) + 2)
        assert sheet[f"{column}{where.heading_row}"].value == form("admission").field(key).label
        rows = range(where.first_row, where.first_row + where.rows)
        assert {sheet[f"{column}{row}"].number_format for row in rows} == {"@"}


def test_drop_downs_come_from_a_hidden_sheet() -> None:
    book = workbook("completion", prefilled=True)
    choices = book[CHOICES_SHEET]
    assert choices.sheet_state == "hidden"
    lists = {column[0].value: [cell.value for cell in column[1:] if cell.value] for column in choices.iter_cols()}
    institution = edition().catalog.institutions[0]
    assert lists["specialty"] == institution.specialties
    assert lists["level"] == ["高级", "中级", "初级"]
    where = sheet_layout(form("completion"))
    rules = {str(rule.sqref): rule for rule in book.worksheets[0].data_validations.dataValidation}
    level_column = get_column_letter(where.columns.index("level") + 2)
    level = rules[f"{level_column}{where.first_row}:{level_column}{where.first_row + where.rows - 1}"]
    letter = get_column_letter(list(lists).index("level") + 1)
    assert (level.type, level.formula1) == ("list", f"'{CHOICES_SHEET}'!${letter}$2:${letter}$4")
    assert all(len(rule.formula1 or "") < 255 for rule in rules.values())


def test_a_prefilled_copy_names_its_institution_in_a_locked_cell() -> None:
    cell = workbook("admission", prefilled=True).worksheets[0][sheet_layout(form("admission")).head_cells["institution"]]
    assert (cell.value, cell.protection.locked) == (SCHOOL, True)


def test_each_copy_is_its_own_institution_s_not_the_one_before() -> None:
    _blank, copies = sheets("admission")
    second = load_workbook(io.BytesIO(copies[2]))
    column = next(cell.column_letter for cell in second[CHOICES_SHEET][1] if cell.value == "specialty")
    assert [c.value for c in second[CHOICES_SHEET][column][1:] if c.value] == ["农学"]
    assert second.worksheets[0][sheet_layout(form("admission")).head_cells["institution"]].value == "测试农业大学"


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://evil.example\",\"点击\")", "+1+1", "@SUM(A1)", "-1"])
def test_an_institution_name_like_a_formula_stays_text(name: str) -> None:
    # Every value from the data is a string cell: Excel shows it, never runs it.
    hostile = dataclasses.replace(edition(), catalog=catalog_of({"institution": name, "specialty": name}))
    _blank, copies = sheets("admission", hostile)
    book = load_workbook(io.BytesIO(copies[1]))
    cell = book.worksheets[0][sheet_layout(form("admission")).head_cells["institution"]]
    assert (cell.value, cell.data_type) == (name, "s")
    strings = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == name]
    assert strings and {c.data_type for c in strings} == {"s"}
    with zipfile.ZipFile(io.BytesIO(copies[1])) as package:
        assert not any(b"<f>" in package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/"))


def test_no_macros_and_the_same_bytes_every_time() -> None:
    first, second = sheets("admission"), sheets("admission")
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first[0])).namelist()
    assert not [name for name in names if "vba" in name.lower()]


def test_a_workbook_is_the_same_made_alone_or_after_others() -> None:
    """The build cache keeps each workbook alone: its bytes must not depend on the ones made before it."""
    chosen = edition()
    annex, kind = chosen.notice.annex_of("admission"), form("admission")
    every = make_sheets(chosen, annex, kind)
    last = chosen.catalog.institutions[-1]
    assert len(chosen.catalog.institutions[0].specialties) != len(last.specialties)
    reordered = make_sheets(chosen, annex, kind, [last, None])
    assert reordered == {last.number: every[last.number], None: every[None]}


@pytest.mark.parametrize("kind", LIST_FORMS)
def test_a_copy_made_from_the_marked_workbook_is_the_workbook_saved_whole(kind: str) -> None:
    # Copies are made by replacing marks in a workbook saved once (SheetMaker): byte for byte what
    # filling it and saving it whole gives, for names XML and Excel treat specially too.
    names = ["=A1&B<c>\"d'", "测试农业大学", "𠀀𠀁学院（分校）", "A & B"]
    hostile = dataclasses.replace(edition(), catalog=catalog_of(
        *({"institution": name, "specialty": specialty} for name in names for specialty in ("农学", f"{name}专业"))))
    chosen = hostile.notice.annex_of(kind)
    maker = SheetMaker(sheet_facts(hostile, chosen, form(kind)), form(kind), hostile.notice.date_published)
    institutions = hostile.catalog.institutions
    assert len(institutions) == len(names)
    fast = [maker.make(i, i.specialties) for i in institutions]
    assert fast == [maker.make(i, i.specialties, whole=True) for i in institutions]
    names_read = [load_workbook(io.BytesIO(copy)).worksheets[0][sheet_layout(form(kind)).head_cells["institution"]].value
                  for copy in fast]
    assert names_read == [i.name for i in institutions]
