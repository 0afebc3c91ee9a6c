"""A last look at the built site: nothing loads from other hosts, nothing runs from the data."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .findings import Finding

_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data"}
_CSS_URL = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//""", re.IGNORECASE)
_SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def is_external(url: str) -> bool:
    """True when `url` points at another host."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "mailto", "tel")


# Elements that run or embed something: none may come from the data, which only reaches the article.
_ACTIVE = {"script", "iframe", "frame", "object", "embed", "applet", "base", "meta", "link", "style", "form"}
# Scripts a browser runs; `application/json` (the theme's settings) is data, not run.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _Scanner(HTMLParser):
    def __init__(self, allowed_links: frozenset[str], everywhere: bool = False, own_url: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_links = allowed_links
        self.own_url = own_url
        self.findings: list[tuple[int, str]] = []
        self.in_article = 1 if everywhere else 0
        self.scripts: list[str] = []  # the text of each script written into the page that a browser runs
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, _ = self.getpos()
        if tag == "script":
            values = dict(attrs)
            runs = (values.get("type") or "").strip().lower() in _SCRIPT_TYPES
            self._script = [] if runs and not values.get("src") else None
        if tag == "article":
            self.in_article += 1
        elif self.in_article and tag in _ACTIVE and not (tag == "form" and ("role", "search") in attrs):
            self.findings.append((line, f"正文中有 <{tag}> 元素（可能来自数据中的 HTML）；正文只能有文字、段落和链接"))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append((line, f"<{tag}> 带有事件属性 {name}="))
            elif name in _URL_ATTRIBUTES:
                if _SCRIPT_SCHEME.match(value.replace("\t", "").replace("\n", "")):
                    self.findings.append((line, f"<{tag} {name}> 使用了脚本链接：{value[:60]}"))
                elif is_external(value) and not (tag == "a" and name == "href" and value in self.allowed_links) \
                        and not self._names_own_page(tag, name, value, attrs):
                    self.findings.append((line, f"<{tag} {name}> 指向外部地址：{value[:80]}"))

    def _names_own_page(self, tag: str, name: str, value: str, attrs: list[tuple[str, str | None]]) -> bool:
        """A link (never a load) to one of this site's pages at its published address: `canonical`."""
        rel = dict(attrs).get("rel") or ""
        return bool(self.own_url) and value.startswith(self.own_url) and name == "href" and (
            tag == "a" or (tag == "link" and rel in ("canonical", "alternate")))

    def handle_data(self, data: str) -> None:
        if self._script is not None:  # a script's text comes as written (HTML decodes no reference in it)
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.in_article:
            self.in_article -= 1
        elif tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None


def active_markup(text: str) -> list[tuple[int, str]]:
    """What in a piece of HTML written into the data (notice.md) would run or load something: (line, why)."""
    scanner = _Scanner(frozenset(), everywhere=True)
    scanner.feed(text)
    scanner.close()
    return scanner.findings


@dataclass(frozen=True)
class SiteScan:
    """What a look at a built site found: its problems, and the scripts its pages carry."""

    findings: list[Finding]
    scripts: list[str]  # the text of every script written into its pages that a browser runs


def scan(site_dir: Path, allowed_links: frozenset[str] = frozenset(), own_url: str | None = None, *,
         shown_as: str = "site", skip: Collection[str] = ()) -> SiteScan:
    """Every event attribute, script URL or external reference in the site's HTML and CSS, and
    the scripts written into its pages (one reading of each page serves both).

    `allowed_links` are the only external addresses allowed, and only as `<a href>`: the
    institutions' registration sites and the filing sites. `own_url` is where the site itself is
    published: its pages may name themselves there (`<link rel="canonical">`). Files are named
    under `shown_as`; the top folders `skip` (another site's) are left out.
    """
    problems: list[Finding] = []
    scripts: list[str] = []
    for path in sorted(site_dir.rglob("*")):
        if path.relative_to(site_dir).parts[0] in skip:
            continue
        relative = f"{shown_as}/{path.relative_to(site_dir).as_posix()}"
        if path.suffix == ".html":
            scanner = _Scanner(allowed_links, own_url=own_url)
            scanner.feed(path.read_text(encoding="utf-8"))
            scanner.close()
            problems += [Finding.error(relative, line, None, message, rule="site-scan")
                         for line, message in scanner.findings]
            scripts += scanner.scripts
        elif path.suffix == ".css":
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _CSS_URL.search(line):
                    problems.append(Finding.error(relative, number, None, "样式表从外部地址加载资源",
                                                  rule="site-scan"))
    return SiteScan(problems, scripts)
