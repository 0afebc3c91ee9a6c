"""jieba's dictionary in shards (jiebadict.py), read as text is segmented: it segments as jieba's own
dictionary, with the search's own words and without. Cases that load jieba's one global dictionary
run in a process of their own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jieba

from hrnotice.jiebadict import _covering, _Frequencies

from .conftest import ROOT

TEXT = "专业技术人员继续教育知识更新培训，每人每年累计不少于72学时；机械设计制造及其自动化专业在工作日内报名"
WORDS, UNITS = ["机械设计制造及其自动化"], ["工作日"]  # as the site's search adds them (sitegen.py)

SCRIPT = """
import json, sys
from pathlib import Path
if sys.argv[3] == "plain":
    import jieba  # as anything else imports it: with setuptools' pkg_resources
from hrnotice import jiebadict, sitegen
jiebadict.INSTALLED_DATA = Path(sys.argv[1])
if sys.argv[3] == "install":
    jiebadict.install()
    sys.exit()
jieba = jiebadict.ready()
without = "pkg_resources" not in sys.modules
import pkg_resources  # still there for whatever needs it
text = sys.argv[2]
with sitegen.jieba_user_dictionary(["机械设计制造及其自动化"], Path(sys.argv[1]) / "words.txt", ["工作日"]) as words:
    jieba.load_userdict(str(words))  # as the search plugin does
    with_words = list(jieba.cut(text))
print(json.dumps({"words": list(jieba.cut(text, HMM=False)), "search": list(jieba.cut_for_search(text)),
                  "with words": with_words, "sharded": type(jieba.dt.FREQ).__name__ == "_Frequencies",
                  "without pkg_resources": without}))
"""


def segmented(folder: Path, how: str = "jiebadict", temp: Path | None = None) -> dict:
    """Segmented in a new process, with the shards in `folder` (if any). `temp`: the temporary
    folder, where jieba keeps a marshal copy of its own dictionary (none there: it builds one from its
    dict.txt)."""
    environment = {**os.environ, "TMPDIR": str(temp)} if temp else None
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder), TEXT, how], cwd=ROOT, capture_output=True,
                          text=True, check=True, env=environment)
    return json.loads(done.stdout) if how != "install" else {}


def test_the_shards_segment_as_the_whole_dictionary(tmp_path: Path) -> None:
    whole = jieba.Tokenizer()
    whole.check_initialized()
    (tmp_path / "shards").write_bytes(_Frequencies.written(whole.FREQ, whole.total))
    frequencies, total = _Frequencies.read(tmp_path / "shards")
    sharded = jieba.Tokenizer()
    sharded.FREQ, sharded.total, sharded.initialized = frequencies, total, True
    _covering(sharded, frequencies)
    assert total == whole.total and len(frequencies) < len(whole.FREQ) / 20  # one-character words only, so far
    text = "".join((ROOT / "data" / name).read_text(encoding="utf-8-sig") for name in ("notice.md", "institutions.csv"))
    for tokenizer in (whole, sharded):  # the search's words, some kept whole, some cut out of longer ones
        tokenizer.add_word(WORDS[0])
        tokenizer.add_word(UNITS[0], 50000)
    assert list(sharded.cut(text)) == list(whole.cut(text))
    assert list(sharded.cut(text, HMM=False)) == list(whole.cut(text, HMM=False))
    assert list(sharded.cut_for_search(text)) == list(whole.cut_for_search(text))
    assert sharded.suggest_freq("专业技术", tune=False) == whole.suggest_freq("专业技术", tune=False)
    assert len(frequencies) < len(whole.FREQ) / 5  # what the text needed, not the whole dictionary


def test_installed_shards_are_read_and_segment_as_jiebas_own(tmp_path: Path) -> None:
    own = segmented(tmp_path / "none", "plain")  # no shards, jieba imported as usual: jieba's own file
    segmented(tmp_path / "installed", "install")
    (tmp_path / "empty").mkdir()
    sharded = segmented(tmp_path / "installed", temp=tmp_path / "empty")
    assert sharded["sharded"] and not own["sharded"]
    assert not (tmp_path / "empty" / "jieba.cache").exists()  # jieba's own dictionary never read
    assert {key: own[key] for key in ("words", "search", "with words")} == \
        {key: sharded[key] for key in ("words", "search", "with words")}
    assert "技术人员" in own["words"] and "72" in own["words"]
    # The search's words count inside the block only, in both.
    assert "机械设计制造及其自动化" in own["with words"] and "机械设计制造及其自动化" not in own["words"]


def test_damaged_shards_are_not_read(tmp_path: Path) -> None:
    segmented(tmp_path, "install")
    [shards] = tmp_path.glob("jieba-*.bin")
    stored = shards.read_bytes()
    own = segmented(tmp_path / "none")
    for damaged in (stored[:1000], stored[:5_000_000] + bytes([stored[5_000_000] ^ 1]) + stored[5_000_001:]):
        shards.write_bytes(damaged)
        again = segmented(tmp_path)
        assert not again["sharded"] and again["words"] == own["words"]


def test_jieba_is_loaded_without_pkg_resources_and_finds_its_own_files_by_path(tmp_path: Path) -> None:
    # Importing pkg_resources took 0.13 s of every process that segments; jieba only opened its own
    # files with it. With no copy of its dictionary anywhere, jieba reads its dict.txt that way.
    for temp in ("a", "b"):
        (tmp_path / temp).mkdir()
    own, by_path = segmented(tmp_path / "none", "plain", tmp_path / "a"), segmented(tmp_path / "none", temp=tmp_path / "b")
    assert (tmp_path / "b" / "jieba.cache").is_file()  # built from dict.txt, and kept there by jieba
    assert by_path["without pkg_resources"] and not own["without pkg_resources"]
    assert by_path["words"] == own["words"]
