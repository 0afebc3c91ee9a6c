"""Data reaches the Word files exactly as written, never as markup or template; copies are reproducible."""

from __future__ import annotations

import dataclasses
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from hrnotice import forms as forms_module
from hrnotice.cache import BuildCache
from hrnotice.findings import DataError
from hrnotice.forms import FormsOutput, blank_forms, make_forms
from hrnotice.load import load_years
from hrnotice.wordfile import Properties, WordTemplate, document_root, paragraph_text, read_controls

from .conftest import ROOT, shipped
from .helpers import catalog_of, with_catalog

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
TWO = catalog_of({"institution": "甲大学", "specialty": "土木工程"}, {"institution": "甲大学", "specialty": "电气工程"},
                 {"institution": "乙学院", "specialty": "农学"})


def made(edition) -> FormsOutput:
    return make_forms(edition)


def blank(output: FormsOutput, form: str) -> bytes:
    return next(a.docx.data for a in output.annexes if a.annex.form == form)


def files(output: FormsOutput) -> dict[str, bytes]:
    return {f.path: f.data for f in output.files()}


def cell_texts(docx: bytes) -> list[list[str]]:
    """The first table's rows as lists of cell texts."""
    table = document_root(docx).findall(f".//{qn('w:tbl')}")[0]
    return [["\n".join(paragraph_text(p) for p in cell.iter(qn("w:p"))) for cell in tr.findall(qn("w:tc"))]
            for tr in table.findall(qn("w:tr"))]


@pytest.mark.parametrize("value", HOSTILE)
def test_catalog_values_appear_literally_in_annex_1(value: str) -> None:
    catalog = catalog_of({"institution": value, "specialty": value, "city": value, "subject_group": value,
                          "phone": value, "contact": value, "note": value,
                          "registration_url": "https://example.edu.cn/?a=1&b=2"})
    rows = cell_texts(blank(blank_forms(with_catalog(catalog)), "catalog"))
    assert rows[0] == [f"1．{value}　所在地：{value}　报名网址：https://example.edu.cn/?a=1&b=2"
                       f"　联系电话：{value}　联系人：{value}"]
    assert rows[2] == [value, value, value]


@pytest.mark.parametrize("value", HOSTILE)
def test_annex_titles_appear_literally(value: str) -> None:
    edition = shipped()
    annexes = [a.model_copy(update={"title": value}) if a.number == 2 else a for a in edition.notice.annexes]
    changed = dataclasses.replace(edition, notice=edition.notice.model_copy(update={"annexes": annexes}))
    title = document_root(blank(blank_forms(changed), "admission")).find(qn("w:body")).findall(qn("w:p"))[1]
    assert paragraph_text(title) == f"2012年度{value}"


@pytest.mark.parametrize("value", HOSTILE)
def test_institution_names_are_prefilled_literally(value: str) -> None:
    output = made(with_catalog(catalog_of({"institution": value, "specialty": value},
                                          {"institution": value, "specialty": "第二个专业"})))
    for _annex, docx, _xlsx in output.institutions[0].files:
        controls = {c.tag: c for c in read_controls(docx.data)}
        assert controls["institution"].value == value
        assert controls["specialty"].choices == (value, "第二个专业")


@pytest.mark.parametrize(("character", "code"), [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x0c", "U+000C"),
                                                 ("\x1b", "U+001B"), ("\ufffe", "U+FFFE")])
def test_characters_word_cannot_hold_are_refused_by_name(character: str, code: str) -> None:
    # The catalog's loader refuses them with their line; this is the writer's own guard behind it.
    with pytest.raises(DataError) as caught:
        blank_forms(with_catalog(catalog_of({"institution": f"甲{character}大学", "specialty": "土木工程"})))
    assert [str(p) for p in caught.value.findings] == [
        f"templates/forms/catalog.docx: 错误 load: {field}: 含有 Word 文件不能保存的控制字符 {code}；请删除它"
        for field in ("institutions[0].name", "institutions[0].rows[0].institution")]


def own_forms(workdir: Path, name: str, old: bytes = b"", new: bytes = b"") -> Path:
    """The data's own copy of the forms (data/forms/), with one piece of one template's XML replaced."""
    folder = workdir / "data" / "forms"
    shutil.copytree(ROOT / "templates" / "forms", folder)
    if old:
        template = folder / f"{name}.docx"
        data = template.read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(template, "w") as copy:
            for info in original.infolist():
                part = original.read(info)
                if info.filename == "word/document.xml":
                    assert part.count(old) == 1, (name, old)
                    part = part.replace(old, new)
                copy.writestr(info, part)
    return folder


CONTEXT = {"annex_label": "附件3", "title": "登记表", "filled_by": "学员填报"}


@pytest.mark.parametrize(("old", "new", "message"), [
    ("{{ filled_by }}", "{{ filed_by }}",
     "模板使用了不存在的字段（'filed_by' is undefined）；可用的字段见 README“表格模板”一节"),
    ("{{ annex_label }}", "{{ annex_label }",
     "模板标签写法有误（unexpected '}'）；请在 Word 中检查 {{ }} 和 {% %} 是否成对、每个标签是否完整地写在同一段文字里"),
    ("{{ filled_by }}", "{{ '<w:p>' | safe }}",
     "生成的内容不是有效的 Word 文件（XML 结构被破坏）；常见原因是 {{ }} 或 {% %} 标签跨越了内容控件、段落或表格的边界，"
     "或用了 safe 过滤器：请在 Word 中把整个标签放进同一段文字里"),
])
def test_a_broken_template_is_reported_not_saved(workdir: Path, old: str, new: str, message: str) -> None:
    folder = own_forms(workdir, "registration", old.encode(), new.encode())
    with pytest.raises(DataError) as caught:
        WordTemplate(folder / "registration.docx").render(CONTEXT, PROPERTIES)
    assert [p.message for p in caught.value.findings] == [message]


def test_a_tag_that_swallows_a_control_is_caught(workdir: Path) -> None:
    # A clerk wraps part of the form in a condition that is false: the text meant for it vanishes.
    folder = own_forms(workdir, "registration", b"{{ filled_by }}", b"{% if false %}{{ filled_by }}{% endif %}")
    with pytest.raises(DataError) as caught:
        WordTemplate(folder / "registration.docx").render(CONTEXT, PROPERTIES)
    assert [(p.field, p.message) for p in caught.value.findings] == [
        ("filled_by", "“学员填报”没有原样出现在生成的文件中；模板可能把它放进了不会输出的条件或循环里，请检查模板")]


def test_a_template_without_the_tagged_control_says_which(workdir: Path) -> None:
    folder = own_forms(workdir, "registration", b'<w:tag w:val="specialty"/>', b'<w:tag w:val="major"/>')
    document = WordTemplate(folder / "registration.docx").render(CONTEXT, PROPERTIES)
    with pytest.raises(DataError) as caught:
        document.to_bytes(choices={"specialty": ["土木工程"]})
    assert [p.message for p in caught.value.findings] == [
        "模板中没有标记（Tag）为 specialty 的内容控件；请在 Word 中恢复它（各控件的标记见 README）"]


def test_a_missing_template_is_named(workdir: Path) -> None:
    (own_forms(workdir, "admission") / "admission.docx").unlink()
    with pytest.raises(DataError) as caught:
        made(load_years(workdir / "data")[-1])
    assert [str(p) for p in caught.value.findings] == [
        "data/forms/admission.docx: 错误 template: 找不到表格模板；请从版本库恢复它，或运行 python build.py templates 重新生成"]


def test_prefilled_copies_name_the_institution_and_offer_only_its_specialties() -> None:
    output = made(with_catalog(TWO))
    first, second = ({c.tag: c for c in read_controls(docx.data)} for forms in output.institutions
                     for _annex, docx, _xlsx in forms.files[:1])
    assert (first["institution"].value, first["specialty"].choices) == ("甲大学", ("土木工程", "电气工程"))
    assert (second["institution"].value, second["specialty"].choices) == ("乙学院", ("农学",))
    blank_form = {c.tag: c for c in read_controls(blank(output, "admission"))}
    assert blank_form["institution"].value is None
    assert blank_form["specialty"].choices == ("土木工程", "电气工程", "农学")
    assert [f.path for forms in output.institutions for _a, docx, xlsx in forms.files for f in (docx, xlsx)] == [
        f"institutions/{n:03d}/{stem}.{suffix}" for n in (1, 2) for stem in ("annex2-admission", "annex4-completion")
        for suffix in ("docx", "xlsx")]


def test_the_prefilled_name_cannot_be_changed() -> None:
    docx = made(with_catalog(TWO)).institutions[0].files[0][1].data
    locks = {sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")):
             sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}").get(qn("w:val"))
             for sdt in document_root(docx).iter(qn("w:sdt")) if sdt.find(f"{qn('w:sdtPr')}/{qn('w:lock')}") is not None}
    assert locks == {"institution": "sdtContentLocked"}


def test_without_a_catalog_the_specialty_is_typed_in() -> None:
    output = made(with_catalog(catalog_of()))
    for form in ("admission", "registration", "completion"):
        specialty = {c.tag: c for c in read_controls(blank(output, form))}["specialty"]
        assert (specialty.kind, specialty.choices) == ("rich_text", ())
        prompt = next(sdt for sdt in document_root(blank(output, form)).iter(qn("w:sdt"))
                      if sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")) == "specialty")
        assert paragraph_text(prompt) == "点击输入培训专业"
    assert output.institutions == []


def test_two_runs_give_identical_bytes() -> None:
    first, second = files(made(with_catalog(TWO))), files(made(with_catalog(TWO)))
    assert first == second
    assert len(first) == 4 + 2 + 2 * 4  # blank Word forms, blank sheets, two institutions' copies


def test_copies_made_in_parallel_equal_those_made_in_one_process(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    many = with_catalog(catalog_of(*({"institution": f"院校{n:02d}", "specialty": f"专业{n}"} for n in range(12))))
    serial = files(made(many))
    monkeypatch.setattr(forms_module, "PARALLEL_FROM", 2)
    monkeypatch.setattr(forms_module.os, "cpu_count", lambda: 2)
    seen = []
    parallel = files(make_forms(many, cache=BuildCache(tmp_path), progress=lambda done, total: seen.append((done, total))))
    assert serial == parallel
    assert seen[0] == (0, 12) and seen[-1] == (12, 12)
    # The processes that made the copies kept them: the next build takes every one from the cache.
    again = BuildCache(tmp_path)
    assert files(make_forms(many, cache=again)) == serial
    assert again.misses == [] and len([hit for hit in again.hits if "/institutions/" in hit]) == 12 * 4


def test_word_reads_back_what_was_filled_in() -> None:
    document = WordTemplate(ROOT / "templates" / "forms" / "registration.docx").render(CONTEXT, PROPERTIES)
    values = {"name": "张三\n（曾用名 李四）", "sex": "女", "birth_month": date(1980, 5, 1), "subject_public": True,
              "fee_paid": False, "specialty": "农学"}
    data = document.to_bytes(values=values, choices={"specialty": ["土木工程", "农学"]})
    controls = {c.tag: c for c in read_controls(data)}
    assert {tag: controls[tag].value for tag in values} == values
    shown = {c.tag: paragraph_text(sdt) for c, sdt in zip(read_controls(data), document_root(data).iter(qn("w:sdt")))}
    assert (shown["birth_month"], shown["subject_public"], shown["fee_paid"]) == ("1980年5月", "☒", "☐")


def test_docx_zip_is_a_valid_package() -> None:
    with zipfile.ZipFile(io.BytesIO(blank(made(with_catalog(TWO)), "admission"))) as package:
        assert package.testzip() is None
        assert package.namelist()[0] == "[Content_Types].xml"
        assert io.BytesIO(package.read("word/document.xml")).read(5) == b"<?xml"


@pytest.mark.parametrize("parallel_from", [10**6, 2])
def test_a_template_without_the_institution_control_is_reported_from_either_path(
        workdir: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> None:
    own_forms(workdir, "admission", b'<w:tag w:val="institution"/>', b'<w:tag w:val="school"/>')
    monkeypatch.setattr(forms_module, "PARALLEL_FROM", parallel_from)
    monkeypatch.setattr(forms_module.os, "cpu_count", lambda: 2)
    edition = dataclasses.replace(load_years(workdir / "data")[-1], catalog=catalog_of(
        *({"institution": f"院校{n}", "specialty": "农学"} for n in range(4))))
    with pytest.raises(DataError) as caught:
        made(edition)
    assert [str(p) for p in caught.value.findings] == [
        "data/forms/admission.docx: 错误 load: 模板中没有标记（Tag）为 institution 的内容控件；"
        "请在 Word 中恢复它（各控件的标记见 README）"]
