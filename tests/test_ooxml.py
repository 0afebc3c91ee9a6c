"""Every Word file the build writes is valid Office 2019 OOXML, as an independent validator sees it.

The validator is openxml-audit (pure Python, MIT), the same check as
`openxml-audit -f office2019 -o json FILE.docx`: no error-severity finding (element order inside
w:tcPr, w:pPr, w:rPr, w:sectPr …), and no finding on the core properties (python-docx puts them in
the custom-properties namespace once docxcompose is imported; the form's stamp would be lost).
LibreOffice accepts files the schema refuses, so opening them there proves nothing.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

from hrnotice.formtemplates import template_bytes
from hrnotice.forms import make_forms
from hrnotice.official import official_document

from .conftest import shipped
from .test_official_docx import part

CORE_NAMESPACES = {"http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/",
                   "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


@lru_cache(maxsize=None)
def word_files() -> dict[str, bytes]:
    """The blank forms (附件1–4), one institution's prefilled copies, the official document, the
    templates (`build.py templates`), by the path the build gives them."""
    edition = shipped()
    output = make_forms(edition)
    files = {f"forms/{a.docx.path}": a.docx.data for a in output.annexes}
    files.update({f"forms/{docx.path}": docx.data for _annex, docx, _xlsx in output.institutions[0].files})
    files["notice/official.docx"] = official_document(edition, output.blank_docx)
    files.update({f"templates/forms/{name}.docx": template_bytes(edition.forms, name)
                  for name in ["catalog", *(f.kind for f in edition.forms.forms)]})
    return files


# Named without making them, so that collecting the tests costs nothing.
NAMES = ["forms/annex1-catalog.docx", "forms/annex2-admission.docx", "forms/annex3-registration.docx",
         "forms/annex4-completion.docx", "forms/institutions/001/annex2-admission.docx",
         "forms/institutions/001/annex4-completion.docx", "notice/official.docx",
         "templates/forms/catalog.docx", "templates/forms/admission.docx", "templates/forms/registration.docx",
         "templates/forms/completion.docx"]


def test_every_word_file_the_build_writes_is_checked() -> None:
    assert sorted(word_files()) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_word_file_is_valid_office_2019_ooxml(name: str, tmp_path: Path) -> None:
    path = tmp_path / Path(name).name
    path.write_bytes(word_files()[name])
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019).validate(path)
    errors = [str(e) for e in result.errors if e.severity == ValidationSeverity.ERROR]
    core = [str(e) for e in result.errors if e.part_uri == "/docProps/core.xml"]
    assert (errors, core) == ([], [])


@pytest.mark.parametrize("name", NAMES)
def test_core_properties_are_only_in_their_own_namespaces(name: str) -> None:
    core = part(word_files()[name], "docProps/core.xml")
    assert {etree.QName(element).namespace for element in core} <= CORE_NAMESPACES


def test_the_validator_finds_what_it_is_here_to_find(tmp_path: Path) -> None:
    # A cell whose w:vAlign comes before its w:gridSpan, and a version in the custom-properties
    # namespace: what Word files looked like before (issue 14).
    source = word_files()["forms/annex1-catalog.docx"]
    with zipfile.ZipFile(io.BytesIO(source)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    document = parts["word/document.xml"].decode()
    cell = '<w:gridSpan w:val="3"/><w:vAlign w:val="center"/>'
    assert cell in document
    parts["word/document.xml"] = document.replace(cell, '<w:vAlign w:val="center"/><w:gridSpan w:val="3"/>', 1).encode()
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"</cp:coreProperties>",
        b'<ns0:version xmlns:ns0="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties">1'
        b"</ns0:version></cp:coreProperties>")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019).validate(broken)
    assert [(e.severity, e.part_uri, e.node) for e in result.errors] == [
        (ValidationSeverity.ERROR, "/word/document.xml", "gridSpan"),
        (ValidationSeverity.WARNING, "/docProps/core.xml", "version"),
    ]
