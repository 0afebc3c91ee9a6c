"""Reading a returned Word form: every content control, by tag, then title (alias), then position."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from lxml import etree

from ..findings import Finding, Severity
from ..formlayout import Layout, Slot, controls_in_order, current_layout, known_layouts, property_value, qn, record_key
from ..formspec import STAMP_PREFIX, FormKind
from ..load import Edition
from ..wordfile import paragraph_text
from .record import Entry, Found, Return, Value
from .safety import Package, Refused
from .values import parse_day, parse_month

_SAFE = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_CORE = {"dc": "http://purl.org/dc/elements/1.1/",
         "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}
_CHECKED_GLYPHS = set("☒☑✓✔✗✘■⊠")
_UNCHECKED_GLYPHS = set("☐□")
_ANNEX_LABEL = re.compile(r"^\s*附件\s*(\d+)\s*$")


def _review(source: str, message: str) -> Finding:
    return Finding(source, None, Severity.REVIEW, "read", message)


def read_document(package: Package, source: str, edition: Edition) -> Return:
    """Every value of a returned `.docx`, each remembering how it was found."""
    try:
        body = etree.fromstring(package.parts["word/document.xml"], _SAFE).find(qn("w:body"))
    except (KeyError, etree.XMLSyntaxError, AttributeError):
        raise Refused("Word 文件的正文无法读取（可能已损坏）；请重新保存后再交") from None
    if body is None:
        raise Refused("Word 文件没有正文；请交回填好的表格")
    notes: list[Finding] = []
    form, version = _stamp(package, body, source, notes, edition)
    layout = known_layouts(edition.forms).get((form.kind, version))
    if layout is None:
        layout = current_layout(edition.forms, form)
        if version:
            notes.append(_review(source, f"表格版本 {version} 不是已知的版本，按当前版本（{layout.version}）的位置读取；"
                                         "请核对各项"))
    result = Return(source, form, version or layout.version)
    rows: dict[int, dict[str, Value]] = {}
    found = Counter()
    controls = controls_in_order(body)
    positions = layout.by_position(len(controls))
    for index, sdt in enumerate(controls):
        match = _match(sdt, layout, form, positions[index] if positions else None)
        if match is None:
            found["unmatched"] += 1
            continue
        slot, number, how = match
        value = _read_value(sdt, slot)
        found[how] += 1
        target = result.head if number is None else rows.setdefault(number, {})
        if slot.key not in target or (not target[slot.key].text and value.text):
            target[slot.key] = Value(value.text, how, value.doubt)
    if found["unmatched"]:
        notes.append(_review(source, f"{found['unmatched']} 个内容控件对应不到表格的填写项：标记已丢失，而控件数目"
                                     f"（{len(controls)}）与表格版本不符，无法按位置读取；这些值未计入汇总，请对照原件核对"))
    lost = found[Found.ALIAS] + found[Found.POSITION]
    if lost:
        notes.append(_review(source, f"{lost} 个内容控件的标记已丢失（文件可能经 WPS 或 LibreOffice 另存过），"
                                     f"按标题找到 {found[Found.ALIAS]} 个、按位置找到 {found[Found.POSITION]} 个；"
                                     "汇总表中这些值标为“需核对”"))
    if not form.list_form:
        result.entries.append(Entry(source, form, None, dict(result.head)))
    else:
        for number in sorted(rows):
            if any(value.text for value in rows[number].values()):
                result.entries.append(Entry(source, form, number, {**result.head, **rows[number]}))
    result.notes = notes
    return result


def _stamp(package: Package, body: etree._Element, source: str, notes: list[Finding],
           edition: Edition) -> tuple[FormKind, str]:
    """The form and its template version from the core properties; failing that, from the heading."""
    identifier = version = ""
    core = package.parts.get("docProps/core.xml")
    if core:
        try:
            root = etree.fromstring(core, _SAFE)
            identifier = (root.findtext("dc:identifier", "", _CORE) or "").strip()
            version = (root.findtext("cp:version", "", _CORE) or "").strip()
        except etree.XMLSyntaxError:
            pass
    form = edition.forms.kind(identifier[len(STAMP_PREFIX):]) if identifier.startswith(STAMP_PREFIX) else None
    if form is not None:
        return form, version
    for paragraph in body.iter(qn("w:p")):
        label = _ANNEX_LABEL.match(paragraph_text(paragraph))
        if label:
            annex = edition.notice.annex.get(int(label[1]))
            form = edition.form_of(annex) if annex else None
            text = "".join(paragraph_text(p) for p in body.iter(qn("w:p")))
            if isinstance(form, FormKind) and form.name in text:
                notes.append(_review(source, f"文件中没有表格标识（可能另存时被删去），按标题认作附件{annex.number}"
                                             f"{form.name}；请核对"))
                return form, ""
        break
    forms = "、".join(f"附件{a.number}" for a in edition.notice.annexes if isinstance(edition.form_of(a), FormKind))
    raise Refused(f"不是本通知的{forms}（文件中没有表格标识）；请用网站上下载的表格填写")


def _match(sdt: etree._Element, layout: Layout, form: FormKind,
           position: tuple[Slot, int | None] | None) -> tuple[Slot, int | None, Found] | None:
    """The slot a control fills and its trainee number: by tag, else by title, else by position."""
    keyed = record_key(property_value(sdt, "w:tag"), form)
    if keyed is not None:
        key, number = keyed
        slot = next((s for s in layout.slots if s.key == key), None)
        if slot is not None:
            return slot, number if slot.repeats else None, Found.TAG
    alias = property_value(sdt, "w:alias")
    candidates = [s for s in layout.slots if alias and s.alias == alias]
    if position is not None:
        if position[0] in candidates:
            return position[0], position[1], Found.ALIAS
        if not candidates:
            return position[0], position[1], Found.POSITION
    if len(candidates) == 1 and not candidates[0].repeats:
        return candidates[0], None, Found.ALIAS
    return None


_KINDS = {qn("w:date"): "date", qn("w:dropDownList"): "drop_down", qn("w:comboBox"): "combo_box",
          qn("w14:checkbox"): "check_box", qn("w:text"): "plain_text", qn("w:picture"): "picture"}
_T, _TAB, _BREAKS, _P, _R = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr")), qn("w:p"), qn("w:r")


def _kind(pr: etree._Element | None) -> str:
    """As `wordfile.control_kind`, from the properties already found."""
    for child in pr if pr is not None else ():
        if child.tag in _KINDS:
            return _KINDS[child.tag]
    return "rich_text"


def _shown_text(sdt: etree._Element) -> str:
    """The control's text, paragraphs joined by line breaks (as `wordfile.paragraph_text` reads them)."""
    content = sdt.find(qn("w:sdtContent"))
    if content is None:
        return ""
    lines, parts = [], []
    for element in content.iter(_P, _T, _TAB, *_BREAKS):
        if element.tag == _P:
            if parts or lines:
                lines.append("".join(parts))
            parts = []
        elif element.tag == _T:
            parts.append(element.text or "")
        elif element.tag == _TAB:
            if element.getparent().tag == _R:
                parts.append("\t")
        elif element.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("\n")
    lines.append("".join(parts))
    return "\n".join(lines).strip()


def _read_value(sdt: etree._Element, slot: Slot) -> Value:
    """A control's value: check boxes by state then glyph, dates by stored date, choices by value."""
    pr = sdt.find(qn("w:sdtPr"))
    text = _shown_text(sdt)
    kind = _kind(pr)
    if kind == "check_box" or slot.kind == "check_box":
        state = pr.find(f"{qn('w14:checkbox')}/{qn('w14:checked')}") if pr is not None else None
        if state is not None:
            return Value("是" if state.get(qn("w14:val")) in ("1", "true") else "否", Found.TAG)
        if text in _CHECKED_GLYPHS or text in _UNCHECKED_GLYPHS:
            return Value("是" if text in _CHECKED_GLYPHS else "否", Found.TAG)
        return Value(text, Found.TAG, f"复选框显示为“{text}”，无法判断是否勾选")
    prompts = {slot.prompt, f"点击输入{slot.alias}", f"点击选择{slot.alias}"}
    if (pr is not None and pr.find(qn("w:showingPlcHdr")) is not None) or text in prompts or not text:
        return Value("", Found.TAG)
    if kind == "date" or slot.kind == "date":
        return _date_value(pr, text)
    if kind in ("drop_down", "combo_box"):
        listing = pr.find(qn("w:dropDownList") if kind == "drop_down" else qn("w:comboBox"))
        items = {item.get(qn("w:displayText")) or item.get(qn("w:value"), ""): item.get(qn("w:value"), "")
                 for item in listing.findall(qn("w:listItem"))} if listing is not None else {}
        if text in items:
            return Value(items[text], Found.TAG)
        if items and text not in items.values() and kind == "drop_down":
            return Value(text, Found.TAG, f"“{text}”不是下拉列表中的选项")
    return Value(text, Found.TAG)


def _date_value(pr: etree._Element | None, text: str) -> Value:
    picker = pr.find(qn("w:date")) if pr is not None else None
    pattern = picker.find(qn("w:dateFormat")) if picker is not None else None
    monthly = pattern is not None and "d" not in pattern.get(qn("w:val"), "d")
    full = picker.get(qn("w:fullDate")) if picker is not None else None
    stored: date | None = None
    if full:
        try:
            stored = date.fromisoformat(full[:10])
        except ValueError:
            stored = None
    if monthly:
        shown_month = parse_month(text)
        if stored is None:
            if shown_month is None:
                return Value(text, Found.TAG, f"“{text}”不是年月")
            return Value(f"{shown_month[0]:04d}-{shown_month[1]:02d}", Found.TAG)
        value = f"{stored.year:04d}-{stored.month:02d}"
        doubt = "" if shown_month == (stored.year, stored.month) else \
            f"显示为“{text}”，与保存的日期 {value} 不一致"
        return Value(value, Found.TAG, doubt)
    shown = parse_day(text)
    if stored is None:
        return Value(shown.isoformat(), Found.TAG) if shown else Value(text, Found.TAG, f"“{text}”不是日期")
    doubt = "" if shown == stored else f"显示为“{text}”，与保存的日期 {stored.isoformat()} 不一致"
    return Value(stored.isoformat(), Found.TAG, doubt)

