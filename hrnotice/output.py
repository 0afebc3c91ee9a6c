"""Writing outputs: atomically (a build fills a staging folder, then takes the target's place) and reproducibly."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Iterator

from markupsafe import Markup

from .formatting import file_size

@dataclass(frozen=True)
class Download:
    """A file the site offers (a form, the official document, the catalog), made in memory."""

    folder: str  # its folder in the site, beside the page that links it: `forms`, `notice`, `catalog`
    path: str  # inside that folder, with `/`
    data: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def url(self) -> Markup:
        """The link from the page beside it (a path we made, never data)."""
        return Markup(f"{self.folder}/{self.path}")

    @property
    def size_text(self) -> str:
        """`23 KB`, `1.2 MB`."""
        return file_size(self.size)

    def write(self, root: Path, same_as: Path | None = None) -> None:
        """The file under `root` (a site's docs, or the forms folder when `root` is that folder);
        linked to `same_as`, a file already written with these bytes, where the file system allows."""
        target = root / self.path
        if not target.parent.is_dir():  # a stat: much cheaper than mkdir on a folder that exists
            target.parent.mkdir(parents=True)
        try:
            if same_as is None or same_as.stat().st_size != len(self.data):
                raise FileNotFoundError(same_as)
            os.link(same_as, target)
        except OSError:
            target.write_bytes(self.data)


@dataclass(frozen=True)
class LateDownload(Download):
    """A file the pages that link it may be built before (a PDF LibreOffice is still converting):
    `data` is empty until it is made. The pages show a token for its size, which `settle_sizes`
    replaces in the built site; a site is keyed by what the file is made from, not by its bytes."""

    made_from: str = ""  # the key of the file's own cache entry

    @property
    def size_text(self) -> str:
        # Letters and digits only: Markdown, HTML, JSON and the search's word splitting keep it whole.
        return f"LATESIZE{self.made_from[:24]}"


def settle_sizes(site: Path, files: list[LateDownload], skip: Collection[str] = ()) -> None:
    """Each of `files` (its bytes made by now) in its place in the built `site`, and its size where
    the pages and the search index show its token (the top folders `skip` are other sites)."""
    for file in files:
        target = site / file.folder / file.path
        target.unlink(missing_ok=True)  # the generator copied the empty stand-in
        target.write_bytes(file.data)
    sizes = {f.size_text.encode("ascii"): file_size(len(f.data)).encode("utf-8") for f in files}
    for page in site.rglob("*"):
        if page.suffix in (".html", ".json") and page.relative_to(site).parts[0] not in skip:
            text = settled = page.read_bytes()
            for token, size in sizes.items():
                settled = settled.replace(token, size)
            if settled != text:
                page.write_bytes(settled)


# Written into every folder this tool replaces: only such a folder (or an empty one) is replaced again.
MARKER = ".hrnotice-output"
_MARKER_TEXT = "由 hrnotice 生成。再次生成时，这个目录会被整个替换；请不要在其中存放其他文件。\n"


def project_folders(data_dir: Path) -> dict[Path, str]:
    """The folders no output may replace: the data, the templates and the project itself."""
    from .templating import TEMPLATES

    return {TEMPLATES.parent: "本项目的目录", TEMPLATES: "模板目录 templates", data_dir: f"数据目录 {data_dir}"}


class OutputFolderRefused(Exception):
    """An output folder the tool will not replace; the message says why, in Chinese."""


def check_replaceable(target: Path, option: str, protected: dict[Path, str]) -> None:
    """Refuse `target` as an output folder unless replacing it loses nothing.

    It may be missing, empty, or one this tool wrote (it holds MARKER); and it may never be, or
    contain, one of the `protected` folders and files (path → what it is, for the message).
    """
    where = target.resolve()
    resolved = [(path.resolve(), what) for path, what in protected.items()]
    clashes = [("就是", what) for path, what in resolved if where == path]
    clashes += [("包含", what) for path, what in resolved if where in path.parents]
    if clashes:
        relation, what = clashes[0]
        raise OutputFolderRefused(f"{option} {target} {relation}{what}：生成时会整个替换这个目录，{what}将被删除；"
                                  "请另指定一个新的或空的目录")
    if not where.exists():
        return
    if not where.is_dir():
        raise OutputFolderRefused(f"{option} {target} 是一个文件，不是目录；请另指定一个目录")
    if (where / MARKER).is_file() or not any(where.iterdir()):
        return
    raise OutputFolderRefused(
        f"{option} {target} 已有内容，但不是本工具生成的（其中没有 {MARKER} 文件）：生成时会整个替换这个目录，"
        "其中的文件将被删除；请另指定一个新的或空的目录，或先自行移走其中的文件")


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
    """Put `new` where `target` is, keeping the old `target` until the new one is in place.

    `new` gets the marker that lets a later run replace it in turn (see `check_replaceable`).
    """
    (new / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
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
    _remove_meanwhile(old)


def snapshot(folders: Iterable[Path]) -> bytes:
    """What the folders hold, as the file system describes it (each file's and folder's path, size,
    time and inode): an edit, a file added, removed or replaced, or a folder put in another's place
    changes it. Nothing is read, so it costs a stat a file."""
    described = []
    for index, folder in enumerate(folders):
        for parent, dirs, files in os.walk(folder):
            dirs.sort()
            for name in [".", *sorted(files)]:
                path = os.path.join(parent, name)
                try:
                    status = os.lstat(path)
                except OSError:
                    status = None
                described.append(f"{index}\t{os.path.relpath(path, folder)}\t" +
                                 (f"{status.st_mode:o} {status.st_size} {status.st_mtime_ns} {status.st_ino}"
                                  if status else "-"))
        if not os.path.isdir(folder):
            described.append(f"{index}\tmissing")
    return "\n".join(described).encode("utf-8")


def _remove_meanwhile(folder: Path) -> None:
    """`folder` removed by a process of its own, so that the build does not wait for it (an output
    of some thousand files takes most of a second); where that cannot be, at once. A removal cut
    short leaves the folder, which the next `replace_dir` removes first."""
    if not folder.exists():
        return
    if os.name == "posix":
        try:
            subprocess.Popen(["rm", "-rf", "--", str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
            return
        except OSError:  # no rm: removed here
            pass
    shutil.rmtree(folder, ignore_errors=True)


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
