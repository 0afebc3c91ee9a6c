"""The command line: `python build.py [check|serve]`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import pipeline
from .errors import DataError
from .load import load_edition

DATA = click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path),
                    default=Path("data"), show_default=True, help="数据目录")


def _fail(error: DataError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(f"发现 {len(error.problems)} 个问题，未生成任何文件。", err=True)
    sys.exit(1)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@DATA
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="网站输出目录")
@click.pass_context
def main(ctx: click.Context, data_dir: Path, site_dir: Path) -> None:
    """生成继续教育知识更新培训通知的网站和表格。不带子命令时生成全部内容。"""
    ctx.ensure_object(dict)
    ctx.obj["data_dir"] = data_dir
    if ctx.invoked_subcommand is None:
        try:
            summary = pipeline.build(data_dir, site_dir)
        except DataError as error:
            _fail(error)
        for warning in summary.warnings:
            click.echo(f"警告：{warning}", err=True)
        click.echo(str(summary))


@main.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """只检查数据，不生成文件。"""
    data_dir = ctx.obj["data_dir"]
    try:
        load_edition(data_dir)
    except DataError as error:
        _fail(error)
    click.echo(f"检查通过：{data_dir}")


@main.command()
@click.option("--port", default=8000, show_default=True, help="预览端口")
@click.pass_context
def serve(ctx: click.Context, port: int) -> None:
    """本地预览网站；修改 data/ 或 templates/ 后自动刷新。"""
    from .preview import serve as run_preview

    run_preview(ctx.obj["data_dir"], port)
