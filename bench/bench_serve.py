#!/usr/bin/env python3
"""Preview benchmark (run on demand, not a test): how soon an edit to notice.md is served.

    python bench/bench_serve.py [--edits 5]

Starts `python build.py serve` on a copy of the shipped data, then, edit after edit, adds a new
word to a sentence of notice.md and asks the preview for the notice page every 20 ms until the page
carries the word. It prints each delay and their median. The browser shows the page as soon as it
is served: its live-reload request is already waiting for the new version. Target (issue 16): 1 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "不断提高专业技术人员的专业水平"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, word: str, limit: float = 60) -> float:
    """Seconds until the page at `url` carries `word`."""
    started = time.perf_counter()
    while word not in page(url):
        if time.perf_counter() - started > limit:
            sys.exit(f"the preview did not show {word} within {limit} s")
        time.sleep(0.02)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as temp:
        work = Path(temp)
        shutil.copytree(ROOT / "data", work / "data")
        body = work / "data" / "notice.md"
        original = body.read_text(encoding="utf-8")
        port = free_port()
        url = f"http://127.0.0.1:{port}/notice/"
        server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)], cwd=work,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                                  # Ctrl+C as in a terminal, even when this runs in a script's background
                                  preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                                  env={**os.environ, "HRNOTICE_CACHE": str(work / "cache")})
        try:
            print(f"first page served after {wait_for(url, SENTENCE):.2f} s", flush=True)
            delays = []
            for edit in range(1, args.edits + 1):
                word = f"修改{edit}号"
                time.sleep(1)  # the preview is idle again
                body.write_text(original.replace(SENTENCE, f"{SENTENCE}{word}", 1), encoding="utf-8")
                delays.append(wait_for(url, word))
                print(f"edit {edit}: served after {delays[-1]:.2f} s", flush=True)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=30)
    print(f"\nmedian {statistics.median(delays):.2f} s (target 1 s; cores: {os.cpu_count()})")


if __name__ == "__main__":
    main()
