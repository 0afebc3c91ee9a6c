"""Output folders: replaced only when nothing is lost (issue: `--site data` used to delete data/)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hrnotice import output
from hrnotice.output import MARKER, replace_dir

from .conftest import ROOT, run
from .test_intake_excel import HEAD, ROWS, fill

REFUSE_SUFFIX = "：生成时会整个替换这个目录，{what}将被删除；请另指定一个新的或空的目录\n"


def refused(option: str, target: str, relation: str, what: str) -> str:
    return f"错误：{option} {target} {relation}{what}" + REFUSE_SUFFIX.format(what=what)


@pytest.mark.parametrize(("args", "message"), [
    (["--site", "data"], refused("--site", "data", "就是", "数据目录 data")),
    (["--forms", "data"], refused("--forms", "data", "就是", "数据目录 data")),
    (["--site", "."], refused("--site", ".", "包含", "数据目录 data")),
    (["--forms", "out", "--site", "out"], refused("--site", "out", "就是", "表格目录 out")),
    (["--server", "data"], refused("--server", "data", "就是", "数据目录 data")),
    (["--server", "site"], refused("--site", "site", "就是", "服务器配置目录 site")),
])
def test_a_build_never_replaces_the_data(workdir: Path, args: list[str], message: str) -> None:
    before = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    result = run(*args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert sorted(p.relative_to(workdir) for p in workdir.rglob("*")) == before


@pytest.mark.parametrize(("folder", "relation", "what"), [
    (ROOT, "就是", "本项目的目录"),
    (ROOT / "templates", "就是", "模板目录 templates"),
    (ROOT.parent, "包含", "本项目的目录"),
])
def test_a_build_never_replaces_the_project(workdir: Path, folder: Path, relation: str, what: str) -> None:
    result = run("--site", str(folder))
    assert (result.exit_code, result.stderr) == (2, refused("--site", str(folder), relation, what))
    assert (ROOT / "hrnotice" / "cli.py").is_file()


def test_a_folder_with_other_files_is_not_replaced(workdir: Path) -> None:
    (workdir / "网站").mkdir()
    (workdir / "网站" / "笔记.txt").write_text("留着", encoding="utf-8")
    result = run("--site", "网站")
    assert result.exit_code == 2
    assert result.stderr == (
        f"错误：--site 网站 已有内容，但不是本工具生成的（其中没有 {MARKER} 文件）：生成时会整个替换这个目录，"
        "其中的文件将被删除；请另指定一个新的或空的目录，或先自行移走其中的文件\n")
    assert (workdir / "网站" / "笔记.txt").read_text(encoding="utf-8") == "留着"


def test_a_file_is_no_output_folder(workdir: Path) -> None:
    (workdir / "site").write_text("x", encoding="utf-8")
    result = run()
    assert (result.exit_code, result.stderr) == (2, "错误：--site site 是一个文件，不是目录；请另指定一个目录\n")


@pytest.mark.slow
def test_an_empty_or_marked_folder_is_replaced(workdir: Path) -> None:
    (workdir / "site").mkdir()
    assert run("--no-pdf").exit_code == 0
    assert (workdir / "site" / MARKER).is_file() and (workdir / "forms" / MARKER).is_file()
    (workdir / "site" / "旧页面.html").write_text("old", encoding="utf-8")
    assert run("--no-pdf").exit_code == 0  # the tool's own folder, marked: replaced whole
    assert not (workdir / "site" / "旧页面.html").exists()


def no_rm(*_args, **_kwargs):
    raise FileNotFoundError("rm")


@pytest.mark.parametrize("rm", [True, False])
def test_the_old_output_is_removed_after_the_new_one_took_its_place(
        tmp_path: Path, rm: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    # A process of its own (rm) removes it, so that the build does not wait; without one, at once.
    if not rm:
        monkeypatch.setattr(output.subprocess, "Popen", no_rm)
    target, old = tmp_path / "site", tmp_path / ".site-old"
    for build in ("first", "second"):
        new = tmp_path / f"{build}-staging"
        (new / "forms").mkdir(parents=True)
        for number in range(200):
            (new / "forms" / f"{number}.docx").write_text(build, encoding="utf-8")
        replace_dir(new, target)
        assert (target / "forms" / "7.docx").read_text(encoding="utf-8") == build and not new.exists()
    deadline = time.monotonic() + 10
    while old.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.fixture
def returns(workdir: Path) -> Path:
    folder = workdir / "收回"
    folder.mkdir()
    fill(folder / "录取表.xlsx", "admission", HEAD, ROWS)
    return folder


@pytest.mark.parametrize(("inputs", "out", "relation", "what"), [
    (["收回"], "收回", "就是", "要读取的 收回"),
    (["收回/录取表.xlsx"], "收回", "包含", "要读取的 收回/录取表.xlsx"),
    (["收回"], ".", "包含", "数据目录 data"),
    (["收回"], "data", "就是", "数据目录 data"),
])
def test_intake_never_replaces_the_returns(returns: Path, workdir: Path, inputs: list[str], out: str,
                                           relation: str, what: str) -> None:
    before = {p: p.read_bytes() for p in workdir.rglob("*") if p.is_file()}
    result = run("intake", *inputs, "--out", out)
    assert (result.exit_code, result.stderr) == (2, refused("--out", out, relation, what))
    assert {p: p.read_bytes() for p in workdir.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("package", ["click", "pikepdf"])
def test_a_package_the_environment_lacks_is_named_with_how_to_install_it(workdir: Path, package: str) -> None:
    # As after updating the project without running install.sh again: a message, never a traceback.
    hidden = (f"import runpy, sys; sys.modules[{package!r}] = None; import importlib.metadata as m; "
              f"real = m.version; m.version = lambda p: real(p) if p != {package!r} else (_ for _ in ()).throw("
              f"m.PackageNotFoundError(p)); sys.argv = ['build.py', '--site', 'x-site', '--forms', 'x-forms']; "
              f"runpy.run_path({str(ROOT / 'build.py')!r}, run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", hidden], cwd=workdir, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HRNOTICE_CACHE": str(workdir / "cache")})
    assert (done.returncode, done.stderr.strip().splitlines()[-1]) == (
        1, f"错误：缺少 Python 软件包 {package}（本工具的依赖有更新，或没有装全）；请重新运行 bash scripts/install.sh")
    assert "Traceback" not in done.stderr and not (workdir / "x-site").exists()
