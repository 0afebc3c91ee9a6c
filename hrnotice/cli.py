"""The command line: `python build.py [check|serve|intake]`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from . import __version__, pipeline
from .checks import Severity, report, run_checks
from .changes import compare
from .errors import DataError, Problem
from .output import OutputFolderRefused
from .newyear import make_next_year
from .load import Edition, load_years, year_folders

DATA = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("data"), show_default=True, help="数据目录")


def _refuse(error: OutputFolderRefused) -> None:
    """An output folder that must not be replaced is a mistake in the command: exit 2, nothing written."""
    click.echo(f"错误：{error}", err=True)
    sys.exit(2)


def _fail(error: DataError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(f"发现 {len(error.problems)} 个问题，未生成任何文件。", err=True)
    sys.exit(1)


class _LateProgressBar:
    """A progress bar on stderr that appears only once its step has run for over a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started: float | None = None
        self.bar = None
        self.shown = 0

    def __enter__(self) -> _LateProgressBar:
        return self

    def __call__(self, done: int, total: int) -> None:
        self.started = self.started or time.monotonic()
        if self.bar is None and sys.stderr.isatty() and time.monotonic() - self.started > 1:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.shown)
            self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", package_name="hrnotice", message="hrnotice %(version)s")
@DATA
@click.option("--site", "site_dir", type=click.Path(path_type=Path),
              default=Path("site"), show_default=True, help="网站输出目录")
@click.option("--forms", "forms_dir", type=click.Path(path_type=Path),
              default=Path("forms"), show_default=True, help="表格输出目录（网站中也有一份）")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="是否用 LibreOffice 生成空白表格的 PDF 版（--no-pdf 生成得更快）")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, site_dir: Path, forms_dir: Path, pdf: bool) -> None:
    """生成继续教育知识更新培训通知的网站和表格。不带子命令时生成全部内容。"""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        try:
            with _LateProgressBar("生成各院校的表格") as progress:
                summary = pipeline.build(data_dir, site_dir, forms_dir, pdf=pdf, progress=progress)
        except DataError as error:
            _fail(error)
        except OutputFolderRefused as error:
            _refuse(error)
        for finding in summary.findings:
            if finding.severity is Severity.WARNING:
                click.echo(str(finding), err=True)
        for warning in summary.warnings:
            click.echo(f"警告：{warning}", err=True)
        hints = sum(1 for f in summary.findings if f.severity is Severity.INFO)
        if hints:
            click.echo(f"另有提示 {hints} 条，运行 python build.py check 查看。", err=True)
        click.echo(str(summary))


@main.command()
@click.option("--strict", is_flag=True, help="警告也视为错误（退出码 1）")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="输出格式；json 供脚本使用")
@click.pass_context
def check(ctx: click.Context, strict: bool, output_format: str) -> None:
    """检查数据的前后一致性，不生成文件。有错误时退出码为 1。"""
    editions: list[Edition] = []
    try:
        editions = load_years(ctx.obj["data_dir"])
        findings = pipeline.all_findings(editions)
    except DataError as error:
        if output_format == "text":
            _fail(error)
        findings = [report.from_problem(problem) for problem in error.problems]
    if output_format == "json":
        click.echo(report.as_json(findings, strict))
    else:
        for edition in editions:  # which file and encoding each catalog was read from (never guessed, but shown)
            catalog = edition.catalog
            click.echo(f"附件1：读取 {catalog.source}，{len(catalog.institutions)} 所培训院校、"
                       f"{len(catalog.rows)} 个培训专业", err=True)
        for line in report.as_text(findings, strict):
            click.echo(line)
    sys.exit(1 if report.failed(findings, strict) else 0)


@main.command()
@click.option("--port", default=8000, show_default=True, help="预览端口")
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """本地预览网站；修改 data/ 或 templates/ 后自动刷新。"""
    from .preview import serve as run_preview

    run_preview(ctx.obj["data_dir"], port)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              default=Path("returns-checked"), show_default=True, help="汇总表和检查报告的输出目录（每次整个替换）")
@click.pass_context
def intake(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path) -> None:
    """读取收回的附件2、3、4（.docx 或 .xlsx；文件或文件夹），逐行检查，汇总成表。有错误时退出码为 1。"""
    from .intake.roster import report_text
    from .intake.run import run_intake

    try:
        edition = load_years(ctx.obj["data_dir"])[-1]  # returns answer the current notice
    except DataError as error:
        _fail(error)
    try:
        result = run_intake(list(paths), edition, out_dir, ctx.obj["data_dir"])
    except OutputFolderRefused as error:
        _refuse(error)
    click.echo(report_text(result.returns, len(result.refused), result.findings), nl=False)
    click.echo(f"汇总表和检查报告已写入 {out_dir}/")
    sys.exit(1 if result.errors else 0)


@main.command("new-year")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.pass_context
def new_year(ctx: click.Context, year: int) -> None:
    """从最新年度的数据生成 YEAR 年度的数据（不覆盖已有年度），并列出仍需人工决定的事项。"""
    data_dir: Path = ctx.obj["data_dir"]
    try:
        source = year_folders(data_dir)[-1]
        if source == data_dir:
            raise DataError([Problem(str(data_dir), None, None,
                                     "数据目录只有一个年度且不在年度子目录中；请把它移到 "
                                     f"{data_dir}/{{年度}}/ 下再生成新年度")])
        written = make_next_year(source, data_dir / str(year), year)
        editions = load_years(data_dir)
    except DataError as error:
        _fail(error)
    click.echo(f"已生成 {data_dir / str(year)}/：{'、'.join(written)}（由 {source.name} 年度复制并顺延年份）")
    click.echo("以下事项需要人工确认或修改：")
    new, previous = editions[-1], editions[-2]
    findings = run_checks(new, previous=previous)
    for line in report.as_text(findings, False):
        click.echo(line)


@main.command()
@click.argument("old", type=int)
@click.argument("new", type=int)
@click.pass_context
def diff(ctx: click.Context, old: int, new: int) -> None:
    """列出 NEW 年度相对 OLD 年度的变化：日期、学时、附件、培训院校和专业。"""
    try:
        by_year = {e.notice.year: e for e in load_years(ctx.obj["data_dir"])}
    except DataError as error:
        _fail(error)
    missing = [str(y) for y in (old, new) if y not in by_year]
    if missing:
        raise click.BadParameter(f"没有 {'、'.join(missing)} 年度的数据；已有：{'、'.join(map(str, sorted(by_year)))}")
    changes = compare(by_year[old], by_year[new])
    for change in changes:
        click.echo(str(change))
    click.echo(f"共 {len(changes)} 处变化。")
