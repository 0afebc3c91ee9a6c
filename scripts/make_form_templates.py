#!/usr/bin/env python3
"""Generate the Word templates `templates/forms/annex1.docx` … `annex4.docx` (run once).

The committed `.docx` files are what the build reads: a clerk may change them in Word or WPS
afterwards, and should not run this script again unless the layout is to be redone. Controls are
built with lxml because python-docx has no content-control API.

    python scripts/make_form_templates.py [--out templates/forms]
"""

from __future__ import annotations

import argparse
import io
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice.forms import FONT_FALLBACKS, LEVELS, RESULTS, SEXES, TRAINING_MODES, YES_NO  # noqa: E402
from hrnotice.output import repacked  # noqa: E402
from hrnotice.wordfile import CHECKBOX_FONT, CHECKED_MARK, DATE_FORMATS, NAMESPACES  # noqa: E402

# Font names as GB/T 9704 offices know them.
FANGSONG, HEITI, XIAOBIAOSONG = "仿宋_GB2312", "黑体", "方正小标宋简体"
# Sizes (half-points are what Word stores): 二号 22, 三号 16, 小四 12, 五号 10.5, 小五 9.
ERHAO, SANHAO, XIAOSI, WUHAO, XIAOWU = Pt(22), Pt(16), Pt(12), Pt(10.5), Pt(9)

A4_SHORT, A4_LONG = 11906, 16838  # twips
MM = 56.7  # twips per millimetre
CELL_MARGIN = 57  # 1 mm left and right inside table cells, so prompts fit narrow columns
ROW_HEIGHT = 454  # 8 mm: room to write by hand on the printed form
W14 = NAMESPACES["w14"]


# --- Content controls --------------------------------------------------------------------------

class Controls:
    """Builds content controls; ids are provisional (the renderer renumbers them)."""

    def __init__(self) -> None:
        self.next_id = 1

    def _sdt(self, tag: str, alias: str, prompt: str, kind: list, font_size: Pt) -> tuple:
        sdt = OxmlElement("w:sdt")
        pr = OxmlElement("w:sdtPr")
        sdt.append(pr)
        for name, value in (("w:alias", alias), ("w:tag", tag), ("w:id", str(self.next_id))):
            element = OxmlElement(name)
            element.set(qn("w:val"), value)
            pr.append(element)
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
            style = OxmlElement("w:rStyle")
            style.set(qn("w:val"), "PlaceholderText")
            run_pr.append(style)
        _set_size(run_pr, font_size)
        text = OxmlElement("w:t")
        text.text = prompt
        run.append(text)
        return sdt, run, run_pr

    def text(self, tag: str, alias: str, size: Pt, prompt: str = "") -> object:
        """A rich-text control (plain `w:text` ones are mangled by LibreOffice 7.4)."""
        return self._sdt(tag, alias, prompt or f"点击输入{alias}", [], size)[0]

    def drop_down(self, tag: str, alias: str, choices: tuple[str, ...], size: Pt, prompt: str = "") -> object:
        """A drop-down list of fixed choices."""
        listing = OxmlElement("w:dropDownList")
        for choice in choices:
            item = OxmlElement("w:listItem")
            item.set(qn("w:displayText"), choice)
            item.set(qn("w:value"), choice)
            listing.append(item)
        return self._sdt(tag, alias, prompt or f"点击选择{alias}", [listing], size)[0]

    def date(self, tag: str, alias: str, size: Pt, date_format: str = DATE_FORMATS["day"]) -> object:
        """A date picker showing Chinese dates."""
        picker = parse_xml(
            f'<w:date xmlns:w="{NAMESPACES["w"]}"><w:dateFormat w:val="{date_format}"/><w:lid w:val="zh-CN"/>'
            '<w:storeMappedDataAs w:val="dateTime"/><w:calendar w:val="gregorian"/></w:date>'
        )
        prompt = "点击选择日期" if "d" in date_format else "点击选择年月"
        return self._sdt(tag, alias, prompt, [picker], size)[0]

    def check_box(self, tag: str, alias: str, size: Pt) -> object:
        """A check box, unchecked."""
        box = parse_xml(
            f'<w14:checkbox xmlns:w14="{W14}"><w14:checked w14:val="0"/>'
            f'<w14:checkedState w14:val="{ord(CHECKED_MARK[True]):04X}" w14:font="{CHECKBOX_FONT}"/>'
            f'<w14:uncheckedState w14:val="{ord(CHECKED_MARK[False]):04X}" w14:font="{CHECKBOX_FONT}"/>'
            "</w14:checkbox>"
        )
        sdt, run, run_pr = self._sdt(tag, alias, "", [box], size)
        fonts = OxmlElement("w:rFonts")
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia"):
            fonts.set(qn(attribute), CHECKBOX_FONT)
        run_pr.insert(0, fonts)
        sdt.find(qn("w:sdtContent")).find(qn("w:r")).find(qn("w:t")).text = CHECKED_MARK[False]
        return sdt


# --- Formatting helpers ------------------------------------------------------------------------

def _set_size(run_pr, size: Pt) -> None:
    for name in ("w:sz", "w:szCs"):
        element = OxmlElement(name)
        element.set(qn("w:val"), str(int(size.pt * 2)))
        run_pr.append(element)


def _set_fonts(element_with_rpr, font: str) -> None:
    """All four font slots, East Asian included (python-docx's `font.name` leaves `w:eastAsia` out)."""
    run_pr = element_with_rpr.get_or_add_rPr()
    fonts = run_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_pr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):  # theme fonts override named ones
            del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font)


def _paragraph_style(document, style_id: str, name: str, font: str, size: Pt, *, bold: bool = False,
                     align: WD_ALIGN_PARAGRAPH | None = None, space_after: Pt = Pt(0)):
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
    return style


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
    _paragraph_style(document, "AnnexLabel", "附件标签", HEITI, SANHAO)
    _paragraph_style(document, "FormTitle", "表格标题", XIAOBIAOSONG, ERHAO, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=Pt(6))
    _paragraph_style(document, "FilledBy", "填报说明", FANGSONG, XIAOSI, align=WD_ALIGN_PARAGRAPH.CENTER,
                     space_after=Pt(6))
    _paragraph_style(document, "TableText", "表格文字", FANGSONG, table_size, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "TableHeading", "表头文字", FANGSONG, table_size, bold=True,
                     align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(document, "FormLine", "表头表尾", FANGSONG, XIAOSI)
    placeholder = document.styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    placeholder.element.set(qn("w:styleId"), "PlaceholderText")
    placeholder.font.color.rgb = docx.shared.RGBColor(0x80, 0x80, 0x80)


def _setup_fonts_table(document) -> None:
    """Declare the Chinese fonts with Word's own fallback (`w:altName`) for machines without them."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    w = NAMESPACES["w"]
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{fallbacks[0]}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name == HEITI else "roman"}"/><w:pitch w:val="variable"/></w:font>'
        for name, fallbacks in FONT_FALLBACKS.items()
    )
    symbol = f'<w:font w:name="{CHECKBOX_FONT}"><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    part._blob = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<w:fonts xmlns:w="{w}">{entries}{symbol}</w:fonts>').encode("utf-8")


def _setup_settings(document) -> None:
    """Editing restricted to the fields: "filling in forms", no password; Chinese theme fonts."""
    settings = document.settings.element
    protection = OxmlElement("w:documentProtection")
    protection.set(qn("w:edit"), "forms")
    protection.set(qn("w:enforcement"), "1")
    # Schema order: documentProtection comes right after the view/zoom/proof settings.
    anchor = settings.find(qn("w:defaultTabStop"))
    anchor.addprevious(protection)
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
        section.page_width, section.page_height = Twips(A4_LONG), Twips(A4_SHORT)
        section.top_margin, section.bottom_margin = Twips(round(25 * MM)), Twips(round(20 * MM))
        section.left_margin = section.right_margin = Twips(round(20 * MM))
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Twips(A4_SHORT), Twips(A4_LONG)
        # GB/T 9704-2012: top 37 mm, left 28 mm, text area 156 × 225 mm.
        section.top_margin, section.bottom_margin = Twips(round(37 * MM)), Twips(round(35 * MM))
        section.left_margin, section.right_margin = Twips(round(28 * MM)), Twips(round(26 * MM))
    section.header_distance = section.footer_distance = Twips(round(15 * MM))


def text_width(document) -> int:
    section = document.sections[0]
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def _new_document(landscape: bool, table_size: Pt):
    document = docx.Document()
    _setup_page(document, landscape)
    _setup_styles(document, table_size)
    _setup_fonts_table(document)
    _setup_settings(document)
    body = document.element.body
    for paragraph in body.findall(qn("w:p")):
        body.remove(paragraph)
    return document


def _paragraph(container, text: str, style: str, font: str | None = None):
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if font:
            _set_fonts(run._element, font)
    return paragraph


def _heading(document, with_filled_by: bool) -> None:
    """`附件N` top left in 黑体 三号, the title centred in 小标宋 二号, then who fills it in."""
    _paragraph(document, "{{ annex_label }}", "附件标签", HEITI)
    _paragraph(document, "{{ year }}年度{{ title }}", "表格标题", XIAOBIAOSONG)
    if with_filled_by:
        _paragraph(document, "（{{ filled_by }}）", "填报说明", FANGSONG)


# --- Tables ------------------------------------------------------------------------------------

def _table(document, widths: list[int], *, borders: bool = True):
    table = document.add_table(rows=0, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.find(qn("w:tblW")).set(qn("w:w"), str(sum(widths)))
    tbl_pr.find(qn("w:tblW")).set(qn("w:type"), "dxa")
    layout = tbl_pr.find(qn("w:tblLayout"))  # set by `autofit = False`
    w = NAMESPACES["w"]
    if borders:
        edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
        layout.addprevious(parse_xml(f'<w:tblBorders xmlns:w="{w}">{edges}</w:tblBorders>'))
    layout.addnext(parse_xml(
        f'<w:tblCellMar xmlns:w="{w}"><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
    ))
    for column, twips in zip(table.columns, widths):
        column.width = Twips(twips)
    table._widths = widths
    return table


def _row(table, *, header: bool = False, height: int = ROW_HEIGHT, exact: bool = False):
    """A row that never splits across pages; header rows repeat on every page."""
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    row_height = OxmlElement("w:trHeight")
    row_height.set(qn("w:val"), str(height))
    row_height.set(qn("w:hRule"), "exact" if exact else "atLeast")
    tr_pr.append(row_height)
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
    for cell, twips in zip(row.cells, table._widths):
        cell.width = Twips(twips)
        cell.vertical_alignment = docx.enum.table.WD_CELL_VERTICAL_ALIGNMENT.CENTER
        cell.paragraphs[0].style = "表格文字"
    return row


def _control_cell(cell, control, style: str = "表格文字") -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    paragraph._p.append(control)


def _loop_row(table, tag: str) -> None:
    """A docxtpl `{%tr … %}` row: removed at render time, it opens or closes a row loop."""
    row = table.add_row()
    row.cells[0].paragraphs[0].add_run(tag)


@dataclass(frozen=True)
class Column:
    """One column of a list form: heading, width, and the control in its blank rows."""

    heading: str
    width: int
    tag: str = ""
    kind: str = "text"
    prompt: str = ""
    choices: tuple[str, ...] = ()


def _list_table(document, controls: Controls, columns: list[Column]) -> None:
    size = XIAOWU
    table = _table(document, [c.width for c in columns])
    heading = _row(table, header=True)
    for cell, column in zip(heading.cells, columns):
        cell.paragraphs[0].style = "表头文字"
        cell.paragraphs[0].add_run(column.heading)
    _loop_row(table, "{%tr for row in row_numbers %}")
    row = _row(table)
    for cell, column in zip(row.cells, columns):
        if not column.tag:
            cell.paragraphs[0].add_run("{{ row }}")
            continue
        tag = f"{column.tag}_{{{{ row }}}}"
        if column.kind == "drop_down":
            control = controls.drop_down(tag, column.heading, column.choices, size, column.prompt)
        else:
            control = controls.text(tag, column.heading, size, column.prompt)
        _control_cell(cell, control)
    _loop_row(table, "{%tr endfor %}")


def _fill(paragraph, content) -> None:
    """Put text, a control, or a list of both into a paragraph."""
    for part in content if isinstance(content, list) else [content]:
        if isinstance(part, str):
            if part:
                paragraph.add_run(part)
        else:
            paragraph._p.append(part)


def _labelled_line(document, items: list[tuple[str, object]], widths: list[int]) -> None:
    """A borderless row of `label：[control]` pairs, for a form's head and foot."""
    table = _table(document, widths, borders=False)
    row = _row(table)
    cells = iter(row.cells)
    for label, content in items:
        label_cell, value_cell = next(cells), next(cells)
        label_cell.paragraphs[0].style = value_cell.paragraphs[0].style = "表头表尾"
        label_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _fill(label_cell.paragraphs[0], f"{label}：" if label else "")
        _fill(value_cell.paragraphs[0], content)


def _list_form_head(document, controls: Controls) -> None:
    """Head of 附件2 and 附件4: institution, specialty, class, dates, mode."""
    size = XIAOSI
    label = 1500
    value = (text_width(document) - 3 * label) // 3
    _labelled_line(document, [
        ("培训院校", controls.text("institution", "培训院校", size)),
        ("培训专业", controls.drop_down("specialty", "培训专业", (), size)),
        ("班次", controls.text("class_name", "班次", size)),
    ], [label, value] * 3)
    _labelled_line(document, [
        ("培训起止日期", [controls.date("class_start", "培训开始日期", size), "至",
                       controls.date("class_end", "培训结束日期", size)]),
        ("培训方式", controls.drop_down("mode", "班次培训方式", TRAINING_MODES, size, "点击选择培训方式")),
        ("", ""),
    ], [label, value] * 3)


def _list_form_foot(document, controls: Controls) -> None:
    size = XIAOSI
    label = 1300
    value = (text_width(document) - 4 * label) // 4
    _labelled_line(document, [
        ("填报人", controls.text("reporter", "填报人", size)),
        ("联系电话", controls.text("reporter_phone", "填报人电话", size, "点击输入联系电话")),
        ("填报日期", controls.date("report_date", "填报日期", size)),
        ("院校盖章", ""),
    ], [label, value] * 4)


def make_annex2() -> object:
    """附件2 学员录取表: head, one row per trainee, foot."""
    document = _new_document(landscape=True, table_size=XIAOWU)
    controls = Controls()
    _heading(document, with_filled_by=True)
    _list_form_head(document, controls)
    columns = [
        Column("序号", 500),
        Column("姓名", 1200, "name"),
        Column("性别", 850, "sex", "drop_down", "选择性别", SEXES),
        Column("身份证号码", 1900, "id_number", prompt="点击输入身份证号码"),
        Column("工作单位", 2000, "employer"),
        Column("专业技术职务", 1400, "title", prompt="点击输入职务"),
        Column("任职资格级别", 1300, "level", "drop_down", "选择级别", LEVELS),
        Column("培训方式", 2000, "mode", "drop_down", "选择培训方式", TRAINING_MODES),
        Column("联系电话", 1500, "phone", prompt="点击输入电话"),
    ]
    columns.append(Column("备注", text_width(document) - sum(c.width for c in columns), "note"))
    _list_table(document, controls, columns)
    _list_form_foot(document, controls)
    return document


def make_annex4() -> object:
    """附件4 学员结业表: head as in 附件2, one row per trainee with hours and results."""
    document = _new_document(landscape=True, table_size=XIAOWU)
    controls = Controls()
    _heading(document, with_filled_by=True)
    _list_form_head(document, controls)
    columns = [
        Column("序号", 500),
        Column("姓名", 1200, "name"),
        Column("性别", 850, "sex", "drop_down", "选择性别", SEXES),
        Column("身份证号码", 1750, "id_number", prompt="点击输入身份证号码"),
        Column("工作单位", 1500, "employer", prompt="点击输入单位"),
        Column("任职资格级别", 1200, "level", "drop_down", "选择级别", LEVELS),
        Column("网络函授学时", 900, "online_hours", prompt="输入学时"),
        Column("网上面授学时", 900, "live_hours", prompt="输入学时"),
        Column("公需科目成绩", 900, "public_result", "drop_down", "选择成绩", RESULTS),
        Column("专业科目成绩", 900, "professional_result", "drop_down", "选择成绩", RESULTS),
        Column("是否结业", 900, "completed", "drop_down", "选择结业", YES_NO),
        Column("证书编号", 1300, "certificate", prompt="输入证书编号"),
    ]
    columns.append(Column("备注", text_width(document) - sum(c.width for c in columns), "note"))
    _list_table(document, controls, columns)
    _list_form_foot(document, controls)
    return document


def make_annex3() -> object:
    """附件3 学员登记表: one trainee per form, with a photo box."""
    document = _new_document(landscape=False, table_size=WUHAO)
    controls = Controls()
    size = WUHAO
    _heading(document, with_filled_by=True)
    width = text_width(document)
    label, photo = 1500, 1800
    value_a = 2150
    value_b = width - 2 * label - value_a - photo
    table = _table(document, [label, value_a, label, value_b, photo])

    def line(*cells: tuple[str | None, object, int]) -> object:
        """A row: each cell is (label or None, control or text, columns spanned)."""
        row = _row(table, height=600)
        position = 0
        for heading, content, span in cells:
            cell = row.cells[position]
            if span > 1:
                cell = cell.merge(row.cells[position + span - 1])
            paragraph = cell.paragraphs[0]
            if heading is not None:
                paragraph.style = "表头文字"
                paragraph.add_run(heading)
            elif isinstance(content, str):
                _fill(paragraph, content)
            else:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                _fill(paragraph, content)
            position += span
        return row

    def labelled(heading: str, control, span: int = 1) -> list:
        return [(heading, None, 1), (None, control, span)]

    rows = [
        line(*labelled("姓名", controls.text("name", "姓名", size)),
             *labelled("性别", controls.drop_down("sex", "性别", SEXES, size)), (None, "照片", 1)),
        line(*labelled("出生年月", controls.date("birth_month", "出生年月", size, DATE_FORMATS["month"])),
             *labelled("学历", controls.text("education", "学历", size)), (None, "", 1)),
        line(*labelled("身份证号码", controls.text("id_number", "身份证号码", size), 3), (None, "", 1)),
        line(*labelled("毕业院校及专业", controls.text("graduated_from", "毕业院校及专业", size), 3),
             (None, "", 1)),
    ]
    # The photo box: 1-inch photo (25 × 35 mm) in the right column, merged over the first rows.
    photo_cell = rows[0].cells[4].merge(rows[-1].cells[4])
    photo_cell.paragraphs[0].style = "表格文字"
    for paragraph in photo_cell.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    photo_cell.paragraphs[0].runs[0].text = "照片\n（一寸免冠）"

    line(*labelled("工作单位", controls.text("employer", "工作单位", size), 3))
    line(*labelled("现从事专业", controls.text("current_specialty", "现从事专业", size)),
         *labelled("专业技术职务", controls.text("title", "专业技术职务", size, "点击输入职务")))
    line(*labelled("任职资格级别", controls.drop_down("level", "任职资格级别", LEVELS, size, "点击选择级别")),
         *labelled("取得资格时间", controls.date("qualified_month", "取得资格时间", size, DATE_FORMATS["month"])))
    line(*labelled("培训院校", controls.text("institution", "培训院校", size), 3))
    line(*labelled("培训专业", controls.drop_down("specialty", "培训专业", (), size)),
         *labelled("联系电话", controls.text("phone", "联系电话", size)))
    line(("报名科目", None, 1), (None, [
        controls.check_box("subject_public", "报名公需科目", size), "公需科目　　",
        controls.check_box("subject_professional", "报名专业科目", size), "专业科目",
    ], 3))
    line(("本周期是否已缴费", None, 1), (None, [
        controls.check_box("fee_paid", "本周期已缴费", size), "已缴费　缴费年度：",
        controls.text("fee_paid_year", "缴费年度", size, "点击输入年份"),
    ], 3))
    line(*labelled("学员签字", controls.text("trainee_signature", "学员签字", size, "点击输入或手写签字")),
         *labelled("日期", controls.date("trainee_date", "学员签字日期", size)))
    review = line(("培训院校审核意见", None, 1), (None, controls.text("review", "培训院校审核意见", size), 3))
    cell = review.cells[1]
    seal = cell.add_paragraph(style="表格文字")
    seal.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    seal.paragraph_format.space_before = Pt(24)
    seal.add_run("（盖章）　　日期：")
    seal._p.append(controls.date("review_date", "审核日期", size))
    review._tr.trPr.find(qn("w:trHeight")).set(qn("w:val"), str(round(40 * MM)))
    return document


def make_annex1() -> object:
    """附件1 培训院校及专业目录: informational, one row per specialty, grouped by institution."""
    document = _new_document(landscape=True, table_size=WUHAO)
    _heading(document, with_filled_by=False)
    width = text_width(document)
    widths = [700, 3000, 1200, 1700, 2600, 0, 1700, 1200]
    widths[5] = width - sum(widths)
    headings = ["序号", "培训院校", "所在地", "专业科目", "培训专业", "报名网址", "联系电话", "联系人"]
    table = _table(document, widths)
    heading = _row(table, header=True)
    for cell, text in zip(heading.cells, headings):
        cell.paragraphs[0].style = "表头文字"
        cell.paragraphs[0].add_run(text)
    _loop_row(table, "{%tr for institution in institutions %}")
    _loop_row(table, "{%tr for row in institution.rows %}")
    row = _row(table)
    fields = ["{% vm %}{{ institution.number }}", "{% vm %}{{ institution.name }}", "{% vm %}{{ institution.city }}",
              "{{ row.subject_group }}", "{{ row.specialty }}{% if row.note %}（{{ row.note }}）{% endif %}",
              "{% vm %}{{ institution.registration_url }}", "{% vm %}{{ institution.phone }}",
              "{% vm %}{{ institution.contact }}"]
    for cell, text in zip(row.cells, fields):
        cell.paragraphs[0].add_run(text)
    _loop_row(table, "{%tr endfor %}")
    _loop_row(table, "{%tr endfor %}")
    return document


def _finish(document) -> None:
    """Template metadata: neutral, so that no build date or tool name leaks into the forms."""
    props = document.core_properties
    props.author = props.last_modified_by = ""
    props.title = props.subject = props.keywords = props.comments = props.category = ""
    props.revision = 1
    props.created = props.modified = datetime(2012, 1, 1, tzinfo=timezone.utc)
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            package.rels.pop(rel.rId)
    _prune(document)


# python-docx's default template carries some 170 styles and Word 2010's copy of them: a third of a
# megabyte per form that every copy would compress again. Only what the forms use is kept.
_UNUSED_PARTS = ("stylesWithEffects", "customXml", "numbering")
_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}


def _prune(document) -> None:
    for rel in list(document.part.rels.values()):
        if rel.reltype.rsplit("/", 1)[-1] in _UNUSED_PARTS:
            document.part.drop_rel(rel.rId)
    body = document.element.body
    used = _KEPT_STYLES | {element.get(qn("w:val")) for element in body.iter(qn("w:pStyle"), qn("w:rStyle"))}
    used.add("PlaceholderText")
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


MAKERS = {1: make_annex1, 2: make_annex2, 3: make_annex3, 4: make_annex4}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "templates" / "forms")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for number, make in MAKERS.items():
        document = make()
        _finish(document)
        path = args.out / f"annex{number}.docx"
        buffer = io.BytesIO()
        document.save(buffer)
        path.write_bytes(repacked(buffer.getvalue(), (2012, 1, 1, 0, 0, 0)))
        print(path)


if __name__ == "__main__":
    main()
