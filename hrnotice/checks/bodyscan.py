"""The body source split by Jinja's own lexer: the text the clerk typed, and the placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..templating import markdown_environment


@dataclass(frozen=True)
class Literal:
    """Text typed outside `{{ }}`, `{% %}` and `{# #}`, starting on `line`."""

    line: int
    text: str
    at_line_start: bool


@dataclass(frozen=True)
class Placeholder:
    """A `{{ expression }}` and the literal text right after it."""

    line: int
    expression: str
    followed_by: str


@dataclass
class BodyScan:
    """The body's literal text and placeholders, with their lines."""

    literals: list[Literal] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
        """Every match of `pattern` in the literal text, with the line it starts on."""
        for literal in self.literals:
            for match in pattern.finditer(literal.text):
                yield literal.line + literal.text.count("\n", 0, match.start()), match

    def line_starts(self) -> Iterator[tuple[int, str]]:
        """Each literal line that begins a line of the source, with its text."""
        for literal in self.literals:
            for offset, text in enumerate(literal.text.split("\n")):
                if offset or literal.at_line_start:
                    yield literal.line + offset, text


def scan_body(source: str) -> BodyScan:
    """Lex (never render) the body source."""
    scan = BodyScan()
    previous = "\n"
    expression: list[str] | None = None
    start_line = 0
    pending: tuple[int, str] | None = None
    for line, kind, value in markdown_environment().lex(source):
        if pending is not None:
            scan.placeholders.append(Placeholder(*pending, value if kind == "data" else ""))
            pending = None
        if kind == "data":
            scan.literals.append(Literal(line, value, previous.endswith("\n")))
        elif kind == "variable_begin":
            expression, start_line = [], line
        elif kind == "variable_end" and expression is not None:
            pending = (start_line, "".join(expression).strip())
            expression = None
        elif expression is not None:
            expression.append(value)
        previous = value
    if pending is not None:
        scan.placeholders.append(Placeholder(*pending, ""))
    return scan
