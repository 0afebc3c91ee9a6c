"""A content-addressed build cache: each artifact kept under the hash of exactly what it is made from.

An entry is a set of named files. Its manifest (`entries/`) lists each file's SHA-256; the files
themselves are stored once by that hash (`blobs/`), so a year's site restored beside another shares
their theme files. Everything read back is hashed again: a truncated or altered entry is a miss,
never published. Every write goes to a temporary file first and is renamed into place, so two
builds at once, or one killed half-way, leave only whole entries. The folder is safe to delete.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Callable, Collection

from pydantic import BaseModel

from .templating import ROOT

# HRNOTICE_CACHE moves it (the benchmark gives each state its own).
CACHE_DIR = Path(os.environ.get("HRNOTICE_CACHE") or ROOT / "build" / "cache")
SIZE_LIMIT = 1 << 30  # bytes; the least recently used entries go first when a build leaves more
_FORMAT = "hrnotice-cache-1"
_READABLE = 0o644
# What every artifact but a PDF depends on besides its own inputs: the code, the page and theme
# templates, the generator's configuration and the pinned libraries. Form templates and the font
# mapping are inputs of the artifacts they concern, not of all.
_CODE = ("hrnotice/**/*.py", "templates/**/*", "mkdocs.yml", "requirements.txt")
_NOT_CODE = ("templates/forms", "templates/fonts")


def digest(*parts: bytes | str) -> str:
    """One SHA-256 of several parts, each length-prefixed so that no two splits collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def canonical(value: object) -> str:
    """`value` as JSON that is the same whenever the value is: a part of a key. Bytes are taken by
    their hash, dataclasses and models field by field."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)


def _plain(value: object) -> object:
    if isinstance(value, (bytes, bytearray)):
        return "sha256:" + hashlib.sha256(value).hexdigest()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, (date, Path)):
        return str(value)
    raise TypeError(f"no stable form for {type(value).__name__} in a cache key")


@cache
def code_fingerprint() -> str:
    """The hash of this package's source, the site's page templates, assets and config, the pinned
    dependencies and the Python version: any change to them is a change to every artifact."""
    files = sorted({path for pattern in _CODE for path in ROOT.glob(pattern) if path.is_file()
                    and not path.relative_to(ROOT).as_posix().startswith(_NOT_CODE)})
    return digest(_FORMAT, sys.version, *(part for path in files
                                           for part in (path.relative_to(ROOT).as_posix(), path.read_bytes())))


@dataclass
class BuildCache:
    """The cache in `folder`; `BuildCache(None)` keeps nothing (`--no-cache`)."""

    folder: Path | None
    limit: int = SIZE_LIMIT
    hits: list[str] = field(default_factory=list)  # what each lookup was for, as given by `label`
    misses: list[str] = field(default_factory=list)
    stored: int = 0  # entries written: only a cache that grew needs trimming

    @property
    def compiled_templates(self) -> Path | None:
        """Where the site generator keeps its templates compiled (they are checked against their source)."""
        return self.folder / "templates" if self.folder else None

    @property
    def libreoffice_profiles(self) -> Path | None:
        """Where a LibreOffice profile is kept for the next build's LibreOffice to start from."""
        return self.folder / "libreoffice" if self.folder else None

    def get(self, key: str, label: str = "") -> dict[str, bytes] | None:
        """The files stored under `key`, if all of them are there and whole."""
        found = self._read(key) if self.folder else None
        (self.hits if found is not None else self.misses).append(label or key)
        return found[1] if found else None

    def restore(self, key: str, target: Path, label: str = "", keep: Collection[str] = ()) -> dict[str, bytes] | None:
        """The files under `key` placed in `target`, if all of them are there and whole (None if not);
        those named in `keep` are returned instead. Each is a link to the cache's copy where the file
        system allows (no bytes copied): an edit to it is found, like any damage, when next read."""
        found = self._read(key) if self.folder else None
        (self.hits if found is not None else self.misses).append(label or key)
        if found is None:
            return None
        blobs, files = found
        kept = {}
        for name, data in files.items():
            if name in keep:
                kept[name] = data
                continue
            path = target / name
            if not path.parent.is_dir():  # a stat: much cheaper than mkdir on a folder that exists
                path.parent.mkdir(parents=True)
            try:
                os.link(self._blob(blobs[name]), path)
            except OSError:  # another file system, one without links, or trimmed meanwhile
                path.write_bytes(data)
        return kept

    def remember(self, key: str, make: Callable[[], dict[str, bytes]], label: str = "") -> dict[str, bytes]:
        """The files under `key`, made (and kept) if the cache does not hold them whole."""
        files = self.get(key, label)
        if files is None:
            files = make()
            self.put(key, files)
        return files

    def put(self, key: str, files: dict[str, bytes]) -> None:
        if self.folder is None:
            return
        try:
            names = {}
            for name, data in files.items():
                blob = hashlib.sha256(data).hexdigest()
                path = self._blob(blob)
                if not path.is_file():
                    write_atomically(path, data)
                elif path.stat().st_mode & 0o777 != _READABLE:  # kept by a version that made it unreadable
                    os.chmod(path, _READABLE)
                names[name] = blob
            write_atomically(self._entry(key), json.dumps({"format": _FORMAT, "files": names},
                                                           ensure_ascii=False, sort_keys=True).encode("utf-8"))
            self.stored += 1
        except OSError:
            pass  # a full disk or a read-only folder costs the next build time, never this one its output

    def trim(self) -> None:
        """If the cache is over its size limit, keep the most recently used entries that fit in it and
        drop the rest, and every file no kept entry lists."""
        if self.folder is None or not self.folder.is_dir():
            return
        entries, blobs = self._files("entries"), self._files("blobs")
        # Within the limit, no manifest is read: a clerk's cache holds thousands of entries.
        if sum(size for size, _used in [*entries.values(), *blobs.values()]) > self.limit:
            self._drop_least_recently_used(entries, blobs)
        # What a build killed while writing left behind (a running build's files are younger).
        for path in self.folder.glob("*/*/.*"):
            if _stat(path)[1] < time.time() - 3600:
                path.unlink(missing_ok=True)

    def _drop_least_recently_used(self, entries: dict[str, tuple[int, float]],
                                  blobs: dict[str, tuple[int, float]]) -> None:
        sizes = {os.path.basename(path): size for path, (size, _used) in blobs.items()}
        kept: set[str] = set()
        total = 0
        for entry in sorted(entries, key=lambda path: entries[path][1], reverse=True):
            listed = set((self._manifest(Path(entry)) or {}).values()) - kept
            size = entries[entry][0] + sum(sizes.get(blob, 0) for blob in listed)
            if total + size <= self.limit:
                kept |= listed
                total += size
            else:
                Path(entry).unlink(missing_ok=True)
        for path in blobs:
            if os.path.basename(path) not in kept:
                Path(path).unlink(missing_ok=True)

    def _read(self, key: str) -> tuple[dict[str, str], dict[str, bytes]] | None:
        """The entry's manifest (file name → blob) and its files, if all are there and whole."""
        entry = self._entry(key)
        names = self._manifest(entry)
        if names is None:
            return None
        files = {}
        for name, blob in names.items():
            try:
                data = self._blob(blob).read_bytes()
            except OSError:
                return None
            if hashlib.sha256(data).hexdigest() != blob:
                self._blob(blob).unlink(missing_ok=True)
                return None
            files[name] = data
        try:
            os.utime(entry)  # recently used: trimmed last
        except OSError:
            pass
        return names, files

    def _manifest(self, entry: Path) -> dict[str, str] | None:
        try:
            manifest = json.loads(entry.read_bytes())
        except (OSError, ValueError):
            return None
        files = manifest.get("files") if isinstance(manifest, dict) and manifest.get("format") == _FORMAT else None
        if not isinstance(files, dict) or not all(isinstance(v, str) and len(v) == 64 for v in files.values()):
            return None
        return files

    def _entry(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / "entries" / key[:2] / f"{key}.json"

    def _blob(self, blob: str) -> Path:
        assert self.folder is not None
        return self.folder / "blobs" / blob[:2] / blob

    def _files(self, part: str) -> dict[str, tuple[int, float]]:
        """The size and modification time of each file in `entries/` or `blobs/` by its path (a string:
        making thousands of Paths costs more than their status), temporary ones aside."""
        assert self.folder is not None
        found = {}
        for shard in _scandir(self.folder / part):
            if shard.is_dir():
                for file in _scandir(shard.path):
                    if file.is_file() and not file.name.startswith("."):
                        found[file.path] = _stat(file)
        return found


def _scandir(folder: Path | str) -> list[os.DirEntry]:
    """What `folder` holds; nothing if it is gone (another build trimmed it meanwhile)."""
    try:
        with os.scandir(folder) as found:
            return list(found)
    except OSError:
        return []


def _stat(path: Path | os.DirEntry) -> tuple[int, float]:
    try:
        status = path.stat()
    except OSError:
        return 0, 0.0
    return status.st_size, status.st_mtime


def write_atomically(path: Path, data: bytes) -> None:
    """`data` at `path`, whole or not at all: written to a temporary file beside it, then renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # mkstemp makes files only their owner may read; a site restored as links to them is
        # uploaded to a web server, which must read them.
        os.chmod(temporary, _READABLE)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep_folder(folder: Path, target: Path) -> None:
    """A copy of `folder` at `target`, whole or not at all; none if `target` is there (another process
    kept its own meanwhile)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    except OSError:
        return
    try:
        shutil.copytree(folder, staging / "copy")
        (staging / "copy").rename(target)
    except OSError:
        pass
    finally:
        shutil.rmtree(staging, ignore_errors=True)
