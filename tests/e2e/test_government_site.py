"""The site as a citizen, an inspector and the clerk meet it in a browser, served as published (in
its sub-folder, with the generated security headers): identity and <meta> tags on every page,
the 404 page, annex links, 长者模式, reflow, feeds, search by figures, the security policy."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest
from playwright.sync_api import Page, expect

from hrnotice.load import load_site

from ..conftest import DATA, shipped
from .conftest import PHONE, screenshot, serious_accessibility_violations

pytestmark = pytest.mark.slow  # a browser

IDENTITY = load_site(DATA).identity
SITE_TAGS = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnDescription", "ColumnKeywords")
ARTICLE_TAGS = ("ArticleTitle", "PubDate", "ContentSource", "Keywords", "Author", "Description", "Url")
CARD_PAGES = ["/", "/notice/", "/catalog/", "/institutions/", "/forms/", "/archive/", "/2012/notice/"]
# Collects what the Content-Security-Policy refuses, from the first script a page runs.
CSP_WATCH = """window.__refused = [];
document.addEventListener('securitypolicyviolation',
    e => window.__refused.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));"""


def meta_tags(page: Page) -> dict[str, str]:
    return page.eval_on_selector_all("meta[name]", "els => Object.fromEntries(els.map(e => [e.name, e.content]))")


def elder(page: Page, server: str, on: bool) -> None:
    """Set 长者模式 as a visitor left it, before the next page opens."""
    page.goto(server + "/")
    page.evaluate("on => on ? localStorage.setItem('hrnotice.elder', '1') : localStorage.removeItem('hrnotice.elder')", on)


def test_every_page_has_the_identity_footer_the_government_meta_tags_and_its_own_title(
        page: Page, server: str, page_paths: list[str]) -> None:
    titles: dict[str, list[str]] = {}
    for path in [*page_paths, "/404.html"]:
        page.goto(server + path)
        titles.setdefault(page.title(), []).append(path)
        tags = meta_tags(page)
        assert all(tags.get(name) for name in SITE_TAGS), (path, tags)
        assert tags["SiteName"] == IDENTITY.name and tags["SiteIDCode"] == IDENTITY.site_code
        if path != "/404.html":
            assert tags.get("ColumnType"), path
        footer = page.locator("footer.gov-footer")
        for text in (f"主办单位：{IDENTITY.sponsor}", f"网站标识码：{IDENTITY.site_code}", IDENTITY.icp, IDENTITY.police,
                     IDENTITY.address, IDENTITY.email):
            expect(footer).to_contain_text(text)
        expect(footer.get_by_role("link", name=IDENTITY.police)).to_have_attribute(
            "href", f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={IDENTITY.police_record_code}")
        expect(page.locator(".gov-masthead__name")).to_have_text(IDENTITY.name)
        assert page.title().endswith(f"{IDENTITY.column} - {IDENTITY.name}")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # A year's own pages repeat the front's titles for the same year; no two kinds of page share one.
    assert all(len({p.removeprefix("/2012") or "/" for p in paths}) == 1 for paths in titles.values()), titles
    page.goto(server + "/notice/")
    tags = meta_tags(page)
    assert all(tags.get(name) for name in ARTICLE_TAGS), tags
    assert tags["Url"] == IDENTITY.url + "2012/notice/"


def test_a_missing_address_deep_in_the_sub_folder_gets_the_chinese_404_and_a_way_home(page: Page, server: str) -> None:
    response = page.goto(server + "/no/such/page/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("页面不存在")
    # Styled (its stylesheets load from the site's folder, not from the missing page's).
    assert page.evaluate("getComputedStyle(document.querySelector('.gov-footer')).backgroundColor") == "rgb(43, 43, 43)"
    screenshot(page, "desktop-404")
    page.locator("a.not-found__home").click()
    assert page.url == server + "/"
    expect(page.locator("h1").first).to_contain_text(shipped().notice.title)


def test_every_annex_link_and_download_under_the_notice_resolves(page: Page, server: str) -> None:
    page.goto(server + "/notice/")
    links = page.eval_on_selector_all(
        "article.notice a, .annex-downloads a", "els => els.map(a => [a.textContent.trim(), a.href])")
    assert {text for text, _ in links} >= {"附件1", "附件2", "附件3", "附件4"}
    for text, href in links:
        response = page.request.get(href)
        assert response.status == 200, (text, href)
        fragment = urlsplit(href).fragment
        if fragment:
            page.goto(href)
            expect(page.locator(f"[id='{fragment}']")).to_be_visible()
            expect(page.locator(f"[id='{fragment}']")).to_contain_text(text.split("　")[0])


def test_elder_mode_is_a_keyboard_button_remembered_across_pages_and_years(page: Page, server: str) -> None:
    elder(page, server, False)
    page.goto(server + "/notice/")
    button = page.get_by_role("button", name="长者模式")
    expect(button).to_have_attribute("aria-pressed", "false")
    normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    button.focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-pressed", "true")
    larger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert larger >= normal * 1.2
    for path in ("/catalog/", "/2012/forms/"):
        page.goto(server + path)
        expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "true")
        assert page.evaluate("document.documentElement.classList.contains('elder')")
    page.get_by_role("button", name="长者模式").focus()
    page.keyboard.press("Space")
    page.goto(server + "/")
    expect(page.get_by_role("button", name="长者模式")).to_have_attribute("aria-pressed", "false")


def test_both_modes_pass_axe_on_phones_and_elder_mode_on_every_page(page: Page, server: str,
                                                                    page_paths: list[str]) -> None:
    # The standard mode on a desktop is test_pages.py's; here 长者模式 everywhere, and both modes where
    # a phone turns tables into cards.
    # A year's own pages are made from the same templates as the front's: its notice stands for them.
    pages = [path for path in page_paths if not path.startswith("/2012/") or path == "/2012/notice/"]
    runs = [(True, 1280, path) for path in [*pages, "/404.html"]]
    runs += [(on, PHONE["width"], path) for on in (False, True) for path in ("/notice/", "/catalog/", "/forms/", "/archive/")]
    found = {}
    for on, width, path in runs:
        elder(page, server, on)
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(server + path)
        if serious := serious_accessibility_violations(page):
            found[f"{path} @{width}{' 长者模式' if on else ''}"] = serious
    assert found == {}


# What overflows the viewport, or is cut off inside its box (a table cell clipping its value).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, found = [];
  if (document.documentElement.scrollWidth > width) found.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
  // Left to screen readers on purpose (clipped to nothing): not a value cut off.
  const readersOnly = el => { for (; el; el = el.parentElement) if (getComputedStyle(el).clipPath !== 'none') return true; return false; };
  for (const el of document.querySelectorAll('.md-content *, .gov-footer *, .gov-masthead *')) {
    const style = getComputedStyle(el), box = el.getBoundingClientRect();
    if (!box.width || style.visibility === 'hidden' || el.closest('[hidden], .md-search') || readersOnly(el)) continue;
    if (box.right > width + 1) found.push('beyond the screen: ' + el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 30));
    if (['hidden', 'auto', 'scroll', 'clip'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      found.push('cut off: ' + el.tagName + '.' + el.className + ' ' + el.textContent.slice(0, 30));
  }
  return found.slice(0, 5);
}"""


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize(("width", "zoom"), [(320, "320px"), (640, "200%")])  # 1280 px at 200% is 640 px
def test_pages_reflow_without_sideways_scrolling_or_cut_off_values(page: Page, server: str, mode: str, width: int,
                                                                   zoom: str) -> None:
    elder(page, server, mode == "elder")
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in CARD_PAGES:
        page.goto(server + path)
        if problems := page.evaluate(OVERFLOW):
            found[path] = problems
    assert found == {}


def test_the_document_number_stays_on_one_line_on_a_phone(page: Page, server: str) -> None:
    for on in (False, True):
        elder(page, server, on)
        page.set_viewport_size({"width": 320, "height": 800})
        page.goto(server + "/notice/")
        number = page.locator(".notice-meta .nobreak", has_text="黑人社函【2012】5号")
        lines = number.evaluate("el => el.getClientRects().length")
        assert lines == 1


@pytest.mark.parametrize("mode", ["normal", "elder"])
@pytest.mark.parametrize("path", ["/", "/notice/", "/catalog/", "/forms/", "/archive/"])
def test_screenshots_for_a_person_to_look_at(page: Page, server: str, path: str, mode: str) -> None:
    elder(page, server, mode == "elder")
    name = path.strip("/") or "home"
    for label, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(server + path)
        expect(page.locator("footer.gov-footer")).to_be_visible()
        screenshot(page, f"{label}-{name}-{mode}")


def test_the_feed_and_the_calendar_are_linked_and_parse(page: Page, server: str) -> None:
    page.goto(server + "/2012/notice/")
    feed_link = page.locator("link[rel=alternate][type='application/atom+xml']")
    feed_url = urljoin(page.url, feed_link.get_attribute("href"))
    assert feed_url == server + "/feed.xml"
    response = page.request.get(feed_url)
    assert response.status == 200 and response.headers["content-type"].startswith("application/xml")
    root = ElementTree.fromstring(response.body())
    atom = "{http://www.w3.org/2005/Atom}"
    (entry,) = root.findall(f"{atom}entry")
    assert entry.findtext(f"{atom}title") == shipped().notice.title
    assert entry.find(f"{atom}link").get("href") == IDENTITY.url + "2012/notice/"
    calendar_url = urljoin(page.url, page.get_by_role("link", name="重要日期加入日历（iCalendar）").get_attribute("href"))
    response = page.request.get(calendar_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.body()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events][:2] == ["印发通知", "网上报名"]


@pytest.mark.parametrize(("query", "section", "sentence"), [
    ("72学时", "/notice/#_2", "培训时间共72学时"),
    ("10个工作日", "/notice/#_3", "培训结束后10个工作日内"),
    ("2012年3月31日", "/notice/#_1", "2012年3月3日至3月31日"),
])
def test_search_by_a_figure_and_its_unit_finds_the_sentence_that_states_it(page: Page, server: str, query: str,
                                                                           section: str, sentence: str) -> None:
    page.goto(server + "/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill(query)
    page.keyboard.press("End")  # Material searches on a key event
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    hrefs = [urlsplit(h).path + "#" + urlsplit(h).fragment
             for h in page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")]
    assert section.replace("/", urlsplit(server).path + "/", 1) in hrefs, hrefs
    page.goto(server + section)
    expect(page.locator("article.notice")).to_contain_text(sentence)


def test_the_security_policy_holds_and_nothing_errs_on_any_page_or_action(page: Page, server: str,
                                                                          page_paths: list[str]) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.add_init_script(CSP_WATCH)
    response = page.goto(server + "/")
    assert response is not None
    headers = response.headers
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff" and headers["referrer-policy"]
    refused: dict[str, list[str]] = {}
    for path in [*page_paths, "/no/such/page/"]:
        page.goto(server + path)
        if path == "/catalog/":  # the scripts at work: filter, sort
            page.locator("input[name=find]").fill("土木")
            page.locator(".catalog-table th button").first.click()
        if found := page.evaluate("window.__refused"):
            refused[path] = found
    page.goto(server + "/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").fill("报名")
    page.keyboard.press("End")  # the search worker
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.keyboard.press("Escape")  # close the search before switching the mode
    page.get_by_role("button", name="长者模式").click()
    if found := page.evaluate("window.__refused"):
        refused["/ (search, 长者模式)"] = found
    assert refused == {}
    assert [e for e in errors if "404" not in e] == []  # the missing page's own 404 is expected


def test_sort_buttons_say_that_they_sort(page: Page, server: str) -> None:
    page.goto(server + "/catalog/")
    for header in ("培训院校", "培训专业"):
        expect(page.get_by_role("button", name=re.compile(rf"^{header}\s*（排序）$"))).to_be_visible()


def test_the_catalog_uses_the_whole_width_and_names_keep_to_one_line(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/catalog/")
    table = page.locator(".catalog-table").bounding_box()
    assert table is not None and table["width"] >= 1280 * 0.9
    heights = page.eval_on_selector_all(
        ".catalog-table a.catalog-institution", "els => els.map(a => a.getClientRects().length)")
    assert set(heights) == {1}


def test_on_a_phone_each_catalog_card_is_led_by_the_specialty_without_phone_or_contact(page: Page, server: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(server + "/catalog/")
    card = page.locator(".catalog-table tbody tr").first
    row = shipped().catalog.rows[0]
    cells = card.evaluate("""tr => [...tr.cells].filter(td => getComputedStyle(td).display !== 'none')
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map(td => td.textContent)""")
    assert cells[0] == row.specialty and cells[1] == row.institution
    assert row["phone"] not in cells and row["contact"] not in cells
    screenshot(page, "phone-catalog-cards")


def test_focus_follows_the_page_from_the_top_with_a_visible_outline(page: Page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(server + "/notice/")
    reached = []
    for _ in range(8):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("""() => { const el = document.activeElement, s = getComputedStyle(el);
            return [el.classList[0] || el.tagName, s.outlineStyle !== 'none' || s.boxShadow !== 'none']; }"""))
    names = [name for name, _ in reached]
    # The bureau's name, then 长者模式, then the theme's header: the order they are seen in.
    assert names.index("gov-masthead__name") < names.index("elder-toggle") < names.index("md-search__input"), names
    assert all(visible for name, visible in reached if name in ("gov-masthead__name", "elder-toggle")), reached
