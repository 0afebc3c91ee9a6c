"""The catalog on the website: every row, links to registration, filters, search, nothing from the data runs."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import jieba
import openpyxl
import pytest
from docx import Document
from lxml import html

from hrnotice import pipeline
from hrnotice.catalog import COLUMNS, load_catalog

from .conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "catalog" / "hostile.csv"
SHIPPED = load_catalog(ROOT / "data" / "2012" / "institutions.csv")
SEPARATOR = re.compile(r"[\s\u200b\-，。：；、（）《》“”]+")  # mkdocs.yml's search separator
ROW_FIELDS = list(COLUMNS.values())


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from the hostile fixture's rows."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "data" / "2012", folder / "data")
    shutil.copy(FIXTURE, folder / "data" / "institutions.csv")
    pipeline.build(folder / "data", folder / "site", pdf=False)
    return folder / "site"


def page_rows(site: Path) -> list[list[str]]:
    """The catalog table's rows as a reader sees them, in the CSV's column order."""
    tree = html.fromstring((site / "catalog" / "index.html").read_bytes())
    rows = []
    for tr in tree.xpath("//table[contains(@class, 'catalog-table')]/tbody/tr"):
        cells = [td.text_content() for td in tr.xpath("td")]
        link = tr.xpath("td[1]/a")[0]
        rows.append(cells[:4] + [link.get("href")] + cells[4:])
    return rows


def csv_rows(site: Path) -> list[list[str]]:
    data = (site / "catalog" / "annex1.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(site: Path) -> list[list[str]]:
    sheet = openpyxl.load_workbook(site / "catalog" / "annex1.xlsx").active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


def word_rows(site: Path) -> list[list[str]]:
    """附件1 in Word, row by row, without its 序号 column (the note follows the specialty in brackets)."""
    document = Document(str(site / "forms" / "annex1-catalog.docx"))
    (table,) = document.tables
    return [[cell.text for cell in row.cells][1:] for row in table.rows[1:]]


def test_page_csv_and_xlsx_hold_the_same_rows_as_the_data(shipped_site: Path) -> None:
    expected = [[getattr(row, field) for field in ROW_FIELDS] for row in SHIPPED.rows]
    assert page_rows(shipped_site) == expected
    assert csv_rows(shipped_site) == [list(COLUMNS)] + expected
    assert xlsx_rows(shipped_site) == [list(COLUMNS)] + expected


def test_the_word_annex_holds_the_same_rows(shipped_site: Path) -> None:
    assert word_rows(shipped_site) == [
        [row.institution, row.city, row.subject_group, f"{row.specialty}（{row.note}）" if row.note else row.specialty,
         row.registration_url, row.phone, row.contact] for row in SHIPPED.rows]


def test_each_row_links_to_its_registration_site_in_a_new_tab(shipped_site: Path) -> None:
    tree = html.fromstring((shipped_site / "catalog" / "index.html").read_bytes())
    links = tree.xpath("//table[contains(@class, 'catalog-table')]//a")
    assert [a.get("href") for a in links] == [row.registration_url for row in SHIPPED.rows]
    assert {(a.get("target"), a.get("rel")) for a in links} == {("_blank", "noopener")}


def test_filters_offer_every_group_and_city_and_work_without_script(shipped_site: Path) -> None:
    tree = html.fromstring((shipped_site / "catalog" / "index.html").read_bytes())
    assert tree.xpath("//select[@name='group']/option/text()") == ["全部", *SHIPPED.subject_groups]
    assert tree.xpath("//select[@name='city']/option/text()") == ["全部", *SHIPPED.cities]
    # Without JavaScript the controls stay hidden and every row is shown.
    assert tree.xpath("//form[contains(@class, 'catalog-filter')]")[0].get("hidden") is not None
    assert tree.xpath("//table[contains(@class, 'catalog-table')]//tr[@hidden]") == []
    assert tree.xpath("//script[contains(@src, 'catalog.js')]")


def search_entries(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


# Names that jieba's own dictionary cuts apart: only the catalog's user dictionary keeps them whole.
WHOLE_NAMES = ["黑龙江八一农垦大学", "机械设计制造及其自动化", "动物医学"]


def test_jieba_alone_would_cut_the_names_apart() -> None:
    assert [name for name in WHOLE_NAMES if jieba.lcut(name) == [name]] == []


def test_search_finds_institutions_and_specialties_by_full_name(shipped_site: Path) -> None:
    tokens = {token for entry in search_entries(shipped_site)
              for token in SEPARATOR.split(entry["title"] + " " + entry["text"])}
    assert {"哈尔滨工业大学", "土木工程", *WHOLE_NAMES} <= tokens


def test_search_indexes_each_institution_once_and_not_the_table(shipped_site: Path) -> None:
    entries = search_entries(shipped_site)
    titles = [SEPARATOR.sub("", e["title"]) for e in entries if e["location"].startswith("institutions/#")]
    assert titles == [institution.name for institution in SHIPPED.institutions]
    assert [e for e in entries if e["location"].startswith("catalog/")] == []
    assert not any("0451" in e["text"] for e in entries)  # contact details are not indexed


HOSTILE_VALUES = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "A | B", "**x**", "{{ 7*7 }}",
                  "第一行\n第二行", "=1+1", "https://example.edu.cn/?a=1&b=2"]


def test_hostile_values_show_literally_on_the_page(hostile_site: Path) -> None:
    rows = page_rows(hostile_site)
    assert rows == [row for row in csv.reader(FIXTURE.open(encoding="utf-8", newline=""))][1:]
    shown = [cell for row in rows for cell in row]
    assert [value for value in HOSTILE_VALUES if value not in shown] == []
    for page in ("catalog", "institutions"):
        tree = html.fromstring((hostile_site / page / "index.html").read_bytes())
        content = tree.xpath("//article")[0]
        assert content.xpath(".//script | .//img | .//strong | .//@onerror | .//@onclick") == []
        assert "49" not in content.text_content()


def test_hostile_values_reach_the_downloads_literally_formulas_neutralised(hostile_site: Path) -> None:
    expected = [[getattr(row, field) for field in ROW_FIELDS] for row in load_catalog(FIXTURE).rows]
    neutralised = [[("'" + v if v[:1] in ("=", "+", "-", "@") else v) for v in row] for row in expected]
    assert csv_rows(hostile_site)[1:] == neutralised
    assert xlsx_rows(hostile_site)[1:] == neutralised
    assert "'=1+1" in {cell for row in neutralised for cell in row}


def test_the_institutions_page_lists_each_institution_with_its_specialties(shipped_site: Path) -> None:
    tree = html.fromstring((shipped_site / "institutions" / "index.html").read_bytes())
    sections = tree.xpath("//section[contains(@class, 'institution')]")
    assert [s.xpath("string(h2)") for s in sections] == [i.name for i in SHIPPED.institutions]
    first = SHIPPED.institutions[0]
    assert sections[0].xpath("string(p[1])") == f"{first.city}：{'、'.join(first.specialties)}"
    assert sections[0].xpath("p[2]/a[1]/@href") == [first.registration_url]
