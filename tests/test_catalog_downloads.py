"""The catalog's CSV and XLSX downloads: Excel opens them right, nothing in them runs, same bytes each time."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from hrnotice.catalog import load_catalog
from hrnotice.catalog_export import catalog_csv, catalog_xlsx, neutralise_formula

from .conftest import ROOT, shipped

SPEC = shipped().forms.catalog
HEADERS = [column.header for column in SPEC.columns]
HOSTILE = load_catalog(ROOT / "tests" / "fixtures" / "catalog" / "hostile.csv", SPEC)
PUBLISHED = date(2012, 1, 9)


@pytest.mark.parametrize(("value", "written"), [
    ("=1+1", "'=1+1"),
    ("+86 451 8641 2114", "'+86 451 8641 2114"),
    ("-86412114", "'-86412114"),
    ("@张老师", "'@张老师"),
    ("\t=cmd", "'\t=cmd"),
    ("\r=cmd", "'\r=cmd"),
    ("＝1+1", "'＝1+1"),
    ("0451-86412114", "0451-86412114"),
    ("土木工程=结构", "土木工程=结构"),
    ("", ""),
])
def test_formula_starts_get_a_leading_apostrophe(value: str, written: str) -> None:
    assert neutralise_formula(value) == written


def xlsx(catalog=HOSTILE) -> bytes:
    return catalog_xlsx(catalog, "附件1 培训院校及专业科目培训专业明细", "黑龙江省人力资源和社会保障厅", PUBLISHED,
                        label="附件1")


def test_csv_is_utf8_with_bom_and_crlf_for_excel() -> None:
    data = catalog_csv(HOSTILE)
    assert data.startswith("\ufeff培训院校,所在地".encode("utf-8"))
    assert data.count(b"\r\n") == len(HOSTILE.rows) + 1  # the line break inside a note stays "\n", quoted
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS
    assert ["东北农业大学", "哈尔滨", "农业", "{{ 7*7 }}", "https://www.neau.edu.cn/", "'-86412114", '说"引号"的人',
            "第一行\n第二行"] in rows


def test_xlsx_cells_are_all_text_with_formulas_neutralised() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx())).active
    assert sheet.title == "附件1"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:H{len(HOSTILE.rows) + 1}"
    assert {cell.data_type for row in sheet.iter_rows() for cell in row if cell.value is not None} == {"s"}
    assert [cell.value for cell in sheet[4]] == [
        "<script>alert(1)</script>", "哈尔滨", "经济", "<img src=x onerror=alert(1)>",
        "https://example.edu.cn/?a=1&b=2", "'+86 451 8641 2114", "'@张老师", "'=1+1"]


def test_xlsx_is_dated_by_the_notice_and_byte_identical() -> None:
    first, second = xlsx(), xlsx()
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    properties = openpyxl.load_workbook(io.BytesIO(first)).properties
    assert (properties.created, properties.creator) == (datetime(2012, 1, 9), "黑龙江省人力资源和社会保障厅")


@pytest.mark.parametrize("catalog", [shipped().catalog, HOSTILE], ids=["shipped", "hostile"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_download_serves_as_next_years_data_file(tmp_path: Path, kind: str, catalog) -> None:
    # The `'` the downloads put before =, +, -, @ is taken off again: nothing of the data changes.
    path = tmp_path / f"institutions.{kind}"
    path.write_bytes(catalog_csv(catalog) if kind == "csv" else xlsx(catalog))
    assert [dict(row.values) for row in load_catalog(path, SPEC).rows] == [dict(row.values) for row in catalog.rows]


def test_an_illustrative_catalog_says_so_in_its_workbook_on_a_sheet_it_opens_on() -> None:
    note = "院校名称和网址是真实的，所开专业、电话和联系人是编的，不能据此报名"
    book = openpyxl.load_workbook(io.BytesIO(catalog_xlsx(HOSTILE, "附件1 培训院校及专业科目培训专业明细",
                                                          "黑龙江省人力资源和社会保障厅", PUBLISHED, note, label="附件1")))
    assert book.sheetnames == ["附件1", "说明"]
    assert book.active.title == "说明"
    assert [row[0] for row in book["说明"].iter_rows(values_only=True)] == [
        "示意数据", f"附件1 培训院校及专业科目培训专业明细：{note}。", "“附件1”工作表的数据仅为示意，请以培训院校公布的信息为准。"]
    assert book.properties.description == f"示意数据：{note}。"
    assert [cell.value for cell in book.worksheets[0][1]] == HEADERS  # the rows stay first


def test_a_real_catalog_has_no_note_sheet() -> None:
    assert openpyxl.load_workbook(io.BytesIO(xlsx())).sheetnames == ["附件1"]


def test_the_illustrative_downloads_serve_as_next_years_data_unchanged(tmp_path: Path) -> None:
    from hrnotice.catalog_page import downloads

    files = downloads(shipped())
    assert shipped().notice.catalog_illustrative  # the shipped catalog is the illustrative one
    (tmp_path / "institutions.xlsx").write_bytes(files["xlsx"].data)
    (tmp_path / "institutions.csv").write_bytes(files["csv"].data)
    for name in ("institutions.xlsx", "institutions.csv"):
        assert [dict(r.values) for r in load_catalog(tmp_path / name, SPEC).rows] == [dict(r.values) for r in shipped().catalog.rows]
    # The CSV stays plain data: no note row that next year's loader would read as an institution.
    assert files["csv"].data.decode("utf-8-sig").count("示意") == 0
