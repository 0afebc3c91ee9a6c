"""Property tests of the loaders: whatever bytes, control characters or CSV shapes a clerk's files
hold, loading gives a message naming its file and line, or loads cleanly; never another exception,
and never a changed input file.

Hypothesis runs a fixed number of examples derived from the tests themselves (`derandomize`), so
the same cases run on every machine, quickly; no example database is written.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from hrnotice.catalog import load_catalog
from hrnotice.findings import DataError
from hrnotice.formspec import CatalogKind
from hrnotice.load import render_body
from hrnotice.model import Notice
from hrnotice.textfile import read_text
from hrnotice.yamlfile import load_model

from .conftest import DATA, shipped

settings.register_profile(
    "loaders", derandomize=True, database=None, deadline=None, max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
LOADERS = settings.get_profile("loaders")

# Every C0 and C1 control character, DEL, the line and paragraph separators, a BOM and the
# noncharacters: what copying and pasting, or a YAML escape, can put into a file.
CONTROL = st.sampled_from([chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0xFEFF, 0xFFFE)])
# Text as clerks write it, and what Excel, WPS and careless pasting add to it.
PIECES = ["哈尔滨工业大学", "土木工程", "工程技术", "https://www.hit.edu.cn/", "0451-86412114", "继续教育学院", "备注",
          "（威海）", " (威海)", "\u3000", "\u00a0", "\u200b", "'", '"', '""', ",", "，", "\n", "\r\n", "\r", "=1+1",
          "+", "-", "@", "'=", "０４５１－８７６５４３２１", "4.51864E+11", "javascript:alert(1)",
          "https://a.example@evil.example/", "{{ year }}", "<script>", "𠀀", "䶮", "豈"]
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), CONTROL, st.text(max_size=4)), max_size=6).map("".join)


@lru_cache(maxsize=None)
def spec() -> CatalogKind:
    return shipped().forms.catalog


def unchanged(path: Path) -> Callable[[], None]:
    """A check that `path` still holds the same bytes and was not written to."""
    data, mtime = path.read_bytes(), os.stat(path).st_mtime_ns

    def check() -> None:
        assert path.read_bytes() == data and os.stat(path).st_mtime_ns == mtime, f"{path} was changed"
    return check


def loads_or_names_the_line(load: Callable[[], object], path: Path, *, whole_file: tuple[str, ...] = ()) -> None:
    """`load()` succeeds, or raises DataError whose every finding names `path` and a line (except
    the `whole_file` messages, about the file as a whole); nothing else, and `path` is untouched."""
    check = unchanged(path)
    try:
        load()
    except DataError as error:
        assert error.findings
        for finding in error.findings:
            assert finding.path.endswith(path.name), str(finding)
            assert finding.message.strip(), str(finding)
            if not finding.message.startswith(whole_file):
                assert isinstance(finding.line, int) and finding.line >= 1, str(finding)
    check()


# ------------------------------------------------------------------ the catalog (附件1)

def csv_bytes(rows: list[list[str]], encodings: list[str], bom: bool) -> bytes:
    """The rows as CSV, each line in its own encoding (one line pasted from a GBK file into a UTF-8 one …)."""
    lines = []
    for index, row in enumerate(rows):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerow(row)
        lines.append(buffer.getvalue().encode(encodings[index % len(encodings)], errors="replace"))
    return (codecs.BOM_UTF8 if bom else b"") + b"".join(lines)


HEADERS = st.lists(st.one_of(st.sampled_from([c.header for c in (spec().columns)] + ["", "培训院校 ", "专业"]), TEXT),
                   min_size=0, max_size=10)
ROWS = st.lists(st.lists(TEXT, max_size=11), max_size=8)
ENCODINGS = st.sampled_from(["utf-8", "gb18030", "gbk"])
# Any bytes, and any bytes after a UTF-8 BOM (which promises UTF-8 for the whole file).
BYTES = st.one_of(st.binary(max_size=400), st.binary(max_size=400).map(lambda data: codecs.BOM_UTF8 + data))


@LOADERS
@given(data=BYTES)
def test_any_bytes_as_the_catalog_csv(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("csv") / "institutions.csv"
    path.write_bytes(data)
    loads_or_names_the_line(lambda: load_catalog(path, spec()), path)


@LOADERS
@given(header=HEADERS, rows=ROWS, encodings=st.lists(ENCODINGS, min_size=1, max_size=3), bom=st.booleans(),
       full_header=st.booleans())
def test_any_shape_of_catalog_csv(tmp_path_factory: pytest.TempPathFactory, header: list[str], rows: list[list[str]],
                                  encodings: list[str], bom: bool, full_header: bool) -> None:
    if full_header:  # rows under the right columns, so the checks of every cell run too
        header = [c.header for c in spec().columns] + header[:2]
    path = tmp_path_factory.mktemp("csv") / "institutions.csv"
    path.write_bytes(csv_bytes([header, *rows], encodings, bom))
    loads_or_names_the_line(lambda: load_catalog(path, spec()), path)


@LOADERS
@given(position=st.integers(min_value=0), character=CONTROL, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_a_control_character_anywhere_in_the_shipped_catalog(tmp_path_factory: pytest.TempPathFactory, position: int,
                                                             character: str, encoding: str) -> None:
    text = (DATA / "institutions.csv").read_text(encoding="utf-8")
    at = position % (len(text) + 1)
    path = tmp_path_factory.mktemp("csv") / "institutions.csv"
    path.write_bytes((text[:at] + character + text[at:]).encode(encoding, errors="replace"))
    loads_or_names_the_line(lambda: load_catalog(path, spec()), path)


NOT_A_WORKBOOK = "无法作为 Excel 工作簿（.xlsx）打开"


@LOADERS
@given(header=HEADERS, rows=st.lists(st.lists(st.one_of(TEXT, st.integers(), st.floats(allow_nan=False),
                                                       st.booleans(), st.none()), max_size=11), max_size=6),
       full_header=st.booleans())
def test_any_shape_of_catalog_workbook(tmp_path_factory: pytest.TempPathFactory, header: list, rows: list[list],
                                       full_header: bool) -> None:
    if full_header:
        header = [c.header for c in spec().columns] + header[:2]
    workbook = Workbook()
    for row in [header, *rows]:
        # What openpyxl cannot store, Excel cannot either: such cells never reach us.
        workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    path = tmp_path_factory.mktemp("xlsx") / "institutions.xlsx"
    workbook.save(path)
    loads_or_names_the_line(lambda: load_catalog(path, spec()), path)


@LOADERS
@given(data=st.one_of(st.binary(max_size=400), st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b)))
def test_any_bytes_as_the_catalog_workbook(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "institutions.xlsx"
    path.write_bytes(data)
    loads_or_names_the_line(lambda: load_catalog(path, spec()), path, whole_file=(NOT_A_WORKBOOK,))


# ------------------------------------------------------------------ the facts (notice.yml)

@LOADERS
@given(data=BYTES)
def test_any_bytes_as_the_facts(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("yml") / "notice.yml"
    path.write_bytes(data)
    loads_or_names_the_line(lambda: load_model(path, Notice), path)


YAML_ESCAPES = st.sampled_from(["\\0", "\\a", "\\b", "\\t", "\\n", "\\v", "\\f", "\\r", "\\e", "\\x7f", "\\x85",
                                "\\u2028", "\\uFEFF", "\\N", "\\_", "\\L", "\\P", "\\x00"])


@LOADERS
@given(position=st.integers(min_value=0), insert=st.one_of(CONTROL, YAML_ESCAPES.map(lambda e: f'"{e}"'),
                                                          st.sampled_from(['"', "'", ":", "- ", "&a", "*a", "\n  ", "#"])))
def test_a_control_character_or_stray_mark_anywhere_in_the_facts(tmp_path_factory: pytest.TempPathFactory,
                                                                 position: int, insert: str) -> None:
    text = (DATA / "notice.yml").read_text(encoding="utf-8")
    at = position % (len(text) + 1)
    path = tmp_path_factory.mktemp("yml") / "notice.yml"
    path.write_text(text[:at] + insert + text[at:], encoding="utf-8")
    loads_or_names_the_line(lambda: load_model(path, Notice), path)


@LOADERS
@given(key=st.sampled_from(["title", "issuer", "addressees", "subject_category", "signature_name"]),
       escape=YAML_ESCAPES)
def test_a_yaml_escape_in_any_string_field(tmp_path_factory: pytest.TempPathFactory, key: str, escape: str) -> None:
    lines = (DATA / "notice.yml").read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[index] = f'{key}: "前{escape}后"\n'
    path = tmp_path_factory.mktemp("yml") / "notice.yml"
    path.write_text("".join(lines), encoding="utf-8")
    loads_or_names_the_line(lambda: load_model(path, Notice), path)


# ------------------------------------------------------------------ the body (notice.md)

BODY_PIECES = st.one_of(TEXT, st.sampled_from([
    "{{", "}}", "{%", "%}", "{#", "#}", "{{ year }}", "{{ hours.total | hours_days }}", "{{ nothing.here }}",
    "{% for a in annexes %}", "{% endfor %}", "{% if %}", "{{ year | nofilter }}", "{{ 1/0 }}", "{{ ''.__class__ }}",
    "{% include 'x' %}", "{% raw %}", "{{ annex[9].title }}", "## ", "<div markdown>", "</div>", "<script>",
    "<img src=x onerror=alert(1)>", "[a](javascript:x)", "{: onclick=x }", "--8<-- 'notice.yml'", "\n\n"]))


def load_body(path: Path) -> str:
    text, _encoding = read_text(path)
    return render_body(text, path.name, shipped().notice)


@LOADERS
@given(pieces=st.lists(BODY_PIECES, max_size=12))
def test_any_body(tmp_path_factory: pytest.TempPathFactory, pieces: list[str]) -> None:
    path = tmp_path_factory.mktemp("md") / "notice.md"
    path.write_text("".join(pieces), encoding="utf-8")
    loads_or_names_the_line(lambda: load_body(path), path)


@LOADERS
@given(data=BYTES)
def test_any_bytes_as_the_body(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("md") / "notice.md"
    path.write_bytes(data)
    loads_or_names_the_line(lambda: load_body(path), path)


@LOADERS
@given(position=st.integers(min_value=0), character=CONTROL)
def test_a_control_character_anywhere_in_the_shipped_body(tmp_path_factory: pytest.TempPathFactory, position: int,
                                                          character: str) -> None:
    text = (DATA / "notice.md").read_text(encoding="utf-8")
    at = position % (len(text) + 1)
    path = tmp_path_factory.mktemp("md") / "notice.md"
    path.write_text(text[:at] + character + text[at:], encoding="utf-8")
    loads_or_names_the_line(lambda: load_body(path), path)


def test_the_shipped_files_load_cleanly_under_the_same_harness(tmp_path: Path) -> None:
    for name in ("institutions.csv", "notice.yml", "notice.md"):
        shutil.copy(DATA / name, tmp_path / name)
    load_catalog(tmp_path / "institutions.csv", spec())
    load_model(tmp_path / "notice.yml", Notice)
    load_body(tmp_path / "notice.md")
