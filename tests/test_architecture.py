"""The shape of the program, read from its imports (grimp): data flows one way, MkDocs stays behind one module."""

from __future__ import annotations

import grimp
import pytest

GRAPH = grimp.build_graph("hrnotice", include_external_packages=True)
MODULES = sorted(m for m in GRAPH.modules if m.startswith("hrnotice"))
OUTPUTS = {"hrnotice.forms", "hrnotice.sheets", "hrnotice.official", "hrnotice.site", "hrnotice.sitegen",
           "hrnotice.catalog_page", "hrnotice.catalog_export", "hrnotice.formtemplates", "hrnotice.pipeline"}


@pytest.mark.parametrize("module", MODULES)
def test_no_module_imports_itself_round_a_cycle(module: str) -> None:
    assert module not in GRAPH.find_upstream_modules(module)


def test_only_the_site_generator_module_knows_mkdocs() -> None:
    assert GRAPH.find_modules_that_directly_import("mkdocs") == {"hrnotice.sitegen"}
    assert "material" not in GRAPH.modules  # the theme is named in mkdocs.yml only


def test_no_output_imports_the_reading_of_returns_and_intake_imports_no_output() -> None:
    intake = {m for m in MODULES if m.startswith("hrnotice.intake")}
    importers = {m for module in intake for m in GRAPH.find_modules_that_directly_import(module)}
    assert importers - intake <= {"hrnotice.cli"}
    assert {m for module in intake for m in GRAPH.find_modules_directly_imported_by(module)} & OUTPUTS == set()
