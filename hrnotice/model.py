"""The typed model of one year's notice: the single source every output renders from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .findings import Finding
from .formspec import CatalogColumn


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class DateRange(_Model):
    """A window of days, both ends included."""

    start: date = Field(description="第一天")
    end: date = Field(description="最后一天（含）")

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.end < self.start:
            raise PydanticCustomError("date_order", "结束日期早于开始日期，请检查 start 和 end")
        return self


class Span(_Model):
    """A length of training, in hours (学时) and in days (天)."""

    hours: int = Field(ge=0, description="学时")
    days: int = Field(ge=0, description="天数")


Level = Literal["junior", "intermediate", "senior"]
LEVEL_LABELS: dict[str, str] = {"senior": "高级", "intermediate": "中级", "junior": "初级"}


class LevelHours(_Model):
    """How one qualification level splits its hours between the two modes."""

    online: Span = Field(description="网络函授")
    live: Span = Field(description="网上面授")


class Hours(_Model):
    """The training's hours and days, in total, per part and per qualification level."""

    total: Span = Field(description="培训时间合计")
    public: Span = Field(description="公需科目")
    professional: Span = Field(description="专业科目")
    levels: dict[Level, LevelHours] = Field(description="各任职资格级别的网络函授与网上面授学时")


class Schedule(_Model):
    """Every date of the year's training."""

    registration: DateRange = Field(description="报名时间")
    syllabus_deadline: date = Field(description="教学大纲和培训计划报送截止日")
    classes: DateRange = Field(description="举办培训班次的期间")
    training_ends_by: date = Field(description="所有班次培训结束的最迟日期")
    completion_report_working_days: int = Field(
        ge=1, description="培训班结束后报送结业表的工作日数"
    )


class HourRules(_Model):
    """The yearly hour requirement in force, and the document that sets it (rules change over the years)."""

    document: str = Field(min_length=1, description="规定学时要求的文件（发文字号或名称）")
    min_total_hours: int = Field(ge=0, description="每年至少应完成的学时")
    min_professional_share: str | None = Field(
        default=None, pattern=r"^[1-9]\d*/[1-9]\d*$", description="专业科目至少占合计学时的比例，如 2/3；无此要求则省略")


class Cycle(_Model):
    """The training cycle: fees are paid once per cycle."""

    years: int = Field(ge=1, description="一个培训周期的年数")
    first_year: int = Field(description="本周期的第一年")

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1


class Fee(_Model):
    """The fee rule: who has paid already this cycle."""

    paid_years: list[int] = Field(description="本周期内已报名并缴费、今年不再缴费的年份")


class Policy(_Model):
    """A policy document the notice cites."""

    title: str = Field(min_length=1, description="文件名称（不含书名号）")
    number: str | None = Field(default=None, description="发文字号")


class Annex(_Model):
    """An annex (附件) of the notice."""

    number: int = Field(ge=1, description="附件序号")
    title: str = Field(min_length=1, description="附件标题（不含书名号）")
    filled_by: str | None = Field(default=None, description="填报人，如“培训院校填报”")
    form: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$",
                             description="附件是哪种表格：catalog（附件1 目录）或 forms.yml 中声明的 kind，如 admission")

    @property
    def listing(self) -> str:
        """The annex as the annex list names it: title, then who fills it in."""
        return f"{self.title}（{self.filled_by}）" if self.filled_by else self.title


DOCUMENT_NUMBER = re.compile(
    r"^(?P<code>[^\[\]〔〕【】()（）]+)(?P<open>[\[〔【(（])(?P<year>\d{4})(?P<close>[\]〕】)）])(?P<serial>\d*)号$"
)


ILLUSTRATIVE_CATALOG = "院校名称和网址是真实的，所开专业、电话和联系人是编的，不能据此报名"


class Notice(_Model):
    """One year's notice: its metadata and every fact its body states."""

    year: int = Field(ge=2000, le=2100, description="通知所属年度")
    title: str = Field(min_length=1, description="标题")
    issuer: str = Field(min_length=1, description="发文机关")
    document_number: str = Field(description="发文字号，如 黑人社函〔2012〕5号")
    document_kind: Literal["函", "文件"] = Field(description="公文格式：函（信函格式）或 文件（文件格式）")
    date_written: date = Field(description="成文日期")
    date_published: date = Field(description="发布日期")
    subject_category: str = Field(min_length=1, description="主题分类")
    addressees: str = Field(min_length=1, description="主送机关（不含末尾冒号）")
    signature_numerals: Literal["chinese", "arabic"] = Field(
        description="落款日期写法：chinese 汉字（二〇一二年一月六日）或 arabic 阿拉伯数字"
    )
    signature_name: str = Field(default="", description="落款署名；为空则只写日期")
    copy_to: str = Field(default="", description="版记的抄送机关（不含末尾句号）；可不写，不写则不列抄送")
    printed_by: str = Field(default="", description="版记的印发机关；可不写，与 printed_on 同时填写")
    printed_on: date | None = Field(default=None, description="版记的印发日期；可不写，与 printed_by 同时填写")
    policies: dict[str, Policy] = Field(description="正文引用的政策文件，键名供正文引用")
    schedule: Schedule = Field(description="日程")
    hours: Hours = Field(description="学时")
    hour_rules: HourRules | None = Field(default=None, description="当年适用的学时要求（检查据此核对 hours）")
    cycle: Cycle = Field(description="培训周期")
    fee: Fee = Field(description="收费规则")
    annexes: list[Annex] = Field(min_length=1, description="附件列表")
    form_rows: int = Field(default=30, ge=1, le=1000, description="每名学员一行的表格（附件2、附件4）的空白行数（可不写，默认 30）")
    catalog_illustrative: bool = Field(
        default=False, description="附件1 的院校目录只是示意（不是厅里公布的真实目录）：网页、下载和附件1 都会写明")

    @field_validator("document_number")
    @classmethod
    def _document_number_shape(cls, value: str) -> str:
        if not DOCUMENT_NUMBER.match(value):
            raise PydanticCustomError(
                "document_number_shape", "发文字号应形如“黑人社函〔2012〕5号”（机关代字、〔年份〕、序号、号）"
            )
        return value

    @model_validator(mode="after")
    def _imprint_complete(self) -> Notice:
        if bool(self.printed_by) != (self.printed_on is not None):
            raise PydanticCustomError("imprint", "printed_by（印发机关）和 printed_on（印发日期）应同时填写或同时不写")
        return self

    @field_validator("hours")
    @classmethod
    def _every_level(cls, value: Hours) -> Hours:
        missing = [LEVEL_LABELS[level] for level in LEVEL_LABELS if level not in value.levels]
        if missing:
            raise PydanticCustomError("levels_missing", "levels 缺少级别：{missing}", {"missing": "、".join(missing)})
        return value

    @property
    def document_number_parts(self) -> re.Match[str]:
        """The document number split into code, brackets, year and serial."""
        match = DOCUMENT_NUMBER.match(self.document_number)
        assert match is not None  # guaranteed by the validator
        return match

    @property
    def annex(self) -> dict[int, Annex]:
        """Annexes by number, for the body's `annex[2].title`."""
        return {a.number: a for a in self.annexes}

    @property
    def catalog_note(self) -> str:
        """What the catalog's pages, downloads and 附件1 say when it is only illustrative, else ''."""
        return ILLUSTRATIVE_CATALOG if self.catalog_illustrative else ""

    def annex_of(self, form: str) -> Annex | None:
        """The annex that is form `form` (`catalog`, `admission` …), if the notice has one."""
        return next((a for a in self.annexes if a.form == form), None)


@dataclass(frozen=True)
class CatalogRow:
    """One row of institutions.csv: one specialty taught by one institution, by declared column."""

    line: int  # in the CSV file (or the Excel sheet): where problems are reported
    values: Mapping[str, str]  # column field → text, for every declared column

    def __getitem__(self, field: str) -> str:
        return self.values.get(field, "")

    @property
    def institution(self) -> str:
        return self["institution"]

    @property
    def specialty(self) -> str:
        return self["specialty"]

    @property
    def registration_url(self) -> str:
        return self["registration_url"]


@dataclass(frozen=True)
class Institution:
    """A training institution with all the specialties it teaches."""

    number: int  # its place in the catalog, from 1: the folder of its prefilled forms
    name: str
    values: Mapping[str, str]  # its institution-wide columns (所在地, 报名网址 …), as on its first row
    rows: tuple[CatalogRow, ...]

    def __getitem__(self, field: str) -> str:
        return self.values.get(field, "")

    @property
    def registration_url(self) -> str:
        return self["registration_url"]

    @property
    def specialties(self) -> list[str]:
        """The specialties it teaches, in file order."""
        return [row.specialty for row in self.rows]


@dataclass(frozen=True)
class Catalog:
    """Annex 1: the institutions and the specialties they teach, in file order."""

    columns: tuple[CatalogColumn, ...] = ()  # the declaration it was read with
    rows: tuple[CatalogRow, ...] = ()
    path: str = ""  # the file read, as the clerk names it
    encoding: str = ""  # UTF-8, UTF-8 (BOM), GB18030, or the Excel sheet it was read from
    warnings: tuple[Finding, ...] = ()  # what the loader set right (a stray space), with its place

    @property
    def source(self) -> str:
        """`data/institutions.csv（GB18030）`: which file and how it was read."""
        return f"{self.path}（{self.encoding}）"

    def values(self, field: str) -> list[str]:
        """The distinct values of a column, in order of first appearance (a page filter's options)."""
        return list(dict.fromkeys(row[field] for row in self.rows if row[field]))

    @property
    def specialties(self) -> list[str]:
        """Every specialty taught, once each: the blank forms' drop-down."""
        return self.values("specialty")

    @property
    def registration_urls(self) -> frozenset[str]:
        """Every registration address: the only links to other sites the website may carry."""
        return frozenset(row.registration_url for row in self.rows)

    @cached_property
    def institutions(self) -> list[Institution]:
        """Rows grouped by institution, in order of first appearance."""
        grouped: dict[str, list[CatalogRow]] = {}
        for row in self.rows:
            grouped.setdefault(row.institution, []).append(row)
        wide = [c.field for c in self.columns if c.institution_wide]
        return [Institution(number, name, {field: rows[0][field] for field in wide}, tuple(rows))
                for number, (name, rows) in enumerate(grouped.items(), start=1)]
