"""Word files to PDF with LibreOffice headless: the standard's fonts mapped to free ones, bytes pinned."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from .templating import TEMPLATES

# The fonts GB/T 9704 names, mapped to Debian's free CJK fonts where the official ones are missing.
FONTS_CONF = TEMPLATES / "fonts" / "fonts.conf"
# Blank pages are kept: a page break before an annex must stay a page in the PDF.
PDF_EXPORT = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
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
    """

    def __init__(self, files: dict[str, bytes], day: date):
        self.files = files  # file name (`annex2-admission.docx`) → its bytes
        self.day = day  # the PDFs' dates, so that the same files give the same bytes
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
            (work / "in" / name).write_bytes(_as_libreoffice_reads_it(data))
        # A private profile, so that parallel builds (and a LibreOffice the clerk has open) do not collide.
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", PDF_EXPORT, "--outdir", str(work / "out"),
                   *(str(work / "in" / name) for name in self.files)]
        environment = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), TZ="UTC")
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=environment)
        return self

    def finish(self) -> tuple[dict[str, bytes], list[str]]:
        """The PDFs made (each `x.docx` → the bytes of `x.pdf`), and a warning for each that was not."""
        if self._process is None or self._workdir is None:
            return {}, []
        try:
            log, _ = self._process.communicate(timeout=60 + 30 * len(self.files))
        except subprocess.TimeoutExpired:
            self._process.kill()
            log, _ = self._process.communicate()
        made, warnings = {}, []
        out = Path(self._workdir.name) / "out"
        for name in self.files:
            converted = out / f"{Path(name).stem}.pdf"
            if converted.is_file():
                made[name] = pin_pdf(converted.read_bytes(), self.day)
            else:
                detail = log.decode("utf-8", "replace").strip().splitlines()[-1:] or ["没有输出"]
                warnings.append(f"LibreOffice 没能把 {name} 转换为 PDF（{detail[0]}）；Word 文件不受影响")
        self._workdir.cleanup()
        return made, warnings


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:(\d{14})")
# The file identifiers and LibreOffice's checksum: hex digests of content that includes the clock.
_PDF_DIGESTS = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]|/DocChecksum\s*/([0-9A-Fa-f]+)")


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
