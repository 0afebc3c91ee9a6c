"""Opening a returned file that nobody vouches for: refuse it before anything is parsed or inflated."""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePosixPath

# A filled form is a few hundred kilobytes; these limits are far above that and far below harm.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 500
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # XML compresses 5–20 times; a zip bomb, thousands of times
RATIO_CHECKED_ABOVE = 1024 * 1024  # small parts may compress well without harm
# An XML part is parsed whole, and lxml's tree of small elements takes some 15 times its text: a
# filled form's largest part is a fifth of a megabyte (30 rows), a sheet of 5,000 trainees ~5 MB.
MAX_XML_BYTES = 10 * 1024 * 1024

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

MAIN_PART_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_MACRO_TYPE = re.compile(rb"macroEnabled|vbaProject|ms-office\.vbaProject", re.IGNORECASE)
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
# An XML part's encoding by its first bytes (XML 1.0, appendix F): a DOCTYPE hides in any of them.
_XML_ENCODINGS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                  (b"<\x00\x00\x00", "utf-32-le"), (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
                  (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"))
CHUNK = 64 * 1024  # parts are inflated this much at a time, never more than their declared size
_DRIVE = re.compile(r"^[A-Za-z]:")

_OTHER_FORMATS = {
    ".doc": "这是旧版 Word（.doc）文件；请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再交",
    ".xls": "这是旧版 Excel（.xls）文件；请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再交",
    ".docm": "这是含宏的 Word 文件（.docm），不予读取；请“另存为”Word 文档（.docx）后再交",
    ".xlsm": "这是含宏的 Excel 文件（.xlsm），不予读取；请“另存为”Excel 工作簿（.xlsx）后再交",
    ".wps": "这是 WPS 文字格式（.wps）；请在 WPS 中“另存为”Word 文档（.docx）后再交",
    ".et": "这是 WPS 表格格式（.et）；请在 WPS 中“另存为”Excel 工作簿（.xlsx）后再交",
}


class Refused(Exception):
    """A returned file that will not be read; the message says why and what to do, in Chinese."""


@dataclass(frozen=True)
class Package:
    """A checked Office file: its kind, its raw bytes and every part, inflated within the limits."""

    kind: str  # "docx" or "xlsx"
    data: bytes
    parts: dict[str, bytes]


def open_package(path: Path) -> Package:
    """Read `path` as a .docx or .xlsx, or raise Refused; never writes to the file."""
    kind = path.suffix.lower().lstrip(".")
    if f".{kind}" in _OTHER_FORMATS:
        raise Refused(_OTHER_FORMATS[f".{kind}"])
    if kind not in MAIN_PART_TYPES:
        raise Refused("只能读取 Word 文档（.docx）和 Excel 工作簿（.xlsx）；请交回下载的表格")
    info = path.stat()  # through a symbolic link to the file itself: reading it changes nothing
    if not stat.S_ISREG(info.st_mode):
        raise Refused("不是普通文件（可能是设备或管道）；请交回文件本身")
    if info.st_size > MAX_FILE_BYTES:
        raise Refused(f"文件大于 {MAX_FILE_BYTES // 1024 // 1024} MB，不像一份填好的表格；请删去粘贴进来的图片等内容后再交")
    data = path.read_bytes()
    return Package(kind, data, _checked_parts(data, kind))


def _checked_parts(data: bytes, kind: str) -> dict[str, bytes]:
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise Refused("文件设置了打开密码（已加密），无法读取；请取消密码后另存再交")
        raise Refused("文件内容是旧版 Office 格式（.doc/.xls），只是扩展名为 ."
                      f"{kind}；请“另存为” .{kind} 后再交")
    if not data.startswith(ZIP_MAGIC):
        raise Refused(f"文件内容不是 .{kind} 格式（可能是改了扩展名的其他文件）；请交回下载的表格")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise Refused(f"文件已损坏，无法作为 .{kind} 打开；请重新保存后再交") from None
    _check_directory(entries)
    parts = _inflate(archive, entries, kind)
    _check_parts(parts, kind)
    return parts


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Judge the zip by its directory alone: nothing has been inflated yet."""
    if len(entries) > MAX_ENTRIES:
        raise Refused(f"文件内含 {len(entries)} 个部件（上限 {MAX_ENTRIES}），不像一份表格；不予读取")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_TOTAL_BYTES:
        raise Refused(f"文件解压后共 {total // 1024 // 1024} MB（上限 {MAX_TOTAL_BYTES // 1024 // 1024} MB），"
                      "可能是“压缩炸弹”；不予读取")
    seen: set[str] = set()
    for entry in entries:
        name = entry.filename
        if entry.file_size > RATIO_CHECKED_ABOVE and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise Refused(f"部件 {name} 的压缩比超过 {MAX_RATIO} 倍，可能是“压缩炸弹”；不予读取")
        if name.lower().endswith((".xml", ".rels")) and entry.file_size > MAX_XML_BYTES:
            raise Refused(f"部件 {name} 解压后有 {entry.file_size / 1024 / 1024:.1f} MB（上限 {MAX_XML_BYTES // 1024 // 1024} MB），"
                          "不像一份表格；不予读取")
        if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in re.split(r"[/\\]", name):
            raise Refused(f"部件名 {name} 含有“..”或绝对路径，文件可能被篡改；不予读取")
        folded = PurePosixPath(name.replace("\\", "/")).as_posix().casefold()
        if folded in seen:
            raise Refused(f"部件名 {name} 重复出现，文件可能被篡改；不予读取")
        seen.add(folded)
        if entry.flag_bits & 0x1:
            raise Refused("文件设置了密码（已加密），无法读取；请取消密码后另存再交")


def _inflate(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], kind: str) -> dict[str, bytes]:
    parts: dict[str, bytes] = {}
    for entry in entries:
        if entry.is_dir():
            continue
        try:
            parts[entry.filename] = _bounded_read(archive, entry)
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, ValueError):
            raise Refused(f"部件 {entry.filename} 已损坏，无法作为 .{kind} 打开；请重新保存后再交") from None
    return parts


def _bounded_read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    """A part inflated in small chunks, refused as soon as it runs past the size its directory declares.

    Read whole, zipfile would inflate up to 2 GB in one go before it notices a directory that
    understates the size (a zip bomb in a 1 MB file).
    """
    chunks, total = [], 0
    with archive.open(entry) as stream:
        while chunk := stream.read(CHUNK):
            total += len(chunk)
            if total > entry.file_size:
                raise Refused(f"部件 {entry.filename} 解压后比文件目录所记的 {entry.file_size} 字节还大，"
                              "文件可能被篡改（“压缩炸弹”）；不予读取")
            chunks.append(chunk)
    return b"".join(chunks)


def _xml_text(body: bytes) -> str:
    """An XML part's text in whatever encoding its first bytes say (UTF-8 unless they say otherwise)."""
    encoding = next((name for start, name in _XML_ENCODINGS if body.startswith(start)), "utf-8")
    return body.decode(encoding, errors="replace")


def _check_parts(parts: dict[str, bytes], kind: str) -> None:
    content_types = parts.get("[Content_Types].xml")
    if content_types is None:
        raise Refused(f"文件缺少 [Content_Types].xml，不是有效的 .{kind}；请重新保存后再交")
    for name, body in parts.items():
        if name.lower().endswith((".xml", ".rels")) and _DOCTYPE.search(_xml_text(body)):
            raise Refused(f"部件 {name} 含有 <!DOCTYPE> 声明（正常的 Office 文件没有），可能是恶意构造；不予读取")
    if _MACRO_TYPE.search(content_types) or any(n.lower().endswith("vbaproject.bin") for n in parts):
        raise Refused(f"文件含有宏，不予读取；请“另存为”不含宏的 .{kind} 后再交")
    if MAIN_PART_TYPES[kind].encode() not in content_types:
        other = "xlsx" if kind == "docx" else "docx"
        if MAIN_PART_TYPES[other].encode() in content_types:
            raise Refused(f"文件内容是 .{other}，扩展名却是 .{kind}；请改回 .{other} 后再交")
        raise Refused(f"文件不是 .{kind} 文档（缺少正文部件）；请交回下载的表格")
