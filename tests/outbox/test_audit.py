"""The audit log: HMAC chain, every kind of tampering reported at its line, safe appends from
threads and processes, nothing secret in it, and `logmeets audit verify` on the real CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import threading
from pathlib import Path

import pytest
from outbox_helpers import PYTHON, REPO, subprocess_env

from outbox import AuditLog, head_path, verify_audit_log


def _log(path: Path, key: bytes, n: int) -> AuditLog:
    log = AuditLog(path, key, device_id="dev-1")
    log.set_user("alice")
    for i in range(n):
        log.append("chunk_sealed", recording_id=f"r{i}", chunk_id=f"c{i}", index=i, size=100 + i)
    return log


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _write(path: Path, lines: list[bytes]) -> None:
    path.write_bytes(b"".join(lines))


def test_entries_have_the_documented_fields_and_chain(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    log = _log(path, audit_key, 3)
    log.append("login", "failed", user_id="bob", reason="bad password")
    entries = [json.loads(line) for line in _lines(path)]
    assert [e["seq"] for e in entries] == [1, 2, 3, 4]
    assert entries[0]["prev"] == ""
    assert all(b["prev"] == a["mac"] for a, b in itertools.pairwise(entries))
    first = entries[0]
    assert set(first) == {
        "v",
        "ts",
        "seq",
        "user_id",
        "device_id",
        "action",
        "recording_id",
        "chunk_id",
        "outcome",
        "detail",
        "prev",
        "mac",
    }
    assert first["ts"].endswith("Z") and first["user_id"] == "alice"
    assert first["device_id"] == "dev-1" and first["detail"] == {"index": 0, "size": 100}
    assert entries[3]["user_id"] == "bob" and entries[3]["outcome"] == "failed"
    assert verify_audit_log(path, audit_key) == []


def test_wrong_key_fails_every_line(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 3)
    problems = verify_audit_log(path, b"\x01" * 32)
    assert {p.line for p in problems if "MAC" in p.reason} == {1, 2, 3}


def test_edited_line_is_reported_at_that_line_only(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 6)
    lines = _lines(path)
    lines[3] = lines[3].replace(b'"size":103', b'"size":999')
    _write(path, lines)
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [4]
    assert "changed" in problems[0].reason


def test_deleted_line_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 6)
    lines = _lines(path)
    del lines[2]  # entry 3
    _write(path, lines)
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [3]
    assert "entries 3 are missing" in problems[0].reason


def test_deleted_first_lines_are_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 4)
    _write(path, _lines(path)[2:])
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [1]
    assert "1-2" in problems[0].reason


def test_swapped_lines_are_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 6)
    lines = _lines(path)
    lines[2], lines[3] = lines[3], lines[2]
    _write(path, lines)
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [3, 4]
    assert all("out of order" in p.reason for p in problems)


def test_duplicated_line_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 4)
    lines = _lines(path)
    lines.insert(2, lines[1])
    _write(path, lines)
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [3]
    assert "twice" in problems[0].reason


def test_line_from_another_log_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    a, b = tmp_path / "a.log", tmp_path / "b.log"
    _log(a, audit_key, 4)
    other = AuditLog(b, audit_key, device_id="dev-1")
    for i in range(4):
        other.append("something_else", index=i)
    lines = _lines(a)
    lines[2] = _lines(b)[2]  # same key, same seq, valid MAC, but another chain
    _write(a, lines)
    problems = verify_audit_log(a, audit_key)
    assert {p.line for p in problems} == {3, 4}
    assert any("chain" in p.reason for p in problems)


def test_truncated_end_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 5)
    _write(path, _lines(path)[:3])
    problems = verify_audit_log(path, audit_key)
    assert len(problems) == 1 and problems[0].line == 4
    assert "ends at entry 3 but 5 were written" in problems[0].reason


def test_deleted_log_with_head_left_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 2)
    path.unlink()
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [1] and "2 were written" in problems[0].reason


def test_missing_or_forged_head_is_reported(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    _log(path, audit_key, 3)
    head = head_path(path)
    original = head.read_bytes()
    head.write_bytes(original.replace(b'"seq":3', b'"seq":2'))
    assert "damaged or was edited" in verify_audit_log(path, audit_key)[0].reason
    head.unlink()
    assert "missing" in verify_audit_log(path, audit_key)[0].reason
    head.write_bytes(original)
    assert verify_audit_log(path, audit_key) == []


def test_appending_after_truncation_keeps_the_hole_visible(
    tmp_path: Path, audit_key: bytes
) -> None:
    path = tmp_path / "audit.log"
    log = _log(path, audit_key, 5)
    _write(path, _lines(path)[:2])
    log.append("after_cut")
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [3]
    assert "3-5 are missing" in problems[0].reason
    assert json.loads(_lines(path)[2])["seq"] == 6


def test_torn_last_line_is_reported_and_next_append_starts_a_new_line(
    tmp_path: Path, audit_key: bytes
) -> None:
    path = tmp_path / "audit.log"
    log = _log(path, audit_key, 3)
    lines = _lines(path)
    with path.open("ab") as f:
        f.write(b'{"action":"half')  # a power cut mid-write
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [4] and "incomplete" in problems[0].reason
    log.append("next")
    problems = verify_audit_log(path, audit_key)
    assert [p.line for p in problems] == [4] and "not a valid audit entry" in problems[0].reason
    assert len(_lines(path)) == len(lines) + 2


def test_secrets_and_audio_never_reach_the_log(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    log = AuditLog(path, audit_key, device_id="d")
    log.append(
        "login",
        password="hunter2-secret",
        access_token="tok-abcdef",
        age_identity="AGE-SECRET-KEY-1XYZ",
        pcm=b"\x01\x02" * 100,
        blob=b"RIFF....WAVE",
        note="x" * 5000,
    )
    text = path.read_text()
    for secret in ("hunter2", "tok-abcdef", "AGE-SECRET-KEY", "RIFF", "\\u0001"):
        assert secret not in text
    detail = json.loads(text)["detail"]
    assert detail["password"] == "[redacted]" and detail["blob"] == "[bytes omitted]"
    assert len(detail["note"]) == 300
    assert audit_key.hex() not in text
    assert verify_audit_log(path, audit_key) == []


def test_concurrent_appends_from_threads_keep_one_chain(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    log = AuditLog(path, audit_key, device_id="d")

    def work(t: int) -> None:
        for i in range(25):
            log.append("tick", thread=t, i=i)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert verify_audit_log(path, audit_key) == []
    assert [json.loads(x)["seq"] for x in _lines(path)] == list(range(1, 101))


CHILD = """
import sys
from outbox import AuditLog
log = AuditLog(sys.argv[1], bytes.fromhex(sys.argv[2]), device_id="p" + sys.argv[3])
for i in range(30):
    log.append("tick", i=i)
"""


def test_concurrent_appends_from_processes_keep_one_chain(tmp_path: Path, audit_key: bytes) -> None:
    path = tmp_path / "audit.log"
    env = subprocess_env(tmp_path)
    procs = [
        subprocess.Popen([PYTHON, "-c", CHILD, str(path), audit_key.hex(), str(n)], env=env)
        for n in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert verify_audit_log(path, audit_key) == []
    entries = [json.loads(x) for x in _lines(path)]
    assert [e["seq"] for e in entries] == list(range(1, 91))
    assert {e["device_id"] for e in entries} == {"p0", "p1", "p2"}


@pytest.mark.slow
@pytest.mark.realkeyring
def test_cli_audit_verify_reports_the_edited_line(data_dir: Path, real_keyring: object) -> None:
    """The real `logmeets` writes entries (each `verify` run audits itself) under the audit key
    in the real Secret Service; one line is edited; `logmeets audit verify` names that line."""
    logmeets = str(REPO / ".venv" / "bin" / "logmeets")
    env = subprocess_env(data_dir)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [logmeets, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    for _ in range(4):
        assert cli("verify").returncode == 0
    ok = cli("audit", "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "4 entries, chain intact" in ok.stdout

    log = data_dir / "audit.log"
    lines = _lines(log)
    lines[2] = lines[2].replace(b'"checked":0', b'"checked":7')
    _write(log, lines)
    bad = cli("audit", "verify")
    assert bad.returncode == 1
    reported = [ln for ln in bad.stdout.splitlines() if ln.startswith(f"{log}:")]
    assert reported == [
        f"{log}:3: the entry was changed after it was written (its MAC does not match)"
    ]
