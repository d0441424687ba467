"""The sealed crash journal: round trip, torn tail, and every kind of damage detected."""

from __future__ import annotations

import secrets
import struct
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crypto.errors import CryptoError
from crypto.journal import (
    FRAME_LEN,
    HEADER_LEN,
    MAGIC,
    Journal,
    JournalWriter,
    read_journal,
)

KEY = secrets.token_bytes(32)
RID = str(uuid.uuid4())
RECORDS = [bytes([i + 1]) * (200 + 2 * i) for i in range(5)]  # distinct lengths, whole frames
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def write(
    path: Path,
    records: list[bytes] = RECORDS,
    *,
    close: bool = True,
    index: int = 0,
    rid: str = RID,
    key: bytes = KEY,
) -> Path:
    w = JournalWriter.create(
        path,
        key,
        recording_id=rid,
        chunk_index=index,
        sample_rate=48000,
        channels=1,
        sample_width=2,
    )
    for r in records:
        w.append(r)
    if close:
        w.close()
    return path


def read(path: Path, *, rid: str = RID, key: bytes = KEY) -> Journal:
    return read_journal(path, key, recording_id=rid)


def boundaries(data: bytes) -> list[int]:
    """Offsets where records start (and the end of file)."""
    out, pos = [HEADER_LEN], HEADER_LEN
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        pos += FRAME_LEN + length
        out.append(pos)
    return out


@pytest.fixture(scope="module")
def closed(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return write(tmp_path_factory.mktemp("j") / "0.journal").read_bytes()


def test_round_trip(tmp_path: Path) -> None:
    j = read(write(tmp_path / "0.journal", index=7))
    assert j.records == RECORDS
    assert (j.recording_id, j.chunk_index, j.sample_rate, j.channels, j.sample_width) == (
        RID,
        7,
        48000,
        1,
        2,
    )
    assert j.complete and not j.torn_tail and j.version == 1
    assert j.frames == sum(len(r) for r in RECORDS) // 2


def test_journal_holds_no_plaintext(tmp_path: Path) -> None:
    pcm = secrets.token_bytes(4000)
    data = write(tmp_path / "0.journal", [pcm]).read_bytes()
    assert pcm[:16] not in data and pcm[-16:] not in data
    assert data.startswith(MAGIC)


def test_each_append_is_on_disk_when_it_returns(tmp_path: Path) -> None:
    path = tmp_path / "0.journal"
    w = JournalWriter.create(
        path, KEY, recording_id=RID, chunk_index=0, sample_rate=48000, channels=1, sample_width=2
    )
    for i, r in enumerate(RECORDS):
        w.append(r)
        # Read through another handle while the writer is still open: the crash view.
        j = read(path)
        assert j.records == RECORDS[: i + 1] and not j.complete and not j.torn_tail
    w.close()
    assert read(path).complete


@pytest.mark.parametrize("cut", range(1, FRAME_LEN + 16 + 210, 7))
def test_torn_last_record_is_dropped_and_reported(tmp_path: Path, cut: int) -> None:
    data = write(tmp_path / "0.journal", close=False).read_bytes()
    last = boundaries(data)[-2]
    if last + cut >= len(data):
        return
    (tmp_path / "0.journal").write_bytes(data[: last + cut])
    j = read(tmp_path / "0.journal")
    assert j.records == RECORDS[:-1]
    assert j.torn_tail and not j.complete


def test_zero_filled_tail_after_crash_is_a_torn_tail(tmp_path: Path) -> None:
    path = write(tmp_path / "0.journal", close=False)
    path.write_bytes(path.read_bytes() + bytes(4096))
    j = read(path)
    assert j.records == RECORDS and j.torn_tail


@settings(max_examples=400, **SETTINGS)
@given(st.data())
def test_any_flipped_bit_is_detected(tmp_path: Path, closed: bytes, data: st.DataObject) -> None:
    pos = data.draw(st.integers(0, len(closed) - 1), label="byte")
    bit = data.draw(st.integers(0, 7), label="bit")
    damaged = bytearray(closed)
    damaged[pos] ^= 1 << bit
    path = tmp_path / "flip.journal"
    path.write_bytes(bytes(damaged))
    with pytest.raises(CryptoError) as info:
        read(path)
    assert info.value.code == "journal_corrupt"


@settings(max_examples=200, **SETTINGS)
@given(st.data())
def test_truncation_never_passes_as_whole(
    tmp_path: Path, closed: bytes, data: st.DataObject
) -> None:
    length = data.draw(st.integers(0, len(closed) - 1))
    path = tmp_path / "cut.journal"
    path.write_bytes(closed[:length])
    try:
        j = read(path)
    except CryptoError as err:
        assert err.code == "journal_corrupt"
        assert length < HEADER_LEN  # only a cut header is an error; the rest is a crash tail
        return
    # What survives is a prefix of what was written, and it says it is not the whole journal.
    assert j.records == RECORDS[: len(j.records)]
    assert not j.complete
    assert j.torn_tail == (length not in boundaries(closed))


@settings(max_examples=300, **SETTINGS)
@given(st.data())
def test_bytes_cut_out_of_the_middle_are_detected(
    tmp_path: Path, closed: bytes, data: st.DataObject
) -> None:
    start = data.draw(st.integers(HEADER_LEN, len(closed) - 2))
    stop = data.draw(st.integers(start + 1, len(closed) - 1))
    path = tmp_path / "gap.journal"
    path.write_bytes(closed[:start] + closed[stop:])
    try:
        j = read(path)
    except CryptoError as err:
        assert err.code == "journal_corrupt"
        return
    # Not raised only when what follows the gap is too short to be checked, so it looks like a
    # write cut by a crash: then it is reported as torn, never as a whole journal.
    assert j.torn_tail and not j.complete
    assert j.records == RECORDS[: len(j.records)]
    assert len(closed) - stop < FRAME_LEN + len(RECORDS[-1]) + 16 + 32


@settings(max_examples=100, **SETTINGS)
@given(st.permutations(range(len(RECORDS))))
def test_reordered_records_are_detected(tmp_path: Path, closed: bytes, order: list[int]) -> None:
    b = boundaries(closed)
    recs = [closed[b[i] : b[i + 1]] for i in range(len(b) - 1)]  # last is the end record
    data = closed[:HEADER_LEN] + b"".join(recs[i] for i in order) + recs[-1]
    path = tmp_path / "perm.journal"
    path.write_bytes(data)
    if list(order) == sorted(order):
        assert read(path).records == RECORDS
    else:
        with pytest.raises(CryptoError):
            read(path)


def test_dropped_or_duplicated_record_is_detected(tmp_path: Path, closed: bytes) -> None:
    b = boundaries(closed)
    rec1 = closed[b[1] : b[2]]
    for data in (closed[: b[1]] + closed[b[2] :], closed[: b[2]] + rec1 + closed[b[2] :]):
        path = tmp_path / "x.journal"
        path.write_bytes(data)
        with pytest.raises(CryptoError):
            read(path)


def test_record_spliced_from_another_journal_is_detected(tmp_path: Path) -> None:
    a = write(tmp_path / "0.journal", index=0).read_bytes()
    other = write(tmp_path / "1.journal", index=1).read_bytes()  # same recording, same key
    ba, bo = boundaries(a), boundaries(other)
    spliced = a[: ba[2]] + other[bo[2] : bo[3]] + a[ba[3] :]
    (tmp_path / "s.journal").write_bytes(spliced)
    with pytest.raises(CryptoError) as info:
        read(tmp_path / "s.journal")
    assert "record 2" in info.value.fields["reason"]


def test_journal_of_another_recording_or_key_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "0.journal")
    with pytest.raises(CryptoError, match="another recording"):
        read(path, rid=str(uuid.uuid4()))
    with pytest.raises(CryptoError, match="header authentication"):
        read(path, key=secrets.token_bytes(32))


def test_version_is_checked_first(tmp_path: Path) -> None:
    path = write(tmp_path / "0.journal")
    data = bytearray(path.read_bytes())
    data[8:10] = (2).to_bytes(2, "big")
    del data[12:]  # a v2 journal may look like anything after its version field
    path.write_bytes(bytes(data))
    with pytest.raises(CryptoError) as info:
        read(path)
    assert info.value.fields["reason"] == "unsupported journal version 2"


def test_existing_journal_is_never_replaced(tmp_path: Path) -> None:
    path = write(tmp_path / "0.journal")
    before = path.read_bytes()
    with pytest.raises(CryptoError) as info:
        write(path)
    assert info.value.code == "journal_exists"
    assert path.read_bytes() == before


def test_append_after_close_and_partial_frames_are_refused(tmp_path: Path) -> None:
    w = JournalWriter.create(
        tmp_path / "0.journal",
        KEY,
        recording_id=RID,
        chunk_index=0,
        sample_rate=48000,
        channels=2,
        sample_width=3,
    )
    with pytest.raises(ValueError):
        w.append(b"\0" * 7)  # not whole frames of 6 bytes
    w.close()
    w.close()
    with pytest.raises(CryptoError) as info:
        w.append(b"\0" * 6)
    assert info.value.code == "journal_closed"


_FULL_DISK = """
import json, os, resource, signal, sys
sys.path.insert(0, {repo!r})
from crypto.errors import CryptoError
from crypto.journal import JournalWriter
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of a signal
w = JournalWriter.create({path!r}, bytes.fromhex({key!r}), recording_id={rid!r}, chunk_index=0,
                         sample_rate=48000, channels=1, sample_width=2)
resource.setrlimit(resource.RLIMIT_FSIZE, (5000, 5000))
ok, codes = 0, []
for i in range(10):
    try:
        w.append(bytes([i + 1]) * 1000)
        ok += 1
    except CryptoError as err:
        codes.append(err.code)
try:
    w.close()
except CryptoError as err:
    codes.append("close:" + err.code)
print(json.dumps({{"ok": ok, "codes": codes}}))
"""


def test_a_write_that_fails_midway_leaves_a_readable_journal(tmp_path: Path) -> None:
    # A real short write: the file size limit stops the kernel mid-record, like a full disk.
    import json
    import subprocess
    import sys

    path = tmp_path / "0.journal"
    script = _FULL_DISK.format(
        repo=str(Path(__file__).resolve().parents[2]), path=str(path), key=KEY.hex(), rid=RID
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["ok"] == 4  # 64 + 4 x 1032 bytes fit under 5000, the fifth does not
    assert result["codes"][0] == "file_write_failed"
    assert set(result["codes"][1:]) == {"journal_closed"}  # no append after a failure
    j = read(path)
    assert j.records == [bytes([i + 1]) * 1000 for i in range(4)]
    assert not j.torn_tail  # the partial fifth record was cut off again
    assert not j.complete
