"""A last look at the built site: nothing loads from other hosts, nothing runs from the data."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .errors import Problem

_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data"}
_CSS_URL = re.compile(r"""url\(\s*['"]?\s*(?:https?:)?//""", re.IGNORECASE)
_SCRIPT_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def is_external(url: str) -> bool:
    """True when `url` points at another host."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "mailto", "tel")


class _Scanner(HTMLParser):
    def __init__(self, allowed_links: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed_links = allowed_links
        self.findings: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, _ = self.getpos()
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.findings.append((line, f"<{tag}> 带有事件属性 {name}="))
            elif name in _URL_ATTRIBUTES:
                if _SCRIPT_SCHEME.match(value.replace("\t", "").replace("\n", "")):
                    self.findings.append((line, f"<{tag} {name}> 使用了脚本链接：{value[:60]}"))
                elif is_external(value) and not (tag == "a" and name == "href" and value in self.allowed_links):
                    self.findings.append((line, f"<{tag} {name}> 指向外部地址：{value[:80]}"))


def scan_site(site_dir: Path, allowed_links: frozenset[str] = frozenset()) -> list[Problem]:
    """Every event attribute, script URL or external reference in the site's HTML and CSS.

    `allowed_links` are the only external addresses allowed, and only as `<a href>`: the
    institutions' registration sites.
    """
    problems: list[Problem] = []
    for path in sorted(site_dir.rglob("*")):
        relative = str(path.relative_to(site_dir))
        if path.suffix == ".html":
            scanner = _Scanner(allowed_links)
            scanner.feed(path.read_text(encoding="utf-8"))
            problems += [Problem(f"site/{relative}", line, None, message) for line, message in scanner.findings]
        elif path.suffix == ".css":
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _CSS_URL.search(line):
                    problems.append(Problem(f"site/{relative}", number, None, "样式表从外部地址加载资源"))
    return problems
