"""The build, as a pipeline you can read: load → check → render → write.

Nothing touches `site/` or `forms/` until every year is loaded, checked and rendered; the files
are then written into staging folders, which take the outputs' places only when all succeeded.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
import shutil
import time
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Collection

from . import libreoffice
from .cache import BuildCache, canonical, code_fingerprint, digest
from .checks import Finding, Severity, run_checks
from .findings import DataError, count
from .forms import SITE_FOLDER as FORMS_FOLDER, add_copies, blank_forms
from .load import Edition, Site, load_data, load_site, site_file
from .official import SITE_FOLDER as OFFICIAL_FOLDER, official_download
from .officialpdf import OfficialPdf
from .parallel import Forked, forked
from .output import (Download, LateDownload, check_replaceable, project_folders, replace_dir, settle_sizes,
                     snapshot, staging_area)
from .site import VALIDITY_STYLES, SiteKind, YearFiles, catalog_parts, filing_links, site_source, validity_styles
from .sitegen import SiteSource, build as build_site, prepare as prepare_sites
from .serverconf import script_hashes, server_files
from .sitescan import scan
from .templating import TEMPLATES

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
    unchanged: bool = False  # nothing changed since the build that made the outputs: they were left as they are

    def __str__(self) -> str:
        warnings = len(self.warnings) + count(self.findings, Severity.WARNING)
        done = (f"完成：网站 {self.pages} 个页面，表格 {self.forms} 份，"
                f"警告 {warnings} 条，用时 {self.seconds:.1f} 秒")
        return done + ("（数据和程序都没有变化，输出目录保持上次生成的内容）" if self.unchanged else "")


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
    """Every year's forms and official document, and their PDFs, once LibreOffice has made them."""
    rendered = start_years(editions, pdf=pdf, cache=cache, progress=progress, warnings=warnings)
    try:
        return rendered.finish(warnings)
    finally:
        rendered.close()


def start_years(editions: list[Edition], *, pdf: bool, cache: BuildCache,
                progress: Callable[[int, int], None] | None, warnings: list[str]) -> YearsInProgress:
    """Every year's forms and official document, LibreOffice still converting the PDFs the cache
    lacks. A year whose files the cache holds whole (an archived year, mostly) is one entry; in the
    others, what the cache lacks is made, the copies while LibreOffice works."""
    if pdf and libreoffice.program() is None:
        warnings.append(NO_LIBREOFFICE)
        pdf = False
    converter = libreoffice.converter_fingerprint() if pdf else "no PDF"
    keys = {e.year: digest(code_fingerprint(), "year files", e.inputs, converter) for e in editions}
    years: dict[int, YearFiles] = {}
    for edition in editions:
        if (found := cache.get(keys[edition.year], f"{edition.year}/")) is not None:
            years[edition.year] = pickle.loads(found["files"])
    pdfs = libreoffice.CachedPdfs(cache)
    if pdf and len(years) < len(editions):  # a year to make: LibreOffice starts up while its forms are
        pdfs.converter.start()
    made, officials, places = [], [], {}
    official_pdfs: list[OfficialPdf] = []

    def convert(edition: Edition, name: str, data: bytes, folder: str) -> None:
        places[name := f"{edition.year}/{name}"] = folder
        if pdf:
            pdfs.want(name, data, edition.notice.date_published)

    try:
        for edition in (e for e in editions if e.year not in years):
            forms = blank_forms(edition, cache=cache)
            for annex in forms.annexes:  # converted while the official document is composed
                convert(edition, f"{annex.stem}.docx", annex.printable.data, FORMS_FOLDER)
            # The official document (GB/T 9704) carries the blank forms as its annexes.
            official = official_download(edition, forms.blank_docx, cache)
            places[f"{edition.year}/{official.path}"] = OFFICIAL_FOLDER
            if pdf:
                official_pdfs.append(OfficialPdf(edition, forms, pdfs, cache))
            made.append((edition, forms))
            officials.append(official)
    except BaseException:
        pdfs.converter.close()
        raise
    pdfs.converter.flush()

    def late_pdf(name: str) -> LateDownload | None:
        """The PDF of `name` (`2012/annex2-admission.docx`), its bytes there if the cache had them."""
        if name not in pdfs.keys:
            return None
        return LateDownload(places[name], name.split("/", 1)[1].replace(".docx", ".pdf"),
                            pdfs.found.get(name, b""), made_from=pdfs.keys[name])

    for (edition, forms), official in zip(made, officials):
        for item in forms.annexes:
            item.pdf = late_pdf(f"{edition.year}/{item.stem}.docx")
        years[edition.year] = YearFiles(forms, official, late_pdf(f"{edition.year}/{official.path}"))
    for edition, forms in made:
        add_copies(edition, forms, cache=cache, progress=progress)
    return YearsInProgress({e.year: years[e.year] for e in editions}, pdfs, official_pdfs,
                           {edition.year: keys[edition.year] for edition, _forms in made}, cache)


@dataclass
class YearsInProgress:
    """Every year's files by year, each PDF a LateDownload whose bytes may still be in the making:
    the pages can be built meanwhile (they show a token for a PDF's size); `finish` waits for them."""

    years: dict[int, YearFiles]
    pdfs: libreoffice.CachedPdfs
    officials: list[OfficialPdf]  # the official PDFs to assemble once their forms' PDFs are made
    made: dict[int, str]  # the years made by this build, and the key each is kept under as a whole
    cache: BuildCache
    failed: bool = False  # LibreOffice could not make a PDF: the pages that link it are made again
    finished: list[YearFiles] | None = None

    def send_frames(self) -> bool:
        """The frames whose forms' PDFs are made already handed to LibreOffice now, to be converted
        while the sites are built (at scale the catalog's PDF is made long before); whether a frame
        still waits for its forms' PDFs."""
        self.pdfs.take_converted()
        for official in self.officials:
            official.send_frame(self.pdfs.found)
        return any(not official.frame_sent and not official.done for official in self.officials)

    def finish(self, warnings: list[str]) -> list[YearFiles]:
        """The years with every PDF's bytes (one LibreOffice could not make left out, with a warning);
        a year made whole is kept in the cache as one entry."""
        if self.finished is None:
            converted, failed = self.pdfs.finish()
            # The frames whose forms' PDFs were made just now: a second round.
            if any([official.send_frame(converted) for official in self.officials]):
                frames, more = self.pdfs.finish()
                converted.update(frames)
                failed += more
            self.pdfs.converter.quit()
            for official in self.officials:
                if (assembled := official.assemble(converted)) is not None:
                    converted[official.name] = assembled
                else:
                    reason = official.problem or "它的版面或附件的 PDF 没有做成"
                    failed.append(f"LibreOffice 没能把 {official.name} 转换为 PDF（{reason}）；Word 文件不受影响")
            warnings += failed
            self.failed = bool(failed)
            made = {self.pdfs.keys[name]: data for name, data in converted.items()}

            def settled(pdf: Download | None) -> Download | None:
                if not isinstance(pdf, LateDownload) or pdf.data:
                    return pdf
                return dataclasses.replace(pdf, data=made[pdf.made_from]) if pdf.made_from in made else None

            for year, files in self.years.items():
                for item in files.forms.annexes if files.forms else []:
                    item.pdf = settled(item.pdf)
                self.years[year] = files = dataclasses.replace(files, official_pdf=settled(files.official_pdf))
                if year in self.made and not failed:
                    self.cache.put(self.made[year], {"files": pickle.dumps(files, protocol=5)})
            self.finished = list(self.years.values())
        return self.finished

    def close(self) -> None:
        """LibreOffice gone, whether the build finished or failed."""
        self.pdfs.converter.close()


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
    folders = [folder for folder, _option, _what in outputs if folder]
    unchanged = _unchanged_key(data_dir, folders, pdf) if cache.folder else None
    if unchanged and (last := cache.get(unchanged, "outputs")) and last.get("outputs") == snapshot(folders):
        summary = pickle.loads(last["summary"])
        return dataclasses.replace(summary, unchanged=True, seconds=time.perf_counter() - started)
    site_data, editions = load_data(data_dir, cache)
    summary = BuildSummary(findings=check(editions))
    rendered = start_years(editions, pdf=pdf, cache=cache, progress=progress, warnings=summary.warnings)

    with closing(rendered), staging_area(site_dir) as stage, \
            (staging_area(forms_dir) if forms_dir else nullcontext(stage)) as forms_stage, \
            (staging_area(server_dir) if server_dir else nullcontext(stage)) as server_stage:
        site = stage / "site"
        sites = _sites(stage, site_data, editions, rendered.years, cache, meanwhile=rendered.send_frames)
        years = rendered.finish(summary.warnings)
        if rendered.failed:  # pages link a PDF LibreOffice could not make: made again without the link
            for made in (site, stage / "docs"):  # the empty stand-in of the missing PDF too
                shutil.rmtree(made)
            sites = _sites(stage, site_data, editions, rendered.years, cache)
        built = [one.settle(rendered.years[one.year], cache) for one in sites]
        (site / VALIDITY_STYLES).write_bytes(validity_styles(editions))
        summary.forms = sum(len(files.forms.files()) for files in years if files.forms)
        summary.warnings += [warning for one in built for warning in one.warnings]
        problems = [finding for one in built for finding in one.findings]
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
            scripts = [script for one in built for script in one.scripts]
            for name, text in server_files(scripts, site_data.identity.base_path).items():
                (server_stage / "server" / name).write_bytes(text)
        replace_dir(site, site_dir)
        if forms_dir:
            replace_dir(forms_stage / "forms", forms_dir)
        if server_dir:
            replace_dir(server_stage / "server", server_dir)
    # The next build with the same inputs leaves these outputs, if they are as now; not if the data
    # were edited while this build read them (its outputs may be of either version).
    if unchanged and _unchanged_key(data_dir, folders, pdf) == unchanged:
        cache.put(unchanged, {"summary": pickle.dumps(summary), "outputs": snapshot(folders)})
    summary.seconds = time.perf_counter() - started
    return summary


def _unchanged_key(data_dir: Path, outputs: list[Path], pdf: bool) -> str | None:
    """Everything the outputs are made from: every file of the data and of `templates/` (the current
    year's forms, the font mapping), site.yml and its badge (which may lie outside the data), the
    program, LibreOffice and the fonts (for the PDFs), the options, where the outputs go, and the
    working folder (messages name files from it). None if site.yml has a problem: the build says which."""
    try:
        badge = load_site(data_dir).badge or b""
    except DataError:
        return None
    files = sorted(path for folder in (data_dir, TEMPLATES) for path in folder.rglob("*") if path.is_file())
    converter = libreoffice.converter_fingerprint() if pdf else "no PDF"
    return digest(code_fingerprint(), "outputs", converter, str(pdf), str(Path.cwd()), str(data_dir),
                  *(str(o.resolve()) for o in outputs), badge, site_file(data_dir).read_bytes(),
                  *(part for path in files for part in (str(path.resolve()), path.read_bytes())))


@dataclass(frozen=True)
class BuiltSite:
    """One site as built or restored: what the generator warned of, what the scan found, the scripts
    its pages carry (which the web server's policy allows by their hashes)."""

    warnings: list[str]
    findings: list[Finding]
    scripts: list[str]


_ABOUT = ":about"  # beside a site's files in its cache entry: its BuiltSite, as JSON


@dataclass
class _Site:
    """One of the sites (the front, or a year's): where it goes, what it is made from, how it is checked."""

    make_source: Callable[..., SiteSource]  # given where templates are kept compiled
    key: str
    docs: Path
    target: Path
    allowed_links: frozenset[str]
    own_url: str
    year: int  # whose files it offers
    shown_as: str  # `site/2012`: how its files are named in messages
    skip: Collection[str] = ()  # top folders of `target` that are other sites
    built: BuiltSite | None = None  # restored, or built and scanned
    restored: bool = False

    def restore(self, cache: BuildCache) -> bool:
        """Restored from the cache, if it holds this site whole."""
        found = cache.restore(self.key, self.target, f"{self.shown_as}/", keep={_ABOUT})
        if found is None or _ABOUT not in found:
            return False
        about = json.loads(found[_ABOUT])
        self.built = BuiltSite(about["warnings"], [Finding.from_json(f) for f in about["findings"]], about["scripts"])
        self.restored = True
        return True

    def build(self, compiled_templates: Path | None) -> BuiltSite:
        """Built (its PDFs perhaps still pending; their sizes change no link or script), beside the
        sites in its folder if it holds any (MkDocs empties its output folder first) and moved in
        among them after; then scanned, in the process that built it."""
        source = self.make_source(compiled_templates=compiled_templates)
        if not self.skip:
            warnings = build_site(source, self.docs, self.target, compiled_templates)
        else:
            beside = self.target.with_name(f"{self.target.name}-{self.year}-front")
            warnings = build_site(source, self.docs, beside, compiled_templates)
            self.target.mkdir(exist_ok=True)
            for entry in beside.iterdir():
                entry.rename(self.target / entry.name)
            beside.rmdir()
        found = scan(self.target, self.allowed_links, self.own_url, shown_as=self.shown_as, skip=self.skip)
        return BuiltSite(warnings, found.findings, script_hashes(found.scripts))

    def settle(self, files: YearFiles, cache: BuildCache) -> BuiltSite:
        """The site with its year's PDFs in place and their sizes in its pages, kept."""
        assert self.built is not None, "settled before it was built"
        if not self.restored:
            settle_sizes(self.target, [d for d in files.downloads if isinstance(d, LateDownload)], self.skip)
            made = {path.relative_to(self.target).as_posix(): path.read_bytes()
                    for path in self.target.rglob("*") if path.is_file() and not self._skipped(path)}
            about = {"warnings": self.built.warnings, "findings": [f.as_json() for f in self.built.findings],
                     "scripts": self.built.scripts}
            cache.put(self.key, {**made, _ABOUT: json.dumps(about, ensure_ascii=False).encode("utf-8")})
        return self.built

    def _skipped(self, path: Path) -> bool:
        return path.relative_to(self.target).parts[0] in self.skip


def _sites(stage: Path, site_data: Site, editions: list[Edition], years: dict[int, YearFiles],
           cache: BuildCache, meanwhile: Callable[[], bool] = lambda: False) -> list[_Site]:
    """The front (the newest year and the archive) and every year's site, each restored or built.

    `meanwhile` is done first, and while the sites are built until it says it has nothing left to
    wait for (the official documents' frames, which LibreOffice converts as soon as their forms'
    PDFs are made: an empty cache, an edited catalog)."""
    site = stage / "site"
    newest, before = editions[-1], (editions[-2] if len(editions) > 1 else None)
    # The institutions' registration sites and the two filing sites of the footer are the only
    # other hosts a page may link to; the site's own published address names its pages.
    every_link = frozenset().union(filing_links(site_data), *(e.catalog.registration_urls for e in editions))
    sites = [_Site(partial(site_source, newest, years[newest.year], site=site_data, kind=SiteKind.ROOT,
                           previous=before, editions=editions, cache=cache),
                   _site_key(SiteKind.ROOT, site_data, newest, years[newest.year], before, editions),
                   stage / "docs" / "root", site, every_link, site_data.identity.url, newest.year, "site",
                   skip={str(e.year) for e in editions})]
    for previous, edition in zip([None, *editions], editions):
        files = years[edition.year]
        sites.append(_Site(partial(site_source, edition, files, site=site_data, kind=SiteKind.YEAR, previous=previous,
                                   cache=cache),
                           _site_key(SiteKind.YEAR, site_data, edition, files, previous, []),
                           stage / "docs" / str(edition.year), site / str(edition.year),
                           filing_links(site_data) | edition.catalog.registration_urls, site_data.identity.url,
                           edition.year, f"site/{edition.year}"))
    missing = [one for one in sites if not one.restore(cache)]

    def prepare() -> None:  # what the sites built side by side share, made once before this process is copied
        prepare_sites()
        if any(one.year == newest.year for one in missing):  # the front and the newest year show its catalog
            catalog_parts(newest)

    waiting = meanwhile()
    if len(missing) > 1 and waiting and (builds := _forked_builds(missing, cache, prepare)):
        # Every site in a copy of this process, which sees to `meanwhile` while they are built.
        while meanwhile() and not all(build.done(timeout=0.05) for build in builds):
            pass
        for one, build in zip(missing, builds):
            one.built = build()
    elif len(missing) > 1 and (other := forked(partial(missing[0].build, cache.compiled_templates), before=prepare)):
        # Two sites at once (the front and this year's, mostly): the first in a copy of this process.
        for one in missing[1:]:
            one.built = one.build(cache.compiled_templates)
        missing[0].built = other()
    else:
        for one in missing:
            one.built = one.build(cache.compiled_templates)
    return sites


def _forked_builds(missing: list[_Site], cache: BuildCache, prepare: Callable[[], None]) -> list[Forked] | None:
    """Each site built in a forked copy of this process; None where the system does not fork safely."""
    builds = []
    for one in missing:
        if (build := forked(partial(one.build, cache.compiled_templates), before=prepare)) is None:
            return None
        builds.append(build)
    return builds


def _site_key(kind: SiteKind, site_data: Site, edition: Edition, files: YearFiles, previous: Edition | None,
              editions: list[Edition]) -> str:
    """What a site is made from: the site's identity, its year's inputs and files, the year before
    it (the page of changes) and, for the front, every year (the archive and the feed)."""
    return digest(code_fingerprint(), "site", kind.value, canonical([site_data.identity, site_data.badge]),
                  edition.inputs, canonical([[d.folder, d.path, d.made_from if isinstance(d, LateDownload) else d.data]
                                         for d in files.downloads]),
                  previous.inputs if previous else "", *(e.inputs for e in editions))


def count_pages(site_dir: Path) -> int:
    """HTML pages in the built site, the 404 page aside."""
    return sum(1 for p in site_dir.rglob("*.html") if p.name != "404.html")
