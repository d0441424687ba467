"""The real `logmeets list`, `verify` and `export` in a subprocess, on a data dir filled in
process with keys in the real Secret Service (the service name the app itself uses)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from outbox_helpers import REPO, encode_flac, plant_chunk, subprocess_env
from terminal import run_in_terminal

from crypto.keys import DeviceKeys
from crypto.keystore import DEFAULT_SERVICE, KeyStore
from outbox import AuditLog, Gap, Marker, Outbox, verify_audit_log

pytestmark = pytest.mark.realkeyring

LOGMEETS = str(REPO / ".venv" / "bin" / "logmeets")


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LOGMEETS, *args],
        env=subprocess_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture()
def app_keys(real_keyring: object) -> Iterator[DeviceKeys]:
    """The keys the `logmeets` process will find: the app's own service name."""
    keys = DeviceKeys(KeyStore(real_keyring, service=DEFAULT_SERVICE))
    made: list[str] = []
    original = keys.new_recording_identity

    def tracking(recording_id: str) -> str:
        made.append(recording_id)
        return original(recording_id)

    keys.new_recording_identity = tracking  # type: ignore[method-assign]
    yield keys
    for rid in made:
        keys.forget_recording(rid)


@pytest.fixture()
def filled(data_dir: Path, app_keys: DeviceKeys, tone_chunks):  # type: ignore[no-untyped-def]
    """One recording of 4 chunks: 0 erased, 1-3 sealed. Returns (recording id, chunks, tones)."""
    tones = tone_chunks(4, 0.5)
    audit = AuditLog(data_dir / "audit.log", app_keys.audit_key(), device_id="in-process")
    with Outbox.open(data_dir, keys=app_keys, audit=audit) as box:
        rec = box.begin_recording(
            title="Weekly sync",
            sample_rate=48000,
            channels=1,
            subtype="PCM_16",
            started_at=time.time(),
        )
        chunks = [
            box.seal_chunk(
                rec.id, i, encode_flac(t), started_at=rec.started_at + i / 2, duration=0.5
            )
            for i, t in enumerate(tones)
        ]
        box.set_upload(chunks[0].id, url="https://h/f/0", offset=0)
        box.mark_uploaded(chunks[0].id)
        box.confirm(chunks[0].id, sha256=chunks[0].sha256, size=chunks[0].size)
        box.erase_chunk(chunks[0].id)
    return rec.id, chunks, tones


def test_list_json_has_the_documented_fields(filled, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    rid, chunks, _ = filled
    out = cli(data_dir, "list", "--json")
    assert out.returncode == 0, out.stderr
    (rec,) = json.loads(out.stdout)
    assert (rec["id"], rec["title"], rec["state"]) == (rid, "Weekly sync", "recording")
    assert isinstance(rec["started_at"], float)
    first, second = rec["chunks"][0], rec["chunks"][1]
    assert first["state"] == "erased" and "path" not in first
    assert second == second | {
        "index": 1,
        "state": "sealed",
        "path": str(chunks[1].path),
        "size": chunks[1].size,
        "sha256": chunks[1].sha256,
        "duration": 0.5,
    }
    text = cli(data_dir, "list")
    assert text.returncode == 0 and rid in text.stdout and "Weekly sync" in text.stdout


def test_verify_exit_codes_and_advice(filled, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    rid, chunks, _ = filled
    ok = cli(data_dir, "verify")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "3 of 3 chunks OK." in ok.stdout
    blob = bytearray(chunks[2].path.read_bytes())
    blob[-5] ^= 0xFF
    chunks[2].path.write_bytes(bytes(blob))
    bad = cli(data_dir, "verify")
    assert bad.returncode == 1
    assert f"chunk 2 of recording {rid}" in bad.stdout
    assert "changed or damaged" in bad.stdout and "2 of 3 chunks OK" in bad.stdout
    js = cli(data_dir, "verify", "--json")
    assert js.returncode == 1
    rows = {r["index"]: r for r in json.loads(js.stdout)}
    assert rows[2]["problem"] == "quarantined" and rows[2]["advice"]
    assert rows[1]["ok"] and rows[3]["ok"]
    listed = json.loads(cli(data_dir, "list", "--json").stdout)[0]["chunks"]
    assert [c["state"] for c in listed] == ["erased", "sealed", "quarantined", "sealed"]


def test_verify_reports_an_index_path_outside_with_advice(  # type: ignore[no-untyped-def]
    filled, data_dir: Path, tmp_path: Path
) -> None:
    rid, chunks, _ = filled
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"n" * chunks[1].size)
    conn = sqlite3.connect(data_dir / "index.sqlite3")
    with conn:
        conn.execute("UPDATE chunks SET path = ? WHERE id = ?", (str(notes), chunks[1].id))
    conn.close()
    bad = cli(data_dir, "verify")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert f"chunk 1 of recording {rid}" in bad.stdout
    assert "outside LogMeets' chunk folder" in bad.stdout and "2 of 3 chunks OK" in bad.stdout
    js = {r["index"]: r for r in json.loads(cli(data_dir, "verify", "--json").stdout)}
    assert js[1]["problem"] == "index_path_invalid" and "IT support" in js[1]["advice"]
    logs = "".join(f.read_text() for f in (data_dir / "logs").glob("logmeets-*.log"))
    assert "index_path_invalid" in logs
    assert notes.read_bytes() == b"n" * chunks[1].size


def test_export_through_the_cli(filled, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rid, _, tones = filled
    out = tmp_path / "meeting.flac"
    done = cli(data_dir, "export", rid, "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "3 chunks" in done.stdout and "chunk 0 not included: erased" in done.stdout
    got, rate = sf.read(out, dtype="int16")
    assert rate == 48000 and np.array_equal(got, np.concatenate(tones[1:]))
    missing = cli(data_dir, "export", "00000000-0000-0000-0000-000000000000", "--out", str(out))
    assert missing.returncode == 1
    assert "There is no recording 00000000-0000-0000-0000-000000000000" in missing.stderr


def test_cli_audit_chain_stays_intact_across_processes(filled, data_dir: Path, app_keys) -> None:  # type: ignore[no-untyped-def]
    assert filled
    assert cli(data_dir, "verify").returncode == 0
    assert cli(data_dir, "list").returncode == 0
    assert verify_audit_log(data_dir / "audit.log", app_keys.audit_key()) == []
    audited = cli(data_dir, "audit", "verify")
    assert audited.returncode == 0 and "chain intact" in audited.stdout
    actions = [json.loads(x)["action"] for x in (data_dir / "audit.log").read_text().splitlines()]
    assert actions[:2] == ["recording_started", "chunk_sealed"] and actions[-1] == "verify"


def test_cli_refuses_while_another_instance_holds_the_data_dir(  # type: ignore[no-untyped-def]
    filled, data_dir: Path, app_keys
) -> None:
    audit = AuditLog(data_dir / "audit.log", app_keys.audit_key(), device_id="in-process")
    with Outbox.open(data_dir, keys=app_keys, audit=audit):  # "the app" is running
        busy = cli(data_dir, "verify")
        assert busy.returncode == 10  # another instance holds the data dir (app/exit_codes.py)
        assert "Another LogMeets Recorder" in busy.stderr and str(data_dir) in busy.stderr
        assert "Traceback" not in busy.stderr
        listed = cli(data_dir, "list", "--json")  # read-only commands still work
        assert listed.returncode == 0 and json.loads(listed.stdout)[0]["id"] == filled[0]
    assert cli(data_dir, "verify").returncode == 0


def test_cli_says_plainly_that_chunks_were_swapped(filled, data_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rid, chunks, tones = filled
    one, two = chunks[1].path.read_bytes(), chunks[2].path.read_bytes()
    plant_chunk(data_dir, chunks[1].id, chunks[1].path, two)
    plant_chunk(data_dir, chunks[2].id, chunks[2].path, one)
    out = tmp_path / "meeting.flac"
    refused = cli(data_dir, "export", rid, "--out", str(out))
    assert refused.returncode == 1 and not out.exists()
    assert "was saved for another place" in refused.stderr, refused.stderr
    assert "logmeets verify" in refused.stderr and "Traceback" not in refused.stderr
    checked = cli(data_dir, "verify")
    assert checked.returncode == 1 and "1 of 3 chunks OK" in checked.stdout, checked.stdout
    assert "moved, copied or swapped" in checked.stdout
    done = cli(data_dir, "export", rid, "--out", str(out))
    assert done.returncode == 0 and "chunk 2 not included: quarantined" in done.stdout
    got, _ = sf.read(out, dtype="int16")
    assert np.array_equal(got, tones[3])


def metaflac_tags(path: Path) -> list[str]:
    """The Vorbis comments `metaflac --list` shows (real libFLAC reading the file), in order."""
    shown = subprocess.run(
        ["metaflac", "--list", "--block-type=VORBIS_COMMENT", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [line.split(": ", 1)[1] for line in shown.splitlines() if "comment[" in line]


def test_export_carries_title_date_chapters_and_ids(  # type: ignore[no-untyped-def]
    filled, data_dir: Path, tmp_path: Path, app_keys
) -> None:
    rid, _, tones = filled
    audit = AuditLog(data_dir / "audit.log", app_keys.audit_key(), device_id="in-process")
    with Outbox.open(data_dir, keys=app_keys, audit=audit) as box:
        started = box.recording(rid).started_at
        # Chunk 0 (0-0.5 s) is erased and a pause ran from 1.0 to 1.2 s on the timeline: the
        # exported audio starts at 0.5 s of audio, so 0.75 -> 0.25 and 1.854 -> 1.654 - 0.5.
        box.add_marker(rid, Marker(0.75, "decision"))
        box.add_gap(rid, Gap(1.0, 1.2, "paused"))
        box.add_marker(rid, Marker(1.854, "Aktion für Jörg = später"))
        box.add_marker(rid, Marker(0.25, "inside the erased chunk"))
    out = tmp_path / "meeting.flac"
    done = cli(data_dir, "export", rid, "--out", str(out))
    assert done.returncode == 0, done.stderr
    device_id = json.loads((data_dir / "device.json").read_text())["device_id"]
    date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started))
    assert metaflac_tags(out) == [
        "TITLE=Weekly sync",
        f"DATE={date}",
        "CHAPTER001=00:00:00.000",
        "CHAPTER001NAME=inside the erased chunk",
        "CHAPTER002=00:00:00.250",
        "CHAPTER002NAME=decision",
        "CHAPTER003=00:00:01.154",
        "CHAPTER003NAME=Aktion für Jörg = später",
        f"LOGMEETS_DEVICE_ID={device_id}",
        f"LOGMEETS_RECORDING_ID={rid}",
    ]
    got, _ = sf.read(out, dtype="int16")  # the tags leave the audio as it was
    assert np.array_equal(got, np.concatenate(tones[1:]))


def test_export_shows_a_bar_on_a_terminal_and_plain_lines_elsewhere(
    filled, data_dir: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rid, _, _ = filled
    out = tmp_path / "meeting.flac"
    status, shown = run_in_terminal(
        [LOGMEETS, "export", rid, "--out", str(out)], env=subprocess_env(data_dir)
    )
    assert status == 0, shown
    assert "\r[########################] 100% chunk 4 of 4" in shown, repr(shown)
    piped = cli(data_dir, "export", rid, "--out", str(out))
    assert piped.returncode == 0 and "\r" not in piped.stderr + piped.stdout
    # The same report as sync's: a plain line at each tenth of the work, never a bar.
    lines = [ln for ln in piped.stderr.splitlines() if ln.endswith(" of 4")]
    assert lines == [f"{25 * n}% chunk {n} of 4" for n in range(1, 5)], piped.stderr
    assert "[#" not in piped.stderr
