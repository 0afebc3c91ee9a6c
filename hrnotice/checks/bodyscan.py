"""The body source split by Jinja's own lexer: the text the clerk typed, and the placeholders."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..templating import markdown_environment

# What stands for a placeholder in `BodyScan.text`: one character that is no word, no figure and
# no punctuation, so a sentence read around a typed figure keeps its shape.
PLACEHOLDER_MARK = "\ufffc"
# Where a sentence of the body ends (a Markdown line break ends a paragraph, a heading or an item).
SENTENCE_END = re.compile(r"[。！？；!?;\n]")


@dataclass(frozen=True)
class Literal:
    """Text typed outside `{{ }}`, `{% %}` and `{# #}`, starting on `line` (and at `offset` of `BodyScan.text`)."""

    line: int
    text: str
    at_line_start: bool
    offset: int = 0


@dataclass(frozen=True)
class Placeholder:
    """A `{{ expression }}` and the literal text right after it."""

    line: int
    expression: str
    followed_by: str


@dataclass(frozen=True)
class InSentence:
    """A match in the literal text, with the rest of its sentence on either side."""

    line: int
    match: re.Match[str]
    before: str
    after: str


@dataclass
class BodyScan:
    """The body's literal text and placeholders, with their lines."""

    literals: list[Literal] = field(default_factory=list)
    placeholders: list[Placeholder] = field(default_factory=list)
    text: str = ""
    """The literal text in order, each placeholder written as `PLACEHOLDER_MARK`."""

    def search(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
        """Every match of `pattern` in the literal text, with the line it starts on."""
        for literal in self.literals:
            for match in pattern.finditer(literal.text):
                yield literal.line + literal.text.count("\n", 0, match.start()), match

    def search_in_sentences(self, pattern: re.Pattern[str]) -> Iterator[InSentence]:
        """Every match of `pattern` in the literal text, with its line and the text of its sentence around it."""
        for literal in self.literals:
            for match in pattern.finditer(literal.text):
                start, end = literal.offset + match.start(), literal.offset + match.end()
                ends_before = [m.end() for m in SENTENCE_END.finditer(self.text, 0, start)]
                after = SENTENCE_END.search(self.text, end)
                yield InSentence(literal.line + literal.text.count("\n", 0, match.start()), match,
                                 self.text[ends_before[-1] if ends_before else 0:start],
                                 self.text[end:after.start() if after else len(self.text)])

    def line_starts(self) -> Iterator[tuple[int, str]]:
        """Each literal line that begins a line of the source, with its text."""
        for literal in self.literals:
            for offset, text in enumerate(literal.text.split("\n")):
                if offset or literal.at_line_start:
                    yield literal.line + offset, text


def scan_body(source: str) -> BodyScan:
    """Lex (never render) the body source."""
    scan = BodyScan()
    text: list[str] = []
    length = 0
    previous = "\n"
    expression: list[str] | None = None
    start_line = 0
    pending: tuple[int, str] | None = None
    for line, kind, value in markdown_environment().lex(source):
        if pending is not None:
            scan.placeholders.append(Placeholder(*pending, value if kind == "data" else ""))
            pending = None
        if kind == "data":
            scan.literals.append(Literal(line, value, previous.endswith("\n"), length))
            text.append(value)
            length += len(value)
        elif kind == "variable_begin":
            expression, start_line = [], line
        elif kind == "variable_end" and expression is not None:
            pending = (start_line, "".join(expression).strip())
            expression = None
            text.append(PLACEHOLDER_MARK)
            length += 1
        elif expression is not None:
            expression.append(value)
        previous = value
    if pending is not None:
        scan.placeholders.append(Placeholder(*pending, ""))
    scan.text = "".join(text)
    return scan
