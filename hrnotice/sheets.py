"""Excel versions of the list forms (附件2 录取表, 附件4 结业表): one row per trainee, made with openpyxl.

Input cells are unlocked and the rest protected; fixed choices are drop-downs fed from a hidden
sheet (Excel caps inline lists at 255 characters); the ID number column is text, so Excel and WPS
keep all 18 digits. No macros. Each workbook carries its annex and layout version in its core
properties, which is how `intake` recognises a return.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.writer.excel import ExcelWriter

from .forms import KINDS, LEVELS, RESULTS, SEXES, TRAINING_MODES, YES_NO, Download, copy_path
from .intake.fields import LIST_FOOT, LIST_HEAD, LIST_ROWS
from .intake.layout import STAMP_PREFIX
from .load import Edition
from .output import repacked
from .model import Institution

ROWS = 100  # trainee rows per sheet: more than the Word forms have, and each costs build time
CHOICES_SHEET = "选项"
ID_NUMBER_KEYS = ("id_number",)
TEXT_KEYS = ("id_number", "phone", "reporter_phone", "certificate")

# Column widths (characters) by field; anything else gets the default.
WIDTHS = {"name": 10, "sex": 6, "id_number": 21, "employer": 24, "title": 14, "level": 12, "mode": 18,
          "phone": 14, "note": 16, "online_hours": 9, "live_hours": 9, "public_result": 10,
          "professional_result": 10, "completed": 8, "certificate": 14}
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
# Labels that the sheet shows shorter than the roster (which needs them unambiguous).
SHEET_LABELS = {"class_mode": "培训方式", "reporter_phone": "联系电话"}

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")  # a pale tint marks what may be typed into
_UNLOCKED = Protection(locked=False)
_FONT = Font(name="仿宋", size=11)
_BOLD = Font(name="黑体", size=11)


@dataclass(frozen=True)
class SheetLayout:
    """Where everything is on a list form's sheet: the reader relies on it when names are lost."""

    annex: int
    head_cells: dict[str, str]  # record key → cell, e.g. "institution": "B4"
    heading_row: int
    columns: tuple[str, ...]  # record keys of the trainee columns, from column B on
    first_row: int
    rows: int

    @property
    def version(self) -> str:
        """A digest of the layout: it changes exactly when a reader would misplace a value."""
        described = json.dumps([self.annex, self.head_cells, self.heading_row, self.columns, self.first_row],
                               ensure_ascii=False, sort_keys=True)
        return "x" + hashlib.sha256(described.encode("utf-8")).hexdigest()[:8]


def layout(annex: int) -> SheetLayout:
    """The layout of annex 2's or annex 4's sheet."""
    head = LIST_HEAD + LIST_FOOT
    # Three label/value pairs per line: A:B, D:E, G:H.
    cells = {field.key: f"{'BEH'[index % 3]}{5 + index // 3}" for index, field in enumerate(head)}
    return SheetLayout(annex, cells, heading_row=9, columns=tuple(f.key for f in LIST_ROWS[annex]),
                       first_row=10, rows=ROWS)


def choices_for(edition: Edition) -> dict[str, tuple[str, ...]]:
    """The drop-down lists: fixed choices, and every specialty of the catalog (a copy narrows them)."""
    specialties = tuple(dict.fromkeys(row.specialty for row in edition.catalog.rows))
    return {"sex": SEXES, "level": LEVELS, "mode": TRAINING_MODES, "class_mode": TRAINING_MODES,
            "public_result": RESULTS, "professional_result": RESULTS, "completed": YES_NO,
            "specialty": specialties}


@dataclass
class _Draft:
    """A workbook being made, with what a prefilled copy changes in it."""

    workbook: Workbook
    annex: int
    specialty_rule: DataValidation | None


def make_sheet(edition: Edition, annex: int, institution: Institution | None = None) -> bytes:
    """The `.xlsx` of annex 2 or 4, blank or prefilled for one institution; same data, same bytes."""
    draft = _draft(edition, annex)
    if institution is not None:
        _prefill(draft, institution)
    return _pinned(draft.workbook, edition.notice.date_published)


@dataclass(frozen=True)
class SheetFiles:
    """The Excel forms written: a blank one per list annex, and each institution's copies (catalog order)."""

    blank: dict[int, Download]
    institutions: list[dict[int, Download]]

    @property
    def count(self) -> int:
        return len(self.blank) + sum(len(copies) for copies in self.institutions)


def write_sheets(edition: Edition, folder: Path) -> SheetFiles:
    """Every Excel form into `folder`, beside the Word forms and named like them (`annex2-admission.xlsx`)."""
    blank: dict[int, Download] = {}
    institutions = edition.catalog.institutions
    copies: list[dict[int, Download]] = [{} for _ in institutions]
    day = edition.notice.date_published
    for kind in KINDS:
        if not kind.list_form or kind.number not in edition.notice.annex:
            continue
        # One workbook per annex, changed in place for each institution: building it is the slow part.
        draft = _draft(edition, kind.number)
        blank[kind.number] = _write(folder, f"{kind.stem}.xlsx", _pinned(draft.workbook, day))
        for index, institution in enumerate(institutions, start=1):
            _prefill(draft, institution)
            relative = PurePosixPath(copy_path(index, kind)).with_suffix(".xlsx").as_posix()
            copies[index - 1][kind.number] = _write(folder, relative, _pinned(draft.workbook, day))
    return SheetFiles(blank, copies)


def _write(folder: Path, relative: str, data: bytes) -> Download:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Download(relative, len(data))


def _draft(edition: Edition, annex: int) -> _Draft:
    notice = edition.notice
    where = layout(annex)
    labels = {f.key: SHEET_LABELS.get(f.key, f.label) for f in LIST_HEAD + LIST_FOOT + LIST_ROWS[annex]}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = notice.annex[annex].title[-3:]  # 录取表 / 结业表
    last_column = get_column_letter(len(where.columns) + 1)

    _titles(sheet, edition, annex, last_column)
    lists = _choice_sheet(workbook, choices_for(edition))
    _input_styles(workbook)
    kinds = {f.key: f.kind for f in LIST_HEAD + LIST_FOOT + LIST_ROWS[annex]}

    for key, ref in where.head_cells.items():
        label = sheet[ref].offset(column=-1)
        label.value, label.font, label.alignment = f"{labels[key]}：", _BOLD, Alignment(horizontal="right")
        sheet[ref].style = _input_style(kinds[key], key)
        workbook.defined_names[key] = DefinedName(key, attr_text=f"{quote_sheetname(sheet.title)}!${ref[0]}${ref[1:]}")

    _trainee_table(sheet, where, labels, kinds)
    rules = _validations(sheet, where, lists, notice.schedule.classes.start, notice.schedule.training_ends_by)

    sheet.protection.sheet = True  # no password: it guards against slips, not against the clerk
    sheet.protection.formatRows = False  # rows may be resized
    sheet.print_title_rows = f"{where.heading_row}:{where.heading_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = f"B{where.first_row}"

    properties = workbook.properties
    moment = datetime.combine(notice.date_published, datetime.min.time())
    properties.created = properties.modified = moment
    properties.creator = properties.lastModifiedBy = notice.issuer
    properties.title = f"{notice.year}年度{notice.annex[annex].title}"
    properties.identifier = f"{STAMP_PREFIX}{annex}"
    properties.version = where.version
    return _Draft(workbook, annex, rules.get("specialty"))


def _prefill(draft: _Draft, institution: Institution) -> None:
    """The institution's name, locked, and only its specialties in the drop-down."""
    sheet = draft.workbook.worksheets[0]
    fixed = sheet[layout(draft.annex).head_cells["institution"]]
    fixed.value, fixed.style = institution.name, "Normal"
    choices = draft.workbook[CHOICES_SHEET]
    column = next(cell.column for cell in choices[1] if cell.value == "specialty")
    for row in range(2, choices.max_row + 1):
        choices.cell(row, column).value = None
    specialties = list(dict.fromkeys(institution.specialties))
    for row, item in enumerate(specialties, start=2):
        cell = choices.cell(row, column)
        cell.value, cell.data_type = item, "s"
    if draft.specialty_rule is not None:
        letter = get_column_letter(column)
        draft.specialty_rule.formula1 = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(specialties) + 1}"


def _titles(sheet, edition: Edition, annex: int, last_column: str) -> None:
    notice = edition.notice
    sheet["A1"] = f"附件{annex}"
    sheet["A1"].font = Font(name="黑体", size=14)
    for row, text, font in ((2, f"{notice.year}年度{notice.annex[annex].title}", Font(name="宋体", size=18, bold=True)),
                            (3, f"（{notice.annex[annex].filled_by}）" if notice.annex[annex].filled_by else "",
                             Font(name="仿宋", size=12))):
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        cell = sheet[f"A{row}"]
        cell.value, cell.font, cell.alignment = text, font, Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[2].height = 30


def _choice_sheet(workbook: Workbook, choices: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """A hidden sheet with one column per list; returns each list's range for data validation."""
    sheet = workbook.create_sheet(CHOICES_SHEET)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    ranges = {}
    for column, (key, items) in enumerate(choices.items(), start=1):
        letter = get_column_letter(column)
        sheet.cell(1, column, key)
        for row, item in enumerate(items, start=2):
            cell = sheet.cell(row, column)
            cell.value, cell.data_type = item, "s"  # a specialty named "=…" stays text
        if items:
            ranges[key] = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${len(items) + 1}"
    return ranges


def _input_styles(workbook: Workbook) -> None:
    """Named styles for input cells: one style per cell is far faster than four attributes each."""
    for name, number_format in (("录入", "General"), ("录入文本", "@"), ("录入日期", DATE_FORMAT)):
        workbook.add_named_style(NamedStyle(name, font=_FONT, border=_BOX, fill=_INPUT_FILL,
                                            protection=_UNLOCKED, number_format=number_format))


def _input_style(kind: str, key: str) -> str:
    if kind == "date":
        return "录入日期"
    # Text format keeps 18-digit ID numbers and leading zeros of phone numbers intact.
    return "录入文本" if key in TEXT_KEYS else "录入"


def _trainee_table(sheet, where: SheetLayout, labels: dict[str, str], kinds: dict[str, str]) -> None:
    heading = ["序号"] + [labels[key] for key in where.columns]
    for column, text in enumerate(heading, start=1):
        cell = sheet.cell(where.heading_row, column, text)
        cell.font, cell.border = _BOLD, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[where.heading_row].height = 30
    sheet.column_dimensions["A"].width = 6
    for column, key in enumerate(where.columns, start=2):
        sheet.column_dimensions[get_column_letter(column)].width = WIDTHS.get(key, 12)
    styles = [_input_style(kinds[key], key) for key in where.columns]
    for number in range(1, where.rows + 1):
        row = where.first_row + number - 1
        first = sheet.cell(row, 1, number)
        first.border, first.alignment = _BOX, Alignment(horizontal="center")
        for column, style in enumerate(styles, start=2):
            sheet.cell(row, column).style = style
    for column in "BCDEFGH":
        sheet.column_dimensions[column].width = max(sheet.column_dimensions[column].width or 0, 14)


def _validations(sheet, where: SheetLayout, lists: dict[str, str], first_day: date,
                 last_day: date) -> dict[str, DataValidation]:
    """Drop-downs and type checks; Excel and WPS show the prompt and refuse other input."""
    last_row = where.first_row + where.rows - 1

    def add(rule: DataValidation, cells: str) -> None:
        rule.showErrorMessage = True
        rule.errorTitle = "输入有误"
        sheet.add_data_validation(rule)
        for part in cells.split():
            rule.add(part)

    def column_cells(key: str) -> str:
        letter = get_column_letter(where.columns.index(key) + 2)
        return f"{letter}{where.first_row}:{letter}{last_row}"

    targets = {key: where.head_cells[key] for key in where.head_cells}
    targets.update({key: column_cells(key) for key in where.columns})
    rules = {}
    for key, cells in targets.items():
        if key in lists:
            rules[key] = DataValidation(type="list", formula1=lists[key], allow_blank=True, error="请从下拉列表中选择")
            add(rules[key], cells)
    for key in ("online_hours", "live_hours"):
        if key in where.columns:
            add(DataValidation(type="whole", operator="between", formula1="0", formula2="999", allow_blank=True,
                               error="学时应为整数"), column_cells(key))
    window = DataValidation(type="date", operator="between", allow_blank=True,
                            formula1=str(_serial(first_day)), formula2=str(_serial(last_day)),
                            error=f"日期应在 {first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d} 之间")
    add(window, " ".join(where.head_cells[key] for key in ("class_start", "class_end")))
    add(DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                       error="身份证号码应为18位"), column_cells("id_number"))
    return rules


def _serial(day: date) -> int:
    """A date as Excel's day number (1900 date system)."""
    return (day - date(1899, 12, 30)).days


def _pinned(workbook: Workbook, day: date) -> bytes:
    """The workbook's bytes with fixed zip entry times (openpyxl's `save` would stamp `now`)."""
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return repacked(raw.getvalue(), (max(day.year, 1980), day.month, day.day, 0, 0, 0))
