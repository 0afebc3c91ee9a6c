"""Writing outputs: atomically (a build fills a staging folder, then takes the target's place) and reproducibly."""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator


@contextmanager
def staging_area(target: Path) -> Iterator[Path]:
    """A fresh folder beside `target` (same file system, so the swap is a rename); removed after."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def replace_dir(new: Path, target: Path) -> None:
    """Put `new` where `target` is, keeping the old `target` until the new one is in place."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists():
            old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


ZipTime = tuple[int, int, int, int, int, int]


def pinned_zip(parts: Iterable[tuple[str, bytes]], date_time: ZipTime) -> bytes:
    """A zip package (docx, xlsx) of `parts` whose entries all carry `date_time`, not the clock.

    Office files are zips, and a zip entry records when it was written: without this the same
    data would give different bytes on every build.
    """
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as package:
        for name, blob in parts:
            entry = zipfile.ZipInfo(name, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            package.writestr(entry, blob)
    return output.getvalue()


def repacked(data: bytes, date_time: ZipTime) -> bytes:
    """A zip package written by a library that stamps the clock, with every entry's time pinned."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return pinned_zip(((info.filename, source.read(info)) for info in source.infolist()), date_time)
