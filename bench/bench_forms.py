#!/usr/bin/env python3
"""Forms benchmark (run on demand, not a test): time per form and for the whole forms step.

    python bench/bench_forms.py [--sizes 20,200] [--repeat 3] [--pdf]

Prints the time to make the blank forms and 20 institutions' copies, then the whole forms step
(blank forms, the official document, prefilled copies and Excel versions per institution) for
catalogs of N synthetic institutions, in one process and in two. Target (issue 4): 200 institutions' forms, without PDF,
in under 5 seconds on 2 cores. `--pdf` also times the LibreOffice batch.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice import forms, libreoffice  # noqa: E402
from hrnotice.load import Edition, load_years  # noqa: E402
from hrnotice.model import Catalog, CatalogRow  # noqa: E402
from hrnotice.cache import BuildCache  # noqa: E402
from hrnotice.pipeline import render_years  # noqa: E402

SPECIALTIES = ["土木工程", "机械设计制造及其自动化", "电气工程及其自动化", "计算机科学与技术", "农学", "临床医学"]


def synthetic(edition: Edition, institutions: int) -> Edition:
    """The shipped notice with N institutions of 3–6 specialties each."""
    columns = edition.catalog.columns
    rows = [{"institution": f"第{n:03d}职业技术学院", "city": "哈尔滨", "subject_group": "工程技术",
             "specialty": specialty, "registration_url": f"https://college{n}.example.edu.cn/"}
            for n in range(institutions) for specialty in SPECIALTIES[: 3 + n % 4]]
    catalog = Catalog(columns=columns, path="institutions.csv", encoding="UTF-8", rows=tuple(
        CatalogRow(line, {c.field: row.get(c.field, "") for c in columns}) for line, row in enumerate(rows, start=2)))
    return dataclasses.replace(edition, catalog=catalog)


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def whole_step(edition: Edition, repeat: int, pdf: bool, parallel: bool) -> float:
    saved = forms.PARALLEL_FROM
    forms.PARALLEL_FROM = saved if parallel else 10**9
    try:
        return best_of(repeat, lambda: render_years([edition], pdf=pdf, cache=BuildCache(None), progress=None, warnings=[]))
    finally:
        forms.PARALLEL_FROM = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200", help="numbers of institutions, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDFs of the blank forms")
    args = parser.parse_args()
    shipped = load_years(ROOT / "data")[-1]
    print(f"cores: {os.cpu_count()}")
    small = synthetic(shipped, 20)
    blank = best_of(args.repeat, lambda: forms.blank_forms(small))
    output = forms.blank_forms(small)
    copies = best_of(args.repeat, lambda: forms.add_copies(small, output))
    print(f"blank forms (4 annexes, Word, print version): {blank:5.2f} s; "
          f"20 institutions' copies and Excel versions: {copies:5.2f} s (best of {args.repeat})")
    print("whole forms step with the official document, without PDF (best of", args.repeat, "):")
    for size in (int(s) for s in args.sizes.split(",")):
        edition = synthetic(shipped, size)
        files = len(render_years([edition], pdf=False, cache=BuildCache(None), progress=None, warnings=[])[0].downloads)
        serial = whole_step(edition, args.repeat, pdf=False, parallel=False)
        parallel = whole_step(edition, args.repeat, pdf=False, parallel=True)
        target = "  (target < 5 s)" if size == 200 else ""
        print(f"  {size:4d} institutions, {files:4d} files: one process {serial:5.2f} s, "
              f"as built {parallel:5.2f} s{target}")
    if args.pdf:
        if libreoffice.program() is None:
            print("PDF: LibreOffice not installed")
        else:
            with_pdf = whole_step(synthetic(shipped, 20), 1, pdf=True, parallel=True)
            without = whole_step(synthetic(shipped, 20), 1, pdf=False, parallel=True)
            print(f"PDFs of the 4 blank forms and the official document (one LibreOffice call, overlapping the copies): "
                  f"+{with_pdf - without:4.2f} s for 20 institutions")


if __name__ == "__main__":
    main()
