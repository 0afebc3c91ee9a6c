"""The build cache: entries come back whole or not at all, and an edit remakes exactly what it touches.

The artifact tests (marked slow: each renders every form twice) run the render step (forms, official document, PDFs) on a copy of the shipped
data twice, with an edit in between, and compare what the cache was asked for and lacked with the
files the edit must change. The names are the published paths, year first.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from hrnotice import libreoffice, pipeline, sitegen, templating
from hrnotice.cache import BuildCache
from hrnotice.findings import DataError
from hrnotice.load import load_years
from hrnotice.pipeline import build, render_years
from hrnotice.templating import FORM_TEMPLATES

from .conftest import ROOT, edit
from .helpers import pdf_difference

BLANKS = ["annex1-catalog.docx", "annex2-admission.docx", "annex3-registration.docx", "annex4-completion.docx"]
# The official PDF is its frame's PDF with the forms' PDFs laid over it (officialpdf.py).
PDFS = [*(name.replace(".docx", ".pdf") for name in BLANKS), "notice-2012.frame.pdf", "notice-2012.pdf"]


def render(data: Path, cache: BuildCache, pdf: bool = False) -> list:
    """The render step of a build: every year's files, as `(path, bytes)` in a stable order."""
    editions = load_years(data)
    years = render_years(editions, pdf=pdf, cache=cache, progress=None, warnings=[])
    return [(f"{edition.year}/{d.folder}/{d.path}", d.data) for edition, files in zip(editions, years)
            for d in files.downloads]


def misses_after(data: Path, folder: Path, change, pdf: bool = False) -> set[str]:
    """What the cache lacked on a build after `change()`, the cache having been filled before it."""
    render(data, BuildCache(folder), pdf)
    change()
    cache = BuildCache(folder)
    render(data, cache, pdf)
    misses = set(cache.misses)
    assert "2012/" in misses  # the year's files as one entry: any edit to the year misses it
    return misses - {"2012/"}


def institution(data: Path, name: str) -> int:
    return next(i.number for i in load_years(data)[-1].catalog.institutions if i.name == name)


# ------------------------------------------------------------------ entries


def test_an_entry_comes_back_as_stored_and_a_lookup_says_whether_it_hit(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path)
    cache.put("k" * 64, {"a": b"one", "b": b""})
    assert cache.get("k" * 64, "first") == {"a": b"one", "b": b""}
    assert cache.get("z" * 64, "second") is None
    assert (cache.hits, cache.misses) == (["first"], ["second"])


def test_a_restored_file_may_be_read_by_everyone_as_a_web_server_must(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "cache")
    cache.put("k" * 64, {"index.html": b"<p>"})
    assert cache.restore("k" * 64, tmp_path / "site") == {}
    assert (tmp_path / "site" / "index.html").stat().st_mode & 0o777 == 0o644


def test_without_a_folder_nothing_is_kept(tmp_path: Path) -> None:
    cache = BuildCache(None)
    cache.put("k" * 64, {"a": b"one"})
    assert cache.get("k" * 64) is None
    assert cache.remember("k" * 64, lambda: {"a": b"made"}) == {"a": b"made"}


@pytest.mark.parametrize("damage", ["truncate", "alter", "delete"])
def test_a_damaged_file_is_a_miss_never_returned(tmp_path: Path, damage: str) -> None:
    cache = BuildCache(tmp_path)
    data = b"%PDF-1.7 " + bytes(range(256)) * 40
    cache.put("k" * 64, {"pdf": data})
    (blob,) = (tmp_path / "blobs").glob("*/*")
    if damage == "truncate":
        blob.write_bytes(data[: len(data) // 2])
    elif damage == "alter":
        blob.write_bytes(data.replace(b"PDF", b"PDX"))
    else:
        blob.unlink()
    assert cache.get("k" * 64) is None
    assert cache.remember("k" * 64, lambda: {"pdf": data}) == {"pdf": data}
    assert BuildCache(tmp_path).get("k" * 64) == {"pdf": data}  # made again and kept whole


@pytest.mark.parametrize("manifest", [b"", b"{", b'{"format": "other", "files": {}}', b'{"format": 1}', b"[]"])
def test_a_damaged_manifest_is_a_miss(tmp_path: Path, manifest: bytes) -> None:
    cache = BuildCache(tmp_path)
    cache.put("k" * 64, {"a": b"one"})
    (entry,) = (tmp_path / "entries").glob("*/*")
    entry.write_bytes(manifest)
    assert cache.get("k" * 64) is None


def test_trimming_keeps_the_recently_used_within_the_limit_and_drops_unlisted_files(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path, limit=3000)
    for n in range(5):
        cache.put(f"{n:064d}", {"x": bytes([n]) * 1000})
    cache.get(f"{0:064d}")  # used last: kept
    (tmp_path / "blobs" / "ff").mkdir()
    (tmp_path / "blobs" / "ff" / ("f" * 64)).write_bytes(b"listed nowhere")
    cache.trim()
    kept = [n for n in range(5) if BuildCache(tmp_path).get(f"{n:064d}") is not None]
    size = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    assert 0 in kept and size <= 3000 and len(kept) == 2
    assert not (tmp_path / "blobs" / "ff" / ("f" * 64)).exists()



def test_a_cache_within_its_limit_is_left_as_it_is(tmp_path: Path) -> None:
    """Trimming a cache that fits reads no manifest and drops nothing, not even an unlisted file:
    it counts towards the limit, and goes once the cache outgrows it (above)."""
    cache = BuildCache(tmp_path, limit=10_000)
    for n in range(5):
        cache.put(f"{n:064d}", {"x": bytes([n]) * 1000})
    (tmp_path / "blobs" / "ff").mkdir()
    (tmp_path / "blobs" / "ff" / ("f" * 64)).write_bytes(b"listed nowhere")
    before = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    cache.trim()
    assert sorted(p for p in tmp_path.rglob("*") if p.is_file()) == before

def _hammer(folder: str, seed: int) -> list[str]:
    """Store and read back the same keys as another process does at the same time."""
    cache, wrong = BuildCache(Path(folder)), []
    for round_ in range(150):
        key = f"{round_ % 7:064d}"
        expected = {"a": hashlib.sha256(key.encode()).digest() * 500, "b": key.encode()}
        cache.put(key, expected)
        found = cache.get(key)
        if found is not None and found != expected:
            wrong.append(key)
        if round_ % 50 == seed:
            cache.trim()
    return wrong


def test_two_builds_at_once_never_read_each_others_half_written_files(tmp_path: Path) -> None:
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.starmap(_hammer, [(str(tmp_path), 0), (str(tmp_path), 25)])
    assert results == [[], []]
    assert not [p for p in tmp_path.rglob(".*") if p.is_file()]  # no temporary file left behind


# ------------------------------------------------------------------ artifacts


@pytest.mark.slow
def test_nothing_changed_everything_comes_from_the_cache_and_equals_a_build_without_it(workdir: Path) -> None:
    data, folder = workdir / "data", workdir / "cache"
    cold = render(data, BuildCache(None))
    render(data, BuildCache(folder))
    warm = BuildCache(folder)
    assert render(data, warm) == cold
    assert warm.misses == [] and warm.hits == ["2012/"]  # the year's files, taken as one entry


def test_a_year_none_of_whose_files_changed_is_not_read_again_and_an_edited_one_is(years: Path) -> None:
    data, folder = years / "data", years / "cache"
    first = BuildCache(folder)
    cold = load_years(data, first)
    assert first.misses == ["data/2012/", "data/"]
    edit(data / "notice.md", "不断提高专业技术人员", "不断提高广大专业技术人员")
    again = BuildCache(folder)
    warm = load_years(data, again)
    assert (again.hits, again.misses) == (["data/2012/"], ["data/"])
    assert warm[0].inputs == cold[0].inputs and warm[1].body != cold[1].body


def test_a_year_with_an_error_is_never_kept_and_its_message_comes_every_time(workdir: Path) -> None:
    data, folder = workdir / "data", workdir / "cache"
    edit(data / "notice.yml", "year: 2012", "year: 20x2")
    for _ in range(2):
        with pytest.raises(DataError) as raised:
            load_years(data, BuildCache(folder))
        assert "notice.yml:" in str(raised.value.findings[0])
    assert not (folder / "entries").exists()


@pytest.mark.slow
def test_a_new_specialty_remakes_the_forms_that_list_it_and_that_institutions_copies(workdir: Path) -> None:
    data = workdir / "data"
    number = institution(data, "黑龙江大学")
    misses = misses_after(data, workdir / "cache",
                          lambda: edit(data / "institutions.csv", "翻译（俄语）", "翻译（日语）"))
    copies = [f"institutions/{number:03d}/annex{n}-{kind}" for n, kind in ((2, "admission"), (4, "completion"))]
    assert misses == {*(f"2012/{name}" for name in BLANKS), "2012/annex2-admission.xlsx", "2012/annex4-completion.xlsx",
                      *(f"2012/{copy}.{suffix}" for copy in copies for suffix in ("docx", "xlsx")),
                      "2012/notice-2012.docx"}


@pytest.mark.slow
def test_an_institutions_phone_remakes_only_the_catalog_and_the_official_document(workdir: Path) -> None:
    data = workdir / "data"
    misses = misses_after(data, workdir / "cache", lambda: (data / "institutions.csv").write_text(
        (data / "institutions.csv").read_text(encoding="utf-8-sig").replace("0451-86412114", "0451-86412115"),
        encoding="utf-8-sig"))
    assert misses == {"2012/annex1-catalog.docx", "2012/notice-2012.docx"}


@pytest.mark.slow
def test_a_class_date_remakes_the_excel_versions_that_check_it(workdir: Path) -> None:
    data = workdir / "data"
    misses = misses_after(data, workdir / "cache", lambda: edit(data / "notice.yml", "start: 2012-04-06", "start: 2012-04-09"))
    sheets = {name for name in misses if name.endswith(".xlsx")}
    assert misses - sheets == {"2012/notice-2012.docx"}
    assert len(sheets) == 2 * (1 + len(load_years(data)[-1].catalog.institutions))


@pytest.mark.slow
def test_a_form_template_remakes_that_form_its_copies_and_the_official_document(workdir: Path) -> None:
    data = workdir / "data"
    shutil.copytree(FORM_TEMPLATES, data / "forms")  # the year's own templates, to edit

    def change() -> None:
        template = Document(data / "forms" / "admission.docx")
        template.add_paragraph("（院校可复印）")
        buffer = io.BytesIO()
        template.save(buffer)
        (data / "forms" / "admission.docx").write_bytes(buffer.getvalue())

    misses = misses_after(data, workdir / "cache", change)
    count = len(load_years(data)[-1].catalog.institutions)
    assert misses == {"2012/annex2-admission.docx", "2012/notice-2012.docx",
                      *(f"2012/institutions/{n:03d}/annex2-admission.docx" for n in range(1, count + 1))}


@pytest.mark.slow
def test_a_font_mapping_remakes_every_pdf_and_nothing_else(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, fonts = workdir / "data", workdir / "fonts.conf"
    shutil.copy(libreoffice.FONTS_CONF, fonts)

    def change() -> None:
        fonts.write_text(fonts.read_text(encoding="utf-8").replace("<family>仿宋</family>", "<family>仿宋体</family>"),
                         encoding="utf-8")
        libreoffice.converter_fingerprint.cache_clear()

    monkeypatch.setattr(libreoffice, "FONTS_CONF", fonts)
    libreoffice.converter_fingerprint.cache_clear()
    try:
        misses = misses_after(data, workdir / "cache", change, pdf=True)
    finally:
        libreoffice.converter_fingerprint.cache_clear()
    assert misses == {f"2012/{name}" for name in PDFS}


@pytest.mark.slow
def test_an_edit_to_the_body_converts_only_the_official_documents_frame(workdir: Path) -> None:
    data = workdir / "data"
    misses = misses_after(data, workdir / "cache", lambda: edit(data / "notice.md", "不断提高专业技术人员的专业水平",
                                                               "不断提高专业技术人员的专业能力"), pdf=True)
    assert misses == {"2012/notice-2012.docx", "2012/notice-2012.frame.pdf", "2012/notice-2012.pdf"}



LOADED_AFTER_A_BUILD = """
import sys
from pathlib import Path
from hrnotice.cache import BuildCache
from hrnotice.pipeline import build
build(Path("data"), Path("site"), Path("forms"), pdf=False, cache=BuildCache(Path("cache")))
print(" ".join(name for name in ("openpyxl", "icalendar") if name in sys.modules))
"""


@pytest.mark.slow
def test_an_edit_to_the_body_loads_no_library_only_the_unchanged_files_need(workdir: Path) -> None:
    # Every workbook and the key dates' calendar come from the cache: openpyxl (0.12 s) and
    # icalendar (0.08 s) are never imported.
    def loaded() -> str:
        return subprocess.run([sys.executable, "-c", LOADED_AFTER_A_BUILD], cwd=workdir, capture_output=True,
                              text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout.strip()

    assert loaded() == "openpyxl icalendar"  # the first build makes them all
    edit(workdir / "data" / "notice.md", "不断提高专业技术人员的专业水平", "不断提高专业技术人员的专业能力")
    assert loaded() == ""

# ------------------------------------------------------------------ sites


def built(folder: Path, data: Path, cache: BuildCache, name: str, pdf: bool = False) -> dict[str, bytes]:
    """A whole build into `folder/name-*`: every file of the site, the forms and the server files."""
    outputs = [folder / f"{name}-{kind}" for kind in ("site", "forms", "server")]
    build(data, *outputs[:2], pdf=pdf, cache=cache, server_dir=outputs[2])
    return {f"{out.name.split('-')[-1]}/{p.relative_to(out).as_posix()}": p.read_bytes()
            for out in outputs for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_an_edit_to_this_years_notice_remakes_its_sites_and_restores_the_archived_year(years: Path) -> None:
    data, folder = years / "data", years / "cache"
    built(years, data, BuildCache(folder), "first")
    edit(data / "notice.md", "不断提高专业技术人员的专业水平", "不断提高专业技术人员的专业能力")
    cache = BuildCache(folder)
    built(years, data, cache, "second")
    assert {m for m in cache.misses if m.startswith("site/")} == {"site/", "site/2013/"}
    assert "site/2012/" in cache.hits and "2013/notice-2013.docx" in cache.misses
    assert "2013/notice-2013.docx:title" in cache.hits  # its lines found without loading jieba
    assert not [m for m in cache.misses if m.startswith("2012/")]


@pytest.mark.slow
def test_a_warm_build_equals_a_cold_build_byte_for_byte(workdir: Path) -> None:
    data, folder = workdir / "data", workdir / "cache"
    cold = built(workdir, data, BuildCache(None), "cold", pdf=True)
    built(workdir, data, BuildCache(folder), "filling", pdf=True)
    cache = BuildCache(folder)
    warm = built(workdir, data, cache, "warm", pdf=True)
    # Everything from the cache; only the record of the outputs was missing (these are new folders).
    assert cache.misses == ["outputs"] and warm.keys() == cold.keys()
    differing = [name for name in cold if warm[name] != cold[name]]
    assert differing == [], {name: pdf_difference(cold[name], warm[name]) for name in differing if name.endswith(".pdf")}
    assert any(name.endswith("notice-2012.pdf") for name in warm)


@pytest.mark.slow
def test_the_themes_templates_are_compiled_once_and_compiled_again_when_damaged(
        workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Jinja writes a template's compiled file only after compiling it; the sites are built in two
    # processes, so the files (not calls in this process) show what was compiled. Without those
    # install.sh compiled (the next test), the first build compiles every template.
    for module in (templating, sitegen):
        monkeypatch.setattr(module, "INSTALLED_TEMPLATES", workdir / "none")
    data, folder = workdir / "data", workdir / "cache"
    built(workdir, data, BuildCache(folder), "first")
    compiled = folder / "templates"

    def files() -> dict[str, tuple[bytes, int]]:
        return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in compiled.iterdir()}

    kept = files()
    assert len(kept) > 20  # Material's templates, our theme's and pages', and the list of the theme's files
    assert len([name for name in kept if name.startswith("theme-files-")]) == 1
    sentence = iter(["不断提高专业技术人员的专业能力", "不断提高专业技术人员的业务水平"])
    edit(data / "notice.md", "不断提高专业技术人员的专业水平", next(sentence))  # the sites are built again
    built(workdir, data, BuildCache(folder), "second")
    assert files() == kept  # read, none compiled again
    for number, path in enumerate(sorted(compiled.iterdir())):  # damaged: garbage, or cut short
        path.write_bytes(b"garbage" if number % 2 else path.read_bytes()[: path.stat().st_size // 2])
    damaged_files = files()
    edit(data / "notice.md", "不断提高专业技术人员的专业能力", next(sentence))
    damaged = built(workdir, data, BuildCache(folder), "damaged")
    assert [name for name, (now, _time) in files().items() if now == damaged_files[name][0]] == []  # compiled again
    fresh = built(workdir, data, BuildCache(None), "fresh")
    assert [name for name in fresh if damaged[name] != fresh[name]] == []


@pytest.mark.slow
def test_templates_compiled_at_installation_are_read_not_compiled_again(workdir: Path) -> None:
    # install.sh compiled the templates a build of the shipped data uses, and the list of the
    # theme's files: a build with an empty cache compiles and lists nothing.
    folder = workdir / "cache"
    assert any(templating.INSTALLED_TEMPLATES.glob("__jinja2_*"))
    built(workdir, workdir / "data", BuildCache(folder), "first")
    assert list((folder / "templates").iterdir()) == []

@pytest.mark.slow
def test_a_published_file_edited_in_place_is_not_published_again(workdir: Path) -> None:
    # Restored files are links to the cache's copies: editing one edits the copy, which the next
    # build finds changed (its hash) and makes again.
    data, folder = workdir / "data", workdir / "cache"
    first = built(workdir, data, BuildCache(folder), "first")
    built(workdir, data, BuildCache(folder), "second")
    page = workdir / "second-site" / "notice" / "index.html"
    with page.open("r+b") as published:
        published.write(b"<!-- changed on the server -->")
    cache = BuildCache(folder)
    third = built(workdir, data, cache, "third")
    assert third["site/notice/index.html"] == first["site/notice/index.html"]
    assert "site/" in cache.misses and "site/2012/" in cache.hits


@pytest.mark.slow
def test_pages_built_while_libreoffice_converts_show_each_pdfs_size_and_no_placeholder(workdir: Path) -> None:
    # The sites are built while LibreOffice converts, the PDFs' sizes put in after (LateDownload).
    files = built(workdir, workdir / "data", BuildCache(None), "built", pdf=True)
    assert [name for name, data in files.items() if b"LATESIZE" in data] == []
    page = files["site/notice/index.html"].decode("utf-8")
    (shown,) = re.findall(r'<a href="notice-2012\.pdf">PDF 文件（(\d+) KB）</a>', page)
    assert int(shown) == round(len(files["site/notice/notice-2012.pdf"]) / 1024)



@pytest.mark.slow
def test_while_a_frame_waits_for_its_forms_pdfs_the_sites_are_built_in_copies_and_it_is_seen_to(
        workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With an empty cache or an edited catalog, the official document's frame can go to LibreOffice
    # only once its forms' PDFs are made: the build looks for them while both sites are built in
    # copies of itself. Made to wait here for three looks, the sites come out as a plain build's.
    send_frames, looks = pipeline.YearsInProgress.send_frames, []

    def waiting(self) -> bool:
        looks.append(send_frames(self))
        return len(looks) < 3

    plain = built(workdir, workdir / "data", BuildCache(None), "plain")
    monkeypatch.setattr(pipeline.YearsInProgress, "send_frames", waiting)
    assert built(workdir, workdir / "data", BuildCache(None), "waited") == plain
    assert len(looks) == 3

@pytest.mark.slow
def test_a_pdf_libreoffice_cannot_make_is_not_linked_and_the_rest_are(workdir: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    finish = libreoffice.LibreOffice.finish

    def without_the_official_pdf(self):  # as if LibreOffice had failed on the official document's frame
        made, warnings = finish(self)
        if made.pop("2012/notice-2012.frame.docx", None) is not None:
            warnings.append("LibreOffice 没能把 2012/notice-2012.frame.docx 转换为 PDF")
        return made, warnings

    monkeypatch.setattr(libreoffice.LibreOffice, "finish", without_the_official_pdf)
    folder = workdir / "cache"
    outputs = [workdir / "out-site", workdir / "out-forms"]
    summary_warnings = build(workdir / "data", *outputs, pdf=True, cache=BuildCache(folder)).warnings
    page = (outputs[0] / "notice" / "index.html").read_text(encoding="utf-8")
    assert "notice-2012.pdf" not in page and "LATESIZE" not in page and "notice-2012.docx" in page
    assert not (outputs[0] / "notice" / "notice-2012.pdf").exists()
    assert "annex2-admission.pdf" in (outputs[0] / "forms" / "index.html").read_text(encoding="utf-8")
    assert ("LibreOffice 没能把 2012/notice-2012.docx 转换为 PDF（它的版面或附件的 PDF 没有做成）；Word 文件不受影响"
            in summary_warnings)
    cache = BuildCache(folder)
    render(workdir / "data", cache, pdf=True)
    assert "2012/" in cache.misses  # a year that lacks a PDF is not kept whole: the next build tries again


# ------------------------------------------------------------------ nothing changed


def outputs(folder: Path) -> list[Path]:
    return [folder / kind for kind in ("site", "forms", "server")]


def build_into(folder: Path, data: Path, cache: BuildCache, pdf: bool = False):
    site, forms, server = outputs(folder)
    return build(data, site, forms, pdf=pdf, cache=cache, server_dir=server)


def files_of(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every output file's inode and bytes: an output left as it was keeps both."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
            for out in outputs(folder) for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_build_with_nothing_changed_leaves_the_outputs_and_reports_as_the_last(workdir: Path) -> None:
    data, cache = workdir / "data", workdir / "cache"
    first = build_into(workdir, data, BuildCache(cache))
    before = files_of(workdir)
    again = build_into(workdir, data, BuildCache(cache))
    assert again.unchanged and not first.unchanged
    assert files_of(workdir) == before  # not one file written again
    assert (again.pages, again.forms, again.warnings, again.findings) == \
        (first.pages, first.forms, first.warnings, first.findings)
    assert str(again).endswith("（数据和程序都没有变化，输出目录保持上次生成的内容）")


@pytest.mark.parametrize("change", ["edit a page", "remove a form", "add a file", "replace a folder", "edit the data",
                                    "edit a form template", "another site folder", "without the cache"])
def test_a_build_after_any_change_to_the_data_or_the_outputs_builds_them_again(workdir: Path, change: str,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    data, cache = workdir / "data", workdir / "cache"
    templates = workdir / "templates"  # the current year's form templates live outside the data
    shutil.copytree(pipeline.TEMPLATES, templates)
    monkeypatch.setattr(pipeline, "TEMPLATES", templates)
    first = build_into(workdir, data, BuildCache(cache))
    site, forms, _server = outputs(workdir)
    expected = {name: data_ for name, (_inode, data_) in files_of(workdir).items()}
    page = site / "notice" / "index.html"
    if change == "edit a page":  # in place, through the link the site's file is to the cache's copy
        with page.open("ab") as out:
            out.write(b"<!-- edited -->")
    elif change == "remove a form":
        next(forms.rglob("*.docx")).unlink()
    elif change == "add a file":
        (site / "extra.html").write_text("x", encoding="utf-8")
    elif change == "replace a folder":
        shutil.copytree(forms, workdir / "copy")
        shutil.rmtree(forms)
        (workdir / "copy").rename(forms)
    elif change == "edit the data":
        edit(data / "notice.md", "不断提高专业技术人员的专业水平", "不断提高专业技术人员的专业能力")
    elif change == "edit a form template":
        with (templates / "forms" / "admission.docx").open("ab") as out:
            out.write(b"\0")
    again = build(data, workdir / "other-site" if change == "another site folder" else site, forms,
                  pdf=False, cache=BuildCache(None if change == "without the cache" else cache),
                  server_dir=workdir / "server")
    assert not again.unchanged and again.pages == first.pages
    if change in ("edit a page", "remove a form", "add a file", "replace a folder"):
        assert {name: data_ for name, (_inode, data_) in files_of(workdir).items()} == expected


def test_data_edited_while_a_build_reads_them_is_never_taken_for_no_change(workdir: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # The clerk saves notice.md just as a build starts: its outputs are of the edit. Put back as
    # it was, the data are what the build first saw, and must still be built.
    data, cache = workdir / "data", workdir / "cache"
    original, load_data = (data / "notice.md").read_text(encoding="utf-8"), pipeline.load_data

    def saved_meanwhile(*args, **kwargs):
        edit(data / "notice.md", "不断提高专业技术人员的专业水平", "不断提高专业技术人员的专业能力")
        return load_data(*args, **kwargs)

    monkeypatch.setattr(pipeline, "load_data", saved_meanwhile)
    build_into(workdir, data, BuildCache(cache))
    monkeypatch.setattr(pipeline, "load_data", load_data)
    (data / "notice.md").write_text(original, encoding="utf-8")
    again = build_into(workdir, data, BuildCache(cache))
    assert not again.unchanged
    assert "专业水平" in (workdir / "site" / "notice" / "index.html").read_text(encoding="utf-8")


def test_a_bad_site_file_stops_a_build_with_a_cache_with_its_exact_message(workdir: Path) -> None:
    data, cache = workdir / "data", workdir / "cache"
    build_into(workdir, data, BuildCache(cache))
    edit(data / "site.yml", "sponsor: 黑龙江省人力资源和社会保障厅\n", "")
    with pytest.raises(DataError) as raised:
        build_into(workdir, data, BuildCache(cache))
    assert [str(f) for f in raised.value.findings] == ["data/site.yml:7: 错误 load: sponsor: 缺少必填字段；请补上"]
