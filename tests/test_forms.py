"""The fillable forms: their controls, tags, layout, fonts and protection, as Word reads them.

Every expectation is derived from the declaration (templates/forms/forms.yml), so the templates and
the declaration cannot drift apart. Golden texts of the blank forms are in tests/fixtures/forms/;
after a deliberate change to a template, refresh them with `python -m tests.test_forms` and review
the diff.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from docx.oxml.ns import qn
from lxml import etree

from hrnotice.forms import AnnexForms, FormsOutput, blank_forms, form_context
from hrnotice.formspec import CatalogColumn, FormField, FormKind, row_tag
from hrnotice.formtemplates import template_bytes
from hrnotice.wordfile import WordTemplate, control_kind, document_root, paragraph_text, read_controls

from .conftest import ROOT, shipped
from .helpers import catalog_of, with_catalog

FIXTURES = ROOT / "tests" / "fixtures" / "forms"
README = (ROOT / "README.md").read_text(encoding="utf-8")
KINDS = {"text": "rich_text", "number": "rich_text", "choice": "drop_down", "date": "date", "month": "date",
         "check": "check_box"}
CATALOG = catalog_of({"institution": "甲大学", "specialty": "土木工程"}, {"institution": "甲大学", "specialty": "电气工程"},
                     {"institution": "乙学院", "specialty": "农学"})
EDITION = with_catalog(CATALOG, form_rows=3)
FORMS = shipped().forms.forms


def blanks(edition=EDITION) -> FormsOutput:
    return blank_forms(edition)


BLANKS = {item.annex.form: item for item in blanks().annexes}


def blank(name: str) -> bytes:
    return BLANKS[name].docx.data


def expected_controls(form: FormKind, rows: int) -> list[tuple[str, str]]:
    """Every control of a blank form, in document order, as (tag, kind)."""
    head = [(f.key, KINDS[f.kind]) for f in form.head]
    numbered = [(row_tag(f.key, number), KINDS[f.kind]) for number in range(1, rows + 1) for f in form.rows]
    return head + numbered + [(f.key, KINDS[f.kind]) for f in form.foot]


def part(docx: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return etree.fromstring(package.read(name))


def val(element: etree._Element | None, attribute: str = "w:val") -> str | None:
    return None if element is None else element.get(qn(attribute))


@pytest.mark.parametrize("name", ["catalog", *(f.kind for f in FORMS)])
def test_each_template_uses_exactly_the_fields_it_is_given(name: str) -> None:
    edition = shipped()
    annex = edition.notice.annex_of(name)
    template = WordTemplate(edition.forms.template_path(name))
    assert template.variables() == set(form_context(edition, annex, edition.form_of(annex)))


@pytest.mark.parametrize("name", ["catalog", *(f.kind for f in FORMS)])
def test_the_committed_templates_are_what_the_declaration_makes(name: str) -> None:
    # A change to the generator must come with `python build.py templates` (and the golden texts).
    forms = shipped().forms
    assert forms.template_path(name).read_bytes() == template_bytes(forms, name), \
        "run .venv/bin/python build.py templates --no-keep-layout, then python -m tests.test_forms"


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_every_declared_field_is_a_control_of_its_kind_with_a_stable_tag(form: FormKind) -> None:
    controls = read_controls(blank(form.kind))
    assert [(c.tag, c.kind) for c in controls] == expected_controls(form, rows=3)
    for control in controls:
        field = form.field(re.sub(r"_\d+$", "", control.tag) if form.field(control.tag) is None else control.tag)
        assert control.alias == field.label
        if control.kind != "check_box":
            assert control.value is None, f"{control.tag} shows its prompt"
        if isinstance(field.choices, list):
            assert list(control.choices) == field.choices, control.tag
        elif field.choices == "catalog":
            assert list(control.choices) == CATALOG.specialties  # the blank form offers every specialty


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_control_ids_are_unique(form: FormKind) -> None:
    ids = [val(e) for e in document_root(blank(form.kind)).iter(qn("w:id")) if e.getparent().tag == qn("w:sdtPr")]
    assert len(ids) == len(expected_controls(form, rows=3))
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_prompts_say_what_to_enter(form: FormKind) -> None:
    prompts = {}
    for sdt in document_root(blank(form.kind)).iter(qn("w:sdt")):
        if sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None:
            prompts[val(sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}"))] = paragraph_text(sdt)
    labels = {row_tag(f.key, n): f.label for f in form.rows for n in (1, 2, 3)}
    for tag, prompt in prompts.items():
        # A head field says what to do; a cell of the trainee table names its column.
        assert re.fullmatch(r"点击(输入|选择).+", prompt) or prompt == labels.get(tag), (tag, prompt)


def test_date_pickers_show_chinese_dates_and_months() -> None:
    for form in FORMS:
        root = document_root(blank(form.kind))
        formats = {val(pr.find(qn("w:tag"))): val(pr.find(f"{qn('w:date')}/{qn('w:dateFormat')}"))
                   for pr in root.iter(qn("w:sdtPr")) if pr.find(qn("w:date")) is not None}
        expected = {f.key: "yyyy年M月d日" if f.kind == "date" else "yyyy年M月" for f in form.head + form.foot
                    if f.kind in ("date", "month")}
        assert {tag: pattern for tag, pattern in formats.items() if tag in expected} == expected


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_editing_is_restricted_to_filling_in_forms_without_password(form: FormKind) -> None:
    protection = part(blank(form.kind), "word/settings.xml").find(qn("w:documentProtection"))
    assert dict(protection.attrib) == {qn("w:edit"): "forms", qn("w:enforcement"): "1"}


@pytest.mark.parametrize("name", ["catalog", *(f.kind for f in FORMS)])
def test_pages_are_a4(name: str) -> None:
    landscape = name == "catalog" or shipped().forms.kind(name).landscape
    size = document_root(blank(name)).find(f".//{qn('w:sectPr')}/{qn('w:pgSz')}")
    width, height = int(val(size, "w:w")), int(val(size, "w:h"))
    assert (width, height) == ((16838, 11906) if landscape else (11906, 16838))
    assert val(size, "w:orient") == ("landscape" if landscape else None)  # portrait is the default


def style_fonts(docx: bytes) -> dict[str, tuple[str | None, str | None]]:
    """Style name → (East Asian font, size in half-points)."""
    found = {}
    for style in part(docx, "word/styles.xml").iter(qn("w:style")):
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        found[val(style.find(qn("w:name")))] = (val(fonts, "w:eastAsia"), val(style.find(f"{qn('w:rPr')}/{qn('w:sz')}")))
    return found


@pytest.mark.parametrize("name", ["catalog", *(f.kind for f in FORMS)])
def test_gbt_9704_fonts_are_set_for_chinese_text(name: str) -> None:
    fonts = style_fonts(blank(name))
    assert fonts["附件标签"] == ("黑体", "32")  # 三号
    assert fonts["表格标题"] == ("方正小标宋简体", "44")  # 二号
    assert fonts["表格文字"][0] == fonts["Normal"][0] == "仿宋_GB2312"


def test_fonts_fall_back_to_what_windows_has() -> None:
    table = part(blank("admission"), "word/fontTable.xml")
    fallbacks = {val(font, "w:name"): val(font.find(qn("w:altName"))) for font in table.iter(qn("w:font"))}
    assert fallbacks["仿宋_GB2312"] == "仿宋"
    assert fallbacks["方正小标宋简体"] == "宋体"


def tables(docx: bytes) -> list[etree._Element]:
    return document_root(docx).findall(f"{qn('w:body')}/{qn('w:tbl')}")


@pytest.mark.parametrize("form", [f for f in FORMS if f.list_form], ids=lambda f: f.kind)
def test_the_trainee_table_repeats_its_header_and_never_splits_a_row(form: FormKind) -> None:
    table = next(t for t in tables(blank(form.kind)) if t.find(f".//{qn('w:tblHeader')}") is not None)
    rows = table.findall(qn("w:tr"))
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for r in rows)
    assert all(r.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for r in rows[1:])


@pytest.mark.parametrize("name", ["catalog", *(f.kind for f in FORMS)])
def test_no_two_tables_touch(name: str) -> None:
    # Word, WPS and LibreOffice merge tables that follow each other directly: a repeated header row
    # is then no longer the first row of its table and does not repeat.
    body = document_root(blank(name)).find(qn("w:body"))
    children = [child.tag for child in body]
    assert all(not (a == b == qn("w:tbl")) for a, b in zip(children, children[1:]))


def test_the_catalog_repeats_each_institution_s_name_on_every_page_it_runs_over() -> None:
    found = tables(blank("catalog"))
    assert len(found) == len(CATALOG.institutions)
    for table, institution in zip(found, CATALOG.institutions):
        first, headings = table.findall(qn("w:tr"))[:2]
        assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in (first, headings))
        assert paragraph_text(first).startswith(f"{institution.number}．{institution.name}")
        assert table.find(f".//{qn('w:vMerge')}") is None


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_the_heading_names_annex_year_province_and_who_fills_it_in(form: FormKind) -> None:
    paragraphs = [paragraph_text(p) for p in document_root(blank(form.kind)).find(qn("w:body"))
                  .findall(qn("w:p"))[:3]]
    annex = EDITION.notice.annex_of(form.kind)
    assert paragraphs[0] == f"附件{annex.number}"
    assert paragraphs[1].replace("\n", "") == f"2012年度{annex.title}"
    assert paragraphs[2] == f"（{annex.filled_by}）"
    assert "黑龙江省" in paragraphs[1]


def test_a_long_title_breaks_between_words_into_balanced_lines() -> None:
    title = [paragraph_text(p) for p in document_root(blank("registration")).find(qn("w:body")).findall(qn("w:p"))][1]
    assert title.split("\n") == ["2012年度黑龙江省专业技术人员", "继续教育知识更新培训学员登记表"]


def test_blank_rows_follow_the_notice() -> None:
    tags = [c.tag for c in read_controls(next(a for a in blanks(with_catalog(CATALOG, form_rows=7)).annexes
                                              if a.annex.form == "completion").docx.data)]
    assert [t for t in tags if t.startswith("name_")] == [f"name_{n}" for n in range(1, 8)]
    assert shipped().notice.form_rows == 30  # the default, when notice.yml does not say


def test_the_printable_version_has_no_prompts_and_lines_to_write_on() -> None:
    for item in BLANKS.values():
        root = document_root(item.printable.data)
        assert root.find(f".//{qn('w:sdt')}") is None
        text = "".join(paragraph_text(p) for p in root.iter(qn("w:p")))
        assert "点击" not in text and "选择" not in text
    registration = document_root(BLANKS["registration"].printable.data)
    underlined = [r for r in registration.iter(qn("w:r")) if r.find(f"{qn('w:rPr')}/{qn('w:u')}") is not None]
    assert [paragraph_text(r) for r in underlined] == ["\u3000" * 6]  # 缴费年度：______
    assert paragraph_text(registration).count("☐") == 3  # the check boxes, empty


def test_core_properties_carry_publish_date_issuer_and_the_form_stamp() -> None:
    core = part(blank("admission"), "docProps/core.xml")
    texts = {etree.QName(element).localname: element.text for element in core}
    namespaces = {etree.QName(element).localname: etree.QName(element).namespace for element in core}
    assert texts["created"] == texts["modified"] == "2012-01-09T00:00:00Z"
    assert texts["creator"] == texts["lastModifiedBy"] == EDITION.notice.issuer
    assert texts["title"] == f"附件2 {EDITION.notice.annex[2].title}"
    assert texts["identifier"] == "hrnotice-form-admission" and texts["version"].startswith("w")
    assert namespaces["version"] == namespaces["lastModifiedBy"] == \
        "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def test_zip_entries_carry_the_publish_date() -> None:
    with zipfile.ZipFile(io.BytesIO(blank("admission"))) as package:
        assert {info.date_time for info in package.infolist()} == {(2012, 1, 9, 0, 0, 0)}


@pytest.mark.parametrize(("model", "prefix"), [(FormKind, "forms[]."), (FormField, "字段."), (CatalogColumn, "columns[].")])
def test_readme_documents_every_attribute_of_the_declaration(model, prefix: str) -> None:
    # The declaration (forms.yml) lists the forms' fields; the README explains what each attribute means.
    assert [name for name in model.model_fields if f"`{name}`" not in README] == []


# --- Golden texts ------------------------------------------------------------------------------

def golden_text(docx: bytes) -> str:
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


@pytest.mark.parametrize("item", list(BLANKS.values()), ids=lambda a: a.stem)
def test_blank_forms_match_their_golden_text(item: AnnexForms) -> None:
    expected = (FIXTURES / f"{item.stem}.txt").read_text(encoding="utf-8")
    assert golden_text(item.docx.data) == expected


def refresh_golden() -> None:
    """Rewrite tests/fixtures/forms/ from the current templates."""
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for item in BLANKS.values():
        path = FIXTURES / f"{item.stem}.txt"
        path.write_text(golden_text(item.docx.data), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    refresh_golden()
