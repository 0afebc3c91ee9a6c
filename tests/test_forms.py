"""The fillable forms: their controls, tags, layout, fonts and protection, as Word reads them.

Golden texts of the blank forms are in tests/fixtures/forms/; after a deliberate change to a
template, refresh them with `python -m tests.test_forms` and review the diff.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from lxml import etree

from hrnotice.forms import KINDS, annex_context, catalog_context, template_path, write_forms
from hrnotice.load import Edition, load_edition
from hrnotice.model import Catalog, CatalogRow
from hrnotice.wordfile import WordTemplate, control_kind, document_root, paragraph_text, read_controls

from .conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "forms"
README = (ROOT / "README.md").read_text(encoding="utf-8")

LIST_HEAD = [("institution", "rich_text"), ("specialty", "drop_down"), ("class_name", "rich_text"),
             ("class_start", "date"), ("class_end", "date"), ("mode", "drop_down")]
LIST_FOOT = [("reporter", "rich_text"), ("reporter_phone", "rich_text"), ("report_date", "date")]
ROWS = {
    2: [("name", "rich_text"), ("sex", "drop_down"), ("id_number", "rich_text"), ("employer", "rich_text"),
        ("title", "rich_text"), ("level", "drop_down"), ("mode", "drop_down"), ("phone", "rich_text"),
        ("note", "rich_text")],
    4: [("name", "rich_text"), ("sex", "drop_down"), ("id_number", "rich_text"), ("employer", "rich_text"),
        ("level", "drop_down"), ("online_hours", "rich_text"), ("live_hours", "rich_text"),
        ("public_result", "drop_down"), ("professional_result", "drop_down"), ("completed", "drop_down"),
        ("certificate", "rich_text"), ("note", "rich_text")],
}
REGISTRATION = [
    ("name", "rich_text"), ("sex", "drop_down"), ("birth_month", "date"), ("education", "rich_text"),
    ("id_number", "rich_text"), ("graduated_from", "rich_text"), ("employer", "rich_text"),
    ("current_specialty", "rich_text"), ("title", "rich_text"), ("level", "drop_down"),
    ("qualified_month", "date"), ("institution", "rich_text"), ("specialty", "drop_down"),
    ("phone", "rich_text"), ("subject_public", "check_box"), ("subject_professional", "check_box"),
    ("fee_paid", "check_box"), ("fee_paid_year", "rich_text"), ("trainee_signature", "rich_text"),
    ("trainee_date", "date"), ("review", "rich_text"), ("review_date", "date"),
]
CHOICES = {
    "sex": ("男", "女"), "level": ("高级", "中级", "初级"), "mode": ("网络函授", "网络函授+网上面授"),
    "public_result": ("合格", "不合格"), "professional_result": ("合格", "不合格"), "completed": ("是", "否"),
}


def expected_controls(number: int, rows: int) -> list[tuple[str, str]]:
    """Every control of a blank form, in document order, as (tag, kind)."""
    if number == 3:
        return REGISTRATION
    numbered = [(f"{tag}_{row}", kind) for row in range(1, rows + 1) for tag, kind in ROWS[number]]
    return LIST_HEAD + numbered + LIST_FOOT


def row(institution: str, specialty: str, **fields: str) -> CatalogRow:
    """A catalog row with plausible defaults."""
    values = {"city": "哈尔滨", "subject_group": "工程技术", "registration_url": "https://example.edu.cn/",
              **fields}
    return CatalogRow(institution=institution, specialty=specialty, **values)


CATALOG = Catalog(rows=(row("甲大学", "土木工程"), row("甲大学", "电气工程"), row("乙学院", "农学"),
                        row("甲大学", "土木工程", note="重复行：专业只列一次")))


@pytest.fixture(scope="session")
def shipped_edition() -> Edition:
    return load_edition(ROOT / "data" / "2012")


@pytest.fixture(scope="session")
def edition(shipped_edition: Edition) -> Edition:
    """The shipped notice with a small catalog of our own and 3 blank rows per list form."""
    notice = shipped_edition.notice.model_copy(update={"form_rows": 3})
    return dataclasses.replace(shipped_edition, notice=notice, catalog=CATALOG)


@pytest.fixture(scope="session")
def forms(edition: Edition, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forms folder for `edition`, without PDFs."""
    folder = tmp_path_factory.mktemp("forms") / "forms"
    write_forms(edition, folder, pdf=False)
    return folder


def part(docx: Path | bytes, name: str) -> etree._Element:
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def val(element: etree._Element | None, attribute: str = "w:val") -> str | None:
    return None if element is None else element.get(qn(attribute))


BLANKS = {kind.number: f"{kind.stem}.docx" for kind in KINDS}


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_template_uses_exactly_the_fields_it_is_given(shipped_edition: Edition, number: int) -> None:
    notice = shipped_edition.notice
    context = annex_context(notice, notice.annex[number], KINDS[number - 1])
    if number == 1:
        context["institutions"] = catalog_context(CATALOG)
    assert WordTemplate(template_path(number)).variables() == set(context)


@pytest.mark.parametrize("number", [2, 3, 4])
def test_every_field_is_a_control_of_its_kind_with_a_stable_tag(forms: Path, number: int) -> None:
    controls = read_controls(forms / BLANKS[number])
    assert [(c.tag, c.kind) for c in controls] == expected_controls(number, rows=3)
    for control in controls:
        base = re.sub(r"_\d+$", "", control.tag)
        assert control.alias, control.tag
        if control.kind != "check_box":
            assert control.value is None, f"{control.tag} shows its prompt"
        if base in CHOICES:
            assert control.choices == CHOICES[base], control.tag


@pytest.mark.parametrize("number", [2, 3, 4])
def test_control_ids_are_unique(forms: Path, number: int) -> None:
    ids = [val(e) for e in document_root(forms / BLANKS[number]).iter(qn("w:id"))
           if e.getparent().tag == qn("w:sdtPr")]
    assert len(ids) == len(expected_controls(number, rows=3))
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("number", [2, 3, 4])
def test_prompts_say_what_to_enter(forms: Path, number: int) -> None:
    root = document_root(forms / BLANKS[number])
    prompts = {}
    for sdt in root.iter(qn("w:sdt")):
        if sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None:
            prompts[val(sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}"))] = paragraph_text(sdt)
    assert prompts["name" if number == 3 else "name_1"] == "点击输入姓名"
    assert all(re.fullmatch(r"(点击)?(输入|选择).+", prompt) for prompt in prompts.values()), prompts


@pytest.mark.parametrize(("tag", "pattern"), [("class_start", "yyyy年M月d日"), ("report_date", "yyyy年M月d日")])
def test_date_pickers_show_chinese_dates(forms: Path, tag: str, pattern: str) -> None:
    root = document_root(forms / BLANKS[2])
    pickers = {val(pr.find(qn("w:tag"))): pr.find(qn("w:date")) for pr in root.iter(qn("w:sdtPr"))
               if pr.find(qn("w:date")) is not None}
    assert val(pickers[tag].find(qn("w:dateFormat"))) == pattern
    assert val(pickers[tag].find(qn("w:lid"))) == "zh-CN"


def test_the_registration_form_asks_birth_and_qualification_by_month(forms: Path) -> None:
    root = document_root(forms / BLANKS[3])
    formats = {val(pr.find(qn("w:tag"))): val(pr.find(f"{qn('w:date')}/{qn('w:dateFormat')}"))
               for pr in root.iter(qn("w:sdtPr")) if pr.find(qn("w:date")) is not None}
    assert formats == {"birth_month": "yyyy年M月", "qualified_month": "yyyy年M月",
                       "trainee_date": "yyyy年M月d日", "review_date": "yyyy年M月d日"}


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_editing_is_restricted_to_filling_in_forms_without_password(forms: Path, number: int) -> None:
    protection = part(forms / BLANKS[number], "word/settings.xml").find(qn("w:documentProtection"))
    assert dict(protection.attrib) == {qn("w:edit"): "forms", qn("w:enforcement"): "1"}


@pytest.mark.parametrize(("number", "landscape"), [(1, True), (2, True), (3, False), (4, True)])
def test_pages_are_a4(forms: Path, number: int, landscape: bool) -> None:
    size = document_root(forms / BLANKS[number]).find(f".//{qn('w:sectPr')}/{qn('w:pgSz')}")
    width, height = int(val(size, "w:w")), int(val(size, "w:h"))
    assert (width, height) == ((16838, 11906) if landscape else (11906, 16838))
    assert val(size, "w:orient") == ("landscape" if landscape else None)  # portrait is the default


def style_fonts(docx: Path) -> dict[str, tuple[str | None, str | None]]:
    """Style name → (East Asian font, size in half-points)."""
    styles = part(docx, "word/styles.xml")
    found = {}
    for style in styles.iter(qn("w:style")):
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        found[val(style.find(qn("w:name")))] = (val(fonts, "w:eastAsia"), val(style.find(f"{qn('w:rPr')}/{qn('w:sz')}")))
    return found


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_gbt_9704_fonts_are_set_for_chinese_text(forms: Path, number: int) -> None:
    fonts = style_fonts(forms / BLANKS[number])
    assert fonts["附件标签"] == ("黑体", "32")  # 三号
    assert fonts["表格标题"] == ("方正小标宋简体", "44")  # 二号
    assert fonts["表格文字"][0] == fonts["Normal"][0] == "仿宋_GB2312"
    root = document_root(forms / BLANKS[number])
    label, title = root.find(qn("w:body")).findall(qn("w:p"))[:2]
    assert [val(r, "w:eastAsia") for r in label.iter(qn("w:rFonts"))] == ["黑体"]
    assert [val(r, "w:eastAsia") for r in title.iter(qn("w:rFonts"))] == ["方正小标宋简体"]


def test_fonts_fall_back_to_what_windows_has(forms: Path) -> None:
    table = part(forms / BLANKS[2], "word/fontTable.xml")
    fallbacks = {val(font, "w:name"): val(font.find(qn("w:altName"))) for font in table.iter(qn("w:font"))}
    assert fallbacks["仿宋_GB2312"] == "仿宋"
    assert fallbacks["方正小标宋简体"] == "宋体"


@pytest.mark.parametrize("number", [1, 2, 4])
def test_list_tables_repeat_their_header_and_never_split_a_row(forms: Path, number: int) -> None:
    table = document_root(forms / BLANKS[number]).findall(f".//{qn('w:tbl')}")[-2 if number != 1 else -1]
    rows = table.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])


@pytest.mark.parametrize("number", [2, 3, 4])
def test_the_heading_names_annex_year_province_and_who_fills_it_in(forms: Path, edition: Edition,
                                                                   number: int) -> None:
    paragraphs = [paragraph_text(p) for p in document_root(forms / BLANKS[number]).find(qn("w:body"))
                  .findall(qn("w:p"))[:3]]
    annex = edition.notice.annex[number]
    assert paragraphs == [f"附件{number}", f"2012年度{annex.title}", f"（{annex.filled_by}）"]
    assert "黑龙江省" in paragraphs[1]


def test_blank_rows_follow_the_notice(shipped_edition: Edition, tmp_path: Path) -> None:
    notice = shipped_edition.notice.model_copy(update={"form_rows": 7})
    write_forms(dataclasses.replace(shipped_edition, notice=notice, catalog=Catalog()), tmp_path, pdf=False)
    tags = [c.tag for c in read_controls(tmp_path / BLANKS[4])]
    assert [t for t in tags if t.startswith("name_")] == [f"name_{n}" for n in range(1, 8)]
    assert shipped_edition.notice.form_rows == 30  # the default, when notice.yml does not say


@pytest.mark.parametrize("tag", sorted({tag for tag, _ in LIST_HEAD + LIST_FOOT + REGISTRATION}
                                       | {f"{tag}_N" for rows in ROWS.values() for tag, _ in rows}))
def test_readme_documents_every_tag(tag: str) -> None:
    assert f"`{tag}`" in README


def test_core_properties_carry_publish_date_and_issuer(forms: Path, edition: Edition) -> None:
    core = part(forms / BLANKS[2], "docProps/core.xml")
    texts = {element.tag.split("}")[1]: element.text for element in core}
    assert texts["created"] == texts["modified"] == "2012-01-09T00:00:00Z"
    assert texts["creator"] == texts["lastModifiedBy"] == edition.notice.issuer
    assert texts["title"] == f"附件2 {edition.notice.annex[2].title}"


def test_zip_entries_carry_the_publish_date(forms: Path) -> None:
    with zipfile.ZipFile(forms / BLANKS[2]) as package:
        assert {info.date_time for info in package.infolist()} == {(2012, 1, 9, 0, 0, 0)}


# --- Golden texts ------------------------------------------------------------------------------

def golden_text(docx: Path) -> str:
    """The form as text, each control as [tag kind: prompt | choices]."""
    root = document_root(docx)
    for sdt in list(root.iter(qn("w:sdt"))):
        pr = sdt.find(qn("w:sdtPr"))
        choices = [item.get(qn("w:value")) for item in pr.iter(qn("w:listItem"))]
        summary = f"[{val(pr.find(qn('w:tag')))} {control_kind(sdt)}: {paragraph_text(sdt)}"
        summary += f" | {'/'.join(choices)}]" if choices else "]"
        replacement = etree.SubElement(sdt.getparent(), qn("w:r"))
        etree.SubElement(replacement, qn("w:t")).text = summary
        sdt.addprevious(replacement)
        sdt.getparent().remove(sdt)
    lines = []
    for paragraph in root.iter(qn("w:p")):
        text = paragraph_text(paragraph).replace("\n", "⏎")
        if text:
            lines.append(text)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_blank_forms_match_their_golden_text(forms: Path, number: int) -> None:
    expected = (FIXTURES / f"annex{number}.txt").read_text(encoding="utf-8")
    assert golden_text(forms / BLANKS[number]) == expected


def refresh_golden() -> None:
    """Rewrite tests/fixtures/forms/ from the current templates."""
    import tempfile

    base = load_edition(ROOT / "data" / "2012")
    edition = dataclasses.replace(base, notice=base.notice.model_copy(update={"form_rows": 3}), catalog=CATALOG)
    with tempfile.TemporaryDirectory() as folder:
        write_forms(edition, Path(folder), pdf=False)
        FIXTURES.mkdir(parents=True, exist_ok=True)
        for number, name in BLANKS.items():
            (FIXTURES / f"annex{number}.txt").write_text(golden_text(Path(folder) / name), encoding="utf-8")
            print(FIXTURES / f"annex{number}.txt")


if __name__ == "__main__":
    refresh_golden()
