"""`python build.py serve`: MkDocs' live-reload server over pages regenerated on every data change."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import click
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .errors import DataError
from .load import load_years
from .site import MKDOCS_CONFIG, ROOT, site_nav, write_pages
from .templating import TEMPLATES

PREVIEW_DOCS = ROOT / "build" / "preview-docs"


def _regenerate(data_dir: Path) -> None:
    try:
        write_pages(load_years(data_dir)[-1], PREVIEW_DOCS)  # the newest year, as the site's front shows it
    except DataError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo("数据有误，预览仍显示上一次成功生成的内容。", err=True)


class _OnChange(FileSystemEventHandler):
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("modified", "created", "moved", "deleted") and not event.is_directory:
            with self.lock:
                _regenerate(self.data_dir)


def serve(data_dir: Path, port: int) -> None:
    """Preview at http://127.0.0.1:PORT/ until Ctrl+C; pages follow edits to data/ and templates/."""
    import jieba
    from mkdocs.commands.serve import serve as mkdocs_serve

    jieba.setLogLevel(logging.WARNING)  # its dictionary-loading chatter

    _regenerate(data_dir)
    observer = Observer()
    handler = _OnChange(data_dir)
    for folder in (data_dir, TEMPLATES):
        observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    try:
        # MkDocs watches PREVIEW_DOCS itself and reloads the browser when we rewrite it.
        mkdocs_serve(str(MKDOCS_CONFIG), docs_dir=str(PREVIEW_DOCS), dev_addr=f"127.0.0.1:{port}",
                     nav=site_nav(PREVIEW_DOCS))
    finally:
        observer.stop()
        observer.join()
