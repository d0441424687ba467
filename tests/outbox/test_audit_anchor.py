"""The audit log's head in the keyring: a log cut at the end together with `audit.log.head`, or
rolled back to an older copy, is reported even after a normal entry follows; a missing audit key
is said plainly. On the real Secret Service through the app's own wiring (Context, Core, the
`logmeets` CLI), and on the in-memory store for the finer cases."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from outbox_helpers import REPO, subprocess_env

from app.commands import audit as audit_command
from app.context import AUDIT_NAME, Context
from app.core import Core
from app.messages import describe
from crypto import DeviceKeys, KeyStore, MemoryKeyStore
from crypto.errors import CryptoError
from crypto.keys import AUDIT_KEY_NAME, audit_head_entry_name
from outbox import AuditLog, HeadAnchor, OutboxError, head_path, verify_audit_log


def _context(data_dir: Path, store: KeyStore) -> Context:
    """The app's wiring over `store` (one test's own keyring service), as a new process has it."""
    return dataclasses.replace(Context.create(data_dir), _keystore=store)


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _entries(ctx: Context, n: int) -> None:
    for i in range(n):
        ctx.audit().append("chunk_sealed", recording_id=f"r{i}", index=i, size=100 + i)


@pytest.mark.realkeyring
def test_cut_end_and_head_then_one_normal_entry_is_reported(
    data_dir: Path, real_store: KeyStore
) -> None:
    """The issue's attack: delete the last lines and audit.log.head; the next normal entry used
    to make the chain whole again. Now it continues from the keyring's head, leaving the hole."""
    _entries(_context(data_dir, real_store), 5)
    log = data_dir / AUDIT_NAME
    log.write_bytes(b"".join(_lines(log)[:2]))
    head_path(log).unlink()

    later = _context(data_dir, real_store)
    later.audit().append("verify", checked=0, failed=0)
    check = Core(later).check_audit_log()
    assert [(line, reason) for line, reason, _ in check.problems] == [
        (3, "entries 3-5 are missing before this line (deleted)")
    ]
    assert json.loads(_lines(log)[2])["seq"] == 6


@pytest.mark.realkeyring
def test_log_and_head_put_back_to_an_older_copy_are_reported(
    data_dir: Path, real_store: KeyStore, tmp_path: Path
) -> None:
    ctx = _context(data_dir, real_store)
    log = data_dir / AUDIT_NAME
    _entries(ctx, 3)
    saved = tmp_path / "saved"
    saved.mkdir()
    shutil.copy2(log, saved / "log")
    shutil.copy2(head_path(log), saved / "head")
    _entries(ctx, 2)
    shutil.copy2(saved / "log", log)
    shutil.copy2(saved / "head", head_path(log))

    check = Core(_context(data_dir, real_store)).check_audit_log()
    reason = (
        "the log ends at entry 3 but the keyring records that 5 were written: "
        "the last 2 entries were removed"
    )
    assert check.problems == [(4, reason, "audit_truncated")]

    out = io.StringIO()
    command = dataclasses.replace(_context(data_dir, real_store), out=out)
    assert audit_command.run(argparse.Namespace(audit_action="verify"), command) == 1
    assert out.getvalue().splitlines()[:2] == [
        f"{log}:4: {reason}",
        "    Entries were removed from the end of the audit log, or an older copy of it was put "
        "back. Leave the data folder as it is and tell your IT support.",
    ]


@pytest.mark.realkeyring
def test_log_and_head_deleted_are_reported(data_dir: Path, real_store: KeyStore) -> None:
    _entries(_context(data_dir, real_store), 3)
    log = data_dir / AUDIT_NAME
    log.unlink()
    head_path(log).unlink()
    check = Core(_context(data_dir, real_store)).check_audit_log()
    assert [code for _, _, code in check.problems] == ["audit_truncated"]
    assert "ends at entry 0 but the keyring records that 3 were written" in check.problems[0][1]


@pytest.mark.realkeyring
def test_missing_audit_key_is_said_plainly(data_dir: Path, real_store: KeyStore) -> None:
    """Not "every line was changed": the key is gone, the log may be fine, and no new key is
    made (that would turn every later check into a list of tampered lines)."""
    _entries(_context(data_dir, real_store), 3)
    real_store.delete(AUDIT_KEY_NAME)
    with pytest.raises(OutboxError) as caught:
        Core(_context(data_dir, real_store)).check_audit_log()
    assert caught.value.code == "audit_key_missing"
    text = describe(caught.value)
    assert "cannot be checked: its key is no longer in this computer's key store" in text
    assert str(data_dir / AUDIT_NAME) in text
    assert real_store.get(AUDIT_KEY_NAME) is None


@pytest.mark.realkeyring
def test_no_key_and_no_log_is_an_empty_intact_log(data_dir: Path, real_store: KeyStore) -> None:
    check = Core(_context(data_dir, real_store)).check_audit_log()
    assert (check.entries, check.problems) == (0, [])
    assert real_store.get(AUDIT_KEY_NAME) is None


@pytest.mark.slow
@pytest.mark.realkeyring
def test_cli_reports_a_cut_log_after_the_next_entry(data_dir: Path, real_keyring: object) -> None:
    """The same attack on the real `logmeets`: each `logmeets verify` writes one entry."""
    logmeets = str(REPO / ".venv" / "bin" / "logmeets")
    env = subprocess_env(data_dir)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [logmeets, *args], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    for _ in range(4):
        assert cli("verify").returncode == 0
    log = data_dir / AUDIT_NAME
    log.write_bytes(b"".join(_lines(log)[:2]))
    head_path(log).unlink()
    assert cli("verify").returncode == 0
    store = KeyStore(real_keyring)  # the app's own service, as `logmeets` uses it
    device_id = json.loads((data_dir / "device.json").read_text())["device_id"]
    audit_key = store.get(AUDIT_KEY_NAME)
    assert audit_key is not None
    try:
        bad = cli("audit", "verify")
        assert bad.returncode == 1, bad.stdout + bad.stderr
        assert f"{log}:3: entries 3-4 are missing before this line (deleted)" in bad.stdout

        store.delete(AUDIT_KEY_NAME)
        keyless = cli("audit", "verify")
        assert keyless.returncode == 1 and keyless.stdout == ""
        assert keyless.stderr.startswith(f"logmeets: The audit log {log} cannot be checked")
    finally:
        store.set(AUDIT_KEY_NAME, audit_key)  # other tests' logs were written under it
        store.delete(audit_head_entry_name(device_id))


# -- the in-memory store, and the finer cases ------------------------------------------------------


def _anchored(path: Path, keys: DeviceKeys, log_id: str) -> tuple[AuditLog, HeadAnchor]:
    anchor = HeadAnchor(keys, log_id)
    return AuditLog(path, keys.audit_key(), device_id="d", anchor=anchor), anchor


def test_memory_store_keeps_the_head_per_log(tmp_path: Path) -> None:
    store = MemoryKeyStore()
    keys = DeviceKeys(store)
    a, b = str(uuid.uuid4()), str(uuid.uuid4())
    log_a, anchor_a = _anchored(tmp_path / "a.log", keys, a)
    log_b, anchor_b = _anchored(tmp_path / "b.log", keys, b)
    for _ in range(3):
        log_a.append("tick")
    log_b.append("tick")
    assert store.names() == sorted(
        [AUDIT_KEY_NAME, audit_head_entry_name(a), audit_head_entry_name(b)]
    )
    key = keys.audit_key()
    assert verify_audit_log(tmp_path / "a.log", key, anchor=anchor_a) == []
    assert verify_audit_log(tmp_path / "b.log", key, anchor=anchor_b) == []
    # b's log checked against a's head: the other log's end is not this one's.
    assert [p.code for p in verify_audit_log(tmp_path / "b.log", key, anchor=anchor_a)] == [
        "audit_truncated"
    ]


def test_memory_store_cut_end_and_head_then_append_is_reported(tmp_path: Path) -> None:
    keys = DeviceKeys(MemoryKeyStore())
    path = tmp_path / "audit.log"
    log, anchor = _anchored(path, keys, str(uuid.uuid4()))
    for _ in range(4):
        log.append("tick")
    path.write_bytes(b"".join(_lines(path)[:1]))
    head_path(path).unlink()
    AuditLog(path, keys.audit_key(), device_id="d", anchor=anchor).append("next")
    problems = verify_audit_log(path, keys.audit_key(), anchor=anchor)
    assert [(p.line, p.reason) for p in problems] == [
        (2, "entries 2-4 are missing before this line (deleted)")
    ]


def test_a_head_one_behind_is_accepted_and_a_replaced_log_is_not(tmp_path: Path) -> None:
    """A process killed between the log's write and the keyring's leaves the keyring one entry
    behind: that entry must still be there, unchanged."""
    keys = DeviceKeys(MemoryKeyStore())
    key = keys.audit_key()
    path = tmp_path / "audit.log"
    log, anchor = _anchored(path, keys, str(uuid.uuid4()))
    log.append("one")
    log.append("two")
    AuditLog(path, key, device_id="d").append("three, keyring not written")
    assert verify_audit_log(path, key, anchor=anchor) == []

    other = tmp_path / "other.log"
    for i in range(3):
        AuditLog(other, key, device_id="d").append("elsewhere", i=i)
    shutil.copy2(other, path)
    shutil.copy2(head_path(other), head_path(path))
    problems = verify_audit_log(path, key, anchor=anchor)
    assert [(p.line, p.code) for p in problems] == [(2, "audit_head_mismatch")]


def test_missing_or_damaged_keyring_head_is_reported(tmp_path: Path) -> None:
    store = MemoryKeyStore()
    keys = DeviceKeys(store)
    key = keys.audit_key()
    path = tmp_path / "audit.log"
    log_id = str(uuid.uuid4())
    anchor = HeadAnchor(keys, log_id)
    AuditLog(path, key, device_id="d").append("before the keyring kept heads")
    assert [p.code for p in verify_audit_log(path, key, anchor=anchor)] == ["audit_head_missing"]
    AuditLog(path, key, device_id="d", anchor=anchor).append("now it does")
    assert verify_audit_log(path, key, anchor=anchor) == []
    store.set(audit_head_entry_name(log_id), '{"seq":2,"mac":"00","hmac":"00"}')
    assert [p.code for p in verify_audit_log(path, key, anchor=anchor)] == ["audit_head_mismatch"]


def test_existing_audit_key_never_creates_one() -> None:
    store = MemoryKeyStore()
    keys = DeviceKeys(store)
    assert keys.existing_audit_key() is None
    assert store.names() == []
    assert keys.existing_audit_key() is None
    made = keys.audit_key()
    assert keys.existing_audit_key() == made


class _LockedAfterSetup(MemoryKeyStore):
    """A keyring that locks while the log is in use (a real lock needs the desktop's prompt)."""

    locked = False

    def _get(self, name: str) -> str | None:
        if self.locked:
            raise CryptoError("the keyring is locked", code="keyring_locked", backend="memory")
        return super()._get(name)

    def _set(self, name: str, value: str) -> None:
        if self.locked:
            raise CryptoError("the keyring is locked", code="keyring_locked", backend="memory")
        super()._set(name, value)


def test_a_locked_keyring_does_not_stop_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The entry is written and kept by the file head; the keyring's record stays behind (and is
    not overwritten blind), and the log verifies once the keyring opens again."""
    store = _LockedAfterSetup()
    keys = DeviceKeys(store)
    key = keys.audit_key()
    path = tmp_path / "audit.log"
    log_id = str(uuid.uuid4())
    log, anchor = _anchored(path, keys, log_id)
    log.append("one")
    store.locked = True
    log.append("two")
    log.append("three")
    assert "the keyring cannot be read (keyring_locked)" in caplog.text
    store.locked = False
    assert json.loads(store.get(audit_head_entry_name(log_id)) or "")["seq"] == 1
    assert verify_audit_log(path, key, anchor=anchor) == []
    log.append("four")
    assert json.loads(store.get(audit_head_entry_name(log_id)) or "")["seq"] == 4
    assert verify_audit_log(path, key, anchor=anchor) == []
