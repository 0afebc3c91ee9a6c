"""Chinese formatting of dates, numbers and hours, as official notices write them."""

from __future__ import annotations

from datetime import date

from .model import DateRange, Span

_DIGITS = "〇一二三四五六七八九"


def cn_date(day: date) -> str:
    """`2012年3月3日`."""
    return f"{day.year}年{day.month}月{day.day}日"


def date_range(window: DateRange) -> str:
    """`2012年3月3日至3月31日`: the year is not repeated within one year."""
    if window.start.year == window.end.year:
        return f"{cn_date(window.start)}至{window.end.month}月{window.end.day}日"
    return f"{cn_date(window.start)}至{cn_date(window.end)}"


def cn_number(n: int) -> str:
    """Chinese numerals for 1–99, as in headings and dates: 一, 十, 十二, 二十一."""
    if not 0 < n < 100:
        raise ValueError(f"cn_number takes 1–99, not {n}")
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def cn_numeral_date(day: date) -> str:
    """`二〇一二年一月六日`: the signature date of GB/T 9704-1999."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{cn_number(day.month)}月{cn_number(day.day)}日"


# GB/T 9704-2012 took effect on this day; from it on, dates are written in Arabic numerals.
GBT_9704_2012_IN_FORCE = date(2012, 7, 1)


def numerals_in_force(day: date) -> str:
    """The signature date's numerals the standard in force on `day` asks for: `chinese` or `arabic`."""
    return "arabic" if day >= GBT_9704_2012_IN_FORCE else "chinese"


def file_size(size: int) -> str:
    """A download's size as the pages show it: `23 KB`, `1.2 MB`."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def signature_date(day: date, numerals: str) -> str:
    """The signature date in Chinese (`chinese`) or Arabic (`arabic`) numerals."""
    return cn_numeral_date(day) if numerals == "chinese" else cn_date(day)


def heading_number(n: int) -> str:
    """First-level heading number: `一、`."""
    return f"{cn_number(n)}、"


def subheading_number(n: int) -> str:
    """Second-level heading number: `（一）`."""
    return f"（{cn_number(n)}）"


def item_number(n: int) -> str:
    """Third-level heading number as GB/T 9704 writes it: `1.`."""
    return f"{n}."


def hours_days(span: Span) -> str:
    """`72学时（12天）`."""
    return f"{span.hours}学时（{span.days}天）"


def year_list(years: list[int]) -> str:
    """`2010年、2011年`."""
    return "、".join(f"{y}年" for y in years)


FILTERS = {
    f.__name__: f
    for f in (cn_date, date_range, cn_number, cn_numeral_date, heading_number, subheading_number,
              item_number, hours_days, year_list)
}
