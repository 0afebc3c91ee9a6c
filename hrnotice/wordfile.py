"""Word files from docxtpl templates, rendered safely; their content controls set and read back.

docxtpl's own defaults are unsafe (autoescape off, a lenient XML parse that silently drops what
it cannot read), so every Word file of the project is made by `WordTemplate.render`.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree

from .findings import DataError, Finding, display_path
from .output import pinned_zip
from .templating import word_environment

NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
}
CHECKBOX_FONT = "Segoe UI Symbol"
CHECKED_MARK = {True: "☒", False: "☐"}
DATE_FORMATS = {"day": "yyyy年M月d日", "month": "yyyy年M月"}
DOCUMENT_PART = "word/document.xml"
CORE_PART = "docProps/core.xml"
_DROPPED_PARTS = {"word/stylesWithEffects.xml"}

# XML 1.0 allows tab, newline and carriage return among the control characters, nothing else.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
_SDT, _SDT_PR, _ID = qn("w:sdt"), qn("w:sdtPr"), qn("w:id")
_NAMESPACE_DECLARATION = re.compile(rb' xmlns:(\w+)="([^"]*)"')

Value = str | bool | date


# Child order of the properties elements (ECMA-376 Part 1, §17): Word's validator refuses a file
# whose properties are out of order, and Word may offer to "repair" it.
_CHILD_ORDER = {
    "w:pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
             "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
             "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
             "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
             "rPr sectPr pPrChange",
    "w:rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
             "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
             "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "w:sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
                "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
                "docGrid printerSettings sectPrChange",
    "w:tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
               "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "w:trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
              "tblCellSpacing jc hidden",
    "w:tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
              "vAlign hideMark",
    "w:pBdr": "top left bottom right between bar",
    "w:tblBorders": "top left start bottom right end insideH insideV",
    "w:p": "pPr r",
    "w:r": "rPr t",
    "w:tc": "tcPr p",
    "w:tr": "tblPrEx trPr tc",
}
_ORDER = {qn(parent): [qn(f"w:{tag}") for tag in tags.split()] for parent, tags in _CHILD_ORDER.items()}


def set_child(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    """The child `tag` of `parent` (made, in schema order, if missing) with `attributes` set."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        order = _ORDER.get(parent.tag, [])
        later = order[order.index(child.tag) + 1:] if child.tag in order else []
        successor = next((c for c in parent if c.tag in later), None)
        if successor is None:
            parent.append(child)
        else:
            successor.addprevious(child)
    for name, value in attributes.items():
        child.set(qn(f"w:{name}"), value)
    return child


def xml_illegal_character(text: str) -> str | None:
    """The first character of `text` that no Word file can hold, as `U+0007`; None if all can."""
    match = _XML_ILLEGAL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


@dataclass(frozen=True)
class Properties:
    """A Word file's core properties: title, author, and the date it carries."""

    title: str
    author: str
    date: date
    identifier: str = ""  # which form this is (`hrnotice-annex2`): how `intake` recognises a return
    version: str = ""  # the form's template version, for reading returns whose tags were lost


@dataclass(frozen=True)
class Control:
    """One content control as a reader finds it; `value` is None while it shows its prompt."""

    tag: str
    alias: str
    kind: str
    value: Value | None
    choices: tuple[str, ...] = ()


def _leaves(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string in a context, with where it sits (`institutions[2].name`)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")


class _StrictDocxTemplate(DocxTemplate):
    """docxtpl, but a rendered body that is not well-formed XML is an error, not silently repaired."""

    def fix_tables(self, xml: str):  # docxtpl parses with recover=True here
        etree.fromstring(xml.encode("utf-8"), _STRICT)
        return super().fix_tables(xml)


def _paragraphs(element: etree._Element) -> list[etree._Element]:
    """The paragraphs in `element`, or the element itself for a run-level control."""
    return list(element.iter(qn("w:p"))) or [element]


def paragraph_text(paragraph: etree._Element) -> str:
    """A paragraph's text as a reader sees it: line breaks as `\\n`, tabs as `\\t`."""
    parts = []
    for element in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")):
        if element.tag == qn("w:t"):
            parts.append(element.text or "")
        elif element.tag == qn("w:tab"):
            if element.getparent().tag == qn("w:r"):  # not a tab stop definition
                parts.append("\t")
        elif element.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)


class WordTemplate:
    """A docxtpl template read once and rendered many times."""

    def __init__(self, path: Path):
        self.path = path
        self.label = display_path(path)
        self.data = path.read_bytes()

    def variables(self) -> set[str]:
        """The names the template uses that its context must provide."""
        template = DocxTemplate(io.BytesIO(self.data))
        try:
            return template.get_undeclared_template_variables(word_environment())
        except jinja2.TemplateSyntaxError as error:
            raise _problem(self.label, _syntax_message(error)) from None

    def render(self, context: Mapping[str, object], properties: Properties) -> WordDocument:
        """The template filled from `context`; raises DataError if anything was lost on the way."""
        meant = list(_leaves(context, ""))
        _reject_illegal(self.label, meant)
        template = _StrictDocxTemplate(io.BytesIO(self.data))
        try:
            template.render(dict(context), word_environment())
        except jinja2.UndefinedError as error:
            raise _problem(self.label, f"模板使用了不存在的字段（{error.message}）；"
                                       "可用的字段见 README“表格模板”一节") from None
        except jinja2.TemplateSyntaxError as error:
            raise _problem(self.label, _syntax_message(error)) from None
        except etree.XMLSyntaxError:
            raise _problem(self.label, "生成的内容不是有效的 Word 文件（XML 结构被破坏）；常见原因是 {{ }} 或 {% %} "
                                       "标签跨越了内容控件、段落或表格的边界，或用了 safe 过滤器：请在 Word 中把整个标签"
                                       "放进同一段文字里") from None
        buffer = io.BytesIO()
        template.docx.save(buffer)
        document = WordDocument.from_bytes(self.label, buffer.getvalue(), properties)
        document.check_text(meant, "模板可能把它放进了不会输出的条件或循环里，请检查模板")
        return document


class WordDocument:
    """A rendered document, from which any number of filled-in copies are saved."""

    def __init__(self, label: str, parts: list[tuple[str, bytes]], root: etree._Element, properties: Properties):
        self.label = label
        self.properties = properties
        day = properties.date
        # Word's own record of styles for Word 2010, which python-docx's template carries and nothing
        # keeps in step with styles.xml: dropped, as Word itself does when it saves.
        self._parts = [(name, core_properties_xml(properties) if name == CORE_PART else blob) for name, blob in parts]
        self._root = root
        self._stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
        _renumber_ids(root)  # docxtpl's row loops copy the template's ids
        self._stencils: dict[frozenset[str], tuple[list[bytes], list[etree._Element]]] = {}
        self._tagged: dict[str, list[etree._Element]] = {}
        for sdt in root.iter(_SDT):
            self._tagged.setdefault(_property(sdt, "w:tag"), []).append(sdt)

    @classmethod
    def from_bytes(cls, label: str, data: bytes, properties: Properties) -> WordDocument:
        """A `.docx` read back, every XML part parsed strictly."""
        parts, root = [], None
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            for info in package.infolist():
                blob = package.read(info)
                if info.filename.endswith((".xml", ".rels")):
                    try:
                        tree = etree.fromstring(blob, _STRICT)
                    except etree.XMLSyntaxError as error:
                        raise _problem(label, f"生成的 {info.filename} 不是有效的 XML（{error.msg}）") from None
                    if info.filename == DOCUMENT_PART:
                        root = tree
                parts.append((info.filename, blob))
        if root is None or root.find(f"{qn('w:body')}/{qn('w:sectPr')}") is None:
            raise _problem(label, "生成的文件缺少正文或页面设置（sectPr）；请检查模板的最后一段是否完好")
        return cls(label, _drop_parts(parts), root, properties)

    def check_text(self, meant: Iterable[tuple[str, str]], hint: str,
                   where: Iterable[etree._Element] | None = None) -> None:
        """Every value meant for the document is in its text (or that of `where`), exactly as given."""
        scope = [self._root] if where is None else where
        text = "\n".join(paragraph_text(p) for element in scope for p in _paragraphs(element))
        missing = [(field, value) for field, value in meant if value.strip() and value not in text]
        if missing:
            raise DataError([Finding.error(self.label, None, field, f"“{value}”没有原样出现在生成的文件中；{hint}")
                             for field, value in missing])

    def to_bytes(self, *, values: Mapping[str, Value] | None = None, locked: Iterable[str] = (),
                 choices: Mapping[str, Sequence[str]] | None = None) -> bytes:
        """A copy as `.docx` bytes, byte-identical for the same input.

        `values` fill controls by tag (those in `locked` cannot then be changed); `choices`
        replace a drop-down's list (an empty list turns it into a text field).
        """
        meant = _values_leaves(values)
        _reject_illegal(self.label, meant)
        locked = set(locked)
        for tag in {*(choices or {}), *(values or {})}:
            self._controls_tagged(tag)  # a missing control is an error even with nothing to set
        pieces, originals = self._stencil(frozenset({*(choices or {}), *(values or {})}))
        changed = []
        for original in originals:
            control = copy.deepcopy(original)
            tag = _property(control, "w:tag")
            if choices and tag in choices:
                _set_choices(control, choices[tag])
            if values and tag in values:
                _set_value(control, values[tag], locked=tag in locked)
            changed.append(control)
        self.check_text(meant, "请检查模板中对应的内容控件",
                        [control for control in changed if _property(control, "w:tag") in (values or {})])
        document = pieces[0] + b"".join(self._serialize(control) + piece
                                         for control, piece in zip(changed, pieces[1:]))
        return pinned_zip(((name, document if name == DOCUMENT_PART else blob) for name, blob in self._parts),
                          self._stamp)

    def printable(self) -> bytes:
        """The document for printing and filling in by hand: no prompt text, empty check boxes, and a
        line to write on where a value stands inside a sentence. Word files keep their prompts."""
        root = copy.deepcopy(self._root)
        for sdt in list(root.iter(_SDT)):
            _blank_for_print(sdt)
        document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return pinned_zip(((name, document if name == DOCUMENT_PART else blob) for name, blob in self._parts),
                          self._stamp)

    def _stencil(self, tags: frozenset[str]) -> tuple[list[bytes], list[etree._Element]]:
        """The serialized document cut where the controls tagged `tags` stand, and those controls.

        Copies differ only in these few controls: each copy serializes just them, not the whole
        document again (for 200 institutions that is most of the time).
        """
        if tags not in self._stencils:
            originals = [sdt for sdt in self._root.iter(_SDT) if _property(sdt, "w:tag") in tags]
            markers = [etree.Comment(f"hrnotice-slot-{n}") for n in range(len(originals))]
            for original, marker in zip(originals, markers):
                original.getparent().replace(original, marker)
            try:
                whole = etree.tostring(self._root, xml_declaration=True, encoding="UTF-8", standalone=True)
            finally:
                for original, marker in zip(originals, markers):
                    marker.getparent().replace(marker, original)
            self._stencils[tags] = (re.split(rb"<!--hrnotice-slot-\d+-->", whole), originals)
        return self._stencils[tags]

    def _serialize(self, control: etree._Element) -> bytes:
        """A control as it reads inside the document: without the namespace declarations lxml
        adds to an element serialized on its own (the document's root declares them)."""
        data = etree.tostring(control, encoding="UTF-8", with_tail=False)
        head, rest = data.split(b">", 1)
        head = _NAMESPACE_DECLARATION.sub(
            lambda m: b"" if self._root.nsmap.get(m.group(1).decode()) == m.group(2).decode() else m.group(), head)
        return head + b">" + rest

    def _controls_tagged(self, tag: str) -> list[etree._Element]:
        found = self._tagged.get(tag)
        if not found:
            raise _problem(self.label, f"模板中没有标记（Tag）为 {tag} 的内容控件；请在 Word 中恢复它（各控件的标记见 README）")
        return found


def _drop_parts(parts: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The package without `_DROPPED_PARTS`, their relationships and content types."""
    kept = []
    for name, blob in parts:
        if name in _DROPPED_PARTS:
            continue
        if name == "[Content_Types].xml" or name.endswith(".rels"):
            tree = etree.fromstring(blob, _STRICT)
            for element in list(tree):
                target = element.get("PartName") or element.get("Target") or ""
                if any(target.endswith(dropped.rsplit("/", 1)[-1]) for dropped in _DROPPED_PARTS):
                    tree.remove(element)
            blob = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
        kept.append((name, blob))
    return kept


def _problem(label: str, message: str) -> DataError:
    return DataError([Finding.error(label, None, None, message)])


def _syntax_message(error: jinja2.TemplateSyntaxError) -> str:
    return (f"模板标签写法有误（{error.message}）；请在 Word 中检查 {{{{ }}}} 和 {{% %}} 是否成对、"
            "每个标签是否完整地写在同一段文字里")


def _reject_illegal(label: str, meant: list[tuple[str, str]]) -> None:
    bad = [(field, code) for field, text in meant if (code := xml_illegal_character(text))]
    if bad:
        raise DataError([Finding.error(label, None, field, f"含有 Word 文件不能保存的控制字符 {code}；请删除它")
                         for field, code in bad])


def _values_leaves(values: Mapping[str, Value] | None) -> list[tuple[str, str]]:
    return [(tag, value) for tag, value in (values or {}).items() if isinstance(value, str)]


def _property(sdt: etree._Element, name: str) -> str:
    element = sdt.find(f"{qn('w:sdtPr')}/{qn(name)}")
    return "" if element is None else element.get(qn("w:val"), "")


def _renumber_ids(root: etree._Element) -> None:
    """Unique control ids, in document order."""
    for number, control_id in enumerate(root.iter(_ID), start=1):
        if control_id.getparent().tag == _SDT_PR:
            control_id.set(qn("w:val"), str(number))


_WRITING_LINE = "\u3000" * 6  # six characters of underlined space: room for a year, a name


def _blank_for_print(sdt: etree._Element) -> None:
    """A control as paper shows it: its runs without the prompt, the control itself unwrapped."""
    content = sdt.find(qn("w:sdtContent"))
    if content is None:
        return
    prompting = sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}") is not None
    paragraph = sdt.getparent()
    if prompting and control_kind(sdt) != "check_box":
        _, run_pr = _content_runs(sdt)
        for child in list(content):
            content.remove(child)
        run = etree.SubElement(content, qn("w:r"))
        if run_pr is not None:
            run.append(run_pr)
        others = "".join(paragraph_text(r) for r in paragraph if r is not sdt) if paragraph.tag == qn("w:p") else ""
        if others.strip():  # inside a sentence (缴费年度：…): underline where the value goes
            set_child(set_child(run, "w:rPr"), "w:u", val="single")
            set_child(run, "w:t").text = _WRITING_LINE
    if paragraph.tag == qn("w:p"):  # a run-level control: its runs take its place
        index = paragraph.index(sdt)
        paragraph.remove(sdt)
        for offset, run in enumerate(content.findall(qn("w:r"))):
            paragraph.insert(index + offset, run)


def control_kind(sdt: etree._Element) -> str:
    """`rich_text`, `plain_text`, `date`, `drop_down`, `combo_box`, `check_box` or `picture`."""
    pr = sdt.find(qn("w:sdtPr"))
    kinds = {qn("w:date"): "date", qn("w:dropDownList"): "drop_down", qn("w:comboBox"): "combo_box",
             qn("w14:checkbox"): "check_box", qn("w:text"): "plain_text", qn("w:picture"): "picture"}
    for child in pr if pr is not None else ():
        if child.tag in kinds:
            return kinds[child.tag]
    return "rich_text"


def _content_runs(sdt: etree._Element) -> tuple[etree._Element, etree._Element | None]:
    """The control's content element and the run properties its text should keep."""
    content = sdt.find(qn("w:sdtContent"))
    run_pr = content.find(f".//{qn('w:rPr')}")
    if run_pr is not None:
        run_pr = etree.fromstring(etree.tostring(run_pr))
        style = run_pr.find(qn("w:rStyle"))
        if style is not None and style.get(qn("w:val")) == "PlaceholderText":
            run_pr.remove(style)
    return content, run_pr


def _replace_text(sdt: etree._Element, text: str) -> None:
    """Show `text` in place of the prompt, in the prompt's font and size."""
    content, run_pr = _content_runs(sdt)
    for child in list(content):
        content.remove(child)
    run = etree.SubElement(content, qn("w:r"))
    if run_pr is not None:
        run.append(run_pr)
    for index, line in enumerate(text.split("\n")):
        if index:
            etree.SubElement(run, qn("w:br"))
        for piece_index, piece in enumerate(line.split("\t")):
            if piece_index:
                etree.SubElement(run, qn("w:tab"))
            element = etree.SubElement(run, qn("w:t"))
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            element.text = piece
    placeholder = sdt.find(f"{qn('w:sdtPr')}/{qn('w:showingPlcHdr')}")
    if placeholder is not None:
        placeholder.getparent().remove(placeholder)


def format_date(day: date, pattern: str) -> str:
    """A date as a Word date picker shows it (`yyyy年M月d日` → 2012年4月6日)."""
    tokens = {"yyyy": f"{day.year:04d}", "MM": f"{day.month:02d}", "M": str(day.month),
              "dd": f"{day.day:02d}", "d": str(day.day)}
    return re.sub("yyyy|MM|M|dd|d", lambda m: tokens[m.group()], pattern)


def _set_value(sdt: etree._Element, value: Value, locked: bool) -> None:
    pr = sdt.find(qn("w:sdtPr"))
    kind = control_kind(sdt)
    if kind == "check_box":
        if not isinstance(value, bool):
            raise TypeError(f"check box {_property(sdt, 'w:tag')} takes True or False, not {value!r}")
        pr.find(f"{qn('w14:checkbox')}/{qn('w14:checked')}").set(qn("w14:val"), "1" if value else "0")
        _replace_text(sdt, CHECKED_MARK[value])
    elif kind == "date":
        if not isinstance(value, date):
            raise TypeError(f"date picker {_property(sdt, 'w:tag')} takes a date, not {value!r}")
        picker = pr.find(qn("w:date"))
        picker.set(qn("w:fullDate"), f"{value.isoformat()}T00:00:00Z")
        pattern = picker.find(qn("w:dateFormat"))
        _replace_text(sdt, format_date(value, pattern.get(qn("w:val")) if pattern is not None else "yyyy-MM-dd"))
    else:
        if not isinstance(value, str):
            raise TypeError(f"control {_property(sdt, 'w:tag')} takes text, not {value!r}")
        if kind == "drop_down":
            listing = pr.find(qn("w:dropDownList"))
            shown = {item.get(qn("w:value")): item.get(qn("w:displayText")) for item in listing}
            if value not in shown:
                raise ValueError(f"{value!r} is not a choice of {_property(sdt, 'w:tag')}: {list(shown)}")
            listing.set(qn("w:lastValue"), value)
            value = shown[value] or value
        _replace_text(sdt, value)
    if locked:
        lock = etree.Element(qn("w:lock"))
        lock.set(qn("w:val"), "sdtContentLocked")
        pr.find(qn("w:id")).addnext(lock)


def _set_choices(sdt: etree._Element, choices: Sequence[str]) -> None:
    """A drop-down's items; with none to offer it becomes a text field with a matching prompt."""
    pr = sdt.find(qn("w:sdtPr"))
    listing = pr.find(qn("w:dropDownList"))
    if listing is None:
        return
    if not choices:
        pr.remove(listing)
        if pr.find(qn("w:showingPlcHdr")) is not None:
            content = sdt.find(qn("w:sdtContent"))
            texts = content.findall(f".//{qn('w:t')}")
            for extra in texts[1:]:
                extra.text = ""
            texts[0].text = f"点击输入{_property(sdt, 'w:alias')}"
        return
    for item in list(listing):
        listing.remove(item)
    for choice in dict.fromkeys(choices):  # Word rejects duplicate values
        item = etree.SubElement(listing, qn("w:listItem"))
        item.set(qn("w:displayText"), choice)
        item.set(qn("w:value"), choice)


_CORE_NAMESPACES = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def core_properties_xml(properties: Properties) -> bytes:
    """`docProps/core.xml`, each property in the namespace the schema gives it, dated by the data.

    Written here rather than through python-docx: once docxcompose is imported, python-docx puts
    every `cp:` property in the custom-properties namespace (python-docx#1037), where no reader
    looks, and the form's identifier and version would be lost to intake.
    """
    ns = _CORE_NAMESPACES
    root = etree.Element(f"{{{ns['cp']}}}coreProperties", nsmap=ns)

    def add(prefix: str, name: str, text: str, **attributes: str) -> None:
        if text:
            element = etree.SubElement(root, f"{{{ns[prefix]}}}{name}", attributes)
            element.text = text

    moment = f"{properties.date.isoformat()}T00:00:00Z"
    add("dc", "title", properties.title)
    add("dc", "creator", properties.author)
    add("cp", "lastModifiedBy", properties.author)
    add("cp", "revision", "1")
    add("dc", "identifier", properties.identifier)
    add("cp", "version", properties.version)
    for name in ("created", "modified"):
        add("dcterms", name, moment, **{f"{{{ns['xsi']}}}type": "dcterms:W3CDTF"})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def document_root(docx: bytes | Path) -> etree._Element:
    """The parsed `word/document.xml` of a `.docx`."""
    data = docx.read_bytes() if isinstance(docx, Path) else docx
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(DOCUMENT_PART), _STRICT)


def read_controls(docx: bytes | Path) -> list[Control]:
    """Every content control of a `.docx` in document order, with its kind and value.

    A control holding other controls is a container, not a field: LibreOffice 7.4 wraps a
    paragraph with check boxes in one when it saves.
    """
    controls = []
    for sdt in document_root(docx).iter(_SDT):
        if next(sdt.iterdescendants(_SDT), None) is not None:
            continue
        pr = sdt.find(qn("w:sdtPr"))
        kind = control_kind(sdt)
        content = sdt.find(qn("w:sdtContent"))
        text = "\n".join(paragraph_text(p) for p in content.iter(qn("w:p"))) or paragraph_text(content)
        value: Value | None = None if pr.find(qn("w:showingPlcHdr")) is not None else text
        choices: tuple[str, ...] = ()
        if kind == "check_box":
            checked = pr.find(f"{qn('w14:checkbox')}/{qn('w14:checked')}")
            value = checked is not None and checked.get(qn("w14:val")) in ("1", "true")
        elif kind == "date" and value is not None:
            full = pr.find(qn("w:date")).get(qn("w:fullDate"))
            value = date.fromisoformat(full[:10]) if full else text
        elif kind in ("drop_down", "combo_box"):
            listing = pr.find(qn("w:dropDownList") if kind == "drop_down" else qn("w:comboBox"))
            choices = tuple(item.get(qn("w:value"), "") for item in listing.findall(qn("w:listItem")))
        controls.append(Control(_property(sdt, "w:tag"), _property(sdt, "w:alias"), kind, value, choices))
    return controls
