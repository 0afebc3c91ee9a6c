"""The site generator, behind one small interface: `build` a site from its pages, `serve` a preview.

This is the only module that knows MkDocs and Material for MkDocs (with `mkdocs.yml` and the
theme overrides in `templates/theme/`): Material is in maintenance until May 2027, and moving to
another generator means replacing these. Pages arrive as Markdown with their title and a few
options; nothing else about them is MkDocs-specific.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Callable, Iterator

from markupsafe import escape

from . import jiebadict
from .cache import code_fingerprint, digest, write_atomically
from .findings import DataError, Finding
from .output import Download
from .templating import INSTALLED_TEMPLATES, ROOT, TEMPLATES, CompiledTemplates

MKDOCS_CONFIG = ROOT / "mkdocs.yml"
ASSETS = TEMPLATES / "assets"


@dataclass(frozen=True)
class Page:
    """A page of the site: its source name (`notice.md` is served at `notice/`), title and content."""

    name: str
    title: str
    content: str  # Markdown, HTML allowed
    search: bool = True  # in the search index
    navigation: bool = True  # with the navigation sidebar
    toc: bool = True  # with the table of contents
    section: str | None = None  # the navigation tab it sits under, if not its own
    meta: dict[str, str] = field(default_factory=dict)  # its <meta name= content=> tags, as plain text


@dataclass(frozen=True)
class Chrome:
    """What every page shows around its content, as plain text and paths the theme templates place.

    `identity` is the site's identity (site.yml); the links are relative to the site's root.
    """

    identity: Any  # model.SiteIdentity: its fields are read by templates/theme/
    url: str  # where this site is served, ending in `/`: the sitemap, canonical links, the 404 page's way home
    meta: dict[str, str] = field(default_factory=dict)  # <meta> tags every page carries, the 404 page too
    feed: str | None = None  # the Atom feed, e.g. `feed.xml`, `../feed.xml`
    calendar: str | None = None  # the iCalendar file of the year's key dates
    badge: str | None = None  # the 党政机关网站标识 image


@dataclass
class SiteSource:
    """Everything one site is made from."""

    pages: list[Page]
    chrome: Chrome
    files: list[Download] = field(default_factory=list)  # downloads, placed beside their pages
    search_words: list[str] = field(default_factory=list)  # kept whole by Chinese search (jieba)
    search_units: list[str] = field(default_factory=list)  # cut out of longer words: 工作日 out of 工作日内
    extra_css: list[str] = field(default_factory=list)  # stylesheets beyond the assets, relative to the site
    published: date | None = None  # pins the dates the generator writes (sitemap)


def _front_matter(page: Page) -> str:
    hidden = [name for name, shown in (("navigation", page.navigation), ("toc", page.toc)) if not shown]
    lines = ["---", f"title: {json.dumps(page.title, ensure_ascii=False)}"]
    if not page.search:
        lines += ["search:", "  exclude: true"]
    if hidden:
        lines += ["hide:", *(f"  - {name}" for name in hidden)]
    if page.meta:  # JSON is YAML: every value arrives as the string it is
        lines.append(f"meta_tags: {json.dumps(page.meta, ensure_ascii=False)}")
    return "\n".join(lines + ["---", ""])


def _nav(pages: list[Page]) -> list:
    nav: list = []
    sections: dict[str, list] = {}
    for page in pages:
        if page.section is None:
            nav.append({page.title: page.name})
        else:
            if page.section not in sections:
                sections[page.section] = []
                nav.append({page.section: sections[page.section]})
            sections[page.section].append({page.title: page.name})
    return nav


def write_sources(source: SiteSource, docs: Path, *, files: bool = True) -> None:
    """The pages as MkDocs reads them, in `docs`, and with `files` the assets and downloads too (the
    preview's; a build hands those to MkDocs, `_hand_files`). A page is written only when it
    changed: the preview then remakes just the pages that did."""
    docs.mkdir(parents=True, exist_ok=True)
    for page in source.pages:
        text = (_front_matter(page) + page.content).encode("utf-8")
        path = docs / page.name
        if not path.is_file() or path.read_bytes() != text:
            path.write_bytes(text)
    if files:
        shutil.copytree(ASSETS, docs / "assets", dirs_exist_ok=True)
        for download in source.files:
            download.write(docs / download.folder)


def _hand_files(config, source: SiteSource) -> None:
    """The assets and downloads handed to MkDocs as files of its own, which it writes into the site
    once: written into `docs` first, each of a site's hundred files was written twice, and read."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    class HandFiles(BasePlugin):
        def on_files(self, found, config):
            for asset in sorted(path for path in ASSETS.rglob("*") if path.is_file()):
                uri = asset.relative_to(ASSETS.parent).as_posix()
                found.append(File.generated(config, uri, abs_src_path=str(asset)))
            for download in source.files:
                uri = posixpath.normpath(f"{download.folder}/{download.path}")
                found.append(File.generated(config, uri, content=download.data))
            return found

    config.plugins["hrnotice/files"] = HandFiles()


class _CountWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _settings(source: SiteSource, *, preview: bool = False) -> dict:
    """The configuration each build sets over mkdocs.yml: navigation, names, address, the chrome's data."""
    chrome = source.chrome
    return {
        "nav": _nav(source.pages),
        # The theme writes these into its HTML unescaped: they go escaped, as Markup, which its `| e`
        # leaves as it is (no double escaping).
        "site_name": escape(chrome.identity.column),
        "site_description": escape(chrome.identity.column_description),
        "site_author": escape(chrome.identity.sponsor),
        # The preview is served at the root of 127.0.0.1; MkDocs would serve it at the site's sub-folder.
        "site_url": None if preview else chrome.url,
        # Read by templates/theme/, which escape every value: the theme's own templates do not.
        "extra": {**_file_settings()[2], "identity": chrome.identity, "site_meta": chrome.meta, "feed": chrome.feed,
                  "calendar": chrome.calendar, "badge": chrome.badge},
    }


def _config(source: SiteSource, docs: Path, site: Path, words: Path):
    from mkdocs.config import load_config

    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site), **_settings(source))
    config.extra_css.extend(source.extra_css)
    # Institution names and specialties kept whole by jieba, so search finds them by full name.
    config.plugins["material/search"].config["jieba_dict_user"] = str(words)
    return config


def prepare() -> None:
    """Load once what every site's build needs (jieba's dictionary, see jiebadict.py; MkDocs, the
    theme and its plugins), before sites are built side by side in copies of this process."""
    import mkdocs.commands.build  # noqa: F401 - loaded here, used by each copy

    jiebadict.ready()
    _file_settings()


def build(source: SiteSource, docs: Path, site: Path, compiled: Path | None = None) -> list[str]:
    """The site of `source` in `site` (its sources written to `docs` first); returns MkDocs' warnings.

    `compiled`: a folder keeping the theme's templates compiled, for the next build.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, ConfigurationError

    write_sources(source, docs, files=False)
    if source.published is not None:  # the sitemap and its gzip header carry the build time otherwise
        published = datetime.combine(source.published, time(), tzinfo=timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(published.timestamp()))
    counter = _CountWarnings()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(counter)
    words = docs.with_name(f"{docs.name}-search-words.txt")  # outside docs: not published
    try:
        with jieba_user_dictionary(source.search_words, words, source.search_units):
            config = _config(source, docs, site, words)
            _hand_files(config, source)
            _keep_compiled(config, compiled)
            mkdocs_build(config)
    except (Abort, ConfigurationError) as error:
        details = "；".join(counter.messages) or str(error)
        raise DataError([Finding.error("mkdocs.yml", None, None, f"网站生成失败：{details}", rule="site")]) from None
    finally:
        mkdocs_log.removeHandler(counter)
    fix_theme_output(site)
    return counter.messages


def _keep_compiled(config, folder: Path | None) -> None:
    """The theme's templates compiled once and kept in `folder` (none with `--no-cache`), not at
    every build: compiling Material's ninety templates takes over half a second a site. Jinja checks
    each against its source's checksum."""
    import jinja2

    if folder is None:
        return
    compiled = CompiledTemplates(folder)
    make_environment = config.theme.get_env

    def environment() -> jinja2.Environment:
        made = make_environment()
        made.bytecode_cache = compiled
        name = f"theme-files-{digest(code_fingerprint(), *config.theme.dirs)}.json"
        made.list_templates = partial(_theme_files, made.list_templates, folder / name, INSTALLED_TEMPLATES / name)
        return made

    config.theme.get_env = environment


def _theme_files(list_templates: Callable[..., list[str]], kept: Path, installed: Path, extensions: object = None,
                 filter_func: Callable[[str], bool] | None = None) -> list[str]:
    """The theme's static files, as MkDocs lists them to copy them (its only call), kept in `kept`
    (or as install.sh kept them, `installed`): listing walks Material's 14,000 icons, a tenth of a
    second a site. What it finds changes only with the theme's version, our theme templates and
    MkDocs' filter, all of them code."""
    for path in (kept, installed):
        try:
            found = json.loads(path.read_bytes())
            if isinstance(found, list) and all(isinstance(name, str) for name in found):
                return found
        except (OSError, ValueError):
            pass
    found = list_templates(extensions, filter_func)
    try:
        write_atomically(kept, json.dumps(found).encode("utf-8"))
    except OSError:  # a read-only cache: listed again next time
        pass
    return found


# What the theme's templates get wrong for our readers, mended in its output rather than by forking
# its templates: `language: zh` gives `lang="zh"` where GB/T 37668 asks for the region, `zh-CN`; the
# search box is a role="dialog" without a name (screen readers say just "dialog"; axe-core
# aria-dialog-name). Each must match every page exactly once: a theme update that changes the
# markup stops the build here instead of silently publishing pages without the fix.
THEME_FIXES = (
    ('<html lang="zh" ', '<html lang="zh-CN" '),
    ('<div class="md-search" data-md-component="search" role="dialog">',
     '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">'),
)


def fix_theme_output(site: Path) -> None:
    """Apply THEME_FIXES to every page of `site`; DataError naming the page and fix that no longer match."""
    findings = []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for old, new in THEME_FIXES:
            if text.count(old) != 1:
                findings.append(Finding.error(
                    str(page.relative_to(site)), None, None,
                    f"主题的输出与预期不同：找不到（或不止一处）“{old}”，无法修补；Material for MkDocs 的版本变了吗？"
                    "请按新的输出更新 hrnotice/sitegen.py 的 THEME_FIXES", rule="theme"))
                continue
            text = text.replace(old, new)
        page.write_text(text, encoding="utf-8")
    if findings:
        raise DataError(findings)


@lru_cache(maxsize=None)
def _file_settings() -> tuple[list, dict, dict, list]:
    """mkdocs.yml's Markdown extensions, their options, its `extra` and its `extra_css`."""
    from mkdocs.config import load_config

    config = load_config(str(MKDOCS_CONFIG), docs_dir=str(ASSETS))  # any folder: no pages are read
    return config.markdown_extensions, config.mdx_configs, dict(config.extra), list(config.extra_css)


def page_html(page: Page) -> str:
    """A page's content as HTML, converted as the site converts it (for checking one page quickly)."""
    import markdown

    extensions, configs, *_rest = _file_settings()
    return markdown.markdown(page.content, extensions=extensions, extension_configs=configs)


# How often jieba takes a unit to occur: enough to cut it out of the longer words its dictionary
# has (工作日 out of 工作日内), so the index holds the word a reader types.
UNIT_FREQUENCY = 50000


@contextmanager
def jieba_user_dictionary(words: list[str], path: Path, units: list[str] = ()) -> Iterator[Path]:
    """`words` (kept whole) and `units` (cut out of longer words) written as a jieba user dictionary
    at `path`; jieba as it was once the block ends.

    The search plugin loads the file into jieba's one global dictionary. Undoing that keeps a
    second build in the same process (preview, tests) from segmenting by the first one's words.
    """
    prepare()
    import jieba  # loaded by prepare

    path.write_text("".join(f"{word}\n" for word in words) + "".join(f"{unit} {UNIT_FREQUENCY}\n" for unit in units),
                    encoding="utf-8")
    tokenizer = jieba.dt
    jiebadict.cover([*words, *units])  # what is saved below is the dictionary's
    prefixes = {word[:end] for word in [*words, *units] for end in range(1, len(word) + 1)}
    saved = {prefix: tokenizer.FREQ.get(prefix) for prefix in prefixes}
    total = tokenizer.total
    try:
        yield path
    finally:
        for prefix, frequency in saved.items():
            if frequency is None:
                tokenizer.FREQ.pop(prefix, None)
            else:
                tokenizer.FREQ[prefix] = frequency
        tokenizer.total = total


# How often the preview looks at the sources it writes: they are a dozen files, so often costs nothing.
PREVIEW_POLL_SECONDS = 0.1


def serve(make_source: Callable[[], SiteSource], watch: list[Path], port: int, work: Path) -> None:
    """Preview at http://127.0.0.1:PORT/ until Ctrl+C, remade from `make_source` when `watch` changes."""
    from mkdocs.commands import serve as mkdocs_serve_command
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    docs = work / "docs"
    source = make_source()
    write_sources(source, docs)

    class OnChange(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if event.event_type in ("modified", "created", "moved", "deleted") and not event.is_directory:
                try:
                    write_sources(make_source(), docs)  # MkDocs watches docs and reloads the browser
                except DataError:
                    pass  # make_source reported it; the preview keeps the last good pages

    class PromptServer(LiveReloadServer):
        """MkDocs' preview server, looking for the sources just written every 0.1 s, not 0.5 s:
        an edit is in the browser a fifth of a second sooner (bench/bench_serve.py)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, polling_interval=PREVIEW_POLL_SECONDS, **kwargs)

    mkdocs_serve_command.LiveReloadServer = PromptServer  # the one server MkDocs' serve makes
    observer = Observer()
    for folder in watch:
        observer.schedule(OnChange(), str(folder), recursive=True)
    observer.start()
    words = work / "search-words.txt"
    try:
        with jieba_user_dictionary(source.search_words, words, source.search_units):
            mkdocs_serve(str(MKDOCS_CONFIG), docs_dir=str(docs), dev_addr=f"127.0.0.1:{port}",
                         extra_css=[*_file_settings()[3], *source.extra_css], **_settings(source, preview=True))
    finally:
        observer.stop()
        observer.join()

