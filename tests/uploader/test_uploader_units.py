"""Pure decisions of the uploader: retry policy, Retry-After, backoff reset, Location
resolution, metadata encoding, the token bucket. No network here: what they decide is exercised
against the real server in the other test files."""

from __future__ import annotations

import email.utils
import random
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from uploader import (
    AuthError,
    HTTPStatusError,
    InsecureURLError,
    NetworkError,
    ProtocolError,
    TLSError,
)
from uploader.body import PieceBody
from uploader.errors import ForeignOriginError
from uploader.ratelimit import TokenBucket
from uploader.retry import (
    Backoff,
    BoundedBackoff,
    ChunkRetries,
    GiveUp,
    parse_retry_after,
    should_retry,
)
from uploader.tus_headers import encode_metadata, resolve_location, under_endpoint


@pytest.mark.parametrize("status", [404, 408, 409, 410, 423, 429, 460, 500, 502, 503, 504])
def test_transient_statuses_are_retried(status: int):
    assert should_retry(HTTPStatusError("x", status=status))


@pytest.mark.parametrize("status", [400, 403, 413, 415])
def test_refused_requests_are_not_retried_soon(status: int):
    assert not should_retry(HTTPStatusError("x", status=status))


@pytest.mark.parametrize(
    "error",
    [AuthError("x"), TLSError("x"), InsecureURLError("x")],
)
def test_errors_only_a_person_can_fix_are_not_retried(error: Exception):
    assert not should_retry(error)


def test_network_errors_are_retried_for_ever():
    assert should_retry(NetworkError("x"))
    assert should_retry(ProtocolError("x"))
    b = Backoff(base=1.0, cap=8.0)
    # However many failures came, the wait stays a short backoff (never the slow one).
    assert all(b.failed(NetworkError("x")) <= 8.0 for _ in range(1000))


def test_retry_after_seconds_and_http_date():
    assert parse_retry_after("7") == 7.0
    now = 1_800_000_000.0
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after(date, now=now) == pytest.approx(30.0)
    assert parse_retry_after(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert parse_retry_after("99999999") == 3600.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None


def test_backoff_grows_is_capped_honours_retry_after_and_resets():
    random.seed(1)
    b = Backoff(base=1.0, cap=8.0)
    delays = [b.failed(NetworkError("x")) for _ in range(20)]
    assert all(0 <= d <= 8.0 for d in delays)
    assert max(delays[5:]) > 2.0  # it grows (full jitter: some waits are long)
    assert b.failed(HTTPStatusError("x", status=503, retry_after=30.0)) >= 30.0
    b.progressed()
    assert b.attempt == 0
    assert b.failed(NetworkError("x")) <= 1.0  # first wait again after progress
    assert b.failed(TLSError("x")) == b.slow


def test_backoff_after_days_of_failures_stays_within_cap():
    b = Backoff(base=1.0, cap=300.0, attempt=100_000)  # 2**100000 would overflow a float
    assert 0.0 <= b.failed(NetworkError("x")) <= 300.0


@given(st.integers(min_value=1, max_value=60))
def test_backoff_never_exceeds_cap(n: int):
    b = Backoff(base=0.5, cap=10.0)
    for _ in range(n):
        assert b.failed(NetworkError("x")) <= 10.0


@pytest.mark.parametrize(
    ("req", "loc", "want"),
    [
        ("https://h:8443/files/", "/files/abc", "https://h:8443/files/abc"),
        ("https://h:8443/files/", "abc", "https://h:8443/files/abc"),
        ("https://h:8443/files/", "http://h:8080/files/x", "https://h:8443/files/x"),
        ("https://h/files/", "http://h/files/x?y=1", "https://h/files/x?y=1"),
    ],
)
def test_location_resolution(req: str, loc: str, want: str):
    assert resolve_location(req, loc) == want


def test_plain_http_location_for_another_host_is_refused():
    with pytest.raises(ProtocolError) as err:
        resolve_location("https://h/files/", "http://evil.example/files/x")
    assert err.value.code == "insecure_location"


@pytest.mark.parametrize(
    "loc",
    [
        "https://other/files/x",
        "https://h:8444/files/x",
        "https://H.evil:8443/files/x",
        "//other:8443/files/x",
    ],
)
def test_location_on_another_origin_is_refused(loc: str):
    with pytest.raises(ForeignOriginError) as err:
        resolve_location("https://h:8443/files/", loc)
    assert err.value.code == "foreign_location"
    assert not should_retry(err.value)


@pytest.mark.parametrize(
    ("url", "endpoint", "ok"),
    [
        ("https://h/files/abc", "https://h/files/", True),
        ("https://H:443/files/abc", "https://h/files", True),
        ("https://h/filesx/abc", "https://h/files", False),
        ("https://h/other/abc", "https://h/files/", False),
        ("https://h:8443/files/abc", "https://h/files/", False),
        ("http://h/files/abc", "https://h/files/", False),
        ("https://evil/files/abc", "https://h/files/", False),
    ],
)
def test_stored_urls_are_kept_only_under_the_endpoint(url: str, endpoint: str, ok: bool):
    assert under_endpoint(url, endpoint) is ok


def test_metadata_encoding():
    assert encode_metadata({"chunk_id": "ab", "t": "été"}) == "chunk_id YWI=,t w6l0w6k="
    with pytest.raises(ValueError):
        encode_metadata({"bad key": "x"})


def test_token_bucket_paces_bytes():
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    bucket = TokenBucket(100_000, burst=10_000, clock=lambda: now[0], sleep=sleep)
    body = PieceBody(b"x" * 500_000, bucket, block=16_384)
    assert len(body) == 500_000
    got = b"".join(iter(lambda: body.read(16_384), b""))
    assert got == b"x" * 500_000
    # 500 kB at 100 kB/s with a 10 kB burst: about 4.9 s of pacing.
    assert sum(slept) == pytest.approx(4.9, rel=0.05)
    assert TokenBucket.from_kbps(0) is None
    bucket8 = TokenBucket.from_kbps(8)
    assert bucket8 is not None and bucket8.rate == 1000


def test_piece_size_follows_the_measured_speed():
    from uploader import TusClient
    from uploader.tus import MAX_PIECE

    MiB = 1024 * 1024
    t = TusClient(transport=None, endpoint="https://h/files/")  # type: ignore[arg-type]
    assert t._piece_size() == 8 * MiB  # speed unknown: the configured first piece
    t._measured(8 * MiB, 0.05)  # a fast link (160 MiB/s): big pieces, few requests
    assert t._piece_size() == MAX_PIECE
    slow = TusClient(transport=None, endpoint="https://h/files/")  # type: ignore[arg-type]
    slow._measured(1 * MiB, 2.0)  # 0.5 MiB/s: about 2 s per piece, but never under 1 MiB
    assert slow._piece_size() == 1 * MiB
    slow._measured(4 * MiB, 2.0)  # EMA of 0.5 and 2 MiB/s = 1.25 MiB/s -> 2.5 MiB
    assert slow._piece_size() == int(2.5 * MiB) // (256 * 1024) * (256 * 1024)
    t._cautious = True  # right after a failure: no bigger than the first piece
    assert t._piece_size() == 8 * MiB


def test_whole_chunk_checksum_reuses_the_verified_sha256(monkeypatch: pytest.MonkeyPatch):
    import base64
    import hashlib

    from uploader import TusClient, UploadJob, tus

    hashed: list[int] = []
    real_digest_header = tus.digest_header

    def counting(algo: str, piece: bytes | memoryview) -> str:
        hashed.append(len(piece))
        return real_digest_header(algo, piece)

    monkeypatch.setattr(tus, "digest_header", counting)
    data = bytes(range(256)) * 1000
    hexd = hashlib.sha256(data).hexdigest()
    want = "sha256 " + base64.b64encode(hashlib.sha256(data).digest()).decode()
    t = TusClient(transport=None, endpoint="https://h/files/")  # type: ignore[arg-type]
    job = UploadJob("c", "r", data, {}, sha256=hexd)
    assert t._digest("sha256", job, 0, len(data)) == want
    assert hashed == []  # nothing hashed
    job.sha256 = None
    assert t._digest("sha256", job, 0, len(data)) == want  # computed: the same
    half = "sha256 " + base64.b64encode(hashlib.sha256(data[:1000]).digest()).decode()
    assert t._digest("sha256", UploadJob("c", "r", data, {}, sha256=hexd), 0, 1000) == half
    assert hashed == [len(data), 1000]  # each piece hashed once, only the piece itself


def test_chunk_backoff_outlives_recreations_and_is_bounded():
    retries = ChunkRetries(limit=2)
    factory = Backoff
    first = retries.get("a", factory)
    first.advanced(100)  # the first creation's bytes: progress
    first.backoff.attempt = 3
    first.advanced(100)  # created again, the same bytes again: no progress
    assert retries.get("a", factory) is first and first.backoff.attempt == 3
    first.advanced(101)
    assert first.backoff.attempt == 0
    retries.get("b", factory)
    retries.get("c", factory)  # "a" was the least recently used: forgotten
    assert retries.get("a", factory) is not first
    assert retries.get("a", BoundedBackoff).backoff.__class__ is BoundedBackoff  # new factory


def test_bounded_backoff_gives_up_after_its_deadline():
    late = BoundedBackoff(deadline=time.monotonic() - 1.0)
    with pytest.raises(GiveUp) as err:
        late.failed(NetworkError("x", code="timeout"))
    assert err.value.code == "timeout"
    assert BoundedBackoff(deadline=time.monotonic() + 60).failed(NetworkError("x")) <= 30.0
