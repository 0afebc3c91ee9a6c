"""The forms in the build: the `forms/` folder, the same files in the site, and the forms page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import html

from .conftest import page, run, shipped

SHIPPED_INSTITUTIONS = len(shipped().catalog.institutions)
BLANK_FORMS = ["annex1-catalog.docx", "annex2-admission.docx", "annex3-registration.docx", "annex4-completion.docx"]
BLANK_SHEETS = ["annex2-admission.xlsx", "annex4-completion.xlsx"]  # the Excel versions of the list forms


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def forms_page(site: Path) -> html.HtmlElement:
    return html.fromstring((site / "forms" / "index.html").read_bytes()).xpath("//article")[0]


@pytest.mark.slow
def test_the_build_writes_forms_and_serves_the_same_files(workdir: Path) -> None:
    result = run("--site", "public", "--forms", "returns", "--no-pdf")
    assert result.exit_code == 0, result.stderr
    count = len(BLANK_FORMS) + len(BLANK_SHEETS) + 4 * SHIPPED_INSTITUTIONS
    assert f"表格 {count} 份" in result.stdout
    made = files(workdir / "returns" / "2012")  # one folder per year
    assert made.pop(".hrnotice-output", None) is None  # the marker is the folder's, not the year's
    assert len(made) == count
    assert sorted(name for name in made if "/" not in name) == sorted(BLANK_FORMS + BLANK_SHEETS)
    for served_at in (workdir / "public" / "forms", workdir / "public" / "2012" / "forms"):
        served = files(served_at)
        del served["index.html"]
        assert served == made


@pytest.mark.slow
def test_the_forms_page_lists_each_annex_with_who_when_and_sizes(shipped_site: Path) -> None:
    page = forms_page(shipped_site)
    sections = {h.text_content(): h for h in page.iter("h2")}
    assert list(sections)[:4] == [
        "附件1　培训院校及专业科目培训专业明细",
        "附件2　黑龙江省专业技术人员继续教育知识更新培训学员录取表",
        "附件3　黑龙江省专业技术人员继续教育知识更新培训学员登记表",
        "附件4　黑龙江省专业技术人员继续教育知识更新培训学员结业表",
    ]
    items = [li.text_content() for li in sections[list(sections)[3]].getnext().iter("li")]
    assert items[:2] == ["填报：培训院校填报", "报送时间：各培训班结束后10个工作日内报送电子版（最迟2012年7月13日）"]
    items = [li.text_content() for li in sections[list(sections)[1]].getnext().iter("li")]
    assert items[1] == "报送时间：各培训班开班前报送（培训班次于2012年4月6日至6月12日期间举办）"


@pytest.mark.slow
def test_every_download_link_names_its_real_size(shipped_site: Path) -> None:
    links = forms_page(shipped_site).xpath(
        ".//a[contains(@href, '.docx') or contains(@href, '.pdf') or contains(@href, '.xlsx')]")
    assert len(links) == 2 * len(BLANK_FORMS) + len(BLANK_SHEETS) + 4 * SHIPPED_INSTITUTIONS
    for link in links:
        target = shipped_site / "forms" / link.get("href")
        assert target.is_file(), link.get("href")
        shown = re.search(r"（(\d+) KB）", link.text_content())
        assert shown and int(shown.group(1)) == max(1, round(target.stat().st_size / 1024)), link.get("href")


@pytest.mark.slow
def test_each_institution_has_its_prefilled_forms_and_a_name_filter(shipped_site: Path) -> None:
    page = forms_page(shipped_site)
    rows = page.xpath(".//div[contains(@class, 'institution-forms')]//tbody/tr")
    names = [row.xpath("./td")[0].text_content() for row in rows]
    assert names == [i.name for i in shipped().catalog.institutions]
    assert [a.get("href") for a in rows[0].xpath(".//a")] == [
        "institutions/001/annex2-admission.docx", "institutions/001/annex2-admission.xlsx",
        "institutions/001/annex4-completion.docx", "institutions/001/annex4-completion.xlsx"]
    [box] = page.xpath(".//form[contains(@class, 'institution-filter')]")
    assert box.get("hidden") is not None  # shown by the script; without it the full list remains
    assert box.xpath(".//label/input/@name") == ["find"]
    assert page.xpath(".//script") == []  # the filter is assets/forms.js, loaded with the page


HOSTILE = ["<script>alert(1)</script>学院", "A | B 学院", "**x** 学院", "{{ 7*7 }} 学院", "& < > \" ' 学院"]


def test_institution_names_show_literally_on_the_forms_page() -> None:
    from hrnotice.forms import make_forms
    from hrnotice.site import YearFiles

    from .helpers import catalog_of, with_catalog

    edition = with_catalog(catalog_of(*({"institution": name, "specialty": "土木工程"} for name in HOSTILE)))
    tree = page(edition, "forms.md", YearFiles(forms=make_forms(edition)))
    rows = tree.xpath("//div[contains(@class, 'institution-forms')]//tbody/tr")
    assert [row.xpath("./td")[0].text_content() for row in rows] == HOSTILE
    assert tree.xpath("//script | //strong") == []


@pytest.mark.parametrize(("value", "message"), [
    ("0", "form_rows: 不能小于 1，而现在是 0"),
    ("三十", "form_rows: 应为整数，而不是“三十”"),
])
def test_the_number_of_blank_rows_is_checked(workdir: Path, value: str, message: str) -> None:
    facts = workdir / "data" / "notice.yml"
    text = facts.read_text(encoding="utf-8").rstrip("\n")
    facts.write_text(f"{text}\nform_rows: {value}\n", encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    line = text.count("\n") + 2
    assert f"data/notice.yml:{line}: 错误 load: {message}" in result.stderr.splitlines()
