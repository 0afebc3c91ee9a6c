"""jieba's dictionary kept pickled in the build cache (jiebadict.py): read from there, it segments as
jieba's own. Each case runs in a process of its own, as jieba's dictionary is one per process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

TEXT = "专业技术人员继续教育知识更新培训，每人每年累计不少于72学时"

SCRIPT = """
import json, sys
import jieba
from hrnotice import jiebadict
from hrnotice.cache import BuildCache
cache = BuildCache(None if sys.argv[1] == "-" else __import__("pathlib").Path(sys.argv[1]))
jiebadict.keep_in(cache)
jiebadict.ready()
print(json.dumps({"words": list(jieba.cut(sys.argv[2], HMM=False)), "hits": cache.hits, "misses": cache.misses}))
"""


def segmented(cache: str) -> dict:
    done = subprocess.run([sys.executable, "-c", SCRIPT, cache, TEXT], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def test_the_kept_dictionary_segments_as_jiebas_own(tmp_path: Path) -> None:
    own = segmented("-")  # no cache: jieba's own file
    first, second = segmented(str(tmp_path)), segmented(str(tmp_path))
    assert (first["misses"], second["hits"]) == (["jieba"], ["jieba"])  # kept by the first, read by the second
    assert own["words"] == first["words"] == second["words"]
    assert "技术人员" in own["words"] and "72" in own["words"]


def test_a_damaged_dictionary_is_not_read(tmp_path: Path) -> None:
    segmented(str(tmp_path))
    [blob] = [p for p in (tmp_path / "blobs").glob("*/*") if p.stat().st_size > 1_000_000]
    blob.write_bytes(blob.read_bytes()[:1000])  # truncated
    again = segmented(str(tmp_path))
    assert again["misses"] == ["jieba"] and again["words"] == segmented("-")["words"]
