"""`python build.py check` and the build's use of it: output, JSON schema, exit codes, working days."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from hrnotice import workdays
from hrnotice.checks import run_checks
from hrnotice.load import load_edition, load_years

from .conftest import edit, run

# Every warning of the shipped data goes away with these edits; its hints stay.
WITHOUT_WARNINGS = [
    ("document_number: 黑人社函【2012】5号", "document_number: 黑人社函〔2012〕5号"),
    ("number: 国人部发[2007]96号", "number: 国人部发〔2007〕96号"),
    ("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2012-03-23"),
]
HOURS_ERROR = [("public: {hours: 24, days: 4}", "public: {hours: 30, days: 5}")]
HOURS_ERROR_LINES = [
    "data/notice.yml:37: 错误 hours-sum: 公需科目 30学时 + 专业科目 48学时 = 78学时，但合计（hours.total）是 72学时；请改正其中之一",
    "data/notice.yml:37: 错误 hours-sum: 公需科目 5天 + 专业科目 8天 = 13天，但合计（hours.total）是 12天；请改正其中之一",
]


def edit_facts(workdir: Path, edits: list[tuple[str, str]]) -> None:
    for old, new in edits:
        edit(workdir / "data" / "notice.yml", old, new)


@pytest.mark.parametrize(("edits", "args", "exit_code", "verdict"), [
    pytest.param([], [], 0, "检查通过：错误 0 条，警告 3 条，提示 7 条。", id="shipped"),
    pytest.param([], ["--strict"], 1, "检查未通过（--strict，警告视为错误）：错误 0 条，警告 3 条，提示 7 条。",
                 id="shipped-strict"),
    pytest.param(WITHOUT_WARNINGS, ["--strict"], 0, "检查通过：错误 0 条，警告 0 条，提示 7 条。",
                 id="hints-never-fail"),
    pytest.param(HOURS_ERROR, [], 1, "检查未通过：错误 2 条，警告 3 条，提示 7 条。请改正错误后再生成。", id="error"),
])
def test_exit_codes_and_verdict(workdir: Path, edits: list, args: list[str],
                                exit_code: int, verdict: str) -> None:
    edit_facts(workdir, edits)
    result = run("check", *args)
    assert result.exit_code == exit_code
    assert result.stdout.splitlines()[-1] == verdict


def test_findings_are_printed_sorted_by_file_and_line(workdir: Path) -> None:
    edit_facts(workdir, HOURS_ERROR)
    lines = run("check").stdout.splitlines()[:-1]
    assert [line for line in lines if " 错误 " in line] == HOURS_ERROR_LINES
    places = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert places == sorted(places)
    assert places[0][0] == "data/notice.md" and places[-1][0] == "data/notice.yml"


FINDING_KEYS = {"path": str, "line": int, "field": (str, type(None)), "severity": str, "label": str, "rule": str,
                "message": str}
LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


@pytest.mark.parametrize(("edits", "args", "ok"), [
    pytest.param([], [], True, id="shipped"),
    pytest.param([], ["--strict"], False, id="shipped-strict"),
    pytest.param(HOURS_ERROR, [], False, id="error"),
])
def test_json_output_schema(workdir: Path, edits: list, args: list[str], ok: bool) -> None:
    edit_facts(workdir, edits)
    result = run("check", "--format", "json", *args)
    document = json.loads(result.stdout)
    assert set(document) == {"ok", "strict", "counts", "findings"}
    assert document["ok"] is ok and result.exit_code == (0 if ok else 1)
    assert document["strict"] is ("--strict" in args)
    for finding in document["findings"]:
        assert set(finding) == set(FINDING_KEYS)
        assert all(isinstance(value, FINDING_KEYS[key]) for key, value in finding.items())
        assert finding["label"] == LABELS[finding["severity"]]
    severities = [f["severity"] for f in document["findings"]]
    assert document["counts"] == {s: severities.count(s) for s in LABELS}


def test_json_output_reports_unreadable_data_too(workdir: Path) -> None:
    edit_facts(workdir, [("years: 5", "years: 五年")])
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "ok": False, "strict": False, "counts": {"error": 1, "warning": 0, "info": 0},
        "findings": [{"path": "data/notice.yml", "line": 52, "field": "cycle.years", "severity": "error",
                      "label": "错误", "rule": "load", "message": "应为整数，而不是“五年”"}],
    }


def test_the_build_refuses_data_with_errors(workdir: Path) -> None:
    edit_facts(workdir, HOURS_ERROR)
    result = run()
    assert result.exit_code == 1
    assert result.stderr.splitlines() == HOURS_ERROR_LINES + ["发现 2 个问题，未生成任何文件。"]
    assert sorted(p.name for p in workdir.iterdir()) == ["data"]


@pytest.mark.slow
def test_the_build_prints_warnings_and_counts_them(workdir: Path) -> None:
    result = run("--site", "out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        "data/notice.yml:6: 警告 document-number-brackets: 发文字号“黑人社函【2012】5号”的年份应使用六角括号〔〕"
        "（GB/T 9704-2012）；请改为“黑人社函〔2012〕5号”",
        "data/notice.yml:23: 警告 document-number-brackets: 引用文件的发文字号“国人部发[2007]96号”的年份应使用六角括号〔〕"
        "（GB/T 9704-2012）；请改为“国人部发〔2007〕96号”",
        "data/notice.yml:29: 警告 deadline-day-off: 教学大纲报送截止日（schedule.syllabus_deadline）2012年3月25日是星期日，"
        "不是工作日；截止日请定在工作日，如前一个工作日 2012年3月23日",
        "另有提示 7 条，运行 python build.py check 查看。",
    ]
    assert "警告 3 条" in result.stdout


@pytest.mark.parametrize(("day", "working"), [
    (date(2012, 3, 25), False),  # Sunday
    (date(2012, 3, 31), True),   # Saturday, make-up working day for 清明
    (date(2012, 4, 1), True),    # Sunday, make-up working day for 清明
    (date(2012, 4, 2), False),   # Monday off in exchange
    (date(2012, 6, 22), False),  # 端午 holiday on a Friday
    (date(2012, 6, 29), True),
])
def test_the_2012_calendar(day: date, working: bool) -> None:
    assert workdays.is_working_day(day) is working


def test_ten_working_days_after_30_june_2012_end_on_13_july() -> None:
    assert workdays.add_working_days(date(2012, 6, 30), 10) == date(2012, 7, 13)


@pytest.mark.parametrize(("edits", "flagged"), [
    pytest.param([], ["教学大纲报送截止日（schedule.syllabus_deadline）2012年3月25日是星期日"],
                 id="shipped-25-march-sunday-but-not-31-march-make-up-day"),
    pytest.param([("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2012-04-04")],
                 ["教学大纲报送截止日（schedule.syllabus_deadline）2012年4月4日是清明节"], id="qingming"),
    pytest.param([("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2012-03-23"),
                  ("end: 2012-03-31", "end: 2012-04-01")], [], id="1-april-make-up-day"),
    pytest.param([("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2012-03-23"),
                  ("end: 2012-03-31", "end: 2012-03-24")],
                 ["报名截止日（schedule.registration.end）2012年3月24日是星期六"], id="an-ordinary-saturday"),
])
def test_deadlines_on_days_off(workdir: Path, edits: list, flagged: list[str]) -> None:
    edit_facts(workdir, edits)
    findings = run_checks(load_years(workdir / "data")[-1])
    assert [f.message.split("，")[0] for f in findings if f.rule == "deadline-day-off"] == flagged


def test_an_uncovered_year_is_warned_about_not_guessed(workdir: Path) -> None:
    # 2099-03-28 is a Saturday: a weekday test would flag it; with no published calendar, nothing is said.
    edit_facts(workdir, [("syllabus_deadline: 2012-03-25", "syllabus_deadline: 2099-03-28"),
                         ("training_ends_by: 2012-06-30", "training_ends_by: 2099-06-30")])
    rules = [f.rule for f in run_checks(load_years(workdir / "data")[-1])]
    assert rules.count("calendar-coverage") == 1
    assert "deadline-day-off" not in rules and "completion-report-due" not in rules


def test_comments_and_placeholders_are_not_read_as_typed_text(workdir: Path) -> None:
    body = workdir / "data" / "notice.md"
    body.write_text("{# 例：70学时、附件9、登陆 #}\n" + body.read_text(encoding="utf-8"), encoding="utf-8")
    rules = [f.rule for f in run_checks(load_years(workdir / "data")[-1])]
    assert "body-figure-mismatch" not in rules and "annex-cited-missing" not in rules
    assert rules.count("misused-words") == 1  # the shipped one, not the comment's
