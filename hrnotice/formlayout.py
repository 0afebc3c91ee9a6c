"""Where each content control sits in a form's Word template: the form's version, and how a
return is read when Word, WPS or LibreOffice lost the controls' tags.

A layout lists every control of a template in document order, with its field key and title
(alias); a trainee row's controls appear once and repeat in a generated form. Place is counted in
document order, not by table and cell: LibreOffice merges adjacent tables when it saves. The
layout's digest is the form's version, stamped into every generated file. Layouts of versions no
longer in use are kept as JSON in the forms folder's `layouts/` (`python build.py templates
--keep-layout`), so that returns filled on them still read.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from docx.oxml.ns import qn as _qn
from lxml import etree

from .formspec import ROW_TAG, FormKind, FormSet

LAYOUTS_FOLDER = "layouts"
_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
qn = lru_cache(maxsize=None)(_qn)  # a return has hundreds of controls: names are looked up once


@dataclass(frozen=True)
class Slot:
    """One control of a template: what it holds, how it is titled, what it shows while empty."""

    key: str
    alias: str
    kind: str
    repeats: bool  # a trainee row's control: the template's rows repeat it
    prompt: str


@dataclass(frozen=True)
class Layout:
    """A template version: its controls in document order, those of one trainee row in the middle."""

    form: str  # the form's kind
    slots: tuple[Slot, ...]

    @property
    def version(self) -> str:
        """A digest of every control's key, title, kind and order; prompts and fonts do not change it."""
        described = json.dumps([self.form, [(s.key, s.alias, s.kind, s.repeats) for s in self.slots]],
                               ensure_ascii=False)
        return "w" + hashlib.sha256(described.encode("utf-8")).hexdigest()[:8]

    @property
    def parts(self) -> tuple[list[Slot], list[Slot], list[Slot]]:
        """The controls before the trainee rows, those of one row, and those after."""
        first = next((i for i, s in enumerate(self.slots) if s.repeats), len(self.slots))
        before = [s for s in self.slots[:first] if not s.repeats]
        block = [s for s in self.slots if s.repeats]
        after = self.slots[len(before) + len(block):]
        return before, block, list(after)

    def by_position(self, count: int) -> list[tuple[Slot, int | None]] | None:
        """The slot and trainee number of each of `count` controls in document order, if they fit."""
        before, block, after = self.parts
        middle = count - len(before) - len(after)
        if middle < 0 or (block and middle % len(block)) or (not block and middle):
            return None
        rows = [(slot, number) for number in range(1, middle // len(block) + 1) for slot in block] if block else []
        return [(slot, None) for slot in before] + rows + [(slot, None) for slot in after]

    def to_json(self) -> str:
        return json.dumps({"form": self.form, "version": self.version,
                           "slots": [asdict(slot) for slot in self.slots]}, ensure_ascii=False, indent=1) + "\n"

    @staticmethod
    def from_json(text: str) -> Layout:
        data = json.loads(text)
        return Layout(data["form"], tuple(Slot(**slot) for slot in data["slots"]))


def controls_in_order(body: etree._Element) -> list[etree._Element]:
    """Every innermost content control of a body (body, paragraph, cell or row level), in document order."""
    inner = f"{qn('w:sdtContent')}//{qn('w:sdt')}"
    return [sdt for sdt in body.iter(qn("w:sdt")) if sdt.find(inner) is None]  # a container's inner controls hold the values


def property_value(sdt: etree._Element, name: str) -> str:
    """A control's `w:tag` or `w:alias` value; empty when it has none."""
    element = sdt.find(f"{qn('w:sdtPr')}/{qn(name)}")
    return "" if element is None else element.get(qn("w:val"), "")


def record_key(tag: str, form: FormKind) -> tuple[str, int | None] | None:
    """A tag's field key and trainee number (`name_3` → ("name", 3)); None for a tag no field has."""
    match = ROW_TAG.match(tag)
    if match and any(f.key == match["key"] for f in form.rows):
        return match["key"], int(match["row"])
    if tag.endswith("_{{ row }}") and any(f.key == tag[:-len("_{{ row }}")] for f in form.rows):
        return tag[:-len("_{{ row }}")], None  # the template's own row, before rendering
    return (tag, None) if any(f.key == tag for f in (*form.head, *form.foot)) else None


def layout_of_template(form: FormKind, docx: bytes) -> Layout:
    """The layout of a template: its controls in order, a trainee row's controls once."""
    from .wordfile import control_kind, paragraph_text

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"), _SAFE).find(qn("w:body"))
    slots = []
    for sdt in controls_in_order(body):
        found = record_key(property_value(sdt, "w:tag"), form)
        if found is None:
            continue
        repeats = any(f.key == found[0] for f in form.rows)
        content = sdt.find(qn("w:sdtContent"))
        prompt = "".join(paragraph_text(p) for p in content.iter(qn("w:p"))) or paragraph_text(content)
        slots.append(Slot(found[0], property_value(sdt, "w:alias"), control_kind(sdt), repeats, prompt))
    return Layout(form.kind, tuple(dict.fromkeys(slots)))  # a generated form repeats a row's controls


def current_layout(forms: FormSet, form: FormKind) -> Layout:
    """The layout of the template `forms` has for `form` now."""
    return layout_of_template(form, forms.template_path(form.kind).read_bytes())


def stored_layouts(forms: FormSet) -> list[Layout]:
    """The layouts kept in the forms folder for returns filled on earlier versions."""
    return [Layout.from_json(path.read_text(encoding="utf-8"))
            for path in sorted((forms.folder / LAYOUTS_FOLDER).glob("*.json"))]


def keep_layouts(forms: FormSet) -> list[Path]:
    """Store the current templates' layouts in `layouts/`, before the templates change."""
    folder = forms.folder / LAYOUTS_FOLDER
    folder.mkdir(exist_ok=True)
    written = []
    for form in forms.forms:
        layout = current_layout(forms, form)
        path = folder / f"{form.kind}-{layout.version}.json"
        path.write_text(layout.to_json(), encoding="utf-8")
        written.append(path)
    return written


_KNOWN: dict[tuple[Path, str], dict[tuple[str, str], Layout]] = {}


def known_layouts(forms: FormSet) -> dict[tuple[str, str], Layout]:
    """Every layout a return may have been made from: the stored ones and the current ones.

    Worked out once per set of templates: intake asks for every file it reads.
    """
    key = (forms.folder, forms.digest)
    if key not in _KNOWN:
        known = {(layout.form, layout.version): layout for layout in stored_layouts(forms)}
        for form in forms.forms:
            layout = current_layout(forms, form)
            known[form.kind, layout.version] = layout
        _KNOWN[key] = known
    return _KNOWN[key]

