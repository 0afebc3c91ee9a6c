"""Reading a returned Excel list form: head cells by their defined names, trainees by column heading."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from ..formspec import STAMP_PREFIX, FormKind, sheet_layout
from ..load import Edition
from .record import Entry, Found, Return, Value
from .safety import Package, Refused
from .values import cell_text, iso_day

_HEADING_SEARCH_ROWS = 40
# openpyxl makes a cell for every place it is asked about, written or not: one stray cell at
# XFD1048576 in a 12 KB file would have us make billions. A form's sheet is far smaller than this.
MAX_SHEET_ROWS, MAX_SHEET_COLUMNS = 5000, 100


def read_workbook(package: Package, source: str, edition: Edition) -> Return:
    """The head and trainee rows of a returned `.xlsx` made by `sheets.make_sheets`."""
    try:
        workbook = load_workbook(BytesIO(package.data), data_only=True)  # cached values; formulas never run
    except Exception:  # openpyxl raises many kinds for a broken workbook; all mean the same to the clerk
        raise Refused("Excel 文件无法读取（可能已损坏）；请重新保存后再交") from None
    identifier = workbook.properties.identifier or ""
    form = edition.forms.kind(identifier[len(STAMP_PREFIX):]) if identifier.startswith(STAMP_PREFIX) else None
    if form is None or not form.excel:
        names = "、".join(f"附件{a.number}" for a in edition.notice.annexes
                         if isinstance(f := edition.form_of(a), FormKind) and f.excel)
        raise Refused(f"不是本通知的 Excel 表格（文件中没有{names}的标识）；请用网站上下载的表格填写")
    where = sheet_layout(form)
    sheet = workbook.worksheets[0]
    if sheet.max_row > MAX_SHEET_ROWS or sheet.max_column > MAX_SHEET_COLUMNS:
        raise Refused(f"工作表的内容延伸到第 {sheet.max_row} 行、第 {sheet.max_column} 列（上限 {MAX_SHEET_ROWS} 行、"
                      f"{MAX_SHEET_COLUMNS} 列），不像一份学员表格；请删去表格以外的内容后再交")
    kinds = {f.key: f.kind for f in form.fields}
    result = Return(source, form, workbook.properties.version or "")

    for key, ref in where.head_cells.items():
        named = _named_cell(workbook, key)
        cell, found = (named, Found.NAME) if named is not None else (sheet[ref], Found.POSITION)
        text = cell_text(cell.value)
        result.head[key] = Value(iso_day(text) if kinds[key] == "date" else text, found)

    heading_row, columns = _columns(sheet, form)
    if not columns:
        heading_row = where.heading_row
        columns = {key: (index + 2, Found.POSITION) for index, key in enumerate(where.columns)}
    last_column = max(column for column, _found in columns.values())
    for row in sheet.iter_rows(min_row=heading_row + 1, max_row=sheet.max_row, max_col=last_column):
        values = {}
        for key, (column, found) in columns.items():
            text = cell_text(row[column - 1].value) if column - 1 < len(row) else ""
            values[key] = Value(iso_day(text) if kinds[key] == "date" else text, found)
        if any(value.text for value in values.values()):
            result.entries.append(Entry(source, form, row[0].row, {**result.head, **values}))
    return result


def _named_cell(workbook, key: str):
    name = workbook.defined_names.get(key)
    if name is None:
        return None
    for title, ref in name.destinations:
        if title in workbook.sheetnames and ":" not in ref:
            return workbook[title][ref.replace("$", "")]
    return None


def _columns(sheet, form: FormKind) -> tuple[int, dict[str, tuple[int, Found]]]:
    """The heading row and each trainee field's column, found by its heading text."""
    wanted = {f.label: f.key for f in form.rows}
    for row in sheet.iter_rows(min_row=1, max_row=_HEADING_SEARCH_ROWS):
        texts = {cell_text(cell.value): cell.column for cell in row}
        if "序号" in texts and sum(label in texts for label in wanted) > len(wanted) // 2:
            return row[0].row, {key: (texts[label], Found.HEADING) for label, key in wanted.items() if label in texts}
    return 0, {}
