"""What visitors do: search in Chinese, move by keyboard, print the notice."""

from __future__ import annotations

from playwright.sync_api import Page, expect


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
