"""The build, as a pipeline you can read: load → check → render → write.

Nothing touches `site/` or `forms/` until every year is loaded, checked and rendered; the files
are then written into staging folders, which take the outputs' places only when all succeeded.
"""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import libreoffice
from .cache import BuildCache, canonical, code_fingerprint, digest
from .checks import Finding, Severity, run_checks
from .findings import DataError, count
from .forms import SITE_FOLDER as FORMS_FOLDER, add_copies, blank_forms
from .load import Edition, load_data
from .official import SITE_FOLDER as OFFICIAL_FOLDER, official_download
from .output import Download, check_replaceable, project_folders, replace_dir, staging_area
from .site import VALIDITY_STYLES, SiteKind, YearFiles, filing_links, site_source, validity_styles
from .sitegen import SiteSource, build as build_site
from .serverconf import server_files
from .sitescan import scan_site

NO_LIBREOFFICE = ("未安装 LibreOffice（Debian 软件包 libreoffice-writer），表格和正式文件只生成了 Word 版，"
                  f"没有 PDF；{libreoffice.INSTALL_HINT}")


@dataclass
class BuildSummary:
    """What a build made, for its one-line report."""

    pages: int = 0
    forms: int = 0
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # the check's warnings and hints
    seconds: float = 0.0

    def __str__(self) -> str:
        warnings = len(self.warnings) + count(self.findings, Severity.WARNING)
        return (f"完成：网站 {self.pages} 个页面，表格 {self.forms} 份，"
                f"警告 {warnings} 条，用时 {self.seconds:.1f} 秒")


def all_findings(editions: list[Edition]) -> list[Finding]:
    """The consistency check of every year, each against the year before."""
    return [finding for previous, edition in zip([None, *editions], editions)
            for finding in run_checks(edition, previous=previous)]


def check(editions: list[Edition]) -> list[Finding]:
    """Run the consistency check; its errors stop the build, its warnings and hints are returned."""
    findings = all_findings(editions)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if errors:
        raise DataError(errors)
    return findings


def render_years(editions: list[Edition], *, pdf: bool, cache: BuildCache,
                 progress: Callable[[int, int], None] | None, warnings: list[str]) -> list[YearFiles]:
    """Every year's forms and official document, and their PDFs: what the cache lacks is made, the
    PDFs by one LibreOffice process that works while the prefilled copies are made."""
    made = [(edition, blank_forms(edition, cache=cache)) for edition in editions]
    # The official document (GB/T 9704) carries the blank forms as its annexes.
    officials = [official_download(edition, forms.blank_docx, cache) for edition, forms in made]
    wanted, days = {}, {}
    for (edition, forms), (official, official_printable) in zip(made, officials):
        printable = {f"{a.stem}.docx": a.printable.data for a in forms.annexes}
        for name, data in {**printable, official.path: official_printable}.items():
            wanted[f"{edition.year}/{name}"], days[f"{edition.year}/{name}"] = data, edition.notice.date_published
    pdfs = libreoffice.CachedPdfs(wanted if pdf else {}, days, cache).start()
    for edition, forms in made:
        add_copies(edition, forms, cache=cache, progress=progress)
    converted, failed = pdfs.finish()
    warnings += failed
    if pdf and len(converted) + len(failed) < len(wanted):
        warnings.append(NO_LIBREOFFICE)
    years = []
    for (edition, forms), (official, _printable) in zip(made, officials):
        for item in forms.annexes:
            if (data := converted.get(f"{edition.year}/{item.stem}.docx")) is not None:
                item.pdf = Download(FORMS_FOLDER, f"{item.stem}.pdf", data)
        data = converted.get(f"{edition.year}/{official.path}")
        official_pdf = Download(OFFICIAL_FOLDER, official.path.replace(".docx", ".pdf"), data) if data else None
        years.append(YearFiles(forms, official, official_pdf))
    return years


def build(data_dir: Path, site_dir: Path, forms_dir: Path | None = None, *, pdf: bool = True,
          cache: BuildCache | None = None, progress: Callable[[int, int], None] | None = None,
          server_dir: Path | None = None) -> BuildSummary:
    """Build the site, `forms_dir` and the web server's configuration (`server_dir`) from every year in `data_dir`.

    Each year is a site of its own at /YEAR/, built from that year's data alone, so adding a
    year never changes an earlier one; the site root shows the newest year and the archive.
    The outputs are replaced only if everything succeeded.
    """
    started = time.perf_counter()
    outputs = [(site_dir, "--site", f"网站目录 {site_dir}"), (forms_dir, "--forms", f"表格目录 {forms_dir}"),
               (server_dir, "--server", f"服务器配置目录 {server_dir}")]
    for index, (folder, option, _what) in enumerate(outputs):
        if folder:  # no output may be, or hold, the data, the project or another output
            others = {other: what for position, (other, _, what) in enumerate(outputs) if other and position != index}
            check_replaceable(folder, option, {**project_folders(data_dir), **others})
    cache = cache or BuildCache(None)
    site_data, editions = load_data(data_dir)
    summary = BuildSummary(findings=check(editions))
    years = render_years(editions, pdf=pdf, cache=cache, progress=progress, warnings=summary.warnings)
    summary.forms = sum(len(files.forms.files()) for files in years if files.forms)

    with staging_area(site_dir) as stage, \
            (staging_area(forms_dir) if forms_dir else nullcontext(stage)) as forms_stage, \
            (staging_area(server_dir) if server_dir else nullcontext(stage)) as server_stage:
        (forms_stage / "forms").mkdir(exist_ok=True)
        for edition, files in zip(editions, years):
            if files.forms:
                for download in files.forms.files():
                    download.write(forms_stage / "forms" / str(edition.year))
        # MkDocs empties its output folder first: the root goes first, the years into it after.
        site = stage / "site"
        summary.warnings += _site(site_source(editions[-1], years[-1], site=site_data, kind=SiteKind.ROOT,
                                              previous=editions[-2] if len(editions) > 1 else None, editions=editions),
                                  stage / "docs" / "root", site, cache, "site/")
        (site / VALIDITY_STYLES).write_bytes(validity_styles(editions))
        for previous, edition, files in zip([None, *editions], editions, years):
            summary.warnings += _site(site_source(edition, files, site=site_data, kind=SiteKind.YEAR, previous=previous),
                                      stage / "docs" / str(edition.year), site / str(edition.year), cache,
                                      f"site/{edition.year}/")
        # The institutions' registration sites and the two filing sites of the footer are the only
        # other hosts a page may link to; the site's own published address names its pages.
        allowed = frozenset().union(filing_links(site_data), *(e.catalog.registration_urls for e in editions))
        problems = scan_site(site, allowed_links=allowed, own_url=site_data.identity.url)
        if problems:
            raise DataError(problems)
        summary.pages = count_pages(site)
        if server_dir:  # the policy allows the scripts of the very pages just built
            (server_stage / "server").mkdir()
            for name, text in server_files(site, site_data.identity.base_path).items():
                (server_stage / "server" / name).write_bytes(text)
        replace_dir(site, site_dir)
        if forms_dir:
            replace_dir(forms_stage / "forms", forms_dir)
        if server_dir:
            replace_dir(server_stage / "server", server_dir)
    summary.seconds = time.perf_counter() - started
    return summary


_WARNINGS = ":warnings"  # beside a site's files in its cache entry: what the generator said


def _site(source: SiteSource, docs: Path, target: Path, cache: BuildCache, label: str) -> list[str]:
    """The site of `source` in `target`: restored from the cache if it holds one made from the same
    source (pages, files, chrome) and code, else built. Returns the generator's warnings."""
    key = digest(code_fingerprint(), "site", canonical(source))
    found = cache.get(key, label)
    if found is not None and _WARNINGS in found:
        warnings = json.loads(found.pop(_WARNINGS))
        for path, data in found.items():
            Download(".", path, data).write(target)
        return warnings
    warnings = build_site(source, docs, target)
    made = {path.relative_to(target).as_posix(): path.read_bytes() for path in target.rglob("*") if path.is_file()}
    cache.put(key, {**made, _WARNINGS: json.dumps(warnings, ensure_ascii=False).encode("utf-8")})
    return warnings


def count_pages(site_dir: Path) -> int:
    """HTML pages in the built site, the 404 page aside."""
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")
