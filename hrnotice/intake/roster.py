"""Writing the consolidated rosters (XLSX and CSV, formula-safe) and the report of every finding."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..output import repacked
from .fields import ANNEX_NAMES, fields_of
from .record import Entry, Finding, Return, Severity

# A cell starting with one of these is a formula to Excel, WPS and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝")
REVIEW_FILL = PatternFill("solid", fgColor="FFF2CC")
REPORT_NAME = "检查报告.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def roster_name(annex: int, suffix: str) -> str:
    """`录取表汇总.xlsx` and the like."""
    return f"{ANNEX_NAMES[annex]}汇总.{suffix}"


def formula_safe(text: str) -> str:
    """Text that no spreadsheet will run: a leading formula character is escaped with `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(annex: int, returns: list[Return], findings: list[Finding]) -> tuple[list[str], list[tuple[list[str], set[int]]]]:
    """The roster's heading and rows; each row with the columns whose value needs review."""
    fields = fields_of(annex)
    by_place: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.severity is not Severity.REVIEW:
            by_place[finding.source, finding.row].append(finding)
    heading = ["来源文件", "行号"] + [f.label for f in fields] + ["取值方式", "需核对", "检查结果"]
    rows = []
    entries: list[Entry] = [e for ret in returns if ret.annex == annex for e in ret.entries]
    for entry in entries:
        values = [entry.values.get(f.key) for f in fields]
        review = {index + 2 for index, value in enumerate(values) if value is not None and value.review}
        ways = sorted({value.found.value for value in values if value is not None and value.text})
        problems = by_place[entry.source, entry.row] + by_place[entry.source, None]
        rows.append(([entry.source, str(entry.row or "")] + [value.text if value else "" for value in values]
                     + ["、".join(ways), "、".join(fields[i - 2].label for i in sorted(review)),
                        "；".join(f"{p.severity.value} {p.field or ''}：{p.message}" for p in problems)], review))
    return heading, rows


def roster_csv(annex: int, returns: list[Return], findings: list[Finding]) -> bytes:
    """The roster as CSV in UTF-8 with BOM (Excel and WPS then read the Chinese right)."""
    heading, rows = _rows(annex, returns, findings)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(heading)
    for row, _review in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def roster_xlsx(annex: int, returns: list[Return], findings: list[Finding]) -> bytes:
    """The roster as XLSX: every cell text (never a formula), values to review shaded."""
    heading, rows = _rows(annex, returns, findings)
    workbook = Workbook(write_only=True)  # streamed: thousands of rows stay fast
    sheet = workbook.create_sheet(f"{ANNEX_NAMES[annex]}汇总")
    for column in range(1, len(heading) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 20 if column < len(heading) else 60
    sheet.freeze_panes = "C2"
    if rows:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(heading))}{len(rows) + 1}"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, text, font=bold) for text in heading])
    for row, review in rows:
        sheet.append([_text_cell(sheet, text, fill=REVIEW_FILL if column in review else None)
                      for column, text in enumerate(row)])
    workbook.properties.created = workbook.properties.modified = datetime(*FIXED_TIME)
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return repacked(raw.getvalue(), FIXED_TIME)


def _text_cell(sheet, text: str, font: Font | None = None, fill: PatternFill | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # stored as text even when it starts with "="
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    return cell


def summary_lines(returns: list[Return], refused: int, findings: list[Finding]) -> list[str]:
    """The report's head: what was read and how much is wrong."""
    per_annex = Counter()
    for ret in returns:
        per_annex[ret.annex] += len(ret.entries)
    counts = Counter(f.severity for f in findings)
    read = "，".join(f"附件{a}{ANNEX_NAMES[a]} {n} 人" for a, n in sorted(per_annex.items())) or "没有学员"
    return [f"读取 {len(returns)} 份表格（{read}），拒收 {refused} 份；"
            f"错误 {counts[Severity.ERROR]} 条，警告 {counts[Severity.WARNING]} 条，待核对 {counts[Severity.REVIEW]} 条"]


def report_text(returns: list[Return], refused: int, findings: list[Finding]) -> str:
    """Every finding, one per line, in file and row order, under a one-line summary."""
    lines = summary_lines(returns, refused, findings) + [""]
    order = {s: i for i, s in enumerate(Severity)}
    for finding in sorted(findings, key=lambda f: (f.source, f.row or 0, order[f.severity], f.field or "", f.message)):
        lines.append(str(finding))
    return "\n".join(lines) + "\n"


def write_outputs(folder: Path, returns: list[Return], refused: int, findings: list[Finding]) -> list[Path]:
    """The rosters of each annex read and the report, into `folder` (which must exist and be empty)."""
    written = []
    for annex in sorted({ret.annex for ret in returns}):
        for suffix, make in (("xlsx", roster_xlsx), ("csv", roster_csv)):
            path = folder / roster_name(annex, suffix)
            path.write_bytes(make(annex, returns, findings))
            written.append(path)
    report = folder / REPORT_NAME
    report.write_text(report_text(returns, refused, findings), encoding="utf-8-sig")
    written.append(report)
    return written

