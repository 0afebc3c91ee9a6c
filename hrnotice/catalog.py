"""Reading annex 1 (institutions and their specialties) from CSV or XLSX, as clerks save them.

The columns are the year's declaration (`forms.yml`). Every problem of the file is collected and
reported at once, each at the line where its record starts. Values are never changed beyond
trimming stray spaces, which is reported as a warning, and taking off the `'` that the catalog's
own downloads put before a value a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .findings import DataError, Finding, Severity, display_path
from .formspec import CatalogColumn, CatalogKind
from .model import Catalog, CatalogRow
from .textfile import read_text
from .yamlfile import CONTROL

CATALOG_FILES = ("institutions.csv", "institutions.xlsx")
# What a spreadsheet runs as a formula when a cell starts with it (OWASP, "CSV injection"). The
# downloads put `'` before such a value; reading a download back as data takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝")

_ZERO_WIDTH = {"\u200b": "零宽空格", "\u200c": "零宽字符", "\u200d": "零宽字符", "\u2060": "零宽字符",
               "\ufeff": "零宽空格"}
_SPACE_NAMES = {" ": "空格", "\u3000": "全角空格", "\xa0": "不间断空格", "\t": "制表符",
                "\n": "换行", "\r": "换行", **_ZERO_WIDTH}
_ZERO_WIDTH_ANY = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_STRAY_AT_EDGE = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff]|[\s\u200b\u200c\u200d\u2060\ufeff]$")
_BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")
_URL_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')
_HOST = re.compile(r"[\w-]+(\.[\w-]+)+|localhost", re.ASCII | re.IGNORECASE)
_IDN_HOST = re.compile(r"[\w-]+(\.[\w-]+)+")
_SCIENTIFIC = re.compile(r"[+-]?\d+(\.\d+)?[eE][+-]?\d+")
_LOST_ZERO = re.compile(r"[2-9]\d{8,10}")
# A phone number: digits and the separators people write between them, an extension (转 123).
_PHONE_SEPARATORS = re.compile(r"[ \-+()（）、,，/;；]|转")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９－（）＋", "0123456789-()+")
_URL_EXAMPLE = "https://www.hit.edu.cn/"
_NOT_A_URL = "“{}”不是有效的网址；报名网址应以 http:// 或 https:// 开头，后接网站域名，如 " + _URL_EXAMPLE


@dataclass(frozen=True)
class _Record:
    """One record of the file: the line it starts on and its cells as text."""

    line: int
    last_line: int
    cells: list[str]


def find_catalog(data_dir: Path) -> Path:
    """The catalog file of `data_dir`: institutions.csv or institutions.xlsx, exactly one."""
    found = [data_dir / name for name in CATALOG_FILES if (data_dir / name).is_file()]
    if len(found) == 1:
        return found[0]
    if not found:
        raise DataError([Finding.error(display_path(data_dir / CATALOG_FILES[0]), None, None,
                                       "找不到附件1 培训院校目录；请放入 institutions.csv（或 institutions.xlsx）")])
    raise DataError([Finding.error(display_path(found[1]), None, None,
                                   "institutions.csv 和 institutions.xlsx 同时存在，不知道以哪个为准；请删除或改名其中一个")])


def load_catalog(path: Path, spec: CatalogKind) -> Catalog:
    """The catalog in `path` (CSV or XLSX) with the columns of `spec`; DataError listing every problem."""
    file = display_path(path)
    reader = _Reader(file, spec)
    if path.suffix.lower() == ".xlsx":
        records, encoding = _xlsx_records(path, reader)
    else:
        text, encoding = read_text(path)
        records = _csv_records(text, reader)
    rows = reader.rows(records, excel=path.suffix.lower() == ".xlsx")
    reader.similar_names(rows)
    if reader.problems:
        raise DataError(sorted(reader.problems, key=lambda p: p.line or 0))
    return Catalog(columns=tuple(spec.columns), rows=tuple(rows), path=file, encoding=encoding,
                   warnings=tuple(sorted(reader.warnings, key=lambda w: w.line or 0)))


def _csv_records(text: str, reader: _Reader) -> list[_Record]:
    # strict=True: without it an unterminated quote silently swallows the rest of the file.
    lines = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, start = [], 1
    while True:
        try:
            cells = next(lines)
        except StopIteration:
            break
        except csv.Error as error:
            if "end of data" in str(error):
                message = ("英文双引号没有闭合：从这一行起直到文件末尾都成了一个单元格；"
                           "请在单元格末尾补上 \"，或删去多余的 \"")
            else:
                message = ("英文双引号用法有误：引号括起的单元格在结束的 \" 之后还有文字；"
                           "请把整个单元格用 \" 括起来，单元格里的 \" 写成两个 \"\"")
            reader.problem(start, None, message)
            start = lines.line_num + 1
            continue
        records.append(_Record(start, lines.line_num, cells))
        start = lines.line_num + 1
    return records


def _xlsx_records(path: Path, reader: _Reader) -> tuple[list[_Record], str]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DataError([Finding.error(reader.file, None, None,
                                       "无法作为 Excel 工作簿（.xlsx）打开；请在 Excel 或 WPS 中另存为“Excel 工作簿(*.xlsx)”"
                                       "或“CSV（逗号分隔）”")]) from None
    try:
        sheet = values.worksheets[0]
        records = []
        rows = zip(sheet.iter_rows(), formulas.worksheets[0].iter_rows())
        for number, (cells, written) in enumerate(rows, 1):
            texts = [_cell_text(cell.value) for cell in cells]
            # A formula whose result Excel never saved reads as an empty cell: say so, lose nothing.
            for index, (cell, formula) in enumerate(zip(cells, written)):
                if cell.value is None and isinstance(formula.value, str) and formula.value.startswith("="):
                    reader.problem(number, None, f"{_column_letter(index)}{number} 是公式（{_shown(formula.value, 40)}），"
                                                 "文件里没有保存它的结果；请在 Excel 中打开后另存一次，或把公式换成文字")
            records.append(_Record(number, number, texts))
        return records, f"Excel 工作表“{sheet.title}”"
    finally:
        values.close()
        formulas.close()


def _cell_text(value: object) -> str:
    """An Excel cell as the text a clerk sees; numbers as digits, so damage stays detectable."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _trimmed(value: str) -> tuple[str, str | None]:
    """`value` without stray spaces at its ends or zero-width characters inside, and what went."""
    if not _STRAY_AT_EDGE.search(value) and not _ZERO_WIDTH_ANY.search(value):
        return value, None  # nearly every cell
    removed: dict[str, list[str]] = {}

    def stray(char: str) -> bool:
        return char.isspace() or char in _ZERO_WIDTH

    start, end = 0, len(value)
    while start < end and stray(value[start]):
        removed.setdefault("开头", []).append(value[start])
        start += 1
    while end > start and stray(value[end - 1]):
        removed.setdefault("结尾", []).append(value[end - 1])
        end -= 1
    removed.get("结尾", []).reverse()  # collected from the end backwards
    inner = value[start:end]
    hidden = [c for c in inner if c in _ZERO_WIDTH]
    if hidden:
        removed["中间"] = hidden
        inner = "".join(c for c in inner if c not in _ZERO_WIDTH)
    if not removed:
        return inner, None
    parts = []
    for where, chars in removed.items():
        names = dict.fromkeys(_SPACE_NAMES.get(c, "空白字符") for c in chars)
        parts.append(f"{where}的{'、'.join(names)}")
    return inner, f"已去掉{'，'.join(parts)}"


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message: invisible characters made visible, long values cut."""
    visible = "".join(f"\\u{ord(c):04X}" if (c.isspace() and c != " ") or CONTROL.match(c)
                      or c in _ZERO_WIDTH else c for c in value)
    visible = visible.replace("\\u000A", "\\n").replace("\\u0009", "\\t").replace("\\u000D", "\\r")
    return visible if len(visible) <= limit else visible[:limit] + "…"


def _url_problem(url: str) -> str | None:
    """Why `url` is not an http(s) address with a host, or None."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        return _NOT_A_URL.format(_shown(url))
    scheme = parts.scheme.lower()
    if "@" in parts.netloc:
        # `https://real.example@evil.example/` goes to evil.example: the part before @ only looks like a host.
        userinfo = parts.netloc.rsplit("@", 1)[0]
        return (f"“{_shown(url)}”在“@”前面有“{_shown(userinfo, 30)}”，链接实际指向 {host or '（无）'}；"
                f"报名网址不能含有用户名或“@”，请写成 {scheme or 'https'}://域名/ 的形式")
    # urlsplit drops tabs and line breaks (`java\tscript:`), so the raw text is checked too.
    if (not _URL_FORBIDDEN.search(url) and scheme in ("http", "https") and url.lower().startswith(scheme + "://")
            and (_HOST.fullmatch(host) or (not host.isascii() and _IDN_HOST.fullmatch(host)))):
        return None
    if not scheme and _HOST.fullmatch(url.split("/")[0]):
        return f"“{_shown(url)}”缺少开头的 http:// 或 https://；请写成完整网址，如 {_URL_EXAMPLE}"
    return _NOT_A_URL.format(_shown(url))


def _phone_problem(phone: str) -> str | None:
    """Damage Excel does to a phone number, full-width digits, or a value that is no number; else None."""
    if _SCIENTIFIC.fullmatch(phone):
        return (f"“{phone}”是 Excel 把号码当作数字后写成的科学计数法，号码已经丢失；"
                "请把这一列设为“文本”格式，重新填写完整号码，如 0451-86412114")
    digits = phone[:-2] if phone.endswith(".0") and phone[:-2].isdigit() else phone
    if _LOST_ZERO.fullmatch(digits):
        return (f"“{phone}”像是被 Excel 去掉了开头的 0（应为 0{digits}）；"
                "请把这一列设为“文本”格式后重新填写，或写成 0451-86412114 这样带“-”的号码")
    if digits != phone:
        return f"“{phone}”末尾的“.0”是 Excel 把号码当作数字留下的；请把这一列设为“文本”格式后重新填写"
    half = phone.translate(_FULL_WIDTH)
    if half != phone:
        return f"“{phone}”用了全角数字或符号；请改为半角：{half}"
    bare = _PHONE_SEPARATORS.sub("", phone)
    if not bare.isdigit() or not bare.isascii() or len(bare) < 7:
        return (f"“{_shown(phone, 30)}”不像电话号码：应有至少 7 位数字，只用“-”、空格、括号等分隔，"
                "如 0451-86412114；说明文字请写在备注里")
    return None


# The checks of single cells, by the declaration's `check`: each returns what is wrong, or None.
_CELL_CHECKS: dict[str, Callable[[str], str | None]] = {"url": _url_problem, "phone": _phone_problem}


class _Reader:
    """Turns the file's records into rows, collecting every problem and every correction on the way."""

    def __init__(self, file: str, spec: CatalogKind):
        self.file = file
        self.spec = spec
        self.by_header = {c.header: c for c in spec.columns}
        self.problems: list[Finding] = []
        self.warnings: list[Finding] = []
        # Columns whose value repeats over an institution's rows: the ones Excel users merge.
        self.grouped = {c.header for c in spec.columns if c.field == "institution" or c.institution_wide or c.filter}
        self.group_above: dict[str, tuple[int, str, str]] = {}  # header → line, value, institution
        self.first_line: dict[tuple[str, str], int] = {}  # (institution, specialty) → line
        self.first_value: dict[tuple[str, str], tuple[int, str]] = {}  # (institution, header) → line, value

    def problem(self, line: int, column: str | None, message: str) -> None:
        self.problems.append(Finding.error(self.file, line, column, message))

    def warn(self, line: int, column: str | None, message: str, rule: str) -> None:
        self.warnings.append(Finding(self.file, line, Severity.WARNING, rule, message, column))

    def rows(self, records: list[_Record], excel: bool) -> list[CatalogRow]:
        """The data rows under the header."""
        records = [r for r in records if not all(_BLANK.fullmatch(c) for c in r.cells)]  # blank lines Excel leaves
        if not records:
            return []
        columns = self.header(records[0])
        if columns is None:
            return []
        rows: list[CatalogRow] = []
        for record in records[1:]:
            values = self.values(record, columns, excel)
            if values is None:
                continue
            self.check(record.line, values)
            if len(values) == len(self.spec.columns):
                rows.append(CatalogRow(record.line, {self.by_header[h].field: v for h, v in values.items()}))
        return rows

    def header(self, record: _Record) -> list[str | None] | None:
        """The column name of each cell of the header row; None when the row is not a header."""
        names = []
        for cell in record.cells:
            name, trimmed = _trimmed(cell)
            if trimmed:
                self.warn(record.line, "表头", f"{name}: {trimmed}；请在文件中也删去", "catalog-stray-spaces")
            names.append(name)
        trailing = 0
        while names and not names[-1]:
            names.pop()
            trailing += 1
        if trailing and names:
            self.warn(record.line, "表头", f"表头之后还有 {trailing} 个没有列名的空列（多半是 Excel 或 WPS 留下的）；"
                                           "已忽略，请在文件中删去这些列", "catalog-empty-columns")
        expected = "、".join(self.by_header)
        if not any(name in self.by_header for name in names):
            self.problem(record.line, "表头", f"第一行应为表头（{expected}），而现在是“{_shown('、'.join(names), 40)}”；"
                                            "请在文件最前面插入表头这一行")
            return None
        columns: list[str | None] = []
        seen: dict[str, int] = {}
        suggested: set[str] = set()  # a misspelt column is reported once, not also as missing
        for index, name in enumerate(names):
            letter = _column_letter(index)
            if not name:
                self.problem(record.line, "表头", f"{letter} 列没有列名；请填上列名（{expected}之一），或删除这一列")
                columns.append(None)
            elif name not in self.by_header:
                close = difflib.get_close_matches(name, self.by_header, n=1, cutoff=0.5)
                hint = f"是不是“{close[0]}”？" if close else ""
                suggested.update(close)
                self.problem(record.line, "表头", f"不认识 {letter} 列的列名“{_shown(name)}”；{hint}列名应为 {expected}")
                columns.append(None)
            elif name in seen:
                self.problem(record.line, "表头", f"“{name}”出现了两次（{_column_letter(seen[name])} 列和 {letter} 列）；"
                                                "请删除或改名其中一列")
                columns.append(None)
            else:
                seen[name] = index
                columns.append(name)
        for name in self.by_header:
            if name not in seen and name not in suggested:
                self.problem(record.line, "表头", f"缺少“{name}”列；表头应为 {expected}")
        return columns

    def values(self, record: _Record, columns: list[str | None], excel: bool) -> dict[str, str] | None:
        """The record's cells by column name, trimmed; None when it has the wrong number of cells."""
        width = len(columns)
        cells = record.cells
        if excel:  # a worksheet's row simply ends after its last filled cell
            cells = cells + [""] * (width - len(cells))
        extra = [i for i, c in enumerate(cells[width:], width) if not _BLANK.fullmatch(c)]
        if len(cells) < width or extra:
            self.problem(record.line, None, _count_message(record, width, extra, excel))
            return None
        values: dict[str, str] = {}
        for name, cell in zip(columns, cells):
            if name is None:
                continue
            column = self.by_header[name]
            if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
                cell = cell[1:]  # the downloads' own guard against formulas
            illegal = CONTROL.search(cell)
            if illegal:
                self.problem(record.line, name, f"含有 Word 和 Excel 文件里不能保存的控制字符 U+{ord(illegal.group()):04X}"
                                                f"（第 {illegal.start() + 1} 个字符）；请删除它（多由复制粘贴带入）")
            value, trimmed = _trimmed(cell)
            if trimmed:
                self.warn(record.line, name, f"{trimmed}；请在文件中也删去", "catalog-stray-spaces")
            if len(value) > column.max_length:
                self.problem(record.line, name, f"有 {len(value)} 个字，超过了这一列的上限 {column.max_length} 字；"
                                                "请精简（较长的说明可以放在院校网站上）")
            values[name] = value
        return values

    def check(self, line: int, values: dict[str, str]) -> None:
        """The row against itself and the rows above it; at most one message per cell."""
        reported = self._cells(line, values)
        institution = values.get(self.spec.column("institution").header, "")
        specialty = values.get(self.spec.column("specialty").header, "")
        if institution and specialty:
            earlier = self.first_line.setdefault((institution, specialty), line)
            if earlier != line:
                self.problem(line, self.spec.column("specialty").header,
                             f"与第 {earlier} 行重复（同一培训院校的同一培训专业）；请删除其中一行")
        for column in self.spec.institution_wide:
            value = values.get(column.header)
            if not institution or value is None or column.header in reported:
                continue
            first, known = self.first_value.setdefault((institution, column.header), (line, value))
            if known != value:
                self.problem(line, column.header, _differs_message(column.header, value, first, known))

    def _cells(self, line: int, values: dict[str, str]) -> set[str]:
        """Each cell's own check, and blanks; returns the columns already reported."""
        reported: set[str] = set()
        institution = values.get(self.spec.column("institution").header, "")
        for name, value in values.items():
            column = self.by_header[name]
            if value:
                check = _CELL_CHECKS.get(column.check or "")
                message = check(value) if check else None
                if message:
                    self.problem(line, name, message)
                    reported.add(name)
                if name in self.grouped:
                    self.group_above[name] = (line, value, institution)
                continue
            above = self.group_above.get(name)
            if above is not None and (column.required or not institution or institution == above[2]):
                self.problem(line, name, f"为空，上方第 {above[0]} 行是“{_shown(above[1], 30)}”；如果是合并单元格，"
                                         f"请取消合并，在每一行都填上{name}（本工具不会自动向下填充）")
                reported.add(name)
            elif column.required:
                self.problem(line, name, f"不能为空；请填写{name}")
            else:
                self.group_above.pop(name, None)
        return reported

    def similar_names(self, rows: list[CatalogRow]) -> None:
        """Two institution names that differ only in full- and half-width forms or spaces are one institution
        typed two ways: `哈尔滨工业大学 (威海)` and `哈尔滨工业大学（威海）`."""
        first: dict[str, tuple[str, int]] = {}
        header = self.spec.column("institution").header
        for row in rows:
            folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", row.institution))
            name, line = first.setdefault(folded, (row.institution, row.line))
            if name != row.institution:
                self.warn(row.line, header, f"“{row.institution}”与第 {line} 行的“{name}”只差全角、半角或空格，"
                                            "会被当作两所院校；如是同一所，请写法一致", "catalog-similar-names")
                first[folded] = (row.institution, row.line)


def _differs_message(name: str, value: str, line: int, known: str) -> str:
    if not known:
        return (f"第 {line} 行同一院校的{name}为空，这一行却是“{_shown(value, 30)}”；"
                f"同一培训院校各行的{name}应一致")
    if not value:
        return f"为空，而第 {line} 行同一院校是“{_shown(known, 30)}”；同一培训院校各行的{name}应一致"
    return f"“{_shown(value, 30)}”与第 {line} 行同一院校的“{_shown(known, 30)}”不同；同一培训院校各行的{name}应一致"


def _count_message(record: _Record, width: int, extra: list[int], excel: bool) -> str:
    count = len(record.cells)
    letters = "、".join(_column_letter(i) for i in extra)
    if excel:
        return f"表头以外的 {letters} 列还有内容；请删除它，或为这一列填上列名"
    if record.last_line > record.line and count != width:
        return (f"这条记录从第 {record.line} 行延续到第 {record.last_line} 行，共 {count} 个单元格，而表头有 {width} 列；"
                "多半是某个单元格的英文双引号没有闭合，请检查这一行的 \"")
    if count < width:
        return (f"只有 {count} 个单元格，而表头有 {width} 列；请补上缺少的单元格"
                "（内容里有逗号时，要用英文双引号把整个单元格括起来）")
    return (f"有 {count} 个单元格，而表头只有 {width} 列（{letters} 列多出内容）；请删除多出的内容，"
            "或检查是否多了逗号（内容里有逗号时，要用英文双引号把整个单元格括起来）")


def column_of(catalog: Catalog, field: str) -> CatalogColumn | None:
    """The declared column `field` of the catalog, if it has one."""
    return next((c for c in catalog.columns if c.field == field), None)
