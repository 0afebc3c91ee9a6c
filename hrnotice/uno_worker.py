"""One LibreOffice for a whole build, driven through UNO: run by a Python that has LibreOffice's `uno`
module (Debian's python3-uno, or the Python inside LibreOffice on Windows), never imported.

    python uno_worker.py SOFFICE PROFILE_URL PIPE_NAME

It starts LibreOffice at once, and then converts the Word files named on standard input, one JSON
request a line ({"in": …, "out": …}), answering each on standard output ({"done": in} or
{"failed": in, "error": …}); the first line it writes is {"ready": true} or {"fatal": …}.
The build starts it before its Word files exist, so that LibreOffice's start-up (two seconds)
overlaps the rest of the build. It gives the same PDF bytes as `soffice --convert-to`.
"""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

START_SECONDS = 60


def _property(name, value):
    item = PropertyValue()
    item.Name, item.Value = name, value
    return item


def _answer(**fields):
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def _connect(office, pipe):
    """The running LibreOffice's desktop, once it accepts connections (None if it died or hung)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while office.poll() is None and time.monotonic() < deadline:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # noqa: BLE001 - NoConnectException until it listens
            time.sleep(0.05)
    return None


def main(soffice, profile, pipe):
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore",
                               "--nologo", "--nodefault", "--nolockcheck",
                               f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = _connect(office, pipe)
    if desktop is None:
        office.kill()
        _answer(fatal="LibreOffice 没有启动")
        return 1
    _answer(ready=True)
    # What `--convert-to` passes (libreoffice.PDF_EXPORT): blank pages kept (a page break before an
    # annex stays a page), Word bookmarks made named destinations.
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", (_property("IsSkipEmptyPages", False),
                                                                  _property("ExportBookmarksToPDFDestination", True)))
    for line in sys.stdin:
        request = json.loads(line)
        try:
            document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["in"]), "_blank", 0,
                                                    (_property("Hidden", True), _property("ReadOnly", True)))
            if document is None:
                raise RuntimeError("LibreOffice 打不开这个文件")
            try:
                uno.invoke(document, "storeToURL", (uno.systemPathToFileUrl(request["out"]),
                                                    (_property("FilterName", "writer_pdf_Export"),
                                                     _property("FilterData", filter_data))))
            finally:
                document.close(True)
            _answer(done=request["in"])
        except Exception as error:  # noqa: BLE001 - reported for this file; the next may convert
            _answer(failed=request["in"], error=str(getattr(error, "Message", "") or error))
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 - the connection closes as LibreOffice quits
        pass
    try:
        office.wait(30)
    except subprocess.TimeoutExpired:
        office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
