"""Every page as a visitor's browser sees it: no errors, nothing from other hosts, usable on a phone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, screenshot, serious_accessibility_violations

pytestmark = pytest.mark.slow  # a browser


def test_every_page_loads_cleanly_and_only_from_the_local_server(page: Page, server: str, page_paths: list[str]) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    local = urlsplit(server).netloc
    page.on("request", lambda r: problems.append(f"request to {r.url}")
            if urlsplit(r.url).scheme in ("http", "https") and urlsplit(r.url).netloc != local else None)
    for path in page_paths:
        response = page.goto(server + path, wait_until="networkidle")
        assert response is not None and response.status == 200, path
    assert problems == []


@pytest.mark.parametrize("path", ["/", "/notice/", "/catalog/", "/forms/"])
def test_no_horizontal_scrolling_on_a_phone(page: Page, server: str, path: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(server + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, f"phone{path.strip('/').replace('/', '-') or '-home'}".replace("phone", "phone-", 1).replace("--", "-"))


@pytest.mark.parametrize("path", ["/", "/notice/", "/catalog/", "/forms/"])
def test_desktop_screenshots(page: Page, server: str, path: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + path)
    expect(page.locator("h1").first).to_be_visible()
    screenshot(page, f"desktop-{path.strip('/') or 'home'}")


def test_no_serious_accessibility_violation(page: Page, server: str, page_paths: list[str]) -> None:
    found = {}
    for path in page_paths:
        page.goto(server + path)
        serious = serious_accessibility_violations(page)
        if serious:
            found[path] = serious
    assert found == {}


def test_pages_declare_simplified_chinese(page: Page, server: str) -> None:
    page.goto(server + "/notice/")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
