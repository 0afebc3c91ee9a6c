"""Readers we did not write: LibreOffice prints the blank forms and opens the Excel versions.

What an institution prints must be fillable by hand: A4, every page with its column headings, no
prompt text, labels broken only between words, and every continuation page of 附件1 saying whose
specialties it lists. Measured from the PDFs themselves (`pdftotext -bbox-layout`, `pdfinfo`); page
1 and 2 of each form are rendered to PNG in tests/artifacts/forms/ for a person to look at.
"""

from __future__ import annotations

import io
import logging
import re
import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jieba
import pytest
from openpyxl import load_workbook

from hrnotice import libreoffice
from hrnotice.forms import AnnexForms, make_forms
from hrnotice.formspec import FormKind
from hrnotice.libreoffice import PdfConversion
from hrnotice.wordfile import Properties, WordTemplate, read_controls

from .conftest import ROOT, shipped
from .helpers import catalog_of, with_catalog

pytestmark = pytest.mark.slow  # LibreOffice
ARTIFACTS = ROOT / "tests" / "artifacts" / "forms"
A4_LANDSCAPE, A4_PORTRAIT = (842, 595), (595, 842)  # points, rounded: 297 × 210 mm
# A long catalog (one institution over more than a page) and forms with many blank rows.
LONG = with_catalog(catalog_of(*({"institution": "甲大学", "specialty": f"第{n}专业"} for n in range(60)),
                               *({"institution": "乙学院", "specialty": f"农学{n}"} for n in range(5))), form_rows=40)


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    left: float
    text: str


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each blank form's printable version as LibreOffice prints it, for the shipped data and the long one."""
    folder = tmp_path_factory.mktemp("printed")
    files = {}
    for name, edition in (("shipped", shipped()), ("long", LONG)):
        for item in make_forms(edition).annexes:
            files[f"{name}-{item.stem}.docx"] = item.printable.data
    pdfs, warnings = PdfConversion(files, date(2012, 1, 9)).start().finish()
    assert warnings == []
    made = {}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, data in pdfs.items():
        path = folder / name.replace(".docx", ".pdf")
        path.write_bytes(data)
        made[path.stem] = path
        subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "2", str(path), str(ARTIFACTS / path.stem)],
                       check=True)
    return made


def pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(round(float(w)), round(float(h))) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def blocks(pdf: Path) -> list[list[Line]]:
    """The PDF's text blocks (a table cell is one), each a list of lines, page by page."""
    from lxml import etree

    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    found = []
    for number, page in enumerate(etree.fromstring(xhtml).iterfind(".//x:page", ns), 1):
        for block in page.iterfind(".//x:block", ns):
            found.append([Line(number, float(line.get("yMin")), float(line.get("xMin")),
                               "".join(w.text for w in line.iterfind("x:word", ns)))
                          for line in block.iterfind("x:line", ns)])
    return found


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


FORMS = shipped().forms.forms


def printed_form(printed: dict[str, Path], data: str, kind: str) -> Path:
    """The PDF of form `kind` (`catalog` for 附件1) made from the shipped or the long data."""
    return next(path for name, path in printed.items() if name.startswith(data) and name.endswith(f"-{kind}"))


@pytest.mark.parametrize("data", ["shipped", "long"])
def test_every_page_is_a4(printed: dict[str, Path], data: str) -> None:
    for name, pdf in printed.items():
        if name.startswith(data):
            landscape = "registration" not in name
            assert set(pages(pdf)) == {A4_LANDSCAPE if landscape else A4_PORTRAIT}, name


def test_printable_forms_have_empty_cells_not_prompts(printed: dict[str, Path]) -> None:
    for name, pdf in printed.items():
        text = "".join(page_texts(pdf))
        assert not re.search(r"点击|输入|选择", text), name


@pytest.mark.parametrize("data", ["shipped", "long"])
@pytest.mark.parametrize("form", [f for f in FORMS if f.list_form], ids=lambda f: f.kind)
def test_every_page_of_a_list_form_has_its_whole_header_row(printed: dict[str, Path], form: FormKind,
                                                            data: str) -> None:
    # The shipped forms once put 培训院校（盖章） alone on a third page: the foot is one line now.
    texts = page_texts(printed_form(printed, data, form.stem))
    assert len(texts) >= 2
    for number, text in enumerate(texts, 1):
        missing = [f.label for f in form.rows if f.label not in text]
        assert missing == [], f"page {number} lacks {missing}"
    assert "培训院校（盖章）" in texts[-1] and all(f"{f.label}：" in texts[-1] for f in form.foot)


def word_boundaries(label: str) -> set[int]:
    jieba.setLogLevel(logging.WARNING)
    cuts, at = set(), 0
    for word in jieba.cut(label, HMM=False):
        at += len(word)
        cuts.add(at)
    return cuts


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.kind)
def test_labels_break_only_between_words(printed: dict[str, Path], form: FormKind) -> None:
    pdf = printed_form(printed, "shipped", form.stem)
    labels = {f.label for f in form.fields} | {f.group for f in form.fields if f.group}
    seen = set()
    for block in blocks(pdf):
        texts = [line.text for line in block]
        joined = "".join(texts)
        if joined in labels and len(texts) > 1:
            cuts = {sum(len(t) for t in texts[:i]) for i in range(1, len(texts))}
            assert cuts <= word_boundaries(joined), f"{joined} broken as {texts}"
        seen.update(label for label in labels if label in joined or label in texts)
    assert labels - seen == set(), "labels not printed whole or in whole words"


def test_a_long_title_is_balanced(printed: dict[str, Path]) -> None:
    pdf = printed_form(printed, "shipped", "registration")
    title = next(block for block in blocks(pdf) if "".join(line.text for line in block).startswith("2012年度"))
    assert [line.text for line in title] == ["2012年度黑龙江省专业技术人员", "继续教育知识更新培训学员登记表"]


def test_continuation_pages_of_the_catalog_name_their_institution(printed: dict[str, Path]) -> None:
    pdf = printed_form(printed, "long", "catalog")
    by_page: dict[int, list[Line]] = {}
    for block in blocks(pdf):
        for line in block:
            by_page.setdefault(line.page, []).append(line)
    assert len(by_page) >= 2
    for number, lines in sorted(by_page.items())[1:]:
        first = min(lines, key=lambda line: (round(line.top), line.left))
        assert re.match(r"\d+．(甲大学|乙学院)", first.text), f"page {number} starts with {first.text}"


def test_a_filled_form_keeps_every_field_through_libreoffice(tmp_path: Path) -> None:
    edition = shipped()
    for form in FORMS:
        annex = edition.notice.annex_of(form.kind)
        context = {"annex_label": f"附件{annex.number}", "title": "表", "filled_by": "填"}
        if form.list_form:
            context["row_numbers"] = [1, 2]
        document = WordTemplate(edition.forms.template_path(form.kind)).render(
            context, Properties("表", "黑龙江省人力资源和社会保障厅", date(2012, 1, 9)))
        choices = {f.key: ["土木工程", "农学"] for f in form.fields if f.choices == "catalog"}
        blank = read_controls(document.to_bytes(choices=choices))
        values = {c.tag: {"rich_text": f"<{c.tag}> & “引号” | **x**", "drop_down": (c.choices or ("",))[-1],
                          "date": date(2012, 4, 6), "check_box": True}[c.kind] for c in blank}
        filled = tmp_path / f"{form.kind}.docx"
        filled.write_bytes(document.to_bytes(values=values, choices=choices))
        (tmp_path / "out").mkdir(exist_ok=True)
        subprocess.run([libreoffice.program(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                        "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"),
                        str(filled)], check=True, capture_output=True, timeout=120)
        back = read_controls(tmp_path / "out" / f"{form.kind}.docx")
        # LibreOffice drops tags and titles: fields are matched by position, as a reader must.
        assert [(c.kind, c.value) for c in back] == [(c.kind, values[c.tag]) for c in blank], form.kind


# --- The Excel versions, in LibreOffice Calc -------------------------------------------------

@pytest.fixture(scope="module")
def calc(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, AnnexForms], Path]:
    """Each Excel form (blank and the first institution's copy) printed to PDF and saved back as .xlsx by Calc."""
    folder = tmp_path_factory.mktemp("calc")
    output = make_forms(LONG)
    sheets = {a.annex.form: a for a in output.annexes if a.xlsx is not None}
    for kind, item in sheets.items():
        (folder / f"{kind}.xlsx").write_bytes(item.xlsx.data)
        copy = next(x for annex, _docx, x in output.institutions[0].files if annex.form == kind)
        (folder / f"{kind}-copy.xlsx").write_bytes(copy.data)
    names = [str(p) for p in sorted(folder.glob("*.xlsx"))]
    profile = (folder / "profile").as_uri()
    for target, out in (("pdf", "pdf"), ("xlsx:Calc MS Excel 2007 XML", "back")):
        (folder / out).mkdir()
        subprocess.run([libreoffice.program(), f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        target, "--outdir", str(folder / out), *names], check=True, capture_output=True, timeout=300)
    return sheets, folder


def test_calc_prints_the_sheets_on_a4_landscape_with_the_header_on_every_page(calc) -> None:
    sheets, folder = calc
    for kind in sheets:
        pdf = folder / "pdf" / f"{kind}.pdf"
        assert set(pages(pdf)) == {A4_LANDSCAPE}, kind
        texts = page_texts(pdf)
        assert len(texts) >= 2
        form = shipped().forms.kind(kind)
        assert all(all(f.label in text for f in form.rows) for text in texts), kind  # fits the width, header repeated
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", str(pdf),
                        str(ARTIFACTS / f"excel-{kind}")], check=True)


def test_drop_downs_and_the_locked_head_survive_calc(calc) -> None:
    sheets, folder = calc
    for kind in sheets:
        form = shipped().forms.kind(kind)
        book = load_workbook(folder / "back" / f"{kind}-copy.xlsx")
        sheet = book.worksheets[0]
        assert sheet.protection.sheet, kind
        listed = {str(rule.sqref) for rule in sheet.data_validations.dataValidation if rule.type == "list"}
        choice_fields = [f for f in form.fields if f.kind == "choice"]
        assert len(listed) >= len(choice_fields), kind
        institution = sheet[next(iter(book.defined_names["institution"].destinations))[1].replace("$", "")]
        assert institution.value == LONG.catalog.institutions[0].name and institution.protection.locked


def test_a_sheet_read_back_from_calc_is_still_recognised(calc) -> None:
    sheets, folder = calc
    for kind in sheets:
        properties = load_workbook(io.BytesIO((folder / "back" / f"{kind}.xlsx").read_bytes())).properties
        assert properties.identifier == f"hrnotice-form-{kind}"
