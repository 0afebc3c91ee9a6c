"""The Word forms: 附件1 (the catalog) and the fillable forms, blank and prefilled per institution.

Each template is rendered once; the prefilled copies only differ in the controls they fill, so
they are saved from the rendered document (in two processes when there are many). Every file is
made in memory; the build writes them, and LibreOffice turns the printable versions into PDFs.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Callable

from docx import Document

from .cache import BuildCache, canonical, code_fingerprint, digest
from .findings import DataError, Finding, display_path
from .formatting import cn_date, date_range
from .formlayout import layout_of_template
from .formspec import CatalogKind, FormKind
from .load import Edition
from .model import Annex, Catalog, Institution, Notice
from .output import Download
from .schedule import completion_report_latest_due
from .sheets import make_sheets, sheet_inputs
from .textlayout import balanced_lines
from .wordfile import Properties, WordDocument, WordTemplate

SITE_FOLDER = "forms"  # in the site, beside the forms page (forms.md → /forms/)
INSTITUTION_FOLDER = "institutions"
# Below this many prefilled copies, starting worker processes costs more than it saves.
PARALLEL_FROM = 60


@dataclass
class AnnexForms:
    """An annex's blank form: Word, the version to print (made into a PDF), and Excel where declared."""

    annex: Annex
    form: FormKind | CatalogKind
    due: str
    docx: Download
    printable: Download  # prompts taken out: what LibreOffice turns into the PDF
    pdf: Download | None = None
    xlsx: Download | None = None
    properties: Properties | None = None  # the Word files' core properties
    base: bytes | None = field(default=None, repr=False)  # the rendered form the prefilled copies are saved from

    @property
    def stem(self) -> str:
        """`annex2-admission`: the annex's files are named by it."""
        return file_stem(self.annex, self.form)


@dataclass(frozen=True)
class InstitutionForms:
    """The copies of the list forms prefilled for one institution: Word, and Excel where declared."""

    institution: Institution
    files: tuple[tuple[Annex, Download, Download | None], ...]


@dataclass
class FormsOutput:
    """What the forms step made, for the forms page, the official document and the build summary."""

    annexes: list[AnnexForms] = field(default_factory=list)
    institutions: list[InstitutionForms] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def copy_annexes(self) -> list[Annex]:
        """The annexes prefilled per institution."""
        return [a.annex for a in self.annexes if isinstance(a.form, FormKind) and a.form.list_form]

    @property
    def blank_docx(self) -> dict[int, bytes]:
        """The blank Word forms by annex number: the official document appends them."""
        return {a.annex.number: a.docx.data for a in self.annexes}

    def files(self) -> list[Download]:
        """Every file to publish: blank forms and their PDFs and sheets, then the prefilled copies."""
        blanks = [f for a in self.annexes for f in (a.docx, a.pdf, a.xlsx) if f is not None]
        copies = [f for i in self.institutions for _annex, docx, xlsx in i.files for f in (docx, xlsx) if f]
        return blanks + copies


def _file(path: str, data: bytes) -> Download:
    return Download(SITE_FOLDER, path, data)


def file_stem(annex: Annex, form: FormKind | CatalogKind) -> str:
    return f"annex{annex.number}-{form.stem}"


def copy_stem(institution: Institution, annex: Annex, form: FormKind) -> str:
    """Where an institution's copy of a form goes (numbered in catalog order), without its suffix."""
    return f"{INSTITUTION_FOLDER}/{institution.number:03d}/{file_stem(annex, form)}"


def due_text(notice: Notice, form: FormKind | CatalogKind) -> str:
    """When a form is sent in, as the notice's schedule says."""
    schedule = notice.schedule
    due = form.due if isinstance(form, FormKind) else "none"
    if due == "before_class":
        return f"各培训班开班前报送（培训班次于{date_range(schedule.classes)}期间举办）"
    if due == "after_class":
        latest = completion_report_latest_due(notice)
        return (f"各培训班结束后{schedule.completion_report_working_days}个工作日内报送电子版"
                f"（最迟{cn_date(latest)}）")
    return "供查阅，不需报送"


def _title_width(template: WordTemplate) -> float:
    """How many characters of the title style fit across the template's text area."""
    document = Document(io.BytesIO(template.data))
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    size = next((s.font.size for s in document.styles if s.name == "表格标题" and s.font.size), None)
    return width / 12700 / (size.pt if size else 22)  # EMU per point


def catalog_rows(catalog: Catalog) -> list[dict]:
    """附件1's institutions for its template: number, name, institution-wide values, and rows by field."""
    return [{"number": institution.number, "name": institution.name, "info": dict(institution.values),
             "rows": [dict(row.values) for row in institution.rows]} for institution in catalog.institutions]


def form_context(edition: Edition, annex: Annex, form: FormKind | CatalogKind) -> dict:
    """What a form's template receives: its label, its title (broken between words when rendered), its rows."""
    context: dict = {"annex_label": f"附件{annex.number}", "title": f"{edition.year}年度{annex.title}"}
    if isinstance(form, CatalogKind):
        context["institutions"] = catalog_rows(edition.catalog)
        context["illustrative"] = f"示意数据：{edition.notice.catalog_note}" if edition.notice.catalog_note else ""
    else:
        context["filled_by"] = annex.filled_by or ""
        if form.list_form:
            context["row_numbers"] = list(range(1, edition.notice.form_rows + 1))
    return context


def properties(edition: Edition, annex: Annex, form: FormKind | CatalogKind, template: WordTemplate) -> Properties:
    """Core properties: the publish date and the issuer (never the build's clock or user), and for a
    fillable form which form and version it is, which is how `intake` recognises a return."""
    notice = edition.notice
    identifier = version = ""
    if isinstance(form, FormKind):
        identifier, version = form.identifier, layout_of_template(form, template.data).version
    return Properties(title=f"附件{annex.number} {annex.title}", author=notice.issuer,
                      date=notice.date_published, identifier=identifier, version=version)


def _template(edition: Edition, form: FormKind | CatalogKind) -> WordTemplate:
    path = edition.forms.folder / form.template
    if not path.is_file():
        raise DataError([Finding.error(display_path(path), None, None,
                                       "找不到表格模板；请从版本库恢复它，或运行 python build.py templates 重新生成",
                                       rule="template")])
    return WordTemplate(path)


def catalog_choices(form: FormKind, specialties: list[str]) -> dict[str, list[str]]:
    """The drop-downs whose choices are the catalog's specialties (all of them, or one institution's)."""
    return {f.key: specialties for f in form.fields if f.choices == "catalog"}


def make_forms(edition: Edition, *, cache: BuildCache | None = None,
               progress: Callable[[int, int], None] | None = None) -> FormsOutput:
    """Every annex's form, blank and (list forms) prefilled per institution."""
    output = blank_forms(edition, cache=cache)
    add_copies(edition, output, cache=cache, progress=progress)
    return output


def blank_forms(edition: Edition, *, cache: BuildCache | None = None) -> FormsOutput:
    """Every annex's blank form: Word, the version to print, and the Excel version where declared.

    Each is kept in the cache under its template, the context and properties it is rendered with,
    and its drop-downs' choices, so a form is made again exactly when one of them changed.
    """
    cache = cache or BuildCache(None)
    output = FormsOutput()
    findings: list[Finding] = []
    for annex in edition.notice.annexes:
        form = edition.form_of(annex)
        if form is None:
            continue
        stem = file_stem(annex, form)
        try:
            template = _template(edition, form)
            context, width = form_context(edition, annex, form), _title_width(template)
            stamp = properties(edition, annex, form, template)
            choices = catalog_choices(form, edition.catalog.specialties) if isinstance(form, FormKind) else None
            key = digest(code_fingerprint(), "form", template.data, canonical([context, width, stamp, choices]))
            files = cache.remember(key, lambda: _render(template, context, width, stamp, choices),
                                   f"{edition.year}/{stem}.docx")
        except DataError as error:
            findings += error.findings
            continue
        output.annexes.append(AnnexForms(annex, form, due_text(edition.notice, form), _file(f"{stem}.docx", files["blank"]),
                                         _file(f"{stem}.docx", files["printable"]), properties=stamp, base=files["base"]))
    if findings:
        raise DataError(findings)
    return output


def _render(template: WordTemplate, context: dict, title_width: float, stamp: Properties,
            choices: dict[str, list[str]] | None) -> dict[str, bytes]:
    """A blank form (`blank`), its version to print (`printable`) and what the copies are saved from (`base`)."""
    document = template.render({**context, "title": "\n".join(balanced_lines(context["title"], title_width))}, stamp)
    blank = document.to_bytes(choices=choices)
    printable = WordDocument.from_bytes(document.label, blank, stamp).printable()
    return {"blank": blank, "printable": printable, "base": document.to_bytes()}


def add_copies(edition: Edition, output: FormsOutput, *, cache: BuildCache | None = None,
               progress: Callable[[int, int], None] | None = None) -> None:
    """The list forms prefilled per institution (`progress(done, total)` as they are made), and every
    Excel version, blank and prefilled, beside the Word files they stand for."""
    cache = cache or BuildCache(None)
    bases = [(a.annex, a.form, display_path(edition.forms.folder / a.form.template), a.base, a.properties)
             for a in output.annexes
             if isinstance(a.form, FormKind) and a.form.list_form and a.base is not None]
    output.institutions = _copies(bases, edition.catalog.institutions, cache, progress, edition.year)
    for item in output.annexes:
        if isinstance(item.form, FormKind) and item.form.excel:
            _add_sheets(edition, item, item.form, output, cache)


def _add_sheets(edition: Edition, item: AnnexForms, form: FormKind, output: FormsOutput, cache: BuildCache) -> None:
    """A list form's Excel versions, blank and per institution, each from the cache or made."""
    wanted: list[Institution | None] = [None, *edition.catalog.institutions]
    keys = {i.number if i else None: digest(code_fingerprint(), "sheet", sheet_inputs(edition, item.annex, form, i))
            for i in wanted}
    paths = {i.number if i else None: f"{copy_stem(i, item.annex, form) if i else item.stem}.xlsx" for i in wanted}
    made = {}
    for number, key in keys.items():
        if (found := cache.get(key, f"{edition.year}/{paths[number]}")) is not None and "xlsx" in found:
            made[number] = found["xlsx"]
    missing = [i for i in wanted if (i.number if i else None) not in made]
    if missing:
        for number, data in make_sheets(edition, item.annex, form, missing).items():
            made[number] = data
            cache.put(keys[number], {"xlsx": data})
    item.xlsx = _file(paths[None], made[None])
    output.institutions = [
        InstitutionForms(forms.institution, tuple(
            (annex, docx, _file(paths[forms.institution.number], made[forms.institution.number])
             if annex.number == item.annex.number else xlsx)
            for annex, docx, xlsx in forms.files))
        for forms in output.institutions]


def _copy_key(base: bytes, institution: Institution, form: FormKind) -> str:
    return digest(code_fingerprint(), "copy", base, canonical([institution.name, catalog_choices(form, institution.specialties)]))


def _copies(bases: list[tuple], institutions: list[Institution], cache: BuildCache,
            progress: Callable[[int, int], None] | None, year: int) -> list[InstitutionForms]:
    """The list forms prefilled with each institution's name and specialties: from the cache, or made."""
    if not bases or not institutions:
        return []
    made: dict[str, bytes] = {}
    for annex, form, _label, base, _stamp in bases:
        for institution in institutions:
            key = _copy_key(base, institution, form)
            found = cache.get(key, f"{year}/{copy_stem(institution, annex, form)}.docx")
            if found is not None and "docx" in found:
                made[key] = found["docx"]
    missing = [i for i in institutions if any(_copy_key(b[3], i, b[1]) not in made for b in bases)]
    if missing and progress:
        progress(0, len(missing))  # the step's clock starts here
    workers = min(2, os.cpu_count() or 1)
    if len(missing) * len(bases) < PARALLEL_FROM or workers < 2:
        _start_worker(bases)
        for done, institution in enumerate(missing, start=1):
            made.update(_copies_for(institution))
            if progress:
                progress(done, len(missing))
    elif missing:
        made.update(_parallel_copies(missing, bases, workers, progress))
    for key in {_copy_key(b[3], i, b[1]) for i in missing for b in bases}:
        cache.put(key, {"docx": made[key]})
    return [InstitutionForms(institution, tuple(
        (annex, _file(f"{copy_stem(institution, annex, form)}.docx", made[_copy_key(base, institution, form)]), None)
        for annex, form, _label, base, _stamp in bases)) for institution in institutions]


def _parallel_copies(institutions: list[Institution], bases: list, workers: int,
                     progress: Callable[[int, int], None] | None) -> dict[str, bytes]:
    chunk = max(1, len(institutions) // (workers * 8))
    batches = [institutions[start:start + chunk] for start in range(0, len(institutions), chunk)]
    results: dict[str, bytes] = {}
    findings: list[Finding] = []
    done = 0
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(bases,)) as pool:
        futures = {pool.submit(_copies_for_batch, batch): len(batch) for batch in batches}
        for future in as_completed(futures):
            batch_results, batch_findings = future.result()
            results.update(batch_results)
            findings += batch_findings
            done += futures[future]
            if progress:
                progress(done, len(institutions))
    if findings:
        raise DataError(list(dict.fromkeys(findings)))
    return results


# Per process: the rendered documents the copies are saved from, with the bytes that key them.
_WORKER: dict = {}


def _start_worker(bases: list) -> None:
    _WORKER["documents"] = [(form, base, WordDocument.from_bytes(label, base, stamp))
                            for _annex, form, label, base, stamp in bases]


def _copies_for_batch(batch: list[Institution]) -> tuple[dict[str, bytes], list[Finding]]:
    try:
        results: dict[str, bytes] = {}
        for institution in batch:
            results.update(_copies_for(institution))
        return results, []
    except DataError as error:  # it does not survive pickling; its findings do
        return {}, error.findings


def _copies_for(institution: Institution) -> dict[str, bytes]:
    """The institution's copy of each list form, by its cache key."""
    copies = {}
    for form, base, document in _WORKER["documents"]:
        choices = catalog_choices(form, institution.specialties)
        copies[_copy_key(base, institution, form)] = document.to_bytes(
            values={"institution": institution.name}, locked={"institution"}, choices=choices)
    return copies
