"""The Excel list forms: protected except for input cells, drop-downs from a hidden sheet, text ID numbers."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import load_workbook

from hrnotice.intake.layout import STAMP_PREFIX
from hrnotice.sheets import CHOICES_SHEET, layout, make_sheet

from .intake_helpers import SCHOOL, edition


def workbook(annex: int, prefilled: bool = False):
    institution = edition().catalog.institutions[0] if prefilled else None
    return load_workbook(io.BytesIO(make_sheet(edition(), annex, institution)))


@pytest.mark.parametrize("annex", [2, 4])
def test_the_sheet_carries_its_annex_and_layout_version(annex: int) -> None:
    properties = workbook(annex).properties
    assert (properties.identifier, properties.version) == (f"{STAMP_PREFIX}{annex}", layout(annex).version)


@pytest.mark.parametrize("annex", [2, 4])
def test_only_input_cells_are_unlocked_on_a_protected_sheet(annex: int) -> None:
    sheet = workbook(annex).worksheets[0]
    where = layout(annex)
    assert sheet.protection.sheet
    unlocked = {cell.coordinate for row in sheet.iter_rows() for cell in row if not cell.protection.locked}
    inputs = set(where.head_cells.values()) | {
        f"{chr(ord('B') + column)}{row}" for column in range(len(where.columns))
        for row in range(where.first_row, where.first_row + where.rows)}
    assert unlocked == inputs
    assert sheet["A1"].value == f"附件{annex}" and sheet["A1"].protection.locked


def test_the_id_number_column_is_text_so_eighteen_digits_survive() -> None:
    sheet = workbook(2).worksheets[0]
    column = chr(ord("B") + layout(2).columns.index("id_number"))
    assert sheet[f"{column}9"].value == "身份证号码"
    where = layout(2)
    rows = range(where.first_row, where.first_row + where.rows)
    assert {sheet[f"{column}{row}"].number_format for row in rows} == {"@"}


def test_drop_downs_come_from_a_hidden_sheet() -> None:
    book = workbook(4, prefilled=True)
    choices = book[CHOICES_SHEET]
    assert choices.sheet_state == "hidden"
    lists = {column[0].value: [cell.value for cell in column[1:] if cell.value] for column in choices.iter_cols()}
    institution = edition().catalog.institutions[0]
    assert lists["specialty"] == institution.specialties
    assert lists["level"] == ["高级", "中级", "初级"]
    rules = {str(rule.sqref): rule for rule in book.worksheets[0].data_validations.dataValidation}
    level_column = chr(ord("B") + layout(4).columns.index("level"))
    last = layout(4).first_row + layout(4).rows - 1
    level = rules[f"{level_column}10:{level_column}{last}"]
    assert (level.type, level.formula1) == ("list", f"'{CHOICES_SHEET}'!$B$2:$B$4")
    assert all(len(rule.formula1 or "") < 255 for rule in rules.values())


def test_a_prefilled_copy_names_its_institution_in_a_locked_cell() -> None:
    cell = workbook(2, prefilled=True).worksheets[0][layout(2).head_cells["institution"]]
    assert (cell.value, cell.protection.locked) == (SCHOOL, True)


def test_the_build_writes_blank_sheets_and_each_institutions_copies_beside_the_word_forms(tmp_path) -> None:
    from hrnotice.sheets import write_sheets

    files = write_sheets(edition(), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.xlsx")) == [
        "annex2-admission.xlsx", "annex4-completion.xlsx",
        "institutions/001/annex2-admission.xlsx", "institutions/001/annex4-completion.xlsx",
        "institutions/002/annex2-admission.xlsx", "institutions/002/annex4-completion.xlsx"]
    assert files.count == 6
    # Each copy is changed from the one before: the second institution must not keep the first's list.
    second = load_workbook(tmp_path / "institutions/002/annex2-admission.xlsx")
    specialties = [c.value for c in second[CHOICES_SHEET]["H"][1:] if c.value]
    assert specialties == ["农学"]
    assert second.worksheets[0][layout(2).head_cells["institution"]].value == "测试农业大学"
    write_sheets(edition(), tmp_path / "again")
    assert all((tmp_path / "again" / p.relative_to(tmp_path)).read_bytes() == p.read_bytes()
               for p in tmp_path.glob("**/annex*.xlsx") if "again" not in p.parts)


def test_no_macros_and_the_same_bytes_every_time() -> None:
    first, second = make_sheet(edition(), 2), make_sheet(edition(), 2)
    assert first == second
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert not [name for name in names if "vba" in name.lower()]
