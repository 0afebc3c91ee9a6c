"""The notice website: Markdown pages generated here, turned into HTML by MkDocs Material.

Everything MkDocs-specific stays in `build_html`, so that moving to another generator means
rewriting that one function and `mkdocs.yml`.
"""

from __future__ import annotations

import enum
import logging
import os
import shutil
from datetime import datetime, time, timezone
from pathlib import Path

from markupsafe import Markup

from .changes import compare
from .catalog_page import catalog_context, jieba_user_dictionary, search_words, write_downloads
from .errors import DataError, Problem
from .formatting import signature_date
from .forms import FormsOutput
from .official import OfficialFiles
from .load import Edition, render_body
from .schedule import key_dates
from .templating import TEMPLATES, markdown_environment

ROOT = Path(__file__).resolve().parent.parent
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
PAGES = ("index.md", "notice.md", "catalog.md", "institutions.md", "forms.md")


class SiteKind(enum.Enum):
    """Which of the published sites a build makes."""

    ROOT = "root"  # the front of the site: the newest year, and the list of all years
    YEAR = "year"  # /YEAR/: one year's notice as published, built from that year's data alone


def site_nav(docs_dir: Path) -> list:
    """The navigation of the pages present in `docs_dir`."""
    nav: list = [{"首页": "index.md"}, {"通知全文": "notice.md"},
                 {"附件1 培训院校": [{"按专业查找": "catalog.md"}, {"院校一览": "institutions.md"}]},
                 {"表格下载": "forms.md"}]
    for page, title in (("changes.md", "与上年相比"), ("archive.md", "往年通知")):
        if (docs_dir / page).is_file():
            nav.append({title: page})
    return nav


def page_context(edition: Edition, forms: FormsOutput | None = None, official: OfficialFiles | None = None) -> dict:
    """What every page template receives: the model, the facts derived from it, the files made."""
    notice = edition.notice
    return {
        "notice": notice,
        "forms": forms,
        "official": official,
        "body": Markup(render_body(edition)),
        "signature_date": signature_date(notice.date_written, notice.signature_numerals),
        "key_dates": key_dates(notice),
        **catalog_context(edition),
    }


def write_pages(edition: Edition, docs_dir: Path, forms: FormsOutput | None = None,
                official: OfficialFiles | None = None, *, kind: SiteKind = SiteKind.ROOT,
                previous: Edition | None = None, editions: list[Edition] | None = None) -> None:
    """The site's Markdown sources and assets, in `docs_dir` (the forms page lists `forms`).

    A year with a `previous` one gets the page of changes; the root site with `editions`, the
    archive of every year. A year's pages never depend on later years.
    """
    env = markdown_environment()
    context = page_context(edition, forms, official)
    context["kind"] = kind.value
    pages = list(PAGES)
    if previous is not None:
        pages.append("changes.md")
        context.update(previous_year=previous.notice.year, changes=compare(previous, edition))
    if kind is SiteKind.ROOT and editions:
        pages.append("archive.md")
        context["years"] = sorted(editions, key=lambda e: e.notice.year, reverse=True)
    docs_dir.mkdir(parents=True, exist_ok=True)
    for page in pages:
        # From a year's page (/2012/notice/) back to the site's front, for the validity banner.
        context["to_root"] = "../" if page == "index.md" else "../../"
        text = env.get_template(f"{page}.j2").render(context)
        (docs_dir / page).write_text(text, encoding="utf-8")
    shutil.copytree(TEMPLATES / "assets", docs_dir / "assets", dirs_exist_ok=True)
    write_downloads(edition, docs_dir)


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_html(edition: Edition, docs_dir: Path, site_dir: Path, kind: SiteKind = SiteKind.ROOT) -> list[str]:
    """Run MkDocs on `docs_dir` into `site_dir`; returns its warnings (fatal under strict)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    # The sitemap and its gzip header carry the build time: pin it to the publish date.
    published = datetime.combine(edition.notice.date_published, time(), tzinfo=timezone.utc)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(published.timestamp()))
    import jieba

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter
    counter = _CountWarnings()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(counter)
    words = docs_dir.with_name(f"{docs_dir.name}-search-words.txt")  # outside docs: not published
    try:
        config = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs_dir), site_dir=str(site_dir),
                             nav=site_nav(docs_dir))
        if kind is SiteKind.YEAR:  # which years are no longer in force is said by the site's front
            config.extra_css.append(f"../{VALIDITY_STYLES}")
        # Institution names and specialties kept whole by jieba, so search finds them by full name.
        config.plugins["material/search"].config["jieba_dict_user"] = str(words)
        with jieba_user_dictionary(search_words(edition), words):
            build(config)
    except (Abort, ConfigurationError) as error:
        details = "；".join(counter.messages) or str(error)
        raise DataError([Problem("mkdocs.yml", None, None, f"网站生成失败：{details}")]) from None
    finally:
        mkdocs_log.removeHandler(counter)
    _fix_theme_output(site_dir)
    return counter.messages


# Two things the theme's templates get wrong for our readers, fixed in its output rather than
# by forking its templates: the search box is a role="dialog" without a name (screen readers
# announce just "dialog"; axe-core aria-dialog-name), and `language: zh` gives `lang="zh"`
# where GB/T 37668 asks for the region, `zh-CN`.
_THEME_FIXES = (
    ('<html lang="zh" ', '<html lang="zh-CN" '),
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'),
)


def _fix_theme_output(site_dir: Path) -> None:
    for page in site_dir.rglob("*.html"):
        text = original = page.read_text(encoding="utf-8")
        for old, new in _THEME_FIXES:
            text = text.replace(old, new, 1)
        if text != original:
            page.write_text(text, encoding="utf-8")


VALIDITY_STYLES = "validity.css"


def write_validity_styles(editions: list[Edition], site_dir: Path) -> None:
    """At the site's root, the styles that mark every year but the newest as no longer in force.

    A year's pages carry both states (现行有效 and 已失效) and this one shared file shows the
    right one, so that adding a year changes no byte of the years before it.
    """
    lines = ["/* Generated: the notices no longer in force. Every year's pages read this file. */"]
    for edition in editions[:-1]:
        year = f'.validity[data-year="{edition.notice.year}"]'
        lines += [f"{year} .validity__current {{ display: none; }}",
                  f"{year} span.validity__expired {{ display: inline; }}",
                  f"{year} p.validity__expired {{ display: block; }}"]
    (site_dir / VALIDITY_STYLES).write_text("\n".join(lines) + "\n", encoding="utf-8")


def count_pages(site_dir: Path) -> int:
    """HTML pages in the built site, the 404 page aside."""
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")
