"""Every check on a returned row: one broken row each, with the exact finding it gives."""

from __future__ import annotations

import pytest

from hrnotice.intake.checks import check_returns, mode_for
from hrnotice.intake.record import Found, Value

from .intake_helpers import (ADMITTED, COMPLETED, HEAD, JUNIOR_MAN, MAN, OTHER_SCHOOL, REGISTERED, SCHOOL, WOMAN,
                             edition, id_number, list_return, registration)


def findings(*returns) -> list[str]:
    return [str(f) for f in check_returns(list(returns), edition())]


def test_a_correct_set_of_returns_has_no_findings() -> None:
    assert findings(list_return("a2.docx", "admission", HEAD, ADMITTED),
                    list_return("a4.docx", "completion", HEAD, COMPLETED),
                    registration("a3.docx", REGISTERED)) == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"id_number": MAN[:17]},
     "a2.docx:1: 错误 id-number: 身份证号码: 应为18位，“23010219900101123”是 17 位；请核对后重填"),
    ({"id_number": "230102900101123"},
     "a2.docx:1: 错误 id-number: 身份证号码: 应为18位，“230102900101123”是 15 位（15位的旧号码请换成现在的18位号码）；请核对后重填"),
    ({"id_number": MAN[:17] + "1"},
     "a2.docx:1: 错误 id-number: 身份证号码: “230102199001011231”的校验码（最后一位）应为 0，而不是 1；号码有抄错的数字，请对照身份证核对"),
    ({"id_number": "2301021990O101123O"},
     "a2.docx:1: 错误 id-number: 身份证号码: “2301021990O101123O”中有不是数字的字符（只有最后一位可以是 X）；请核对后重填"),
    ({"id_number": id_number("23010219900230123")},
     "a2.docx:1: 错误 id-number: 身份证号码: “23010219900230123X”第7–14位 19900230 不是真实的出生日期；请对照身份证核对"),
    ({"id_number": id_number("23010220300101123")},
     "a2.docx:1: 错误 id-number: 身份证号码: 号码中的出生日期 2030年1月1日 晚于通知日期；请对照身份证核对"),
    ({"id_number": "2.30102199001011E+17"},
     "a2.docx:1: 错误 id-number: 身份证号码: “2.30102199001011E+17”被 Excel 或 WPS 当作数字保存，后几位已经丢失；"
     "请把这一列设为“文本”后重新输入完整的18位号码"),
    ({"id_number": id_number("99999919900101123")},
     "a2.docx:1: 警告 id-number: 身份证号码: “999999199001011238”前6位地区码 999999 不是任何时期的行政区划代码；"
     "可能抄错，请对照身份证核对"),
    ({"sex": "女"},
     "a2.docx:1: 错误 id-number: 性别: “女”与身份证号码不符：第17位 3 是奇数，应为男；请核对性别或号码"),
    ({"sex": "M"}, "a2.docx:1: 错误 choice: 性别: 应为 男、女 之一，而不是“M”；请从下拉列表中选择"),
    ({"level": "副高级"}, "a2.docx:1: 错误 choice: 任职资格级别: 应为 高级、中级、初级 之一，而不是“副高级”；请从下拉列表中选择"),
    ({"level": "初级", "id_number": JUNIOR_MAN},
     "a2.docx:1: 错误 mode: 培训方式: 初级专业技术人员的培训方式应为“网络函授”（2012年通知），而不是“网络函授+网上面授”"),
    ({"mode": "网上面授"}, "a2.docx:1: 错误 choice: 培训方式: 应为 网络函授、网络函授+网上面授 之一，而不是“网上面授”；请从下拉列表中选择"),
    ({"name": ""}, "a2.docx:1: 错误 required: 姓名: 未填写；请补填"),
])
def test_a_broken_admission_row(change: dict, expected: str) -> None:
    assert findings(list_return("a2.docx", "admission", HEAD, {**ADMITTED, **change})) == [expected]


@pytest.mark.parametrize(("change", "expected"), [
    ({"online_hours": "48"}, "a4.docx:1: 错误 hours: 网络函授学时: 中级应为 60 学时（2012年通知），而不是 48"),
    ({"live_hours": "十二"}, "a4.docx:1: 错误 hours: 网上面授学时: 应为整数学时，而不是“十二”"),
    ({"live_hours": ""}, "a4.docx:1: 错误 hours: 网上面授学时: 未填写；中级应为 12 学时"),
])
def test_a_broken_completion_row(change: dict, expected: str) -> None:
    admitted = list_return("a2.docx", "admission", HEAD, ADMITTED)
    assert findings(admitted, list_return("a4.docx", "completion", HEAD, {**COMPLETED, **change})) == [expected]


def test_hours_are_not_checked_for_a_trainee_who_did_not_complete() -> None:
    admitted = list_return("a2.docx", "admission", HEAD, ADMITTED)
    dropped_out = {**COMPLETED, "online_hours": "20", "live_hours": "0", "completed": "否"}
    assert findings(admitted, list_return("a4.docx", "completion", HEAD, dropped_out)) == []


def test_junior_levels_take_the_online_mode_only() -> None:
    notice = edition().notice
    assert [mode_for(notice, level, ["网络函授", "网络函授+网上面授"]) for level in ("高级", "中级", "初级")] == \
        ["网络函授+网上面授", "网络函授+网上面授", "网络函授"]


@pytest.mark.parametrize(("change", "expected"), [
    ({"class_start": "2012-03-30"},
     "a2.docx: 错误 dates: 培训开始日期: 2012年3月30日 不在通知规定的举办期间（2012年4月6日至6月12日）内"),
    ({"class_end": "2012-07-02"},
     "a2.docx: 错误 dates: 培训结束日期: 2012年7月2日 不在通知规定的期间内（所有班次应于 2012年6月30日 前结束）"),
    ({"class_end": "2012-04-01"}, "a2.docx: 错误 dates: 培训结束日期: 2012年4月1日 早于培训开始日期 2012年4月6日"),
    ({"class_start": "四月六日"}, "a2.docx: 错误 dates: 培训开始日期: “四月六日”不是日期；请写作 2012-04-06 或 2012年4月6日"),
    ({"institution": "测试大学"}, "a2.docx: 错误 catalog: 培训院校: “测试大学”不在培训院校目录（附件1）中；请核对院校名称"),
    ({"specialty": "农学"}, "a2.docx: 错误 catalog: 培训专业: “农学”不是测试工业大学在目录（附件1）中的培训专业"),
    ({"specialty": ""}, "a2.docx: 错误 required: 培训专业: 未填写；请补填"),
])
def test_a_broken_head(change: dict, expected: str) -> None:
    assert findings(list_return("a2.docx", "admission", {**HEAD, **change}, ADMITTED)) == [expected]


@pytest.mark.parametrize(("report_date", "expected"), [
    # The class ends on Friday 2012-04-20; ten working days later is 2012-05-07, since
    # 4月28日 (Saturday) is a make-up working day and 4月29日–5月1日 are the May Day holiday.
    ("2012-05-07", []),
    ("2012-05-08", ["a4.docx: 警告 deadline: 填报日期: 2012年5月8日 报送，晚于期限：培训于 2012年4月20日 结束，"
                    "应在 10 个工作日内即 2012年5月7日 前报送"]),
    ("", ["a4.docx: 警告 deadline: 填报日期: 未填写，无法核对是否在培训结束后 10 个工作日内（2012年5月7日 前）报送"]),
])
def test_a_completion_report_sent_late(report_date: str, expected: list[str]) -> None:
    admitted = list_return("a2.docx", "admission", HEAD, ADMITTED)
    assert findings(admitted, list_return("a4.docx", "completion", {**HEAD, "report_date": report_date}, COMPLETED)) == expected


def test_a_graduate_missing_from_the_admission_list() -> None:
    admitted = list_return("a2.docx", "admission", HEAD, ADMITTED)
    stranger = {**COMPLETED, "name": "李四", "sex": "女", "id_number": WOMAN}
    assert findings(admitted, list_return("a4.docx", "completion", HEAD, COMPLETED, stranger)) == [
        "a4.docx:2: 错误 admitted: 身份证号码: “230102198505052349”（李四）不在测试工业大学的学员录取表中"]


def test_a_completion_list_without_its_admission_list() -> None:
    assert findings(list_return("a4.docx", "completion", HEAD, COMPLETED)) == [
        "a4.docx: 警告 admitted: 本次没有收到“测试工业大学”的学员录取表，无法核对学员是否都已录取；请把学员录取表一起读入"]


def test_the_same_id_number_twice_across_institutions() -> None:
    other_head = {**HEAD, "institution": OTHER_SCHOOL, "specialty": "农学"}
    assert findings(list_return("a.docx", "admission", HEAD, ADMITTED),
                    list_return("b.xlsx", "admission", other_head, {**ADMITTED, "name": "张三丰"})) == [
        "b.xlsx:1: 错误 duplicate: 身份证号码: “230102199001011230”已出现在 a.docx:1（张三，测试工业大学）；同一人只能报一次"]


@pytest.mark.parametrize(("change", "expected"), [
    ({"birth_month": "1990-02"},
     "a3.docx: 错误 id-number: 出生年月: 1990年2月与身份证号码中的出生日期 1990年1月1日 不符；请核对出生年月或号码"),
    ({"specialty": "烹饪"}, "a3.docx: 错误 catalog: 培训专业: “烹饪”不在培训院校目录（附件1）的培训专业中"),
    ({"institution": SCHOOL, "specialty": "农学"}, "a3.docx: 错误 catalog: 培训专业: “农学”不是测试工业大学在目录（附件1）中的培训专业"),
    ({"institution": "测试大学"}, "a3.docx: 错误 catalog: 培训院校: “测试大学”不在培训院校目录（附件1）中；请核对院校名称"),
])
def test_a_broken_registration(change: dict, expected: str) -> None:
    assert findings(registration("a3.docx", {**REGISTERED, **change})) == [expected]


def test_values_read_with_doubt_are_marked_for_review() -> None:
    ret = list_return("a2.docx", "admission", HEAD, ADMITTED)
    ret.entries[0].values["sex"] = Value("男", Found.POSITION, "")
    ret.entries[0].values["level"] = Value("中级", Found.TAG, "显示为“2012年4月7日”，与保存的日期 2012-04-06 不一致")
    assert findings(ret) == ["a2.docx:1: 核对 read: 任职资格级别: 显示为“2012年4月7日”，与保存的日期 2012-04-06 不一致"]
    assert ret.entries[0].values["sex"].review


def test_a_class_may_mix_levels_each_trainee_with_the_mode_of_their_own() -> None:
    junior = {**ADMITTED, "name": "赵六", "id_number": JUNIOR_MAN, "level": "初级", "mode": "网络函授"}
    assert findings(list_return("a2.docx", "admission", HEAD, ADMITTED, junior)) == []


def test_an_old_card_with_a_region_code_created_after_its_holder_was_born_is_not_questioned() -> None:
    # 230183 (尚志市) was created in 1988; a card issued there to someone born in 1950 is genuine.
    older = {**ADMITTED, "id_number": id_number("23018319500101123")}
    assert findings(list_return("a2.docx", "admission", HEAD, older)) == []
