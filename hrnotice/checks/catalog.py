"""Rules on the catalog file (附件1): what the loader set right while reading it."""

from __future__ import annotations

from typing import Iterator

from .registry import Context, Hit, Severity, rule


@rule("catalog-stray-spaces", Severity.WARNING)
def catalog_stray_spaces(context: Context) -> Iterator[Hit]:
    """Stray spaces in the catalog were trimmed for the build; the file itself should lose them too."""
    for warning in context.edition.catalog.warnings:
        yield (warning.path, warning.line), f"{warning.column}: {warning.message}；请在文件中也删去"

