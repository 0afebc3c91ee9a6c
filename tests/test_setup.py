"""What scripts/install.sh leaves behind, beyond the packages the other tests use."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import date
from pathlib import Path

import jieba.finalseg.prob_emit
import pytest

import hrnotice.pipeline
from hrnotice import installed, jiebadict, sitegen, templating, workdays

from .conftest import DATA, edit


def test_the_set_up_leaves_the_libraries_and_the_package_compiled() -> None:
    # Where PYTHONDONTWRITEBYTECODE is set (CI, some servers), Python never writes what it compiles:
    # install.sh compiles the package and the libraries. jieba, which pip builds from its source,
    # came uncompiled, and its table of probabilities took 0.4 s of every build to compile.
    for module in (jieba.finalseg.prob_emit, hrnotice.pipeline):
        assert Path(importlib.util.cache_from_source(module.__file__)).is_file(), module.__name__


def test_the_set_up_leaves_jiebas_dictionary_in_shards_and_the_working_day_calendar_as_a_table() -> None:
    # Read whole, jieba's dictionary took half a second to a second of every build (jiebadict.py);
    # importing holidays, 0.15 s (workdays.py).
    assert jiebadict._Frequencies.read(jiebadict.shards(jieba)) is not None
    assert str(date.today().year) in workdays._table()


def test_templates_are_compiled_at_installation_again_and_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A build reads the templates install.sh compiled: installing again must not compile (and keep) nothing.
    for module in (templating, sitegen, installed):
        monkeypatch.setattr(module, "INSTALLED_TEMPLATES", tmp_path / "templates")
    kept = []
    for _ in range(2):
        installed.compile_templates(DATA)
        kept.append(sorted(path.name for path in (tmp_path / "templates").iterdir()))
    assert kept[0] == kept[1] and len([name for name in kept[0] if name.startswith("__jinja2_")]) > 20


def test_data_with_an_error_leave_the_templates_uncompiled_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    for module in (templating, sitegen, installed):
        monkeypatch.setattr(module, "INSTALLED_TEMPLATES", tmp_path / "templates")
    shutil.copytree(DATA, tmp_path / "data")
    edit(tmp_path / "data" / "notice.yml", "year: 2012", "year: 20x2")
    installed.compile_templates(tmp_path / "data")
    assert capsys.readouterr().err == (f"提示：{tmp_path / 'data'} 中的数据有错误，网页模板没有预先编译"
                                       "（生成时再编译，每个网站慢约半秒）\n")
    assert not (tmp_path / "templates").exists()
