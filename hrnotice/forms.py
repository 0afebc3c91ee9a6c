"""The Word forms: 附件1 (the catalog) and the fillable 附件2–4, blank and prefilled per institution.

Each template is rendered once; the prefilled copies only differ in the controls they fill, so
they are saved from the rendered document (in two processes when there are many), and the
blank forms go to LibreOffice for PDFs meanwhile.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from markupsafe import Markup

from . import libreoffice
from .errors import DataError, Problem, display_path
from .formatting import cn_date, date_range, file_size
from .intake.layout import stamp
from .load import Edition
from .model import LEVEL_LABELS, Annex, Catalog, Institution, Notice
from .schedule import completion_report_latest_due
from .templating import TEMPLATES
from .wordfile import Properties, WordDocument, WordTemplate, xml_illegal_character

if TYPE_CHECKING:
    from .sheets import SheetFiles

SEXES = ("男", "女")
LEVELS = tuple(LEVEL_LABELS[level] for level in ("senior", "intermediate", "junior"))
TRAINING_MODES = ("网络函授", "网络函授+网上面授")
RESULTS = ("合格", "不合格")
YES_NO = ("是", "否")

# The fonts GB/T 9704 names, and what stands in for them where they are not installed: Word reads
# the first fallback from the template (`w:altName`); LibreOffice gets its own from fonts.conf.
FONT_FALLBACKS = {
    "仿宋_GB2312": ("仿宋", "FangSong", "Noto Serif CJK SC"),
    "方正小标宋简体": ("宋体", "SimSun", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC"),
}

FORM_TEMPLATES = TEMPLATES / "forms"
SITE_FOLDER = "forms"  # in the site, beside the forms page (forms.md → /forms/)
INSTITUTION_FOLDER = "institutions"
# Below this many prefilled copies, starting worker processes costs more than it saves.
PARALLEL_FROM = 60


@dataclass(frozen=True)
class FormKind:
    """What the build makes of one annex."""

    number: int
    stem: str
    list_form: bool = False  # one row per trainee: blank rows, prefilled copies per institution
    due: str = ""  # `before_class` or `after_class`: when the form is sent in


KINDS = (
    FormKind(1, "annex1-catalog"),
    FormKind(2, "annex2-admission", list_form=True, due="before_class"),
    FormKind(3, "annex3-registration", due="before_class"),
    FormKind(4, "annex4-completion", list_form=True, due="after_class"),
)


def template_path(number: int) -> Path:
    """The Word template of annex `number`."""
    return FORM_TEMPLATES / f"annex{number}.docx"


@dataclass(frozen=True)
class Download:
    """One file of the forms folder, as the forms page links it."""

    path: str  # relative to the forms folder, with `/`
    size: int

    @property
    def url(self) -> Markup:
        """The link from the forms page (a path we made, never data)."""
        return Markup(f"{SITE_FOLDER}/{self.path}")

    @property
    def size_text(self) -> str:
        """`23 KB`, `1.2 MB`."""
        return file_size(self.size)


@dataclass(frozen=True)
class AnnexForms:
    """An annex's blank form: Word, and PDF when LibreOffice made one."""

    annex: Annex
    kind: FormKind
    due: str
    docx: Download
    pdf: Download | None = None


@dataclass(frozen=True)
class InstitutionForms:
    """The copies of the list forms prefilled for one institution."""

    institution: Institution
    files: tuple[tuple[Annex, Download], ...]


@dataclass
class FormsOutput:
    """What the forms step wrote, for the forms page and the build summary."""

    annexes: list[AnnexForms] = field(default_factory=list)
    institutions: list[InstitutionForms] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    sheets: SheetFiles | None = None  # the Excel versions of 附件2 and 附件4 (sheets.py)

    @property
    def copy_annexes(self) -> list[Annex]:
        """The annexes prefilled per institution."""
        return [a.annex for a in self.annexes if a.kind.list_form]

    @property
    def count(self) -> int:
        """Files written: Word forms, their PDFs, the prefilled copies and the Excel versions."""
        blanks = sum(1 + (a.pdf is not None) for a in self.annexes)
        return blanks + sum(len(i.files) for i in self.institutions) + (self.sheets.count if self.sheets else 0)


def due_text(notice: Notice, kind: FormKind) -> str:
    """When a form is sent in, as the notice's schedule says."""
    schedule = notice.schedule
    if kind.due == "before_class":
        return f"各培训班开班前报送（培训班次于{date_range(schedule.classes)}期间举办）"
    if kind.due == "after_class":
        latest = completion_report_latest_due(notice)
        return (f"各培训班结束后{schedule.completion_report_working_days}个工作日内报送电子版"
                f"（最迟{cn_date(latest)}）")
    return "供查阅，不需报送"


def annex_context(notice: Notice, annex: Annex, kind: FormKind) -> dict:
    """What a form template receives (the tags README's “表格模板” lists)."""
    context: dict = {"annex_label": f"附件{annex.number}", "year": notice.year, "title": annex.title}
    if kind.number != 1:
        context["filled_by"] = annex.filled_by or ""
    if kind.list_form:
        context["row_numbers"] = list(range(1, notice.form_rows + 1))
    return context


def catalog_context(catalog: Catalog) -> list[dict]:
    """附件1's rows, grouped by institution as its table merges them."""
    return [
        {"number": number, "name": institution.name, "city": institution.city,
         "registration_url": institution.registration_url, "phone": institution.phone,
         "contact": institution.contact,
         "rows": [{"subject_group": row.subject_group, "specialty": row.specialty, "note": row.note}
                  for row in institution.rows]}
        for number, institution in enumerate(catalog.institutions, start=1)
    ]


def properties(notice: Notice, annex: Annex) -> Properties:
    """Core properties: the publish date and the issuer, never the build's clock or user."""
    identifier, version = stamp(annex.number) if annex.number in (2, 3, 4) else ("", "")
    return Properties(title=f"附件{annex.number} {annex.title}", author=notice.issuer, date=notice.date_published,
                      identifier=identifier, version=version)


def _load_template(number: int) -> WordTemplate:
    path = template_path(number)
    if not path.is_file():
        raise DataError([Problem(display_path(path), None, None,
                                 "找不到表格模板；请从版本库恢复它，或运行 python scripts/make_form_templates.py 重新生成")])
    return WordTemplate(path)


def _write(folder: Path, relative: str, data: bytes) -> Download:
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return Download(relative, len(data))


def unsavable_facts(edition: Edition) -> list[Problem]:
    """Facts the forms print that hold characters no Word file can (a YAML escape such as "\\a").

    Reported at the line of notice.yml; the catalog's loader does the same for its rows.
    """
    facts = edition.facts_map
    checked = [(("issuer",), edition.notice.issuer)]
    for index, annex in enumerate(edition.notice.annexes):
        checked += [(("annexes", index, "title"), annex.title), (("annexes", index, "filled_by"), annex.filled_by or "")]
    return [
        Problem(facts.path, facts.line(*keys), ".".join(f"[{k + 1}]" if isinstance(k, int) else k for k in keys)
                .replace(".[", "["), f"含有 Word 文件不能保存的控制字符 {code}；请删除它")
        for keys, text in checked if (code := xml_illegal_character(text))
    ]


def copy_path(index: int, kind: FormKind) -> str:
    """Where institution number `index` (from 1, catalog order) finds its copy of a form."""
    return f"{INSTITUTION_FOLDER}/{index:03d}/{kind.stem}.docx"


def write_forms(edition: Edition, folder: Path, *, pdf: bool = True,
                progress: Callable[[int, int], None] | None = None) -> FormsOutput:
    """Every form into `folder`: blank forms, their PDFs, and the copies per institution.

    `progress(done, total)` is called as prefilled copies are written.
    """
    notice, catalog = edition.notice, edition.catalog
    unsavable = unsavable_facts(edition)
    if unsavable:
        raise DataError(unsavable)
    if progress:
        progress(0, len(catalog.institutions))  # the step's clock starts here
    output = FormsOutput()
    all_specialties = list(dict.fromkeys(row.specialty for row in catalog.rows))
    rendered: dict[int, tuple[Annex, FormKind, WordDocument]] = {}
    problems: list[Problem] = []
    for kind in KINDS:
        annex = notice.annex.get(kind.number)
        if annex is None:
            continue
        try:
            template = _load_template(kind.number)
            context = annex_context(notice, annex, kind)
            if kind.number == 1:
                context["institutions"] = catalog_context(catalog)
            document = template.render(context, properties(notice, annex))
            blank = document.to_bytes(choices={"specialty": all_specialties} if kind.number != 1 else None)
        except DataError as error:
            problems += error.problems
            continue
        rendered[kind.number] = (annex, kind, document)
        output.annexes.append(AnnexForms(annex, kind, due_text(notice, kind),
                                         _write(folder, f"{kind.stem}.docx", blank)))
    if problems:
        raise DataError(problems)

    conversion = libreoffice.PdfConversion([folder / a.docx.path for a in output.annexes], notice.date_published)
    if pdf:
        conversion.start()  # LibreOffice works in its own process while the copies are made
    try:
        output.institutions = _write_copies(rendered, catalog.institutions, folder, progress)
    finally:
        if pdf and libreoffice.program() is None:
            output.warnings.append("未安装 LibreOffice（Debian 软件包 libreoffice-writer），没有生成表格的 PDF 版；"
                                   f"Word 表格照常生成。{libreoffice.INSTALL_HINT}")
        elif pdf:
            pdfs, warnings = conversion.finish()
            output.warnings += warnings
            output.annexes = [
                AnnexForms(a.annex, a.kind, a.due, a.docx,
                           Download(pdfs[name].relative_to(folder).as_posix(), pdfs[name].stat().st_size)
                           if (name := folder / a.docx.path) in pdfs else None)
                for a in output.annexes
            ]
    return output


def _write_copies(rendered: dict[int, tuple[Annex, FormKind, WordDocument]], institutions: list[Institution],
                  folder: Path, progress: Callable[[int, int], None] | None) -> list[InstitutionForms]:
    """The list forms prefilled with each institution's name and specialties."""
    kinds = [(annex, kind, document) for annex, kind, document in rendered.values() if kind.list_form]
    if not kinds or not institutions:
        return []
    jobs = [(index, institution.name, tuple(institution.specialties))
            for index, institution in enumerate(institutions, start=1)]
    workers = min(2, os.cpu_count() or 1)
    if len(jobs) * len(kinds) < PARALLEL_FROM or workers < 2:
        _start_worker(folder, [(kind, document.label, document.to_bytes(), document.day)
                               for _, kind, document in kinds])
        results = []
        for done, job in enumerate(jobs, start=1):
            results.append(_copies_for(job))
            if progress:
                progress(done, len(jobs))
    else:
        results = _parallel_copies(jobs, kinds, folder, workers, progress)
    by_index = dict(results)
    annexes = {kind.stem: annex for annex, kind, _ in kinds}
    return [
        InstitutionForms(institution, tuple((annexes[stem], download) for stem, download in by_index[index]))
        for index, institution in enumerate(institutions, start=1)
    ]


def _parallel_copies(jobs: list, kinds: list, folder: Path, workers: int,
                     progress: Callable[[int, int], None] | None) -> list:
    bases = [(kind, document.label, document.to_bytes(), document.day) for _, kind, document in kinds]
    chunk = max(1, len(jobs) // (workers * 8))
    batches = [jobs[start:start + chunk] for start in range(0, len(jobs), chunk)]
    results, problems, done = [], [], 0
    with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(folder, bases)) as pool:
        for future in as_completed([pool.submit(_copies_for_batch, batch) for batch in batches]):
            batch_results, batch_problems = future.result()
            results += batch_results
            problems += batch_problems
            done += len(batch_results)
            if progress:
                progress(done, len(jobs))
    if problems:
        raise DataError(list(dict.fromkeys(problems)))
    return results


# Per process: the rendered documents the copies are saved from, and where they go.
_WORKER: dict = {}


def _start_worker(folder: Path, bases: list) -> None:
    _WORKER["folder"] = folder
    _WORKER["documents"] = [(kind, WordDocument.from_bytes(label, data, day)) for kind, label, data, day in bases]


def _copies_for_batch(batch: list) -> tuple[list, list[Problem]]:
    try:
        return [_copies_for(job) for job in batch], []
    except DataError as error:  # it does not survive pickling; its problems do
        return [], error.problems


def _copies_for(job: tuple[int, str, tuple[str, ...]]) -> tuple[int, list[tuple[str, Download]]]:
    index, name, specialties = job
    files = []
    for kind, document in _WORKER["documents"]:
        data = document.to_bytes(values={"institution": name}, locked={"institution"},
                                 choices={"specialty": specialties})
        files.append((kind.stem, _write(_WORKER["folder"], copy_path(index, kind), data)))
    return index, files
