"""The consistency check: every rule over one loaded edition, findings sorted by file and line."""

from __future__ import annotations

from ..findings import Finding, Severity
from ..load import Edition
from . import (carryover, catalog, conventions, dates, figures, hours, publishing, references,  # noqa: F401  (registers)
               workingdays, years)
from .registry import RULES, Context, Rule

__all__ = ["RULES", "Finding", "Rule", "Severity", "run_checks"]


def run_checks(edition: Edition, previous: Edition | None = None) -> list[Finding]:
    """Every rule's findings on `edition` (compared with `previous`, the year before), sorted by file and line."""
    context = Context(edition, previous)
    findings = [finding for rule in RULES.values() for finding in rule.run(context)]
    return sorted(findings, key=Finding.sort_key)
