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
from .forms import SITE_FOLDER, write_forms
from .load import Edition, load_edition
from .official import SITE_FOLDER as OFFICIAL_FOLDER, blank_forms, write_official
from .output import replace_dir, staging_area
from .sheets import write_sheets
from .site import build_html, count_pages, write_pages
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


def check(edition: Edition) -> list[Finding]:
    """Run the consistency check; its errors stop the build, its warnings and hints are returned."""
    findings = run_checks(edition)
    errors = [f.as_problem() for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise DataError(errors)
    return findings


def build(data_dir: Path, site_dir: Path, forms_dir: Path | None = None, *, pdf: bool = True,
          progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build the site (with the forms in it) and `forms_dir` from `data_dir`.

    The outputs are replaced only if everything succeeded; `progress(done, total)` follows the
    prefilled forms, the step that grows with the catalog.
    """
    started = time.perf_counter()
    edition = load_edition(data_dir)
    summary = BuildSummary(findings=check(edition))
    with staging_area(site_dir) as stage, \
            (staging_area(forms_dir) if forms_dir else nullcontext(stage)) as forms_stage:
        forms = write_forms(edition, forms_stage / "forms", pdf=pdf, progress=progress)
        forms.sheets = write_sheets(edition, forms_stage / "forms")  # Excel versions beside the Word forms
        summary.forms = forms.count
        summary.warnings += forms.warnings
        # The official document (GB/T 9704) carries the blank forms as its annexes.
        official = write_official(edition, stage / "docs" / OFFICIAL_FOLDER,
                                  blank_forms(forms, forms_stage / "forms"), pdf=pdf)
        summary.warnings += official.warnings
        write_pages(edition, stage / "docs", forms, official)
        shutil.copytree(forms_stage / "forms", stage / "docs" / SITE_FOLDER)  # served beside the forms page
        summary.warnings += build_html(edition, stage / "docs", stage / "site")
        # The institutions' registration sites are the only other hosts a page may link to.
        problems = scan_site(stage / "site", allowed_links=edition.catalog.registration_urls)
        if problems:
            raise DataError(problems)
        summary.pages = count_pages(stage / "site")
        replace_dir(stage / "site", site_dir)
        if forms_dir:
            replace_dir(forms_stage / "forms", forms_dir)
    summary.seconds = time.perf_counter() - started
    return summary
