"""The catalog on the website: every row, links to registration, filters, search, nothing from the data runs."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import jieba
import openpyxl
import pytest
from docx import Document

from hrnotice.catalog import load_catalog
from hrnotice.catalog_page import downloads
from hrnotice.forms import blank_forms

from .conftest import ROOT, page, shipped

FIXTURE = ROOT / "tests" / "fixtures" / "catalog" / "hostile.csv"
SHIPPED = shipped().catalog
COLUMNS = SHIPPED.columns
SEPARATOR = re.compile(r"[\s\u200b\-，。：；、（）《》“”]+")  # mkdocs.yml's search separator
HOSTILE = dataclasses.replace(shipped(), catalog=load_catalog(FIXTURE, shipped().forms.catalog))


def page_rows(edition) -> list[list[str]]:
    """The catalog table's rows as a reader sees them, in the CSV's column order (the link as 报名网址)."""
    tree = page(edition, "catalog.md")
    headers = tree.xpath("//table[contains(@class, 'catalog-table')]/thead//th/@data-field")
    rows = []
    for tr in tree.xpath("//table[contains(@class, 'catalog-table')]/tbody/tr"):
        cells = dict(zip(headers, (td.text_content() for td in tr.xpath("td"))))
        cells["registration_url"] = tr.xpath("td[1]/a/@href")[0]
        rows.append([cells[c.field] for c in COLUMNS])
    return rows


def data_rows(catalog) -> list[list[str]]:
    return [[row[c.field] for c in COLUMNS] for row in catalog.rows]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data: bytes) -> list[list[str]]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]  # the rows; an illustrative one opens on its note
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def test_page_csv_and_xlsx_hold_the_same_rows_as_the_data() -> None:
    files = downloads(shipped())
    headers = [[c.header for c in COLUMNS]]
    assert page_rows(shipped()) == data_rows(SHIPPED)
    assert csv_rows(files["csv"].data) == headers + data_rows(SHIPPED)
    assert xlsx_rows(files["xlsx"].data) == headers + data_rows(SHIPPED)


def word_institutions(edition) -> list[tuple[str, list[list[str]]]]:
    """附件1 in Word: per institution, its heading row and its rows of specialties."""
    annex1 = next(a for a in blank_forms(edition).annexes if a.annex.form == "catalog")
    document = Document(io.BytesIO(annex1.docx.data))
    return [(table.rows[0].cells[0].text, [[cell.text for cell in row.cells] for row in table.rows[2:]])
            for table in document.tables]


def test_the_word_annex_holds_the_same_rows_each_institution_under_its_own_heading() -> None:
    per_row = [c for c in COLUMNS if not c.institution_wide and c.field != "institution"]
    expected = []
    for institution in SHIPPED.institutions:
        heading = f"{institution.number}．{institution.name}" + "".join(
            f"　{c.header}：{institution[c.field]}" for c in COLUMNS if c.institution_wide and institution[c.field])
        expected.append((heading, [[row[c.field] for c in per_row] for row in institution.rows]))
    assert word_institutions(shipped()) == expected


def test_each_row_links_to_its_registration_site_in_a_new_tab() -> None:
    links = page(shipped(), "catalog.md").xpath("//table[contains(@class, 'catalog-table')]//a")
    assert [a.get("href") for a in links] == [row.registration_url for row in SHIPPED.rows]
    assert {(a.get("target"), a.get("rel")) for a in links} == {("_blank", "noopener")}


def test_filters_are_the_declared_columns_and_work_without_script() -> None:
    tree = page(shipped(), "catalog.md")
    assert tree.xpath("//form[contains(@class, 'catalog-filter')]//select/@name") == ["city", "subject_group"]
    assert tree.xpath("//select[@name='subject_group']/option/text()") == ["全部", *SHIPPED.values("subject_group")]
    assert tree.xpath("//select[@name='city']/option/text()") == ["全部", *SHIPPED.values("city")]
    # Without JavaScript the controls stay hidden and every row is shown.
    assert tree.xpath("//form[contains(@class, 'catalog-filter')]")[0].get("hidden") is not None
    assert tree.xpath("//table[contains(@class, 'catalog-table')]//tr[@hidden]") == []


def test_the_catalog_says_plainly_that_it_is_illustrative() -> None:
    for name in ("catalog.md", "institutions.md"):
        (note,) = page(shipped(), name).xpath("//p[contains(@class, 'catalog-illustrative')]")
        assert note.text_content() == "示意数据：院校名称和网址是真实的，所开专业、电话和联系人是编的，不能据此报名。"
    annex1 = next(a for a in blank_forms(shipped()).annexes if a.annex.form == "catalog")
    paragraphs = [p.text for p in Document(io.BytesIO(annex1.docx.data)).paragraphs]
    assert "（示意数据：院校名称和网址是真实的，所开专业、电话和联系人是编的，不能据此报名）" in paragraphs


HOSTILE_VALUES = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "A | B", "**x**", "{{ 7*7 }}",
                  "第一行\n第二行", "=1+1", "https://example.edu.cn/?a=1&b=2"]


def test_hostile_values_show_literally_on_the_page() -> None:
    rows = page_rows(HOSTILE)
    assert rows == [row for row in csv.reader(FIXTURE.open(encoding="utf-8", newline=""))][1:]
    shown = [cell for row in rows for cell in row]
    assert [value for value in HOSTILE_VALUES if value not in shown] == []
    for name in ("catalog.md", "institutions.md"):
        tree = page(HOSTILE, name)
        assert tree.xpath("//script | //img | //strong | //@onerror | //@onclick") == []
        assert "49" not in tree.text_content()


def test_hostile_values_reach_the_downloads_literally_formulas_neutralised() -> None:
    expected = data_rows(HOSTILE.catalog)
    neutralised = [[("'" + v if v[:1] in ("=", "+", "-", "@") else v) for v in row] for row in expected]
    files = downloads(HOSTILE)
    assert csv_rows(files["csv"].data)[1:] == neutralised
    assert xlsx_rows(files["xlsx"].data)[1:] == neutralised
    assert "'=1+1" in {cell for row in neutralised for cell in row}


def test_the_institutions_page_lists_each_institution_with_its_specialties() -> None:
    sections = page(shipped(), "institutions.md").xpath("//section[contains(@class, 'institution')]")
    assert [s.xpath("string(h2)") for s in sections] == [i.name for i in SHIPPED.institutions]
    first = SHIPPED.institutions[0]
    assert sections[0].xpath("string(p[1])") == "、".join(first.specialties)
    assert sections[0].xpath("p[2]/a[1]/@href") == [first.registration_url]
    assert f"所在地：{first['city']}" in sections[0].xpath("string(p[2])")


def search_entries(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


# Names that jieba's own dictionary cuts apart: only the catalog's user dictionary keeps them whole.
WHOLE_NAMES = ["黑龙江八一农垦大学", "机械设计制造及其自动化", "动物医学"]


def test_jieba_alone_would_cut_the_names_apart() -> None:
    assert [name for name in WHOLE_NAMES if jieba.lcut(name) == [name]] == []


@pytest.mark.slow
def test_search_finds_institutions_and_specialties_by_full_name(shipped_site: Path) -> None:
    tokens = {token for entry in search_entries(shipped_site)
              for token in SEPARATOR.split(entry["title"] + " " + entry["text"])}
    assert {"哈尔滨工业大学", "土木工程", *WHOLE_NAMES} <= tokens


@pytest.mark.slow
def test_search_indexes_each_institution_once_and_not_the_table(shipped_site: Path) -> None:
    entries = search_entries(shipped_site)
    titles = [SEPARATOR.sub("", e["title"]) for e in entries if e["location"].startswith("institutions/#")]
    assert titles == [institution.name for institution in SHIPPED.institutions]
    assert [e for e in entries if e["location"].startswith("catalog/")] == []
    assert not any("0451" in e["text"] for e in entries)  # contact details are not indexed


def test_the_front_and_the_year_share_the_catalog_made_once_and_an_edit_remakes_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The front and the newest year's site show one catalog: made once, before the build copies
    # itself to build the two. A different catalog (the clerk's edit) is made anew, never the last one.
    from hrnotice import site

    made = []
    monkeypatch.setattr(site, "downloads", lambda edition: made.append(edition.year) or downloads(edition))
    monkeypatch.setattr(site, "_CATALOG_PARTS", {})
    first = page_rows(shipped())
    assert page_rows(shipped()) == first and made == [2012]
    assert page_rows(HOSTILE) != first and made == [2012, 2012]
    assert page_rows(shipped()) == first and made == [2012, 2012, 2012]
