"""Browser tests: the built site served on 127.0.0.1, driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from urllib.parse import urlsplit

import axe_playwright_python
import pytest

from hrnotice.load import load_site
from hrnotice.serverconf import FILE_TYPES, inline_script_hashes, security_headers

from ..conftest import DATA, ROOT

CHROMIUM = "/usr/bin/chromium"
AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")  # axe-core, pinned in requirements-dev.txt
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, never a downloaded browser; root needs --no-sandbox."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}


@pytest.fixture(scope="session")
def built_site(shipped_site: Path) -> Path:
    """The site of the shipped data: its front, the archive and every year's own pages."""
    return shipped_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _PublishedSite(_QuietHandler):
    """The site as nginx serves it with server/nginx.conf: in its sub-folder, with the security
    headers and file types of hrnotice.serverconf, dot-files hidden, 404.html for what is missing."""

    base = "/"
    security: dict[str, str] = {}
    extensions_map = {**_QuietHandler.extensions_map, **{f".{ext}": kind for ext, kind in FILE_TYPES.items()},
                      ".html": "text/html; charset=utf-8", ".js": "application/javascript", ".css": "text/css"}

    def translate_path(self, path: str) -> str:
        clean = urlsplit(path).path
        if not clean.startswith(self.base) or any(part.startswith(".") for part in clean.split("/")):
            return str(Path(self.directory) / ".missing" / "none")  # outside the site, or a dot-file
        return super().translate_path("/" + path[len(self.base):])

    def end_headers(self) -> None:
        for name, value in self.security.items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serving(folder: Path, base: str = "/", security: dict[str, str] | None = None) -> Iterator[str]:
    """`folder` served on a free port of 127.0.0.1 at `base` (with `security` headers); yields its URL,
    without the final `/` (so that `url + "/notice/"` is a page)."""
    handler_class = type("Handler", (_PublishedSite,), {"base": base, "security": security or {}})
    handler = functools.partial(handler_class, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{base.rstrip('/')}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site, served as published: in the sub-folder of data/site.yml's address, with the
    headers of the generated server configuration; yields its base URL."""
    with serving(built_site, load_site(DATA).identity.base_path, security_headers(inline_script_hashes(built_site))) as url:
        yield url


@pytest.fixture(scope="session")
def page_paths(built_site: Path) -> list[str]:
    """Every page of the site as a URL path: `/`, `/notice/` …"""
    paths = []
    for index in sorted(built_site.rglob("index.html")):
        relative = index.parent.relative_to(built_site).as_posix()
        paths.append("/" if relative == "." else f"/{relative}/")
    return paths


def screenshot(page, name: str) -> None:
    """Save a full-page screenshot for a person to look at after the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now.

    axe is put in through the browser's developer interface, not as a <script>: the served
    Content-Security-Policy rightly refuses a script it does not know.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]
