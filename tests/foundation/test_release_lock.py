"""The release lock file (requirements/release.txt, `make lock`) pins every dependency of the app
with hashes, at the versions the tests run (constraints.txt); `make audit` reports what the
advisory database says of it, and says so when it cannot ask."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))
import audit  # noqa: E402

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==(\S+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(text: str) -> dict[str, str]:
    return {_norm(m[1]): m[2] for line in text.splitlines() if (m := PIN.match(line))}


def test_lock_pins_every_dependency_with_hashes_at_the_tested_versions() -> None:
    lock_text = (REPO / "requirements/release.txt").read_text(encoding="utf-8")
    lock = _pins(lock_text)
    tested = _pins((REPO / "constraints.txt").read_text(encoding="utf-8"))
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    for requirement in project["dependencies"]:
        name = _norm(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0])
        assert name in lock, f"{name} is not in requirements/release.txt: run `make lock`"
    for name, version in lock.items():
        if name in tested:
            assert version == tested[name], f"{name}: lock {version}, tests {tested[name]}"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock_text.split("\n", 2)[-1])
    for entry in entries:
        if PIN.match(entry):
            assert "--hash=sha256:" in entry, f"no hash for {entry.splitlines()[0]}"


def _fake_pip_audit(tmp_path: Path, report: dict[str, object], stderr: str = "") -> str:
    script = tmp_path / "pip-audit"
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stderr.write({stderr!r})\n"
        f"print({json.dumps(json.dumps(report))})\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return str(script)


def test_audit_fails_on_a_known_vulnerability(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = {
        "dependencies": [
            {
                "name": "requests",
                "version": "2.0.0",
                "vulns": [{"id": "PYSEC-1", "fix_versions": ["2.1"]}],
            },
            {"name": "numpy", "version": "2.4.6", "vulns": []},
        ]
    }
    assert audit.main(["audit", _fake_pip_audit(tmp_path, report)]) == 1
    out = capsys.readouterr().out
    assert "VULNERABLE requests 2.0.0: PYSEC-1 (fixed in 2.1)" in out
    assert "2 package(s) audited, 1 known" in out


def test_audit_offline_says_so_and_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = {"dependencies": [{"name": "numpy", "skip_reason": "could not be audited"}]}
    assert audit.main(["audit", _fake_pip_audit(tmp_path, report)]) == 0
    assert "unreachable; 0 of 1 packages audited" in capsys.readouterr().out
    broken = _fake_pip_audit(tmp_path, {}, stderr="ConnectionError: Connection refused\n")
    assert audit.main(["audit", broken]) == 0
    assert "unreachable; nothing audited" in capsys.readouterr().out
