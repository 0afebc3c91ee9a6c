"""The notice website's pages: Markdown from the model, through autoescaping Jinja templates.

A year's site (`/YEAR/`) is made from that year's data alone, so adding a year never changes an
earlier one; the site's front shows the newest year and the archive of all. `sitegen` turns the
pages into HTML.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from markupsafe import Markup

from .catalog_page import catalog_context, column_styles, downloads, search_words
from .changes import compare
from .formatting import signature_date
from .forms import FormsOutput
from .load import Edition
from .output import Download
from .schedule import key_dates
from .sitegen import Page, SiteSource
from .templating import markdown_environment

VALIDITY_STYLES = "validity.css"
CATALOG_SECTION = "附件1 培训院校"


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


def page_context(edition: Edition, files: YearFiles, catalog_files: dict[str, Download]) -> dict:
    """What every page template receives: the model, the facts derived from it, the files made."""
    notice = edition.notice
    official = None
    if files.official_docx is not None:
        official = {"docx": files.official_docx, "pdf": files.official_pdf}
    return {
        "notice": notice,
        "forms": files.forms,
        "official": official,
        "body": Markup(edition.body),
        "signature_date": signature_date(notice.date_written, notice.signature_numerals),
        "key_dates": key_dates(notice),
        **catalog_context(edition, catalog_files),
    }


def pages(edition: Edition, files: YearFiles, *, kind: SiteKind = SiteKind.ROOT, previous: Edition | None = None,
          editions: list[Edition] | None = None, catalog_files: dict[str, Download] | None = None) -> list[Page]:
    """The site's pages. A year with a `previous` one gets the page of changes; the root site with
    `editions`, the archive of every year. A year's pages never depend on later years."""
    env = markdown_environment()
    context = page_context(edition, files, catalog_files or downloads(edition))
    context["kind"] = kind.value

    def page(name: str, title: str, **options: object) -> Page:
        # From a year's page (/2012/notice/) back to the site's front, for the validity banner.
        context["to_root"] = "../" if name == "index.md" else "../../"
        return Page(name, title, env.get_template(f"{name}.j2").render(context), **options)

    made = [page("index.md", "首页", navigation=False, toc=False), page("notice.md", "通知全文")]
    if context["catalog_annex"] is not None:
        made += [page("catalog.md", "按专业查找", search=False, navigation=False, toc=False, section=CATALOG_SECTION),
                 page("institutions.md", "院校一览", section=CATALOG_SECTION)]
    made.append(page("forms.md", "表格下载"))
    if previous is not None:
        context.update(previous_year=previous.year, changes=compare(previous, edition))
        made.append(page("changes.md", "与上年相比"))
    if kind is SiteKind.ROOT and editions:
        context["years"] = sorted(editions, key=lambda e: e.year, reverse=True)
        made.append(page("archive.md", "往年通知"))
    return made


def site_source(edition: Edition, files: YearFiles, *, kind: SiteKind, previous: Edition | None = None,
                editions: list[Edition] | None = None) -> SiteSource:
    """Everything one of the sites is made from: its pages, its downloads, its words for search."""
    catalog_files = downloads(edition)
    made = pages(edition, files, kind=kind, previous=previous, editions=editions, catalog_files=catalog_files)
    return SiteSource(
        pages=made,
        files=[*catalog_files.values(), column_styles(edition), *files.downloads],
        search_words=search_words(edition),
        # Which years are no longer in force is said by the site's front, in one shared file.
        extra_css=[f"../{VALIDITY_STYLES}"] if kind is SiteKind.YEAR else [],
        published=edition.notice.date_published,
    )


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
