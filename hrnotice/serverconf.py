"""The web server's configuration for the built site: security headers and file types, for nginx
and Apache, and the same headers for the browser tests' server.

The theme writes a few small scripts into every page. A Content-Security-Policy without
'unsafe-inline' allows them by their SHA-256 hashes, taken here from the built pages themselves:
a theme update that changes them changes the policy with the next build, never silently breaks it.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Collection, Iterable
from pathlib import Path

from .sitescan import scan
from .templating import SERVER_TEMPLATES, text_environment

# The types the server must send for what the site offers (a wrong one makes a browser show a
# .docx as text, or refuse a calendar).
FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "ics": "text/calendar; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}


def inline_script_hashes(site_dir: Path, skip: Collection[str] = ()) -> list[str]:
    """`'sha256-…'` of every distinct script written into the site's pages (those in the top folders
    `skip` aside), sorted."""
    return script_hashes(scan(site_dir, skip=skip).scripts)


def script_hashes(scripts: Iterable[str]) -> list[str]:
    """`'sha256-…'` of each distinct script, sorted: what a Content-Security-Policy allows them by."""
    return sorted({"'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
                   for script in scripts})


def security_headers(script_hashes: Iterable[str]) -> dict[str, str]:
    """The headers every response of the site carries: nothing from other hosts, no inline code
    but the theme's own scripts (`script_hashes`, from `inline_script_hashes`), no eval, no
    guessing of file types."""
    policy = [
        "default-src 'none'",
        " ".join(["script-src 'self'", *sorted(set(script_hashes))]),
        "style-src 'self'",
        "img-src 'self' data:",  # the theme's icons are data: images in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",  # the search index
        "worker-src 'self'",  # the search runs in a worker
        "manifest-src 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "frame-ancestors 'self'",
        "object-src 'none'",
    ]
    return {
        "Content-Security-Policy": "; ".join(policy),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "X-Frame-Options": "SAMEORIGIN",
    }


def server_files(script_hashes: Iterable[str], base_path: str) -> dict[str, bytes]:
    """nginx and Apache configuration for the site whose pages have the inline scripts
    `script_hashes`, served at `base_path` (`/jxjy/`)."""
    env = text_environment(SERVER_TEMPLATES)
    context = {"headers": security_headers(script_hashes), "base": base_path, "types": FILE_TYPES}
    return {name: env.get_template(f"{name}.j2").render(context).encode("utf-8")
            for name in ("nginx.conf", "apache.conf")}
