"""The catalog on the website: its pages, its downloads, its column styles, and the words Chinese
search must keep whole. Every column comes from the declaration (forms.yml)."""

from __future__ import annotations

import re

from markupsafe import Markup

from .catalog_export import catalog_csv, catalog_xlsx
from .load import Edition
from .markdown_verbatim import verbatim
from .output import Download
from .templating import html_environment, text_environment

SITE_FOLDER = "catalog"  # the downloads sit beside the catalog page (catalog.md → /catalog/)
COLUMN_STYLES = "assets/catalog-columns.css"
# What jieba cuts text into blocks by; a dictionary word with other characters never matches.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]+")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


def downloads(edition: Edition) -> dict[str, Download]:
    """The catalog as CSV and XLSX, with the header of institutions.csv."""
    notice, catalog = edition.notice, edition.catalog
    annex = notice.annex_of("catalog")
    label = f"附件{annex.number}" if annex else "目录"
    title = f"{label} {annex.title}" if annex else "培训院校目录"
    return {"csv": Download(SITE_FOLDER, "annex1.csv", catalog_csv(catalog)),
            "xlsx": Download(SITE_FOLDER, "annex1.xlsx", catalog_xlsx(catalog, title, notice.issuer, notice.date_published,
                                                                    notice.catalog_note, label=label))}


def download_name(edition: Edition) -> str:
    """The name a browser saves the catalog's downloads under: the annex, and 示意数据 when it is one."""
    annex = edition.notice.annex_of("catalog")
    name = f"附件{annex.number} {annex.title}" if annex else "培训院校目录"
    return name + ("（示意数据）" if edition.notice.catalog_note else "")


def column_styles(edition: Edition) -> Download:
    """The CSS that shows each declared column on a phone (its label, or as the card's title)."""
    css = text_environment().get_template("catalog_columns.css.j2").render(columns=page_columns(edition))
    return Download("assets", "catalog-columns.css", css.encode("utf-8"))


def page_columns(edition: Edition) -> list:
    """The columns the catalog table shows, in declared order (a link column is the institution's link)."""
    return [column for column in edition.catalog.columns if column.page == "column"]


def catalog_context(edition: Edition, files: dict[str, Download]) -> dict:
    """What the catalog pages receive: the table and the institutions as escaped, verbatim HTML."""
    catalog, notice = edition.catalog, edition.notice
    annex = notice.annex_of("catalog")
    env = html_environment()
    illustrative = notice.catalog_note
    table = env.get_template("catalog_table.html.j2").render(
        catalog=catalog,
        institutions=catalog.institutions,
        columns=page_columns(edition),
        filters=[c for c in catalog.columns if c.filter],
        illustrative=illustrative,
        download_name=download_name(edition),
        downloads=files,
    )
    directory = env.get_template("institutions.html.j2").render(
        institutions=catalog.institutions, illustrative=illustrative,
        contact_columns=[c for c in catalog.columns if c.institution_wide and c.page == "column"])
    return {"catalog_annex": annex, "catalog_html": Markup(verbatim(table)),
            "institutions_html": Markup(verbatim(directory))}


def search_words(edition: Edition) -> list[str]:
    """Institution names, specialties and the filter columns' values: words search must find whole."""
    fields = ["institution", "specialty", *(c.field for c in edition.catalog.columns if c.filter)]
    words: set[str] = set()
    for row in edition.catalog.rows:
        for field in fields:
            words.update(part for part in _JIEBA_BLOCK.findall(row[field]) if len(part) > 1 and _HAN.search(part))
    return sorted(words)
