"""The notice as an official document laid out by GB/T 9704: a Word file, and a PDF made from it.

The Word file is written with python-docx from the same facts and body as the web page; the PDF is
LibreOffice's rendering of it, with the standard's font names mapped to free CJK fonts
(`templates/fonts/fonts.conf`).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Literal, Mapping

import markdown
from docxcompose.composer import Composer
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Length, Mm, Pt, Twips
from docx.section import Section
from docx.text.paragraph import Paragraph
from lxml import etree, html

from .cache import BuildCache, canonical, code_fingerprint, digest
from .findings import DataError, Finding
from .formatting import cn_date, numerals_in_force, signature_date
from .load import Edition
from .model import Notice
from .output import Download
from .wordfile import Properties, WordDocument, set_child
from .textlayout import balanced_lines, units
from .yamlfile import control_character


# The fonts GB/T 9704 names; the PDF gets free stand-ins through templates/fonts/fonts.conf.
FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
SIZE_2, SIZE_3, SIZE_4 = Pt(22), Pt(16), Pt(14)  # 二号, 三号, 四号
ISSUER_MARK_SIZE = Pt(26)
RED = "FF0000"

# GB/T 9704-2012 5.2: A4, top margin 37 mm, left 28 mm, a text area of 156 × 225 mm.
PAGE_WIDTH, PAGE_HEIGHT = Twips(11906), Twips(16838)
TOP, LEFT, TEXT_WIDTH, TEXT_HEIGHT = Mm(37), Mm(28), Mm(156), Mm(225)
# 22 lines of 28 characters. 225 mm / 22 lines, in whole twips as Word's line grid stores it (28.95 pt).
LINE_PITCH = Twips(579)
# 28 characters of 三号 (16 pt) fill 156 mm only if each gives up 0.25 pt. Word's own character
# grid (docGrid linesAndChars) would do this, but LibreOffice gives every character two cells of
# such a grid, so the characters are condensed instead and the grid holds lines only.
CONDENSED = -5  # twentieths of a point
CHAR = Pt(15.75)
# Page numbers: 7 mm under the text area (GB/T 9704-2012 7.5); the footer's distance from the
# bottom edge is measured so that the number's top lands there.
FOOTER_DISTANCE = Mm(22)
# 信函格式: the issuer's name 30 mm from the top edge, red rules 170 mm long.
LETTER_HEADER_DISTANCE = Mm(30.8)  # measured: puts the name's top edge at 30 mm
LETTER_RULE_OVERHANG = Mm(7)
# 文件格式: the issuer's mark 35 mm under the top of the text area.
FILE_MARK_SPACE = Mm(35.6)  # the mark's glyphs stand 0.6 mm above its line (measured)

SITE_FOLDER = "notice"  # in the site, beside the notice page (notice.md → /notice/)
DOCX_NAME = "notice-{year}.docx"

Kind = Literal["paragraph", "heading1", "heading2", "item", "annex_list"]


def chars(count: float, width: Length = CHAR) -> Length:
    """`count` characters of `width` (the body's condensed 三号 unless told)."""
    return Emu(round(width * count))


@dataclass(frozen=True)
class Block:
    """One paragraph of the body and the level GB/T 9704 gives it."""

    kind: Kind
    text: str


_HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")
_ITEM = re.compile(r"^(\d+[、.．]|（\d+）)")
# A second-level paragraph whose first phrase is short and ends in `：` or `。` has a run-in
# heading (（一）培训对象：); in others only the number is the heading.
_RUN_IN = re.compile(r"^（[一二三四五六七八九十]+）[^。：；，“”]{1,15}[。：]")


def body_blocks(edition: Edition) -> list[Block]:
    """The body, as the web page shows it, in paragraphs tagged with their heading level."""
    page = markdown.markdown(edition.body, extensions=["md_in_html", "attr_list"])
    root = html.fragment_fromstring(page, create_parent="div")
    blocks: list[Block] = []
    for element in root.iter("h1", "h2", "h3", "h4", "p", "li"):
        if element.xpath("ancestor::p | ancestor::li"):
            continue
        text = re.sub(r"\s*\n\s*", "", _text(element)).strip()
        if not text:
            continue
        if element.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' annex-list ')]"):
            blocks.append(Block("annex_list", text))
        elif element.tag == "h2":
            blocks.append(Block("heading1", text))
        elif element.tag in ("h3", "h4") or _HEADING2.match(text):
            blocks.append(Block("heading2", text))
        elif _ITEM.match(text):
            blocks.append(Block("item", text))
        else:
            blocks.append(Block("paragraph", text))
    return blocks


def _text(element: html.HtmlElement) -> str:
    """An element's text, scripts and styles left out."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("script", "style") and isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ---------------------------------------------------------------- Word primitives


def _fonts(rpr: etree._Element, font: str) -> None:
    set_child(rpr, "w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)


def _run(paragraph: Paragraph, text: str, font: str | None = None) -> None:
    """A run of `text`, in `font` where it differs from the paragraph style's."""
    run = paragraph.add_run(text)
    if font:
        _fonts(run._r.get_or_add_rPr(), font)


@dataclass(frozen=True)
class _Style:
    font: str
    size: Length
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_line: Length = Twips(0)
    color: str | None = None
    condensed: bool = True
    line: Length | None = LINE_PITCH  # exact line height; None for single spacing
    snap: bool = True  # to the text area's line grid; larger type would take two lines of it
    keep_with_next: bool = False


# Paragraph styles by name (Word shows these names), so whoever edits the file keeps the layout.
STYLES: dict[str, _Style] = {
    "公文正文": _Style(FANGSONG, SIZE_3, first_line=chars(2)),
    "公文一级标题": _Style(HEITI, SIZE_3, first_line=chars(2), keep_with_next=True),
    "公文标题": _Style(XIAOBIAOSONG, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, condensed=False, snap=False),
    "主送机关": _Style(FANGSONG, SIZE_3),
    "发文字号": _Style(FANGSONG, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT),
    "发文机关标志": _Style(XIAOBIAOSONG, ISSUER_MARK_SIZE, WD_ALIGN_PARAGRAPH.CENTER, color=RED,
                     condensed=False, line=ISSUER_MARK_SIZE, snap=False),
    "落款": _Style(FANGSONG, SIZE_3, WD_ALIGN_PARAGRAPH.RIGHT),
    "附件标记": _Style(HEITI, SIZE_3, WD_ALIGN_PARAGRAPH.LEFT, keep_with_next=True),
    "附件标题": _Style(XIAOBIAOSONG, SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, condensed=False, snap=False,
                   keep_with_next=True),
    "页码": _Style(SONGTI, SIZE_4, WD_ALIGN_PARAGRAPH.RIGHT, condensed=False, line=None, snap=False),
    "版记": _Style(FANGSONG, SIZE_4, WD_ALIGN_PARAGRAPH.LEFT, condensed=False, snap=False),
}


def _drop_template_styles(document: DocxDocument) -> None:
    """python-docx's template brings some 160 styles the notice never uses; all but the defaults
    (Normal and the default character, table and list styles) are dropped. Word still offers its
    own; and docxcompose, which lists every style of the document for each block it appends,
    composes the forms several times faster (seconds for a catalog of 5,000 rows)."""
    styles = document.styles.element
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:default")) != "1":
            styles.remove(style)


def _add_styles(document: DocxDocument) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    # Latin text stays en-US: as zh-CN, LibreOffice breaks lines inside numbers (2010-202|0).
    set_child(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")), "w:lang",
         val="en-US", eastAsia="zh-CN", bidi="ar-SA")
    for name, spec in STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = None
        style.quick_style = True
        font = style.font
        font.size = spec.size
        rpr = style.element.get_or_add_rPr()
        _fonts(rpr, spec.font)
        set_child(rpr, "w:szCs", val=str(int(spec.size.pt * 2)))
        if spec.color:
            set_child(rpr, "w:color", val=spec.color)
        if spec.condensed:
            set_child(rpr, "w:spacing", val=str(CONDENSED))
        paragraph = style.paragraph_format
        paragraph.alignment = spec.align
        paragraph.space_before = paragraph.space_after = Pt(0)
        paragraph.first_line_indent = spec.first_line
        paragraph.widow_control = False  # 22 lines on every page, never fewer
        paragraph.keep_with_next = spec.keep_with_next
        ppr = style.element.get_or_add_pPr()
        if spec.line is None:
            paragraph.line_spacing = 1.0
        else:
            paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            paragraph.line_spacing = spec.line
        if not spec.snap:
            set_child(ppr, "w:snapToGrid", val="0")
        set_child(ppr, "w:overflowPunct", val="0")  # punctuation stays inside the text area


def _paragraph(container, style: str, text: str = "", **formats) -> Paragraph:
    """A paragraph of `style` holding `text` in one run."""
    paragraph = container.add_paragraph(style=style)
    if text:
        _run(paragraph, text)
    fmt = paragraph.paragraph_format
    for name, value in formats.items():
        setattr(fmt, name, value)
    return paragraph


def _border(paragraph: Paragraph, side: str, kind: str, eighths: int, space_pt: int = 0,
            color: str = RED) -> None:
    borders = set_child(paragraph._p.get_or_add_pPr(), "w:pBdr")
    set_child(borders, f"w:{side}", val=kind, sz=str(eighths), space=str(space_pt), color=color)


def _exact_height(paragraph: Paragraph, height: Length) -> None:
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = height


def _page_number(paragraph: Paragraph) -> None:
    """`— N —`: a PAGE field between two 一字线."""
    _run(paragraph, "— ")
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="begin")
    instruction = set_child(paragraph.add_run()._r, "w:instrText")
    instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instruction.text = " PAGE "
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="separate")
    _run(paragraph, "1")
    set_child(paragraph.add_run()._r, "w:fldChar", fldCharType="end")
    _run(paragraph, " —")


# ---------------------------------------------------------------- the document


def official_document(edition: Edition, forms: Mapping[int, bytes]) -> bytes:
    """The notice as a GB/T 9704 Word file, with the blank forms (`.docx` bytes by annex number) as
    its annexes, still fillable; same data, same bytes."""
    return _official(edition, forms).to_bytes()


def _official(edition: Edition, forms: Mapping[int, bytes], title: list[str] | None = None,
              pages: Mapping[int, int] | None = None) -> WordDocument:
    """The notice as a GB/T 9704 Word file, with the blank forms (`.docx` bytes by annex number) as
    its annexes; same data, same bytes. `title`: the title's lines, if already broken. `pages`:
    the frame of the PDF instead (each form's number of pages left empty, see `official_frame`)."""
    notice = edition.notice
    document = Document()
    _drop_template_styles(document)
    _add_styles(document)
    section = document.sections[0]
    _page_setup(section)
    document.settings.odd_and_even_pages_header_footer = True
    _page_numbers(section, first_page=notice.document_kind != "函")

    if notice.document_kind == "函":
        _letter_head(document, notice)
    else:
        _file_head(document, notice)
    _title(document, title or title_lines(notice.title))
    _paragraph(document, "公文正文")
    _paragraph(document, "主送机关", f"{notice.addressees}：")
    blocks = body_blocks(edition)
    _reject_unsavable(edition, blocks)
    first_annex = next((b for b in blocks if b.kind == "annex_list"), None)
    for block in blocks:
        _body_block(document, block, first_annex=block is first_annex)
    _closing(document, notice)
    _annexes(document, edition, forms, pages)
    _imprint(document, notice)
    return _saved(document, notice)


def _page_setup(section: Section, grid: bool = True) -> None:
    """A4 portrait with GB/T 9704's margins; `grid`: the body's 22-line grid."""
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.left_margin = TOP, LEFT
    section.right_margin = PAGE_WIDTH - LEFT - TEXT_WIDTH
    section.bottom_margin = PAGE_HEIGHT - TOP - TEXT_HEIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = LETTER_HEADER_DISTANCE
    old = section._sectPr.find(qn("w:docGrid"))
    if old is not None:
        section._sectPr.remove(old)
    if grid:
        set_child(section._sectPr, "w:docGrid", type="lines", linePitch=str(LINE_PITCH.twips))


def _page_numbers(section, first_page: bool) -> None:
    """Odd pages' numbers on the right, even pages' on the left, each one character in."""
    odd = section.footer.paragraphs[0]
    odd.style = "页码"
    odd.paragraph_format.right_indent = SIZE_4
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.style = "页码"
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = SIZE_4
    _page_number(even)
    section.different_first_page_header_footer = not first_page


def _letter_head(document: DocxDocument, notice: Notice) -> None:
    """信函格式: the issuer's name over a red double rule, the number flush right under it."""
    section = document.sections[0]
    head = section.first_page_header.paragraphs[0]
    head.style = "发文机关标志"
    _run(head, notice.issuer)
    head.paragraph_format.left_indent = head.paragraph_format.right_indent = -LETTER_RULE_OVERHANG
    _border(head, "bottom", "thickThinSmallGap", 24, space_pt=11)  # 4 mm under the name
    foot = section.first_page_footer.paragraphs[0]
    foot.style = "版记"
    _exact_height(foot, Pt(2))
    foot.paragraph_format.left_indent = foot.paragraph_format.right_indent = -LETTER_RULE_OVERHANG
    _border(foot, "top", "thinThickSmallGap", 24)
    _paragraph(document, "发文字号", notice.document_number)
    _paragraph(document, "公文正文")
    _paragraph(document, "公文正文")


def _file_head(document: DocxDocument, notice: Notice) -> None:
    """文件格式: the issuer's mark in red, the number centred, a red rule under it."""
    _paragraph(document, "发文机关标志", f"{notice.issuer}文件", space_before=FILE_MARK_SPACE)
    _paragraph(document, "公文正文")
    _paragraph(document, "公文正文")
    number = _paragraph(document, "发文字号", notice.document_number, alignment=WD_ALIGN_PARAGRAPH.CENTER)
    _border(number, "bottom", "single", 8, space_pt=4)
    _paragraph(document, "公文正文")
    _paragraph(document, "公文正文")


def title_lines(title: str) -> list[str]:
    """The title broken as GB/T 9704 asks (梯形或菱形), only between words."""
    return balanced_lines(title, TEXT_WIDTH.pt / SIZE_2.pt)


def _title(document: DocxDocument, lines: list[str]) -> None:
    paragraph = document.add_paragraph(style="公文标题")
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        _run(paragraph, line)


def _body_block(document: DocxDocument, block: Block, first_annex: bool) -> None:
    if block.kind == "heading1":
        _paragraph(document, "公文一级标题", block.text)
    elif block.kind == "heading2":
        paragraph = document.add_paragraph(style="公文正文")
        match = _RUN_IN.match(block.text) or _HEADING2.match(block.text)
        heading = match.group(0) if match else ""
        _run(paragraph, heading, font=KAITI)
        if block.text[len(heading):]:
            _run(paragraph, block.text[len(heading):])
    elif block.kind == "annex_list":
        _annex_list_line(document, block.text, first_annex)
    else:
        _paragraph(document, "公文正文", block.text)


_ANNEX_NUMBER = re.compile(r"^(附件[：:])?(\d+[、.．])?")


def _annex_list_line(document: DocxDocument, text: str, first: bool) -> None:
    """附件说明: two characters in, every annex's name under the first one's (GB/T 9704 7.3.4)."""
    if first:
        _paragraph(document, "公文正文")  # 正文下空一行
    match = _ANNEX_NUMBER.match(text)
    label, number = match.group(1) or "", match.group(2) or ""
    names_at = chars(2 + units("附件：") + units(number))
    # The list goes to the next page whole, with the date after it, rather than leave its last item there alone.
    _paragraph(document, "公文正文", text, left_indent=names_at, first_line_indent=-chars(units(label + number)),
               keep_with_next=True)


def _closing(document: DocxDocument, notice: Notice) -> None:
    """The signature: under GB/T 9704-1999 only the date (the seal is the signature), four
    characters in from the right; under GB/T 9704-2012 the issuer's name centred over the date."""
    written = signature_date(notice.date_written, notice.signature_numerals)
    name = notice.signature_name
    if numerals_in_force(notice.date_written) == "arabic" and not name:  # GB/T 9704-2012
        name = notice.issuer
    # The date never stands alone on a page: the last lines of text go over with it.
    document.paragraphs[-1].paragraph_format.keep_with_next = True
    for _ in range(2):  # room for the seal, which presses on the date
        _paragraph(document, "公文正文", keep_with_next=True)
    if name:
        inset = max(0.0, 4 + (units(written) - units(name)) / 2)
        _paragraph(document, "落款", name, right_indent=chars(inset), keep_with_next=True)
    _paragraph(document, "落款", written, right_indent=chars(4))


def _annexes(document: DocxDocument, edition: Edition, forms: Mapping[int, bytes],
             pages: Mapping[int, int] | None = None) -> None:
    """Each annex in a section of its own, on a new page: the forms step's form (its `附件N`,
    title and table, controls still fillable), or for an annex without a form its mark and title.
    With `pages`, a form's pages are left empty for its PDF to be laid over (`official_frame`)."""
    composer = Composer(document)
    adopted = False
    for annex in edition.notice.annexes:
        section = _new_section(document, WD_SECTION.NEW_PAGE)
        form = forms.get(annex.number)
        if form is None:
            _page_setup(section, grid=False)
            _paragraph(document, "附件标记", f"附件{annex.number}")
            _paragraph(document, "公文正文")
            _paragraph(document, "附件标题", annex.title)
            continue
        source = Document(io.BytesIO(form))
        if not adopted:
            _adopt_base_formatting(document, source)
            adopted = True
        _copy_page_setup(source.sections[-1], section)
        if pages is not None:
            _pages_left_for(document, annex.number, pages[annex.number])
            continue
        _keep_own_styles(document, source, annex.number)
        composer.append(source)


# Where the frame leaves pages for a form: a Word bookmark, which LibreOffice makes a named destination.
FORM_PAGES = "hrnoticeannex{number}"


def _pages_left_for(document: DocxDocument, number: int, count: int) -> None:
    """`count` pages with nothing on them but the page number, the first bookmarked. Each holds a
    zero-width space: LibreOffice lays out no page for empty paragraphs that only break pages."""
    for page in range(count):
        paragraph = document.add_paragraph("\u200b")
        paragraph.paragraph_format.page_break_before = page > 0
        if page == 0:
            mark = str(900 + number)  # ids of their own; the notice has no other bookmarks
            start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
            start.set(qn("w:id"), mark)
            start.set(qn("w:name"), FORM_PAGES.format(number=number))
            end.set(qn("w:id"), mark)
            paragraph._p.get_or_add_pPr().addnext(start)
            paragraph._p.append(end)


def _new_section(document: DocxDocument, start: WD_SECTION) -> Section:
    """A section starting at `start`; the previous one ends in its last paragraph, not in an
    empty one python-docx adds (which could push the signature onto a page of its own)."""
    section = document.add_section(start)
    breaker = document.element.body[-2]
    previous = breaker.getprevious()
    if previous is not None and previous.tag == qn("w:p") and previous.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None:
        properties = previous.find(qn("w:pPr"))
        if properties is None:
            properties = set_child(previous, "w:pPr")
        properties.append(breaker.find(f"{qn('w:pPr')}/{qn('w:sectPr')}"))
        breaker.getparent().remove(breaker)
    section.different_first_page_header_footer = False
    return section


def _copy_page_setup(source: Section, target: Section) -> None:
    """The form's paper, orientation and margins; page numbers stay the notice's."""
    target.orientation = source.orientation
    target.page_width, target.page_height = source.page_width, source.page_height
    target.top_margin, target.bottom_margin = source.top_margin, source.bottom_margin
    target.left_margin, target.right_margin = source.left_margin, source.right_margin
    target.header_distance, target.footer_distance = source.header_distance, source.footer_distance
    grid = target._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        target._sectPr.remove(grid)


def _keep_own_styles(document: DocxDocument, source: DocxDocument, number: int) -> None:
    """The form's styles that the notice already has, defined otherwise, renamed in the form first.

    The forms share style names with different sizes (表格文字 is 小五 in the list forms, 五号 in
    附件3), and docxcompose gives an appended paragraph the style the document already has under
    its name: labels set for 小五 came out in 五号 and broke inside words (序/号, 是否结/业). Its own
    `preserve_styles` is no help: it points every paragraph of a table at the last style it copies.
    """
    ours = {style.get(qn("w:styleId")): style for style in document.styles.element.findall(qn("w:style"))}
    theirs = source.styles.element.findall(qn("w:style"))
    renamed = {}
    for style in theirs:
        style_id = style.get(qn("w:styleId"))
        if style_id in ours and style.get(qn("w:default")) != "1" and _definition(style) != _definition(ours[style_id]):
            renamed[style_id] = f"{style_id}Annex{number}"
    if not renamed:
        return
    references = (qn("w:basedOn"), qn("w:next"), qn("w:link"), qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"))
    for style in theirs:
        style_id = style.get(qn("w:styleId"))
        if style_id in renamed:
            style.set(qn("w:styleId"), renamed[style_id])
            name = style.find(qn("w:name"))  # docxcompose matches styles by name
            name.set(qn("w:val"), f"{name.get(qn('w:val'))}（附件{number}）")
    for element in (*source.styles.element.iter(*references), *source.element.body.iter(*references)):
        if element.get(qn("w:val")) in renamed:
            element.set(qn("w:val"), renamed[element.get(qn("w:val"))])


def _definition(style: etree._Element) -> bytes:
    """A style's definition, without Word's revision marks."""
    style = deepcopy(style)
    for rsid in style.findall(qn("w:rsid")):
        style.remove(rsid)
    return etree.tostring(style)


def _adopt_base_formatting(document: DocxDocument, source: DocxDocument) -> None:
    """The forms are laid out on their document defaults and Normal style, so the notice takes
    them over; its own styles set every property they use and do not depend on either."""
    ours, theirs = document.styles.element, source.styles.element
    ours.replace(ours.find(qn("w:docDefaults")), deepcopy(theirs.find(qn("w:docDefaults"))))
    normal = document.styles["Normal"].element
    ours.replace(normal, deepcopy(source.styles["Normal"].element))


def _imprint(document: DocxDocument, notice: Notice) -> None:
    """版记 (抄送, 印发机关 and 印发日期), at the foot of an even page, when the data has them."""
    rows = []  # (kind, text, lines it takes)
    if notice.copy_to:
        text = f"抄送：{notice.copy_to}。"
        # 四号 characters per line inside the block's one-character margins and the cell's own,
        # less one for a mark that may not start a line; continuations hang under the names.
        per_line = int((TEXT_WIDTH - 2 * SIZE_4 - 2 * Twips(108)) / SIZE_4) - 1
        extra = max(0.0, units(text) - per_line)
        rows.append(("copy", text, 1 + math.ceil(extra / (per_line - units("抄送：")))))
    if notice.printed_by and notice.document_kind != "函":  # 信函格式: no 印发机关 and 印发日期
        rows.append(("printed", "", 1))
    if not rows:
        return
    _page_setup(_new_section(document, WD_SECTION.EVEN_PAGE), grid=False)
    # Rows of whole grid lines, pushed down to the last lines of the text area (GB/T 9704-2012 7.4.1).
    total = sum(lines for _kind, _text, lines in rows)
    spacer = _paragraph(document, "版记")
    _exact_height(spacer, Emu(max(Pt(1), TEXT_HEIGHT - LINE_PITCH * total - Pt(2 * len(rows) + 4))))
    table = document.add_table(rows=len(rows), cols=1)
    separators = notice.document_kind != "函"  # 信函格式: no separator lines
    for (kind, text, lines), row in zip(rows, table.rows):
        set_child(row._tr.get_or_add_trPr(), "w:trHeight", val=str(LINE_PITCH.twips * lines), hRule="exact")
        cell = row.cells[0]
        cell.width = TEXT_WIDTH
        paragraph = cell.paragraphs[0]
        paragraph.style = "版记"
        fmt = paragraph.paragraph_format
        fmt.left_indent, fmt.right_indent = SIZE_4, SIZE_4
        if kind == "copy":
            fmt.left_indent = chars(1 + units("抄送："), SIZE_4)
            fmt.first_line_indent = -chars(units("抄送："), SIZE_4)
            _run(paragraph, text)
        else:
            fmt.tab_stops.add_tab_stop(TEXT_WIDTH - SIZE_4, alignment=WD_TAB_ALIGNMENT.RIGHT)
            _run(paragraph, notice.printed_by)
            paragraph.add_run().add_tab()
            _run(paragraph, f"{cn_date(notice.printed_on)}印发")
    borders = set_child(table._tbl.tblPr, "w:tblBorders")
    for side, size in (("top", 8), ("bottom", 8), ("insideH", 6)):
        set_child(borders, f"w:{side}", val="single" if separators else "nil", sz=str(size), space="0", color="000000")
    for side in ("left", "right", "insideV"):
        set_child(borders, f"w:{side}", val="nil")


def _reject_unsavable(edition: Edition, blocks: list[Block]) -> None:
    """A control character no Word file can hold is the body's mistake: name its line."""
    findings = []
    for block in blocks:
        code = control_character(block.text)
        if code:
            at = edition.body_source.find(chr(int(code[2:], 16)))
            line = edition.body_source.count("\n", 0, at) + 1 if at >= 0 else None
            findings.append(Finding.error(edition.body_path, line, None, f"含有 Word 文件不能保存的控制字符 {code}；请删除它"))
    if findings:
        raise DataError(findings)


def _saved(document: DocxDocument, notice: Notice) -> WordDocument:
    """The document as saved, to be written with fixed dates and entry times (same data, same bytes)."""
    buffer = io.BytesIO()
    document.save(buffer)
    properties = Properties(notice.title, notice.issuer, notice.date_written)
    return WordDocument.from_bytes("正式文件", buffer.getvalue(), properties)


def official_key(edition: Edition, forms: Mapping[int, bytes]) -> str:
    """What the official document is made from: the facts, the body and the forms (their hashes)."""
    return digest(code_fingerprint(), "official", edition.notice.model_dump_json(), edition.body,
                  canonical({number: hashlib.sha256(data).hexdigest() for number, data in forms.items()}))


def official_name(edition: Edition) -> str:
    return DOCX_NAME.format(year=edition.year)


def official_download(edition: Edition, forms: Mapping[int, bytes], cache: BuildCache | None = None) -> Download:
    """The official document as the notice page offers it (`notice/notice-2012.docx`, its forms
    fillable), kept in the cache under `official_key`."""
    cache = cache or BuildCache(None)
    name = official_name(edition)
    files = cache.remember(official_key(edition, forms),
                           lambda: {"docx": _official(edition, forms, _title_lines(edition, cache)).to_bytes()},
                           f"{edition.year}/{name}")
    return Download(SITE_FOLDER, name, files["docx"])


def official_frame(edition: Edition, forms: Mapping[int, bytes], pages: Mapping[int, int],
                   cache: BuildCache | None = None) -> bytes:
    """The official document's frame, what its PDF is made from (see officialpdf.py): the notice as
    printed, each form's pages (`pages`, by annex number) left empty but for their page numbers."""
    return _official(edition, forms, _title_lines(edition, cache or BuildCache(None)), pages).printable()


def _title_lines(edition: Edition, cache: BuildCache) -> list[str]:
    """The title's lines. Finding its words loads jieba (0.07 s with its dictionary's shards, a
    second without them, see jiebadict.py): they are kept, and an edit to the body finds them in the cache."""
    lines = cache.remember(digest(code_fingerprint(), "title lines", edition.notice.title),
                           lambda: {"lines": "\n".join(title_lines(edition.notice.title)).encode("utf-8")},
                           f"{edition.year}/{official_name(edition)}:title")
    return lines["lines"].decode("utf-8").split("\n")
