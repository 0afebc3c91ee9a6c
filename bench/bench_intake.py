#!/usr/bin/env python3
"""Benchmark of `intake`: 500 mixed returns read, checked and written as rosters; prints the time per file.

    python bench/bench_intake.py [--files 500] [--keep DIR]

The returns are made from the build's own forms: Word 附件2/3/4 filled by tag, the same with
tags stripped (read by position, as after LibreOffice), and Excel 附件2/4. Target: under 30 s on 2 cores.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice.formlayout import current_layout  # noqa: E402
from hrnotice.forms import make_forms  # noqa: E402
from hrnotice.formspec import sheet_layout  # noqa: E402
from hrnotice.intake.run import run_intake  # noqa: E402
from hrnotice.load import load_years  # noqa: E402
from hrnotice.sheets import make_sheets  # noqa: E402
from hrnotice.wordfile import Properties, WordDocument  # noqa: E402

KINDS = {2: "admission", 3: "registration", 4: "completion"}

SURNAMES, GIVEN = "王李张刘陈杨赵黄周吴", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平"


def person(rng: random.Random, serial: int) -> dict:
    born = date(1981 + rng.randrange(15), 1 + rng.randrange(12), 1 + rng.randrange(28))
    first17 = f"230102{born:%Y%m%d}{serial % 1000:03d}"
    level = rng.choice(["高级", "中级", "初级"])
    return {"name": rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            "sex": "男" if int(first17[16]) % 2 else "女",
            "id_number": first17 + ric.calc_check_digit(first17 + "0"), "level": level,
            "mode": "网络函授" if level == "初级" else "网络函授+网上面授",
            "online_hours": "72" if level == "初级" else "60", "live_hours": "0" if level == "初级" else "12"}


def word_return(edition, base: bytes, annex: int, people: list[dict], head: dict) -> bytes:
    form = edition.forms.kind(KINDS[annex])
    stamp = Properties("bench", edition.notice.issuer, date(2012, 1, 9), form.identifier,
                       current_layout(edition.forms, form).version)
    document = WordDocument.from_bytes("bench", base, stamp)
    values: dict = {"class_start": date(2012, 4, 9), "class_end": date(2012, 4, 20),
                    "report_date": date(2012, 4, 27), "specialty": head["specialty"]} if annex != 3 else {}
    if annex == 3:
        p = people[0]
        values.update({k: p[k] for k in ("name", "sex", "id_number", "level")})
        values.update({"specialty": head["specialty"], "institution": head["institution"]})
    else:
        keys = ("name", "sex", "id_number", "level") + (("mode",) if annex == 2 else ("online_hours", "live_hours"))
        for number, p in enumerate(people, 1):
            values.update({f"{k}_{number}": p[k] for k in keys})
    return document.to_bytes(values=values)


def strip_tags(data: bytes) -> bytes:
    """The return as LibreOffice leaves it: no tags, no titles."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "word/document.xml":
                root = etree.fromstring(blob)
                for pr in root.iter(qn("w:sdtPr")):
                    for name in ("w:tag", "w:alias"):
                        for element in pr.findall(qn(name)):
                            pr.remove(element)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, blob)
    return out.getvalue()


SHEETS: dict[str, dict[int, bytes]] = {}


def sheet_copies(edition, kind: str) -> dict[int, bytes]:
    """Each institution's Excel copy of one form, made once per run."""
    if kind not in SHEETS:
        SHEETS[kind] = make_sheets(edition, edition.notice.annex_of(kind), edition.forms.kind(kind))
    return SHEETS[kind]


def excel_return(edition, annex: int, institution, people: list[dict], head: dict) -> bytes:
    form = edition.forms.kind(KINDS[annex])
    book = load_workbook(io.BytesIO(sheet_copies(edition, form.kind)[institution.number]))
    sheet, where = book.worksheets[0], sheet_layout(form)
    for key, value in (("specialty", head["specialty"]), ("class_start", date(2012, 4, 9)),
                       ("class_end", date(2012, 4, 20)), ("report_date", date(2012, 4, 27))):
        sheet[where.head_cells[key]] = value
    for number, p in enumerate(people):
        for key in where.columns:
            if key in p:
                sheet.cell(where.first_row + number, where.columns.index(key) + 2, p[key])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_returns(folder: Path, count: int) -> None:
    edition = load_years(ROOT / "data")[-1]
    output = make_forms(edition)
    rng = random.Random(2012)
    institutions = edition.catalog.institutions
    blank3 = next(a.docx.data for a in output.annexes if a.annex.form == "registration")
    copies = {(i.institution.number, annex.form): docx.data for i in output.institutions for annex, docx, _x in i.files}
    returns = folder / "returns"
    returns.mkdir()
    serial = 0
    for index in range(count):
        institution = institutions[index % len(institutions)]
        head = {"institution": institution.name, "specialty": institution.specialties[0]}
        kind = index % 5
        annex = (2, 3, 4, 2, 4)[kind]
        people = [person(rng, serial := serial + 1) for _ in range(1 if annex == 3 else rng.randrange(5, 25))]
        base = blank3 if annex == 3 else copies[institution.number, KINDS[annex]]
        if kind in (0, 1, 2):
            data, suffix = word_return(edition, base, annex, people, head), "docx"
        elif index % 2:
            data, suffix = strip_tags(word_return(edition, base, annex, people, head)), "docx"
        else:
            data, suffix = excel_return(edition, annex, institution, people, head), "xlsx"
        (returns / f"{index:04d}-annex{annex}.{suffix}").write_bytes(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--keep", type=Path, help="keep the generated returns and outputs here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-intake-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        make_returns(folder, args.files)
        print(f"made {args.files} returns in {time.perf_counter() - started:.1f} s")
        edition = load_years(ROOT / "data")[-1]
        started = time.perf_counter()
        intake = run_intake([folder / "returns"], edition, folder / "roster", ROOT / "data")
        seconds = time.perf_counter() - started
        trainees = sum(len(r.entries) for r in intake.returns)
        print(f"read and checked {len(intake.returns)} returns ({trainees} trainees, {len(intake.refused)} refused, "
              f"{len(intake.findings)} findings) in {seconds:.1f} s: {seconds / args.files * 1000:.0f} ms per file "
              f"(target: 30 s for 500)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
