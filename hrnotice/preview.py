"""`python build.py serve`: a live preview of the current notice's site, remade on every data change."""

from __future__ import annotations

from pathlib import Path

import click

from .cache import CACHE_DIR, BuildCache
from .findings import DataError
from .load import load_data
from .site import SiteKind, YearFiles, site_source
from .sitegen import SiteSource, serve
from .templating import ROOT, TEMPLATES

PREVIEW_WORK = ROOT / "build" / "preview"


def preview(data_dir: Path, port: int) -> None:
    """Preview at http://127.0.0.1:PORT/ until Ctrl+C; pages follow edits to data/ and templates/."""

    def current_site() -> SiteSource:
        try:
            site, editions = load_data(data_dir, BuildCache(CACHE_DIR))  # archived years: not read again
        except DataError as error:
            for finding in error.findings:
                click.echo(str(finding), err=True)
            click.echo("数据有误，预览仍显示上一次成功生成的内容。", err=True)
            raise
        previous = editions[-2] if len(editions) > 1 else None
        # Forms and the official document are made by the build only: the preview is for the text.
        return site_source(editions[-1], YearFiles(), site=site, kind=SiteKind.ROOT, previous=previous,
                           editions=editions)

    serve(current_site, [data_dir, TEMPLATES], port, PREVIEW_WORK)
