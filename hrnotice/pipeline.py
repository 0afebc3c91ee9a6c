"""The build, as a pipeline you can read: load → validate → render → write."""

from __future__ import annotations

import shutil
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .checks import Finding, Severity, run_checks
from .errors import DataError
from .forms import SITE_FOLDER, FormsOutput, write_forms
from .load import Edition, load_years
from .official import SITE_FOLDER as OFFICIAL_FOLDER, OfficialFiles, blank_forms, write_official
from .output import check_replaceable, project_folders, replace_dir, staging_area
from .sheets import write_sheets
from .site import SiteKind, build_html, count_pages, write_pages, write_validity_styles
from .sitescan import scan_site


@dataclass
class BuildSummary:
    """What a build made, for its one-line report."""

    pages: int = 0
    forms: int = 0
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the check's warnings and hints
    seconds: float = 0.0

    def __str__(self) -> str:
        warnings = len(self.warnings) + sum(1 for f in self.findings if f.severity is Severity.WARNING)
        return (f"完成：网站 {self.pages} 个页面，表格 {self.forms} 份，"
                f"警告 {warnings} 条，用时 {self.seconds:.1f} 秒")


def all_findings(editions: list[Edition]) -> list[Finding]:
    """The consistency check of every year, each against the year before."""
    return [finding for previous, edition in zip([None, *editions], editions)
            for finding in run_checks(edition, previous=previous)]


def check(editions: list[Edition]) -> list[Finding]:
    """Run the consistency check; its errors stop the build, its warnings and hints are returned."""
    findings = all_findings(editions)
    errors = [f.as_problem() for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise DataError(errors)
    return findings


@dataclass
class YearFiles:
    """One year's files made before its pages: forms (with their folder) and the official document."""

    edition: Edition
    previous: Edition | None
    forms: FormsOutput
    forms_folder: Path
    official: OfficialFiles
    official_folder: Path


def make_year_files(edition: Edition, previous: Edition | None, work: Path, forms_folder: Path, *,
                    pdf: bool, progress: Callable[[int, int], None] | None) -> YearFiles:
    """The forms and the official document of one year, which its pages link to."""
    forms = write_forms(edition, forms_folder, pdf=pdf, progress=progress)
    forms.sheets = write_sheets(edition, forms_folder)  # Excel versions beside the Word forms
    # The official document (GB/T 9704) carries the blank forms as its annexes.
    official = write_official(edition, work / "official", blank_forms(forms, forms_folder), pdf=pdf)
    return YearFiles(edition, previous, forms, forms_folder, official, work / "official")


def write_docs(files: YearFiles, docs: Path, kind: SiteKind, editions: list[Edition]) -> None:
    """One site's sources: the year's pages and, beside them, the files they link to."""
    write_pages(files.edition, docs, files.forms, files.official, kind=kind, previous=files.previous,
                editions=editions if kind is SiteKind.ROOT else None)
    shutil.copytree(files.forms_folder, docs / SITE_FOLDER)  # served beside the forms page
    (docs / OFFICIAL_FOLDER).mkdir(exist_ok=True)
    for made in (files.official.docx, files.official.pdf):
        if made is not None:
            shutil.copy2(files.official_folder / made.name, docs / OFFICIAL_FOLDER / made.name)


def build(data_dir: Path, site_dir: Path, forms_dir: Path | None = None, *, pdf: bool = True,
          progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build the site and `forms_dir` from every year in `data_dir`.

    Each year is a site of its own at /YEAR/, built from that year's data alone, so adding a
    year never changes an earlier one; the site root shows the newest year and the archive.
    The outputs are replaced only if everything succeeded.
    """
    started = time.perf_counter()
    check_replaceable(site_dir, "--site", {**project_folders(data_dir), **({forms_dir: f"表格目录 {forms_dir}"} if forms_dir else {})})
    if forms_dir:
        check_replaceable(forms_dir, "--forms", {**project_folders(data_dir), site_dir: f"网站目录 {site_dir}"})
    editions = load_years(data_dir)
    summary = BuildSummary(findings=check(editions))
    with staging_area(site_dir) as stage, \
            (staging_area(forms_dir) if forms_dir else nullcontext(stage)) as forms_stage:
        years = []
        for previous, edition in zip([None, *editions], editions):
            year = str(edition.notice.year)
            files = make_year_files(edition, previous, stage / "work" / year, forms_stage / "forms" / year,
                                    pdf=pdf, progress=progress)
            summary.forms += files.forms.count
            summary.warnings += files.forms.warnings + list(files.official.warnings)
            years.append(files)

        # MkDocs empties its output folder first: the root goes first, the years into it after.
        site = stage / "site"
        write_docs(years[-1], stage / "docs" / "root", SiteKind.ROOT, editions)
        summary.warnings += build_html(years[-1].edition, stage / "docs" / "root", site, SiteKind.ROOT)
        write_validity_styles(editions, site)
        for files in years:
            year = str(files.edition.notice.year)
            write_docs(files, stage / "docs" / year, SiteKind.YEAR, editions)
            summary.warnings += build_html(files.edition, stage / "docs" / year, site / year, SiteKind.YEAR)

        # The institutions' registration sites are the only other hosts a page may link to.
        allowed = frozenset().union(*(e.catalog.registration_urls for e in editions))
        problems = scan_site(site, allowed_links=allowed)
        if problems:
            raise DataError(problems)
        summary.pages = count_pages(site)
        replace_dir(site, site_dir)
        if forms_dir:
            replace_dir(forms_stage / "forms", forms_dir)
    summary.seconds = time.perf_counter() - started
    return summary
