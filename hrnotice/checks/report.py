"""The check's findings as the clerk reads them (text) and as scripts read them (JSON)."""

from __future__ import annotations

import json

from ..findings import Finding, Severity


def counts(findings: list[Finding]) -> dict[str, int]:
    """How many findings of each severity, keyed `error`, `warning`, `info`."""
    return {s.value: sum(1 for f in findings if f.severity is s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)}


def failed(findings: list[Finding], strict: bool) -> bool:
    """Errors fail the check; under `--strict`, warnings too. Hints never do."""
    tally = counts(findings)
    return bool(tally["error"] or (strict and tally["warning"]))


def as_text(findings: list[Finding], strict: bool) -> list[str]:
    """One line per finding, then a verdict with the counts."""
    tally = counts(findings)
    figures = f"错误 {tally['error']} 条，警告 {tally['warning']} 条，提示 {tally['info']} 条"
    if tally["error"]:
        verdict = f"检查未通过：{figures}。请改正错误后再生成。"
    elif failed(findings, strict):
        verdict = f"检查未通过（--strict，警告视为错误）：{figures}。"
    else:
        verdict = f"检查通过：{figures}。"
    return [str(f) for f in findings] + [verdict]


def as_json(findings: list[Finding], strict: bool) -> str:
    """`{"ok", "strict", "counts", "findings": [{path, line, severity, label, rule, message}]}`."""
    document = {"ok": not failed(findings, strict), "strict": strict, "counts": counts(findings),
                "findings": [f.as_json() for f in findings]}
    return json.dumps(document, ensure_ascii=False, indent=2)
