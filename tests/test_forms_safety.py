"""Data reaches the Word files exactly as written, never as markup or template; copies are reproducible."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from hrnotice import forms as forms_module
from hrnotice.errors import DataError
from hrnotice.forms import template_path, write_forms
from hrnotice.load import Edition
from hrnotice.model import Catalog
from hrnotice.wordfile import Properties, WordTemplate, document_root, paragraph_text, read_controls

from .test_forms import BLANKS, edition, forms, row, shipped_edition  # noqa: F401 (fixtures)

HOSTILE = [
    "<script>alert(1)</script>",
    "A | B",
    "**x**",
    "{{ 7*7 }}",
    "{% if true %}x{% endif %}",
    "第一行\n第二行",
    "& < > \" '",
    "&amp; &#60; ]]> <!-- -->",
    "  前后有空格  ",
    "制表\t符",
]
PROPERTIES = Properties("标题", "黑龙江省人力资源和社会保障厅", date(2012, 1, 9))


def cell_texts(docx: Path | bytes) -> list[list[str]]:
    """The last table's rows as lists of cell texts."""
    table = document_root(docx).findall(f".//{qn('w:tbl')}")[-1]
    return [["\n".join(paragraph_text(p) for p in cell.iter(qn("w:p"))) for cell in tr.findall(qn("w:tc"))]
            for tr in table.findall(qn("w:tr"))]


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("value", HOSTILE)
def test_catalog_values_appear_literally_in_annex_1(edition: Edition, tmp_path: Path, value: str) -> None:
    catalog = Catalog(rows=(row(value, value, city=value, subject_group=value, phone=value, contact=value,
                                registration_url="https://example.edu.cn/?a=1&b=2"),))
    write_forms(dataclasses.replace(edition, catalog=catalog), tmp_path, pdf=False)
    assert cell_texts(tmp_path / BLANKS[1])[1] == ["1", value, value, value, value,
                                                   "https://example.edu.cn/?a=1&b=2", value, value]


@pytest.mark.parametrize("value", HOSTILE)
def test_annex_titles_appear_literally(edition: Edition, tmp_path: Path, value: str) -> None:
    annexes = [a.model_copy(update={"title": value}) if a.number == 2 else a for a in edition.notice.annexes]
    notice = edition.notice.model_copy(update={"annexes": annexes})
    write_forms(dataclasses.replace(edition, notice=notice), tmp_path, pdf=False)
    title = document_root(tmp_path / BLANKS[2]).find(qn("w:body")).findall(qn("w:p"))[1]
    assert paragraph_text(title) == f"2012年度{value}"


@pytest.mark.parametrize("value", HOSTILE)
def test_institution_names_are_prefilled_literally(edition: Edition, tmp_path: Path, value: str) -> None:
    catalog = Catalog(rows=(row(value, value), row(value, "第二个专业")))
    output = write_forms(dataclasses.replace(edition, catalog=catalog), tmp_path, pdf=False)
    [(annex2, copy2), (annex4, copy4)] = output.institutions[0].files
    for copy in (copy2, copy4):
        controls = {c.tag: c for c in read_controls(tmp_path / copy.path)}
        assert controls["institution"].value == value
        assert controls["specialty"].choices == (value, "第二个专业")


@pytest.mark.parametrize(("character", "code"), [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x0c", "U+000C"),
                                                 ("\x1b", "U+001B"), ("\ufffe", "U+FFFE")])
def test_characters_word_cannot_hold_are_refused_by_name(edition: Edition, tmp_path: Path, character: str,
                                                         code: str) -> None:
    catalog = Catalog(rows=(row(f"甲{character}大学", "土木工程"),))
    with pytest.raises(DataError) as caught:
        write_forms(dataclasses.replace(edition, catalog=catalog), tmp_path, pdf=False)
    assert [str(p) for p in caught.value.problems] == [
        f"templates/forms/annex1.docx: institutions[0].name: 含有 Word 文件不能保存的控制字符 {code}；请删除它"]


def broken_template(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of annex 3's template with one piece of its document XML replaced."""
    source = template_path(3)
    target = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert text.count(old) == 1
                data = text.replace(old, new).encode("utf-8")
            copy.writestr(info, data)
    return target


CONTEXT = {"annex_label": "附件3", "year": 2012, "title": "登记表", "filled_by": "学员填报"}


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{{ filled_by }}", "{{ filed_by }}",
     "模板使用了不存在的字段（'filed_by' is undefined）；可用的字段见 README“表格模板”一节"),
    ("{{ filled_by }}", "{{ filled_by }",
     "模板标签写法有误（unexpected '}'）；请在 Word 中检查 {{ }} 和 {% %} 是否成对、每个标签是否完整地写在同一段文字里"),
    ("{{ filled_by }}", "{{ '<w:p>' | safe }}",
     "生成的内容不是有效的 Word 文件（XML 结构被破坏）；常见原因是 {{ }} 或 {% %} 标签跨越了内容控件、段落或表格的边界，"
     "或用了 safe 过滤器：请在 Word 中把整个标签放进同一段文字里"),
])
def test_a_broken_template_is_reported_not_saved(tmp_path: Path, old: str, new: str, message: str) -> None:
    template = WordTemplate(broken_template(tmp_path, old, new))
    with pytest.raises(DataError) as caught:
        template.render(CONTEXT, PROPERTIES)
    assert [p.message for p in caught.value.problems] == [message]


def test_a_tag_that_swallows_a_control_is_caught(tmp_path: Path) -> None:
    # A clerk wraps part of the form in a condition that is false: the text meant for it vanishes.
    path = broken_template(tmp_path, "{{ filled_by }}", "{% if false %}{{ filled_by }}{% endif %}")
    with pytest.raises(DataError) as caught:
        WordTemplate(path).render(CONTEXT, PROPERTIES)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("filled_by", "“学员填报”没有原样出现在生成的文件中；模板可能把它放进了不会输出的条件或循环里，请检查模板")]


def test_a_template_without_the_tagged_control_says_which(tmp_path: Path) -> None:
    path = broken_template(tmp_path, '<w:tag w:val="specialty"/>', '<w:tag w:val="major"/>')
    document = WordTemplate(path).render(CONTEXT, PROPERTIES)
    with pytest.raises(DataError) as caught:
        document.to_bytes(choices={"specialty": ["土木工程"]})
    assert [p.message for p in caught.value.problems] == [
        "模板中没有标记（Tag）为 specialty 的内容控件；请在 Word 中恢复它（各控件的标记见 README）"]


def test_a_missing_template_is_named(edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forms_module, "FORM_TEMPLATES", tmp_path / "nowhere")
    with pytest.raises(DataError) as caught:
        write_forms(edition, tmp_path / "out", pdf=False)
    assert len(caught.value.problems) == 4
    assert caught.value.problems[0].message == (
        "找不到表格模板；请从版本库恢复它，或运行 python scripts/make_form_templates.py 重新生成")


def test_prefilled_copies_name_the_institution_and_offer_only_its_specialties(forms: Path) -> None:
    for stem, number in (("annex2-admission", 2), ("annex4-completion", 4)):
        first = {c.tag: c for c in read_controls(forms / "institutions" / "001" / f"{stem}.docx")}
        second = {c.tag: c for c in read_controls(forms / "institutions" / "002" / f"{stem}.docx")}
        assert (first["institution"].value, first["specialty"].choices) == ("甲大学", ("土木工程", "电气工程"))
        assert (second["institution"].value, second["specialty"].choices) == ("乙学院", ("农学",))
        blank = {c.tag: c for c in read_controls(forms / BLANKS[number])}
        assert blank["institution"].value is None
        assert blank["specialty"].choices == ("土木工程", "电气工程", "农学")


def test_the_prefilled_name_cannot_be_changed(forms: Path) -> None:
    root = document_root(forms / "institutions" / "001" / "annex2-admission.docx")
    locks = {sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")):
             sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}").get(qn("w:val"))
             for sdt in root.iter(qn("w:sdt")) if sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}") is not None}
    assert locks == {"institution": "sdtContentLocked"}


def test_without_a_catalog_the_specialty_is_typed_in(edition: Edition, tmp_path: Path) -> None:
    write_forms(dataclasses.replace(edition, catalog=Catalog()), tmp_path, pdf=False)
    for number in (2, 3, 4):
        specialty = {c.tag: c for c in read_controls(tmp_path / BLANKS[number])}["specialty"]
        assert (specialty.kind, specialty.choices) == ("rich_text", ())
        root = document_root(tmp_path / BLANKS[number])
        prompt = next(sdt for sdt in root.iter(qn("w:sdt"))
                      if sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == "specialty")
        assert paragraph_text(prompt) == "点击输入培训专业"
    assert not (tmp_path / "institutions").exists()


def test_two_runs_give_identical_bytes(edition: Edition, tmp_path: Path) -> None:
    write_forms(edition, tmp_path / "first", pdf=False)
    write_forms(edition, tmp_path / "second", pdf=False)
    assert digest(tmp_path / "first") == digest(tmp_path / "second")
    assert len(digest(tmp_path / "first")) == 4 + 2 * 2


def test_copies_made_in_parallel_equal_those_made_in_one_process(edition: Edition, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(rows=tuple(row(f"院校{n:02d}", f"专业{n}") for n in range(12)))
    many = dataclasses.replace(edition, catalog=catalog)
    write_forms(many, tmp_path / "serial", pdf=False)
    monkeypatch.setattr(forms_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(forms_module.os, "cpu_count", lambda: 2)
    seen = []
    write_forms(many, tmp_path / "parallel", pdf=False, progress=lambda done, total: seen.append((done, total)))
    assert digest(tmp_path / "serial") == digest(tmp_path / "parallel")
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)


def test_word_reads_back_what_was_filled_in(forms: Path) -> None:
    document = WordTemplate(template_path(3)).render(CONTEXT, PROPERTIES)
    values = {"name": "张三\n（曾用名 李四）", "sex": "女", "birth_month": date(1980, 5, 1), "subject_public": True,
              "fee_paid": False, "specialty": "农学"}
    data = document.to_bytes(values=values, choices={"specialty": ["土木工程", "农学"]})
    controls = {c.tag: c for c in read_controls(data)}
    assert {tag: controls[tag].value for tag in values} == values
    shown = {c.tag: paragraph_text(sdt) for c, sdt in zip(read_controls(data), document_root(data).iter(qn("w:sdt")))}
    assert (shown["birth_month"], shown["subject_public"], shown["fee_paid"]) == ("1980年5月", "☒", "☐")


def test_docx_zip_is_a_valid_package(forms: Path) -> None:
    with zipfile.ZipFile(forms / BLANKS[2]) as package:
        assert package.testzip() is None
        assert package.namelist()[0] == "[Content_Types].xml"
        assert io.BytesIO(package.read("word/document.xml")).read(5) == b"<?xml"


@pytest.mark.parametrize("parallel_from", [10**6, 2])
def test_a_template_without_the_institution_control_is_reported_from_either_path(
        edition: Edition, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    for number in (1, 3, 4):
        shutil.copy(template_path(number), templates / f"annex{number}.docx")
    with zipfile.ZipFile(template_path(2)) as original, zipfile.ZipFile(templates / "annex2.docx", "w") as copy:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b'<w:tag w:val="institution"/>', b'<w:tag w:val="school"/>')
            copy.writestr(info, data)
    monkeypatch.setattr(forms_module, "FORM_TEMPLATES", templates)
    monkeypatch.setattr(forms_module, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(forms_module.os, "cpu_count", lambda: 2)
    many = dataclasses.replace(edition, catalog=Catalog(rows=tuple(row(f"院校{n}", "农学") for n in range(4))))
    with pytest.raises(DataError) as caught:
        write_forms(many, tmp_path / "out", pdf=False)
    assert [str(p) for p in caught.value.problems] == [
        f"{templates}/annex2.docx: 模板中没有标记（Tag）为 institution 的内容控件；请在 Word 中恢复它（各控件的标记见 README）"]
