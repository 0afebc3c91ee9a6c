"""jieba's dictionary kept pickled in the build cache (jiebadict.py): read from there, it segments as
jieba's own. Each case runs in a process of its own, as jieba's dictionary is one per process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

TEXT = "专业技术人员继续教育知识更新培训，每人每年累计不少于72学时"

SCRIPT = """
import json, sys
if sys.argv[3] == "plain":
    import jieba  # as anything else imports it: with setuptools' pkg_resources
from hrnotice import jiebadict
from hrnotice.cache import BuildCache
cache = BuildCache(None if sys.argv[1] == "-" else __import__("pathlib").Path(sys.argv[1]))
jiebadict.keep_in(cache)
jieba = jiebadict.ready()
without = "pkg_resources" not in sys.modules
import pkg_resources  # still there for whatever needs it
print(json.dumps({"words": list(jieba.cut(sys.argv[2], HMM=False)), "hits": cache.hits, "misses": cache.misses,
                  "without pkg_resources": without}))
"""


def segmented(cache: str, how: str = "jiebadict", temp: Path | None = None) -> dict:
    """`temp`: the temporary folder, where jieba keeps a marshal copy of its dictionary (none there:
    it builds the dictionary from its own dict.txt)."""
    environment = {**os.environ, "TMPDIR": str(temp)} if temp else None
    done = subprocess.run([sys.executable, "-c", SCRIPT, cache, TEXT, how], cwd=ROOT, capture_output=True, text=True,
                          check=True, env=environment)
    return json.loads(done.stdout)


def test_the_kept_dictionary_segments_as_jiebas_own(tmp_path: Path) -> None:
    own = segmented("-", "plain")  # no cache, jieba imported as usual: jieba's own file
    first, second = segmented(str(tmp_path)), segmented(str(tmp_path))
    assert (first["misses"], second["hits"]) == (["jieba"], ["jieba"])  # kept by the first, read by the second
    assert own["words"] == first["words"] == second["words"]
    assert "技术人员" in own["words"] and "72" in own["words"]


def test_jieba_is_loaded_without_pkg_resources_and_finds_its_own_files_by_path(tmp_path: Path) -> None:
    # Importing pkg_resources took 0.13 s of every process that segments; jieba only opened its own
    # files with it. With no copy of its dictionary anywhere, jieba reads its dict.txt that way.
    for temp in ("a", "b"):
        (tmp_path / temp).mkdir()
    own, by_path = segmented("-", "plain", tmp_path / "a"), segmented("-", temp=tmp_path / "b")
    assert (tmp_path / "b" / "jieba.cache").is_file()  # built from dict.txt, and kept there by jieba
    assert by_path["without pkg_resources"] and not own["without pkg_resources"]
    assert by_path["words"] == own["words"]


def test_a_damaged_dictionary_is_not_read(tmp_path: Path) -> None:
    segmented(str(tmp_path))
    [blob] = [p for p in (tmp_path / "blobs").glob("*/*") if p.stat().st_size > 1_000_000]
    blob.write_bytes(blob.read_bytes()[:1000])  # truncated
    again = segmented(str(tmp_path))
    assert again["misses"] == ["jieba"] and again["words"] == segmented("-")["words"]
