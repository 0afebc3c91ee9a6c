"""The catalog on the website: its page, its downloads, and the words Chinese search must keep whole."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from .catalog_export import catalog_csv, catalog_xlsx
from .load import Edition
from .markdown_verbatim import verbatim
from .templating import html_environment

# Beside catalog.md, so the page links them as `annex1.csv` from /catalog/.
DOWNLOADS = {"csv": "catalog/annex1.csv", "xlsx": "catalog/annex1.xlsx"}
# What jieba cuts text into blocks by; a dictionary word with other characters never matches.
_JIEBA_BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&._%-]+")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


def catalog_context(edition: Edition) -> dict:
    """What the catalog pages receive: the table and the institutions as escaped, verbatim HTML."""
    catalog, annex = edition.catalog, edition.notice.annex[1]
    env = html_environment()
    institutions = catalog.institutions
    table = env.get_template("catalog_table.html.j2").render(
        catalog=catalog,
        institutions=institutions,
        download_name=f"附件{annex.number} {annex.title}",
        downloads={kind: Path(path).name for kind, path in DOWNLOADS.items()},
    )
    directory = env.get_template("institutions.html.j2").render(institutions=institutions)
    return {"catalog": catalog, "catalog_html": Markup(verbatim(table)),
            "institutions_html": Markup(verbatim(directory))}


def write_downloads(edition: Edition, docs_dir: Path) -> None:
    """The catalog as CSV and XLSX, beside the page that links them."""
    notice = edition.notice
    files = {
        "csv": catalog_csv(edition.catalog),
        "xlsx": catalog_xlsx(edition.catalog, f"附件{notice.annex[1].number} {notice.annex[1].title}",
                             notice.issuer, notice.date_published),
    }
    for kind, data in files.items():
        path = docs_dir / DOWNLOADS[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def search_words(edition: Edition) -> list[str]:
    """Institution names, specialties, cities and groups: words search must find whole."""
    words: set[str] = set()
    for row in edition.catalog.rows:
        for name in (row.institution, row.specialty, row.city, row.subject_group):
            words.update(part for part in _JIEBA_BLOCK.findall(name) if len(part) > 1 and _HAN.search(part))
    return sorted(words)


@contextmanager
def jieba_user_dictionary(words: list[str], path: Path) -> Iterator[Path]:
    """`words` written as a jieba user dictionary at `path`; jieba as it was once the block ends.

    The search plugin loads the file into jieba's one global dictionary. Undoing that keeps a
    second build in the same process (preview, tests) from segmenting by the first one's words.
    """
    import jieba

    path.write_text("".join(f"{word}\n" for word in words), encoding="utf-8")
    tokenizer = jieba.dt
    tokenizer.check_initialized()
    prefixes = {word[:end] for word in words for end in range(1, len(word) + 1)}
    saved = {prefix: tokenizer.FREQ.get(prefix) for prefix in prefixes}
    total = tokenizer.total
    try:
        yield path
    finally:
        for prefix, frequency in saved.items():
            if frequency is None:
                tokenizer.FREQ.pop(prefix, None)
            else:
                tokenizer.FREQ[prefix] = frequency
        tokenizer.total = total
