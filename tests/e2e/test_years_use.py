"""With two years published, the older one says plainly that it is no longer in force."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from hrnotice import pipeline
from hrnotice.load import load_years
from hrnotice.newyear import start_next_year

from ..conftest import DATA, edit
from .conftest import screenshot, serving

pytestmark = pytest.mark.slow  # a browser


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("years")
    shutil.copytree(DATA, folder / "data")
    start_next_year(load_years(folder / "data")[-1], 2013)
    edit(folder / "data" / "notice.yml", "黑人社函【2013】号", "黑人社函〔2013〕3号")
    edit(folder / "data" / "notice.yml", "11230000MB1234567J/2013-\n", "11230000MB1234567J/2013-00003\n")
    pipeline.build(folder / "data", folder / "site", pdf=False)
    with serving(folder / "site") as url:
        yield url


def test_the_older_year_carries_the_expired_banner_and_the_newer_does_not(page: Page, two_years: str) -> None:
    page.goto(two_years + "/2012/notice/")
    banner = page.locator(".validity-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("有效性：已失效")
    expect(page.locator(".notice-meta")).to_contain_text("已失效")
    banner.get_by_role("link", name="首页").click()
    expect(page.locator("h1").first).to_contain_text("2013年度")
    page.goto(two_years + "/2013/notice/")
    expect(page.locator(".validity-banner")).to_be_hidden()
    expect(page.locator(".notice-meta")).to_contain_text("现行有效")


def test_the_archive_leads_to_every_year(page: Page, two_years: str) -> None:
    page.goto(two_years + "/archive/")
    page.get_by_role("link", name="关于开展2012年度专业技术人员继续教育知识更新培训工作的通知").click()
    expect(page.locator("article.notice h1")).to_contain_text("2012年度")
    assert page.url.endswith("/2012/notice/")


@pytest.mark.parametrize("mode", ["normal", "elder"])
def test_the_changes_page_shows_both_years_values_on_a_phone(page: Page, two_years: str, mode: str) -> None:
    from .test_government_site import OVERFLOW, elder

    elder(page, two_years, mode == "elder")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(two_years + "/changes/")
    assert page.evaluate(OVERFLOW) == []
    first = page.locator("table.stack-table tbody tr").first
    expect(first.locator("td[data-label='2012年度']")).to_be_visible()
    expect(first.locator("td[data-label='2013年度']")).to_be_visible()
    screenshot(page, f"phone-changes-{mode}")
