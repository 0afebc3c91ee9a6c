"""What each returned form holds: its fields, by the tags the Word forms and Excel sheets use."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One field of a form: its key (the control's tag, without a row number) and its label."""

    key: str
    label: str
    kind: str = "text"  # text, date, month, choice, check, number


# The head and foot of the list forms (附件2, 附件4): one value per return.
LIST_HEAD = (
    Field("institution", "培训院校"),
    Field("specialty", "培训专业", "choice"),
    Field("class_name", "班次"),
    Field("class_start", "培训开始日期", "date"),
    Field("class_end", "培训结束日期", "date"),
    Field("class_mode", "班次培训方式", "choice"),
)
LIST_FOOT = (
    Field("reporter", "填报人"),
    Field("reporter_phone", "填报人电话"),
    Field("report_date", "填报日期", "date"),
)
# Head fields whose Word tag differs from the record key (the row's `mode_N` is the trainee's own).
HEAD_TAGS = {"mode": "class_mode"}

# One row per trainee.
LIST_ROWS: dict[int, tuple[Field, ...]] = {
    2: (
        Field("name", "姓名"),
        Field("sex", "性别", "choice"),
        Field("id_number", "身份证号码"),
        Field("employer", "工作单位"),
        Field("title", "专业技术职务"),
        Field("level", "任职资格级别", "choice"),
        Field("mode", "培训方式", "choice"),
        Field("phone", "联系电话"),
        Field("note", "备注"),
    ),
    4: (
        Field("name", "姓名"),
        Field("sex", "性别", "choice"),
        Field("id_number", "身份证号码"),
        Field("employer", "工作单位"),
        Field("level", "任职资格级别", "choice"),
        Field("online_hours", "网络函授学时", "number"),
        Field("live_hours", "网上面授学时", "number"),
        Field("public_result", "公需科目成绩", "choice"),
        Field("professional_result", "专业科目成绩", "choice"),
        Field("completed", "是否结业", "choice"),
        Field("certificate", "证书编号"),
        Field("note", "备注"),
    ),
}

# 附件3: one trainee per form.
REGISTRATION = (
    Field("name", "姓名"),
    Field("sex", "性别", "choice"),
    Field("birth_month", "出生年月", "month"),
    Field("education", "学历"),
    Field("id_number", "身份证号码"),
    Field("graduated_from", "毕业院校及专业"),
    Field("employer", "工作单位"),
    Field("current_specialty", "现从事专业"),
    Field("title", "专业技术职务"),
    Field("level", "任职资格级别", "choice"),
    Field("qualified_month", "取得资格时间", "month"),
    Field("institution", "培训院校"),
    Field("specialty", "培训专业", "choice"),
    Field("phone", "联系电话"),
    Field("subject_public", "报名公需科目", "check"),
    Field("subject_professional", "报名专业科目", "check"),
    Field("fee_paid", "本周期已缴费", "check"),
    Field("fee_paid_year", "缴费年度"),
    Field("trainee_signature", "学员签字"),
    Field("trainee_date", "学员签字日期", "date"),
    Field("review", "培训院校审核意见"),
    Field("review_date", "审核日期", "date"),
)

ANNEX_NAMES = {2: "录取表", 3: "登记表", 4: "结业表"}


def fields_of(annex: int) -> tuple[Field, ...]:
    """Every field of one annex's records, in roster column order."""
    if annex == 3:
        return REGISTRATION
    return LIST_HEAD + LIST_ROWS[annex] + LIST_FOOT


def labels_of(annex: int) -> dict[str, str]:
    """Record key → Chinese label, for findings and roster headings."""
    return {field.key: field.label for field in fields_of(annex)}
