"""The forms' Word templates, made from their declaration: `python build.py templates`.

The committed `.docx` files are what the build reads: a clerk may change them in Word or WPS
afterwards (text, fonts, widths), and runs this again only when the declaration changed or the
layout is to be redone, which overwrites those changes. Content controls are built with lxml
(python-docx has none); docxtpl tags fill in the year, the titles and the catalog at build time.

The layout is made for paper as much as for the screen: a list form is one table whose header row
repeats on every page, set apart from the lines above and below it (readers merge tables that
touch); labels break only between words; nothing is an empty cell without a label.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor, Twips

from .formspec import CatalogKind, FormField, FormKind, FormSet, row_tag
from .output import pinned_zip
from .textlayout import balanced_lines, characters_across
from .wordfile import (CHECKBOX_FONT, CHECKED_MARK, CORE_PART, DATE_FORMATS, NAMESPACES, Properties,
                       core_properties_xml, set_child)

# Font names as GB/T 9704 offices know them, and what Word shows where they are missing (`w:altName`;
# LibreOffice takes its own stand-ins from templates/fonts/fonts.conf).
FANGSONG, HEITI, XIAOBIAOSONG = "仿宋_GB2312", "黑体", "方正小标宋简体"
FONT_FALLBACKS = {FANGSONG: "仿宋", XIAOBIAOSONG: "宋体", HEITI: "SimHei"}
# Sizes: 二号 22, 三号 16, 小四 12, 五号 10.5, 小五 9.
ERHAO, SANHAO, XIAOSI, WUHAO, XIAOWU = Pt(22), Pt(16), Pt(12), Pt(10.5), Pt(9)

A4_SHORT, A4_LONG = Mm(210), Mm(297)
CELL_MARGIN_MM = 1.0  # inside table cells, left and right
ROW_HEIGHT = Mm(8)  # room to write by hand on the printed form
SEAL = "培训院校（盖章）"
W14 = NAMESPACES["w14"]
NUMBER_WIDTH_MM = 10  # the 序号 column of a list form
PHOTO_WIDTH_MM = 30  # a one-inch photo is 25 × 35 mm
TEMPLATE_DATE = date(2012, 1, 1)  # the templates carry no build date: the same declaration, the same bytes


def _twips(mm: float) -> int:
    """A length in millimetres as Word's table measures take it: twentieths of a point."""
    return round(mm * 1440 / 25.4)


# --- Content controls ------------------------------------------------------------------------------

class _Controls:
    """Builds content controls; ids are provisional (the renderer renumbers them)."""

    def __init__(self, size: Pt) -> None:
        self.next_id = 1
        self.size = size

    def _sdt(self, tag: str, alias: str, prompt: str, kind: list) -> tuple:
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        sdt.append(pr)
        for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", str(self.next_id))):
            pr.append(_valued(name, value))
        self.next_id += 1
        if prompt:
            pr.append(OxmlElement("w:showingPlcHdr"))
        for element in kind:
            pr.append(element)
        content = OxmlElement("w:sdtContent")
        sdt.append(content)
        run = OxmlElement("w:r")
        content.append(run)
        run_pr = OxmlElement("w:rPr")
        run.append(run_pr)
        if prompt:
            set_child(run_pr, "w:rStyle", val="PlaceholderText")
        set_child(run_pr, "w:sz", val=str(int(self.size.pt * 2)))
        set_child(run_pr, "w:szCs", val=str(int(self.size.pt * 2)))
        text = OxmlElement("w:t")
        text.text = prompt
        run.append(text)
        return sdt, run_pr

    def field(self, field: FormField, tag: str, prompt: str) -> object:
        """The control a field asks for."""
        if field.kind == "check":
            return self.check_box(tag, field.label)
        if field.kind in ("date", "month"):
            return self.date(tag, field.label, DATE_FORMATS["day" if field.kind == "date" else "month"],
                             field.prompt or prompt)
        if field.kind == "choice":
            return self.drop_down(tag, field.label, field.choices if isinstance(field.choices, list) else [],
                                  field.prompt or prompt)
        # A rich-text control: plain `w:text` ones are mangled by LibreOffice 7.4.
        return self._sdt(tag, field.label, field.prompt or prompt, [])[0]

    def drop_down(self, tag: str, alias: str, choices: list[str], prompt: str) -> object:
        listing = OxmlElement("w:dropDownList")
        for choice in choices:
            item = OxmlElement("w:listItem")
            item.set(qn("w:displayText"), choice)
            item.set(qn("w:value"), choice)
            listing.append(item)
        return self._sdt(tag, alias, prompt, [listing])[0]

    def date(self, tag: str, alias: str, date_format: str, prompt: str) -> object:
        picker = parse_xml(
            f'<w:date xmlns:w="{NAMESPACES["w"]}"><w:dateFormat w:val="{date_format}"/><w:lid w:val="zh-CN"/>'
            '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
        )
        return self._sdt(tag, alias, prompt, [picker])[0]

    def check_box(self, tag: str, alias: str) -> object:
        box = parse_xml(
            f'<w14:checkbox xmlns:w14="{W14}"><w14:checked w14:val="0"/>'
            f'<w14:checkedState w14:val="{ord(CHECKED_MARK[True]):04X}" w14:font="{CHECKBOX_FONT}"/>'
            f'<w14:uncheckedState w14:val="{ord(CHECKED_MARK[False]):04X}" w14:font="{CHECKBOX_FONT}"/>'
            "</w14:checkbox>"
        )
        sdt, run_pr = self._sdt(tag, alias, "", [box])
        set_child(run_pr, "w:rFonts", ascii=CHECKBOX_FONT, hAnsi=CHECKBOX_FONT, eastAsia=CHECKBOX_FONT)
        sdt.find(qn("w:sdtContent")).find(qn("w:r")).find(qn("w:t")).text = CHECKED_MARK[False]
        return sdt


def _valued(tag: str, value: str) -> object:
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    return element


def _prompt(field: FormField) -> str:
    """What a control says while empty: `点击输入姓名`, `点击选择日期`."""
    if field.kind == "date":
        return "点击选择日期"
    if field.kind == "month":
        return "点击选择年月"
    return f"点击{'选择' if field.kind == 'choice' else '输入'}{field.label}"


# --- The document: page, styles, fonts, protection -------------------------------------------------

def _set_fonts(element_with_rpr, font: str) -> None:
    """All four font slots, East Asian included (python-docx's `font.name` leaves `w:eastAsia` out)."""
    run_pr = element_with_rpr.get_or_add_rPr()
    fonts = set_child(run_pr, "w:rFonts")
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]  # theme fonts would override the named ones
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _paragraph_style(document, style_id: str, name: str, font: str, size: Pt, *, bold: bool = False,
                     align: WD_ALIGN_PARAGRAPH | None = None, space_after: Pt = Pt(0)) -> None:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), style_id)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = size
    style.font.bold = bold
    _set_fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), space_after, 1.0
    if align is not None:
        fmt.alignment = align


# Paragraph style names (what Word shows) by role.
LABEL, TITLE, FILLED_BY, CELL, HEADING, LINE, SPACER = "附件标签", "表格标题", "填报说明", "表格文字", "表头文字", "表头表尾", "间隔"


def _setup_styles(document, table_size: Pt) -> None:
    """Named styles a clerk can change in Word: one per kind of text on the forms."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FANGSONG)
    language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    _set_fonts(normal.element, FANGSONG)
    normal.font.size = table_size
    normal.paragraph_format.space_after = Pt(0)
    _paragraph_style(document, "AnnexLabel", LABEL, HEITI, SANHAO)
    _paragraph_style(document, "FormTitle", TITLE, XIAOBIAOSONG, ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=Pt(6))
    _paragraph_style(document, "FilledBy", FILLED_BY, FANGSONG, XIAOSI, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=Pt(6))
    _paragraph_style(document, "TableText", CELL, FANGSONG, table_size, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "TableHeading", HEADING, FANGSONG, table_size, bold=True,
                     align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "FormLine", LINE, FANGSONG, XIAOSI)
    _paragraph_style(document, "Spacer", SPACER, FANGSONG, Pt(4))
    placeholder = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.element.set(qn("w:styleId"), "PlaceholderText")
    placeholder.font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _setup_fonts_table(document) -> None:
    """Declare the Chinese fonts with Word's own fallback (`w:altName`) for machines without them."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    w = NAMESPACES["w"]
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{fallback}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name == HEITI else "roman"}"/><w:pitch w:val="variable"/></w:font>'
        for name, fallback in FONT_FALLBACKS.items()
    )
    symbol = (f'<w:font w:name="{CHECKBOX_FONT}"><w:charset w:val="00"/><w:family w:val="swiss"/>'
              '<w:pitch w:val="variable"/></w:font>')
    part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:fonts xmlns:w="{w}">{entries}{symbol}</w:fonts>').encode("utf-8")


def _setup_settings(document, protect: bool) -> None:
    """Editing restricted to the fields ("filling in forms", no password); Chinese theme fonts."""
    settings = document.settings.element
    if protect:
        protection = OxmlElement("w:documentProtection")
        protection.set(qn("w:edit"), "forms")
        protection.set(qn("w:enforcement"), "1")
        # Schema order: documentProtection comes right after the view/zoom/proof settings.
        settings.find(qn("w:defaultTabStop")).addprevious(protection)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), "zh-CN")
    for unwanted in ("w:rsids", "w14:docId"):  # editing-session ids: noise in diffs
        element = settings.find(qn(unwanted))
        if element is not None:
            settings.remove(element)


def _setup_page(document, landscape: bool) -> None:
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
        section.top_margin, section.bottom_margin = Mm(25), Mm(20)
        section.left_margin = section.right_margin = Mm(20)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_SHORT, A4_LONG
        # GB/T 9704-2012: top 37 mm, left 28 mm, text area 156 × 225 mm.
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = section.footer_distance = Mm(15)


def _text_width_mm(document) -> float:
    section = document.sections[0]
    return (section.page_width - section.left_margin - section.right_margin) / Mm(1)


def _new_document(landscape: bool, table_size: Pt, protect: bool = True):
    document = docx.Document()
    _setup_page(document, landscape)
    _setup_styles(document, table_size)
    _setup_fonts_table(document)
    _setup_settings(document, protect)
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    return document


def _paragraph(container, text: str, style: str):
    paragraph = container.add_paragraph(style=style)
    if text:
        paragraph.add_run(text)
    return paragraph


def _heading(document, with_filled_by: bool) -> None:
    """`附件N` top left in 黑体 三号, the title centred in 小标宋 二号 (broken between words by the
    writer, who knows its length), then who fills it in."""
    _paragraph(document, "{{ annex_label }}", LABEL)
    _paragraph(document, "{{ title }}", TITLE)
    if with_filled_by:
        _paragraph(document, "{%p if filled_by %}", FILLED_BY)
        _paragraph(document, "（{{ filled_by }}）", FILLED_BY)
        _paragraph(document, "{%p endif %}", FILLED_BY)


def _spacer(document) -> None:
    """A small empty paragraph: tables that touch are merged by Word, WPS and LibreOffice into one,
    and a header row is then no longer the first row of the table that flows across pages."""
    _paragraph(document, "", SPACER)


# --- Tables ----------------------------------------------------------------------------------------

def _table(document, widths_mm: list[float], *, borders: bool = True):
    table = document.add_table(rows=0, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [_twips(width) for width in widths_mm]
    tbl_pr = table._tbl.tblPr
    set_child(tbl_pr, "w:tblW", w=str(sum(widths)), type="dxa")
    edges = set_child(tbl_pr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_child(edges, f"w:{edge}", val="single" if borders else "nil", sz="4", space="0", color="000000")
    margins = set_child(tbl_pr, "w:tblCellMar")
    for side in ("left", "right"):
        set_child(margins, f"w:{side}", w=str(_twips(CELL_MARGIN_MM)), type="dxa")
    for column, width in zip(table.columns, widths):
        column.width = Twips(width)
    table._widths = widths
    return table


def _row(table, *, header: bool = False, height: Length = ROW_HEIGHT, exact: bool = False):
    """A row that never splits across pages; header rows repeat on every page."""
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    set_child(tr_pr, "w:cantSplit")
    set_child(tr_pr, "w:trHeight", val=str(Length(height).twips), hRule="exact" if exact else "atLeast")
    if header:
        set_child(tr_pr, "w:tblHeader")
    for cell, width in zip(row.cells, table._widths):
        cell.width = Twips(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].style = CELL
    return row


def _span(row, first: int, count: int):
    """Cells `first` … `first + count - 1` of `row` as one."""
    return row.cells[first] if count == 1 else row.cells[first].merge(row.cells[first + count - 1])


def _label(cell, text: str, width_mm: float, size: Pt, style: str = HEADING) -> None:
    """A label that breaks, if it must, only between words (培训开始/日期, never 培训开始日/期)."""
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    lines = balanced_lines(text, characters_across(width_mm - 2 * CELL_MARGIN_MM, size.pt) - 0.2)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        if index < len(lines) - 1:
            run.add_break()


def _loop_row(table, tag: str) -> None:
    """A docxtpl `{%tr … %}` row: removed at render time, it opens or closes a row loop."""
    table.add_row().cells[0].paragraphs[0].add_run(tag)


def _bottom_line(cell) -> None:
    """A line to write on under a value (the borderless head and foot of a list form)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    set_child(set_child(tc_pr, "w:tcBorders"), "w:bottom", val="single", sz="4", space="0", color="000000")


def _pairs_table(document, controls: _Controls, fields: list[FormField], per_line: int, tail: str = "") -> None:
    """Borderless lines of `label：[value]` pairs: a list form's head and foot. `tail` closes the
    last line at the right margin (the foot's 培训院校（盖章）): on a line of its own it could be
    carried alone onto a page of its own."""
    size = XIAOSI
    label_mm = max(len(f.label) + 1 for f in fields) * size.pt * 25.4 / 72 + 2 * CELL_MARGIN_MM + 1
    tail_mm = (len(tail) + 1) * size.pt * 25.4 / 72 + 2 * CELL_MARGIN_MM if tail else 0
    value_mm = (_text_width_mm(document) - per_line * label_mm - tail_mm) / per_line
    table = _table(document, [label_mm, value_mm] * per_line + ([tail_mm] if tail else []), borders=False)
    for start in range(0, len(fields), per_line):
        line = fields[start:start + per_line]
        row = _row(table, height=Mm(9))
        if tail:
            cell = row.cells[-1]
            cell.paragraphs[0].style = LINE
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if start + per_line >= len(fields):
                cell.paragraphs[0].add_run(tail)
        for index, field in enumerate(line):
            label_cell = row.cells[2 * index]
            label_cell.paragraphs[0].style = LINE
            label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            label_cell.paragraphs[0].add_run(f"{field.label}：")
            # The last value of a short line reaches to the margin: no cell is left empty.
            span = 1 if index < len(line) - 1 else 2 * (per_line - len(line)) + 1
            value_cell = _span(row, 2 * index + 1, span)
            value_cell.paragraphs[0].style = LINE
            value_cell.paragraphs[0]._p.append(controls.field(field, field.key, _prompt(field)))
            _bottom_line(value_cell)


def _list_table(document, controls: _Controls, form: FormKind) -> None:
    """One row per trainee under a header row that repeats on every page."""
    size = XIAOWU
    fixed = NUMBER_WIDTH_MM + sum(f.width or 0 for f in form.rows)
    open_fields = [f for f in form.rows if f.width is None]
    rest = (_text_width_mm(document) - fixed) / max(1, len(open_fields))
    widths = [NUMBER_WIDTH_MM] + [f.width or rest for f in form.rows]
    table = _table(document, widths)
    heading = _row(table, header=True)
    for cell, text, width in zip(heading.cells, ["序号"] + [f.label for f in form.rows], widths):
        _label(cell, text, width, size)
    _loop_row(table, "{%tr for row in row_numbers %}")
    row = _row(table)
    row.cells[0].paragraphs[0].add_run("{{ row }}")
    for cell, field in zip(row.cells[1:], form.rows):
        cell.paragraphs[0]._p.append(controls.field(field, row_tag(field.key, "{{ row }}"), field.label))
    _loop_row(table, "{%tr endfor %}")


def list_form(form: FormKind) -> object:
    """附件2, 附件4 and their like: head, one row per trainee, foot."""
    document = _new_document(landscape=form.landscape, table_size=XIAOWU)
    controls = _Controls(XIAOSI)
    _heading(document, with_filled_by=True)
    if form.head:
        _pairs_table(document, controls, form.head, per_line=3)
        _spacer(document)
    controls.size = XIAOWU
    _list_table(document, controls, form)
    _spacer(document)
    controls.size = XIAOSI
    if form.foot:
        _pairs_table(document, controls, form.foot, per_line=3, tail=SEAL)
    else:
        _paragraph(document, SEAL, LINE).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def _lines(form: FormKind) -> list[list[FormField]]:
    """A one-person form's fields in lines: two pairs a line, a wide field or a group alone."""
    lines: list[list[FormField]] = []
    pending: list[FormField] = []
    groups: dict[str, list[FormField]] = {}
    for field in form.head + form.foot:
        if field.group is not None:
            if field.group not in groups:
                lines += [pending] if pending else []
                pending = []
                groups[field.group] = []
                lines.append(groups[field.group])
            groups[field.group].append(field)
        elif field.wide or field.lines > 1:
            lines += [pending] if pending else []
            pending = []
            lines.append([field])
        else:
            pending.append(field)
            if len(pending) == 2:
                lines.append(pending)
                pending = []
    return lines + ([pending] if pending else [])


def single_form(form: FormKind) -> object:
    """附件3 and its like: one person per form, label and value pairs in one grid, with a photo box."""
    size = WUHAO
    document = _new_document(landscape=form.landscape, table_size=size)
    controls = _Controls(size)
    _heading(document, with_filled_by=True)
    width = _text_width_mm(document)
    label_mm = 4.2 * size.pt * 25.4 / 72 + 2 * CELL_MARGIN_MM  # labels of four characters a line
    photo_mm = PHOTO_WIDTH_MM if form.photo else 0
    value_mm = (width - 2 * label_mm - photo_mm) / 2
    widths = [label_mm, value_mm, label_mm, value_mm] + ([photo_mm] if form.photo else [])
    table = _table(document, widths)
    photo_rows = 4 if form.photo else 0
    rows = []
    for number, line in enumerate(_lines(form)):
        columns = 4 if number < photo_rows else len(widths)  # beside the photo, or reaching the margin
        lines = max(f.lines for f in line)
        row = _row(table, height=Mm(10 if lines == 1 else 7 * lines))
        rows.append(row)
        if len(line) > 1 and line[0].group is not None:
            _label(row.cells[0], line[0].group, label_mm, size)
            cell = _span(row, 1, columns - 1)
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            for index, field in enumerate(line):
                paragraph.add_run("　　" if index else "")
                control = controls.field(field, field.key, _prompt(field))
                if field.kind == "check":
                    paragraph._p.append(control)
                    paragraph.add_run(field.label)
                else:
                    paragraph.add_run(f"{field.label}：")
                    paragraph._p.append(control)
            continue
        position = 0
        for index, field in enumerate(line):
            _label(row.cells[position], field.label, label_mm, size)
            span = 1 if index < len(line) - 1 else columns - position - 1
            cell = _span(row, position + 1, span)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
            cell.paragraphs[0]._p.append(controls.field(field, field.key, _prompt(field)))
            if field.lines > 1:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
            position += 1 + span
    if form.photo:
        photo = rows[0].cells[4].merge(rows[photo_rows - 1].cells[4])
        for extra in photo.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        photo.paragraphs[0].style = CELL
        photo.paragraphs[0].add_run("照片").add_break()
        photo.paragraphs[0].add_run("（一寸免冠）")
    return document


def catalog_form(spec: CatalogKind) -> object:
    """附件1: each institution a table of its specialties, headed by a row with its name and contacts.

    Both header rows repeat when an institution runs over a page, so a continuation page always
    says whose specialties it lists; and many short tables keep LibreOffice's layout time linear.
    """
    size = WUHAO
    document = _new_document(landscape=True, table_size=size, protect=False)
    _heading(document, with_filled_by=False)
    _paragraph(document, "{%p if illustrative %}", FILLED_BY)
    _paragraph(document, "（{{ illustrative }}）", FILLED_BY)
    _paragraph(document, "{%p endif %}", FILLED_BY)
    _paragraph(document, "{%p if not institutions %}", CELL)
    _paragraph(document, "培训院校及专业尚未公布。", CELL)
    _paragraph(document, "{%p endif %}", CELL)
    _paragraph(document, "{%p for institution in institutions %}", CELL)
    columns = spec.per_row
    total = sum(c.width for c in columns)
    widths = [_text_width_mm(document) * c.width / total for c in columns]
    table = _table(document, widths)
    head = _row(table, header=True)
    cell = _span(head, 0, len(columns))
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    name = paragraph.add_run('{{ institution["number"] }}．{{ institution["name"] }}')
    name.bold = True
    for column in spec.institution_wide:
        value = f'institution["info"]["{column.field}"]'
        paragraph.add_run(f"{{% if {value} %}}　{column.header}：{{{{ {value} }}}}{{% endif %}}")
    headings = _row(table, header=True)
    for cell, column, width in zip(headings.cells, columns, widths):
        _label(cell, column.header, width, size)
    _loop_row(table, '{%tr for row in institution["rows"] %}')
    row = _row(table, height=Mm(6))
    for cell, column in zip(row.cells, columns):
        cell.paragraphs[0].add_run(f'{{{{ row["{column.field}"] }}}}')
    _loop_row(table, "{%tr endfor %}")
    _spacer(document)
    _paragraph(document, "{%p endfor %}", CELL)
    return document


def _finish(document) -> bytes:
    """Neutral metadata (no build date or tool name leaks into the forms), only the styles used.

    The core properties are written by wordfile, not python-docx: once docxcompose has been
    imported (`build.py` imports it), python-docx would put them in the custom-properties namespace.
    """
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(rel.rId)
    _prune(document)
    buffer = io.BytesIO()
    document.save(buffer)
    core = core_properties_xml(Properties(title="", author="", date=TEMPLATE_DATE))
    with zipfile.ZipFile(buffer) as saved:
        parts = [(info.filename, core if info.filename == CORE_PART else saved.read(info)) for info in saved.infolist()]
    return pinned_zip(parts, (TEMPLATE_DATE.year, TEMPLATE_DATE.month, TEMPLATE_DATE.day, 0, 0, 0))


# python-docx's default template carries some 170 styles and Word 2010's copy of them: a third of a
# megabyte per form that every copy would compress again. Only what the forms use is kept.
_UNUSED_PARTS = ("stylesWithEffects", "customXml", "numbering")
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "PlaceholderText"}


def _prune(document) -> None:
    for rel in list(document.part.rels.values()):
        if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
            document.part.drop_rel(rel.rId)
    body = document.element.body
    used = _KEPT_STYLES | {element.get(qn("w:val")) for element in body.iter(qn("w:pStyle"), qn("w:rStyle"))}
    styles = document.styles.element
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    pending = list(used)
    while pending:  # keep what the used styles are based on or linked to
        style = by_id.get(pending.pop())
        for reference in ("w:basedOn", "w:link", "w:next"):
            element = style.find(qn(reference)) if style is not None else None
            if element is not None and element.get(qn("w:val")) not in used:
                used.add(element.get(qn("w:val")))
                pending.append(element.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in used:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)


def template_bytes(forms: FormSet, name: str) -> bytes:
    """The Word template of form `name` (`catalog` for 附件1), as declared."""
    if name == "catalog":
        return _finish(catalog_form(forms.catalog))
    form = forms.kind(name)
    assert form is not None, name
    return _finish(list_form(form) if form.list_form else single_form(form))


def write_templates(forms: FormSet, names: list[str] | None = None) -> list[Path]:
    """Write the templates of `names` (every declared form when None) beside forms.yml."""
    written = []
    for name in names or ["catalog", *(f.kind for f in forms.forms)]:
        path = forms.template_path(name)
        path.write_bytes(template_bytes(forms, name))
        written.append(path)
    return written
