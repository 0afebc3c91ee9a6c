"""Excel versions of the list forms (附件2 录取表, 附件4 结业表): one row per trainee, made with openpyxl.

Input cells are unlocked and the rest protected; fixed choices are drop-downs fed from a hidden
sheet (Excel caps inline lists at 255 characters); text fields are typed as text, so Excel and WPS
keep all 18 digits of an ID number and the leading 0 of a phone number. Every value from the data
is written as a string, never a formula. No macros. Each workbook carries its form and layout
version in its core properties, which is how `intake` recognises a return.

openpyxl is imported when a workbook is made (0.12 s): a build whose workbooks all come from the
cache (an edit to the notice's text) does without it.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Iterable

from lxml.etree import Element, tostring

from .cache import canonical
from .formspec import FormField, FormKind, SheetLayout, sheet_layout
from .load import Edition
from .model import Annex, Institution
from .output import ZipTime, pinned_zip

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

CHOICES_SHEET = "选项"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MONTH_FORMAT = 'yyyy"年"m"月"'

_STYLES = {"text": ("录入文本", "@"), "choice": ("录入文本", "@"), "date": ("录入日期", DATE_FORMAT),
           "month": ("录入年月", MONTH_FORMAT), "number": ("录入数字", "0"), "check": ("录入文本", "@")}


@cache
def _box():
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="000000")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


@cache
def _bold():
    from openpyxl.styles import Font

    return Font(name="黑体", size=11)


def _text(cell, value: str) -> None:
    """`value` in `cell` as a string, whatever it starts with: data never becomes a formula."""
    cell.value = value
    cell.data_type = "s"


# Where an institution's copy differs from the others: its name, and its drop-downs' ranges.
_NAME_MARK = "HRNOTICE-INSTITUTION-NAME"
_RANGE_MARK = "HRNOTICE-RANGE-"


class SheetMaker:
    """A list form's workbook, built once (the slow part) and filled in turn for each copy made.

    Saving a workbook writes its trainee table's thousand cells, which is most of the time a copy
    takes. So the copies' workbook is saved once with marks where a copy's name and ranges go; each
    copy then only has its marks replaced and its choices sheet written: the same bytes as a whole
    save (a test compares them), in a tenth of the time.
    """

    def __init__(self, facts: dict, form: FormKind, day: date):
        self.facts, self.form, self.day = facts, form, day
        self.workbook, self.rules = _draft(facts, form)
        self._marked: list[tuple[str, bytes]] | None = None  # the copies' parts, marked

    def make(self, institution: Institution | None, specialties: list[str], whole: bool = False) -> bytes:
        """The blank workbook (no institution), or an institution's copy; drop-downs offer `specialties`.
        `whole`: saved whole, as the blank is, rather than from the marked copy."""
        if institution is None or whole:
            _fill(self.workbook, self.form, self.rules, institution.name if institution else None, specialties,
                  self.facts["lists"])
            return _pinned(self.workbook, self.day)
        if self._marked is None:
            _fill(self.workbook, self.form, self.rules, _NAME_MARK, [], self.facts["lists"])
            for key, rule in self.rules.items():
                rule.formula1 = _RANGE_MARK + key
            self._marked = _parts(self.workbook)
        from openpyxl.worksheet._writer import WorksheetWriter

        _fill(self.workbook, self.form, self.rules, institution.name, specialties, self.facts["lists"])
        choices = self.workbook[CHOICES_SHEET]
        writer = WorksheetWriter(choices, out=io.BytesIO())  # what a whole save writes each sheet with
        writer.write()
        # The parts are named as a whole save names them: by the sheets' places.
        main, choices_part = (f"xl/worksheets/sheet{self.workbook.worksheets.index(sheet) + 1}.xml"
                              for sheet in (self.workbook.worksheets[0], choices))
        parts = dict(self._marked)
        for mark, value in [(_xml("t", _NAME_MARK), _xml("t", institution.name)),
                            *((_xml("formula1", _RANGE_MARK + key), _xml("formula1", rule.formula1))
                              for key, rule in self.rules.items())]:
            if parts[main].count(mark) != 1:  # a changed openpyxl writer fails here, not in a copy
                raise RuntimeError(f"openpyxl 写出的工作表与预期不同：找不到（或不止一处）{mark!r}")
            parts[main] = parts[main].replace(mark, value)
        parts[choices_part] = writer.read()
        return pinned_zip(parts.items(), _zip_time(self.day))


def make_sheets(edition: Edition, annex: Annex, form: FormKind,
                wanted: Iterable[Institution | None] | None = None) -> dict[int | None, bytes]:
    """The `.xlsx` of a list form, blank (under None) and prefilled for each institution (under its
    number): all of them, or the `wanted` ones. Same data, same bytes."""
    maker = SheetMaker(sheet_facts(edition, annex, form), form, edition.notice.date_published)
    return {institution.number if institution else None:
            maker.make(institution, institution.specialties if institution else edition.catalog.specialties)
            for institution in ([None, *edition.catalog.institutions] if wanted is None else wanted)}


def sheet_inputs(facts: dict, form: FormKind, institution: Institution | None, specialties: list[str]) -> str:
    """Exactly what a workbook is made from, as text: its cache key is made of it."""
    return canonical([form.model_dump(), facts, institution.name if institution else None, _unique(specialties)])


def sheet_facts(edition: Edition, annex: Annex, form: FormKind) -> dict:
    """All a sheet shows of the notice and its annex (the catalog's specialties aside)."""
    notice = edition.notice
    return {"annex": annex.number, "title": f"{edition.year}年度{annex.title}", "filled_by": annex.filled_by or "",
            "issuer": notice.issuer, "published": notice.date_published.isoformat(),
            "first_day": notice.schedule.classes.start.isoformat(),
            "last_day": notice.schedule.training_ends_by.isoformat(),
            # the catalog's specialties are filled in per workbook, by `_fill`
            "lists": {f.key: [] if f.choices == "catalog" else list(f.choices or [])
                      for f in form.fields if f.kind == "choice"}}


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _draft(facts: dict, form: FormKind) -> tuple[Workbook, dict[str, DataValidation]]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName

    where = sheet_layout(form)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = form.name
    last_column = get_column_letter(len(where.columns) + 1)
    _titles(sheet, facts, last_column)
    lists = _choice_sheet(workbook, facts["lists"])
    _input_styles(workbook)
    fields = {f.key: f for f in form.fields}

    for key, ref in where.head_cells.items():
        # Each label and value spans a few of the table's columns, so neither depends on their widths.
        value = sheet[ref]
        label = value.offset(column=-2)
        sheet.merge_cells(start_row=value.row, start_column=label.column, end_row=value.row, end_column=label.column + 1)
        sheet.merge_cells(start_row=value.row, start_column=value.column, end_row=value.row, end_column=value.column + 2)
        _text(label, f"{fields[key].label}：")
        label.font, label.alignment = _bold(), Alignment(horizontal="right")
        value.style = _STYLES[fields[key].kind][0]
        workbook.defined_names[key] = DefinedName(key, attr_text=f"{quote_sheetname(sheet.title)}!${ref[0]}${ref[1:]}")

    _trainee_table(sheet, where, form)
    rules = _validations(sheet, where, fields, lists, date.fromisoformat(facts["first_day"]),
                         date.fromisoformat(facts["last_day"]))
    specialty_rules = {f.key: rules[f.key] for f in form.fields if f.choices == "catalog" and f.key in rules}

    sheet.protection.sheet = True  # no password: it guards against slips, not against the clerk
    sheet.protection.formatRows = False  # rows may be resized
    sheet.print_title_rows = f"{where.heading_row}:{where.heading_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.freeze_panes = f"B{where.first_row}"
    # openpyxl learns this while writing the columns, after it has written the sheet format: set
    # now, so that the first workbook saved is written like every later one.
    sheet.column_dimensions.max_outline = 0

    properties = workbook.properties
    moment = datetime.combine(date.fromisoformat(facts["published"]), datetime.min.time())
    properties.created = properties.modified = moment
    properties.creator = properties.lastModifiedBy = facts["issuer"]
    properties.title = facts["title"]
    properties.identifier = form.identifier
    properties.version = where.version
    return workbook, specialty_rules


def _fill(workbook: Workbook, form: FormKind, rules: dict[str, DataValidation], institution: str | None,
          specialties: list[str], lists: dict[str, list[str]]) -> None:
    """The catalog drop-downs offer `specialties`; a copy also has the institution's name, locked.

    The choices sheet is made afresh, so a workbook's bytes never depend on the one made before it.
    """
    sheet = workbook.worksheets[0]
    fixed = sheet[sheet_layout(form).head_cells["institution"]]
    if institution is not None:
        _text(fixed, institution)
        fixed.style = "Normal"
    else:
        fixed.value = None
        fixed.style = _STYLES[form.field("institution").kind][0]
    workbook.remove(workbook[CHOICES_SHEET])
    catalog = [f.key for f in form.fields if f.choices == "catalog"]
    ranges = _choice_sheet(workbook, {key: _unique(specialties) if key in catalog else items
                                      for key, items in lists.items()})
    for key, rule in rules.items():
        rule.formula1 = ranges[key]


def _titles(sheet, facts: dict, last_column: str) -> None:
    from openpyxl.styles import Alignment, Font

    _text(sheet["A1"], f"附件{facts['annex']}")
    sheet["A1"].font = Font(name="黑体", size=14)
    for row, text, font in ((2, facts["title"], Font(name="宋体", size=18, bold=True)),
                            (3, f"（{facts['filled_by']}）" if facts["filled_by"] else "", Font(name="仿宋", size=12))):
        sheet.merge_cells(f"A{row}:{last_column}{row}")
        cell = sheet[f"A{row}"]
        _text(cell, text)
        cell.font, cell.alignment = font, Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[2].height = 30


def _choice_sheet(workbook: Workbook, choices: dict[str, list[str]]) -> dict[str, str]:
    """A hidden sheet with one column per list; returns each list's range for data validation."""
    from openpyxl.utils import get_column_letter, quote_sheetname

    sheet = workbook.create_sheet(CHOICES_SHEET)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
    ranges = {}
    for column, (key, items) in enumerate(choices.items(), start=1):
        letter = get_column_letter(column)
        _text(sheet.cell(1, column), key)
        for row, item in enumerate(items, start=2):
            _text(sheet.cell(row, column), item)  # a specialty named "=…" stays text
        ranges[key] = f"{quote_sheetname(CHOICES_SHEET)}!${letter}$2:${letter}${max(len(items), 1) + 1}"
    return ranges


def _input_styles(workbook: Workbook) -> None:
    """Named styles for input cells: one style per cell is far faster than four attributes each."""
    from openpyxl.styles import Font, NamedStyle, PatternFill, Protection

    for name, number_format in dict(_STYLES.values()).items():
        # A pale tint marks what may be typed into.
        workbook.add_named_style(NamedStyle(name, font=Font(name="仿宋", size=11), border=_box(),
                                            fill=PatternFill("solid", fgColor="FFF8DC"),
                                            protection=Protection(locked=False), number_format=number_format))


def _trainee_table(sheet, where: SheetLayout, form: FormKind) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for column, text in enumerate(["序号"] + [f.label for f in form.rows], start=1):
        cell = sheet.cell(where.heading_row, column)
        _text(cell, text)
        cell.font, cell.border = _bold(), _box()
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[where.heading_row].height = 30
    sheet.column_dimensions["A"].width = 6
    for column, field in enumerate(form.rows, start=2):
        # Excel measures in widths of "0"; a Chinese character is about two, a millimetre about a half.
        width = max(2 * len(field.label) + 2, (field.width or 24) / 2)
        sheet.column_dimensions[get_column_letter(column)].width = width
    styles = [_STYLES[field.kind][0] for field in form.rows]
    for number in range(1, where.rows + 1):
        row = where.first_row + number - 1
        first = sheet.cell(row, 1, number)
        first.border, first.alignment = _box(), Alignment(horizontal="center")
        for column, style in enumerate(styles, start=2):
            sheet.cell(row, column).style = style


def _validations(sheet, where: SheetLayout, fields: dict[str, FormField], lists: dict[str, str], first_day: date,
                 last_day: date) -> dict[str, DataValidation]:
    """Drop-downs and type checks; Excel and WPS show the prompt and refuse other input."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    last_row = where.first_row + where.rows - 1

    def add(rule: DataValidation, cells: str) -> DataValidation:
        rule.showErrorMessage = True
        rule.errorTitle = "输入有误"
        sheet.add_data_validation(rule)
        for part in cells.split():
            rule.add(part)
        return rule

    targets = dict(where.head_cells)
    for index, key in enumerate(where.columns):
        letter = get_column_letter(index + 2)
        targets[key] = f"{letter}{where.first_row}:{letter}{last_row}"
    rules = {}
    for key, cells in targets.items():
        field = fields[key]
        if key in lists:
            rules[key] = add(DataValidation(type="list", formula1=lists[key], allow_blank=True,
                                            error="请从下拉列表中选择"), cells)
        elif field.kind == "number":
            add(DataValidation(type="whole", operator="between", formula1="0", formula2="9999", allow_blank=True,
                               error=f"{field.label}应为整数"), cells)
        elif field.length:
            add(DataValidation(type="textLength", operator="equal", formula1=str(field.length), allow_blank=True,
                               error=f"{field.label}应为{field.length}位"), cells)
    class_dates = [cells for key, cells in targets.items() if key in ("class_start", "class_end")]
    if class_dates:
        add(DataValidation(type="date", operator="between", allow_blank=True,
                           formula1=str(_serial(first_day)), formula2=str(_serial(last_day)),
                           error=f"日期应在 {first_day:%Y-%m-%d} 至 {last_day:%Y-%m-%d} 之间"), " ".join(class_dates))
    return rules


def _serial(day: date) -> int:
    """A date as Excel's day number (1900 date system)."""
    return (day - date(1899, 12, 30)).days


def _pinned(workbook: Workbook, day: date) -> bytes:
    """The workbook's bytes with fixed zip entry times (openpyxl's `save` would stamp `now`)."""
    return pinned_zip(_parts(workbook), _zip_time(day))


def _parts(workbook: Workbook) -> list[tuple[str, bytes]]:
    """The workbook's parts as openpyxl saves them, in its order."""
    from openpyxl.writer.excel import ExcelWriter

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as archive:
        ExcelWriter(workbook, archive).save()
    with zipfile.ZipFile(raw) as saved:
        return [(info.filename, saved.read(info)) for info in saved.infolist()]


def _zip_time(day: date) -> ZipTime:
    return max(day.year, 1980), day.month, day.day, 0, 0, 0


def _xml(tag: str, text: str) -> bytes:
    """An element as openpyxl's writer writes it (characters past ASCII as references)."""
    element = Element(tag, {XML_SPACE: "preserve"} if text != text.strip() else {})
    element.text = text
    return tostring(element)
