"""Word returns: forms made by the build, filled here, read back as they are, after LibreOffice, without tags."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

from hrnotice.formlayout import controls_in_order, current_layout, keep_layouts, known_layouts, property_value, \
    record_key
from hrnotice.forms import make_forms
from hrnotice.intake.record import Found
from hrnotice.intake.safety import open_package
from hrnotice.intake.word import read_document
from hrnotice.load import load_years
from hrnotice.wordfile import WordDocument

from .conftest import ROOT
from .intake_helpers import MAN, SCHOOL, WOMAN, edition, form

DAY = date(2012, 1, 9)
ANNEX2 = {"specialty": "机械工程", "class_name": "第1期", "class_start": date(2012, 4, 9),
          "class_end": date(2012, 4, 20),
          "name_1": "张三", "sex_1": "男", "id_number_1": MAN, "employer_1": "哈尔滨市第一医院 <&>",
          "title_1": "工程师", "level_1": "中级", "mode_1": "网络函授+网上面授", "phone_1": "0451-1234567",
          "name_3": "王芳", "sex_3": "女", "id_number_3": WOMAN, "level_3": "高级", "note_3": "=1+1",
          "reporter": "赵六", "reporter_phone": "13800000000", "report_date": date(2012, 4, 1)}
ANNEX3 = {"name": "王芳", "sex": "女", "birth_month": date(1985, 5, 1), "education": "大学本科",
          "id_number": WOMAN, "employer": "哈尔滨市第一医院", "level": "高级", "institution": SCHOOL,
          "specialty": "土木工程",
          "qualified_month": date(2008, 12, 1), "subject_public": True, "subject_professional": False,
          "fee_paid": True, "fee_paid_year": "2011", "trainee_date": date(2012, 3, 5)}
ANNEX4 = {"specialty": "机械工程", "class_start": date(2012, 4, 9), "class_end": date(2012, 4, 20),
          "name_2": "张三", "sex_2": "男", "id_number_2": MAN, "level_2": "中级", "online_hours_2": "60",
          "live_hours_2": "12", "public_result_2": "合格", "professional_result_2": "合格", "completed_2": "是",
          "certificate_2": "2012-0001", "report_date": date(2012, 4, 27)}
FILLED = {"admission": ANNEX2, "registration": ANNEX3, "completion": ANNEX4}
KINDS = list(FILLED)


def expected(kind: str) -> dict[tuple[int | None, str], str]:
    """What reading the filled form must give: (trainee number, key) → text."""
    wanted = {}
    for tag, value in FILLED[kind].items():
        found = record_key(tag, form(kind))
        key, number = found if found else (tag, None)
        if isinstance(value, bool):
            text = "是" if value else "否"
        elif isinstance(value, date):
            text = value.isoformat()[:7] if key.endswith("_month") else value.isoformat()
        else:
            text = value
        wanted[number, key] = text
    if form(kind).list_form:
        wanted[None, "institution"] = SCHOOL
    return wanted


def read(path: Path, edition_=None):
    return read_document(open_package(path), path.name, edition_ or edition())


def values_of(ret) -> dict[tuple[int | None, str], tuple[str, Found]]:
    """Every non-empty value read, with how it was found (head values once, not per row)."""
    found = {(None, key): (value.text, value.found) for key, value in ret.head.items() if value.text}
    for entry in ret.entries if ret.form.list_form else ():
        for key, value in entry.values.items():
            if value.text and key not in ret.head:
                found[entry.row, key] = (value.text, value.found)
    return found


def fill(edition_, folder: Path) -> Path:
    """The list forms as the first institution's copies, the one-person form blank, each filled by the test."""
    output = make_forms(edition_)
    files = {a.annex.form: a.docx for a in output.annexes}
    files.update({annex.form: docx for annex, docx, _xlsx in output.institutions[0].files})
    for kind in KINDS:
        blank = next(a for a in output.annexes if a.annex.form == kind)
        document = WordDocument.from_bytes(kind, files[kind].data, blank.properties)
        (folder / f"{kind}.docx").write_bytes(document.to_bytes(values=FILLED[kind]))
    return folder


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill(edition(), tmp_path_factory.mktemp("word-returns"))


@pytest.fixture(scope="module")
def round_tripped(returns: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The filled forms opened and saved again by LibreOffice, which drops tags and titles."""
    out = tmp_path_factory.mktemp("libreoffice")
    profile = tmp_path_factory.mktemp("lo-profile")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to", "docx",
                    "--outdir", str(out), *[str(returns / f"{kind}.docx") for kind in KINDS]],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(profile)})
    return out


def rewrite_controls(source: Path, target: Path, drop: tuple[str, ...]) -> None:
    """A copy of `source` whose controls have lost the `drop` properties (w:tag, w:alias)."""
    with zipfile.ZipFile(source) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for name in drop:
                    for element in root.iter(qn(name)):
                        if element.getparent().tag == qn("w:sdtPr"):
                            element.getparent().remove(element)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            package.writestr(info, data)
    target.write_bytes(buffer.getvalue())


def version(kind: str) -> str:
    return current_layout(edition().forms, form(kind)).version


@pytest.mark.parametrize("kind", KINDS)
def test_a_filled_form_reads_back_by_tag(returns: Path, kind: str) -> None:
    ret = read(returns / f"{kind}.docx")
    assert (ret.form.kind, ret.version, ret.notes) == (kind, version(kind), [])
    assert values_of(ret) == {place: (text, Found.TAG) for place, text in expected(kind).items()}
    assert not any(value.review for entry in ret.entries for value in entry.values.values())


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_value_survives_a_libreoffice_round_trip_by_position(round_tripped: Path, kind: str) -> None:
    ret = read(round_tripped / f"{kind}.docx")
    # LibreOffice 7.4 keeps the form's stamp (dc:identifier, cp:version: core properties in their
    # own namespaces) but drops the controls' tags: the values are found by their position in that
    # version of the template, and the reader says so.
    assert (ret.form.kind, ret.version) == (kind, version(kind))
    got = values_of(ret)
    assert {place: text for place, (text, _how) in got.items()} == expected(kind)
    assert {how for _text, how in got.values()} == {Found.POSITION}
    assert all(value.review for entry in ret.entries for value in entry.values.values() if value.text)
    (note,) = ret.notes  # every control of the form, filled or not, found by position
    assert re.fullmatch(r"(\d+) 个内容控件的标记已丢失（文件可能经 WPS 或 LibreOffice 另存过），"
                        r"按标题找到 0 个、按位置找到 \1 个；汇总表中这些值标为“需核对”", note.message)


@pytest.mark.parametrize("kind", KINDS)
def test_without_tags_values_are_found_by_title_and_marked_for_review(returns: Path, tmp_path: Path,
                                                                     kind: str) -> None:
    rewrite_controls(returns / f"{kind}.docx", tmp_path / "untagged.docx", ("w:tag",))
    ret = read(tmp_path / "untagged.docx")
    got = values_of(ret)
    assert {place: text for place, (text, _how) in got.items()} == expected(kind)
    assert {how for _text, how in got.values()} == {Found.ALIAS}
    assert f"按标题找到 {_count(tmp_path / 'untagged.docx')} 个、按位置找到 0 个" in ret.notes[-1].message


@pytest.mark.parametrize("kind", KINDS)
def test_without_tags_and_titles_values_are_found_by_position(returns: Path, tmp_path: Path, kind: str) -> None:
    rewrite_controls(returns / f"{kind}.docx", tmp_path / "bare.docx", ("w:tag", "w:alias"))
    got = values_of(read(tmp_path / "bare.docx"))
    assert got == {place: (text, Found.POSITION) for place, text in expected(kind).items()}


def test_without_tags_a_form_with_a_control_deleted_is_not_guessed_at(returns: Path, tmp_path: Path) -> None:
    rewrite_controls(returns / "registration.docx", tmp_path / "bare.docx", ("w:tag", "w:alias"))
    with zipfile.ZipFile(tmp_path / "bare.docx") as package:
        document = package.read("word/document.xml")
    root = etree.fromstring(document)
    first = root.find(f".//{qn('w:sdt')}")
    first.getparent().remove(first)
    edit_document(tmp_path / "bare.docx", tmp_path / "short.docx", document,
                  etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    ret = read(tmp_path / "short.docx")
    assert ret.head == {}
    count = len(form("registration").fields) - 1
    assert str(ret.notes[0]) == (f"short.docx: 核对 read: {count} 个内容控件对应不到表格的填写项：标记已丢失，"
                                 f"而控件数目（{count}）与表格版本不符，无法按位置读取；这些值未计入汇总，请对照原件核对")


def _count(path: Path) -> int:
    with zipfile.ZipFile(path) as package:
        return len(etree.fromstring(package.read("word/document.xml")).findall(f".//{qn('w:sdt')}"))


def test_a_form_whose_stamp_was_removed_is_recognised_by_its_heading(returns: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(returns / "admission.docx") as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(tmp_path / "unstamped.docx", "w") as package:
        for info, data in parts:
            package.writestr(info, re.sub(rb"<dc:identifier>.*?</dc:identifier>", b"", data)
                             if info.filename == "docProps/core.xml" else data)
    ret = read(tmp_path / "unstamped.docx")
    assert ret.form.kind == "admission"
    assert str(ret.notes[0]) == ("unstamped.docx: 核对 read: 文件中没有表格标识（可能另存时被删去），"
                                 "按标题认作附件2学员录取表；请核对")
    assert {place: text for place, (text, _how) in values_of(ret).items()} == expected("admission")


def edit_document(source: Path, target: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(source) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(target, "w") as package:
        for info, data in parts:
            if info.filename == "word/document.xml":
                assert old in data
                data = data.replace(old, new, 1)
            package.writestr(info, data)


def test_a_date_shown_differently_from_its_stored_date_is_marked(returns: Path, tmp_path: Path) -> None:
    edit_document(returns / "admission.docx", tmp_path / "date.docx", "2012年4月9日".encode(), "2012年4月10日".encode())
    value = read(tmp_path / "date.docx").head["class_start"]
    assert (value.text, value.doubt) == ("2012-04-09", "显示为“2012年4月10日”，与保存的日期 2012-04-09 不一致")


def test_a_check_box_without_its_state_is_read_from_its_glyph(returns: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(returns / "registration.docx") as package:
        document = package.read("word/document.xml")
    stateless = re.sub(rb"<w14:checked [^>]*/>", b"", document)
    assert stateless != document
    edit_document(returns / "registration.docx", tmp_path / "glyph.docx", document, stateless)
    ret = read(tmp_path / "glyph.docx")
    assert [ret.head[key].text for key in ("subject_public", "subject_professional", "fee_paid")] == ["是", "否", "是"]


def test_drop_down_text_is_mapped_back_to_its_value(returns: Path, tmp_path: Path) -> None:
    edit_document(returns / "admission.docx", tmp_path / "item.docx", 'w:displayText="中级"'.encode(),
                  'w:displayText="中级职称"'.encode())  # the first row's list shows 中级 as 中级职称
    edit_document(tmp_path / "item.docx", tmp_path / "shown.docx", ">中级</w:t>".encode(), ">中级职称</w:t>".encode())
    level = read(tmp_path / "shown.docx").entries[0].values["level"]
    assert (level.text, level.doubt) == ("中级", "")


def test_text_that_is_no_item_of_the_list_is_kept_and_questioned(returns: Path, tmp_path: Path) -> None:
    edit_document(returns / "admission.docx", tmp_path / "typed.docx", ">中级</w:t>".encode(), ">副高</w:t>".encode())
    level = read(tmp_path / "typed.docx").entries[0].values["level"]
    assert (level.text, level.doubt) == ("副高", "“副高”不是下拉列表中的选项")


def test_a_return_filled_on_an_earlier_version_of_its_template_still_reads(workdir: Path, returns: Path,
                                                                           tmp_path: Path) -> None:
    # The clerk keeps the layouts (python build.py templates does it) before changing a template:
    # returns on the old form, their tags lost, still read by position.
    shutil.copytree(ROOT / "templates" / "forms", workdir / "data" / "forms")
    current = load_years(workdir / "data")[-1]
    keep_layouts(current.forms)
    old_version = current_layout(current.forms, form("admission")).version
    template = workdir / "data" / "forms" / "admission.docx"
    with zipfile.ZipFile(template) as package:
        parts = [(info, package.read(info)) for info in package.infolist()]
    with zipfile.ZipFile(template, "w") as package:  # the note column goes: a new version
        for info, data in parts:
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for sdt in list(root.iter(qn("w:sdt"))):
                    if property_value(sdt, "w:tag").startswith("note_"):
                        sdt.getparent().remove(sdt)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            package.writestr(info, data)
    changed = dataclasses.replace(load_years(workdir / "data")[-1], catalog=edition().catalog)
    assert current_layout(changed.forms, form("admission")).version != old_version
    assert ("admission", old_version) in known_layouts(changed.forms)
    rewrite_controls(returns / "admission.docx", tmp_path / "old.docx", ("w:tag", "w:alias"))
    got = values_of(read(tmp_path / "old.docx", changed))
    assert got == {place: (text, Found.POSITION) for place, text in expected("admission").items()}


@pytest.mark.parametrize("kind", KINDS)
def test_every_control_of_the_templates_is_a_field_the_roster_has(kind: str) -> None:
    with zipfile.ZipFile(edition().forms.template_path(kind)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    tags = [property_value(sdt, "w:tag") for sdt in controls_in_order(body)]
    assert [tag for tag in tags if record_key(tag, form(kind)) is None] == []
