"""Reading the YAML data files (notice.yml, site.yml, forms.yml) into typed models.

Every value keeps its line, so a problem is reported where the clerk typed it. What YAML allows but
the data never needs is refused: duplicate keys (YAML would keep the last silently), anchors and
aliases (an "alias bomb" takes gigabytes), control characters written as escapes ("\\0", "\\a").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .findings import DataError, Finding, display_path
from .textfile import read_text

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class SourceMap:
    """Where each value stands in a YAML file, so later checks can name its line."""

    path: str
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line(self, *keys: str | int) -> int | None:
        """The line of the deepest of `keys` that the file has."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), None)


class InvalidDate(str):
    """A YAML timestamp that is not a real day (2012-02-30): kept so validation can report it."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that keeps impossible dates for the report and refuses aliases."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return InvalidDate(node.value)

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _AliasRefused(event.start_mark)
        return super().compose_node(parent, index)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class _AliasRefused(Exception):
    def __init__(self, mark: yaml.Mark):
        self.mark = mark


# What PyYAML says, as the clerk needs to hear it; `context` tells where the broken thing started.
_CONTEXTS = {
    "while scanning a quoted scalar": "从这里开始的引号没有配对的结束引号；请补上引号，或删去多余的引号",
    "while parsing a flow sequence": "从这里开始的方括号 [ ] 没有闭合，或其中的项之间缺少逗号",
    "while parsing a flow mapping": "从这里开始的花括号 { } 没有闭合，或其中的项之间缺少逗号",
    "while scanning a simple key": "这一行缺少“字段: 值”中的冒号（冒号后要有一个空格）",
    "while scanning a block scalar": "从这里开始的多行文字（| 或 >）格式有误",
}
_PROBLEMS = {
    "mapping values are not allowed here": "这一行多了一个冒号；值中含有“: ”时，请用引号把整个值括起来",
    "found character '\\t' that cannot start any token": "用了制表符（Tab）；YAML 只能用空格缩进",
    "expected <block end>": "缩进与同一层的其他字段不一致；请用空格对齐（同一层的字段左边对齐）",
}
_UNCLOSED = {"while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping",
             "while scanning a simple key", "while scanning a block scalar"}

# Control characters a value may not hold: every C0/C1 control but tab and line breaks, and the
# characters no XML (Word, Excel) file can store.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def control_character(text: str) -> str | None:
    """The first control character of `text`, as `U+0007`; None if there is none."""
    match = CONTROL.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def _syntax_finding(file: str, error: yaml.MarkedYAMLError) -> Finding:
    context = (error.context or "").strip()
    problem = (error.problem or "").strip()
    if context in _UNCLOSED and error.context_mark is not None:
        mark, message = error.context_mark, _CONTEXTS[context]
    else:
        mark = error.problem_mark or error.context_mark
        message = next((text for start, text in _PROBLEMS.items() if problem.startswith(start)), None) \
            or _CONTEXTS.get(context) or (
            f"YAML 格式错误（{problem}）；请检查这一行及上一行的缩进、冒号和引号")
    line = mark.line + 1 if mark else None
    column = f"第 {mark.column + 1} 列：" if mark else ""
    return Finding.error(file, line, None, f"{column}{message}")


def _index_nodes(node: yaml.Node, path: tuple, lines: dict, findings: list[Finding], file: str) -> None:
    """Record every node's line; report duplicate keys, which YAML would silently overwrite."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                findings.append(Finding.error(file, key_node.start_mark.line + 1, dotted(path + (key,)),
                                              "字段重复出现；请删除多余的一处"))
            seen.add(key)
            _index_nodes(value_node, path + (key,), lines, findings, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_nodes(item, path + (index,), lines, findings, file)


def _control_characters(value: object, path: tuple, source: SourceMap) -> list[Finding]:
    """Every string holding a control character (typed as a YAML escape such as "\\a")."""
    if isinstance(value, str):
        code = control_character(value)
        if code is None:
            return []
        name = unicodedata.name(chr(int(code[2:], 16)), "控制字符")
        return [Finding.error(source.path, source.line(*path), dotted(path) or None,
                              f"含有控制字符 {code}（{name}，多由复制粘贴或 YAML 转义如 \"\\a\" 带入）；"
                              "Word 和网页都不能正确显示它，请删除")]
    if isinstance(value, dict):
        return [f for key, item in value.items() for f in _control_characters(item, path + (key,), source)]
    if isinstance(value, list):
        return [f for index, item in enumerate(value) for f in _control_characters(item, path + (index,), source)]
    return []


def dotted(path: tuple) -> str:
    """`schedule.registration.start`, `annexes[2].title` (list positions from 1)."""
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


def read_yaml(path: Path) -> tuple[object, SourceMap]:
    """The data of a YAML file and where each value stands; DataError for anything malformed."""
    text, _encoding = read_text(path)
    return parse_yaml(text, display_path(path))


def parse_yaml(text: str, file: str) -> tuple[object, SourceMap]:
    """The data of YAML text read from `file` (a front matter, for one) and where each value stands."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except _AliasRefused as refused:
        raise DataError([Finding.error(file, refused.mark.line + 1, None,
                                       "用了 YAML 的锚点或别名（& 或 *）；本数据不需要它们，请把内容直接写出")]) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, typed as it is
        line = text[: error.position].count("\n") + 1
        raise DataError([Finding.error(file, line, None, f"含有不允许的字符 U+{error.character:04X}"
                                                         "（控制字符，多由复制粘贴带入）；请删除它")]) from None
    except yaml.MarkedYAMLError as error:
        raise DataError([_syntax_finding(file, error)]) from None
    if root is None or not isinstance(root, yaml.MappingNode):
        raise DataError([Finding.error(file, 1, None, "文件应为“字段: 值”的键值映射")])
    findings: list[Finding] = []
    source = SourceMap(file)
    _index_nodes(root, (), source.lines, findings, file)
    data = _Loader(text).construct_document(root)
    findings += _control_characters(data, (), source)
    if findings:
        raise DataError(sorted(findings, key=Finding.sort_key))
    return data, source


_TYPE_NAMES = {
    "date_type": "日期（写作 2012-03-31）",
    "date_from_datetime_inexact": "日期（写作 2012-03-31，不带时刻）",
    "int_type": "整数",
    "string_type": "文字",
    "list_type": "列表",
    "dict_type": "键值映射",
    "model_type": "键值映射",
    "model_attributes_type": "键值映射",
    "bool_type": "true 或 false",
}


def _message(error: dict) -> str:
    """A pydantic error in Chinese, with how to fix it."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "缺少必填字段；请补上"
    if kind == "extra_forbidden":
        return "未知字段；请检查拼写，或删除这一行"
    if kind == "date_type" and isinstance(value, InvalidDate):
        return f"“{value}”不是存在的日期；请改为真实的日期，写作 2012-03-31"
    if kind in _TYPE_NAMES:
        return f"应为{_TYPE_NAMES[kind]}，而不是“{value}”"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx['ge']}，而现在是 {value}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx['le']}，而现在是 {value}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空；请填写"
    if kind == "string_too_long":
        return f"太长（最多 {ctx['max_length']} 个字符）；请缩短"
    if kind == "literal_error":
        return f"只能是 {ctx['expected'].replace(' or ', ' 或 ')}，而不是“{value}”"
    if kind == "string_pattern_mismatch":
        return f"“{value}”的写法不对"
    return error["msg"]


def validate(model: type[Model], data: object, source: SourceMap) -> Model:
    """`data` as `model`, every validation problem reported at its line; DataError if any."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        findings = []
        for item in error.errors():
            loc = tuple(item["loc"])
            if loc and isinstance(loc[-1], str) and loc[-1].startswith("function-"):
                loc = loc[:-1]
            findings.append(Finding.error(source.path, source.line(*loc), dotted(loc) or None, _message(item)))
        raise DataError(sorted(findings, key=lambda f: (f.line or 0, f.field or ""))) from None


def load_model(path: Path, model: type[Model]) -> tuple[Model, SourceMap]:
    """A YAML file read and validated as `model`, with where each value stands."""
    data, source = read_yaml(path)
    return validate(model, data, source), source


def parse_model(text: str, file: str, model: type[Model]) -> tuple[Model, SourceMap]:
    """YAML text from `file` validated as `model`, with where each value stands."""
    data, source = parse_yaml(text, file)
    return validate(model, data, source), source

