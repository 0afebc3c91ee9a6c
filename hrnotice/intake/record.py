"""What reading a return produces: values that remember how they were found, and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Found(enum.Enum):
    """How a value was located in the returned file."""

    TAG = "标记"  # a Word control's tag, as the form was generated
    NAME = "名称"  # an Excel cell's defined name
    HEADING = "列标题"  # an Excel column's heading
    ALIAS = "标题"  # a Word control's title (alias): the tag was lost
    POSITION = "位置"  # its place in the form's version: tag, title or name were lost

    @property
    def needs_review(self) -> bool:
        return self in (Found.ALIAS, Found.POSITION)


@dataclass(frozen=True)
class Value:
    """One field's value as read, with how it was found and why it needs a second look, if it does."""

    text: str
    found: Found
    doubt: str = ""  # non-empty: the reader was not sure (shown date ≠ stored date, unknown choice …)

    @property
    def review(self) -> bool:
        return self.found.needs_review or bool(self.doubt)


class Severity(enum.Enum):
    """Errors must be corrected by the institution; warnings and reviews are for the clerk to judge."""

    ERROR = "错误"
    WARNING = "警告"
    REVIEW = "核对"


@dataclass(frozen=True)
class Finding:
    """One finding in one return: `file:row: 错误 身份证号码: message`."""

    source: str
    row: int | None
    severity: Severity
    field: str | None
    message: str

    def __str__(self) -> str:
        place = f"{self.source}:{self.row}" if self.row else self.source
        subject = f"{self.severity.value} {self.field}" if self.field else self.severity.value
        return f"{place}: {subject}: {self.message}"


@dataclass
class Entry:
    """One trainee in one return: the head's values and the trainee's own, keyed as in `fields`."""

    source: str
    annex: int
    row: int | None  # the trainee's 序号 in a Word list, the sheet row in Excel, None for 附件3
    values: dict[str, Value] = field(default_factory=dict)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value.text if value else ""


@dataclass
class Return:
    """One returned file, read: which form it is and the trainees it lists."""

    source: str
    annex: int
    version: str
    entries: list[Entry] = field(default_factory=list)
    head: dict[str, Value] = field(default_factory=dict)
    notes: list[Finding] = field(default_factory=list)  # what the reader noticed about the file
