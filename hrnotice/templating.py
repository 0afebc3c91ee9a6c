"""The one place Jinja environments are made: strict, escaping, with the Chinese filters."""

from __future__ import annotations

from pathlib import Path

import jinja2
import jinja2.bccache
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import INSTALLED_DATA
from .formatting import FILTERS


def _project_root() -> Path:
    """The folder holding `templates/`: the source checkout, or (after `pip install .`) the working folder."""
    checkout = Path(__file__).resolve().parent.parent
    return checkout if (checkout / "templates").is_dir() else Path.cwd()


ROOT = _project_root()
TEMPLATES = ROOT / "templates"
PAGE_TEMPLATES = TEMPLATES / "pages"
FORM_TEMPLATES = TEMPLATES / "forms"  # the current year's; an archived year keeps its own
SERVER_TEMPLATES = TEMPLATES / "server"  # the web server's configuration

# Every ASCII character that means something to Markdown, its extensions (attr_list's `{: }`,
# tables' `|`) or HTML. Encoded as character references, a value prints as itself and can
# neither open a tag, a link, an emphasis nor an attribute list.
_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~:=^$&\"'/@%\n\r\t")


def escape_markdown(value: object) -> str:
    """A value for Markdown and HTML alike: every special character as `&#N;`."""
    if isinstance(value, Markup):
        return str(value)
    return "".join(f"&#{ord(c)};" if c in _MARKDOWN_SPECIAL else c for c in str(value))


def css_string(value: object) -> Markup:
    """A value as a quoted CSS string: every character that could end it or escape from it as `\\hex `."""
    return Markup('"' + "".join(c if c.isalnum() or c in " ：，、" else f"\\{ord(c):x} " for c in str(value)) + '"')


def _configure(env: jinja2.Environment) -> jinja2.Environment:
    env.filters.update(FILTERS)
    env.filters["css_string"] = css_string
    return env


# Where install.sh keeps the site's templates compiled (hrnotice.installed): read, never written, by builds.
INSTALLED_TEMPLATES = INSTALLED_DATA / "templates"


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled, and kept in `folder` (the build cache's) for the next build; those
    install.sh compiled are read from INSTALLED_TEMPLATES. Jinja checks each against its template's
    source: an edited template is compiled again."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder))
        self._installed = jinja2.FileSystemBytecodeCache(str(INSTALLED_TEMPLATES))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        super().load_bytecode(bucket)
        if bucket.code is None:
            self._installed.load_bytecode(bucket)


def markdown_environment(compiled: Path | None = None) -> jinja2.Environment:
    """For the site's Markdown pages: every `{{ value }}` is entity-encoded unless it is `Markup`.
    `compiled`: a folder keeping the templates compiled (`CompiledTemplates`)."""
    return _configure(jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGE_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape_markdown,
        keep_trailing_newline=True,
        bytecode_cache=CompiledTemplates(compiled) if compiled else None,
    ))


def body_environment() -> jinja2.Environment:
    """For notice.md, which the clerk writes: sandboxed, no other file reachable, values encoded."""
    return _configure(SandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape_markdown,
        keep_trailing_newline=True,
    ))


def text_environment(folder: Path = PAGE_TEMPLATES) -> jinja2.Environment:
    """For generated CSS (values reach it only through `css_string`) and the web server's
    configuration (its values are paths and headers we make): strict, nothing escaped."""
    return _configure(jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    ))


def html_environment() -> jinja2.Environment:
    """For HTML fragments: autoescaped, strict."""
    return _configure(jinja2.Environment(
        loader=jinja2.FileSystemLoader(PAGE_TEMPLATES),
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
