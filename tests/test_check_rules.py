"""Every rule of the check fires on its broken fixture with its exact words, and the shipped
data gives exactly the findings the README lists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from hrnotice.checks import RULES, Severity, run_checks
from hrnotice.load import load_years
from hrnotice.newyear import start_next_year

from .conftest import ROOT, edit

FIXTURES = ROOT / "tests" / "fixtures" / "check"
SHIPPED_FINDINGS = [
    "data/notice.md:11: 提示 misused-words: “登陆”应为“登录”：“登陆”是登上陆地；进入网站或系统是“登录”；请改正",
    "data/notice.md:31: 提示 item-number-style: 第三层序号写成了“1、”，GB/T 9704-2012 写作“1.”；请改为 {{ 1 | item_number }}",
    "data/notice.md:33: 提示 item-number-style: 第三层序号写成了“2、”，GB/T 9704-2012 写作“2.”；请改为 {{ 2 | item_number }}",
    "data/notice.md:35: 提示 item-number-style: 第三层序号写成了“3、”，GB/T 9704-2012 写作“3.”；请改为 {{ 3 | item_number }}",
    "data/notice.md:37: 提示 item-number-style: 第三层序号写成了“4、”，GB/T 9704-2012 写作“4.”；请改为 {{ 4 | item_number }}",
    "data/notice.md:45: 提示 item-number-style: 附件说明的序号写成了“1、”，GB/T 9704-2012 写作“附件：1. ……”；"
    "请把“{{ a.number }}、”改为“{{ a.number | item_number }}”",
    "data/notice.yml:6: 警告 document-number-brackets: 发文字号“黑人社函【2012】5号”的年份应使用六角括号〔〕（GB/T 9704-2012）；"
    "请改为“黑人社函〔2012〕5号”",
    "data/notice.yml:23: 警告 document-number-brackets: 引用文件的发文字号“国人部发[2007]96号”的年份应使用六角括号〔〕"
    "（GB/T 9704-2012）；请改为“国人部发〔2007〕96号”",
    "data/notice.yml:29: 警告 deadline-day-off: 教学大纲报送截止日（schedule.syllabus_deadline）2012年3月25日是星期日，"
    "不是工作日；截止日请定在工作日，如前一个工作日 2012年3月23日",
    "data/notice.yml:34: 提示 completion-report-due: 最后的班次最迟 2012年6月30日 结束，其后第 10 个工作日是 2012年7月13日"
    "（星期五），即结业表最迟的报送日（已按法定节假日和调休计算）；请核对正文和培训院校的安排与此相符",
]


def without_templates(data: Path, forms: list[str]) -> None:
    """The year's own copy of the forms (data/forms/), without the templates of `forms`."""
    shutil.copytree(ROOT / "templates" / "forms", data / "forms")
    for name in forms:
        (data / "forms" / f"{name}.docx").unlink()


def fixture_cases() -> list:
    cases = []
    for rule_id in RULES:
        path = FIXTURES / f"{rule_id}.yml"
        table = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {"cases": [{}]}
        for index, case in enumerate(table["cases"], start=1):
            cases.append(pytest.param(rule_id, case, id=f"{rule_id}-{index}"))
    return cases


@pytest.mark.parametrize(("rule_id", "case"), fixture_cases())
def test_each_rule_fires_on_its_fixture(workdir: Path, rule_id: str, case: dict) -> None:
    assert case, f"tests/fixtures/check/{rule_id}.yml is missing"
    for name, text in case.get("files", {}).items():  # files the shipped data does not have
        (workdir / "data" / name).write_text(text, encoding="utf-8")
    for name, edits in case.get("edits", {}).items():
        for old, new in edits:
            edit(workdir / "data" / name, old, new)
    if "missing_templates" in case:
        without_templates(workdir / "data", case["missing_templates"])
    if "next_year" in case:  # the rule compares a year with the one before: check next year's notice
        start_next_year(load_years(workdir / "data")[-1], 2013)
        for name, edits in case["next_year"].items():
            for old, new in edits:
                edit(workdir / "data" / name, old, new)
    *earlier, edition = load_years(workdir / "data")
    findings = run_checks(edition, previous=earlier[-1] if earlier else None)
    assert [str(f) for f in findings if f.rule == rule_id] == case["findings"]
    assert case["findings"], "a fixture must make its rule fire"


def test_the_shipped_data_gives_exactly_the_listed_findings(workdir: Path) -> None:
    findings = run_checks(load_years(workdir / "data")[-1])
    assert [str(f) for f in findings] == SHIPPED_FINDINGS


def test_the_readme_lists_the_shipped_findings() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # The README shows them as `python build.py check` prints them on the shipped data.
    assert [line for line in SHIPPED_FINDINGS if line not in readme] == []


@pytest.mark.parametrize("rule_id", list(RULES))
def test_each_rule_is_described(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.id)
    assert rule.summary and "\n" not in rule.summary
    assert isinstance(rule.severity, Severity)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"| `{rule.id}` | {rule.severity.label} |" in readme
