"""Reading text files as Excel, WPS and Notepad save them."""

from __future__ import annotations

import codecs
from pathlib import Path

from .findings import DataError, Finding, display_path

_MIXED = "文件大部分是 UTF-8 编码，但这一行不是（可能从 GBK 文件粘贴而来）；请用同一种编码重新保存整个文件"


def read_text(path: Path) -> tuple[str, str]:
    """The file's text and the encoding it was read with.

    Tried in a fixed order, never guessed: BOM, then strict UTF-8, then GB18030 (a superset of
    GBK, which Excel and WPS write), last because it decodes almost any bytes.
    """
    data = path.read_bytes()
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8):] if has_bom else data
    try:
        return body.decode("utf-8"), "UTF-8 (BOM)" if has_bom else "UTF-8"
    except UnicodeDecodeError as error:
        # A BOM says UTF-8 for the whole file, so a line that is not must have been pasted in.
        stray_line = body[: error.start].count(b"\n") + 1 if has_bom else _stray_line_in_utf8(body)
        if stray_line:
            raise DataError([Finding.error(display_path(path), stray_line, None, _MIXED)]) from None
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DataError([Finding.error(display_path(path), line, None,
                                       "无法识别文件编码；请另存为“UTF-8”或“CSV（逗号分隔）”")]) from None


def _stray_line_in_utf8(data: bytes) -> int | None:
    """The first non-UTF-8 line of a file that is mostly UTF-8, or None for a legacy-encoded file.

    Chinese text in GBK is rarely valid UTF-8 line after line, so when most non-ASCII lines
    decode as UTF-8 the others were pasted in from elsewhere and must not be read as GB18030.
    """
    good, bad = 0, []
    for number, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            good += 1
        except UnicodeDecodeError:
            bad.append(number)
    return bad[0] if bad and good > len(bad) else None
