"""The resident identity card number (GB 11643-1999), checked with python-stdnum's `cn.ric`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_SPACES = re.compile(r"[\s\u3000\u200b\ufeff-]+")
_SCIENTIFIC = re.compile(r"\d(\.\d+)?[eE]\+?\d+")


@dataclass(frozen=True)
class IdCheck:
    """What the number says, or what is wrong with it: `error` stops, `warning` only questions."""

    number: str
    error: str = ""
    warning: str = ""
    birth_date: date | None = None
    sex: str = ""  # 男 or 女, from the 17th digit


def normalize(text: str) -> str:
    """The number as typed, without spaces or dashes, full-width digits made plain, `x` as `X`."""
    return _SPACES.sub("", text).translate(_FULL_WIDTH)


def region_existed(code: str) -> bool:
    """True when `code` was an administrative division's code at some time (python-stdnum's table)."""
    from stdnum import numdb

    return any(props for _part, props in numdb.get("cn/loc").info(code))


def check_id_number(text: str) -> IdCheck:
    """Length, digits, check digit and birth date are errors; a region code that never existed warns."""
    number = normalize(text)
    if _SCIENTIFIC.fullmatch(number):
        return IdCheck(number, error=f"“{text}”被 Excel 或 WPS 当作数字保存，后几位已经丢失；"
                                     "请把这一列设为“文本”后重新输入完整的18位号码")
    if len(number) != 18:
        hint = "（15位的旧号码请换成现在的18位号码）" if len(number) == 15 else ""
        return IdCheck(number, error=f"应为18位，“{text}”是 {len(number)} 位{hint}；请核对后重填")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return IdCheck(number, error=f"“{text}”中有不是数字的字符（只有最后一位可以是 X）；请核对后重填")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        return IdCheck(number, error=f"“{number}”的校验码（最后一位）应为 {expected}，而不是 {number[17]}；"
                                     "号码有抄错的数字，请对照身份证核对")
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return IdCheck(number, error=f"“{number}”第7–14位 {number[6:14]} 不是真实的出生日期；请对照身份证核对")
    sex = "男" if int(number[16]) % 2 else "女"
    warning = ""
    # The region code is where the card was issued, which need not have existed when the person was
    # born (people born before 1983 hold Heilongjiang codes created later): only a code that never
    # existed is suspect.
    if not region_existed(number[:6]):
        warning = f"“{number}”前6位地区码 {number[:6]} 不是任何时期的行政区划代码；可能抄错，请对照身份证核对"
    return IdCheck(number, warning=warning, birth_date=born, sex=sex)
