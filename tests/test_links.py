"""Every internal link and anchor of the built site resolves; external links are only allowed ones."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

import pytest

from hrnotice.sitescan import is_external

from hrnotice.site import filing_links

from .conftest import shipped, shipped_site_identity


def resolve(site: Path, page_url: str, href: str) -> tuple[Path, str]:
    """The file an internal href points at from `page_url`, and its fragment."""
    target = urlsplit(urljoin(page_url, href))
    path = site / unquote(target.path).lstrip("/")
    if target.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, target.fragment


@pytest.mark.slow
def test_every_internal_link_and_anchor_resolves(shipped_site: Path) -> None:
    broken, external = [], []
    # The catalog links each institution's registration site, the footer the two filing sites: the
    # only other hosts allowed; a page names its own published address (canonical).
    registration_sites = shipped().catalog.registration_urls | filing_links(shipped_site_identity())
    own = shipped_site_identity().identity.url
    ids: dict[Path, set[str]] = {}
    for page in sorted(shipped_site.rglob("*.html")):
        if page.name == "404.html":
            continue  # served at any address, it links from the site root
        url = "/" + page.relative_to(shipped_site).as_posix()
        for element in html.fromstring(page.read_bytes()).xpath("//a[@href] | //link[@href] | //script[@src]"):
            href = element.get("href") or element.get("src")
            if urlsplit(href).scheme in ("mailto", "tel"):
                continue  # the footer's e-mail and phone: not pages
            if is_external(href):
                if not (element.tag == "a" and href in registration_sites) and not (
                        element.tag == "link" and element.get("rel") == "canonical" and href.startswith(own)):
                    external.append(href)
                continue
            target, fragment = resolve(shipped_site, url, href)
            if not target.is_file():
                broken.append(f"{url} → {href}")
            elif fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(html.fromstring(target.read_bytes()).xpath("//@id"))
                if fragment not in ids[target]:
                    broken.append(f"{url} → {href} (no anchor)")
    assert broken == []
    assert external == []
