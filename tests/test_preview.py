"""`python build.py serve`: the preview serves the site and shows an edit to notice.md by itself."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, edit

pytestmark = pytest.mark.slow  # MkDocs serves


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(url: str, word: str, seconds: float) -> bool:
    """Whether the page at `url` carries `word` within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if word in response.read().decode("utf-8"):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def as_from_a_terminal() -> None:
    """Ctrl+C handled as in a terminal: tests run in the background of a script (`&`) start with it
    ignored, and the preview would inherit that (it did, in a fresh clone's run, and never stopped)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_the_preview_shows_an_edit_to_the_notice_without_being_restarted(workdir: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/notice/"
    # PYTHONFAULTHANDLER: should it not stop on Ctrl+C, SIGABRT makes it print where each thread is.
    preview = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], cwd=workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=as_from_a_terminal,
                               env={**os.environ, "HRNOTICE_CACHE": str(workdir / "cache"), "PYTHONFAULTHANDLER": "1"})
    try:
        assert served(url, "不断提高专业技术人员的专业水平", 90)
        edit(workdir / "data" / "notice.md", "不断提高专业技术人员的专业水平", "不断提高专业技术人员的专业水平和能力")
        assert served(url, "专业水平和能力", 30)
    finally:
        os.killpg(preview.pid, signal.SIGINT)  # Ctrl+C
        try:
            _, errors = preview.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(preview.pid, signal.SIGABRT)
            _, errors = preview.communicate(timeout=30)
            pytest.fail(f"the preview did not stop on Ctrl+C:\n{errors.decode('utf-8', 'replace')[-5000:]}")
    assert "Traceback" not in errors.decode("utf-8", "replace")
