"""The rule registry: every rule has an id, a severity and a one-line docstring."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..findings import Finding, Severity
from ..load import Edition
from ..model import Notice
from ..textfile import read_text
from .bodyscan import BodyScan, scan_body


Place = tuple[str, int | None]
Hit = tuple[Place, str]

_REASON_COMMENT = re.compile(r"\s#\s*(\S.*)$")


class Context:
    """What rules look at: the loaded edition (and the year before), its body scanned, and where every fact stands."""

    def __init__(self, edition: Edition, previous: Edition | None = None):
        self.edition = edition
        self.notice: Notice = edition.notice
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
