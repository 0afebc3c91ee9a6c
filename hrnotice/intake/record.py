"""What reading a return produces: values that remember how they were found."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from ..findings import Finding
from ..formspec import FormKind


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


@dataclass
class Entry:
    """One trainee in one return: the head's values and the trainee's own, keyed as the form declares."""

    source: str
    form: FormKind
    row: int | None  # the trainee's 序号 in a Word list, the sheet row in Excel, None for a one-person form
    values: dict[str, Value] = field(default_factory=dict)

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return value.text if value else ""


@dataclass
class Return:
    """One returned file, read: which form it is and the trainees it lists."""

    source: str
    form: FormKind
    version: str
    entries: list[Entry] = field(default_factory=list)
    head: dict[str, Value] = field(default_factory=dict)
    notes: list[Finding] = field(default_factory=list)  # what the reader noticed about the file
