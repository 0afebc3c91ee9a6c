#!/usr/bin/env python3
"""Catalog benchmark (run on demand, not a test): build time, peak memory and sizes by catalog size.

    python bench/bench_catalog.py [--repeat 3] [--sizes 150,1000,5000,20000] [--no-pdf]

Each build runs in a fresh process (so peak memory is its own) on a copy of data/ whose
institutions.csv holds N synthetic rows; an empty catalog (header only) is built in the same
run for the ratio. "build" is the whole build as `python build.py` runs it (forms and their
PDFs included, unless --no-pdf); "site" is the website alone (load, pages, MkDocs, scan), which
is where the catalog's own cost lies. Targets (issue 3): 5,000 rows add at most 50 % to the
empty build's time, the catalog page stays under 400 KB gzipped, the search index under 1 MB.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hrnotice.formspec import load_forms  # noqa: E402
from hrnotice.templating import FORM_TEMPLATES  # noqa: E402

CITIES = ["哈尔滨", "齐齐哈尔", "牡丹江", "佳木斯", "大庆", "鸡西", "双鸭山", "伊春", "七台河", "鹤岗", "黑河", "绥化",
          "大兴安岭"]
GROUPS = {
    "工程技术": "土木 机械 电气 电子 通信 计算机 软件 自动化 材料 化工 环境 测绘 建筑 交通 水利 石油 采矿 安全 船舶 核能",
    "农业": "农学 植物保护 动物医学 畜牧 园艺 林学 草业 水产 农业机械 土壤 种子 森林保护",
    "经济": "金融 统计 国际贸易 工商管理 市场营销 物流 人力资源 财政 保险 旅游管理",
    "卫生": "临床医学 护理 预防医学 医学影像 医学检验 口腔医学 中医 针灸推拿 康复治疗 卫生管理",
    "社会科学": "法学 新闻 档案 图书馆 翻译 心理 历史 汉语言文学 美术 音乐",
}
SUFFIXES = ["工程", "技术", "管理", "与应用", "基础", "实务", "前沿", "新进展"]
# Measured in the child process: the whole build, as `python build.py` runs it.
WHOLE = "pipeline.build(Path({data!r}), Path({site!r}), pdf={pdf!r})"
SITE_ONLY = """
site_data, editions = load_data(Path({data!r}))
edition = editions[-1]
build(site_source(edition, YearFiles(), site=site_data, kind=SiteKind.YEAR), Path({site!r}) / "docs",
      Path({site!r}) / "site")
assert not scan_site(Path({site!r}) / "site", allowed_links=edition.catalog.registration_urls | filing_links(site_data),
                     own_url=site_data.identity.url)
"""
CHILD = """
import json, resource, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from hrnotice import pipeline
from hrnotice.load import load_data
from hrnotice.site import SiteKind, YearFiles, filing_links, site_source
from hrnotice.sitegen import build
from hrnotice.sitescan import scan_site
started = time.perf_counter()
{step}
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def synthetic_rows(count: int) -> list[list[str]]:
    """`count` rows over count/20 institutions, each specialty once per institution."""
    specialties = [(group, word + suffix) for group, words in GROUPS.items()
                   for word in words.split() for suffix in SUFFIXES]
    rows = []
    per_institution = 20
    for index in range(count):
        number, slot = divmod(index, per_institution)
        group, specialty = specialties[(number * 7 + slot) % len(specialties)]
        city = CITIES[number % len(CITIES)]
        rows.append([f"{city}第{number + 1}职业技术学院", city, group, specialty,
                     f"https://www.college{number + 1}.edu.cn/", f"0451-8{number:07d}", "继续教育学院",
                     "含网上面授" if slot % 5 == 0 else ""])
    return rows


def make_data(folder: Path, count: int) -> Path:
    """The current notice's data (earlier years left out) in `folder/data-N`, its catalog N synthetic rows."""
    data = folder / f"data-{count}"
    data.mkdir(parents=True)
    for path in (ROOT / "data").iterdir():
        if path.is_file() and path.name != "institutions.csv":
            shutil.copy(path, data / path.name)
    columns = load_forms(FORM_TEMPLATES).catalog.columns
    with (data / "institutions.csv").open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([column.header for column in columns])
        writer.writerows(synthetic_rows(count))
    return data


def build_once(step: str, data: Path, site: Path, pdf: bool) -> dict:
    shutil.rmtree(site, ignore_errors=True)
    code = CHILD.format(root=str(ROOT), step=step.format(data=str(data), site=str(site), pdf=pdf))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=data.parent)
    if done.returncode:
        sys.exit(f"build of {data.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(data: Path, site: Path, repeat: int, pdf: bool) -> dict:
    sites = [build_once(SITE_ONLY, data, site.with_name(site.name + "-alone"), pdf) for _ in range(repeat)]
    runs = [build_once(WHOLE, data, site, pdf) for _ in range(repeat)]
    page = (site / "catalog" / "index.html").read_bytes()
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "site_seconds": statistics.median(r["seconds"] for r in sites),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "page_kb": len(page) / 1024,
        "page_gz_kb": len(gzip.compress(page, 6)) / 1024,
        "index_kb": (site / "search" / "search_index.json").stat().st_size / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per size; the median time is shown")
    parser.add_argument("--sizes", default="150,1000,5000,20000", help="catalog sizes, comma-separated")
    parser.add_argument("--no-pdf", action="store_true", help="whole builds without the forms' PDFs")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as temp:
        folder = Path(temp)
        print(f"{'rows':>6} {'build s':>8} {'× empty':>8} {'site s':>7} {'× empty':>8} {'peak MB':>8} "
              f"{'page KB':>8} {'gzip KB':>8} {'index KB':>9}", flush=True)
        empty = None
        for count in [0, *sizes]:
            result = measure(make_data(folder, count), folder / f"site-{count}", args.repeat, not args.no_pdf)
            empty = empty or result
            print(f"{count:>6} {result['seconds']:>8.2f} {result['seconds'] / empty['seconds']:>8.2f} "
                  f"{result['site_seconds']:>7.2f} {result['site_seconds'] / empty['site_seconds']:>8.2f} "
                  f"{result['peak_mb']:>8.0f} {result['page_kb']:>8.0f} {result['page_gz_kb']:>8.0f} "
                  f"{result['index_kb']:>9.0f}", flush=True)
    print("targets: 5,000 rows ≤ 1.50 × empty; page ≤ 400 KB gzipped; search index < 1,024 KB")


if __name__ == "__main__":
    main()
