"""Conventions of GB/T 9704 and common wording slips."""

from __future__ import annotations

import re
from typing import Iterator

from ..formatting import cn_date, cn_numeral_date, numerals_in_force
from .references import NUMBER_TAIL
from .registry import Context, Hit, Severity, rule

BODY_ITEM = re.compile(r"\s*(\d+)、")

# Wrong form → (right form, why). Only words that are almost never meant as written here.
MISUSED_WORDS = {
    "登陆": ("登录", "“登陆”是登上陆地；进入网站或系统是“登录”"),
    "帐号": ("账号", "与账目有关的写“账”"),
    "帐户": ("账户", "与账目有关的写“账”"),
    "截止到": ("截至", "“截止”后面不带时间；“到某时为止”是“截至”"),
    "做为": ("作为", "“作为”不写作“做为”"),
}
MISUSED = re.compile("|".join(map(re.escape, MISUSED_WORDS)))


def hexagonal(number: str) -> str:
    """The number with its year in 六角括号: `国人部发〔2007〕96号`."""
    return NUMBER_TAIL.sub(lambda m: f"〔{m.group(1)}〕{m.group(2)}号", number)


@rule("document-number-brackets", Severity.WARNING)
def document_number_brackets(context: Context) -> Iterator[Hit]:
    """Document numbers put the year in 六角括号 〔〕, as GB/T 9704-2012 writes them."""
    notice = context.notice
    numbers = [("document_number", "发文字号", notice.document_number)]
    numbers += [(f"policies.{key}.number", "引用文件的发文字号", policy.number)
                for key, policy in notice.policies.items() if policy.number]
    for name, what, number in numbers:
        if hexagonal(number) != number:
            yield context.facts_at(name), (
                f"{what}“{number}”的年份应使用六角括号〔〕（GB/T 9704-2012）；请改为“{hexagonal(number)}”")
    for line, match in context.body.search(NUMBER_TAIL):
        if hexagonal(match.group(0)) != match.group(0):
            yield context.body_at(line), (
                f"正文中的发文字号“{match.group(0)}”的年份应使用六角括号〔〕（GB/T 9704-2012）；"
                f"请改为“{hexagonal(match.group(0))}”")


@rule("document-number-serial", Severity.ERROR)
def document_number_serial(context: Context) -> Iterator[Hit]:
    """The document number has its serial (next year's data starts without one)."""
    parts = context.notice.document_number_parts
    if not parts["serial"]:
        yield context.facts_at("document_number"), (
            f"发文字号“{context.notice.document_number}”还没有序号；请在“号”字前填上分配到的发文序号，"
            f"如“{parts['code']}{parts['open']}{parts['year']}{parts['close']}5号”")


@rule("item-number-style", Severity.INFO)
def item_number_style(context: Context) -> Iterator[Hit]:
    """Third-level items and the annex list are numbered `1.` as GB/T 9704-2012 shows, not `1、`."""
    for line, text in context.body.line_starts():
        match = BODY_ITEM.match(text)
        if match:
            n = match.group(1)
            yield context.body_at(line), (
                f"第三层序号写成了“{n}、”，GB/T 9704-2012 写作“{n}.”；请改为 {{{{ {n} | item_number }}}}")
    for placeholder in context.body.placeholders:
        if placeholder.expression.endswith(".number") and placeholder.followed_by.startswith("、"):
            expression = placeholder.expression
            yield context.body_at(placeholder.line), (
                f"附件说明的序号写成了“1、”，GB/T 9704-2012 写作“附件：1. ……”；"
                f"请把“{{{{ {expression} }}}}、”改为“{{{{ {expression} | item_number }}}}”")


@rule("signature-date-style", Severity.INFO)
def signature_date_style(context: Context) -> Iterator[Hit]:
    """The signature date's numerals follow the standard in force on the date written."""
    notice, written = context.notice, context.notice.date_written
    expected = numerals_in_force(written)
    if expected == "arabic" and notice.signature_numerals == "chinese":
        yield context.facts_at("signature_numerals"), (
            f"成文日期 {cn_date(written)} 在 GB/T 9704-2012 施行（2012年7月1日）之后，落款日期应使用阿拉伯数字"
            f"（{cn_date(written)}）；请把 signature_numerals 改为 arabic")
    elif expected == "chinese" and notice.signature_numerals == "arabic":
        yield context.facts_at("signature_numerals"), (
            f"成文日期 {cn_date(written)} 在 GB/T 9704-2012 施行（2012年7月1日）之前，按当时的 GB/T 9704-1999 "
            f"落款日期用汉字（{cn_numeral_date(written)}）；请把 signature_numerals 改为 chinese")


@rule("misused-words", Severity.INFO)
def misused_words(context: Context) -> Iterator[Hit]:
    """Words often written for another (登陆 for 登录), from a short list."""
    for line, match in context.body.search(MISUSED):
        right, why = MISUSED_WORDS[match.group(0)]
        yield context.body_at(line), f"“{match.group(0)}”应为“{right}”：{why}；请改正"
