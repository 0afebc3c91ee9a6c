"""Several years side by side: each at its own address, earlier years untouched by later ones."""

from __future__ import annotations

import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import html

from hrnotice import pipeline

from .conftest import DATA, ROOT, edit, run
from .html_text import blocks


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_new_year_archives_the_notice_with_its_forms(years: Path) -> None:
    archive = years / "data" / "2012"
    assert sorted(p.name for p in archive.iterdir()) == ["forms", "institutions.csv", "notice.md", "notice.yml"]
    assert digest(archive / "forms") == digest(ROOT / "templates" / "forms")
    assert (archive / "notice.yml").read_bytes() == (DATA / "notice.yml").read_bytes()
    assert (years / "data" / "notice.md").read_bytes() == (DATA / "notice.md").read_bytes()


@pytest.mark.slow
def test_adding_a_year_changes_no_byte_of_the_years_before(years: Path) -> None:
    alone = years / "alone"
    shutil.copytree(DATA, alone / "data")
    pipeline.build(alone / "data", alone / "site", alone / "forms", pdf=False)
    pipeline.build(years / "data", years / "site", years / "forms", pdf=False)
    assert digest(years / "site" / "2012") == digest(alone / "site" / "2012")
    assert digest(years / "forms" / "2012") == digest(alone / "forms" / "2012")
    assert (years / "site" / "2013" / "notice" / "index.html").is_file()


def replace_in_template(template: Path, old: bytes, new: bytes) -> None:
    data = template.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(template, "w") as copy:
        for info in original.infolist():
            part = original.read(info)
            if info.filename == "word/document.xml":
                assert old in part
                part = part.replace(old, new)
            copy.writestr(info, part)


@pytest.mark.slow
def test_changing_this_year_s_form_leaves_an_archived_year_as_published(years: Path) -> None:
    pipeline.build(years / "data", years / "site", years / "forms", pdf=False)
    before = digest(years / "site" / "2012"), digest(years / "forms" / "2012")
    current = digest(years / "forms" / "2013")
    # This year's forms are edited (here in the year's own copy, data/forms/, not to touch templates/).
    shutil.copytree(ROOT / "templates" / "forms", years / "data" / "forms")
    replace_in_template(years / "data" / "forms" / "admission.docx", "培训院校（盖章）".encode(), "院校印章".encode())
    pipeline.build(years / "data", years / "site", years / "forms", pdf=False)
    assert (digest(years / "site" / "2012"), digest(years / "forms" / "2012")) == before
    assert digest(years / "forms" / "2013")["annex2-admission.docx"] != current["annex2-admission.docx"]


@pytest.mark.slow
def test_the_front_shows_the_newest_year_and_the_archive_lists_every_year(years: Path) -> None:
    pipeline.build(years / "data", years / "site", pdf=False)
    site = years / "site"
    assert blocks(site / "index.html", "article.md-content__inner")[0] == \
        "关于开展2013年度专业技术人员继续教育知识更新培训工作的通知"
    rows = html.fromstring((site / "archive" / "index.html").read_bytes()).xpath("//article//tbody/tr")
    assert [[td.text_content() for td in row.xpath("td")] for row in rows] == [
        ["2013", "关于开展2013年度专业技术人员继续教育知识更新培训工作的通知", "黑人社函〔2013〕3号", "2013年1月9日", "现行有效"],
        ["2012", "关于开展2012年度专业技术人员继续教育知识更新培训工作的通知", "黑人社函【2012】5号", "2012年1月9日", "已失效"],
    ]
    assert [row.xpath("td/a/@href")[0] for row in rows] == ["../2013/notice/", "../2012/notice/"]
    styles = (site / "validity.css").read_text(encoding="utf-8")
    assert '.validity[data-year="2012"] .validity__current { display: none; }' in styles
    assert "2013" not in styles
    page = (site / "2012" / "notice" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../validity.css"' in page and 'data-year="2012"' in page


def test_new_year_lists_what_still_needs_a_decision(workdir: Path) -> None:
    result = run("new-year", "2013")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["已把 2012 年度的通知归档到 data/2012/，并由它生成了 2013 年度的 data/notice.yml"
                         "（年份和日期已顺延；正文和培训院校原样沿用）", "以下事项需要人工确认或修改："]
    rules = [line.split(" ")[2].rstrip(":") for line in lines[2:-1]]
    assert "document-number-serial" in rules and rules.count("dates-carried-over") == 8
    assert ("data/notice.yml:28: 警告 deadline-day-off: 报名截止日（schedule.registration.end）2013年3月31日是星期日，"
            "不是工作日；截止日请定在工作日，如前一个工作日 2013年3月29日") in lines


def test_new_year_never_overwrites_an_archive_nor_goes_back(workdir: Path) -> None:
    assert run("new-year", "2012").stderr.splitlines()[0] == \
        "data/notice.yml:3: 错误 load: year: 新年度 2012 应晚于现行通知的年度 2012"
    (workdir / "data" / "2012").mkdir()
    (workdir / "data" / "2012" / "笔记.txt").write_text("keep me", encoding="utf-8")
    before = digest(workdir / "data")
    result = run("new-year", "2013")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "data/2012: 错误 load: 2012 年度的归档目录已经存在，不会覆盖；请先移走或删除该目录")
    assert digest(workdir / "data") == before


def test_diff_names_what_changed_between_two_years(years: Path) -> None:
    data = years / "data"
    edit(data / "notice.yml", "total: {hours: 72, days: 12}", "total: {hours: 90, days: 15}")
    csv = data / "institutions.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = lines.pop(1)  # the first specialty of the first institution
    csv.write_text("".join(lines), encoding="utf-8")
    result = run("diff", "2012", "2013")
    assert result.exit_code == 0
    institution, _city, _group, specialty = removed.split(",")[:4]
    assert "学时｜合计：72学时（12天） → 90学时（15天）" in result.stdout
    assert f"培训专业｜删除：{institution}·{specialty}" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("共 ")
    assert run("diff", "2011", "2013").exit_code == 2


def test_each_year_is_checked_by_its_own_hour_rules(years: Path) -> None:
    facts = years / "data" / "notice.yml"
    edit(facts, "  min_total_hours: 72", "  min_total_hours: 90\n  min_professional_share: 2/3")
    edit(facts, "document: 国人部发[2007]96号", "document: 人社部令第25号")
    result = run("check")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if "hour-rules" in line]
    assert errors == ["data/notice.yml:37: 错误 hour-rules: 合计 72学时，少于 人社部令第25号 规定的每年至少 90学时；"
                      "请增加学时，或核对 hour_rules"]
