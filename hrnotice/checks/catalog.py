"""Rules on the catalog file (附件1): what the loader set right, or found suspicious, while reading it."""

from __future__ import annotations

from typing import Iterator

from .registry import Context, Hit, Severity, rule


def _warnings(context: Context, rule_id: str) -> Iterator[Hit]:
    for warning in context.edition.catalog.warnings:
        if warning.rule == rule_id:
            message = f"{warning.field}: {warning.message}" if warning.field else warning.message
            yield (warning.path, warning.line), message


@rule("catalog-stray-spaces", Severity.WARNING)
def catalog_stray_spaces(context: Context) -> Iterator[Hit]:
    """Stray spaces in the catalog were trimmed for the build; the file itself should lose them too."""
    yield from _warnings(context, "catalog-stray-spaces")


@rule("catalog-empty-columns", Severity.WARNING)
def catalog_empty_columns(context: Context) -> Iterator[Hit]:
    """Empty columns after the header's last name (Excel leaves them) were ignored; the file should lose them."""
    yield from _warnings(context, "catalog-empty-columns")


@rule("catalog-similar-names", Severity.WARNING)
def catalog_similar_names(context: Context) -> Iterator[Hit]:
    """Two institution names that differ only in full- or half-width forms or spaces: one institution typed two ways?"""
    yield from _warnings(context, "catalog-similar-names")
