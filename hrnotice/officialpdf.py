"""The official document's PDF, assembled so that no form is laid out twice.

LibreOffice converts each form to PDF for its own download. What it converts for the official
document is the *frame*: the notice as printed (body, page numbers, 版记), with as many pages as
each form's PDF has left where the form goes, empty but for their page numbers. Each form's own
pages are then laid over the pages left for it. An edit to the body converts only the frame, a
catalog of thousands of rows is laid out once, not twice, and the annexes print as the forms do.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from .cache import BuildCache
from .forms import FormsOutput
from .libreoffice import CachedPdfs, PdfConversion, canonical_bytes, pin_pdf
from .load import Edition
from .official import FORM_PAGES, official_frame, official_key, official_name


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def assemble(frame: bytes, forms: Mapping[int, bytes], day: date) -> bytes:
    """The frame's PDF with each form's PDF (by annex number) laid over the pages left for it,
    found by their named destination; the destinations removed, the bytes pinned to `day`."""
    import pikepdf

    with pikepdf.open(io.BytesIO(frame)) as pdf:
        destinations = pdf.Root.get("/Dests", pikepdf.Dictionary())
        index = {page.objgen: number for number, page in enumerate(pdf.pages)}
        for number, data in sorted(forms.items()):
            name = f"/{FORM_PAGES.format(number=number)}"
            if name not in destinations:  # a LibreOffice that does not export bookmarks as destinations
                raise ValueError(f"正式文件的版面中找不到附件{number}的位置")
            first = index[destinations[name][0].objgen]
            with pikepdf.open(io.BytesIO(data)) as form:
                if first + len(form.pages) > len(pdf.pages):
                    raise ValueError(f"正式文件的版面给附件{number}留的页数不够")
                for offset, page in enumerate(form.pages):
                    _lay_over(pdf, pdf.pages[first + offset], page, f"HrnoticeAnnex{number}Page{offset + 1}")
            del destinations[name]
        if "/Dests" in pdf.Root and not destinations.keys():
            del pdf.Root.Dests
        return pin_pdf(canonical_bytes(pdf), day)


def _lay_over(pdf, target, page, name: str) -> None:
    """`page` (of another PDF, the same size) drawn over `target`, under `name`: pikepdf's
    `add_overlay` names it at random, and the same data must give the same bytes. The name is
    the page's own, as LibreOffice's pages share one resource dictionary."""
    import pikepdf

    if [round(float(v), 1) for v in target.mediabox] != [round(float(v), 1) for v in page.mediabox]:
        raise ValueError(f"表格的页面大小 {list(page.mediabox)} 与正式文件留给它的 {list(target.mediabox)} 不同")
    target.add_resource(pdf.copy_foreign(page.as_form_xobject()), pikepdf.Name.XObject, pikepdf.Name(f"/{name}"))
    target.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
    target.contents_add(pikepdf.Stream(pdf, f"\nQ\nq /{name} Do Q\n".encode("ascii")))


@dataclass
class OfficialPdf:
    """One year's official PDF in the making: from the cache, or its frame converted once its forms'
    PDFs are there (at once if the cache had them, else after LibreOffice's first round)."""

    edition: Edition
    forms: FormsOutput
    pdfs: CachedPdfs
    cache: BuildCache
    frame_sent: bool = False
    problem: str = ""  # why it could not be assembled
    name: str = field(init=False)  # `2012/notice-2012.docx`, the name its PDF goes by in `pdfs`
    form_names: dict[int, str] = field(init=False)  # annex number → its PDF's name in `pdfs`

    def __post_init__(self) -> None:
        year, day = self.edition.year, self.edition.notice.date_published
        self.name = f"{year}/{official_name(self.edition)}"
        self.form_names = {item.annex.number: f"{year}/{item.stem}.docx" for item in self.forms.annexes}
        key = official_key(self.edition, self.forms.blank_docx)
        if not self.pdfs.expect(self.name, day, f"official {key}"):
            self.send_frame(self.pdfs.found)

    @property
    def done(self) -> bool:
        return self.name in self.pdfs.found

    def send_frame(self, made: Mapping[str, bytes]) -> bool:
        """The frame handed to LibreOffice, if every form's PDF is in `made` (and it was not yet):
        whether it was, now."""
        if self.done or self.frame_sent or any(name not in made for name in self.form_names.values()):
            return False
        pages = {number: page_count(made[name]) for number, name in self.form_names.items()}
        frame = official_frame(self.edition, self.forms.blank_docx, pages, self.cache)
        self.pdfs.want(self._frame_name, frame, self.edition.notice.date_published)
        self.frame_sent = True
        return True

    def assemble(self, made: Mapping[str, bytes]) -> bytes | None:
        """The PDF (kept in the cache), or None if LibreOffice did not make the frame or a form's PDF."""
        if self.done:
            return self.pdfs.found[self.name]
        if self._frame_name not in made or any(name not in made for name in self.form_names.values()):
            return None
        try:
            pdf = assemble(made[self._frame_name], {n: made[name] for n, name in self.form_names.items()},
                           self.edition.notice.date_published)
        except ValueError as error:
            self.problem = str(error)
            return None
        self.cache.put(self.pdfs.keys[self.name], {"pdf": pdf})
        return pdf

    @property
    def _frame_name(self) -> str:
        return self.name.replace(".docx", ".frame.docx")


def official_pdf(edition: Edition, forms: FormsOutput) -> bytes:
    """The official PDF as the build makes it, without a cache (for tests and benchmarks)."""
    day = edition.notice.date_published
    made, warnings = PdfConversion({f"{a.stem}.docx": a.printable.data for a in forms.annexes}, day).start().finish()
    pages = {a.annex.number: page_count(made[f"{a.stem}.docx"]) for a in forms.annexes if f"{a.stem}.docx" in made}
    if len(pages) == len(forms.annexes):
        frame = official_frame(edition, forms.blank_docx, pages)
        framed, warnings = PdfConversion({"frame.docx": frame}, day).start().finish()
        made.update(framed)
    if warnings:
        raise RuntimeError("\n".join(warnings))
    return assemble(made["frame.docx"], {a.annex.number: made[f"{a.stem}.docx"] for a in forms.annexes}, day)
