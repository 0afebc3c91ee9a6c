"""Collecting returns: read every file, check every row, write rosters and report atomically."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding, Severity, display_path
from ..load import Edition
from ..output import check_replaceable, project_folders, replace_dir, staging_area
from .checks import Context, check_returns
from .excel import read_workbook
from .record import Return
from .roster import write_outputs
from .safety import Package, Refused, open_package
from .word import read_document


# Below this many files, starting a second process costs more than it saves.
PARALLEL_FROM = 40


@dataclass
class Intake:
    """Everything read from one batch of returns."""

    returns: list[Return] = field(default_factory=list)
    refused: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)


def gather(paths: list[Path], exclude: Path | None = None) -> list[Path]:
    """The files named, and every file inside the folders named, in a stable order.

    Files under `exclude` (the output folder, if it sits among the returns) are left out.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and not _skipped(p.relative_to(path)))
        else:
            files.append(path)
    if exclude is not None:
        excluded = exclude.resolve()
        files = [f for f in files if excluded not in f.resolve().parents]
    return list(dict.fromkeys(files))


def _skipped(relative: Path) -> bool:
    """Hidden files and Word's `~$` lock files are no returns."""
    return any(part.startswith((".", "~$")) for part in relative.parts)


def read_return(package: Package, source: str, edition: Edition) -> Return:
    """One returned file, read; raises Refused with the reason if it cannot be."""
    if package.kind == "docx":
        return read_document(package, source, edition)
    return read_workbook(package, source, edition)


# Per process: the notice the returns answer (sent once to each worker, not with every file).
_EDITION: list[Edition] = []


def _set_edition(edition: Edition) -> None:
    _EDITION[:] = [edition]


def _read_one(job: tuple[Path, str]) -> tuple[str, Return | None, str]:
    """One file: its digest and what was read, or the reason it was refused (runs in a worker)."""
    path, source = job
    try:
        package = open_package(path)
        return hashlib.sha256(package.data).hexdigest(), read_return(package, source, _EDITION[0]), ""
    except Refused as refusal:
        return "", None, f"未读取：{refusal}"
    except Exception as error:  # untrusted input: a reader library may fail in ways no one lists
        return "", None, f"未读取：文件内容不合规范，无法解析（{type(error).__name__}）；请重新保存后再交"


def read_returns(paths: list[Path], edition: Edition, exclude: Path | None = None) -> Intake:
    """Read every file; one bad file never stops the others, and no file is written to."""
    intake = Intake()
    jobs = []
    for path in gather(paths, exclude):
        if path.exists():
            jobs.append((path, display_path(path)))
        else:
            intake.refused.append(_refused(display_path(path), "文件不存在；请检查路径"))
    workers = min(2, os.cpu_count() or 1)
    if len(jobs) >= PARALLEL_FROM and workers > 1:
        with ProcessPoolExecutor(workers, initializer=_set_edition, initargs=(edition,)) as pool:
            results = list(pool.map(_read_one, jobs, chunksize=8))
    else:
        _set_edition(edition)
        results = [_read_one(job) for job in jobs]
    seen: dict[str, str] = {}
    for (_path, source), (digest, ret, refusal) in zip(jobs, results):
        if digest in seen:
            refusal = f"未读取：与 {seen[digest]} 内容完全相同（重复交回），已跳过"
        if refusal:
            intake.refused.append(_refused(source, refusal))
            continue
        seen[digest] = source
        intake.returns.append(ret)
    return intake


def _refused(source: str, message: str) -> Finding:
    return Finding(source, None, Severity.ERROR, "refused", message)


def form_names(edition: Edition) -> dict[str, str]:
    """Each form kind as the report names it: `附件2学员录取表`."""
    context = Context.of(edition)
    return {form.kind: context.form_name(form) for form in edition.forms.forms}


def run_intake(paths: list[Path], edition: Edition, out_dir: Path, data_dir: Path) -> Intake:
    """Read, check and write the rosters and report into `out_dir`, replacing it only when complete."""
    returns = {path: f"要读取的 {display_path(path)}" for path in paths}
    check_replaceable(out_dir, "--out", {**project_folders(data_dir), **returns})
    intake = read_returns(paths, edition, exclude=out_dir)
    intake.findings = intake.refused + check_returns(intake.returns, edition)
    with staging_area(out_dir) as stage:
        folder = stage / "out"
        folder.mkdir()
        write_outputs(folder, intake.returns, len(intake.refused), intake.findings, form_names(edition))
        replace_dir(folder, out_dir)
    return intake
