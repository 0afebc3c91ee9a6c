"""Loading the data: the current notice in `data/`, earlier years archived in `data/YEAR/`.

Each year is its facts (notice.yml), its body (notice.md, Markdown with `{{ … }}` placeholders,
rendered here once), its catalog (institutions.csv) and its forms (the declaration and templates:
`templates/forms/` for the current year, `data/YEAR/forms/` for an archived one).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2
from jinja2 import nodes

from .cache import BuildCache, canonical, code_fingerprint, digest
from .catalog import CATALOG_FILES, find_catalog, load_catalog
from .findings import DataError, Finding, display_path
from .formspec import CatalogKind, FormKind, FormSet, load_forms
from .model import Annex, Catalog, InterpretationFacts, Notice, SiteIdentity
from .sitescan import active_markup
from .templating import FORM_TEMPLATES, body_environment
from .textfile import read_text
from .yamlfile import SourceMap, control_character, load_model, parse_model

FACTS_FILE = "notice.yml"
BODY_FILE = "notice.md"
FORMS_FOLDER = "forms"  # an archived year's own form templates and declaration
SITE_FILE = "site.yml"  # the site's identity, shared by every year
INTERPRETATION_FILE = "interpretation.md"  # a year's 政策解读 (optional), archived with it
BADGE_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".gif": b"GIF8", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class Interpretation:
    """A year's 政策解读: its front matter (title, date) and its body, rendered like the notice's."""

    facts: InterpretationFacts
    facts_map: SourceMap  # lines of the front matter, as in the file
    body: str  # Markdown, every placeholder filled from the notice's facts and escaped
    path: str


@dataclass(frozen=True)
class Edition:
    """One year's notice as loaded: facts, body, catalog and forms, and where they came from."""

    notice: Notice
    facts_map: SourceMap
    body_source: str  # notice.md as the clerk wrote it
    body_path: str
    body: str  # the body as Markdown, every placeholder filled from the facts and escaped
    catalog: Catalog
    forms: FormSet
    folder: Path  # the year's data folder
    interpretation: Interpretation | None = None  # its 政策解读, if it has one

    @property
    def year(self) -> int:
        return self.notice.year

    @cached_property
    def inputs(self) -> str:
        """The year's data as loaded, as one string: a part of the key of everything made from it."""
        interpretation = self.interpretation
        return canonical([self.notice, self.body, self.catalog, self.forms.digest,
                          [interpretation.facts, interpretation.body] if interpretation else None])

    def form_of(self, annex: Annex) -> FormKind | CatalogKind | None:
        """The declared form an annex is (the catalog for `form: catalog`), if it names one."""
        if annex.form == "catalog":
            return self.forms.catalog
        return self.forms.kind(annex.form) if annex.form else None

    def annex_of(self, form: FormKind | CatalogKind) -> Annex | None:
        """The annex that is `form` in this year's notice."""
        name = "catalog" if isinstance(form, CatalogKind) else form.kind
        return self.notice.annex_of(name)


def _template_line(error: BaseException, filename: str) -> int | None:
    """The body line a rendering error happened on, from Jinja's rewritten traceback."""
    line = getattr(error, "lineno", None)
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_OTHER_FILES = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def render_body(source: str, path: str, notice: Notice) -> str:
    """The body as Markdown, every placeholder filled from the facts and escaped; DataError at its line."""
    env = body_environment()
    bad = control_character(source)
    if bad:
        at = source.find(chr(int(bad[2:], 16)))
        raise DataError([Finding.error(path, source.count("\n", 0, at) + 1, None,
                                       f"含有控制字符 {bad}（多由复制粘贴带入）；网页和 Word 都不能正确显示它，请删除")])
    try:
        tree = env.parse(source, filename=path)
        others = list(tree.find_all(_OTHER_FILES))
        if others:
            raise DataError([Finding.error(path, node.lineno, None,
                                           "正文不能引用其他文件（include、import、extends）；请把内容直接写进 notice.md")
                             for node in others])
        # Compile under the body's own name so errors and tracebacks point into it.
        code = env.compile(source, filename=path)
        template = env.template_class.from_code(env, code, env.make_globals(None))
        body = template.render(**_body_context(notice))
    except jinja2.TemplateSyntaxError as error:
        raise DataError([Finding.error(path, error.lineno, None,
                                       f"正文模板语法错误：{error.message}；请检查 {{{{ }}}} 和 {{% %}} 是否成对")]) from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError, KeyError) as error:
        line = _template_line(error, path)
        raise DataError([Finding.error(path, line, None,
                                       f"正文引用了不存在或无法使用的事实：{error}；请对照 notice.yml 的字段名")]) from None
    # Values reach the body encoded, so whatever markup it has, the clerk typed: none of it may run.
    active = active_markup(source)
    if active:
        raise DataError([Finding.error(path, line, None, f"{why}；请删去它") for line, why in active])
    return body


_FRONT_MATTER_END = "\n---\n"


def load_interpretation(path: Path, notice: Notice) -> Interpretation:
    """interpretation.md: a front matter (title, date, source) between `---` lines, then Markdown
    written like notice.md (placeholders from the notice's facts); DataError at the line."""
    shown = display_path(path)
    text, _encoding = read_text(path)
    text = text.replace("\r\n", "\n")
    end = text.find(_FRONT_MATTER_END, 3)
    if not text.startswith("---\n") or end < 0:
        raise DataError([Finding.error(shown, 1, None, "政策解读应以两行 --- 之间的文件信息开始（title: 标题，date: 发布日期）；"
                                                       "写法见 README“政策解读”一节")])
    front = text[4:end + 1]
    # Blank lines in place of what comes before: every problem is reported at its line in the file.
    facts, facts_map = parse_model("\n" + front, shown, InterpretationFacts)
    lines_before = text[: end + len(_FRONT_MATTER_END)].count("\n")
    body = render_body("\n" * lines_before + text[end + len(_FRONT_MATTER_END):], shown, notice)
    return Interpretation(facts, facts_map, body, shown)


def _body_context(notice: Notice) -> dict:
    context = {name: getattr(notice, name) for name in Notice.model_fields}
    context["annex"] = notice.annex
    return context


def _forms_folder(year_folder: Path) -> Path:
    """An archived year's own forms, or the current templates."""
    own = year_folder / FORMS_FOLDER
    return own if (own / "forms.yml").is_file() else FORM_TEMPLATES


def _annex_forms(notice: Notice, forms: FormSet, facts: SourceMap) -> list[Finding]:
    """Every annex's `form:` names a declared form."""
    known = ["catalog", *(f.kind for f in forms.forms)]
    return [Finding.error(facts.path, facts.line("annexes", index, "form"), f"annexes[{index + 1}].form",
                          f"“{annex.form}”不是声明过的表格；应为 {'、'.join(known)} 之一（见 {display_path(forms.folder)}/forms.yml）")
            for index, annex in enumerate(notice.annexes) if annex.form and annex.form not in known]


def load_edition(year_folder: Path) -> Edition:
    """One year's facts, body, catalog and forms, validated; raises DataError listing every problem."""
    findings: list[Finding] = []

    def attempt(step, *args):  # each file's problems are reported together with the others'
        try:
            return step(*args)
        except DataError as error:
            findings.extend(error.findings)
            return None

    forms = attempt(load_forms, _forms_folder(year_folder))
    catalog = attempt(lambda: load_catalog(find_catalog(year_folder), forms.catalog)) if forms else None
    loaded = attempt(load_model, year_folder / FACTS_FILE, Notice)
    body_file = year_folder / BODY_FILE
    body_path = display_path(body_file)
    read = attempt(read_text, body_file)
    body = None
    interpretation = None
    if loaded is not None:
        notice, facts_map = loaded
        if forms is not None:
            findings += _annex_forms(notice, forms, facts_map)
        if read is not None:
            body = attempt(render_body, read[0], body_path, notice)
        if (year_folder / INTERPRETATION_FILE).is_file():
            interpretation = attempt(load_interpretation, year_folder / INTERPRETATION_FILE, notice)
    if findings:
        raise DataError(sorted(findings, key=lambda f: (f.path, f.line or 0)))
    assert forms is not None and catalog is not None and loaded is not None and read is not None and body is not None
    return Edition(notice, facts_map, read[0], body_path, body, catalog, forms, year_folder, interpretation)


def year_folders(data_root: Path) -> list[Path]:
    """The folders holding a year each, oldest first: `data/2011/` … and `data/` itself (the current year)."""
    archived = sorted(p for p in data_root.glob("[0-9][0-9][0-9][0-9]") if (p / FACTS_FILE).is_file())
    current = [data_root] if (data_root / FACTS_FILE).is_file() else []
    if not archived and not current:
        raise DataError([Finding.error(display_path(data_root), None, None,
                                       f"没有找到通知的数据：应有 {display_path(data_root / FACTS_FILE)}")])
    return archived + current


def load_years(data_root: Path, cache: BuildCache | None = None) -> list[Edition]:
    """Every year's edition, oldest first, the current one last; problems of all years reported together.
    With a cache, a year none of whose files changed since it was last loaded is not read again."""
    editions, findings = [], []
    for folder in year_folders(data_root):
        try:
            edition = _cached_edition(folder, cache) if cache and cache.folder else load_edition(folder)
        except DataError as error:
            findings += error.findings
            continue
        if folder != data_root and folder.name != str(edition.year):
            findings.append(Finding.error(edition.facts_map.path, edition.facts_map.line("year"), "year",
                                          f"年度 {edition.year} 与所在目录 {folder.name} 不一致；请改正 year 或目录名"))
        elif folder == data_root and editions and edition.year <= editions[-1].year:
            findings.append(Finding.error(edition.facts_map.path, edition.facts_map.line("year"), "year",
                                          f"现行通知的年度 {edition.year} 不晚于已归档的 {editions[-1].year} 年度；"
                                          "请改正 year，或检查归档的年度目录"))
        editions.append(edition)
    if findings:
        raise DataError(findings)
    return editions


def _cached_edition(folder: Path, cache: BuildCache) -> Edition:
    """`load_edition(folder)`, kept in the cache under the bytes of every file it reads (a year with
    errors is never kept: its messages come from loading it). The entry is a pickle, which is safe
    only because the cache is the project's own folder and every entry is verified by its hash."""
    key = _edition_key(folder)
    if (found := cache.get(key, f"{display_path(folder)}/")) is not None:
        return pickle.loads(found["edition"])
    edition = load_edition(folder)
    if _edition_key(folder) == key:  # not edited while it was read
        cache.put(key, {"edition": pickle.dumps(edition, protocol=5)})
    return edition


def _edition_key(folder: Path) -> str:
    """The files a year is loaded from (a missing one counts too), where they are and who reads them:
    the paths in its messages are shown from the working folder."""
    forms = _forms_folder(folder)
    files = [folder / name for name in (FACTS_FILE, BODY_FILE, INTERPRETATION_FILE, *CATALOG_FILES)]
    files += sorted(path for path in forms.rglob("*") if path.is_file())
    return digest(code_fingerprint(), "edition", str(Path.cwd()), str(folder.resolve()), str(forms.resolve()),
                  *(part for path in files for part in (path.as_posix(), path.read_bytes() if path.is_file() else "-")))


@dataclass(frozen=True)
class Site:
    """The site's identity (site.yml), shared by every year's pages, and the badge image it names."""

    identity: SiteIdentity
    source: SourceMap
    badge: bytes | None = None  # the 党政机关网站标识, as the file holds it

    @property
    def badge_name(self) -> str | None:
        """The badge's file name in the site: `badge.png`."""
        return f"badge{Path(self.identity.badge).suffix.lower()}" if self.identity.badge else None


def site_file(data_root: Path) -> Path:
    """site.yml: beside the current notice, or (for `--data data/2011`) in the folder above a year's."""
    own = data_root / SITE_FILE
    if not own.is_file() and data_root.name.isdigit() and (data_root.parent / SITE_FILE).is_file():
        return data_root.parent / SITE_FILE
    return own


def load_site(data_root: Path) -> Site:
    """The site's identity from site.yml, validated, with its badge image; DataError listing every problem."""
    path = site_file(data_root)
    if not path.is_file():
        raise DataError([Finding.error(display_path(path), None, None,
                                       "没有找到网站信息（网站名称、主办单位、备案号等）；请按 README“网站信息”一节建立这个文件")])
    identity, source = load_model(path, SiteIdentity)
    if identity.badge is None:
        return Site(identity, source)
    image = path.parent / identity.badge
    line = source.line("badge")
    suffix = image.suffix.lower()
    if suffix not in BADGE_TYPES:
        raise DataError([Finding.error(source.path, line, "badge",
                                       f"党政机关网站标识应为 PNG、JPEG 或 GIF 图片，而“{identity.badge}”不是")])
    if not image.is_file():
        raise DataError([Finding.error(source.path, line, "badge",
                                       f"找不到图片 {display_path(image)}；请放入这个文件，或删去 badge 这一行")])
    data = image.read_bytes()
    if not data.startswith(BADGE_TYPES[suffix]):
        raise DataError([Finding.error(source.path, line, "badge",
                                       f"{display_path(image)} 不是 {suffix[1:].upper()} 图片（文件内容与扩展名不符）；请换成图片文件")])
    return Site(identity, source, data)


def load_data(data_root: Path, cache: BuildCache | None = None) -> tuple[Site, list[Edition]]:
    """The site's identity and every year's edition; the problems of all files reported together."""
    findings: list[Finding] = []
    site = editions = None
    try:
        site = load_site(data_root)
    except DataError as error:
        findings += error.findings
    try:
        editions = load_years(data_root, cache)
    except DataError as error:
        findings += error.findings
    if findings:
        raise DataError(findings)
    assert site is not None and editions is not None
    return site, editions
