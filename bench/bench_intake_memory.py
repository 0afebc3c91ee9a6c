#!/usr/bin/env python3
"""Peak memory of `intake` on single crafted returns; prints the figures (not a test: run on demand).

    python bench/bench_intake_memory.py [--keep DIR] [--only NAME ...]

Each file is read by `run_intake` alone in a fresh child process, which reports its peak resident
memory (`VmHWM`, the whole process: interpreter, libraries, the notice, the file; not `ru_maxrss`,
which a child inherits from the process that started it) and, beside
it, with --python-peak, the peak of Python's own allocations while intake ran (tracemalloc; lxml's
and zlib's C buffers are not in it). Target: under 300 MB for any single file.

The files are what an attacker or a broken program could send, each built to pass as many of the
checks in hrnotice/intake/safety.py as it can:

- a zip bomb whose directory understates the size (1 GiB of zeros declared as 1 KB), and one
  whose directory says the truth (refused from the directory alone);
- the most parts allowed, each as large as the limits let through unchecked (100 MB in all);
- a huge document.xml of small elements (98 MB, refused now), one just under the limit for an XML
  part, and one long text node;
- Excel versions with one stray cell far below or far right of the table, and a sheet crowded
  with as many cells as its limits allow;
- for comparison, a real filled 附件2.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice.intake import safety  # noqa: E402

MB = 1024 * 1024
TARGET_MB = 300
DOCX_TYPES = (f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              f'<Override PartName="/word/document.xml" ContentType="{safety.MAIN_PART_TYPES["docx"]}"/></Types>').encode()
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _entry(archive: zipfile.ZipFile, name: str, chunks) -> None:
    """A part written from `chunks` as they come (a gigabyte never sits in memory)."""
    info = zipfile.ZipInfo(name, (2012, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as stream:
        for chunk in chunks:
            stream.write(chunk)


def _package(path: Path, parts: list[tuple[str, object]]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [("[Content_Types].xml", DOCX_TYPES), *parts]:
            _entry(archive, name, [data] if isinstance(data, bytes) else data)


def _understate(path: Path, name: str, size: int) -> None:
    """Make the central directory claim that part `name` inflates to `size` bytes."""
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) >= 0:
        length = struct.unpack_from("<H", data, start + 28)[0]
        if data[start + 46:start + 46 + length].decode() == name:
            struct.pack_into("<I", data, start + 24, size)
        start += 4
    path.write_bytes(bytes(data))


def _zeros(total: int):
    block = bytes(MB)
    for _ in range(total // MB):
        yield block


_BOMB: list[bytes] = []


def _bomb(path: Path) -> None:
    """1 GiB of zeros in one part: about 1 MB of file, made once."""
    if not _BOMB:
        _package(path, [("word/document.xml", _zeros(1024 * MB))])
        _BOMB.append(path.read_bytes())
    path.write_bytes(_BOMB[0])


def bomb_understated(path: Path) -> str:
    _bomb(path)
    _understate(path, "word/document.xml", 1024)
    return "压缩炸弹：1 GiB 的零，目录声称 1 KB"


def bomb_declared(path: Path) -> str:
    _bomb(path)
    return "压缩炸弹：1 GiB 的零，目录如实记录"


def many_parts(path: Path) -> str:
    # Parts up to 1 MB are not ratio-checked; the total may reach the 100 MB limit.
    count = safety.MAX_ENTRIES - 2
    size = min(safety.RATIO_CHECKED_ABOVE, (safety.MAX_TOTAL_BYTES - MB) // count)
    body = f'<w:document xmlns:w="{W}"><w:body/></w:document>'.encode()
    _package(path, [("word/document.xml", body), *[(f"word/media/part{n}.xml", b"<a>" + b" " * (size - 7) + b"</a>")
                                                    for n in range(count)]])
    return f"{count + 2} 个部件（上限 {safety.MAX_ENTRIES}），共约 {count * size // MB} MB"


def _paragraphs(total: int, rng: random.Random):
    """document.xml of about `total` bytes: small paragraphs, each with a little random text, so that
    it compresses well enough to fit the 20 MB file limit and not so well that the ratio check stops it."""
    head, tail = f'<w:document xmlns:w="{W}"><w:body>'.encode(), b"</w:body></w:document>"
    yield head
    written = len(head) + len(tail)
    while True:
        chunk = b"".join(b"<w:p><w:r><w:t>" + rng.randbytes(3).hex().encode() + b"</w:t></w:r></w:p>"
                         for _ in range(1000))
        if written + len(chunk) > total:
            break
        written += len(chunk)
        yield chunk
    yield tail


def huge_xml(path: Path) -> str:
    total = safety.MAX_TOTAL_BYTES - 2 * MB
    _package(path, [("word/document.xml", _paragraphs(total, random.Random(1)))])
    return f"一个约 {total // MB} MB 的 document.xml，约 {total // 40 * 3 // 10**6} 百万个元素"


def xml_at_limit(path: Path) -> str:
    total = safety.MAX_XML_BYTES - 64 * 1024
    _package(path, [("word/document.xml", _paragraphs(total, random.Random(3)))])
    return f"document.xml 刚好在上限以内（{total / MB:.1f} MB 的小元素）"


def _sheet_return(path: Path, change) -> None:
    """A real 附件2 Excel version for the first institution, filled in, then `change`d."""
    import io

    from openpyxl import load_workbook

    from hrnotice.formspec import sheet_layout
    from hrnotice.load import load_years
    from hrnotice.sheets import make_sheets

    edition = load_years(ROOT / "data")[-1]
    annex = edition.notice.annex_of("admission")
    form = edition.forms.kind("admission")
    copies = make_sheets(edition, annex, form)
    book = load_workbook(io.BytesIO(copies[1]))
    where = sheet_layout(form)
    sheet = book.worksheets[0]
    for number in range(1, 31):
        sheet.cell(where.first_row + number - 1, where.columns.index("name") + 2).value = f"学员{number}"
    change(sheet)
    book.save(path)


def far_cell(path: Path) -> str:
    _sheet_return(path, lambda sheet: sheet.__setitem__("J1048576", "x"))
    return "附件2 的 Excel 版，另在 J1048576 写了一个字"


def wide_cell(path: Path) -> str:
    _sheet_return(path, lambda sheet: sheet.__setitem__("XFD20", "x"))
    return "附件2 的 Excel 版，另在 XFD20 写了一个字"


def crowded_sheet(path: Path) -> str:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    rows, columns = 5000, 40
    for row in range(rows):
        sheet.append([f"{row % 97}{column % 7}" for column in range(columns)])
    book.save(path)
    return f"一个工作表，{rows} 行 × {columns} 列的短文字"


def long_text(path: Path) -> str:
    rng = random.Random(2)
    words = [rng.randbytes(4).hex().encode() for _ in range(16)]

    def chunks():
        yield f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>'.encode()
        for _ in range(95):
            yield b"".join(rng.choices(words, k=MB // 8))
        yield b"</w:t></w:r></w:p></w:body></w:document>"
    _package(path, [("word/document.xml", chunks())])
    return "document.xml 中一段 95 MB 的文字"


def real_return(path: Path) -> str:
    from hrnotice.forms import blank_forms
    from hrnotice.load import load_years
    from hrnotice.wordfile import WordDocument

    edition = load_years(ROOT / "data")[-1]
    blank = next(a for a in blank_forms(edition).annexes if a.annex.form == "admission")
    document = WordDocument.from_bytes("bench", blank.docx.data, blank.properties)
    values = {f"name_{n}": f"学员{n}" for n in range(1, 31)}
    path.write_bytes(document.to_bytes(values=values))
    return "真实的附件2（30 名学员）"


FILES = {"bomb-understated.docx": bomb_understated, "bomb-declared.docx": bomb_declared,
         "many-parts.docx": many_parts, "huge-xml.docx": huge_xml, "xml-at-limit.docx": xml_at_limit,
         "long-text.docx": long_text, "far-cell.xlsx": far_cell, "wide-cell.xlsx": wide_cell,
         "crowded-sheet.xlsx": crowded_sheet, "real-admission.docx": real_return}


def high_water_kb() -> int:
    """The process's peak resident memory so far, in KB (Linux)."""
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def child(path: Path, python_peak: bool) -> None:
    """Run intake on `path` alone; print peak memory as JSON."""
    import tracemalloc

    from hrnotice.intake.run import run_intake
    from hrnotice.load import load_years

    edition = load_years(ROOT / "data")[-1]
    baseline = high_water_kb()
    out = Path(tempfile.mkdtemp()) / "out"
    if python_peak:  # it slows openpyxl several times over and adds its own memory: off by default
        tracemalloc.start()
    started = time.perf_counter()
    intake = run_intake([path], edition, out, ROOT / "data")
    seconds = time.perf_counter() - started
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    shutil.rmtree(out.parent)
    outcome = intake.refused[0].message if intake.refused else f"读取 {len(intake.returns)} 份"
    print(json.dumps({"baseline_kb": baseline, "peak_kb": high_water_kb(),
                      "python_peak": traced if python_peak else None, "seconds": seconds, "outcome": outcome}, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the crafted files in this folder")
    parser.add_argument("--only", nargs="*", choices=list(FILES), metavar="NAME", help="only these files")
    parser.add_argument("--python-peak", action="store_true",
                        help="also measure the peak of Python's allocations (tracemalloc; slower, and adds to the peak)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.python_peak)
        return
    folder = args.keep or Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    print(f"每个文件在新进程中单独运行 intake；目标：内存峰值低于 {TARGET_MB} MB")
    print(f"{'文件':<20} {'大小':>8} {'峰值':>8} {'增加':>8} {'Python':>8} {'用时':>7}  结果")
    worst = 0.0
    try:
        for name in args.only or FILES:
            path = folder / name
            description = FILES[name](path)
            command = [sys.executable, __file__, "--child", str(path)] + (["--python-peak"] if args.python_peak else [])
            result = subprocess.run(command, capture_output=True, text=True,
                                    env={**os.environ, "PYTHONHASHSEED": "0"})
            if result.returncode:
                print(f"{name}: 子进程失败\n{result.stderr}")
                continue
            figures = json.loads(result.stdout.splitlines()[-1])
            peak, base = figures["peak_kb"] / 1024, figures["baseline_kb"] / 1024
            worst = max(worst, peak)
            python = "—" if figures["python_peak"] is None else f"{figures['python_peak'] / MB:.0f}MB"
            print(f"{name:<20} {path.stat().st_size / MB:>6.1f}MB {peak:>6.0f}MB {peak - base:>6.0f}MB "
                  f"{python:>8} {figures['seconds']:>6.2f}s  {description}："
                  f"{figures['outcome'][:70]}")
    finally:
        if not args.keep:
            shutil.rmtree(folder)
    print(f"最大峰值 {worst:.0f} MB：{'低于' if worst < TARGET_MB else '超过'}目标 {TARGET_MB} MB")


if __name__ == "__main__":
    main()
