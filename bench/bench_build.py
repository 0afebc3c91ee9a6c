#!/usr/bin/env python3
"""Build benchmark (run on demand, not a test): our build against an empty MkDocs Material site.

    python bench/bench_build.py [--repeat 3] [--rows 5000] [--no-large]

Every measurement is a whole process, as the clerk runs it (`python build.py`), timed by the
wall clock, with its peak memory (the largest of the build and the processes it waited for,
LibreOffice included). In each round, the states are run one after another (interleaved, so
that a slow moment of a shared machine falls on all of them alike):

  material      an empty site of the same theme, language and jieba search (`mkdocs build`)
  cold          the shipped data, with PDFs, the cache empty
  warm          nothing changed since the last build
  sentence      one sentence of notice.md edited (a new wording each round)
  row           one catalog row edited (a new remark each round)
  10 years      warm, with ten archived years before the current one (made with `new-year`)
  10y sentence  the same after editing a sentence of the current notice

and at the end, once a round, `cold N rows`: a synthetic catalog of N rows (N/20 institutions), with PDFs.
It prints the median of each state, its ratio to the median of `material`, and peak memory.
Targets (issue 16): cold ≤ 2.5×, warm ≤ 1.3×, sentence ≤ 1.5×, row ≤ 2×, ten years add ≤ 15 % to
a warm build, cold 5,000 rows ≤ 10× and ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_catalog import make_data  # noqa: E402


MATERIAL = """site_name: 专业技术人员继续教育知识更新培训
docs_dir: docs
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
      separator: '[\\s\\u200b\\-，。：；、（）《》“”]+'
"""
SENTENCE = "不断提高专业技术人员的专业水平"  # in the body every year; each round adds a new word to it


def run(command: list[str], cwd: Path, environment: dict | None = None) -> tuple[float, float]:
    """Wall seconds and peak memory (MB) of one process and the processes it waited for."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env={**os.environ, **(environment or {})})
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()[-3000:]}")
    process.stderr.close()
    return seconds, usage.ru_maxrss / 1024


def build(data: str, cache: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "--data", data, "--site", f"site-{cache}",
            "--forms", f"forms-{cache}"]


def ten_years(work: Path) -> Path:
    """A copy of the data with ten archived years, each made from the one before by `new-year`."""
    data = work / "years" / "data"
    shutil.copytree(ROOT / "data", data)
    for year in range(2013, 2023):
        subprocess.run([sys.executable, str(ROOT / "build.py"), "new-year", str(year)], cwd=data.parent,
                       check=True, capture_output=True)
        notice = data / "notice.yml"
        # What new-year leaves for the clerk: the serials of the document number and the index number.
        text = re.sub(r"】号", "】5号", notice.read_text(encoding="utf-8"))
        notice.write_text(re.sub(r"(/\d{4}-)\n", r"\g<1>00005\n", text), encoding="utf-8")
    return data


def edit_sentence(data: Path, round_: int) -> None:
    body = data / "notice.md"
    text = re.sub(r"（修改\d+）", "", body.read_text(encoding="utf-8"))
    body.write_text(text.replace(SENTENCE, f"{SENTENCE}（修改{round_}）", 1), encoding="utf-8")


def edit_row(data: Path, round_: int) -> None:
    """A new remark on the first row (a column of the row, not of its institution)."""
    catalog = data / "institutions.csv"
    lines = catalog.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[1] = re.sub(r"(（修改\d+）)?\r?\n$", f"（修改{round_}）\n", lines[1])
    catalog.write_text("".join(lines), encoding="utf-8-sig")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the median of each state is shown")
    parser.add_argument("--rows", type=int, default=5000, help="rows of the large catalog")
    parser.add_argument("--no-large", action="store_true", help="leave out the cold build of the large catalog")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as temp:
        work = Path(temp)
        (work / "material" / "docs").mkdir(parents=True)
        (work / "material" / "mkdocs.yml").write_text(MATERIAL, encoding="utf-8")
        (work / "material" / "docs" / "index.md").write_text("# 通知\n\n正文。\n", encoding="utf-8")
        shipped = work / "shipped"
        shutil.copytree(ROOT / "data", shipped / "data")
        years = ten_years(work)
        caches = {name: work / "cache" / name for name in ("cold", "shipped", "years")}

        def cached(name: str) -> dict:
            return {"HRNOTICE_CACHE": str(caches[name])}

        states = {
            "material": lambda r: run([sys.executable, "-m", "mkdocs", "build", "-q"], work / "material"),
            "cold": lambda r: (shutil.rmtree(caches["cold"], ignore_errors=True),
                               run(build("data", "cold"), shipped, cached("cold")))[1],
            "warm": lambda r: run(build("data", "shipped"), shipped, cached("shipped")),
            "sentence": lambda r: (edit_sentence(shipped / "data", r),
                                   run(build("data", "shipped"), shipped, cached("shipped")))[1],
            "row": lambda r: (edit_row(shipped / "data", r),
                              run(build("data", "shipped"), shipped, cached("shipped")))[1],
            "10 years": lambda r: run(build("data", "years"), years.parent, cached("years")),
            "10y sentence": lambda r: (edit_sentence(years, r),
                                       run(build("data", "years"), years.parent, cached("years")))[1],
        }
        # Fill the caches the warm states start from (not measured).
        run(build("data", "shipped"), shipped, cached("shipped"))
        run(build("data", "years"), years.parent, cached("years"))
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in states}
        for round_ in range(1, args.repeat + 1):
            for name, state in states.items():
                results[name].append(state(round_))
            print(f"round {round_}: " + ", ".join(f"{n} {r[-1][0]:.2f} s" for n, r in results.items()), flush=True)
        if not args.no_large:  # as many times as there were rounds, each from an empty cache
            data, large = make_data(work / "large", args.rows), work / "cache" / "large"
            results[f"cold {args.rows} rows"] = [
                (shutil.rmtree(large, ignore_errors=True),
                 run(build(data.name, "large"), data.parent, {"HRNOTICE_CACHE": str(large)}))[1]
                for _ in range(args.repeat)]

    base = statistics.median(s for s, _ in results["material"])
    print(f"\n{'state':<18} {'median s':>9} {'× material':>11} {'peak MB':>8}")
    for name, runs in results.items():
        median = statistics.median(s for s, _ in runs)
        print(f"{name:<18} {median:>9.2f} {median / base:>11.2f} {max(m for _, m in runs):>8.0f}")
    warm = statistics.median(s for s, _ in results["warm"])
    archived = statistics.median(s for s, _ in results["10 years"])
    print(f"\nten archived years add {100 * (archived / warm - 1):.0f} % to a warm build "
          f"(cores: {os.cpu_count()}, rounds: {args.repeat})")


if __name__ == "__main__":
    main()
