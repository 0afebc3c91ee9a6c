"""Building small catalogs and editions for tests, from the shipped notice and its declaration."""

from __future__ import annotations

import dataclasses
import hashlib
import io

from hrnotice.load import Edition
from hrnotice.model import Catalog, CatalogRow

from .conftest import shipped


def catalog_of(*rows: dict[str, str]) -> Catalog:
    """A catalog of `rows` (field → value; city, subject group and address filled in when missing)."""
    columns = tuple(shipped().forms.catalog.columns)
    defaults = {"city": "哈尔滨", "subject_group": "工程技术", "registration_url": "https://example.edu.cn/"}
    made = tuple(CatalogRow(line, {c.field: {**defaults, **row}.get(c.field, "") for c in columns})
                 for line, row in enumerate(rows, start=2))
    return Catalog(columns=columns, rows=made, path="institutions.csv", encoding="UTF-8")


def with_catalog(catalog: Catalog, **facts: object) -> Edition:
    """The shipped notice with `catalog` and, changed, the `facts` of notice.yml given."""
    edition = shipped()
    return dataclasses.replace(edition, catalog=catalog, notice=edition.notice.model_copy(update=facts))


def pdf_difference(first: bytes, second: bytes) -> str:
    """Which parts of two PDFs differ (document information, catalog, each page's content and
    fonts): what a failing byte-for-byte comparison reports, as the bytes alone do not tell."""
    import pikepdf

    def parts(data: bytes) -> dict[str, str]:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            found = {"document information": repr(pdf.docinfo),
                     "catalog": repr({key: value for key, value in pdf.Root.items() if key != "/Pages"})}
            for number, page in enumerate(pdf.pages, start=1):
                streams = page.Contents if isinstance(page.Contents, pikepdf.Array) else [page.Contents]
                found[f"page {number}"] = hashlib.md5(b"".join(s.read_bytes() for s in streams)).hexdigest()
                for name, font in page.Resources.get("/Font", {}).items():
                    described = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                    descriptor = described.get("/FontDescriptor", {})
                    programs = [descriptor[k].read_bytes() for k in ("/FontFile", "/FontFile2", "/FontFile3")
                                if k in descriptor]
                    found[f"page {number} font {name}"] = f"{font.get('/BaseFont')} {hashlib.md5(b''.join(programs)).hexdigest()}"
            return found

    a, b = parts(first), parts(second)
    differing = [name for name in sorted(a.keys() | b.keys()) if a.get(name) != b.get(name)]
    return "; ".join(f"{name}: {a.get(name)} ≠ {b.get(name)}" for name in differing[:6]) or \
        "only the raw bytes (compression, object order or identifiers)"
