"""Returns are untrusted: every crafted file is refused with its reason, before anything is parsed."""

from __future__ import annotations

import hashlib
import io
import random
import struct
import zipfile
from pathlib import Path

import pytest

from hrnotice.intake import safety
from hrnotice.intake.run import read_returns
from hrnotice.intake.safety import MAIN_PART_TYPES, OLE_MAGIC, Refused, open_package

from .intake_helpers import edition

DOCX_TYPES = (f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              f'<Override PartName="/word/document.xml" ContentType="{MAIN_PART_TYPES["docx"]}"/></Types>').encode()
XLSX_TYPES = DOCX_TYPES.replace(MAIN_PART_TYPES["docx"].encode(), MAIN_PART_TYPES["xlsx"].encode())
BODY = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>'


def package(entries: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, (2012, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buffer.getvalue()


def docx(*extra: tuple[str, bytes], types: bytes = DOCX_TYPES) -> bytes:
    return package([("[Content_Types].xml", types), ("word/document.xml", BODY), *extra])


def declared_size(data: bytes, size: int) -> bytes:
    """The package with every central-directory entry claiming `size` bytes once inflated."""
    patched = bytearray(data)
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) >= 0:
        struct.pack_into("<I", patched, start + 24, size)
        start += 4
    return bytes(patched)


def encrypted_zip() -> bytes:
    data = bytearray(docx())
    start = 0
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            flags = struct.unpack_from("<H", data, start + offset)[0]
            struct.pack_into("<H", data, start + offset, flags | 1)
            start += 4
    return bytes(data)


pytestmark = pytest.mark.filterwarnings("ignore:Duplicate name")  # the crafted duplicate entry

CASES = [
    ("form.doc", b"anything", "这是旧版 Word（.doc）文件；请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再交"),
    ("form.docm", docx(), "这是含宏的 Word 文件（.docm），不予读取；请“另存为”Word 文档（.docx）后再交"),
    ("form.xls", b"anything", "这是旧版 Excel（.xls）文件；请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再交"),
    ("form.pdf", b"%PDF-1.7", "只能读取 Word 文档（.docx）和 Excel 工作簿（.xlsx）；请交回下载的表格"),
    ("renamed.docx", "姓名,身份证号码\n张三,230102199001011230\n".encode("utf-8"),
     "文件内容不是 .docx 格式（可能是改了扩展名的其他文件）；请交回下载的表格"),
    ("encrypted.docx", OLE_MAGIC + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le"),
     "文件设置了打开密码（已加密），无法读取；请取消密码后另存再交"),
    ("old.docx", OLE_MAGIC + b"\0" * 64 + "WordDocument".encode("utf-16-le"),
     "文件内容是旧版 Office 格式（.doc/.xls），只是扩展名为 .docx；请“另存为” .docx 后再交"),
    ("zipcrypto.docx", encrypted_zip(), "文件设置了密码（已加密），无法读取；请取消密码后另存再交"),
    ("broken.docx", b"PK\x03\x04" + b"\0" * 100, "文件已损坏，无法作为 .docx 打开；请重新保存后再交"),
    ("many.docx", docx(*[(f"word/media/{n}.xml", b"<a/>") for n in range(600)]),
     "文件内含 602 个部件（上限 500），不像一份表格；不予读取"),
    ("huge.docx", declared_size(docx(), 60 * 1024 * 1024),
     "文件解压后共 120 MB（上限 100 MB），可能是“压缩炸弹”；不予读取"),
    ("bomb.docx", docx(("word/bomb.xml", b"\0" * (4 * 1024 * 1024))),
     "部件 word/bomb.xml 的压缩比超过 100 倍，可能是“压缩炸弹”；不予读取"),
    # lxml's tree takes some 15 times an XML part: 98 MB of small elements took 1.4 GB.
    ("huge-xml.docx", docx(("word/big.xml", b"<a>" + random.Random(0).randbytes(5_800_000).hex().encode() + b"</a>")),
     "部件 word/big.xml 解压后有 11.1 MB（上限 10 MB），不像一份表格；不予读取"),
    ("liar.docx", declared_size(docx(("word/big.xml", b"<a>" + b"x" * 100_000 + b"</a>")), 100),
     "部件 [Content_Types].xml 已损坏，无法作为 .docx 打开；请重新保存后再交"),
    ("dots.docx", docx(("word/../../etc/passwd", b"x")),
     "部件名 word/../../etc/passwd 含有“..”或绝对路径，文件可能被篡改；不予读取"),
    ("absolute.docx", docx(("/etc/passwd", b"x")), "部件名 /etc/passwd 含有“..”或绝对路径，文件可能被篡改；不予读取"),
    ("drive.docx", docx(("C:/evil.xml", b"x")), "部件名 C:/evil.xml 含有“..”或绝对路径，文件可能被篡改；不予读取"),
    ("twice.docx", docx(("word/document.xml", BODY)), "部件名 word/document.xml 重复出现，文件可能被篡改；不予读取"),
    ("doctype.docx", docx(("word/styles.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')),
     "部件 word/styles.xml 含有 <!DOCTYPE> 声明（正常的 Office 文件没有），可能是恶意构造；不予读取"),
    *[(f"doctype-{encoding}.docx",
       docx(("word/styles.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'.encode(encoding))),
       "部件 word/styles.xml 含有 <!DOCTYPE> 声明（正常的 Office 文件没有），可能是恶意构造；不予读取")
      for encoding in ("utf-16", "utf-16-be", "utf-32", "utf-32-le")],
    ("macro.docx", docx(("word/vbaProject.bin", b"\0" * 10)), "文件含有宏，不予读取；请“另存为”不含宏的 .docx 后再交"),
    ("sheet.docx", docx(types=XLSX_TYPES), "文件内容是 .xlsx，扩展名却是 .docx；请改回 .xlsx 后再交"),
    ("empty.xlsx", package([("[Content_Types].xml", b"<Types/>")]), "文件不是 .xlsx 文档（缺少正文部件）；请交回下载的表格"),
    ("untyped.docx", package([("word/document.xml", BODY)]),
     "文件缺少 [Content_Types].xml，不是有效的 .docx；请重新保存后再交"),
]


@pytest.mark.parametrize(("name", "data", "message"), CASES, ids=[case[0] for case in CASES])
def test_a_crafted_file_is_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(Refused) as refusal:
        open_package(path)
    assert str(refusal.value) == message


def test_the_base_package_of_the_crafted_files_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "plain.docx"
    path.write_bytes(docx())
    assert open_package(path).parts["word/document.xml"] == BODY


def test_a_zip_bomb_is_refused_from_its_directory_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx(("word/bomb.xml", b"\0" * (4 * 1024 * 1024))))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("a part was inflated"))
    with pytest.raises(Refused):
        open_package(path)


def test_one_bad_file_never_stops_the_others_and_no_file_is_changed(tmp_path: Path) -> None:
    folder = tmp_path / "returns"
    folder.mkdir()
    for name, data, _message in CASES:
        (folder / name).write_bytes(data)
    (folder / "~$lock.docx").write_bytes(b"owner file of an open document")
    before = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    intake = read_returns([folder], edition())
    assert len(intake.refused) == len(CASES)  # the lock file is skipped, not refused
    assert intake.returns == []
    after = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before


def test_parts_are_inflated_a_bounded_chunk_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Read whole, a part whose directory understates its size would inflate up to 2 GB at once.
    asked = []
    original = zipfile.ZipExtFile.read

    def read(self, n=-1):
        asked.append(n)
        return original(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", read)
    path = tmp_path / "large.docx"
    path.write_bytes(docx(("word/large.xml", b"<a>" + b"x" * 500_000 + b"</a>")))
    open_package(path)
    assert asked and all(0 < n <= safety.CHUNK for n in asked)


def test_a_return_reached_through_a_symbolic_link_is_named_as_given(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "真实文件.doc").write_bytes(b"old")
    (tmp_path / "收回").mkdir()
    (tmp_path / "收回" / "链接.doc").symlink_to(tmp_path / "真实文件.doc")
    intake = read_returns([Path("收回")], edition())
    assert [f.path for f in intake.refused] == ["收回/链接.doc"]
