"""The typed model of one year's notice: the single source every output renders from."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from datetime import date as _date  # for a field named `date`
from functools import cached_property
from typing import Literal

from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc

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

# 索引号 of the government information disclosure catalogue: the issuer's 统一社会信用代码, the year, a
# five-digit serial. The serial may be empty: `new-year` leaves it for the clerk (the check says so).
INDEX_NUMBER = re.compile(r"^(?P<code>[^/]+)/(?P<year>\d{4})-(?P<serial>\d{5})?$")

# Facts the notice page shows in its metadata block: the ones a note (`notes`) may be attached to.
NOTED_FIELDS = {"issuer": "发文机关", "document_number": "发文字号", "date_written": "成文日期",
                "date_published": "发布日期", "subject_category": "主题分类", "index_number": "索引号",
                "keywords": "主题词"}


def credit_code_problem(code: str) -> str | None:
    """Why `code` is no 统一社会信用代码 (GB 32100), in Chinese; None if it is one."""
    try:
        if code != uscc.compact(code):
            raise stdnum_errors.InvalidFormat()
        uscc.validate(code)
    except stdnum_errors.InvalidLength:
        return f"应为 18 位，而“{code}”是 {len(code)} 位"
    except stdnum_errors.InvalidChecksum:
        return f"“{code}”的校验码（最后一位）不对，按前 17 位应为 {uscc.calc_check_digit(code[:17])}；请核对是否抄错"
    except stdnum_errors.ValidationError:
        return f"“{code}”含有不允许的字符：前 8 位是数字，其余是数字或大写字母（不用 I、O、S、V、Z），中间没有空格"
    return None


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
    index_number: str | None = Field(
        default=None, description="索引号：发文机关的统一社会信用代码/年度-五位序号，如 11230000MB1234567J/2012-00005")
    keywords: list[str] = Field(default=[], description="主题词（可不写），如 [继续教育, 培训, 通知]")
    notes: dict[str, str] = Field(
        default={}, description="对元数据的说明（可不写），键是字段名，如 date_published: 原文未载发布日期……；显示在通知页的文件信息中")

    @field_validator("index_number")
    @classmethod
    def _index_number_shape(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = INDEX_NUMBER.match(value)
        if not match:
            raise PydanticCustomError(
                "index_number_shape",
                "索引号应形如“11230000MB1234567J/2012-00005”（发文机关的统一社会信用代码/年度-五位序号），而不是“{value}”",
                {"value": value})
        problem = credit_code_problem(match["code"])
        if problem:
            raise PydanticCustomError("credit_code", "索引号中的统一社会信用代码{problem}", {"problem": problem})
        return value

    @field_validator("keywords")
    @classmethod
    def _keywords_filled(cls, value: list[str]) -> list[str]:
        if any(not word.strip() for word in value):
            raise PydanticCustomError("keyword_empty", "主题词不能是空的；请删去空项")
        return value

    @field_validator("notes")
    @classmethod
    def _notes_on_shown_facts(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [key for key in value if key not in NOTED_FIELDS]
        if unknown:
            known = "、".join(f"{key}（{label}）" for key, label in NOTED_FIELDS.items())
            raise PydanticCustomError("note_key", "“{unknown}”不是通知页文件信息中的字段；说明只能加在 {known} 上",
                                      {"unknown": "、".join(unknown), "known": known})
        if any(not text.strip() for text in value.values()):
            raise PydanticCustomError("note_empty", "说明不能是空的；请写明，或删去这一项")
        return value

    @property
    def index_number_parts(self) -> re.Match[str] | None:
        """The 索引号 split into code, year and serial, if the notice has one."""
        return INDEX_NUMBER.match(self.index_number) if self.index_number else None

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


# The site's identity (site.yml): what a government website shows on every page and in its <meta>
# tags (国办发〔2017〕47号 网页设计规范). Shared by every year's pages.
_PHONE = re.compile(r"^(0\d{2,3}-)?\d{5,8}(-\d{1,6})?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
ICP_NUMBER = re.compile(r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?$")
POLICE_NUMBER = re.compile(r"^[\u4e00-\u9fff]公网安备 ?(?P<code>\d{14})号$")
SITE_CODE_LENGTH = 10
# How these fields of site.yml are written, and what the clerk is told when one is not.
_WRITTEN_AS = {
    "postcode": (re.compile(r"\d{6}"), "邮政编码应为 6 位数字，而不是“{value}”"),
    "phone": (_PHONE, "“{value}”不是电话号码；应形如 0451-12345678（区号-号码）或 12333"),
    "email": (_EMAIL, "“{value}”不是电子邮箱地址；应形如 jxjy@hrss.hlj.gov.cn"),
    "icp": (ICP_NUMBER, "ICP备案号应形如“黑ICP备12345678号”（省份简称、ICP备、数字、号），而不是“{value}”"),
    "police": (POLICE_NUMBER, "公安机关备案号应形如“黑公网安备23010002000001号”（省份简称、公网安备、14 位数字、号），"
                              "而不是“{value}”"),
}


class SiteIdentity(_Model):
    """Who runs the site and how it is registered: the header, the footer and the pages' <meta> tags."""

    name: str = Field(min_length=1, description="网站名称，如 黑龙江省人力资源和社会保障厅（页头和 SiteName）")
    column: str = Field(min_length=1, description="栏目（专题）名称：本网站在网站中的栏目，如 专业技术人员继续教育知识更新培训（ColumnName）")
    column_description: str = Field(min_length=1, description="栏目的一句话说明（ColumnDescription）")
    column_keywords: list[str] = Field(min_length=1, description="栏目的关键词（ColumnKeywords），如 [继续教育, 知识更新]")
    sponsor: str = Field(min_length=1, description="主办单位")
    operator: str = Field(default="", description="承办单位（可不写）")
    address: str = Field(min_length=1, description="地址")
    postcode: str | None = Field(default=None, description="邮政编码（可不写），6 位数字")
    phone: str = Field(description="联系电话，如 0451-12345678 或 12333")
    email: str = Field(description="电子邮箱")
    url: str = Field(description="网站地址：site/ 上传后的地址，以 / 结尾，含子目录，如 https://hrss.hlj.gov.cn/jxjy/")
    site_code: str = Field(description="网站标识码（10 位，全国政府网站信息报送系统分配）")
    icp: str = Field(description="ICP备案号，如 黑ICP备12345678号")
    police: str = Field(description="公安机关备案号，如 黑公网安备23010002000001号")
    badge: str | None = Field(default=None, description="党政机关网站标识的图片（可不写），相对于 site.yml 所在目录，PNG、JPEG 或 GIF")
    illustrative: bool = Field(
        default=False, description="标识码、备案号、地址等是示意的占位值（不是真实的）：页脚写明“示意”；填上真实的值后改为 false")

    @field_validator("site_code")
    @classmethod
    def _site_code(cls, value: str) -> str:
        if len(value) != SITE_CODE_LENGTH:
            raise PydanticCustomError("site_code_length", "网站标识码应为 10 位，而“{value}”是 {length} 位",
                                      {"value": value, "length": len(value)})
        if not (value.isascii() and value.isalnum()):
            raise PydanticCustomError("site_code_chars", "网站标识码只由字母和数字组成，而“{value}”中有其他字符",
                                      {"value": value})
        return value

    @field_validator(*_WRITTEN_AS)
    @classmethod
    def _written_as(cls, value: str | None, info: ValidationInfo) -> str | None:
        pattern, message = _WRITTEN_AS[info.field_name]
        if value is not None and not pattern.fullmatch(value):
            raise PydanticCustomError(info.field_name, message, {"value": value})
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if bad := re.search(r"[\s\"'<>\\`{}|^]", value):
            raise PydanticCustomError("url_character", "网站地址中不能有空格、引号、尖括号等字符，而“{value}”中有“{bad}”",
                                      {"value": value, "bad": bad.group()})
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
            raise PydanticCustomError("url_scheme", "网站地址应以 https:// 或 http:// 加域名开头，如 https://hrss.hlj.gov.cn/jxjy/，"
                                      "而不是“{value}”", {"value": value})
        if parts.query or parts.fragment or not parts.path.endswith("/"):
            raise PydanticCustomError("url_folder", "网站地址应是一个目录，以 / 结尾（不带 ? 或 #），如 https://hrss.hlj.gov.cn/jxjy/，"
                                      "而不是“{value}”", {"value": value})
        return value

    @property
    def domain(self) -> str:
        """The site's host name (SiteDomain)."""
        return urlsplit(self.url).hostname or ""

    @property
    def base_path(self) -> str:
        """The folder the site is served from, `/jxjy/` (`/` at the root of its host)."""
        return urlsplit(self.url).path

    @property
    def police_record_code(self) -> str:
        """The 14 digits the 公安 filing site looks the record up by."""
        match = POLICE_NUMBER.match(self.police)
        assert match is not None  # guaranteed by the validator
        return match["code"]


class InterpretationFacts(_Model):
    """The front matter of a year's 政策解读 (interpretation.md)."""

    title: str = Field(min_length=1, description="解读的标题，如 《关于开展2012年度……的通知》解读")
    date: _date = Field(description="解读的发布日期（检查：不晚于通知发布后的第 3 个工作日）")
    source: str = Field(default="", description="解读机关（可不写，默认为通知的发文机关）")
