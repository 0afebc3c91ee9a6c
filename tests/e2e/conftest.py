"""Browser tests: the built site served on 127.0.0.1, driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import axe_playwright_python
import pytest

from ..conftest import ROOT

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


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served on a free port of 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site, served; yields its base URL."""
    with serving(built_site) as url:
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
