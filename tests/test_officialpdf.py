"""Laying the forms' PDF pages over the official document's frame, on small PDFs made here."""

from __future__ import annotations

import io
from datetime import date

import pikepdf
import pytest

from hrnotice.official import FORM_PAGES
from hrnotice.officialpdf import assemble, page_count

A4 = [0, 0, 595, 842]
DAY = date(2012, 1, 9)


def pdf(pages: int, text: bytes = b"", destinations: dict[int, int] | None = None) -> bytes:
    """`pages` A4 pages, each drawing `text`; `destinations`: annex number → the page it marks."""
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page(page_size=(595, 842))
        document.pages[-1].Contents = document.make_stream(text)
    if destinations:
        document.Root.Dests = pikepdf.Dictionary({
            f"/{FORM_PAGES.format(number=number)}": pikepdf.Array([document.pages[page].obj, pikepdf.Name.XYZ, 0, 0, 0])
            for number, page in destinations.items()})
    out = io.BytesIO()
    document.save(out, static_id=True)
    return out.getvalue()


def drawn(data: bytes) -> list[list[bytes]]:
    """What each page draws: its own content and that of the forms laid over it."""
    with pikepdf.open(io.BytesIO(data)) as document:
        pages = []
        for page in document.pages:
            xobjects = page.Resources.get("/XObject", {})
            pages.append([page.Contents.read_bytes() if isinstance(page.Contents, pikepdf.Stream)
                          else b"".join(part.read_bytes() for part in page.Contents),
                          *(xobjects[name].read_bytes() for name in sorted(xobjects.keys()))])
        return pages


def test_each_forms_pages_go_over_the_pages_left_for_it_in_order() -> None:
    frame = pdf(5, b"0 0 m", {1: 1, 2: 3})  # body page, two pages for 附件1, one for 附件2, 版记
    forms = {1: pdf(2, b"1 1 m"), 2: pdf(1, b"2 2 m")}
    assembled = assemble(frame, forms, DAY)
    pages = drawn(assembled)
    assert page_count(assembled) == 5
    assert [page[1:] for page in pages] == [[], [b"1 1 m"], [b"1 1 m"], [b"2 2 m"], []]
    with pikepdf.open(io.BytesIO(assembled)) as document:
        assert "/Dests" not in document.Root  # the marks are not published
    assert assemble(frame, forms, DAY) == assembled  # fixed names, the same bytes


def test_a_frame_without_the_marks_or_without_room_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="找不到附件2的位置"):
        assemble(pdf(3, destinations={1: 1}), {1: pdf(1), 2: pdf(1)}, DAY)
    with pytest.raises(ValueError, match="给附件1留的页数不够"):
        assemble(pdf(3, destinations={1: 2}), {1: pdf(2)}, DAY)
