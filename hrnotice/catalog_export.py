"""The catalog's downloads: CSV (UTF-8 with BOM, for Excel) and XLSX, the same rows as the page.

Both have the header of institutions.csv (the declared columns), so a download can serve as next
year's data file: the loader takes off the `'` these files put before a would-be formula.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time

from .catalog import FORMULA_STARTS
from .model import Catalog, CatalogRow


def neutralise_formula(value: str) -> str:
    """`value`, with a leading ' if a spreadsheet would otherwise run it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cells(catalog: Catalog, row: CatalogRow) -> list[str]:
    return [neutralise_formula(row[column.field]) for column in catalog.columns]


def catalog_csv(catalog: Catalog) -> bytes:
    """The rows as CSV that Excel and WPS open correctly: UTF-8 with BOM, CRLF line ends."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in catalog.columns])
    writer.writerows(_cells(catalog, row) for row in catalog.rows)
    return out.getvalue().encode("utf-8-sig")


def catalog_xlsx(catalog: Catalog, title: str, author: str, published: date, note: str = "", *,
                 label: str) -> bytes:
    """The rows as an Excel workbook whose sheet is named `label` (the annex, 附件1): frozen header,
    filters, every cell text; fixed bytes.

    A `note` (the catalog is only illustrative) gets a sheet of its own, which the workbook opens
    on; the rows stay the first sheet, which is what the loader reads back as next year's data.
    """
    import xlsxwriter

    out = io.BytesIO()
    # Strings stay strings: no formulas, numbers or links guessed from the text.
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_numbers": False, "strings_to_urls": False})
    # XlsxWriter dates the archive's entries 1980-01-01; the created date is the only clock.
    properties = {"title": title, "author": author, "created": datetime.combine(published, time())}
    if note:
        properties["comments"] = f"示意数据：{note}。"
    workbook.set_properties(properties)
    sheet = workbook.add_worksheet(label)
    text = workbook.add_format({"num_format": "@", "valign": "top"})
    wrapped = workbook.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
    bold = workbook.add_format({"num_format": "@", "bold": True})
    for index, column in enumerate(catalog.columns):
        # Column format "@": what the clerk types in later stays text, so no leading 0 is lost.
        sheet.set_column(index, index, 2 * column.width + 2, text)
    sheet.write_row(0, 0, [column.header for column in catalog.columns], bold)
    for number, row in enumerate(catalog.rows, 1):
        for index, value in enumerate(_cells(catalog, row)):
            # Without a format of its own a cell takes its column's, which XlsxWriter writes faster.
            sheet.write_string(number, index, value, wrapped if "\n" in value else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(catalog.rows), len(catalog.columns) - 1)
    if note:
        notes = workbook.add_worksheet("说明")
        notes.set_column(0, 0, 80, workbook.add_format({"text_wrap": True, "valign": "top"}))
        notes.write_string(0, 0, "示意数据", workbook.add_format({"bold": True, "font_size": 14, "font_color": "#8E1418"}))
        notes.write_string(1, 0, f"{title}：{note}。")
        notes.write_string(2, 0, f"“{label}”工作表的数据仅为示意，请以培训院校公布的信息为准。")
        notes.activate()  # opened on this sheet; the rows stay first
    workbook.close()
    return out.getvalue()
