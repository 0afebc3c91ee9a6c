"""The web server's configuration written with the site: a policy that allows the site's own
scripts and nothing else, the file types, nginx's grammar (crossplane), Apache's directives."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import crossplane
import pytest

from hrnotice.serverconf import inline_script_hashes, security_headers, server_files

THEME_SCRIPT = '__md_scope=new URL("..",location)'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small built site: one page with an inline script, the theme's settings (JSON) and a script file."""
    (tmp_path / "notice").mkdir()
    (tmp_path / "notice" / "index.html").write_text(
        f'<html><head><script>{THEME_SCRIPT}</script><script src="../assets/x.js"></script></head>'
        '<body><script id="__config" type="application/json">{"base": ".."}</script></body></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text(f"<html><head><script>{THEME_SCRIPT}</script></head></html>", encoding="utf-8")
    return tmp_path


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def test_the_policy_allows_exactly_the_scripts_the_pages_run(site: Path) -> None:
    assert inline_script_hashes(site) == [sha256(THEME_SCRIPT)]  # once, however many pages; JSON is not run
    policy = security_headers(inline_script_hashes(site))["Content-Security-Policy"]
    assert f"script-src 'self' {sha256(THEME_SCRIPT)};" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy and "*" not in policy  # no other host
    assert policy.startswith("default-src 'none';")


def test_the_other_headers(site: Path) -> None:
    headers = security_headers(inline_script_hashes(site))
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_nginx_snippet_is_valid_nginx_with_the_headers_types_and_404(site: Path, tmp_path: Path) -> None:
    snippet = server_files(inline_script_hashes(site), "/jxjy/")["nginx.conf"].decode("utf-8")
    # crossplane checks each directive's context and arguments against nginx's own grammar.
    config = tmp_path / "nginx.conf"
    config.write_text("events {}\nhttp {\n  server {\n    include snippet.conf;\n  }\n}\n", encoding="utf-8")
    (tmp_path / "snippet.conf").write_text(snippet, encoding="utf-8")
    parsed = crossplane.parse(str(config), check_ctx=True, check_args=True)
    assert parsed["status"] == "ok", parsed["errors"]
    (location,) = [d for d in parsed["config"][1]["parsed"] if d["directive"] == "location"]
    assert location["args"] == ["^~", "/jxjy/"]
    directives = {(d["directive"], d["args"][0]) for d in location["block"] if d["args"]}
    assert ("error_page", "404") in directives
    headers = {d["args"][0]: d["args"][1] for d in location["block"] if d["directive"] == "add_header"}
    assert headers == security_headers(inline_script_hashes(site))
    types = {d["args"][0]: d["directive"] for block in location["block"] if block["directive"] == "types"
             for d in block["block"]}
    assert types["docx"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert types["xlsx"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (types["ics"], types["xml"]) == ("text/calendar", "application/xml")
    (hidden,) = [d for d in location["block"] if d["directive"] == "location"]
    assert hidden["args"] == ["~", r"/\."] and hidden["block"][0]["args"] == ["404"]


def test_the_apache_snippet_sets_the_same_headers_types_and_hides_dot_files(site: Path) -> None:
    snippet = server_files(inline_script_hashes(site), "/jxjy/")["apache.conf"].decode("utf-8")
    lines = [line.strip() for line in snippet.splitlines() if line.strip() and not line.startswith("#")]
    assert 'RedirectMatch 404 "^/jxjy/(.*/)?\\."' in lines
    for name, value in security_headers(inline_script_hashes(site)).items():
        assert f'Header always set {name} "{value}"' in lines
    assert 'AddType "text/calendar" .ics' in lines and "ErrorDocument 404 /jxjy/404.html" in lines
    assert lines.count('<Location "/jxjy/">') == lines.count("</Location>") == 1
