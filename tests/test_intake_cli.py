"""`python build.py intake PATH...`: one report, rosters per annex, exit 1 when a return has errors."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from .conftest import run
from .test_intake_excel import HEAD, ROWS, fill, sheet


@pytest.fixture
def returns(workdir: Path) -> Path:
    """A folder as the clerk keeps it: a good sheet, the same sheet sent twice, and an old .doc."""
    folder = workdir / "收回"
    folder.mkdir()
    fill(folder / "录取表.xlsx", "admission", HEAD, ROWS)
    (folder / "再次发送.xlsx").write_bytes((folder / "录取表.xlsx").read_bytes())
    (folder / "登记表.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    return folder


@pytest.fixture(autouse=True)
def shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command loads `data/`; the tests' returns use the small catalog of the helpers."""
    from hrnotice import cli

    from .intake_helpers import edition

    monkeypatch.setattr(cli, "load_years", lambda _data: [edition()])


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_intake_reports_every_file_and_writes_the_rosters(returns: Path, workdir: Path) -> None:
    result = run("intake", "收回", "--out", "汇总")
    assert result.exit_code == 1
    assert result.stdout == (
        "读取 1 份表格（附件2学员录取表 2 人），拒收 2 份；错误 2 条，警告 0 条，待核对 0 条\n"
        "\n"
        "收回/录取表.xlsx: 错误 refused: 未读取：与 收回/再次发送.xlsx 内容完全相同（重复交回），已跳过\n"
        "收回/登记表.doc: 错误 refused: 未读取：这是旧版 Word（.doc）文件；请在 Word 或 WPS 中“另存为”Word 文档（.docx）后再交\n"
        "汇总表和检查报告已写入 汇总/\n")
    assert sorted(p.name for p in (workdir / "汇总").iterdir()) == [".hrnotice-output", "学员录取表汇总.csv", "学员录取表汇总.xlsx", "检查报告.txt"]
    report = (workdir / "汇总" / "检查报告.txt").read_text(encoding="utf-8-sig")
    assert report == result.stdout.rsplit("汇总表", 1)[0]


def test_a_second_run_gives_the_same_bytes_and_ignores_its_own_output(returns: Path, workdir: Path) -> None:
    run("intake", "收回", "--out", "收回/汇总")
    first = digest(workdir / "收回" / "汇总")
    result = run("intake", "收回", "--out", "收回/汇总")
    assert "汇总/学员录取表汇总" not in result.stdout  # the rosters are not read as returns
    assert digest(workdir / "收回" / "汇总") == first


def test_clean_returns_exit_zero(workdir: Path) -> None:
    fill(workdir / "录取表.xlsx", "admission", HEAD, ROWS)
    result = run("intake", "录取表.xlsx")
    assert (result.exit_code, result.stdout.splitlines()[0]) == (
        0, "读取 1 份表格（附件2学员录取表 2 人），拒收 0 份；错误 0 条，警告 0 条，待核对 0 条")
    assert (workdir / "returns-checked" / "学员录取表汇总.csv").is_file()


def test_a_missing_path_is_an_argument_error(workdir: Path) -> None:
    result = run("intake", "没有这个文件夹")
    assert result.exit_code == 2
    assert "没有这个文件夹" in result.stderr
    assert not (workdir / "returns-checked").exists()


def test_the_blank_sheet_itself_reads_as_a_return_without_trainees(workdir: Path) -> None:
    from .intake_helpers import edition

    (workdir / "空表.xlsx").write_bytes(sheet("completion", institution=None))
    result = run("intake", "空表.xlsx")
    assert result.stdout.splitlines()[0] == "读取 1 份表格（附件4学员结业表 0 人），拒收 0 份；错误 4 条，警告 0 条，待核对 0 条"
