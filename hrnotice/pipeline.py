"""The build, as a pipeline you can read: load → check → render → write.

Nothing touches `site/` or `forms/` until every year is loaded, checked and rendered; the files
are then written into staging folders, which take the outputs' places only when all succeeded.
"""

from __future__ import annotations

import json
import pickle
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Collection

from . import libreoffice
from .cache import BuildCache, canonical, code_fingerprint, digest
from .checks import Finding, Severity, run_checks
from .findings import DataError, count
from .forms import SITE_FOLDER as FORMS_FOLDER, add_copies, blank_forms
from .load import Edition, Site, load_data
from .official import SITE_FOLDER as OFFICIAL_FOLDER, official_download
from .output import Download, check_replaceable, project_folders, replace_dir, staging_area
from .site import VALIDITY_STYLES, SiteKind, YearFiles, filing_links, site_source, validity_styles
from .sitegen import SiteSource, build as build_site
from .serverconf import inline_script_hashes, server_files
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
    """Every year's forms and official document, and their PDFs. A year whose files the cache holds
    whole (an archived year, mostly) is taken as one entry; the others are made as `_render_years` says."""
    converter = libreoffice.converter_fingerprint() if pdf else "no PDF"
    keys = {e.year: digest(code_fingerprint(), "year files", e.inputs, converter) for e in editions}
    kept = {}
    for edition in editions:
        if (found := cache.get(keys[edition.year], f"{edition.year}/")) is not None:
            kept[edition.year] = pickle.loads(found["files"])
    made = dict(zip((e.year for e in editions if e.year not in kept),
                    _render_years([e for e in editions if e.year not in kept], pdf=pdf, cache=cache,
                                  progress=progress, warnings=warnings)))
    for year, files in made.items():
        if not pdf or (files.official_pdf and all(item.pdf for item in (files.forms.annexes if files.forms else []))):
            cache.put(keys[year], {"files": pickle.dumps(files, protocol=5)})
    return [kept.get(e.year) or made[e.year] for e in editions]


def _render_years(editions: list[Edition], *, pdf: bool, cache: BuildCache,
                  progress: Callable[[int, int], None] | None, warnings: list[str]) -> list[YearFiles]:
    """What the cache lacks is made, the PDFs by LibreOffice (one process; two for a great deal),
    working while the copies are made."""
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
    site_data, editions = load_data(data_dir, cache)
    summary = BuildSummary(findings=check(editions))
    years = render_years(editions, pdf=pdf, cache=cache, progress=progress, warnings=summary.warnings)
    summary.forms = sum(len(files.forms.files()) for files in years if files.forms)

    with staging_area(site_dir) as stage, \
            (staging_area(forms_dir) if forms_dir else nullcontext(stage)) as forms_stage, \
            (staging_area(server_dir) if server_dir else nullcontext(stage)) as server_stage:
        # MkDocs empties its output folder first: the root goes first, the years into it after.
        site = stage / "site"
        newest, before = editions[-1], (editions[-2] if len(editions) > 1 else None)
        # The institutions' registration sites and the two filing sites of the footer are the only
        # other hosts a page may link to; the site's own published address names its pages.
        every_link = frozenset().union(filing_links(site_data), *(e.catalog.registration_urls for e in editions))
        sites = [_site(partial(site_source, newest, years[-1], site=site_data, kind=SiteKind.ROOT, previous=before,
                               editions=editions),
                       _site_key(SiteKind.ROOT, site_data, newest, years[-1], before, editions),
                       stage / "docs" / "root", site, cache, every_link, site_data.identity.url, "site",
                       skip={str(e.year) for e in editions})]
        (site / VALIDITY_STYLES).write_bytes(validity_styles(editions))
        for previous, edition, files in zip([None, *editions], editions, years):
            sites.append(_site(
                partial(site_source, edition, files, site=site_data, kind=SiteKind.YEAR, previous=previous),
                _site_key(SiteKind.YEAR, site_data, edition, files, previous, []),
                stage / "docs" / str(edition.year), site / str(edition.year), cache,
                filing_links(site_data) | edition.catalog.registration_urls, site_data.identity.url,
                f"site/{edition.year}"))
        summary.warnings += [warning for built in sites for warning in built.warnings]
        problems = [finding for built in sites for finding in built.findings]
        if problems:
            raise DataError(problems)
        summary.pages = count_pages(site)
        (forms_stage / "forms").mkdir(exist_ok=True)
        for edition, files in zip(editions, years):  # the same files as the year's site offers
            for download in files.forms.files() if files.forms else []:
                download.write(forms_stage / "forms" / str(edition.year),
                               same_as=site / str(edition.year) / download.folder / download.path)
        if server_dir:  # the policy allows the scripts of the very pages just built
            (server_stage / "server").mkdir()
            scripts = [script for built in sites for script in built.scripts]
            for name, text in server_files(scripts, site_data.identity.base_path).items():
                (server_stage / "server" / name).write_bytes(text)
        replace_dir(site, site_dir)
        if forms_dir:
            replace_dir(forms_stage / "forms", forms_dir)
        if server_dir:
            replace_dir(server_stage / "server", server_dir)
    summary.seconds = time.perf_counter() - started
    return summary


@dataclass(frozen=True)
class BuiltSite:
    """One site as built or restored: what the generator warned of, what the scan found, the scripts
    its pages carry (which the web server's policy allows by their hashes)."""

    warnings: list[str]
    findings: list[Finding]
    scripts: list[str]


_ABOUT = ":about"  # beside a site's files in its cache entry: its BuiltSite, as JSON


def _site(make_source: Callable[[], SiteSource], key: str, docs: Path, target: Path, cache: BuildCache,
          allowed_links: frozenset[str], own_url: str, shown_as: str, skip: Collection[str] = ()) -> BuiltSite:
    """A site in `target`: restored from the cache if it holds one made from the same inputs and code,
    else built from `make_source()` and scanned (the top folders `skip` are other sites)."""
    found = cache.restore(key, target, f"{shown_as}/", keep={_ABOUT})
    if found is not None and _ABOUT in found:
        about = json.loads(found[_ABOUT])
        return BuiltSite(about["warnings"], [Finding.from_json(f) for f in about["findings"]], about["scripts"])
    warnings = build_site(make_source(), docs, target)
    built = BuiltSite(warnings, scan_site(target, allowed_links, own_url, shown_as=shown_as, skip=skip),
                      inline_script_hashes(target, skip=skip))
    made = {path.relative_to(target).as_posix(): path.read_bytes() for path in target.rglob("*") if path.is_file()}
    about = {"warnings": built.warnings, "findings": [f.as_json() for f in built.findings], "scripts": built.scripts}
    cache.put(key, {**made, _ABOUT: json.dumps(about, ensure_ascii=False).encode("utf-8")})
    return built


def _site_key(kind: SiteKind, site_data: Site, edition: Edition, files: YearFiles, previous: Edition | None,
              editions: list[Edition]) -> str:
    """What a site is made from: the site's identity, its year's inputs and files, the year before
    it (the page of changes) and, for the front, every year (the archive and the feed)."""
    return digest(code_fingerprint(), "site", kind.value, canonical([site_data.identity, site_data.badge]),
                  edition.inputs, canonical([[d.folder, d.path, d.data] for d in files.downloads]),
                  previous.inputs if previous else "", *(e.inputs for e in editions))


def count_pages(site_dir: Path) -> int:
    """HTML pages in the built site, the 404 page aside."""
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")
