"""Word files to PDF with LibreOffice headless: the standard's fonts mapped to free ones, bytes pinned."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import zipfile
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from .cache import BuildCache, digest, keep_folder
from .templating import TEMPLATES

if TYPE_CHECKING:
    import pikepdf

# The fonts GB/T 9704 names, mapped to Debian's free CJK fonts where the official ones are missing.
FONTS_CONF = TEMPLATES / "fonts" / "fonts.conf"
# Blank pages are kept: a page break before an annex must stay a page in the PDF. Word bookmarks
# become named destinations: they mark where the official document leaves pages for its forms.
PDF_EXPORT = ('pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"},'
              '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}')
INSTALL_HINT = "安装方法：以 root 运行 bash scripts/install.sh"


def program() -> str | None:
    """The LibreOffice program, if installed (on the PATH, or where its Windows installer puts it)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.name == "nt":
        for root in (os.environ.get("ProgramFiles", ""), os.environ.get("ProgramFiles(x86)", "")):
            candidate = Path(root) / "LibreOffice" / "program" / "soffice.exe"
            if root and candidate.is_file():
                return str(candidate)
    return found


def _as_libreoffice_reads_it(docx: bytes) -> bytes:
    """LibreOffice 7.4 reads `w:overflowPunct` the wrong way round and would hang punctuation
    outside the text area: give it the flag flipped."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            blob = source.read(info)
            if info.filename == "word/styles.xml":
                blob = blob.replace(b'<w:overflowPunct w:val="0"/>', b'<w:overflowPunct w:val="1"/>')
            target.writestr(info, blob)
    return output.getvalue()


class PdfConversion:
    """One LibreOffice process converting a batch of Word files (name → bytes) into PDFs.

    `start` returns at once, so other work can go on while LibreOffice runs; `finish` waits.
    `day` dates the PDFs (one day, or a day per name), so that the same files give the same bytes.
    """

    def __init__(self, files: Mapping[str, bytes], day: date | Mapping[str, date]):
        self.files = dict(files)  # file name (`annex2-admission.docx`, or with a folder) → its bytes
        self.days = {name: day if isinstance(day, date) else day[name] for name in self.files}
        self._process: subprocess.Popen | None = None
        self._workdir: tempfile.TemporaryDirectory | None = None

    def start(self) -> PdfConversion:
        """Launch the conversion without waiting for it."""
        soffice = program()
        if soffice is None or not self.files:
            return self
        self._workdir = tempfile.TemporaryDirectory(prefix="hrnotice-pdf-")
        work = Path(self._workdir.name)
        (work / "in").mkdir()
        (work / "out").mkdir()
        for name, data in self.files.items():
            (work / "in" / _flat(name)).write_bytes(_as_libreoffice_reads_it(data))
        # A private profile, so that parallel builds (and a LibreOffice the clerk has open) do not collide.
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", PDF_EXPORT, "--outdir", str(work / "out"),
                   *(str(work / "in" / _flat(name)) for name in self.files)]
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=_environment())
        return self

    def finish(self) -> tuple[dict[str, bytes], list[str]]:
        """The PDFs made (each `x.docx` → the bytes of `x.pdf`), and a warning for each that was not."""
        if self._process is None or self._workdir is None:
            return {}, []
        try:
            log, _ = self._process.communicate(timeout=_seconds_allowed(len(self.files)))
        except subprocess.TimeoutExpired:
            self._process.kill()
            log, _ = self._process.communicate()
        made, warnings = {}, []
        out = Path(self._workdir.name) / "out"
        for name in self.files:
            converted = out / f"{Path(_flat(name)).stem}.pdf"
            if converted.is_file():
                made[name] = _finished(converted, self.days[name])
            else:
                detail = log.decode("utf-8", "replace").strip().splitlines()[-1:] or ["没有输出"]
                warnings.append(_not_converted(name, detail[0]))
        self._workdir.cleanup()
        return made, warnings


class LibreOffice:
    """The LibreOffice of a build: started before its Word files exist, so that its start-up (some
    two seconds) overlaps the rest of the build, and converting each file as soon as it is handed
    over (`convert`), through UNO (`uno_worker.py`). One process, or two at scale (past a megabyte
    of Word, a catalog of some thousands of rows: the other forms go to the second meanwhile).

    Without a Python that has LibreOffice's `uno` module (Debian: python3-uno), the files are
    collected and converted by one `soffice --convert-to` batch at `flush`; the bytes are the same.
    """

    def __init__(self, profiles: Path | None = None):
        """`profiles`: where a LibreOffice profile that has converted is kept, for the next build's to
        start as a copy of it: LibreOffice starts three quarters of a second sooner than on a new one."""
        self._profiles = profiles
        self._workdir: tempfile.TemporaryDirectory | None = None
        self._workers: list[_Worker] = []
        self._files: dict[str, bytes] = {}
        self._days: dict[str, date] = {}
        self._batch: dict[str, bytes] = {}  # for `soffice --convert-to`, when no worker can be had
        self._batches: list[PdfConversion] = []

    def start(self) -> LibreOffice:
        """Start LibreOffice now, if a worker can drive it (else nothing happens until `flush`)."""
        if not self._workers and uno_python():
            self._start_worker()
        return self

    def convert(self, name: str, data: bytes, day: date) -> None:
        """Hand over `name` (`2012/annex2-admission.docx`) to be converted, its PDF dated `day`."""
        self._files[name], self._days[name] = data, day
        if not uno_python():
            self._batch[name] = data
            return
        if not self._workers or (len(self._workers) < 2 and (os.cpu_count() or 1) > 1
                                 and sum(map(len, self._files.values())) >= _SPLIT_FROM):
            self._start_worker()
        worker = min(self._workers, key=lambda w: w.load)
        source = self._folder() / "in" / _flat(name)
        source.write_bytes(_as_libreoffice_reads_it(data))
        if not worker.send(name, source, self._folder() / "out" / f"{source.stem}.pdf", len(data)):
            self._batch[name] = data

    def flush(self) -> None:
        """Nothing more is coming: what no worker took is converted by `soffice --convert-to` now."""
        if self._batch:
            self._batches += [PdfConversion(batch, self._days).start() for batch in _batches(self._batch)]
            self._batch = {}

    def finish(self) -> tuple[dict[str, bytes], list[str]]:
        """The PDFs made of what was handed over since the last `finish` (each `x.docx` → the bytes of
        `x.pdf`), and a warning for each that was not. More may be handed over after, until `quit`."""
        made, warnings = {}, []
        for worker in self._workers:
            done, failed, unstarted = worker.finish(timeout=_seconds_allowed(len(worker.sent)))
            made.update({name: _finished(path, self._days[name]) for name, path in done.items()})
            warnings += [_not_converted(name, reason) for name, reason in failed.items()]
            self._batch.update({name: self._files[name] for name in unstarted})
        self.flush()
        for conversion in self._batches:
            batch, failed = conversion.finish()
            made.update(batch)
            warnings += failed
        self._batches = []
        return made, warnings

    def converted_so_far(self) -> dict[str, bytes]:
        """The PDFs made so far, without waiting; each is returned once (`finish` returns the rest)."""
        return {name: _finished(path, self._days[name]) for worker in self._workers
                for name, path in worker.answered().items()}

    def quit(self) -> None:
        """Nothing more to convert: LibreOffice quits while the build goes on (`close` waits for it)."""
        for worker in self._workers:
            worker.quit()

    def close(self) -> None:
        """LibreOffice quit (killed if it hangs), its profile kept if none is, and its files removed."""
        for worker in self._workers:
            worker.close()
        if self._workers and self._workers[0].converted and (template := self._template()) and not template.is_dir():
            keep_folder(self._folder() / "profile-0", template)
        self._workers = []
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def _folder(self) -> Path:
        if self._workdir is None:
            self._workdir = tempfile.TemporaryDirectory(prefix="hrnotice-pdf-")
            for part in ("in", "out"):
                (Path(self._workdir.name) / part).mkdir()
        return Path(self._workdir.name)

    def _template(self) -> Path | None:
        """The kept profile, for this LibreOffice (a new version redoes the profile's first start)."""
        return self._profiles / converter_fingerprint()[:16] if self._profiles else None

    def _start_worker(self) -> None:
        number = len(self._workers)
        profile = self._folder() / f"profile-{number}"
        if (template := self._template()) and template.is_dir():
            try:
                shutil.copytree(template, profile)
            except OSError:  # trimmed meanwhile: LibreOffice makes a new one
                shutil.rmtree(profile, ignore_errors=True)
        self._workers.append(_Worker(uno_python(), program(), profile.as_uri(), f"hrnotice-{os.getpid()}-{number}"))


def _environment() -> dict[str, str]:
    """LibreOffice's environment: our font mapping, UTC (its PDFs' dates), and glibc keeping large
    blocks in the heap. Writing a PDF, LibreOffice allocates and frees blocks of over 128 MB (a
    lower threshold does not help) again and again; glibc maps each afresh and unmaps it on free,
    and faulting their pages in (300,000 faults a conversion) took 1.2 s of system time a start.
    Kept, they are reused: 60,000 faults, 0.9 s less a start, the same PDF bytes; LibreOffice's
    peak memory grows by up to 130 MB."""
    return dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), TZ="UTC",
                MALLOC_MMAP_THRESHOLD_=str(256 << 20), MALLOC_TRIM_THRESHOLD_=str(1 << 30))


def _finished(converted: Path, day: date) -> bytes:
    """The PDF LibreOffice wrote at `converted`, canonical and dated `day`."""
    return pin_pdf(canonical_pdf(converted.read_bytes()), day)


def _seconds_allowed(files: int) -> float:
    """How long LibreOffice may take for `files` files before it is taken to hang, and killed."""
    return 60 + 30 * files


def _not_converted(name: str, reason: str) -> str:
    return f"LibreOffice 没能把 {name} 转换为 PDF（{reason}）；Word 文件不受影响"


def _flat(name: str) -> str:
    """One folder holds every input: `2012/annex2.docx` is written as `2012-annex2.docx`."""
    return name.replace("/", "-")


WORKER = Path(__file__).with_name("uno_worker.py")


@cache
def uno_python() -> str | None:
    """A Python that can drive LibreOffice: the one inside LibreOffice (Windows), or the system's
    with python3-uno (Debian, Ubuntu)."""
    soffice = program()
    if soffice is None:
        return None
    inside = Path(soffice).resolve().parent
    for candidate in (inside / "python.exe", inside / "python", Path("/usr/bin/python3")):
        if candidate.is_file():
            found = subprocess.run([str(candidate), "-c", "import uno"], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
            if found:
                return str(candidate)
    return None


class _Worker:
    """One `uno_worker.py` and its LibreOffice; its answers read by a thread as they come."""

    def __init__(self, python: str, soffice: str, profile: str, pipe: str):
        self.process = subprocess.Popen([python, str(WORKER), soffice, profile, pipe], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_environment(),
                                        encoding="utf-8", start_new_session=os.name != "nt")
        self.sent: dict[str, tuple[str, Path]] = {}  # the file handed over → its name and where its PDF goes
        self._reported: set[str] = set()  # the files whose outcome `finish` returned
        self.converted = False  # a file converted, and LibreOffice quit as asked: its profile is whole
        self.load = 0  # bytes of Word handed over
        self._answers: dict[str, dict] = {}
        self._ready = False
        self._ended = threading.Event()
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def send(self, name: str, source: Path, target: Path, size: int) -> bool:
        """Hand over one file; False if the worker is gone."""
        try:
            self.process.stdin.write(json.dumps({"in": str(source), "out": str(target)}) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError):
            return False
        self.sent[str(source)] = (name, target)
        self.load += size
        return True

    def finish(self, timeout: float) -> tuple[dict[str, Path], dict[str, str], list[str]]:
        """Once every file handed over is answered (or the worker is gone, or `timeout` passed):
        the PDFs made, the files LibreOffice failed on with why, and those it never started on."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self._answers) < len(self.sent) and not self._ended.is_set():
                if (remaining := deadline - time.monotonic()) <= 0:
                    break
                self._changed.wait(remaining)
        timed_out = len(self._answers) < len(self.sent) and not self._ended.is_set()
        if timed_out:
            self.close(kill=True)
        done, failed, unstarted = {}, {}, []
        for source, (name, target) in self.sent.items():
            if source in self._reported:
                continue
            self._reported.add(source)
            answer = self._answers.get(source)
            if answer is None and not self._ready and not timed_out:  # no uno, or LibreOffice would not start
                unstarted.append(name)
            elif answer is None:
                failed[name] = "超时或意外退出"
            elif "done" in answer and target.is_file():
                done[name] = target
            else:
                failed[name] = answer.get("error") or "没有输出"
        return done, failed, unstarted

    def answered(self) -> dict[str, Path]:
        """The PDFs made so far and not yet returned (by this or `finish`), without waiting."""
        with self._changed:
            answers = dict(self._answers)
        done = {}
        for source, (name, target) in self.sent.items():
            if source not in self._reported and "done" in answers.get(source, {}) and target.is_file():
                self._reported.add(source)
                done[name] = target
        return done

    def close(self, kill: bool = False) -> None:
        """The worker and its LibreOffice gone: let quit, or killed (at once if it was never used)."""
        self.quit()
        if not kill and self.sent:
            try:
                self.process.wait(30)
                self.converted = self.process.returncode == 0 and any("done" in a for a in self._answers.values())
                return
            except subprocess.TimeoutExpired:
                pass
        if os.name == "nt":
            self.process.kill()
        else:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)  # LibreOffice with it
            except ProcessLookupError:
                pass
        self.process.wait()

    def quit(self) -> None:
        """No more files: the worker lets LibreOffice quit while the build goes on."""
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            with self._changed:
                if answer.get("ready"):
                    self._ready = True
                elif "done" in answer or "failed" in answer:
                    self._answers[answer.get("done") or answer.get("failed")] = answer
                self._changed.notify_all()
        with self._changed:
            self._ended.set()
            self._changed.notify_all()


class CachedPdfs:
    """The PDFs of a build: those the cache holds, and the rest from the build's LibreOffice.

    A PDF is keyed by its Word file's bytes, its date, this module, LibreOffice's build and the
    fonts it may use: the code of the rest of the package does not change a PDF.
    """

    def __init__(self, cache: BuildCache, converter: LibreOffice | None = None):
        self.cache = cache
        self.converter = converter or LibreOffice(cache.libreoffice_profiles)
        self.keys: dict[str, str] = {}
        self.found: dict[str, bytes] = {}  # the PDFs at hand: from the cache, or made already

    def want(self, name: str, data: bytes, day: date) -> None:
        """The PDF of `name`: from the cache, or handed to LibreOffice at once."""
        if not self.expect(name, day, data):
            self.converter.convert(name, data, day)

    def expect(self, name: str, day: date, made_from: bytes | str) -> bool:
        """Whether the cache has the PDF of `name`, keyed by `made_from`: its Word file's bytes, or
        for one assembled from others (the official document's), the key of what it is made from."""
        self.keys[name] = key = digest("pdf", converter_fingerprint(), day.isoformat(), made_from)
        if (entry := self.cache.get(key, name.replace(".docx", ".pdf"))) is not None and "pdf" in entry:
            self.found[name] = entry["pdf"]
            return True
        return False

    def take_converted(self) -> None:
        """What LibreOffice has made so far, kept and at hand (in `found`), without waiting."""
        self.found.update(self._kept(self.converter.converted_so_far()))

    def finish(self) -> tuple[dict[str, bytes], list[str]]:
        made, warnings = self.converter.finish()
        return {**self.found, **self._kept(made)}, warnings

    def _kept(self, made: dict[str, bytes]) -> dict[str, bytes]:
        for name, data in made.items():
            self.cache.put(self.keys[name], {"pdf": data})
        return made


# Beyond this much Word to convert (a catalog of some thousands of rows), a second LibreOffice
# process takes the rest onto the other core.
_SPLIT_FROM = 1 << 20


def _batches(files: dict[str, bytes]) -> list[dict[str, bytes]]:
    """One batch, or two of about equal size (largest files first, each to the lighter batch)."""
    if sum(len(d) for d in files.values()) < _SPLIT_FROM or len(files) < 2 or (os.cpu_count() or 1) < 2:
        return [files] if files else []
    batches: list[dict[str, bytes]] = [{}, {}]
    for name, data in sorted(files.items(), key=lambda item: -len(item[1])):
        min(batches, key=lambda b: sum(len(d) for d in b.values()))[name] = data
    return batches


@cache
def converter_fingerprint() -> str:
    """What a PDF depends on besides its Word file: this module's code, the LibreOffice program, the
    font mapping, and every font and fontconfig file it may find (adding a font may change a PDF)."""
    soffice = program()
    parts: list[bytes | str] = [Path(__file__).read_bytes(), WORKER.read_bytes(), FONTS_CONF.read_bytes(),
                                _version("pikepdf")]
    if soffice:
        installed = Path(soffice).resolve().parent
        parts += [str(installed), *(_stat_line(p) for p in (installed / "versionrc", installed / "version.ini"))]
    for folder in _FONT_FOLDERS:
        root = Path(folder).expanduser()
        if root.is_dir():
            parts += sorted(_stat_line(path) for path in root.rglob("*") if path.is_file())
    return digest(*parts)


# Where fontconfig (and Windows) keep fonts and their configuration.
_FONT_FOLDERS = ("/etc/fonts", "/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts",
                 "C:/Windows/Fonts")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        raise ModuleNotFoundError(f"No module named {package!r}", name=package) from None


def _stat_line(path: Path) -> str:
    try:
        status = path.stat()
    except OSError:
        return f"{path} -"
    return f"{path} {status.st_size} {status.st_mtime_ns}"


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})")
# The file identifiers and LibreOffice's checksum: hex digests of content that includes the clock.
_PDF_DIGESTS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]|/DocChecksum\s*/([0-9A-Fa-f]+)")


# LibreOffice numbers the Type 1 fonts it embeds from here on, counting every font the process has
# embedded so far: a PDF's bytes then depend on the files converted before it.
_FIRST_UNIQUE_ID = 4100000
_UNIQUE_ID = re.compile(rb"/UniqueID \d{7}\b")


def canonical_pdf(data: bytes) -> bytes:
    """LibreOffice's PDF in a form that depends only on what it shows, so that the same Word file
    gives the same bytes whatever the process converted before it and however it compressed:
    its Type 1 fonts numbered within the file (4100001, …; the number is in the font program's
    clear part and in its eexec-encrypted part, both rewritten, lengths unchanged), every stream
    compressed anew by qpdf, the objects in qpdf's order. Its language is made the text's (zh-CN):
    LibreOffice writes the Word file's Western one, en-US, which a screen reader would read in."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return canonical_bytes(pdf)


def canonical_bytes(pdf: pikepdf.Pdf) -> bytes:
    """The bytes of an open PDF (pikepdf), made canonical as `canonical_pdf` says."""
    import pikepdf

    fonts = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and "/Length2" in o]
    for number, font in enumerate(fonts, start=1):
        program, clear, private = font.read_bytes(), int(font.Length1), int(font.Length2)
        ident = b"/UniqueID %d" % (_FIRST_UNIQUE_ID + number)
        head, secret = _UNIQUE_ID.sub(ident, program[:clear]), _eexec(program[clear:clear + private], decrypt=True)
        numbered = _UNIQUE_ID.sub(ident, secret)
        if head != program[:clear] or numbered != secret:  # else numbered so already (an assembled PDF's frame)
            font.write(head + _eexec(numbered) + program[clear + private:])
    pdf.Root.Lang = pikepdf.String("zh-CN")
    out = io.BytesIO()  # static: pin_pdf gives it an identifier made from its content
    pdf.save(out, static_id=True, recompress_flate=True, stream_decode_level=pikepdf.StreamDecodeLevel.generalized)
    return out.getvalue()


def _eexec(data: bytes, decrypt: bool = False) -> bytes:
    """Type 1 eexec encryption (Adobe Type 1 Font Format, 7.2), or its reverse."""
    key, out = 55665, bytearray()
    for byte in data:
        cipher = byte if decrypt else byte ^ (key >> 8)
        out.append(byte ^ (key >> 8) if decrypt else cipher)
        key = ((cipher + key) * 52845 + 22719) & 0xFFFF
    return bytes(out)


def pin_pdf(data: bytes, day: date) -> bytes:
    """LibreOffice's PDF with its clock taken out: dates set to `day`, identifiers made from the content.

    Every replacement keeps the length, so the cross-reference offsets stay right.
    """
    moment = day.strftime("%Y%m%d000000").encode()
    data = _PDF_DATE.sub(lambda m: m.group()[: -len(m.group(1))] + moment, data)
    digest = hashlib.md5(_PDF_DIGESTS.sub(b"", data)).hexdigest().upper().encode()

    def same_length(match: re.Match[bytes]) -> bytes:
        replaced = bytearray(match.group())
        for group in (1, 2, 3):
            if match.group(group) is not None:
                start, end = match.start(group) - match.start(), match.end(group) - match.start()
                replaced[start:end] = digest[: end - start].ljust(end - start, b"0")
        return bytes(replaced)

    return _PDF_DIGESTS.sub(same_length, data)
