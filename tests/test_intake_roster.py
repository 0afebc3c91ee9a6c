"""The rosters' 检查结果 column: every finding of a return once, on the row it belongs to."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from hrnotice.intake.checks import check_returns
from hrnotice.intake.roster import roster_csv, roster_xlsx

from .intake_helpers import ADMITTED, HEAD, REGISTERED, WOMAN, edition, form, list_return, registration


def results(kind: str, returns: list) -> list[tuple[list[str], list[str]]]:
    """The 检查结果 column of the CSV and of the XLSX roster, row by row."""
    findings = check_returns(returns, edition())
    rows = list(csv.reader(io.StringIO(roster_csv(form(kind), returns, findings).decode("utf-8-sig"))))
    sheet = [[cell or "" for cell in row] for row in
             load_workbook(io.BytesIO(roster_xlsx(form(kind), returns, findings))).active.iter_rows(values_only=True)]
    column = rows[0].index("检查结果")
    assert sheet[0] == rows[0]
    return [row[column] for row in rows[1:]], [row[column] for row in sheet[1:]]


def test_the_registration_roster_lists_each_finding_once() -> None:
    # A one-person form's findings have no row number: they were once listed twice (issue 12).
    csv_results, xlsx_results = results("registration", [registration("a3.docx", {**REGISTERED, "sex": "女", "name": ""})])
    expected = ["错误 姓名：未填写；请补填；"
                "错误 性别：“女”与身份证号码不符：第17位 3 是奇数，应为男；请核对性别或号码"]
    assert csv_results == xlsx_results == expected


def test_a_list_form_s_head_finding_goes_with_each_row_once() -> None:
    head = {**HEAD, "institution": "不存在的大学"}
    returned = list_return("a2.docx", "admission", head, ADMITTED, {**ADMITTED, "id_number": WOMAN, "sex": "男"})
    csv_results, xlsx_results = results("admission", [returned])
    not_listed = "错误 培训院校：“不存在的大学”不在培训院校目录（附件1）中；请核对院校名称"
    assert csv_results == xlsx_results == [
        not_listed,
        "错误 性别：“男”与身份证号码不符：第17位 4 是偶数，应为女；请核对性别或号码；" + not_listed,
    ]
