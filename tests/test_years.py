"""Several years side by side: each at its own address, earlier years untouched by later ones."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from lxml import html

from hrnotice import pipeline

from .conftest import ROOT, edit, run
from .html_text import blocks


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def years(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with the shipped 2012 and a 2013 made by `new-year`, its serial assigned."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    assert run("new-year", "2013").exit_code == 0
    edit(tmp_path / "data" / "2013" / "notice.yml", "黑人社函【2013】号", "黑人社函〔2013〕3号")
    return tmp_path


def test_adding_a_year_changes_no_byte_of_the_years_before(years: Path) -> None:
    alone = years / "alone"
    shutil.copytree(years / "data" / "2012", alone / "data" / "2012")
    pipeline.build(alone / "data", alone / "site", alone / "forms", pdf=False)
    pipeline.build(years / "data", years / "site", years / "forms", pdf=False)
    assert digest(years / "site" / "2012") == digest(alone / "site" / "2012")
    assert digest(years / "forms" / "2012") == digest(alone / "forms" / "2012")
    assert (years / "site" / "2013" / "notice" / "index.html").is_file()


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


def test_only_earlier_years_are_marked_no_longer_in_force(years: Path) -> None:
    pipeline.build(years / "data", years / "site", pdf=False)
    styles = (years / "site" / "validity.css").read_text(encoding="utf-8")
    assert '.validity[data-year="2012"] .validity__current { display: none; }' in styles
    assert "2013" not in styles
    page = (years / "site" / "2012" / "notice" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../validity.css"' in page and 'data-year="2012"' in page


def test_new_year_lists_what_still_needs_a_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    result = run("new-year", "2013")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["已生成 data/2013/：institutions.csv、notice.md、notice.yml（由 2012 年度复制并顺延年份）",
                         "以下事项需要人工确认或修改："]
    rules = [line.split(" ")[2].rstrip(":") for line in lines[2:-1]]
    assert "document-number-serial" in rules and rules.count("dates-carried-over") == 8
    assert ("data/2013/notice.yml:28: 警告 deadline-day-off: 报名截止日（schedule.registration.end）2013年3月31日是星期日，"
            "不是工作日；截止日请定在工作日，如前一个工作日 2013年3月29日") in lines
    again = run("new-year", "2013")
    assert again.exit_code == 1
    assert again.stderr.splitlines()[0] == "data/2013: 2013 年度的数据已经存在，不会覆盖；如需重做，请先移走或删除该目录"


def test_diff_names_what_changed_between_two_years(years: Path) -> None:
    data = years / "data" / "2013"
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
    facts = years / "data" / "2013" / "notice.yml"
    edit(facts, "  min_total_hours: 72", "  min_total_hours: 90\n  min_professional_share: 2/3")
    edit(facts, "document: 国人部发[2007]96号", "document: 人社部令第25号")
    result = run("check")
    assert result.exit_code == 1
    errors = [line for line in result.stdout.splitlines() if "hour-rules" in line]
    assert errors == ["data/2013/notice.yml:37: 错误 hour-rules: 合计 72学时，少于 人社部令第25号 规定的每年至少 90学时；"
                      "请增加学时，或核对 hour_rules"]


def test_new_year_needs_the_data_in_year_folders(workdir: Path) -> None:
    result = run("new-year", "2013")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "data: 数据目录只有一个年度且不在年度子目录中；请把它移到 data/{年度}/ 下再生成新年度"
    assert not (workdir / "data" / "2013").exists()
