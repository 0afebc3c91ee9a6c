#!/usr/bin/env python3
"""Official document benchmark (run on demand, not a test): time to make the Word file and the PDF.

    python bench/bench_official.py [--repeat 3]

Renders the forms once, then times `official_document` (python-docx, docxcompose, jieba already
loaded after the first run) and the PDF as the build makes it (`officialpdf.official_pdf`: the
forms and the frame converted by LibreOffice, the forms' pages laid over the frame), and prints
sizes and page count.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice.forms import blank_forms  # noqa: E402
from hrnotice.load import load_years  # noqa: E402
from hrnotice.libreoffice import program as libreoffice  # noqa: E402
from hrnotice.official import official_document  # noqa: E402
from hrnotice.officialpdf import official_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    edition = load_years(ROOT / "data")[-1]
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        made_forms = blank_forms(edition)
        forms = made_forms.blank_docx
        word, pdf = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            data = official_document(edition, forms)
            word.append(time.perf_counter() - started)
            if libreoffice():
                started = time.perf_counter()
                made = folder / "notice.pdf"
                made.write_bytes(official_pdf(edition, made_forms))
                pdf.append(time.perf_counter() - started)
        print(f"Word file: {len(data) / 1024:.0f} KB; first {word[0]:.2f} s (imports, jieba), "
              f"then median {statistics.median(word[1:] or word):.2f} s")
        if pdf:
            info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True).stdout
            pages = next((line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")), "?")
            print(f"PDF: {made.stat().st_size / 1024:.0f} KB, {pages} pages; "
                  f"LibreOffice (the forms, the frame) and assembly, median "
                  f"{statistics.median(pdf):.2f} s (min {min(pdf):.2f}, max {max(pdf):.2f})")
        else:
            print("PDF: LibreOffice is not installed")


if __name__ == "__main__":
    main()
