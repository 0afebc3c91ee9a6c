"""Shared by the intake tests: the shipped notice with a small catalog, valid ID numbers, returns."""

from __future__ import annotations

from functools import lru_cache

from stdnum.cn import ric

from hrnotice.formspec import FormKind
from hrnotice.intake.record import Entry, Found, Return, Value
from hrnotice.load import Edition

from .conftest import shipped
from .helpers import catalog_of, with_catalog


def id_number(first17: str) -> str:
    """An ID number with its check digit."""
    return first17 + ric.calc_check_digit(first17 + "0")


MAN = id_number("23010219900101123")  # 230102199001011230: born 1990-01-01, male
WOMAN = id_number("23010219850505234")  # 230102198505052349: born 1985-05-05, female
JUNIOR_MAN = id_number("23010219920202125")

SCHOOL, OTHER_SCHOOL = "测试工业大学", "测试农业大学"


@lru_cache(maxsize=None)
def edition() -> Edition:
    """The shipped 2012 notice with a catalog of two institutions."""
    return with_catalog(catalog_of(
        {"institution": SCHOOL, "specialty": "土木工程", "registration_url": "https://a.example.cn/"},
        {"institution": SCHOOL, "specialty": "机械工程", "registration_url": "https://a.example.cn/"},
        {"institution": OTHER_SCHOOL, "subject_group": "农业", "specialty": "农学",
         "registration_url": "https://b.example.cn/"}))


def form(kind: str) -> FormKind:
    return shipped().forms.kind(kind)


HEAD = {"institution": SCHOOL, "specialty": "土木工程", "class_start": "2012-04-06", "class_end": "2012-04-20",
        "report_date": "2012-04-25"}
ADMITTED = {"name": "张三", "sex": "男", "id_number": MAN, "level": "中级", "mode": "网络函授+网上面授"}
COMPLETED = {"name": "张三", "sex": "男", "id_number": MAN, "level": "中级", "online_hours": "60",
             "live_hours": "12", "completed": "是"}
REGISTERED = {"name": "张三", "sex": "男", "id_number": MAN, "birth_month": "1990-01", "level": "中级",
              "specialty": "土木工程"}


def values(texts: dict[str, str], found: Found = Found.TAG) -> dict[str, Value]:
    return {key: Value(text, found) for key, text in texts.items()}


def list_return(source: str, kind: str, head: dict[str, str], *rows: dict[str, str]) -> Return:
    """A read list form: its head and one entry per row, numbered from 1."""
    ret = Return(source, form(kind), "test", head=values(head))
    ret.entries = [Entry(source, form(kind), number, values({**head, **row})) for number, row in enumerate(rows, 1)]
    return ret


def registration(source: str, row: dict[str, str]) -> Return:
    """A read 附件3."""
    ret = Return(source, form("registration"), "test", head=values(row))
    ret.entries = [Entry(source, form("registration"), None, values(row))]
    return ret
