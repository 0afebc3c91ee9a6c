"""References: annexes cited and listed, their templates, and the policy documents cited."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import display_path
from .registry import Context, Hit, Severity, rule

ANNEX_CITATION = re.compile(r"附件\s*(\d+(?:\s*[、，,和及与]\s*(?:附件)?\s*\d+)*)")
QUOTED_TITLE = re.compile(r"《([^《》\n]+)》")
# The year-and-serial tail of a document number, in any bracket a clerk may type.
NUMBER_TAIL = re.compile(r"[\[［【(（〔](\d{4})[\]］】)）〕](\d+)号")


def normalized_tail(number: str) -> str | None:
    """`〔2007〕96号` for any bracket style, to compare numbers however they were typed."""
    match = NUMBER_TAIL.search(number)
    return f"〔{match.group(1)}〕{match.group(2)}号" if match else None


def annex_citations(context: Context) -> Iterator[tuple[int, int]]:
    """(line, N) for every `附件N` typed in the body."""
    for line, match in context.body.search(ANNEX_CITATION):
        for number in re.findall(r"\d+", match.group(1)):
            yield line, int(number)


@rule("annex-numbering", Severity.ERROR)
def annex_numbering(context: Context) -> Iterator[Hit]:
    """Annexes are numbered 1, 2, 3 … in order, each once."""
    for position, annex in enumerate(context.notice.annexes, start=1):
        if annex.number != position:
            yield context.facts_at(f"annexes.{position - 1}.number"), (
                f"第 {position} 个附件的序号是 {annex.number}；附件应从 1 起按顺序连续编号，这里应为 {position}"
                "（正文中的“附件N”请一并核对）")


@rule("annex-cited-missing", Severity.ERROR)
def annex_cited_missing(context: Context) -> Iterator[Hit]:
    """Every 附件N in the body is in the annex list."""
    for line, number in annex_citations(context):
        if number not in context.notice.annex:
            yield context.body_at(line), (
                f"正文提到“附件{number}”，但 notice.yml 的 annexes 中没有附件{number}；请在 annexes 中加上它，或改正正文")


@rule("annex-not-cited", Severity.WARNING)
def annex_not_cited(context: Context) -> Iterator[Hit]:
    """Every annex is mentioned as 附件N in the body, so readers know what it is for."""
    cited = {number for _line, number in annex_citations(context)}
    for index, annex in enumerate(context.notice.annexes):
        if annex.number not in cited:
            yield context.facts_at(f"annexes.{index}"), (
                f"附件{annex.number}《{annex.title}》在正文中没有提到；请在正文相应处写明“（见附件{annex.number}）”，"
                "或从 annexes 中删除它")


@rule("annex-template", Severity.WARNING)
def annex_template(context: Context) -> Iterator[Hit]:
    """Each annex that is a form has its Word template beside forms.yml."""
    edition = context.edition
    for index, annex in enumerate(context.notice.annexes):
        form = edition.form_of(annex)
        if form is not None and not (template := edition.forms.folder / form.template).is_file():
            yield context.facts_at(f"annexes.{index}.form"), (
                f"附件{annex.number}（{annex.form}）没有 Word 模板 {display_path(template)}；网站上将没有这份表格可下载，"
                "请放入该模板，或运行 python build.py templates 生成")


@rule("policy-cited", Severity.WARNING)
def policy_cited(context: Context) -> Iterator[Hit]:
    """Each policy document the body cites by title or number is in the facts' policies."""
    notice = context.notice
    known_titles = {p.title for p in notice.policies.values()} | {a.title for a in notice.annexes}
    known_numbers = {normalized_tail(p.number) for p in notice.policies.values() if p.number}
    known_numbers.add(normalized_tail(notice.document_number))
    hint = "请把它加入 notice.yml 的 policies（title、number），正文改用 {{ policies.键名.title }} 和 {{ policies.键名.number }}"
    for line, match in context.body.search(QUOTED_TITLE):
        if match.group(1) not in known_titles:
            yield context.body_at(line), f"正文直接引用了《{match.group(1)}》，它不在 policies 中；{hint}"
    for line, match in context.body.search(NUMBER_TAIL):
        if normalized_tail(match.group(0)) not in known_numbers:
            yield context.body_at(line), f"正文直接写了发文字号“{match.group(0)}”，它不在 policies 中；{hint}"
