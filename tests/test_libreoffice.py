"""The build's LibreOffice: started before the Word files exist, driven through UNO, converting each file
as it is handed over; the same PDFs as `soffice --convert-to`, and never a LibreOffice left running."""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

import pytest

from hrnotice import libreoffice
from hrnotice.forms import blank_forms
from hrnotice.libreoffice import LibreOffice, PdfConversion

from .conftest import shipped

pytestmark = pytest.mark.slow  # LibreOffice runs


@pytest.fixture(scope="module")
def printable() -> dict[str, bytes]:
    """The shipped forms as printed, by file name."""
    return {f"{a.stem}.docx": a.printable.data for a in blank_forms(shipped()).annexes}


DAY = shipped().notice.date_published


def converted(files: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """The files handed one by one to a LibreOffice started before them, as the build does."""
    office = LibreOffice().start()
    try:
        for name, data in files.items():
            office.convert(name, data, DAY)
        office.flush()
        return office.finish()
    finally:
        office.close()


def gone(process_group: int) -> bool:
    """No process left in the group, once the killed ones are reaped (which takes a moment)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(process_group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_the_worker_gives_the_bytes_of_soffice_convert_to(printable: dict[str, bytes]) -> None:
    # scripts/install.sh installs python3-uno: without it the build falls back to the batch (next test).
    assert libreoffice.uno_python() is not None
    made, warnings = converted(printable)
    batch, batch_warnings = PdfConversion(printable, DAY).start().finish()
    assert warnings == batch_warnings == []
    assert sorted(made) == sorted(printable)
    assert made == batch  # the fonts numbered within each file, the clock taken out: the same bytes


def test_glibc_keeping_large_blocks_changes_no_byte_of_a_pdf(printable: dict[str, bytes],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # libreoffice._environment lets LibreOffice keep large blocks in its heap (a second less of
    # system time a start): a setting of the allocator, which must not reach what it writes.
    kept = {name: data for name, data in printable.items() if "catalog" in name}
    with_setting, _ = PdfConversion(kept, DAY).start().finish()
    assert "MALLOC_MMAP_THRESHOLD_" in libreoffice._environment()
    plain = {k: v for k, v in libreoffice._environment().items() if not k.startswith("MALLOC_")}
    monkeypatch.setattr(libreoffice, "_environment", lambda: plain)
    without, _ = PdfConversion(kept, DAY).start().finish()
    assert list(with_setting) == list(kept) and with_setting == without


def test_what_is_converted_can_be_had_before_the_rest(printable: dict[str, bytes]) -> None:
    # The build takes the forms' PDFs early, to hand over the official document's frame at once.
    two = {name: printable[name] for name in ("annex2-admission.docx", "annex3-registration.docx")}
    expected, _warnings = PdfConversion(two, DAY).start().finish()
    office = LibreOffice().start()
    try:
        office.convert("annex2-admission.docx", two["annex2-admission.docx"], DAY)
        early: dict[str, bytes] = {}
        deadline = time.monotonic() + 120
        while not early and time.monotonic() < deadline:
            early = office.converted_so_far()
            time.sleep(0.05)
        office.convert("annex3-registration.docx", two["annex3-registration.docx"], DAY)
        rest, warnings = office.finish()
    finally:
        office.close()
    assert early == {"annex2-admission.docx": expected["annex2-admission.docx"]}
    assert (rest, warnings) == ({"annex3-registration.docx": expected["annex3-registration.docx"]}, [])


def test_a_pdf_says_its_text_is_chinese(printable: dict[str, bytes]) -> None:
    # The templates' Western language is en-US, which LibreOffice writes as the PDF's: a screen
    # reader would read the forms with an English voice.
    import pikepdf

    made, _warnings = converted({"annex2-admission.docx": printable["annex2-admission.docx"]})
    with pikepdf.open(io.BytesIO(made["annex2-admission.docx"])) as pdf:
        assert str(pdf.Root.Lang) == "zh-CN"


def test_without_a_python_that_has_uno_the_files_are_converted_by_one_batch(
        printable: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    two = {name: printable[name] for name in ("annex2-admission.docx", "annex3-registration.docx")}
    expected, _warnings = PdfConversion(two, DAY).start().finish()
    monkeypatch.setattr(libreoffice, "uno_python", lambda: None)  # no python3-uno
    assert converted(two) == (expected, [])
    # A Python that cannot import uno: the worker dies at once, and the batch converts what it was given.
    monkeypatch.setattr(libreoffice, "uno_python", lambda: sys.executable)
    assert converted(two) == (expected, [])


HUNG = """import json, subprocess, sys, time
subprocess.Popen(["sleep", "600"])  # stands in for LibreOffice
print(json.dumps({"ready": True}), flush=True)
time.sleep(600)
"""


def test_a_hung_libreoffice_is_killed_with_its_worker_and_named(printable: dict[str, bytes], tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "hung.py").write_text(HUNG, encoding="utf-8")
    monkeypatch.setattr(libreoffice, "WORKER", tmp_path / "hung.py")
    monkeypatch.setattr(libreoffice, "uno_python", lambda: sys.executable)
    monkeypatch.setattr(libreoffice, "_seconds_allowed", lambda files: 1)
    office = LibreOffice()
    office.convert("2012/annex2-admission.docx", printable["annex2-admission.docx"], DAY)
    (worker,) = office._workers
    made, warnings = office.finish()
    office.close()
    assert made == {}
    assert warnings == ["LibreOffice 没能把 2012/annex2-admission.docx 转换为 PDF（超时或意外退出）；Word 文件不受影响"]
    assert gone(worker.process.pid)  # what it started too: they share its process group


def test_a_libreoffice_started_early_but_not_needed_is_stopped_at_once() -> None:
    office = LibreOffice().start()
    (worker,) = office._workers
    started = time.monotonic()
    assert office.finish() == ({}, [])
    office.close()
    assert time.monotonic() - started < 5  # killed, not waited for (its start-up takes about two seconds)
    assert gone(worker.process.pid)
    assert office._workdir is None


def test_the_worker_is_part_of_what_a_pdf_is_keyed_by(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = libreoffice.converter_fingerprint()
    changed = tmp_path / "uno_worker.py"
    changed.write_bytes(libreoffice.WORKER.read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(libreoffice, "WORKER", changed)
    libreoffice.converter_fingerprint.cache_clear()
    try:
        assert libreoffice.converter_fingerprint() != before
    finally:
        libreoffice.converter_fingerprint.cache_clear()


def test_the_next_libreoffice_starts_from_a_copy_of_a_profile_that_has_converted(printable: dict[str, bytes],
                                                                                 tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    unused = LibreOffice(profiles).start()
    unused.finish()
    unused.close()
    assert not profiles.exists()  # killed while starting: nothing kept
    first = LibreOffice(profiles)
    first.convert("annex2-admission.docx", printable["annex2-admission.docx"], DAY)
    made, _warnings = first.finish()
    first.close()
    (kept,) = profiles.iterdir()
    assert (kept / "user" / "registrymodifications.xcu").is_file()
    second = LibreOffice(profiles).start()
    try:
        assert (second._folder() / "profile-0" / "user" / "registrymodifications.xcu").is_file()
        second.convert("annex2-admission.docx", printable["annex2-admission.docx"], DAY)
        assert second.finish() == (made, [])  # the same bytes as from a new profile
    finally:
        second.close()
    assert [p.name for p in profiles.iterdir()] == [kept.name]
