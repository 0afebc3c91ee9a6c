"""The catalog page in a browser: filter as you type, by group and city, sort, share; and without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from ..conftest import shipped
from .conftest import PHONE

pytestmark = pytest.mark.slow  # a browser

CATALOG = shipped().catalog
TOTAL = len(CATALOG.rows)
ROWS = ".catalog-table tbody tr"


def visible_cells(page: Page, column: int) -> list[str]:
    return page.eval_on_selector_all(
        ROWS, f"rows => rows.filter(r => !r.hidden).map(r => r.cells[{column}].textContent)")


def test_typing_filters_rows_and_counts_them(page: Page, server: str) -> None:
    page.goto(server + "/catalog/")
    expect(page.locator(".catalog-count")).to_have_text(f"共 {TOTAL} 个培训专业")
    page.locator("input[name=find]").fill("土木工程")
    expected = [row.institution for row in CATALOG.rows if "土木工程" in row.specialty]
    expect(page.locator(".catalog-count")).to_have_text(f"找到 {len(expected)} 个培训专业（共 {TOTAL} 个）")
    assert visible_cells(page, 0) == expected
    page.locator("input[name=find]").fill("没有这个专业")
    expect(page.locator(".catalog-none")).to_be_visible()


def test_group_and_city_narrow_the_table_and_the_address_keeps_them(page: Page, server: str) -> None:
    page.goto(server + "/catalog/")
    page.locator("select[name=subject_group]").select_option("卫生")
    page.locator("select[name=city]").select_option("牡丹江")
    expected = [row.specialty for row in CATALOG.rows if row["subject_group"] == "卫生" and row["city"] == "牡丹江"]
    assert expected and visible_cells(page, 3) == expected
    shared = page.url
    page.goto(server + "/")
    page.goto(shared)
    assert visible_cells(page, 3) == expected


def test_headers_sort_in_pinyin_order_both_ways(page: Page, server: str) -> None:
    page.goto(server + "/catalog/")
    header = page.locator(".catalog-table th", has_text="培训专业")
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    ascending = visible_cells(page, 3)
    assert ascending[0] == "安全工程"  # ān: first in pinyin order, not in code-point order
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert visible_cells(page, 3)[-1] == "安全工程"
    assert sorted(ascending) == sorted(visible_cells(page, 3))


def test_without_javascript_the_whole_table_is_there(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/catalog/")
    expect(page.locator(ROWS)).to_have_count(TOTAL)
    expect(page.locator(".catalog-filter")).to_be_hidden()
    expect(page.locator(ROWS).first.locator("a")).to_have_attribute("href", CATALOG.rows[0].registration_url)
    context.close()


def test_catalog_pages_fit_a_phone(page: Page, server: str) -> None:
    page.set_viewport_size(PHONE)
    for path in ("/catalog/", "/institutions/"):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
