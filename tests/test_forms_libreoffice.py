"""A real reader: LibreOffice turns the blank forms into A4 PDFs and keeps every filled-in field.

CI installs Debian's libreoffice-writer and poppler-utils (scripts/install.sh); without them these
tests are skipped, and the skip shows in pytest's summary.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from hrnotice import libreoffice as libreoffice_module
from hrnotice.forms import FormsOutput, template_path, write_forms
from hrnotice.libreoffice import PdfConversion, program as libreoffice
from hrnotice.load import Edition
from hrnotice.model import Catalog
from hrnotice.wordfile import Properties, WordTemplate, read_controls

from .test_forms import edition, shipped_edition  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(libreoffice() is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice (libreoffice-writer) or pdftotext (poppler-utils) not installed")


@pytest.fixture(scope="module")
def made(edition: Edition, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FormsOutput]:
    """The forms with their PDFs: one LibreOffice call for the four blank forms."""
    folder = tmp_path_factory.mktemp("pdf") / "forms"
    return folder, write_forms(edition, folder)


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


def pdf_text(path: Path) -> str:
    """The PDF's text with all white space removed, so that wrapped titles still match."""
    output = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", "", output)


@pytest.mark.parametrize(("number", "size", "pages"), [
    (1, "841.89 x 595.276 pts (A4)", 1), (2, "841.89 x 595.276 pts (A4)", 1),
    (3, "595.276 x 841.89 pts (A4)", 1), (4, "841.89 x 595.276 pts (A4)", 1),
])
def test_blank_forms_become_a4_pdfs(made: tuple[Path, FormsOutput], number: int, size: str, pages: int) -> None:
    folder, output = made
    [annex] = [a for a in output.annexes if a.annex.number == number]
    assert annex.pdf is not None and annex.pdf.path == annex.docx.path.replace(".docx", ".pdf")
    info = pdf_info(folder / annex.pdf.path)
    assert info["Page size"].strip().replace("595.304", "595.276") == size
    assert int(info["Pages"]) == pages


@pytest.mark.parametrize(("number", "words"), [
    (1, ["附件1", "2012年度培训院校及专业科目培训专业明细", "甲大学", "土木工程", "乙学院"]),
    (2, ["附件2", "2012年度黑龙江省专业技术人员继续教育知识更新培训学员录取表", "（培训院校填报）", "身份证号码",
         "任职资格级别", "点击输入姓名", "院校盖章"]),
    (3, ["附件3", "学员登记表", "（学员与培训院校共同填报）", "毕业院校及专业", "☐公需科目", "照片", "（盖章）"]),
    (4, ["附件4", "学员结业表", "网络函授学时", "公需科目成绩", "证书编号"]),
])
def test_pdfs_carry_the_forms_text(made: tuple[Path, FormsOutput], number: int, words: list[str]) -> None:
    folder, output = made
    [annex] = [a for a in output.annexes if a.annex.number == number]
    text = pdf_text(folder / annex.pdf.path)
    assert [word for word in words if word not in text] == []


def test_long_lists_repeat_the_header_on_every_page(edition: Edition, tmp_path: Path) -> None:
    notice = edition.notice.model_copy(update={"form_rows": 40})
    write_forms(dataclasses.replace(edition, notice=notice, catalog=Catalog()), tmp_path)
    pages = subprocess.run(["pdftotext", str(tmp_path / "annex2-admission.pdf"), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")
    pages = [re.sub(r"\s+", "", page) for page in pages if page.strip()]
    assert len(pages) >= 2
    assert all("身份证号码" in page for page in pages)


def test_pdfs_are_byte_identical_across_runs(made: tuple[Path, FormsOutput], tmp_path: Path) -> None:
    folder, output = made
    docx = [tmp_path / a.docx.path for a in output.annexes]
    for path in docx:
        shutil.copy(folder / path.name, path)
    conversion = PdfConversion(docx, date(2012, 1, 9))
    conversion.start()
    made_again, warnings = conversion.finish()
    assert warnings == []
    assert {p.name: p.read_bytes() for p in made_again.values()} == {
        a.pdf.path: (folder / a.pdf.path).read_bytes() for a in output.annexes}


def test_without_libreoffice_the_build_says_so(edition: Edition, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(libreoffice_module, "program", lambda: None)
    output = write_forms(edition, tmp_path)
    assert output.warnings == ["未安装 LibreOffice（Debian 软件包 libreoffice-writer），没有生成表格的 PDF 版；"
                               "Word 表格照常生成。安装方法：以 root 运行 bash scripts/install.sh"]
    assert [a.pdf for a in output.annexes] == [None] * 4
    assert not list(tmp_path.glob("*.pdf"))


def sample_value(kind: str, tag: str, choices: tuple[str, ...]) -> object:
    """A value of the control's kind; text with characters that XML and Markdown treat specially."""
    return {"rich_text": f"<{tag}> & “引号” | **x**", "drop_down": choices[-1] if choices else None,
            "date": date(2012, 4, 6), "check_box": True}[kind]


@pytest.mark.parametrize("number", [2, 3, 4])
def test_a_filled_form_keeps_every_field_through_libreoffice(tmp_path: Path, number: int) -> None:
    context = {"annex_label": f"附件{number}", "year": 2012, "title": "表", "filled_by": "填"}
    if number != 3:
        context["row_numbers"] = [1, 2]
    document = WordTemplate(template_path(number)).render(
        context, Properties("表", "黑龙江省人力资源和社会保障厅", date(2012, 1, 9)))
    choices = {"specialty": ["土木工程", "农学"]}
    blank = read_controls(document.to_bytes(choices=choices))
    values = {c.tag: sample_value(c.kind, c.tag, c.choices) for c in blank}
    filled = tmp_path / "filled.docx"
    filled.write_bytes(document.to_bytes(values=values, choices=choices))
    (tmp_path / "out").mkdir()
    subprocess.run([libreoffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp_path / "out"), str(filled)],
                   check=True, capture_output=True, timeout=120)
    back = read_controls(tmp_path / "out" / "filled.docx")
    # LibreOffice drops tags and titles: fields are matched by position, as a reader must.
    assert [(c.kind, c.value) for c in back] == [(c.kind, values[c.tag]) for c in blank]
