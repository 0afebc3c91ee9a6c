"""Loading one year's data: the facts (YAML), the body (Markdown with Jinja placeholders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml
from pydantic import ValidationError

from .errors import DataError, Problem, display_path
from .catalog import find_catalog, load_catalog
from .model import Catalog, Notice
from .templating import markdown_environment
from .textfile import read_text

FACTS_FILE = "notice.yml"
BODY_FILE = "notice.md"


@dataclass(frozen=True)
class SourceMap:
    """Where each fact stands in the YAML file, so later checks can name its line."""

    path: str
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)

    def line(self, *keys: str | int) -> int | None:
        """The line of the deepest of `keys` that the file has."""
        while keys:
            if keys in self.lines:
                return self.lines[keys]
            keys = keys[:-1]
        return self.lines.get((), None)


@dataclass(frozen=True)
class Edition:
    """One year's notice as loaded: facts, body source and where they came from."""

    notice: Notice
    body_source: str
    facts_map: SourceMap
    body_path: str
    catalog: Catalog = Catalog()


class _InvalidDate(str):
    """A YAML timestamp that is not a real day (2012-02-30): kept so validation can report it."""


class _FactsLoader(yaml.SafeLoader):
    """SafeLoader that reports impossible dates instead of crashing on them."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> object:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return _InvalidDate(node.value)


_FactsLoader.add_constructor("tag:yaml.org,2002:timestamp", _FactsLoader.construct_yaml_timestamp)


def _index_nodes(node: yaml.Node, path: tuple, lines: dict, problems: list[Problem], file: str) -> None:
    """Record every node's line; report duplicate keys, which YAML would silently overwrite."""
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                problems.append(Problem(file, key_node.start_mark.line + 1, _dotted(path + (key,)),
                                        "字段重复出现；请删除多余的一处"))
            seen.add(key)
            _index_nodes(value_node, path + (key,), lines, problems, file)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_nodes(item, path + (index,), lines, problems, file)


def _dotted(path: tuple) -> str:
    return ".".join(f"[{p + 1}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")


_TYPE_NAMES = {
    "date_type": "日期（写作 2012-03-31）",
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
    if kind == "date_type" and isinstance(value, _InvalidDate):
        return f"“{value}”不是存在的日期；请改为真实的日期，写作 2012-03-31"
    if kind in _TYPE_NAMES:
        return f"应为{_TYPE_NAMES[kind]}，而不是“{value}”"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx['ge']}，而现在是 {value}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx['le']}，而现在是 {value}"
    if kind in ("too_short", "string_too_short"):
        return "不能为空；请填写"
    if kind == "literal_error":
        return f"只能是 {ctx['expected'].replace(' or ', ' 或 ')}，而不是“{value}”"
    return error["msg"]


def load_facts(path: Path) -> tuple[Notice, SourceMap]:
    """The notice's facts from YAML, every problem reported with its line."""
    file = display_path(path)
    text, _encoding = read_text(path)
    try:
        root = yaml.compose(text, Loader=_FactsLoader)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, e.g. a control character
        line = text[: error.position].count("\n") + 1
        raise DataError([Problem(file, line, None,
                                 f"含有不允许的字符 U+{error.character:04X}（控制字符，多由复制粘贴带入）；请删除它")]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        raise DataError([Problem(file, line, None,
                                 f"YAML 格式错误：{error.problem}；请检查这一行的缩进、冒号和引号")]) from None
    if root is None or not isinstance(root, yaml.MappingNode):
        raise DataError([Problem(file, 1, None, "文件应为“字段: 值”的键值映射")])

    problems: list[Problem] = []
    source = SourceMap(file)
    _index_nodes(root, (), source.lines, problems, file)
    data = _FactsLoader(text).construct_document(root)
    try:
        notice = Notice.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            if loc and isinstance(loc[-1], str) and loc[-1].startswith("function-"):
                loc = loc[:-1]
            problems.append(Problem(file, source.line(*loc), _dotted(loc) or None, _message(item)))
        notice = None
    if problems:
        raise DataError(sorted(problems, key=lambda p: (p.line or 0, p.field or "")))
    assert notice is not None
    return notice, source


def _template_line(error: BaseException, filename: str) -> int | None:
    """The body line a rendering error happened on, from Jinja's rewritten traceback."""
    line = getattr(error, "lineno", None)
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_body(edition: Edition) -> str:
    """The body as Markdown, every placeholder filled from the facts and escaped."""
    env = markdown_environment(sandboxed=True)
    try:
        # Compile under the body's own name so errors and tracebacks point into it.
        code = env.compile(edition.body_source, filename=edition.body_path)
        template = env.template_class.from_code(env, code, env.make_globals(None))
        return template.render(**_body_context(edition.notice))
    except jinja2.TemplateSyntaxError as error:
        raise DataError([Problem(edition.body_path, error.lineno, None,
                                 f"正文模板语法错误：{error.message}；请检查 {{{{ }}}} 和 {{% %}} 是否成对")]) from None
    except (jinja2.UndefinedError, jinja2.exceptions.SecurityError, TypeError, ValueError, KeyError) as error:
        line = _template_line(error, edition.body_path)
        raise DataError([Problem(edition.body_path, line, None,
                                 f"正文引用了不存在或无法使用的事实：{error}；请对照 notice.yml 的字段名")]) from None


def _body_context(notice: Notice) -> dict:
    context = {name: getattr(notice, name) for name in Notice.model_fields}
    context["annex"] = notice.annex
    return context


def load_edition(data_dir: Path) -> Edition:
    """One year's facts, body and catalog, validated; raises DataError listing every problem."""
    try:
        catalog, catalog_problems = load_catalog(find_catalog(data_dir)), []
    except DataError as error:  # reported together with the facts' problems, not instead of them
        catalog, catalog_problems = Catalog(), error.problems
    try:
        notice, facts_map = load_facts(data_dir / FACTS_FILE)
    except DataError as error:
        raise DataError(error.problems + catalog_problems) from None
    body_path = data_dir / BODY_FILE
    body_source, _encoding = read_text(body_path)
    edition = Edition(notice, body_source, facts_map, display_path(body_path), catalog)
    try:
        render_body(edition)  # fail at load time, not halfway through writing
    except DataError as error:
        raise DataError(error.problems + catalog_problems) from None
    if catalog_problems:
        raise DataError(catalog_problems)
    return edition


def year_folders(data_root: Path) -> list[Path]:
    """The year folders of `data_root` (`data/2012`, `data/2013` …), oldest first.

    A folder that itself holds a notice is one year on its own, so a single year's data can be
    checked or built without the others.
    """
    if (data_root / FACTS_FILE).is_file():
        return [data_root]
    folders = sorted(p for p in data_root.glob("[0-9][0-9][0-9][0-9]") if (p / FACTS_FILE).is_file())
    if not folders:
        raise DataError([Problem(display_path(data_root), None, None,
                                 f"没有找到任何年度的数据：应有 {display_path(data_root)}/2012/{FACTS_FILE} 这样的文件")])
    return folders


def load_years(data_root: Path) -> list[Edition]:
    """Every year's edition, oldest first; problems of all years are reported together."""
    editions, problems = [], []
    for folder in year_folders(data_root):
        try:
            edition = load_edition(folder)
        except DataError as error:
            problems += error.problems
            continue
        if folder != data_root and folder.name != str(edition.notice.year):
            problems.append(Problem(edition.facts_map.path, edition.facts_map.line("year"), "year",
                                    f"年度 {edition.notice.year} 与所在目录 {folder.name} 不一致；请改正 year 或目录名"))
        editions.append(edition)
    if problems:
        raise DataError(problems)
    return editions
