"""`make audit`: the release lock file (requirements/release.txt) checked against the Python
advisory database with pip-audit. Exits 1 when a locked package has a known vulnerability, and
0 with a plain statement when the database cannot be reached (an offline build machine is not a
failed audit, but it must not read as a clean one either).

    python tools/audit.py PIP_AUDIT [LOCK]
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

UNREACHABLE = ("not found on PyPI", "could not be audited", "Connection", "timed out")


def summarise(report: dict[str, Any]) -> tuple[list[str], list[str], int]:
    """(vulnerabilities as lines, packages that could not be audited, packages audited)."""
    vulns: list[str] = []
    skipped: list[str] = []
    audited = 0
    for dep in report.get("dependencies", []):
        if dep.get("skip_reason"):
            skipped.append(str(dep["name"]))
            continue
        audited += 1
        for v in dep.get("vulns", []):
            fixes = ", ".join(v.get("fix_versions", [])) or "no fix released"
            version = dep.get("version", "?")
            vulns.append(f"{dep['name']} {version}: {v.get('id')} (fixed in {fixes})")
    return vulns, skipped, audited


def main(argv: list[str]) -> int:
    pip_audit = argv[1]
    lock = argv[2] if len(argv) > 2 else "requirements/release.txt"
    cmd = [pip_audit, "-r", lock, "--require-hashes", "--disable-pip", "-f", "json"]
    result = subprocess.run(
        [*cmd, "--progress-spinner", "off"], capture_output=True, text=True, timeout=600
    )
    try:
        report = json.loads(result.stdout or "{}")
    except json.JSONDecodeError:
        report = {}
    if not report.get("dependencies"):
        tail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        if any(word in result.stderr for word in UNREACHABLE):
            print(f"audit: the advisory database is unreachable; nothing audited ({tail})")
            return 0
        print(f"audit: pip-audit failed: {tail}")
        return 1
    vulns, skipped, audited = summarise(report)
    for line in vulns:
        print(f"audit: VULNERABLE {line}")
    if skipped and not audited:
        print(f"audit: the advisory database is unreachable; 0 of {len(skipped)} packages audited")
        return 0
    if skipped:
        print(f"audit: {len(skipped)} package(s) could not be audited: {', '.join(skipped)}")
    print(f"audit: {audited} package(s) audited, {len(vulns)} known vulnerabilit(y/ies)")
    return 1 if vulns else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
