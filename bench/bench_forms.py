#!/usr/bin/env python3
"""Forms benchmark (run on demand, not a test): time per form and for the whole forms step.

    python bench/bench_forms.py [--sizes 20,200] [--repeat 3] [--pdf]

Prints milliseconds to render each template and to save one prefilled copy, then the whole forms
step (blank forms, annex 1 and two prefilled copies per institution) for catalogs of N synthetic
institutions, in one process and in two. Target (issue 4): 200 institutions' forms, without PDF,
in under 5 seconds on 2 cores. `--pdf` also times the LibreOffice batch for the blank forms.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice import forms, libreoffice  # noqa: E402
from hrnotice.load import Edition, load_edition  # noqa: E402
from hrnotice.model import Catalog, CatalogRow  # noqa: E402
from hrnotice.wordfile import WordTemplate  # noqa: E402

SPECIALTIES = ["土木工程", "机械设计制造及其自动化", "电气工程及其自动化", "计算机科学与技术", "农学", "临床医学"]


def synthetic(edition: Edition, institutions: int) -> Edition:
    """The shipped notice with N institutions of 3–6 specialties each."""
    rows = tuple(
        CatalogRow(institution=f"第{n:03d}职业技术学院", city="哈尔滨", subject_group="工程技术", specialty=specialty,
                   registration_url=f"https://college{n}.example.edu.cn/", line=n + 2)
        for n in range(institutions) for specialty in SPECIALTIES[: 3 + n % 4]
    )
    return dataclasses.replace(edition, catalog=Catalog(rows=rows))


def best_of(repeat: int, action) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def per_form(edition: Edition, repeat: int) -> None:
    notice = edition.notice
    for kind in forms.KINDS:
        annex = notice.annex[kind.number]
        template = WordTemplate(forms.template_path(kind.number))
        context = forms.annex_context(notice, annex, kind)
        if kind.number == 1:
            context["institutions"] = forms.catalog_context(edition.catalog)
        properties = forms.properties(notice, annex)
        render = best_of(repeat, lambda: template.render(context, properties))
        line = f"  附件{kind.number} ({kind.stem}): render {render * 1000:6.1f} ms"
        if kind.list_form:
            document = template.render(context, properties)
            copies = 50
            copy = best_of(repeat, lambda: [document.to_bytes(values={"institution": f"院校{i}"}, locked={"institution"},
                                                              choices={"specialty": SPECIALTIES[:4]})
                                            for i in range(copies)]) / copies
            line += f", prefilled copy {copy * 1000:5.1f} ms"
        print(line)


def whole_step(edition: Edition, repeat: int, pdf: bool, parallel: bool) -> float:
    saved = forms.PARALLEL_FROM
    forms.PARALLEL_FROM = saved if parallel else 10**9
    try:
        with tempfile.TemporaryDirectory() as folder:
            def run() -> None:
                target = Path(folder) / "forms"
                shutil.rmtree(target, ignore_errors=True)
                forms.write_forms(edition, target, pdf=pdf)
            return best_of(repeat, run)
    finally:
        forms.PARALLEL_FROM = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,200", help="numbers of institutions, comma-separated")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pdf", action="store_true", help="also time the PDFs of the blank forms")
    args = parser.parse_args()
    shipped = load_edition(ROOT / "data" / "2012")
    print(f"cores: {os.cpu_count()}, blank rows per list form: {shipped.notice.form_rows}")
    print("per form (best of", args.repeat, "):")
    per_form(synthetic(shipped, 20), args.repeat)
    print("whole forms step, without PDF (best of", args.repeat, "):")
    for size in (int(s) for s in args.sizes.split(",")):
        edition = synthetic(shipped, size)
        files = 4 + 2 * size
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
            print(f"PDF of the 4 blank forms (one LibreOffice call, overlapping the copies): "
                  f"+{with_pdf - without:4.2f} s for 20 institutions")


if __name__ == "__main__":
    main()
