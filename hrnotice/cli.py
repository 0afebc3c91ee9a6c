"""The command line: `python build.py [check|serve|intake]`."""

from __future__ import annotations

import atexit
import os
import sys
import time
from pathlib import Path

import click

from . import __version__, pipeline
from .cache import CACHE_DIR, BuildCache
from .checks import Severity, report, run_checks
from .changes import compare
from .findings import DataError, count
from .load import Edition, load_data, load_years
from .output import OutputFolderRefused

DATA = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("data"), show_default=True, help="数据目录")


def _refuse(error: OutputFolderRefused) -> None:
    """An output folder that must not be replaced is a mistake in the command: exit 2, nothing written."""
    click.echo(f"错误：{error}", err=True)
    sys.exit(2)


def _fail(error: DataError) -> None:
    for finding in error.findings:
        click.echo(str(finding), err=True)
    click.echo(f"发现 {len(error.findings)} 个问题，未生成任何文件。", err=True)
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
@click.option("--server", "server_dir", type=click.Path(path_type=Path),
              default=Path("server"), show_default=True, help="网站服务器（nginx、Apache）配置的输出目录")
@click.option("--pdf/--no-pdf", default=True, show_default=True,
              help="是否用 LibreOffice 生成空白表格的 PDF 版（--no-pdf 生成得更快）")
@click.option("--no-cache", is_flag=True,
              help="不用缓存，全部重新生成（缓存在 build/cache/，可随时删除；环境变量 HRNOTICE_CACHE 可另指定）")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, site_dir: Path, forms_dir: Path, server_dir: Path, pdf: bool,
         no_cache: bool) -> None:
    """生成继续教育知识更新培训通知的网站和表格。不带子命令时生成全部内容。"""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        try:
            with _LateProgressBar("生成各院校的表格") as progress:
                cache = BuildCache(None if no_cache else CACHE_DIR)
                summary = pipeline.build(data_dir, site_dir, forms_dir, pdf=pdf, cache=cache, progress=progress,
                                         server_dir=server_dir)
                if cache.stored:
                    cache.trim()
        except DataError as error:
            _fail(error)
        except OutputFolderRefused as error:
            _refuse(error)
        for finding in summary.findings:
            if finding.severity is Severity.WARNING:
                click.echo(str(finding), err=True)
        for warning in summary.warnings:
            click.echo(f"警告：{warning}", err=True)
        hints = count(summary.findings, Severity.INFO)
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
        _site, editions = load_data(ctx.obj["data_dir"])  # site.yml is checked with the years
        findings = pipeline.all_findings(editions)
    except DataError as error:
        if output_format == "text":
            _fail(error)
        findings = error.findings
    if output_format == "json":
        click.echo(report.as_json(findings, strict))
    else:
        for edition in editions:  # which file and encoding each catalog was read from (never guessed, but shown)
            catalog = edition.catalog
            annex = edition.notice.annex_of("catalog")
            label = f"附件{annex.number}" if annex else "培训院校目录"
            click.echo(f"{label}：读取 {catalog.source}，{len(catalog.institutions)} 所培训院校、"
                       f"{len(catalog.rows)} 个培训专业", err=True)
        for line in report.as_text(findings, strict):
            click.echo(line)
    sys.exit(1 if report.failed(findings, strict) else 0)


@main.command()
@click.option("--port", default=8000, show_default=True, help="预览端口")
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """本地预览网站；修改 data/ 或 templates/ 后自动刷新。"""
    from .preview import preview

    preview(ctx.obj["data_dir"], port)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              default=Path("returns-checked"), show_default=True, help="汇总表和检查报告的输出目录（每次整个替换）")
@click.pass_context
def intake(ctx: click.Context, paths: tuple[Path, ...], out_dir: Path) -> None:
    """读取收回的附件2、3、4（.docx 或 .xlsx；文件或文件夹），逐行检查，汇总成表。有错误时退出码为 1。"""
    from .intake.roster import report_text
    from .intake.run import form_names, run_intake

    try:
        edition = load_years(ctx.obj["data_dir"])[-1]  # returns answer the current notice
    except DataError as error:
        _fail(error)
    try:
        result = run_intake(list(paths), edition, out_dir, ctx.obj["data_dir"])
    except OutputFolderRefused as error:
        _refuse(error)
    click.echo(report_text(result.returns, len(result.refused), result.findings, form_names(edition)), nl=False)
    click.echo(f"汇总表和检查报告已写入 {out_dir}/")
    sys.exit(1 if result.errors else 0)


@main.command("new-year")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.pass_context
def new_year(ctx: click.Context, year: int) -> None:
    """把现行通知连同它的表格归档到 data/年度/，由它生成 YEAR 年度的通知，并列出仍需人工决定的事项。"""
    from .newyear import start_next_year

    data_dir: Path = ctx.obj["data_dir"]
    try:
        current = load_years(data_dir)[-1]
        archive = start_next_year(current, year)
        editions = load_years(data_dir)
    except DataError as error:
        _fail(error)
    click.echo(f"已把 {current.year} 年度的通知归档到 {archive}/，并由它生成了 {year} 年度的 {data_dir}/notice.yml"
               "（年份和日期已顺延；正文和培训院校原样沿用）")
    click.echo("以下事项需要人工确认或修改：")
    findings = run_checks(editions[-1], previous=editions[-2])
    for line in report.as_text(findings, False):
        click.echo(line)


@main.command()
@click.argument("forms", nargs=-1)
@click.option("--keep-layout/--no-keep-layout", default=True, show_default=True,
              help="先保存现有模板的控件位置，以便读取按旧模板填写的表格")
@click.option("--only-layouts", is_flag=True, help="只保存现有模板的控件位置，不重新生成（在 Word 中改模板之前用）")
@click.pass_context
def templates(ctx: click.Context, forms: tuple[str, ...], keep_layout: bool, only_layouts: bool) -> None:
    """按 forms.yml 的声明重新生成现行表格的 Word 模板（会覆盖在 Word 中对模板所做的修改）。

    FORMS 是表格的 kind（如 admission），或 catalog；不写则生成全部。
    """
    from .formlayout import keep_layouts
    from .formspec import load_forms
    from .formtemplates import write_templates
    from .templating import FORM_TEMPLATES

    try:
        declared = load_forms(FORM_TEMPLATES)
        known = ["catalog", *(f.kind for f in declared.forms)]
        unknown = [name for name in forms if name not in known]
        if unknown:
            raise click.BadParameter(f"没有声明 {'、'.join(unknown)}；可选：{'、'.join(known)}", param_hint="FORMS")
        kept = keep_layouts(declared) if (keep_layout or only_layouts) and all(
            declared.template_path(f.kind).is_file() for f in declared.forms) else []
        written = [] if only_layouts else write_templates(declared, list(forms) or None)
    except DataError as error:
        _fail(error)
    for path in kept:
        click.echo(f"已保存旧模板的控件位置：{path}")
    for path in written:
        click.echo(f"已生成 {path}")


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


def run() -> None:
    """`main` as a program (`python build.py`, `hrnotice`): once it is done, the process ends at once.

    Tearing down the interpreter's objects (jieba's dictionary, MkDocs, the data) takes half a
    second, more than a warm build's own work. Every file is written and closed by then, the exit
    functions are run, and the system frees the memory.
    """
    try:
        main()
        code: int | str | None = 0
    except SystemExit as done:
        code = done.code
    atexit._run_exitfuncs()
    if isinstance(code, str):  # sys.exit("message"): Python would print it
        print(code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)

