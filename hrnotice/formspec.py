"""The declaration of every form and catalog column: `forms.yml`, beside the form templates.

One declaration per form kind (附件2 学员录取表 …) and per catalog column (附件1), read from the
year's form folder (`templates/forms/` for the current year, `data/YEAR/forms/` for an archived
one, so that archived years keep the forms they were published with). Everything that makes,
reads or shows a form or a column iterates over it: the template generator, the Word and Excel
writers, intake, the catalog loader, its downloads, the site's pages, styles and scripts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .findings import DataError, Finding, display_path
from .yamlfile import SourceMap, load_model

DECLARATION_FILE = "forms.yml"
STAMP_PREFIX = "hrnotice-form-"  # a generated file's identifier: `hrnotice-form-admission`
# The facts the checks know by name; a field or column with another key is carried along unchecked.
TRAINEE_FACTS = ("name", "sex", "id_number", "birth_month", "level", "mode", "institution", "specialty",
                 "class_start", "class_end", "report_date", "online_hours", "live_hours", "completed")
CATALOG_FIELDS = ("institution", "specialty", "registration_url")  # the catalog cannot do without these

_KEY = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


FieldKind = Literal["text", "choice", "date", "month", "check", "number"]


class FormField(_Model):
    """One value a form asks for."""

    key: str = Field(pattern=_KEY, description="英文标识：Word 控件的标记、Excel 单元格的名称、汇总表的列")
    label: str = Field(min_length=1, max_length=20, description="表格上的栏目名称")
    kind: FieldKind = Field(default="text", description="text 文字、choice 下拉、date 日期、month 年月、check 复选框、number 整数")
    choices: list[str] | Literal["catalog"] | None = Field(
        default=None, description="下拉选项；catalog 表示附件1 的培训专业（各院校的专用表格只列本院校的）")
    required: bool = Field(default=False, description="收回时必须填写")
    width: float | None = Field(default=None, gt=0, description="列宽（毫米）；不写则平分余下的宽度")
    length: int | None = Field(default=None, ge=1, description="应有的字数（如身份证号码 18）；Excel 版据此限制输入")
    wide: bool = Field(default=False, description="登记表等单份表格：填写处占整行")
    group: str | None = Field(default=None, description="单份表格：同组的栏目写在同一行，行首是组名")
    lines: int = Field(default=1, ge=1, le=20, description="填写处的高度（行数）")
    prompt: str | None = Field(default=None, description="Word 版的提示文字；不写则为“点击输入（选择）栏目名称”")

    @model_validator(mode="after")
    def _choices_for_choice(self) -> FormField:
        if (self.kind == "choice") != (self.choices is not None):
            raise PydanticCustomError("choices", "kind 为 choice 的栏目要写 choices（选项），其他栏目不写")
        return self

    @property
    def excel_text(self) -> bool:
        """Typed as text in Excel, so that ID numbers and phone numbers keep every digit."""
        return self.kind in ("text", "choice")


class FormKind(_Model):
    """A form the notice annexes: what it asks, per trainee or per class, and when it is due."""

    kind: str = Field(pattern=_KEY, description="英文标识，notice.yml 的 annexes 中以 form: 引用")
    name: str = Field(min_length=1, description="表名，如 学员录取表")
    template: str = Field(description="Word 模板的文件名（与 forms.yml 在同一目录）")
    stem: str = Field(pattern=r"^[a-z0-9-]+$", description="下载文件名的一部分：annex2-admission.docx")
    due: Literal["before_class", "after_class", "none"] = Field(default="none", description="报送时间")
    excel: bool = Field(default=False, description="另有 Excel 版（只用于每名学员一行的表格）")
    landscape: bool = Field(default=False, description="横向 A4")
    photo: bool = Field(default=False, description="单份表格：右上角留照片框")
    admitted_by: str | None = Field(default=None, description="学员须已列在这种表格中（如结业表的学员须在录取表中）")
    head: list[FormField] = Field(default_factory=list, description="表头：每份表格填一次（单份表格的全部栏目）")
    rows: list[FormField] = Field(default_factory=list, description="每名学员一行的栏目；空则一人一份")
    foot: list[FormField] = Field(default_factory=list, description="表尾：填报人等")

    @property
    def list_form(self) -> bool:
        """One row per trainee (附件2, 附件4), rather than one trainee per form (附件3)."""
        return bool(self.rows)

    @property
    def fields(self) -> list[FormField]:
        """Every field in roster order: head, trainee row, foot."""
        return [*self.head, *self.rows, *self.foot]

    @property
    def identifier(self) -> str:
        """What a generated file carries to say which form it is: `hrnotice-form-admission`."""
        return f"{STAMP_PREFIX}{self.kind}"

    def field(self, key: str) -> FormField | None:
        return next((f for f in self.fields if f.key == key), None)

    @model_validator(mode="after")
    def _consistent(self) -> FormKind:
        keys = [f.key for f in self.fields]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise PydanticCustomError("keys", "栏目的 key 重复：{keys}", {"keys": "、".join(repeated)})
        if self.excel and not self.rows:
            raise PydanticCustomError("excel", "只有每名学员一行的表格（有 rows）才有 Excel 版")
        return self


class CatalogColumn(_Model):
    """A column of the catalog (附件1): in institutions.csv, on the page, in its downloads and in Word."""

    field: str = Field(pattern=_KEY, description="英文标识")
    header: str = Field(min_length=1, max_length=20, description="institutions.csv 的列名，也是网页和表格上的列名")
    required: bool = Field(default=False, description="每一行都要填")
    institution_wide: bool = Field(default=False, description="院校的信息而不是专业的：同一院校各行相同")
    filter: bool = Field(default=False, description="网页上可按它筛选")
    check: Literal["url", "phone"] | None = Field(default=None, description="对单元格的检查：url 报名网址、phone 电话")
    width: float = Field(gt=0, description="列宽（汉字数）：Word、Excel、网页按它分配宽度")
    max_length: int = Field(default=200, ge=1, le=32767, description="单元格最多的字数")
    page: Literal["column", "link", "none"] = Field(
        default="column", description="网页上：column 一列；link 作为院校名称的链接；none 不显示")
    phone: Literal["title", "label", "plain", "none"] = Field(
        default="label", description="手机上：title 卡片标题；label 带列名；plain 只写内容；none 不显示")


class CatalogKind(_Model):
    """附件1: the institutions and the specialties they teach."""

    name: str = Field(min_length=1, description="表名")
    template: str = Field(description="Word 模板的文件名")
    stem: str = Field(pattern=r"^[a-z0-9-]+$", description="下载文件名的一部分：annex1-catalog.docx")
    columns: list[CatalogColumn] = Field(min_length=1, description="列，按 CSV 和下载文件中的先后顺序")

    @model_validator(mode="after")
    def _consistent(self) -> CatalogKind:
        fields = [c.field for c in self.columns]
        missing = [f for f in CATALOG_FIELDS if f not in fields]
        if missing:
            raise PydanticCustomError("columns", "缺少必需的列：{missing}", {"missing": "、".join(missing)})
        for name, values in (("field", fields), ("header", [c.header for c in self.columns])):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise PydanticCustomError("repeated", "列的 {name} 重复：{values}",
                                          {"name": name, "values": "、".join(repeated)})
        return self

    def column(self, field: str) -> CatalogColumn:
        return next(c for c in self.columns if c.field == field)

    @property
    def institution_wide(self) -> list[CatalogColumn]:
        """The columns that describe the institution, the same on each of its rows."""
        return [c for c in self.columns if c.institution_wide]

    @property
    def per_row(self) -> list[CatalogColumn]:
        """The columns that describe a specialty, the institution's name aside."""
        return [c for c in self.columns if not c.institution_wide and c.field != "institution"]


class Declaration(_Model):
    """The whole of forms.yml."""

    catalog: CatalogKind = Field(description="附件1 培训院校目录")
    forms: list[FormKind] = Field(description="要填写的表格")

    @field_validator("forms")
    @classmethod
    def _unique_kinds(cls, forms: list[FormKind]) -> list[FormKind]:
        kinds = [f.kind for f in forms]
        repeated = sorted({k for k in kinds if kinds.count(k) > 1} | ({"catalog"} & set(kinds)))
        if repeated:
            raise PydanticCustomError("kinds", "表格的 kind 重复或与 catalog 相同：{kinds}", {"kinds": "、".join(repeated)})
        for form in forms:
            if form.admitted_by is not None and form.admitted_by not in kinds:
                raise PydanticCustomError("admitted_by", "admitted_by 引用了不存在的表格 {kind}", {"kind": form.admitted_by})
        return forms


@dataclass(frozen=True)
class FormSet:
    """A year's forms: the declaration and the folder of templates it belongs to."""

    folder: Path
    declaration: Declaration
    source: SourceMap

    @property
    def catalog(self) -> CatalogKind:
        return self.declaration.catalog

    @property
    def forms(self) -> list[FormKind]:
        return self.declaration.forms

    def kind(self, name: str) -> FormKind | None:
        """The form declared as `name`; None for the catalog or an unknown name."""
        return next((f for f in self.forms if f.kind == name), None)

    def template_path(self, name: str) -> Path:
        """The Word template of form `name` (or `catalog`)."""
        spec = self.catalog if name == "catalog" else self.kind(name)
        assert spec is not None
        return self.folder / spec.template

    @cached_property
    def digest(self) -> str:
        """A hash of the declaration and every template it names: what the forms are made from."""
        hasher = hashlib.sha256(self.declaration.model_dump_json().encode("utf-8"))
        for name in ["catalog", *(f.kind for f in self.forms)]:
            path = self.template_path(name)
            hasher.update(path.read_bytes() if path.is_file() else b"")
        return hasher.hexdigest()


def load_forms(folder: Path) -> FormSet:
    """The forms declared in `folder/forms.yml`, every problem reported with its line."""
    path = folder / DECLARATION_FILE
    if not path.is_file():
        raise DataError([Finding.error(display_path(path), None, None,
                                       "找不到表格的声明文件 forms.yml；请从版本库恢复 templates/forms/forms.yml")])
    declaration, source = load_model(path, Declaration)
    return FormSet(folder, declaration, source)


# --- Where things are on a list form's Excel sheet: the writer and the reader agree through this ---

@dataclass(frozen=True)
class SheetLayout:
    """Where each value of a list form's sheet is: head and foot cells, then one row per trainee."""

    head_cells: dict[str, str]  # key → cell, e.g. "institution": "B5"
    heading_row: int
    columns: tuple[str, ...]  # keys of the trainee columns, from column B on
    first_row: int
    rows: int

    @property
    def version(self) -> str:
        """A digest of the layout: it changes exactly when a reader would misplace a value."""
        described = json.dumps([self.head_cells, self.heading_row, self.columns, self.first_row],
                               ensure_ascii=False, sort_keys=True)
        return "x" + hashlib.sha256(described.encode("utf-8")).hexdigest()[:8]


SHEET_ROWS = 100  # trainee rows per sheet: more than the Word forms have, and each costs build time
_HEAD_TOP = 5  # row of the first head line, under 附件N, the title and who fills it in


def sheet_layout(form: FormKind) -> SheetLayout:
    """Two label/value pairs per head line (label A:B, value C:E; label F:G, value H:J), then the trainee table."""
    head = [*form.head, *form.foot]
    cells = {f.key: f"{'CH'[index % 2]}{_HEAD_TOP + index // 2}" for index, f in enumerate(head)}
    heading_row = _HEAD_TOP + (len(head) + 1) // 2 + 1
    return SheetLayout(cells, heading_row, tuple(f.key for f in form.rows), heading_row + 1, SHEET_ROWS)


ROW_TAG = re.compile(r"^(?P<key>[a-z][a-z0-9_]*?)_(?P<row>\d+)$")


def row_tag(key: str, number: int | str) -> str:
    """The tag of a trainee row's control: `name_3`."""
    return f"{key}_{number}"
