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
from .sheets import SheetMaker, sheet_facts, sheet_inputs
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


@dataclass(frozen=True)
class _CopyKind:
    """A file each institution gets its own copy of: a list form's Word or Excel version."""

    annex: Annex
    form: FormKind
    suffix: str  # docx or xlsx
    source: tuple  # docx: the template's label, the rendered form, its properties; xlsx: facts and date

    def key(self, institution: Institution) -> str:
        if self.suffix == "docx":
            return digest(code_fingerprint(), "copy", self.source[1],
                          canonical([institution.name, catalog_choices(self.form, institution.specialties)]))
        return digest(code_fingerprint(), "sheet", sheet_inputs(self.source[0], self.form, institution,
                                                               institution.specialties))

    def path(self, institution: Institution) -> str:
        return f"{copy_stem(institution, self.annex, self.form)}.{self.suffix}"


def add_copies(edition: Edition, output: FormsOutput, *, cache: BuildCache | None = None,
               progress: Callable[[int, int], None] | None = None) -> None:
    """The list forms prefilled per institution (`progress(done, total)` as they are made), and every
    Excel version, blank and prefilled, beside the Word files they stand for. What the cache holds
    is taken from it; the rest is made, in two processes when there is much to make."""
    cache = cache or BuildCache(None)
    lists = [a for a in output.annexes if isinstance(a.form, FormKind) and a.form.list_form and a.base is not None]
    kinds = [_CopyKind(a.annex, a.form, "docx", (display_path(edition.forms.folder / a.form.template), a.base,
                                                 a.properties)) for a in lists]
    sheets = {a.annex.number: sheet_facts(edition, a.annex, a.form) for a in output.annexes
              if isinstance(a.form, FormKind) and a.form.excel}
    kinds += [_CopyKind(a.annex, a.form, "xlsx", (sheets[a.annex.number], edition.notice.date_published))
              for a in lists if a.annex.number in sheets]
    _blank_sheets(edition, output, sheets, cache)

    made: dict[str, bytes] = {}
    wanted: dict[int, list[int]] = {}  # institution number → the kinds it lacks
    for institution in edition.catalog.institutions:
        for index, kind in enumerate(kinds):
            found = cache.get(kind.key(institution), f"{edition.year}/{kind.path(institution)}")
            if found is not None and "copy" in found:
                made[kind.key(institution)] = found["copy"]
            else:
                wanted.setdefault(institution.number, []).append(index)
    jobs = [(i, wanted[i.number]) for i in edition.catalog.institutions if i.number in wanted]
    made.update(_make_copies(kinds, jobs, progress, cache))
    excel = {k.annex.number: k for k in kinds if k.suffix == "xlsx"}
    output.institutions = [InstitutionForms(institution, tuple(
        (kind.annex, _file(kind.path(institution), made[kind.key(institution)]),
         _file(sheet.path(institution), made[sheet.key(institution)]) if (sheet := excel.get(kind.annex.number)) else None)
        for kind in kinds if kind.suffix == "docx")) for institution in edition.catalog.institutions]


def _blank_sheets(edition: Edition, output: FormsOutput, sheets: dict[int, dict], cache: BuildCache) -> None:
    """The blank Excel version of each list form that has one (`sheets`: its facts by annex number)."""
    for item in output.annexes:
        if item.annex.number not in sheets or not isinstance(item.form, FormKind):
            continue
        facts, form = sheets[item.annex.number], item.form
        key = digest(code_fingerprint(), "sheet", sheet_inputs(facts, form, None, edition.catalog.specialties))
        made = cache.remember(key, lambda: {"xlsx": SheetMaker(facts, form, edition.notice.date_published)
                                            .make(None, edition.catalog.specialties)}, f"{edition.year}/{item.stem}.xlsx")
        item.xlsx = _file(f"{item.stem}.xlsx", made["xlsx"])


def _make_copies(kinds: list[_CopyKind], jobs: list[tuple[Institution, list[int]]],
                 progress: Callable[[int, int], None] | None, cache: BuildCache) -> dict[str, bytes]:
    """The copies each job's institution lacks, by cache key; each kept in `cache` by the process
    that made it (a thousand copies are two thousand files to write)."""
    if not jobs:
        return {}
    if progress:
        progress(0, len(jobs))  # the step's clock starts here
    workers = min(2, os.cpu_count() or 1)
    if sum(len(j[1]) for j in jobs) < PARALLEL_FROM or workers < 2:
        _start_worker(kinds, cache)
        made: dict[str, bytes] = {}
        for done, job in enumerate(jobs, start=1):
            made.update(_copies_for(*job))
            if progress:
                progress(done, len(jobs))
        return made
    chunk = max(1, len(jobs) // (workers * 8))
    batches = [jobs[start:start + chunk] for start in range(0, len(jobs), chunk)]
    results: dict[str, bytes] = {}
    findings: list[Finding] = []
    done = 0
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(kinds, cache)) as pool:
        futures = {pool.submit(_copies_for_batch, batch): len(batch) for batch in batches}
        for future in as_completed(futures):
            batch_results, batch_findings = future.result()
            results.update(batch_results)
            findings += batch_findings
            done += futures[future]
            if progress:
                progress(done, len(jobs))
    if findings:
        raise DataError(list(dict.fromkeys(findings)))
    return results


# Per process: the kinds of copies, where they are kept and, made when first needed, what each is saved from.
_WORKER: dict = {}


def _start_worker(kinds: list[_CopyKind], cache: BuildCache) -> None:
    _WORKER["kinds"], _WORKER["cache"], _WORKER["makers"] = kinds, cache, {}


def _maker(index: int) -> WordDocument | SheetMaker:
    if index not in _WORKER["makers"]:
        kind: _CopyKind = _WORKER["kinds"][index]
        _WORKER["makers"][index] = (WordDocument.from_bytes(*kind.source) if kind.suffix == "docx"
                                    else SheetMaker(kind.source[0], kind.form, kind.source[1]))
    return _WORKER["makers"][index]


def _copies_for_batch(batch: list[tuple[Institution, list[int]]]) -> tuple[dict[str, bytes], list[Finding]]:
    try:
        results: dict[str, bytes] = {}
        for institution, indexes in batch:
            results.update(_copies_for(institution, indexes))
        return results, []
    except DataError as error:  # it does not survive pickling; its findings do
        return {}, error.findings


def _copies_for(institution: Institution, indexes: list[int]) -> dict[str, bytes]:
    """The institution's copies of the kinds `indexes`, by cache key."""
    copies = {}
    for index in indexes:
        kind: _CopyKind = _WORKER["kinds"][index]
        maker = _maker(index)
        if isinstance(maker, SheetMaker):
            data = maker.make(institution, institution.specialties)
        else:
            data = maker.to_bytes(values={"institution": institution.name}, locked={"institution"},
                                  choices=catalog_choices(kind.form, institution.specialties))
        copies[key := kind.key(institution)] = data
        _WORKER["cache"].put(key, {"copy": data})
    return copies
