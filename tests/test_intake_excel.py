"""Excel returns: sheets made by `make_sheets`, filled with openpyxl, read back and written as rosters."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hrnotice.formspec import sheet_layout
from hrnotice.intake.checks import check_returns
from hrnotice.intake.record import Found
from hrnotice.intake.roster import formula_safe, roster_csv, roster_xlsx
from hrnotice.intake.run import read_returns as read_all
from hrnotice.sheets import make_sheets

from .intake_helpers import MAN, SCHOOL, WOMAN, edition, form


def read_returns(paths: list[Path]):
    return read_all(paths, edition())


def sheet(kind: str, institution: int | None = 1) -> bytes:
    """The Excel version of a form, for the catalog's first institution (or blank)."""
    annex = edition().notice.annex_of(kind)
    copies = make_sheets(edition(), annex, form(kind))
    blank = copies.pop(None)
    return blank if institution is None else copies[institution]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings name files relative to the working folder, as a clerk runs the command."""
    monkeypatch.chdir(tmp_path)


def fill(path: Path, kind: str, head: dict, rows: dict[int, dict], *, delete_names: bool = False,
         number_ids: bool = False) -> Path:
    """A sheet for the first institution, filled as an institution would in Excel."""
    book = load_workbook(io.BytesIO(sheet(kind)))
    where = sheet_layout(form(kind))
    sheet_ = book.worksheets[0]
    for key, value in head.items():
        sheet_[where.head_cells[key]] = value
    for number, row in rows.items():
        for key, value in row.items():
            cell = sheet_.cell(where.first_row + number - 1, where.columns.index(key) + 2)
            cell.value = float(value) if number_ids and key == "id_number" else value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"
    if delete_names:
        for key in list(book.defined_names):
            del book.defined_names[key]
    book.save(path)
    return path


HEAD = {"specialty": "机械工程", "class_start": datetime(2012, 4, 9), "class_end": datetime(2012, 4, 20),
        "report_date": "2012年4月23日"}
ROWS = {1: {"name": "张三", "sex": "男", "id_number": MAN, "level": "中级", "mode": "网络函授+网上面授",
            "phone": "04511234567"},
        3: {"name": "王芳", "sex": "女", "id_number": WOMAN, "level": "高级", "mode": "网络函授+网上面授",
            "note": "=HYPERLINK(\"http://x\")"}}


def test_a_filled_sheet_reads_back_by_name_and_heading(tmp_path: Path) -> None:
    intake = read_returns([fill(tmp_path / "a2.xlsx", "admission", HEAD, ROWS)])
    assert intake.refused == []
    [ret] = intake.returns
    assert (ret.form.kind, ret.version) == ("admission", sheet_layout(form("admission")).version)
    assert {key: (v.text, v.found) for key, v in ret.head.items() if v.text} == {
        "institution": (SCHOOL, Found.NAME), "specialty": ("机械工程", Found.NAME),
        "class_start": ("2012-04-09", Found.NAME), "class_end": ("2012-04-20", Found.NAME),
        "report_date": ("2012-04-23", Found.NAME)}
    first = sheet_layout(form("admission")).first_row
    assert [(e.row, {k: e.values[k].text for k in ROWS[n]}) for e, n in zip(ret.entries, (1, 3))] == [
        (first, {k: str(v) for k, v in ROWS[1].items()}), (first + 2, {k: str(v) for k, v in ROWS[3].items()})]
    assert {e.values["name"].found for e in ret.entries} == {Found.HEADING}
    assert check_returns(intake.returns, edition()) == []


def test_head_cells_whose_names_were_lost_are_read_by_position_and_reviewed(tmp_path: Path) -> None:
    [ret] = read_returns([fill(tmp_path / "a2.xlsx", "admission", HEAD, ROWS, delete_names=True)]).returns
    assert (ret.head["specialty"].text, ret.head["specialty"].found) == ("机械工程", Found.POSITION)
    assert ret.head["specialty"].review


def test_an_id_number_excel_turned_into_a_number_is_reported(tmp_path: Path) -> None:
    intake = read_returns([fill(tmp_path / "a2.xlsx", "admission", HEAD, {1: ROWS[1]}, number_ids=True)])
    assert [str(f) for f in check_returns(intake.returns, edition())] == [
        f"a2.xlsx:{sheet_layout(form('admission')).first_row}: 错误 id-number: 身份证号码: “2.30102199001011E+17”被 Excel 或 WPS 当作数字保存，后几位已经丢失；"
        "请把这一列设为“文本”后重新输入完整的18位号码"]


def test_a_workbook_not_made_from_the_notice_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "姓名"
    book.save(tmp_path / "own.xlsx")
    intake = read_returns([tmp_path / "own.xlsx"])
    assert [str(f) for f in intake.refused] == [
        "own.xlsx: 错误 refused: 未读取：不是本通知的 Excel 表格（文件中没有附件2、附件4的标识）；请用网站上下载的表格填写"]


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+1", "'=1+1"), ("+86 451", "'+86 451"), ("-3", "'-3"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=x", "'\t=x"),
    ("张三", "张三"), ("0451-1234567", "0451-1234567"), ("", ""),
])
def test_formula_characters_are_escaped_in_the_csv(text: str, safe: str) -> None:
    assert formula_safe(text) == safe


def test_rosters_keep_formulas_as_text(tmp_path: Path) -> None:
    intake = read_returns([fill(tmp_path / "a2.xlsx", "admission", HEAD, ROWS)])
    findings = check_returns(intake.returns, edition())
    rows = list(csv.reader(io.StringIO(roster_csv(form("admission"), intake.returns, findings).decode("utf-8-sig"))))
    assert rows[2][rows[0].index("备注")] == "'=HYPERLINK(\"http://x\")"
    assert rows[1][rows[0].index("身份证号码")] == MAN
    sheet = load_workbook(io.BytesIO(roster_xlsx(form("admission"), intake.returns, findings))).active
    note = sheet.cell(3, rows[0].index("备注") + 1)
    assert (note.value, note.data_type) == ("=HYPERLINK(\"http://x\")", "s")
    assert roster_xlsx(form("admission"), intake.returns, findings) == roster_xlsx(form("admission"), intake.returns, findings)


def test_a_completion_sheet_with_dates_and_hours(tmp_path: Path) -> None:
    admitted = fill(tmp_path / "a2.xlsx", "admission", HEAD, {1: ROWS[1]})
    completed = fill(tmp_path / "a4.xlsx", "completion", {**HEAD, "report_date": date(2012, 5, 30)},
                     {1: {"name": "张三", "sex": "男", "id_number": MAN, "level": "中级", "online_hours": 60,
                          "live_hours": 10, "completed": "是"}})
    intake = read_returns([admitted, completed])
    assert [str(f) for f in check_returns(intake.returns, edition())] == [
        "a4.xlsx: 警告 deadline: 填报日期: 2012年5月30日 报送，晚于期限：培训于 2012年4月20日 结束，应在 10 个工作日内即 2012年5月7日 前报送",
        f"a4.xlsx:{sheet_layout(form('completion')).first_row}: 错误 hours: 网上面授学时: 中级应为 12 学时（2012年通知），而不是 10"]


@pytest.mark.parametrize(("cell", "message"), [
    ("J1048576", "工作表的内容延伸到第 1048576 行、第 10 列（上限 5000 行、100 列），不像一份学员表格；请删去表格以外的内容后再交"),
    ("XFD20", "工作表的内容延伸到第 110 行、第 16384 列（上限 5000 行、100 列），不像一份学员表格；请删去表格以外的内容后再交"),
])
def test_a_sheet_reaching_far_beyond_its_table_is_refused_at_once(tmp_path: Path, cell: str, message: str) -> None:
    # openpyxl makes a cell for every place it is asked about: one stray cell at the sheet's far
    # end would have intake make millions (a 12 KB file took 17 s and 500 MB for row 200,000).
    path = fill(tmp_path / "far.xlsx", "admission", HEAD, ROWS)
    book = load_workbook(path)
    book.worksheets[0][cell] = "x"
    book.save(path)
    intake = read_returns([path])
    assert [str(f) for f in intake.refused] == [f"far.xlsx: 错误 refused: 未读取：{message}"]
