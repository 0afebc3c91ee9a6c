"""The notice website's pages: Markdown from the model, through autoescaping Jinja templates.

A year's site (`/YEAR/`) is made from that year's data alone, so adding a year never changes an
earlier one; the site's front shows the newest year and the archive of all. `sitegen` turns the
pages into HTML.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .cache import BuildCache, canonical, code_fingerprint, digest
from .catalog_page import catalog_context, column_styles, download_name, downloads, search_words
from .changes import compare
from .feeds import (CALENDAR_FILE, FEED_FILE, atom_feed, interpretation_address, key_dates_calendar, notice_address,
                    notice_summary, year_address)
from .formatting import signature_date
from .forms import FormsOutput
from .load import Edition, Site
from .model import SiteIdentity
from .output import Download
from .schedule import key_dates
from .sitegen import Chrome, Page, SiteSource
from .templating import escape_markdown, markdown_environment

VALIDITY_STYLES = "validity.css"
# The units the notice's figures are written with (72学时, 12天, 10个工作日): search splits a figure
# from its unit, and finds the unit as a word of its own even where jieba's dictionary has a longer
# one (工作日内), so that 10个工作日 finds the sentence that states it.
SEARCH_UNITS = ("学时", "工作日")
# ColumnType of the 网页设计规范, by page: what kind of content each page is.
COLUMN_TYPES = {"index.md": "专题专栏", "notice.md": "通知公告", "interpretation.md": "政策解读",
                "catalog.md": "通知公告", "institutions.md": "通知公告", "forms.md": "办事服务",
                "changes.md": "通知公告", "archive.md": "通知公告"}


class SiteKind(enum.Enum):
    """Which of the published sites a build makes."""

    ROOT = "root"  # the front of the site: the newest year, and the list of all years
    YEAR = "year"  # /YEAR/: one year's notice as published, built from that year's data alone


@dataclass(frozen=True)
class YearFiles:
    """The files a year's pages link to, made before them."""

    forms: FormsOutput | None = None
    official_docx: Download | None = None
    official_pdf: Download | None = None

    @property
    def downloads(self) -> list[Download]:
        files = list(self.forms.files()) if self.forms else []
        return files + [f for f in (self.official_docx, self.official_pdf) if f is not None]


def annex_targets(edition: Edition, files: YearFiles) -> dict[int, Markup]:
    """Where each annex is, as a link from a page at the site's root (Markdown, checked by the generator):
    the catalog's page, or the annex's section of the forms page (a path we make, never data)."""
    targets = {}
    built = {item.annex.number for item in files.forms.annexes} if files.forms else set()
    for annex in edition.notice.annexes:
        if annex.form == "catalog":
            targets[annex.number] = Markup("catalog.md")
        elif annex.form:
            targets[annex.number] = Markup(f"forms.md#annex-{annex.number}" if annex.number in built else "forms.md")
    return targets


_ANNEX_MENTION = re.compile(r"(<[^>]*>)|附件(\d+)")


def link_annexes(body: str, edition: Edition, targets: dict[int, str]) -> str:
    """The body with every `附件N` and every title in its annex list linked to where the annex is.

    Only markup changes, never the text. The body is Markdown whose values are already encoded, so
    what is matched is text the clerk typed or a placeholder filled; HTML tags are left alone.
    """
    def mention(match: re.Match[str]) -> str:
        if match.group(1):
            return match.group(1)
        target = targets.get(int(match.group(2)))
        return f"[附件{match.group(2)}]({target})" if target else match.group(0)

    body = _ANNEX_MENTION.sub(mention, body)
    for annex in edition.notice.annexes:
        if annex.number in targets:  # `1、title` (or `1.`) opening a line of the annex list
            title = re.escape(escape_markdown(annex.title))
            body = re.sub(rf"(?m)^((?:附件：)?{annex.number}(?:、|\.|．)\s*)({title})",
                          lambda m, t=targets[annex.number]: f"{m.group(1)}[{m.group(2)}]({t})", body, count=1)
    return body


def file_name(name: str) -> Markup:
    """`name` as a file name a page may put in a `download` attribute: Markdown's and HTML's special
    characters (and a path's `/`) taken out, so it needs no escaping."""
    return Markup("".join(c for c in name if c not in _FILE_NAME_REFUSED and c.isprintable()))


_FILE_NAME_REFUSED = set("\\`*_{}[]()<>#|~=^$&\"'/:;?%")


def annex_files(edition: Edition, files: YearFiles, catalog_files: dict[str, Download]) -> dict[int, list]:
    """Each annex's downloads as (label, file, name to save it under or None), for the list under the notice."""
    made: dict[int, list] = {annex.number: [] for annex in edition.notice.annexes}
    catalog = edition.notice.annex_of("catalog")
    if catalog is not None:
        name = download_name(edition)  # says 示意数据 when the catalog is one
        made[catalog.number] += [("CSV 表格", catalog_files["csv"], file_name(f"{name}.csv")),
                                  ("Excel 表格", catalog_files["xlsx"], file_name(f"{name}.xlsx"))]
    for item in files.forms.annexes if files.forms else []:
        made[item.annex.number] += [(label, file, None) for label, file in
                                    (("Word 版", item.docx), ("PDF 版", item.pdf), ("Excel 版", item.xlsx)) if file]
    return made


def index_number_html(index_number: str | None) -> Markup | None:
    """The 索引号, free to wrap after its `/` on a narrow screen (and nowhere inside the code)."""
    if index_number is None:
        return None
    code, rest = index_number.split("/", 1)
    return Markup(f'<span class="nobreak">{escape_markdown(code)}&#47;</span><wbr>'
                  f'<span class="nobreak">{escape_markdown(rest)}</span>')


def catalog_parts(edition: Edition) -> tuple[dict[str, Download], dict]:
    """The catalog's downloads and what its pages receive, made once per edition (and process): the
    front and the newest year's site show the same catalog, and the build makes them before it
    builds the two side by side in copies of itself (5,000 rows: a second for each site)."""
    if edition.inputs not in _CATALOG_PARTS:
        _CATALOG_PARTS.clear()  # one edition's: a preview remakes its sources edit after edit
        files = downloads(edition)
        _CATALOG_PARTS[edition.inputs] = (files, catalog_context(edition, files))
    return _CATALOG_PARTS[edition.inputs]


_CATALOG_PARTS: dict[str, tuple[dict[str, Download], dict]] = {}


def page_context(edition: Edition, files: YearFiles) -> dict:
    """What every page template receives: the model, the facts derived from it, the files made."""
    catalog_files, catalog = catalog_parts(edition)
    notice = edition.notice
    official = None
    if files.official_docx is not None:
        official = {"docx": files.official_docx, "pdf": files.official_pdf}
    targets = annex_targets(edition, files)
    return {
        "annex_files": annex_files(edition, files, catalog_files),
        "notice": notice,
        "forms": files.forms,
        "official": official,
        "body": Markup(link_annexes(edition.body, edition, targets)),
        "annex_targets": targets,
        "interpretation": edition.interpretation,
        "interpretation_body": Markup(edition.interpretation.body) if edition.interpretation else None,
        "index_number_html": index_number_html(notice.index_number),
        "signature_date": signature_date(notice.date_written, notice.signature_numerals),
        "key_dates": key_dates(notice),
        **catalog,
    }


def page_meta(site: Site, edition: Edition, name: str) -> dict[str, str]:
    """A page's own <meta> tags (网页设计规范): its column's type; on the notice, the article's ten."""
    identity, notice = site.identity, edition.notice
    meta = {"ColumnType": COLUMN_TYPES.get(name, "通知公告")}
    if name == "interpretation.md" and edition.interpretation is not None:
        facts = edition.interpretation.facts
        meta.update({
            "ArticleTitle": facts.title,
            "PubDate": facts.date.isoformat(),
            "ContentSource": facts.source or notice.issuer,
            "Keywords": ",".join(notice.keywords or identity.column_keywords),
            "Author": facts.source or notice.issuer,
            "Description": f"对《{notice.title}》（{notice.document_number}）的解读",
            "Url": interpretation_address(identity, notice.year),
        })
    if name == "notice.md":
        meta.update({
            "ArticleTitle": notice.title,
            "PubDate": notice.date_published.isoformat(),
            "ContentSource": notice.issuer,
            "Keywords": ",".join(notice.keywords or identity.column_keywords),
            "Author": notice.issuer,
            "Description": notice_summary(notice),
            "Url": notice_address(identity, notice.year),
        })
    return meta


def site_meta(site: Site) -> dict[str, str]:
    """The <meta> tags of the site and its column, on every page."""
    identity = site.identity
    return {"SiteName": identity.name, "SiteDomain": identity.domain, "SiteIDCode": identity.site_code,
            "ColumnName": identity.column, "ColumnDescription": identity.column_description,
            "ColumnKeywords": ",".join(identity.column_keywords)}


def pages(edition: Edition, files: YearFiles, *, site: Site, kind: SiteKind = SiteKind.ROOT,
          previous: Edition | None = None, editions: list[Edition] | None = None,
          compiled_templates: Path | None = None) -> list[Page]:
    """The site's pages. A year with a `previous` one gets the page of changes; the root site with
    `editions`, the archive of every year. A year's pages never depend on later years.
    `compiled_templates`: a folder keeping the page templates compiled."""
    env = markdown_environment(compiled_templates)
    context = page_context(edition, files)
    context.update(kind=kind.value, feed=feed_link(kind), calendar=CALENDAR_FILE)

    def page(name: str, title: str, **options: object) -> Page:
        # From a year's page (/2012/notice/) back to the site's front, for the validity banner.
        context["to_root"] = "../" if name == "index.md" else "../../"
        return Page(name, title, env.get_template(f"{name}.j2").render(context),
                    meta=page_meta(site, edition, name), **options)

    made = [page("index.md", "首页", navigation=False, toc=False), page("notice.md", "通知全文")]
    if edition.interpretation is not None:
        made.append(page("interpretation.md", "政策解读"))
    if context["catalog_annex"] is not None:
        section = f"附件{context['catalog_annex'].number} 培训院校"
        made += [page("catalog.md", "按专业查找", search=False, navigation=False, toc=False, section=section),
                 page("institutions.md", "院校一览", section=section)]
    made.append(page("forms.md", "表格下载"))
    if previous is not None:
        context.update(previous_year=previous.year, changes=compare(previous, edition))
        made.append(page("changes.md", "与上年相比"))
    if kind is SiteKind.ROOT and editions:
        context["years"] = sorted(editions, key=lambda e: e.year, reverse=True)
        made.append(page("archive.md", "往年通知"))
    return made


def feed_link(kind: SiteKind) -> str:
    """The Atom feed of every year, which only the site's root has, from the root of `kind`'s site."""
    return FEED_FILE if kind is SiteKind.ROOT else f"../{FEED_FILE}"


def site_source(edition: Edition, files: YearFiles, *, site: Site, kind: SiteKind, previous: Edition | None = None,
                editions: list[Edition] | None = None, compiled_templates: Path | None = None,
                cache: BuildCache | None = None) -> SiteSource:
    """Everything one of the sites is made from: its pages, its downloads, its words for search."""
    identity = site.identity
    catalog_files = catalog_parts(edition)[0]
    made = pages(edition, files, site=site, kind=kind, previous=previous, editions=editions,
                 compiled_templates=compiled_templates)
    extra = [Download(".", CALENDAR_FILE, calendar_file(identity, edition, cache or BuildCache(None)))]
    if kind is SiteKind.ROOT and editions:
        extra.append(Download(".", FEED_FILE, atom_feed(identity, editions)))
    if site.badge is not None and site.badge_name:
        extra.append(Download("assets", site.badge_name, site.badge))
    chrome = Chrome(identity=identity, url=identity.url if kind is SiteKind.ROOT else year_address(identity, edition.year),
                    meta=site_meta(site), feed=feed_link(kind) if editions or kind is SiteKind.YEAR else None,
                    calendar=CALENDAR_FILE, badge=f"assets/{site.badge_name}" if site.badge is not None else None)
    return SiteSource(
        pages=made,
        chrome=chrome,
        files=[*catalog_files.values(), column_styles(edition), *files.downloads, *extra],
        search_words=search_words(edition),
        search_units=list(SEARCH_UNITS),
        # Which years are no longer in force is said by the site's front, in one shared file.
        extra_css=[f"../{VALIDITY_STYLES}"] if kind is SiteKind.YEAR else [],
        published=edition.notice.date_published,
    )


def calendar_file(identity: SiteIdentity, edition: Edition, cache: BuildCache) -> bytes:
    """The key dates' calendar, kept: made of the site's identity and the notice's facts, not its
    text, it stays the same as the text is edited (and icalendar, 0.08 s to import, is not loaded)."""
    key = digest(code_fingerprint(), "calendar", canonical(identity), edition.notice.model_dump_json())
    return cache.remember(key, lambda: {"ics": key_dates_calendar(identity, edition)},
                          f"{edition.year}/{CALENDAR_FILE}")["ics"]


def validity_styles(editions: list[Edition]) -> bytes:
    """For the site's root: the styles that mark every year but the newest as no longer in force.

    A year's pages carry both states (现行有效 and 已失效) and this one shared file shows the
    right one, so that adding a year changes no byte of the years before it.
    """
    lines = ["/* Generated: the notices no longer in force. Every year's pages read this file. */"]
    for edition in editions[:-1]:
        year = f'.validity[data-year="{edition.year}"]'
        lines += [f"{year} .validity__current {{ display: none; }}",
                  f"{year} span.validity__expired {{ display: inline; }}",
                  f"{year} p.validity__expired {{ display: block; }}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def filing_links(site: Site) -> frozenset[str]:
    """The two filing sites every footer links to (ICP and 公安): other hosts a page may link to."""
    return frozenset({"https://beian.miit.gov.cn/",
                      f"http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={site.identity.police_record_code}"})
