"""The official document's Word file: levels, fonts, header by kind, annexes, safety, same bytes."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from hrnotice import libreoffice
from hrnotice.findings import DataError
from hrnotice.forms import blank_forms
from hrnotice.load import load_years
from hrnotice.official import body_blocks, official_document
from hrnotice.cache import BuildCache
from hrnotice.pipeline import NO_LIBREOFFICE, render_years
from hrnotice.textlayout import balanced_lines

from .conftest import DATA, edit, shipped as shipped_edition

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def part(docx: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext(f"{W}t"))


@pytest.fixture(scope="module")
def forms() -> dict[int, bytes]:
    return blank_forms(shipped_edition()).blank_docx


@pytest.fixture(scope="module")
def shipped(forms: dict[int, bytes]) -> bytes:
    return official_document(shipped_edition(), forms)


def edition_with(tmp_path: Path, *edits: tuple[str, str]):
    shutil.copytree(DATA, tmp_path / "data")
    for old, new in edits:
        edit(tmp_path / "data" / "notice.yml", old, new)
    return load_years(tmp_path / "data")[-1]


@pytest.mark.parametrize(("start", "kind"), [
    ("为贯彻落实《国家中长期人才发展规划纲要", "paragraph"),
    ("一、培训报名", "heading1"),
    ("（一）培训对象：", "heading2"),
    ("（三）按照国家《关于加强", "heading2"),
    ("1、培训院校要认真做好", "item"),
    ("附件：1、培训院校及专业科目培训专业明细", "annex_list"),
    ("4、黑龙江省专业技术人员继续教育知识更新培训学员结业表", "annex_list"),
])
def test_each_paragraph_gets_its_level(start: str, kind: str) -> None:
    blocks = body_blocks(shipped_edition())
    assert [b.kind for b in blocks if b.text.startswith(start)] == [kind]


@pytest.mark.parametrize(("paragraph", "in_kaiti"), [
    ("（一）培训对象：", "（一）培训对象："),  # a run-in heading: the phrase up to its colon
    ("（二）报名时间：", "（二）报名时间："),
    ("（一）各市（地）、县（市）", "（一）"),  # a long first phrase: only the number
    ("（二）培训院校要严格遵守", "（二）"),
])
def test_second_level_headings_are_in_kaiti(shipped: bytes, paragraph: str, in_kaiti: str) -> None:
    document = part(shipped, "word/document.xml")
    (found,) = [p for p in document.iter(f"{W}p") if text_of(p).startswith(paragraph)]
    first, second = found.findall("w:r", NS)[:2]
    assert text_of(first) == in_kaiti
    assert first.find("w:rPr/w:rFonts", NS).get(f"{W}eastAsia") == "楷体_GB2312"
    assert second.find("w:rPr/w:rFonts", NS) is None  # the rest in the paragraph's 仿宋


@pytest.mark.parametrize(("style", "font", "half_points"), [
    ("公文正文", "仿宋_GB2312", "32"),  # 三号
    ("公文一级标题", "黑体", "32"),
    ("公文标题", "方正小标宋简体", "44"),  # 二号
    ("主送机关", "仿宋_GB2312", "32"),
    ("附件标记", "黑体", "32"),
    ("页码", "宋体", "28"),  # 四号
])
def test_the_styles_name_the_fonts_of_the_standard(shipped: bytes, style: str, font: str, half_points: str) -> None:
    styles = part(shipped, "word/styles.xml")
    (element,) = styles.xpath(f"w:style[w:name/@w:val='{style}']", namespaces=NS)
    fonts = element.find("w:rPr/w:rFonts", NS)
    assert {fonts.get(f"{W}{a}") for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {font}
    assert element.find("w:rPr/w:sz", NS).get(f"{W}val") == half_points


def test_the_body_section_is_a4_with_the_standards_margins_and_line_grid(shipped: bytes) -> None:
    document = part(shipped, "word/document.xml")
    first = document.xpath("//w:p/w:pPr/w:sectPr", namespaces=NS)[0]  # the notice's own section
    size, margins = first.find("w:pgSz", NS), first.find("w:pgMar", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    twips = {side: round(int(margins.get(f"{W}{side}")) / 56.7) for side in ("top", "left", "right", "bottom")}
    assert twips == {"top": 37, "left": 28, "right": 26, "bottom": 35}  # mm: 156 × 225 mm of text
    grid = first.find("w:docGrid", NS)
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")


def test_the_title_breaks_into_balanced_lines_at_word_boundaries() -> None:
    title = "关于开展2012年度专业技术人员继续教育知识更新培训工作的通知"
    assert balanced_lines(title, 20) == ["关于开展2012年度专业技术人员", "继续教育知识更新培训工作的通知"]
    assert balanced_lines("关于做好培训工作的通知", 20) == ["关于做好培训工作的通知"]


@pytest.mark.parametrize(("kind", "first_page_header", "first_body_text"), [
    ("函", "黑龙江省人力资源和社会保障厅", "黑人社函【2012】5号"),
    ("文件", None, "黑龙江省人力资源和社会保障厅文件"),
])
def test_the_header_follows_the_documents_kind(tmp_path: Path, forms: dict[int, bytes], kind: str,
                                                first_page_header: str | None, first_body_text: str) -> None:
    edition = edition_with(tmp_path, ("document_kind: 函", f"document_kind: {kind}"))
    docx = official_document(edition, forms)
    document = part(docx, "word/document.xml")
    first_section = document.xpath("//w:p/w:pPr/w:sectPr", namespaces=NS)[0]
    assert (first_section.find("w:titlePg", NS) is not None) == (kind == "函")  # no number on page 1
    assert text_of(document.find("w:body/w:p", NS)) == first_body_text
    headers = [part(docx, name) for name in zipfile.ZipFile(io.BytesIO(docx)).namelist()
               if re.fullmatch(r"header\d+\.xml", name.split("/")[-1])]
    texts = {text_of(h) for h in headers} - {""}
    assert texts == ({first_page_header} if first_page_header else set())
    marks = [p for p in [*headers, document] for p in p.iter(f"{W}p")
             if p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS) == ["发文机关标志"]]
    assert [text_of(p) for p in marks] == [first_page_header or first_body_text]


def test_the_issuers_mark_is_red(shipped: bytes) -> None:
    styles = part(shipped, "word/styles.xml")
    assert styles.xpath("w:style[w:name/@w:val='发文机关标志']/w:rPr/w:color/@w:val", namespaces=NS) == ["FF0000"]


def test_the_annexes_are_the_fillable_forms(shipped: bytes, forms: dict[int, bytes]) -> None:
    document = part(shipped, "word/document.xml")
    controls = len(document.xpath("//w:sdt", namespaces=NS))
    assert controls > 0
    assert controls == sum(len(part(form, "word/document.xml").xpath("//w:sdt", namespaces=NS))
                           for form in forms.values())
    labels = [text_of(p) for p in document.iter(f"{W}p") if re.fullmatch(r"附件\d", text_of(p))]
    assert labels == ["附件1", "附件2", "附件3", "附件4"]


def test_an_annex_without_a_form_gets_its_mark_and_title(shipped: bytes) -> None:
    docx = official_document(shipped_edition(), {})
    paragraphs = [text_of(p) for p in part(docx, "word/document.xml").iter(f"{W}p")]
    start = paragraphs.index("附件2")
    assert paragraphs[start:start + 3] == ["附件2", "", "黑龙江省专业技术人员继续教育知识更新培训学员录取表"]


def test_the_same_data_gives_the_same_bytes(shipped: bytes, forms: dict[int, bytes]) -> None:
    assert official_document(shipped_edition(), forms) == shipped


HOSTILE = '<w:t>x</w:t> &amp; {{ 7 * 7 }} **bold** [a](javascript:alert(1)) ]]>'


def test_fact_values_reach_the_word_file_literally(tmp_path: Path, forms: dict[int, bytes]) -> None:
    edition = edition_with(tmp_path, ("title: 国家中长期人才发展规划纲要（2010-2020）", f"title: '{HOSTILE}'"))
    document = part(official_document(edition, forms), "word/document.xml")
    paragraph = next(p for p in document.iter(f"{W}p") if text_of(p).startswith("为贯彻落实"))
    assert text_of(paragraph).startswith(f"为贯彻落实《{HOSTILE}》和《")
    assert document.xpath("//w:t[contains(., '49')]", namespaces=NS) == []


def test_without_libreoffice_the_word_files_are_made_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libreoffice, "program", lambda: None)
    warnings: list[str] = []
    (made,) = render_years([shipped_edition()], pdf=True, cache=BuildCache(None), progress=None, warnings=warnings)
    assert (made.official_docx.path, made.official_pdf) == ("notice-2012.docx", None)
    assert [a.pdf for a in made.forms.annexes] == [None] * 4
    assert warnings == [NO_LIBREOFFICE] == ["未安装 LibreOffice（Debian 软件包 libreoffice-writer），表格和正式文件只生成了 "
                                            "Word 版，没有 PDF；安装方法：以 root 运行 bash scripts/install.sh"]


@pytest.mark.parametrize("imprint", [
    "printed_by: 黑龙江省人力资源和社会保障厅办公室",
    "printed_on: 2012-01-06",
])
def test_the_closing_block_needs_both_issuer_and_date(tmp_path: Path, imprint: str) -> None:
    with pytest.raises(DataError) as caught:
        edition_with(tmp_path, ('signature_name: ""', f'signature_name: ""\n{imprint}'))
    assert [str(p) for p in caught.value.findings] == [
        f"{tmp_path / 'data' / 'notice.yml'}:3: 错误 load: printed_by（印发机关）和 printed_on（印发日期）应同时填写或同时不写"]


def test_a_control_character_in_the_body_is_reported_with_its_line(tmp_path: Path) -> None:
    # The loader refuses it with its line, before any output is made.
    shutil.copytree(DATA, tmp_path / "data")
    body = tmp_path / "data" / "notice.md"
    edit(body, "培训对象：", "培训对象：\x07")
    line = next(n for n, text in enumerate(body.read_text(encoding="utf-8").splitlines(), 1) if "\x07" in text)
    with pytest.raises(DataError) as caught:
        load_years(tmp_path / "data")
    assert [str(p) for p in caught.value.findings] == [
        f"{body}:{line}: 错误 load: 含有控制字符 U+0007（多由复制粘贴带入）；网页和 Word 都不能正确显示它，请删除"]


def test_the_official_document_carries_none_of_python_docxs_template_styles(shipped: bytes,
                                                                              forms: dict[int, bytes]) -> None:
    # The template's 160 styles are dropped: nothing uses them, and docxcompose lists every style
    # of the document for each block it appends (a 5,000-row catalog took seconds longer).
    from docx import Document

    def style_ids(docx: bytes) -> set[str]:
        return {s.get(f"{W}styleId") for s in part(docx, "word/styles.xml").iter(f"{W}style")}

    blank = io.BytesIO()
    Document().save(blank)
    defaults = {s.get(f"{W}styleId") for s in part(blank.getvalue(), "word/styles.xml").iter(f"{W}style")
                if s.get(f"{W}default") == "1"}
    template_only = style_ids(blank.getvalue()) - defaults - set().union(*(style_ids(f) for f in forms.values()))
    assert len(template_only) > 100 and style_ids(shipped) & template_only == set()
