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

from ..catalog import FORMULA_STARTS
from ..findings import Finding, Severity
from ..formspec import FormKind
from ..output import repacked
from .record import Entry, Return

REVIEW_FILL = PatternFill("solid", fgColor="FFF2CC")
REPORT_NAME = "检查报告.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)


def roster_name(form: FormKind, suffix: str) -> str:
    """`学员录取表汇总.xlsx` and the like."""
    return f"{form.name}汇总.{suffix}"


def formula_safe(text: str) -> str:
    """Text that no spreadsheet will run: a leading formula character is escaped with `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _rows(form: FormKind, returns: list[Return], findings: list[Finding]) -> tuple[list[str], list[tuple[list[str], set[int]]]]:
    """The roster's heading and rows; each row with the columns whose value needs review."""
    fields = form.fields
    by_place: dict[tuple[str, int | None], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.severity is not Severity.REVIEW:
            by_place[finding.path, finding.line].append(finding)
    heading = ["来源文件", "行号"] + [f.label for f in fields] + ["取值方式", "需核对", "检查结果"]
    rows = []
    entries: list[Entry] = [e for ret in returns if ret.form.kind == form.kind for e in ret.entries]
    for entry in entries:
        values = [entry.values.get(f.key) for f in fields]
        review = {index + 2 for index, value in enumerate(values) if value is not None and value.review}
        ways = sorted({value.found.value for value in values if value is not None and value.text})
        # A file's findings without a row (its head, or a one-person form) go with each of its rows, once.
        problems = by_place[entry.source, entry.row] + (by_place[entry.source, None] if entry.row is not None else [])
        rows.append(([entry.source, str(entry.row or "")] + [value.text if value else "" for value in values]
                     + ["、".join(ways), "、".join(fields[i - 2].label for i in sorted(review)),
                        "；".join(f"{p.severity.label} {p.field or ''}：{p.message}" for p in problems)], review))
    return heading, rows


def roster_csv(form: FormKind, returns: list[Return], findings: list[Finding]) -> bytes:
    """The roster as CSV in UTF-8 with BOM (Excel and WPS then read the Chinese right)."""
    heading, rows = _rows(form, returns, findings)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(heading)
    for row, _review in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return "\ufeff".encode("utf-8") + buffer.getvalue().encode("utf-8")


def roster_xlsx(form: FormKind, returns: list[Return], findings: list[Finding]) -> bytes:
    """The roster as XLSX: every cell text (never a formula), values to review shaded."""
    heading, rows = _rows(form, returns, findings)
    workbook = Workbook(write_only=True)  # streamed: thousands of rows stay fast
    sheet = workbook.create_sheet(f"{form.name}汇总"[:31])
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


def summary_lines(returns: list[Return], refused: int, findings: list[Finding],
                  names: dict[str, str]) -> list[str]:
    """The report's head: what was read and how much is wrong (`names`: form kind → 附件2学员录取表)."""
    per_form: Counter[str] = Counter()
    for ret in returns:
        per_form[ret.form.kind] += len(ret.entries)
    counts = Counter(f.severity for f in findings)
    read = "，".join(f"{names[kind]} {n} 人" for kind, n in sorted(per_form.items(), key=lambda item: names[item[0]])) \
        or "没有学员"
    return [f"读取 {len(returns)} 份表格（{read}），拒收 {refused} 份；"
            f"错误 {counts[Severity.ERROR]} 条，警告 {counts[Severity.WARNING]} 条，待核对 {counts[Severity.REVIEW]} 条"]


def report_text(returns: list[Return], refused: int, findings: list[Finding], names: dict[str, str]) -> str:
    """Every finding, one per line, in file and row order, under a one-line summary."""
    lines = summary_lines(returns, refused, findings, names) + [""]
    order = {s: i for i, s in enumerate(Severity)}
    for finding in sorted(findings, key=lambda f: (f.path, f.line or 0, order[f.severity], f.field or "", f.message)):
        lines.append(str(finding))
    return "\n".join(lines) + "\n"


def write_outputs(folder: Path, returns: list[Return], refused: int, findings: list[Finding],
                  names: dict[str, str]) -> list[Path]:
    """The rosters of each form read and the report, into `folder` (which must exist and be empty)."""
    written = []
    forms = {ret.form.kind: ret.form for ret in returns}
    for kind in sorted(forms, key=lambda k: names[k]):
        for suffix, make in (("xlsx", roster_xlsx), ("csv", roster_csv)):
            path = folder / roster_name(forms[kind], suffix)
            path.write_bytes(make(forms[kind], returns, findings))
            written.append(path)
    report = folder / REPORT_NAME
    report.write_text(report_text(returns, refused, findings, names), encoding="utf-8-sig")
    written.append(report)
    return written

