"""Where each content control sits in a Word form's template version, for when tags are lost.

A layout lists every control of a template in document order, with its record key and title
(alias); a trainee row's controls appear once and repeat in a generated form. Place is counted in
document order, not by table and cell: LibreOffice merges adjacent tables when it saves. The
layout's digest is the form's template version, stamped into every generated file; layouts of
earlier versions are kept in `layouts/` so older returns still read.

    python -m hrnotice.intake.layout     # store the current templates' layouts (after changing one)
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from docx.oxml.ns import qn as _qn
from lxml import etree

from ..templating import TEMPLATES
from .fields import HEAD_TAGS, LIST_ROWS

STAMP_PREFIX = "hrnotice-annex"
STORED = Path(__file__).resolve().parent / "layouts"
ROW_TAG = re.compile(r"^(?P<key>[a-z_]+?)_(?P<row>\d+|\{\{ ?row ?\}\})$")
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

    annex: int
    slots: tuple[Slot, ...]

    @property
    def version(self) -> str:
        """A digest of every control's key, title, kind and order; prompts and fonts do not change it."""
        described = json.dumps([self.annex, [(s.key, s.alias, s.kind, s.repeats) for s in self.slots]],
                               ensure_ascii=False)
        return "w" + hashlib.sha256(described.encode("utf-8")).hexdigest()[:8]

    @property
    def parts(self) -> tuple[list[Slot], list[Slot], list[Slot]]:
        """The controls before the trainee rows, those of one row, and those after."""
        before = [s for s in self.slots[:self._first_repeat()] if not s.repeats]
        block = [s for s in self.slots if s.repeats]
        after = self.slots[len(before) + len(block):]
        return before, block, list(after)

    def _first_repeat(self) -> int:
        return next((i for i, s in enumerate(self.slots) if s.repeats), len(self.slots))

    def by_position(self, count: int) -> list[tuple[Slot, int | None]] | None:
        """The slot and trainee number of each of `count` controls in document order, if they fit."""
        before, block, after = self.parts
        middle = count - len(before) - len(after)
        if middle < 0 or (block and middle % len(block)) or (not block and middle):
            return None
        rows = [(slot, number) for number in range(1, middle // len(block) + 1) for slot in block] if block else []
        return [(slot, None) for slot in before] + rows + [(slot, None) for slot in after]

    def to_json(self) -> str:
        return json.dumps({"annex": self.annex, "version": self.version,
                           "slots": [asdict(slot) for slot in self.slots]}, ensure_ascii=False, indent=1) + "\n"

    @staticmethod
    def from_json(text: str) -> Layout:
        data = json.loads(text)
        return Layout(data["annex"], tuple(Slot(**slot) for slot in data["slots"]))


def controls_in_order(body: etree._Element) -> list[etree._Element]:
    """Every innermost content control of a body (body, paragraph, cell or row level), in document order."""
    inner = f"{qn('w:sdtContent')}//{qn('w:sdt')}"
    return [sdt for sdt in body.iter(qn("w:sdt")) if sdt.find(inner) is None]  # a container's inner controls hold the values


def property_value(sdt: etree._Element, name: str) -> str:
    """A control's `w:tag` or `w:alias` value; empty when it has none."""
    element = sdt.find(_path("w:sdtPr", name))
    return "" if element is None else element.get(qn("w:val"), "")


@lru_cache(maxsize=None)
def _path(*names: str) -> str:
    return "/".join(qn(name) for name in names)


@lru_cache(maxsize=None)
def _keys(annex: int) -> tuple[frozenset[str], frozenset[str]]:
    from .fields import fields_of

    return frozenset(f.key for f in fields_of(annex)), frozenset(f.key for f in LIST_ROWS.get(annex, ()))


def record_key(tag: str, annex: int) -> tuple[str, int | None] | None:
    """A tag's record key and trainee number (`name_3` → ("name", 3)); None for a tag no field has."""
    keys, row_keys = _keys(annex)
    match = ROW_TAG.match(tag)
    if match and match["key"] in row_keys:
        number = match["row"]
        return match["key"], int(number) if number.isdigit() else None
    key = HEAD_TAGS.get(tag, tag)
    return (key, None) if key in keys else None


def layout_of_template(annex: int, docx: bytes) -> Layout:
    """The layout of a template: its controls in order, a trainee row's controls once."""
    from ..wordfile import control_kind, paragraph_text

    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"), _SAFE).find(qn("w:body"))
    slots = []
    for sdt in controls_in_order(body):
        tag = property_value(sdt, "w:tag")
        found = record_key(tag, annex)
        if found is None:
            continue
        repeats = ROW_TAG.match(tag) is not None and found[0] in {f.key for f in LIST_ROWS.get(annex, ())}
        content = sdt.find(qn("w:sdtContent"))
        prompt = "".join(paragraph_text(p) for p in content.iter(qn("w:p"))) or paragraph_text(content)
        slots.append(Slot(found[0], property_value(sdt, "w:alias"), control_kind(sdt), repeats, prompt))
    unique = tuple(dict.fromkeys(slots))  # a generated form repeats a trainee row's controls
    return Layout(annex, unique)


@lru_cache(maxsize=None)
def current_layout(annex: int) -> Layout:
    """The layout of the template the build uses now."""
    return layout_of_template(annex, (TEMPLATES / "forms" / f"annex{annex}.docx").read_bytes())


def stamp(annex: int) -> tuple[str, str]:
    """The (identifier, version) every generated form of `annex` carries in its core properties."""
    return f"{STAMP_PREFIX}{annex}", current_layout(annex).version


@lru_cache(maxsize=None)
def known_layouts() -> dict[tuple[int, str], Layout]:
    """Every layout a return may have been made from: the stored ones and the current ones."""
    known = {}
    for path in sorted(STORED.glob("annex*.json")):
        stored = Layout.from_json(path.read_text(encoding="utf-8"))
        known[stored.annex, stored.version] = stored
    for annex in (2, 3, 4):
        layout = current_layout(annex)
        known[annex, layout.version] = layout
    return known


def store_current() -> list[Path]:
    """Write the current templates' layouts into `layouts/` (older ones stay)."""
    STORED.mkdir(exist_ok=True)
    written = []
    for annex in (2, 3, 4):
        layout = current_layout(annex)
        path = STORED / f"annex{annex}-{layout.version}.json"
        path.write_text(layout.to_json(), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in store_current():
        print(written)
