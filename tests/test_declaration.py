"""Declared once: a catalog column and a fifth kind of form added in the test's data alone (its own
forms.yml and templates), with no change to the program, are built, downloaded and read back."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from docx import Document
from lxml import html
from openpyxl import load_workbook

from hrnotice import pipeline
from hrnotice.catalog import load_catalog
from hrnotice.formspec import load_forms, sheet_layout
from hrnotice.formtemplates import write_templates
from hrnotice.intake.run import run_intake
from hrnotice.load import load_years
from hrnotice.formlayout import current_layout
from hrnotice.wordfile import Properties, WordDocument, read_controls

from .conftest import ROOT, edit, run
from .intake_helpers import MAN

pytestmark = pytest.mark.slow  # a whole build

DURATION = "    - {field: duration, header: 学制, width: 6}\n"
EVALUATION = """
  - kind: evaluation
    name: 学员评议表
    template: evaluation.docx
    stem: evaluation
    due: after_class
    excel: true
    landscape: true
    head:
      - {key: institution, label: 培训院校, required: true}
      - {key: specialty, label: 培训专业, kind: choice, choices: catalog, required: true}
    rows:
      - {key: name, label: 姓名, required: true, width: 24}
      - {key: id_number, label: 身份证号码, required: true, length: 18, width: 46}
      - {key: satisfaction, label: 满意程度, kind: choice, choices: [满意, 基本满意, 不满意], width: 30}
      - {key: comment, label: 意见和建议}
    foot:
      - {key: reporter, label: 填报人}
"""
ANNEX5 = """  - number: 5
    title: 黑龙江省专业技术人员继续教育知识更新培训学员评议表
    filled_by: 培训院校填报
    form: evaluation
"""


@pytest.fixture(scope="module")
def extended(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data with its own forms: a 学制 column in 附件1 and a 附件5 学员评议表, then built."""
    folder = tmp_path_factory.mktemp("declared")
    data = folder / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(ROOT / "templates" / "forms", data / "forms")
    declaration = data / "forms" / "forms.yml"
    text = declaration.read_text(encoding="utf-8")
    text = text.replace("    - {field: note, header: 备注", DURATION + "    - {field: note, header: 备注")
    declaration.write_text(text + EVALUATION, encoding="utf-8")
    write_templates(load_forms(data / "forms"), ["catalog", "evaluation"])
    facts = data / "notice.yml"
    edit(facts, "    form: completion\n", "    form: completion\n" + ANNEX5)
    edit(data / "notice.md", "（附件4）电子版", "（附件4）和《{{ annex[5].title }}》（附件5）电子版")
    rows = list(csv.reader(io.StringIO((data / "institutions.csv").read_text(encoding="utf-8-sig"), newline="")))
    rows = [row[:-1] + ["学制" if number == 0 else f"{number % 3 + 1}年", row[-1]] for number, row in enumerate(rows)]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (data / "institutions.csv").write_text(out.getvalue(), encoding="utf-8")
    pipeline.build(data, folder / "site", folder / "forms", pdf=False)
    return folder


def test_the_new_column_is_on_the_page_in_the_downloads_and_in_word(extended: Path) -> None:
    edition = load_years(extended / "data")[-1]
    values = [row["duration"] for row in edition.catalog.rows]
    assert set(values) == {"1年", "2年", "3年"}
    tree = html.fromstring((extended / "site" / "catalog" / "index.html").read_bytes())
    headers = tree.xpath("//table[contains(@class, 'catalog-table')]/thead//th/@data-field")
    column = headers.index("duration")
    assert [tr.xpath("td")[column].text_content() for tr in tree.xpath("//table[contains(@class, 'catalog-table')]/tbody/tr")] == values
    styles = (extended / "site" / "assets" / "catalog-columns.css").read_text(encoding="utf-8")
    assert f"td:nth-child({column + 1})::before {{ content: \"学制\" \"：\"; }}" in styles
    downloaded = (extended / "site" / "catalog" / "annex1.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(downloaded.decode("utf-8-sig"), newline="")))
    assert rows[0][-2:] == ["学制", "备注"] and [row[-2] for row in rows[1:]] == values
    # The download reads back as next year's data, the new column included.
    (extended / "again.csv").write_bytes(downloaded)
    assert [row["duration"] for row in load_catalog(extended / "again.csv", edition.forms.catalog).rows] == values
    word = Document(str(extended / "forms" / "2012" / "annex1-catalog.docx"))
    assert [cell.text for cell in word.tables[0].rows[1].cells] == ["专业科目", "培训专业", "学制", "备注"]


def test_the_fifth_form_is_made_offered_and_read_back(extended: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forms = extended / "forms" / "2012"
    assert (forms / "annex5-evaluation.docx").is_file() and (forms / "annex5-evaluation.xlsx").is_file()
    assert (forms / "institutions" / "001" / "annex5-evaluation.docx").is_file()
    page = (extended / "site" / "forms" / "index.html").read_text(encoding="utf-8")
    assert "附件5　黑龙江省专业技术人员继续教育知识更新培训学员评议表" in page
    assert 'href="annex5-evaluation.docx"' in page and 'href="annex5-evaluation.xlsx"' in page
    copy = forms / "institutions" / "001" / "annex5-evaluation.docx"
    controls = {c.tag: c for c in read_controls(copy)}
    assert controls["satisfaction_1"].choices == ("满意", "基本满意", "不满意")
    monkeypatch.chdir(extended)
    returns = extended / "收回"
    returns.mkdir()
    edition = load_years(extended / "data")[-1]
    form = edition.forms.kind("evaluation")
    stamp = Properties("附件5", edition.notice.issuer, edition.notice.date_published, form.identifier,
                       current_layout(edition.forms, form).version)
    document = WordDocument.from_bytes("附件5", copy.read_bytes(), stamp)
    filled = document.to_bytes(values={"specialty": edition.catalog.institutions[0].specialties[0], "name_1": "张三",
                                       "id_number_1": MAN, "satisfaction_1": "满意", "comment_1": "很好"})
    (returns / "评议表.docx").write_bytes(filled)
    book = load_workbook(forms / "institutions" / "001" / "annex5-evaluation.xlsx")
    where = sheet_layout(edition.forms.kind("evaluation"))
    book.worksheets[0][where.head_cells["specialty"]] = edition.catalog.institutions[0].specialties[0]
    for key, value in (("name", "李四"), ("id_number", MAN), ("satisfaction", "不满意")):
        book.worksheets[0].cell(where.first_row, where.columns.index(key) + 2).value = value
    book.save(returns / "评议表.xlsx")
    result = run("--data", "data", "intake", "收回", "--out", "汇总")
    assert result.stdout.splitlines()[0].startswith("读取 2 份表格（附件5学员评议表 2 人）")
    roster = list(csv.reader(io.StringIO((extended / "汇总" / "学员评议表汇总.csv").read_text(encoding="utf-8-sig"))))
    assert roster[0][2:8] == ["培训院校", "培训专业", "姓名", "身份证号码", "满意程度", "意见和建议"]
    assert [(row[4], row[6]) for row in roster[1:]] == [("张三", "满意"), ("李四", "不满意")]
    assert any("同一人只能报一次" in row[-1] for row in roster[1:])  # the same ID twice: the checks know the key
