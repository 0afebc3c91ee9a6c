"""What visitors do: search in Chinese, move by keyboard, download, print the notice."""

from __future__ import annotations

import io

from docx import Document
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.slow  # a browser


def search(page: Page, server: str, query: str):
    """Type a query into the site's search as a person would; returns the result links."""
    page.goto(server + "/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on a key event, not on fill()
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    return results


def test_search_finds_a_phrase_of_the_notice_and_leads_to_it(page: Page, server: str) -> None:
    results = search(page, server, "网上面授")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("notice/" in (h or "") for h in hrefs)
    results.first.click()
    expect(page.locator("article.notice")).to_contain_text("网上面授")


def test_keyboard_reaches_the_search_box_with_a_visible_focus(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/notice/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
    else:
        raise AssertionError("Tab never reached the search box")
    style = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
        return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; })()""")
    assert (style["outline"] != "none" and style["width"] >= 1) or style["shadow"] != "none"


def test_printing_the_notice_leaves_only_the_document(page: Page, server: str) -> None:
    page.goto(server + "/notice/")
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".notice-meta"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator("article.notice h1")).to_be_visible()
    expect(page.locator("article.notice .signature")).to_contain_text("二〇一二年一月六日")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_search_finds_an_institution_and_a_specialty_by_their_full_names(page: Page, server: str) -> None:
    for query in ("哈尔滨工业大学", "土木工程"):
        results = search(page, server, query)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any("institutions/" in h for h in hrefs), (query, hrefs)
        results.filter(has_text=query).first.click()
        expect(page.locator("article")).to_contain_text(query)


def test_keyboard_reaches_the_catalog_filters_with_a_visible_focus(page: Page, server: str) -> None:
    page.goto(server + "/catalog/")
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.getAttribute('name')")
        if name in ("find", "subject_group", "city"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", name
            reached.add(name)
        if reached == {"find", "subject_group", "city"}:
            break
    assert reached == {"find", "subject_group", "city"}


def test_every_download_link_returns_its_file(page: Page, server: str) -> None:
    links: set[str] = set()
    for path in ("/notice/", "/catalog/", "/forms/", "/2012/forms/"):
        page.goto(server + path)
        links |= {page.evaluate("(a) => a.href", a) for a in page.locator("a[href$='.docx'], a[href$='.pdf'], "
                                                                          "a[href$='.xlsx'], a[href$='.csv']").element_handles()}
    assert any(link.endswith(".docx") for link in links) and any(link.endswith(".csv") for link in links)
    for link in sorted(links):
        response = page.request.get(link)
        assert response.status == 200, link
        body = response.body()
        assert body, link
        if link.endswith(".docx"):
            Document(io.BytesIO(body))  # opens as a Word document
