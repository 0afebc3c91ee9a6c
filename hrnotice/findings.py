"""What the tool finds in the data, the forms and the returns: one type, one severity, one format.

Every message a clerk reads is a `Finding` printed as
`path:line: 错误 rule: field: message` (line and field where they are known).
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    """How much a finding matters: errors stop the build, warnings are counted, hints shown, reviews checked by eye."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    REVIEW = "review"  # intake: a value read without certainty, to compare with the paper

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示", Severity.REVIEW: "核对"}


@dataclass(frozen=True)
class Finding:
    """One thing found at one place, by one rule."""

    path: str
    line: int | None
    severity: Severity
    rule: str
    message: str
    field: str | None = None

    @property
    def place(self) -> str:
        """`data/notice.yml:12`, or the path alone when there is no line."""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        subject = f"{self.field}: " if self.field else ""
        return f"{self.place}: {self.severity.label} {self.rule}: {subject}{self.message}"

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.rule, self.field or "", self.message)

    @classmethod
    def error(cls, path: str, line: int | None, field: str | None, message: str, rule: str = "load") -> Finding:
        """An error at `path:line` in `field`: what stops the data from being built."""
        return cls(path, line, Severity.ERROR, rule, message, field)

    def as_json(self) -> dict:
        return {"path": self.path, "line": self.line, "field": self.field, "severity": self.severity.value,
                "label": self.severity.label, "rule": self.rule, "message": self.message}

    @classmethod
    def from_json(cls, data: dict) -> Finding:
        """A finding as `as_json` wrote it."""
        return cls(data["path"], data["line"], Severity(data["severity"]), data["rule"], data["message"], data["field"])


def count(findings: list[Finding], severity: Severity) -> int:
    """How many findings have `severity`."""
    return sum(1 for finding in findings if finding.severity is severity)


class DataError(Exception):
    """The data cannot be built; carries every finding that says why, not just the first."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(str(f) for f in findings))
        self.findings = findings

    def __reduce__(self):  # to come back whole from the process that built a site
        return DataError, (self.findings,)


def display_path(path: Path) -> str:
    """A path as the clerk typed it: relative to the working folder when possible, and never the
    target of a symbolic link in its place."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(os.path.abspath(Path.cwd())))
    except ValueError:
        return str(path)
