"""The rule registry: every rule has an id, a severity and a one-line docstring."""

from __future__ import annotations

import enum
import inspect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import Problem
from ..load import Edition
from ..model import Notice
from ..textfile import read_text
from .bodyscan import BodyScan, scan_body


class Severity(enum.Enum):
    """How much a finding matters: errors stop the build, warnings are counted, hints are shown."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True)
class Finding:
    """One rule's finding at one place: `path:line: 警告 rule-id: message`."""

    path: str
    line: int | None
    severity: Severity
    rule: str
    message: str

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else self.path
        return f"{place}: {self.severity.label} {self.rule}: {self.message}"

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.rule, self.message)

    def as_problem(self) -> Problem:
        """The finding as a build-stopping problem, printed the same way."""
        return Problem(self.path, self.line, None, f"{self.severity.label} {self.rule}: {self.message}")

    def as_json(self) -> dict:
        return {"path": self.path, "line": self.line, "severity": self.severity.value,
                "label": self.severity.label, "rule": self.rule, "message": self.message}


Place = tuple[str, int | None]
Hit = tuple[Place, str]

_REASON_COMMENT = re.compile(r"\s#\s*(\S.*)$")


class Context:
    """What rules look at: the loaded edition (and the year before), its body scanned, and where every fact stands."""

    def __init__(self, edition: Edition, forms_dir: Path, previous: Edition | None = None):
        self.edition = edition
        self.notice: Notice = edition.notice
        self.forms_dir = forms_dir
        self.previous = previous

    @cached_property
    def body(self) -> BodyScan:
        return scan_body(self.edition.body_source)

    @cached_property
    def _facts_lines(self) -> list[str]:
        try:
            return read_text(Path(self.edition.facts_map.path))[0].splitlines()
        except OSError:
            return []

    def facts_at(self, dotted: str) -> Place:
        """The place of a fact named like `schedule.registration.end` or `annexes.0.number`."""
        keys = tuple(int(k) if k.isdigit() else k for k in dotted.split("."))
        return self.edition.facts_map.path, self.edition.facts_map.line(*keys)

    def body_at(self, line: int) -> Place:
        return self.edition.body_path, line

    def reason_given(self, dotted: str) -> str | None:
        """The `# comment` at the end of a fact's line: the clerk's reason for an exception."""
        _path, line = self.facts_at(dotted)
        if line is None or line > len(self._facts_lines):
            return None
        match = _REASON_COMMENT.search(self._facts_lines[line - 1])
        return match.group(1) if match else None


RuleCheck = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    """A named check of one kind of fact."""

    id: str
    severity: Severity
    check: RuleCheck

    @property
    def summary(self) -> str:
        return inspect.getdoc(self.check) or ""

    def run(self, context: Context) -> Iterator[Finding]:
        for (path, line), message in self.check(context):
            yield Finding(path, line, self.severity, self.id, message)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, severity: Severity) -> Callable[[RuleCheck], RuleCheck]:
    """Register a check under `rule_id`; it yields (place, message) pairs."""
    def register(check: RuleCheck) -> RuleCheck:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} registered twice")
        RULES[rule_id] = Rule(rule_id, severity, check)
        return check
    return register
