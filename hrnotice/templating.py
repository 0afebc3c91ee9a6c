"""The one place Jinja environments are made: strict, escaping, with the Chinese filters."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from .formatting import FILTERS

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Every ASCII character that means something to Markdown, its extensions (attr_list's `{: }`,
# tables' `|`) or HTML. Encoded as character references, a value prints as itself and can
# neither open a tag, a link, an emphasis nor an attribute list.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:=^$&\"'/@%\n\r\t")


def escape_markdown(value: object) -> str:
    """A value for Markdown and HTML alike: every special character as `&#N;`."""
    if isinstance(value, Markup):
        return str(value)
    return "".join(f"&#{ord(c)};" if c in _MARKDOWN_SPECIAL else c for c in str(value))


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(FILTERS)
    return env


def markdown_environment(sandboxed: bool = False) -> jinja2.Environment:
    """For Markdown pages: every `{{ value }}` is entity-encoded unless it is `Markup`."""
    cls = SandboxedEnvironment if sandboxed else jinja2.Environment
    return _configure(cls(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape_markdown,
        keep_trailing_newline=True,
    ))


def html_environment() -> jinja2.Environment:
    """For HTML fragments: autoescaped, strict."""
    return _configure(jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "pages"),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
    ))


def word_environment() -> jinja2.Environment:
    """For docxtpl templates (Word XML): sandboxed, autoescaped, strict; see wordfile.py."""
    return _configure(SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=True,
    ))
