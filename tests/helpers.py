"""Building small catalogs and editions for tests, from the shipped notice and its declaration."""

from __future__ import annotations

import dataclasses

from hrnotice.load import Edition
from hrnotice.model import Catalog, CatalogRow

from .conftest import shipped


def catalog_of(*rows: dict[str, str]) -> Catalog:
    """A catalog of `rows` (field → value; city, subject group and address filled in when missing)."""
    columns = tuple(shipped().forms.catalog.columns)
    defaults = {"city": "哈尔滨", "subject_group": "工程技术", "registration_url": "https://example.edu.cn/"}
    made = tuple(CatalogRow(line, {c.field: {**defaults, **row}.get(c.field, "") for c in columns})
                 for line, row in enumerate(rows, start=2))
    return Catalog(columns=columns, rows=made, path="institutions.csv", encoding="UTF-8")


def with_catalog(catalog: Catalog, **facts: object) -> Edition:
    """The shipped notice with `catalog` and, changed, the `facts` of notice.yml given."""
    edition = shipped()
    return dataclasses.replace(edition, catalog=catalog, notice=edition.notice.model_copy(update=facts))
