"""The official document's PDF measured as printed: GB/T 9704 page, margins, header, page numbers.

Positions come from poppler's `pdftotext -bbox-layout`, in points (1 mm = 2.8346 pt). A line's
box is poppler's: from 0.95 em above the baseline to 0.35 em below it.
"""

from __future__ import annotations

import collections
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from hrnotice.forms import blank_forms
from hrnotice.formspec import CatalogKind
from hrnotice.libreoffice import PdfConversion
from hrnotice.load import load_years
from hrnotice.officialpdf import official_pdf

from .conftest import DATA, ROOT, edit, shipped
from .test_forms_print import word_boundaries
from .test_notice_page import GOLDEN

pytestmark = pytest.mark.slow  # LibreOffice makes the PDF

MM = 72 / 25.4
TOP, LEFT, WIDTH, HEIGHT = 37, 28, 156, 225  # mm
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
PITCH = 579 / 20 / MM  # the 22-line grid, in mm
CHAR = 15.75 / MM  # a condensed 三号 character, in mm
PAGE_NUMBER_INSET = 14 / MM  # one 四号 character


@dataclass(frozen=True)
class Line:
    """One line of text on a page, its box in mm from the page's top left."""

    page: int
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def em_top(self) -> float:
        """The top edge of the characters (their em box), 0.07 em under poppler's box."""
        return self.top + 0.07 * self.height / 1.3


def pdf_lines(pdf: Path) -> list[Line]:
    """Every line of the PDF, page by page, top to bottom."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    lines = []
    for number, page in enumerate(etree.fromstring(xhtml).iterfind(".//x:page", ns), 1):
        found = []
        for line in page.iterfind(".//x:line", ns):
            box = [float(line.get(k)) / MM for k in ("xMin", "yMin", "xMax", "yMax")]
            found.append(Line(number, *box, "".join(w.text for w in line.iterfind("x:word", ns))))
        lines += sorted(found, key=lambda line: (round(line.top, 1), line.left))
    return lines


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    """Each page's width and height in mm."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(w) / MM, float(h) / MM) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


ARTIFACTS = ROOT / "tests" / "artifacts" / "official"


def build(data: Path, folder: Path) -> Path:
    """The official PDF made from `data` as the build makes it (the frame, the forms laid over it), in `folder`."""
    edition = load_years(data)[-1]
    (folder / "notice.pdf").write_bytes(official_pdf(edition, blank_forms(edition)))
    return folder / "notice.pdf"


@pytest.fixture(scope="module")
def letter_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped notice, a 函 in 信函格式; its pages in tests/artifacts/official/ for a person to look at."""
    pdf = build(DATA, tmp_path_factory.mktemp("letter"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / "notice")], check=True)
    return pdf


@pytest.fixture(scope="module")
def letter(letter_pdf: Path) -> list[Line]:
    return pdf_lines(letter_pdf)


@pytest.fixture(scope="module")
def file_kind(tmp_path_factory: pytest.TempPathFactory) -> list[Line]:
    """The notice as a 文件 written under GB/T 9704-2012, with 抄送 and 印发 in its closing block."""
    folder = tmp_path_factory.mktemp("file")
    shutil.copytree(DATA, folder / "data")
    facts = folder / "data" / "notice.yml"
    edit(facts, "document_kind: 函", "document_kind: 文件")
    edit(facts, "date_written: 2012-01-06", "date_written: 2012-07-06")
    edit(facts, "signature_numerals: chinese", "signature_numerals: arabic")
    edit(facts, 'signature_name: ""', 'signature_name: ""\ncopy_to: 人力资源和社会保障部专业技术人员管理司\n'
                                      "printed_by: 黑龙江省人力资源和社会保障厅办公室\nprinted_on: 2012-07-06")
    return pdf_lines(build(folder / "data", folder))


def notice_pages(lines: list[Line]) -> list[Line]:
    """The lines before the first annex."""
    first_annex = next(line.page for line in lines if line.text == "附件1")
    return [line for line in lines if line.page < first_annex]


def body(lines: list[Line]) -> list[Line]:
    """Lines inside the text area (no letterhead, no page numbers)."""
    return [line for line in lines if line.top >= TOP - 1 and line.bottom <= BOTTOM + 1]


# ------------------------------------------------------------------ page and text area

def test_the_notice_is_printed_on_a4(letter_pdf: Path, letter: list[Line]) -> None:
    pages = page_sizes(letter_pdf)[: max(line.page for line in notice_pages(letter))]
    assert all(abs(width - 210) < 0.5 and abs(height - 297) < 0.5 for width, height in pages), pages


def test_text_lines_keep_to_the_text_area(letter: list[Line]) -> None:
    lines = body(notice_pages(letter))
    assert min(line.left for line in lines) == pytest.approx(LEFT, abs=1)
    assert max(line.right for line in lines) == pytest.approx(RIGHT, abs=1)
    full = [line for line in lines if line.right > RIGHT - CHAR]
    assert len(full) > 40
    assert all(abs(line.right - RIGHT) <= 1 for line in full), [l.text for l in full if abs(l.right - RIGHT) > 1]


def test_a_full_page_holds_22_lines_on_the_grid(letter: list[Line]) -> None:
    page_two = [line for line in body(letter) if line.page == 2]
    assert len(page_two) == 22
    for row, line in enumerate(page_two):
        cell_top = TOP + row * PITCH
        # Each line's box sits in its own cell of the grid, the first at the text area's top.
        assert cell_top - 1 <= line.top and line.bottom <= cell_top + PITCH + 1, (row, line)
    assert page_two[-1].bottom <= BOTTOM + 1


def test_a_full_line_holds_28_characters(letter: list[Line]) -> None:
    chinese_only = [line for line in body(notice_pages(letter))
                    if line.left < LEFT + 1 and line.right > RIGHT - CHAR and not re.search(r"[\x00-\x7f]", line.text)]
    lengths = [len(line.text) for line in chinese_only]
    assert max(lengths) == 28
    # A line is one short where a closing mark may not start the next one (“训。” goes down together).
    assert set(lengths) <= {27, 28} and lengths.count(28) > 3 * lengths.count(27), lengths


# ------------------------------------------------------------------ the text, paragraph by paragraph

def paragraphs(lines: list[Line]) -> list[str]:
    """Lines joined into paragraphs: a line goes on its paragraph when the line before filled the
    text area and it does not start at that paragraph's first-line indent; title lines join."""
    found: list[list[Line]] = []
    for line in lines:
        if found:
            last, first = found[-1][-1], found[-1][0]
            is_title = line.height > 9 and last.height > 9  # 二号 lines
            starts_like_first = abs(line.left - first.left) < 0.5 and first.left > LEFT + 0.5
            continues = abs(line.height - last.height) < 0.5 and last.right > RIGHT - CHAR and not starts_like_first
            if is_title or continues:
                found[-1].append(line)
                continue
        found.append([line])
    return ["".join(line.text for line in group) for group in found]


def seed_paragraphs() -> list[str]:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_the_pdf_says_what_the_seed_says_paragraph_by_paragraph(letter: list[Line]) -> None:
    issuer, *rest = notice_pages(letter)
    assert issuer.text == "黑龙江省人力资源和社会保障厅"
    ours = paragraphs([line for line in rest if line.bottom <= BOTTOM + 1])
    seed = seed_paragraphs()
    # GB/T 9704's letter format puts the document number above the title; the seed (a web copy)
    # has it below.
    seed[0], seed[1] = seed[1], seed[0]
    for number, (mine, theirs) in enumerate(zip(ours, seed), 1):
        assert mine == theirs, f"paragraph {number} differs"
    assert len(ours) == len(seed)


# ------------------------------------------------------------------ the header, by the document's kind

def test_a_letter_has_the_issuer_30_mm_from_the_top_and_the_number_flush_right(letter: list[Line]) -> None:
    issuer, number = [line for line in letter if line.page == 1][:2]
    assert issuer.text == "黑龙江省人力资源和社会保障厅"
    assert issuer.em_top == pytest.approx(30, abs=1)
    assert (issuer.left + issuer.right) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=1)
    assert number.text == "黑人社函【2012】5号"
    assert number.right == pytest.approx(RIGHT, abs=1)
    assert number.top > issuer.bottom


def test_a_letter_has_no_page_number_on_its_first_page(letter: list[Line]) -> None:
    assert [line.text for line in letter if line.page == 1 and line.top > BOTTOM] == []


def test_a_file_has_its_mark_and_number_centred_and_a_page_number_on_page_one(file_kind: list[Line]) -> None:
    mark, number = [line for line in file_kind if line.page == 1][:2]
    assert mark.text == "黑龙江省人力资源和社会保障厅文件"
    assert mark.em_top == pytest.approx(TOP + 35, abs=1)
    for line in (mark, number):
        assert (line.left + line.right) / 2 == pytest.approx(LEFT + WIDTH / 2, abs=1)
    assert number.text == "黑人社函【2012】5号"
    assert [line.text for line in file_kind if line.page == 1 and line.top > BOTTOM] == ["—1—"]


# ------------------------------------------------------------------ page numbers

def test_page_numbers_are_right_on_odd_pages_and_left_on_even_pages(letter_pdf: Path, letter: list[Line]) -> None:
    sizes = page_sizes(letter_pdf)
    lowest = {line.page: line for line in letter}  # lines run top to bottom: the last one per page
    notice = {line.page for line in notice_pages(letter)}
    for page in range(2, len(sizes) + 1):
        number, (width, height) = lowest[page], sizes[page - 1]
        assert number.text == f"—{page}—"
        assert number.top > height - 35  # in the bottom margin, on landscape annex pages too
        if page % 2:
            assert number.left > width / 2
        else:
            assert number.right < width / 2
        if page in notice:
            assert number.top == pytest.approx(BOTTOM + 7, abs=1)  # 7 mm under the text area
            if page % 2:
                assert number.right == pytest.approx(RIGHT - PAGE_NUMBER_INSET, abs=1)
            else:
                assert number.left == pytest.approx(LEFT + PAGE_NUMBER_INSET, abs=1)


# ------------------------------------------------------------------ closing and annexes

def test_the_signature_date_is_four_characters_in_from_the_right(letter: list[Line]) -> None:
    date = next(line for line in letter if line.text == "二〇一二年一月六日")
    assert date.right == pytest.approx(RIGHT - 4 * CHAR, abs=1)


def test_under_gbt_9704_2012_the_issuer_signs_over_the_date(file_kind: list[Line]) -> None:
    date = next(line for line in file_kind if line.text == "2012年7月6日")
    name = next(line for line in file_kind if line.text == "黑龙江省人力资源和社会保障厅" and line.page == date.page)
    assert date.right == pytest.approx(RIGHT - 4 * CHAR, abs=1)
    assert date.top - name.top == pytest.approx(PITCH, abs=0.5)
    # Centred over the date, as far as the text area allows: this name is wider than the date
    # and its four characters of margin.
    centre = min((date.left + date.right) / 2, RIGHT - (name.right - name.left) / 2)
    assert (name.left + name.right) / 2 == pytest.approx(centre, abs=1)


@pytest.mark.parametrize("document", ["letter", "file_kind"])
def test_the_annex_list_stays_together_and_with_the_date(document: str, request: pytest.FixtureRequest) -> None:
    lines = body(notice_pages(request.getfixturevalue(document)))
    start = next(i for i, line in enumerate(lines) if line.text.startswith("附件："))
    date = next(i for i, line in enumerate(lines) if re.fullmatch(r"(二〇一二年一月六日|2012年7月6日)", line.text))
    block = lines[start:date + 1]  # the list, the room for the seal, the issuer's name (2012), the date
    assert {line.page for line in block} == {block[0].page}, [(line.page, line.text) for line in block]
    assert [line.text[:2] for line in block if re.match(r"\d、", line.text)] == ["2、", "3、", "4、"]
    before = [line for line in lines if line.page == block[0].page - 1]
    if lines[start - 1].page < block[0].page:  # the list went over to a new page
        # ... only because it did not fit: the lines left empty at the previous page's foot could
        # not hold the blank line under the body, the list and the date.
        free = round((BOTTOM - before[-1].bottom) / PITCH)
        needed = 1 + round((block[-1].bottom - block[0].top) / PITCH)
        assert free < needed, (free, needed)


def annex_pages(lines: list[Line]) -> dict[int, list[int]]:
    """The pages of each annex, by its number."""
    starts = {int(line.text[2:]): line.page for line in lines if re.fullmatch(r"附件\d+", line.text)}
    last = max(line.page for line in lines)
    ends = sorted(starts.values())[1:] + [last + 1]
    return {number: list(range(page, end)) for (number, page), end in zip(sorted(starts.items()), ends)}


def pdf_words(pdf: Path) -> list[Line]:
    """Every word of the PDF (poppler's: a run of text without a space), as a Line of one word."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    return [Line(number, *[float(word.get(k)) / MM for k in ("xMin", "yMin", "xMax", "yMax")], word.text)
            for number, page in enumerate(etree.fromstring(xhtml).iterfind(".//x:page", ns), 1)
            for word in page.iterfind(".//x:word", ns)]


def stacked(words: list[Line], first: Line, most: int) -> list[Line]:
    """`first` and up to `most` words under it in its cell: each on the next line down, overlapping it."""
    column = [first]
    while len(column) < most:
        below = [w for w in words if w.page == first.page and 0 <= w.top - column[-1].bottom < column[-1].height / 2
                 and w.left < column[-1].right and w.right > column[-1].left]
        if not below:
            break
        column.append(min(below, key=lambda w: w.top))
    return column


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_the_annexes_labels_break_only_between_words(letter_pdf: Path, letter: list[Line], number: int) -> None:
    # The forms appended to the notice keep their own styles: set in the notice's, the labels of
    # 附件2 and 附件4 came out a size larger and broke inside words (序/号, 任职资格级/别, 是否结/业).
    edition = shipped()
    form = edition.form_of(edition.notice.annex[number])
    if isinstance(form, CatalogKind):
        labels = {column.header for column in form.columns}
    else:
        labels = {f.label for f in form.fields} | {f.group for f in form.fields if f.group}
        labels |= {"序号"} if form.list_form else set()
    words = pdf_words(letter_pdf)
    seen = set()
    for page in annex_pages(letter)[number]:
        on_page = [w for w in words if w.page == page]
        for label in labels:
            # The label's cell is the first place on the page that says it, whole or over several lines.
            found = [(first.top, first.left, [w.text for w in column[:count]]) for first in on_page
                     for column in [stacked(on_page, first, len(label))] for count in range(1, len(column) + 1)
                     if "".join(w.text for w in column[:count]) == label]
            if found:
                _top, _left, texts = min(found)
                cuts = {sum(len(t) for t in texts[:i]) for i in range(1, len(texts))}
                assert cuts <= word_boundaries(label), f"page {page}: {label} broken as {texts}"
                seen.add(label)
            elif any(label in w.text for w in on_page):
                seen.add(label)
    assert labels - seen == set(), "labels not printed whole or in whole words"


def test_the_annexes_print_empty_cells_not_the_word_files_prompts(letter: list[Line]) -> None:
    # The Word file's forms can be filled in; on paper a prompt would take the space to write in.
    pages = {page for number in (2, 3, 4) for page in annex_pages(letter)[number]}
    text = "".join(line.text for line in letter if line.page in pages)
    assert "学员录取表" in text and not re.search(r"点击|输入|选择", text)


@pytest.mark.parametrize("number", [1, 2, 3, 4])
def test_each_annex_starts_a_new_page(letter: list[Line], number: int) -> None:
    mark = next(line for line in letter if line.text == f"附件{number}")
    on_its_page = [line for line in letter if line.page == mark.page]
    assert on_its_page[0] == mark  # top left
    assert mark.left < min(line.left for line in on_its_page) + 0.5
    assert "二〇一二年一月六日" in {line.text for line in letter if line.page < mark.page}


def test_the_closing_block_sits_at_the_foot_of_an_even_page(file_kind: list[Line]) -> None:
    last_page = [line for line in file_kind if line.page == max(line.page for line in file_kind)]
    copy_to, printed_by, printed_on, number = last_page
    assert copy_to.text == "抄送：人力资源和社会保障部专业技术人员管理司。"
    assert (printed_by.text, printed_on.text) == ("黑龙江省人力资源和社会保障厅办公室", "2012年7月6日印发")
    assert printed_by.top == pytest.approx(printed_on.top, abs=0.1)  # one line: issuer left, date right
    assert printed_by.left == copy_to.left == pytest.approx(LEFT + PAGE_NUMBER_INSET, abs=1)
    assert printed_on.right == pytest.approx(RIGHT - PAGE_NUMBER_INSET, abs=1)
    assert printed_on.bottom == pytest.approx(BOTTOM, abs=PITCH)  # the last line of the text area
    assert number.text == f"—{number.page}—" and number.page % 2 == 0


def test_the_notice_page_links_both_files_with_their_sizes(shipped_site: Path) -> None:
    page = (shipped_site / "notice" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="(notice-2012\.(?:docx|pdf))">(Word|PDF) 文件（(\d+) KB）</a>', page)
    assert [(href, kind) for href, kind, _ in links] == [("notice-2012.docx", "Word"), ("notice-2012.pdf", "PDF")]
    for href, _kind, size in links:
        assert int(size) == round((shipped_site / "notice" / href).stat().st_size / 1024)
    assert "下载正式文件（按 GB/T 9704 排版，含附件）：" in page


def test_a_pdf_is_the_same_converted_alone_or_after_other_files(tmp_path: Path) -> None:
    # LibreOffice numbers the fonts it embeds per process (Type 1 /UniqueID 4100001, …): without
    # numbered_fonts, the second file of a batch would get other numbers than the same file alone.
    edition = shipped()
    printable = {f"{a.stem}.docx": a.printable.data for a in blank_forms(edition).annexes}
    together, _warnings = PdfConversion(printable, edition.notice.date_published).start().finish()
    alone, _warnings = PdfConversion({"annex2-admission.docx": printable["annex2-admission.docx"]},
                                     edition.notice.date_published).start().finish()
    assert list(together)[0] != "annex2-admission.docx"  # converted after another file
    assert alone["annex2-admission.docx"] == together["annex2-admission.docx"]
    (tmp_path / "annex2.pdf").write_bytes(alone["annex2-admission.docx"])
    fonts = subprocess.run(["pdffonts", str(tmp_path / "annex2.pdf")], capture_output=True, text=True, check=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "annex2.pdf"), "-"], capture_output=True, text=True, check=True)
    assert "Type 1" in fonts.stdout and fonts.stderr == "" and text.stderr == ""  # the fonts still read cleanly
    assert "学员录取表" in text.stdout


def page_words(pdf: Path) -> list[collections.Counter]:
    """The words on each page, as pdftotext reads them."""
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [collections.Counter(page.split()) for page in text.split("\f")[:-1]]


def test_the_annexes_pages_are_the_forms_own_pdf_pages_with_the_notices_page_numbers(letter_pdf: Path,
                                                                                      tmp_path: Path) -> None:
    # officialpdf.py: the forms are laid out once, their PDF pages laid over the pages the frame left.
    edition = shipped()
    forms = blank_forms(edition)
    standalone, _warnings = PdfConversion({f"{a.stem}.docx": a.printable.data for a in forms.annexes},
                                          edition.notice.date_published).start().finish()
    expected = []
    for annex in forms.annexes:
        (tmp_path / "form.pdf").write_bytes(standalone[f"{annex.stem}.docx"])
        expected += page_words(tmp_path / "form.pdf")
    official = page_words(letter_pdf)
    first = len(official) - len(expected)
    for number, (page, form_page) in enumerate(zip(official[first:], expected), start=first + 1):
        left = "".join((page - form_page).elements())  # "—9—", or "—", "10", "—"
        assert sorted(left) == sorted(f"—{number}—") and form_page - page == collections.Counter(), number
    assert subprocess.run(["pdfinfo", "-dests", str(letter_pdf)], capture_output=True, text=True,
                          check=True).stdout.count("hrnotice") == 0  # the frame's marks are gone
