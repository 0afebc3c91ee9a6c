"""Turning what a form shows into the roster's values: dates, months, plain text."""

from __future__ import annotations

import re
from datetime import date, datetime

_DAY = re.compile(r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?\s*")
_MONTH = re.compile(r"\s*(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?\s*")
_COMPACT_DAY = re.compile(r"\s*(\d{4})(\d{2})(\d{2})\s*")


def parse_day(text: str) -> date | None:
    """`2012年4月6日`, `2012-04-06`, `2012/4/6`, `2012.4.6`, `20120406` → a date; None if it is none."""
    match = _DAY.fullmatch(text) or _COMPACT_DAY.fullmatch(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def parse_month(text: str) -> tuple[int, int] | None:
    """`1980年5月`, `1980-05`, `1980.5`, or a full date → (year, month); None if it is none."""
    day = parse_day(text)
    if day:
        return day.year, day.month
    match = _MONTH.fullmatch(text)
    if match and 1 <= int(match[2]) <= 12:
        return int(match[1]), int(match[2])
    return None


def iso_day(text: str) -> str:
    """A shown date in ISO form for the roster, or the text unchanged if it is no date."""
    day = parse_day(text)
    return day.isoformat() if day else text


def iso_month(text: str) -> str:
    """A shown month as `1980-05`, or the text unchanged."""
    month = parse_month(text)
    return f"{month[0]:04d}-{month[1]:02d}" if month else text


def cell_text(value: object) -> str:
    """An Excel cell's value as text, as the clerk would read it; damaged ID numbers stay visibly damaged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15G}"  # as Excel shows it: 2.30102199001011E+17
    return str(value).strip()
