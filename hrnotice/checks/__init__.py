"""The consistency check: every rule over one loaded edition, findings sorted by file and line."""

from __future__ import annotations

from pathlib import Path

from ..load import Edition
from ..templating import TEMPLATES
from . import carryover, catalog, conventions, dates, figures, hours, references, workingdays, years  # noqa: F401  (registers)
from .registry import RULES, Context, Finding, Rule, Severity

FORMS_TEMPLATES = TEMPLATES / "forms"

__all__ = ["FORMS_TEMPLATES", "RULES", "Finding", "Rule", "Severity", "count", "run_checks"]


def run_checks(edition: Edition, forms_dir: Path | None = None, previous: Edition | None = None) -> list[Finding]:
    """Every rule's findings on `edition` (compared with `previous`, the year before), sorted by file and line."""
    context = Context(edition, forms_dir or FORMS_TEMPLATES, previous)
    findings = [finding for rule in RULES.values() for finding in rule.run(context)]
    return sorted(findings, key=Finding.sort_key)


def count(findings: list[Finding], severity: Severity) -> int:
    """How many findings have `severity`."""
    return sum(1 for finding in findings if finding.severity is severity)
