"""Conformance: the tus 1.0.0 endpoint (docs/protocol.md §5) over real HTTPS, with raw TLS
sockets for cut and stalled bodies."""

from __future__ import annotations

import contextlib
import hashlib
import socket
import ssl
import time
from urllib.parse import urlsplit

import pytest
from serverkit import (
    Chunk,
    Client,
    RawPatch,
    Server,
    check_cut_offset,
    checksum,
    random_bytes,
    stored_bytes,
    wait_locked,
    wait_offset,
)


def test_options_advertises_the_profile(client: Client) -> None:
    r = client.http.options(client.tus)
    assert r.status_code == 204
    assert r.headers["Tus-Resumable"] == "1.0.0"
    assert r.headers["Tus-Version"] == "1.0.0"
    assert set(r.headers["Tus-Extension"].split(",")) == {
        "creation",
        "creation-with-upload",
        "checksum",
        "termination",
        "expiration",
    }
    assert r.headers["Tus-Checksum-Algorithm"] == "sha256,sha1"
    assert int(r.headers["Tus-Max-Size"]) == 256 * 1024 * 1024


def test_missing_or_wrong_tus_version_gets_412(client: Client) -> None:
    chunk = Chunk(b"x" * 10)
    for version in (None, "0.2.2"):
        h = client.headers(**{"Upload-Length": "10", "Upload-Metadata": chunk.metadata()})
        if version is None:
            del h["Tus-Resumable"]
        else:
            h["Tus-Resumable"] = version
        r = client.http.post(client.tus, headers=h)
        assert r.status_code == 412
        assert r.json()["error"] == "unsupported_version"
        assert r.headers["Tus-Version"] == "1.0.0"


def test_create_head_patch_complete_and_receipt(client: Client, shared_server: Server) -> None:
    chunk = Chunk(random_bytes(200_000))
    r = client.create(chunk)
    assert r.status_code == 201
    url = r.headers["Location"]
    assert url.startswith(client.tus)
    assert r.headers["Upload-Offset"] == "0"
    assert "GMT" in r.headers["Upload-Expires"]
    r = client.head(url)
    assert r.status_code == 200
    assert (r.headers["Upload-Offset"], r.headers["Upload-Length"]) == ("0", "200000")
    assert r.headers["Upload-Metadata"] == chunk.metadata()
    assert r.headers["Cache-Control"] == "no-store"
    r = client.patch(url, 0, chunk.data[:70_000])
    assert (r.status_code, r.headers["Upload-Offset"]) == (204, "70000")
    rec = client.receipt(chunk.chunk_id).json()
    assert (rec["complete"], rec["sha256"], rec["offset"]) == (False, None, 70_000)
    r = client.patch(url, 70_000, chunk.data[70_000:])
    assert (r.status_code, r.headers["Upload-Offset"]) == (204, "200000")
    assert "Upload-Expires" not in r.headers
    r = client.receipt(chunk.chunk_id)
    assert r.status_code == 200
    rec = r.json()
    assert rec["complete"] is True
    assert (rec["size"], rec["sha256"]) == (200_000, chunk.sha256)
    assert (rec["chunk_id"], rec["recording_id"], rec["index"]) == (
        chunk.chunk_id,
        chunk.recording_id,
        0,
    )
    assert rec["upload_url"] == url
    assert stored_bytes(shared_server, url) == chunk.data


def test_creation_is_idempotent_by_chunk_id(client: Client, shared_server: Server) -> None:
    chunk = Chunk(random_bytes(30_000))
    url = client.create(chunk).headers["Location"]
    assert client.patch(url, 0, chunk.data[:1000]).status_code == 204
    r = client.create(chunk)
    assert (r.status_code, r.headers["Location"], r.headers["Upload-Offset"]) == (201, url, "1000")
    # A repeat with a body after bytes arrived: the body is discarded, the offset says where to go.
    r = client.create(chunk, body=chunk.data[:5000])
    assert (r.status_code, r.headers["Location"], r.headers["Upload-Offset"]) == (201, url, "1000")
    # A large unused body is read off too, so the answer arrives intact.
    r = client.create(chunk, body=random_bytes(4 * 1024 * 1024))
    assert (r.status_code, r.headers["Upload-Offset"]) == (201, "1000")
    # Same chunk id, other size or hash: conflict.
    other = Chunk(random_bytes(30_000), chunk_id=chunk.chunk_id)
    r = client.create(other)
    assert (r.status_code, r.json()["error"]) == (409, "chunk_conflict")


def test_creation_with_upload(client: Client) -> None:
    chunk = Chunk(random_bytes(50_000))
    r = client.create(chunk, body=chunk.data[:20_000])
    assert (r.status_code, r.headers["Upload-Offset"]) == (201, "20000")
    url = r.headers["Location"]
    # Whole chunk in the creation request: complete at once, receipt ready.
    whole = Chunk(random_bytes(10_000))
    r = client.create(whole, body=whole.data, **{"Upload-Checksum": checksum("sha1", whole.data)})
    assert (r.status_code, r.headers["Upload-Offset"]) == (201, "10000")
    assert client.receipt(whole.chunk_id).json()["sha256"] == whole.sha256
    # A bad checksum on creation-with-upload: the upload exists, nothing kept, 201 offset 0.
    bad = Chunk(random_bytes(10_000))
    r = client.create(bad, body=bad.data, **{"Upload-Checksum": checksum("sha256", b"other")})
    assert (r.status_code, r.headers["Upload-Offset"]) == (201, "0")
    assert client.patch(r.headers["Location"], 0, bad.data).status_code == 204
    assert client.patch(url, 20_000, chunk.data[20_000:]).status_code == 204


def test_creation_validates_every_field(client: Client) -> None:
    chunk = Chunk(random_bytes(100))
    base = {"Upload-Length": "100", "Upload-Metadata": chunk.metadata()}

    def post(**hdrs: str | None) -> tuple[int, str, str | None]:
        h = client.headers(**{k: v for k, v in {**base, **hdrs}.items() if v is not None})
        r = client.http.post(client.tus, headers=h)
        return r.status_code, r.json()["error"], r.json().get("field")

    assert post(**{"Upload-Length": None})[:2] == (400, "bad_request")
    assert post(**{"Upload-Length": None, "Upload-Defer-Length": "1"})[:2] == (400, "bad_request")
    assert post(**{"Upload-Length": "-5"})[:2] == (400, "invalid_field")
    assert post(**{"Upload-Length": "0"})[:2] == (400, "invalid_field")
    assert post(**{"Upload-Metadata": None})[:2] == (400, "bad_request")
    assert post(**{"Upload-Metadata": "chunk_id !!!notbase64"})[:2] == (400, "invalid_field")
    assert post(**{"Upload-Metadata": "a b c"})[:2] == (400, "bad_request")
    assert post(**{"Upload-Metadata": chunk.metadata(chunk_id=None)}) == (
        400,
        "invalid_field",
        "chunk_id",
    )
    cases = {
        "chunk_id": "not-a-uuid",
        "recording_id": "x",
        "index": "-1",
        "sha256": "ABC",
        "size": "99",
        "duration": "nan",
        "started_at": "yesterday",
        "device_id": "has space",
    }
    for key, value in cases.items():
        assert post(**{"Upload-Metadata": chunk.metadata(**{key: value})}) == (
            400,
            "invalid_field",
            key,
        ), key
    status, code, _ = post(
        **{
            "Upload-Length": str(300 * 1024 * 1024),
            "Upload-Metadata": chunk.metadata(size=300 * 1024 * 1024),
        }
    )
    assert (status, code) == (413, "upload_too_large")
    r = client.http.post(
        client.tus,
        headers=client.headers(**base, **{"Content-Type": "text/plain"}),
        data=b"x" * 100,
    )
    assert (r.status_code, r.json()["error"]) == (415, "unsupported_media_type")


def test_patch_errors(client: Client) -> None:
    chunk = Chunk(random_bytes(10_000))
    url = client.create(chunk).headers["Location"]
    assert client.patch(url, 0, chunk.data[:4000]).status_code == 204
    r = client.patch(url, 0, chunk.data[:4000])
    assert (r.status_code, r.json()["error"], r.json()["offset"]) == (409, "offset_mismatch", 4000)
    assert r.headers["Upload-Offset"] == "4000"
    r = client.patch(url, 4000, chunk.data[4000:], **{"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]) == (415, "unsupported_media_type")
    r = client.patch(url, 4000, chunk.data[4000:] + b"extra")
    assert (r.status_code, r.json()["error"]) == (400, "length_exceeded")
    r = client.patch(url, 4000, chunk.data[4000:], **{"Upload-Checksum": "md5 AAAA"})
    assert (r.status_code, r.json()["error"]) == (400, "unsupported_checksum_algorithm")
    r = client.patch(url, 4000, chunk.data[4000:], **{"Upload-Checksum": "sha256 notb64!"})
    assert (r.status_code, r.json()["error"]) == (400, "bad_request")
    h = client.headers(**{"Content-Type": "application/offset+octet-stream"})
    r = client.http.patch(url, headers=h, data=b"abc")
    assert (r.status_code, r.json()["field"]) == (400, "Upload-Offset")
    r = client.patch(client.tus + "0" * 32, 0, b"abc")
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    assert client.head(client.tus + "0" * 32).status_code == 404
    assert int(client.head(url).headers["Upload-Offset"]) == 4000


def test_checksum_mismatch_460_keeps_nothing_then_resend_works(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(100_000))
    url = client.create(chunk).headers["Location"]
    part = chunk.data[:60_000]
    r = client.patch(url, 0, part, **{"Upload-Checksum": checksum("sha256", part[:-1] + b"!")})
    assert (r.status_code, r.json()["error"]) == (460, "checksum_mismatch")
    assert client.head(url).headers["Upload-Offset"] == "0"
    assert stored_bytes(shared_server, url) == b""
    r = client.patch(url, 0, part, **{"Upload-Checksum": checksum("sha1", part)})
    assert (r.status_code, r.headers["Upload-Offset"]) == (204, "60000")
    rest = chunk.data[60_000:]
    r = client.patch(url, 60_000, rest, **{"Upload-Checksum": checksum("sha256", rest)})
    assert r.status_code == 204
    assert client.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_declared_sha256_mismatch_is_422_and_the_upload_is_discarded(client: Client) -> None:
    data = random_bytes(5000)
    chunk = Chunk(data)
    lie = hashlib.sha256(b"something else").hexdigest()
    r = client.create(chunk, **{"Upload-Metadata": chunk.metadata(sha256=lie)})
    url = r.headers["Location"]
    r = client.patch(url, 0, data)
    assert r.status_code == 422
    body = r.json()
    assert (body["error"], body["expected"], body["actual"]) == (
        "sha256_mismatch",
        lie,
        chunk.sha256,
    )
    r = client.receipt(chunk.chunk_id)
    assert (r.status_code, r.json()["error"]) == (422, "sha256_mismatch")
    assert client.head(url).status_code == 404
    # Creating it again (with the true hash) gives a fresh upload.
    r = client.create(chunk)
    assert r.status_code == 201 and r.headers["Location"] != url
    assert client.patch(r.headers["Location"], 0, data).status_code == 204
    assert client.receipt(chunk.chunk_id).json()["complete"] is True


def test_termination(client: Client, shared_server: Server) -> None:
    chunk = Chunk(random_bytes(3000))
    url = client.upload(chunk)
    r = client.http.delete(url, headers=client.headers())
    assert r.status_code == 204
    assert client.head(url).status_code == 404
    assert client.receipt(chunk.chunk_id).status_code == 404
    assert not (shared_server.data / "uploads" / (url.rsplit("/", 1)[1] + ".bin")).exists()
    r = client.http.delete(url, headers=client.headers())
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = client.create(chunk)
    assert r.status_code == 201 and r.headers["Location"] != url


def test_cut_body_keeps_bytes_and_resume_is_byte_identical(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(400_000))
    url = client.create(chunk).headers["Location"]
    raw = RawPatch(client, url, 0, len(chunk.data))
    raw.send(chunk.data[:123_457])  # not aligned to anything
    wait_locked(client, url, raw)
    r = client.patch(url, 0, b"x")  # a concurrent PATCH meanwhile
    assert (r.status_code, r.json()["error"]) == (423, "upload_locked")
    assert r.headers["Retry-After"] == "1"
    raw.close()  # connection lost mid-body, after an orderly close of the socket
    offset = wait_offset(client, url)
    check_cut_offset(shared_server, offset, 123_457)
    assert int(client.head(url).headers["Upload-Offset"]) == offset
    assert stored_bytes(shared_server, url) == chunk.data[:offset]
    assert client.patch(url, offset, chunk.data[offset:]).status_code == 204
    assert stored_bytes(shared_server, url) == chunk.data
    assert client.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_a_second_writer_is_answered_423_while_the_first_one_holds_the_upload(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(300_000))
    url = client.create(chunk).headers["Location"]
    first = RawPatch(client, url, 0, len(chunk.data))
    first.send(chunk.data[:1000])
    wait_locked(client, url, first)
    second = RawPatch(client, url, 0, len(chunk.data))
    second.send(chunk.data)  # read off and discarded, so that the answer reaches it
    deadline = time.monotonic() + 10
    while (early := second.answered_early()) is None:
        assert time.monotonic() < deadline, "the second writer was never answered"
        time.sleep(0.05)
    assert early.startswith(b"HTTP/1.1 423"), early[:100]
    second.close()
    first.send(chunk.data[1000:])
    assert first.read_response()[0] == 204
    assert stored_bytes(shared_server, url) == chunk.data


def test_reset_connection_keeps_a_prefix_and_resume_is_byte_identical(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(300_000))
    url = client.create(chunk).headers["Location"]
    raw = RawPatch(client, url, 0, len(chunk.data))
    raw.send(chunk.data[:200_000])
    wait_locked(client, url, raw)
    raw.cut()  # RST: the server keeps what reached it
    offset = wait_offset(client, url)
    assert 0 <= offset <= 200_000
    assert stored_bytes(shared_server, url) == chunk.data[:offset]
    assert client.patch(url, offset, chunk.data[offset:]).status_code == 204
    assert stored_bytes(shared_server, url) == chunk.data


def test_cut_body_with_checksum_keeps_nothing(client: Client) -> None:
    chunk = Chunk(random_bytes(100_000))
    url = client.create(chunk).headers["Location"]
    raw = RawPatch(
        client, url, 0, len(chunk.data), **{"Upload-Checksum": checksum("sha256", chunk.data)}
    )
    raw.send(chunk.data[:50_000])
    wait_locked(client, url, raw)
    raw.close()
    assert wait_offset(client, url) == 0


def test_stalled_body_releases_the_lock_with_408(client: Client) -> None:
    # The shared server runs with --body-timeout 3.
    chunk = Chunk(random_bytes(100_000))
    url = client.create(chunk).headers["Location"]
    raw = RawPatch(client, url, 0, len(chunk.data))
    raw.send(chunk.data[:10_000])
    wait_locked(client, url, raw)
    start = time.monotonic()
    status, rest = raw.read_response(timeout=30)
    assert status == 408
    assert b'"error":"body_timeout"' in rest
    assert time.monotonic() - start > 1  # it waited for the stall, not failed at once
    raw.close()
    assert wait_offset(client, url) == 10_000
    assert client.patch(url, 10_000, chunk.data[10_000:]).status_code == 204


def test_expired_upload_gets_410_and_can_be_created_again(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--upload-expiry", "1")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(2000))
    url = c.create(chunk).headers["Location"]
    assert c.patch(url, 0, chunk.data[:100]).status_code == 204
    done = Chunk(random_bytes(100))
    c.upload(done)
    time.sleep(1.5)
    assert c.head(url).status_code == 410
    r = c.patch(url, 100, chunk.data[100:])
    assert (r.status_code, r.json()["error"]) == (410, "upload_expired")
    assert c.receipt(chunk.chunk_id).status_code == 404
    r = c.create(chunk)
    assert r.status_code == 201 and r.headers["Location"] != url
    assert r.headers["Upload-Offset"] == "0"
    # Completed uploads do not expire.
    assert c.receipt(done.chunk_id).json()["complete"] is True


def test_disk_reserve_gives_503_storage_full(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--min-free-mb", str(2**40))
    c = Client(s)
    c.login()
    r = c.create(Chunk(random_bytes(100)))
    assert (r.status_code, r.json()["error"]) == (503, "storage_full")
    assert int(r.headers["Retry-After"]) > 0


def test_restart_keeps_durable_offsets(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server(name="durable")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(80_000))
    url = c.create(chunk).headers["Location"]
    assert c.patch(url, 0, chunk.data[:30_000]).status_code == 204
    assert s.stop() == 0
    s2 = start_server(name="durable")
    c.server = s2
    c.http.verify = str(s2.ca)
    url2 = url.replace(s.url, s2.url)
    assert c.head(url2).headers["Upload-Offset"] == "30000"
    assert c.patch(url2, 30_000, chunk.data[30_000:]).status_code == 204
    assert stored_bytes(s2, url2) == chunk.data


def test_chunked_transfer_encoding_bodies(client: Client, shared_server: Server) -> None:
    chunk = Chunk(random_bytes(90_000))
    url = client.create(chunk).headers["Location"]

    def pieces(data: bytes, step: int = 7_001):  # type: ignore[no-untyped-def]
        for i in range(0, len(data), step):
            yield data[i : i + step]

    r = client.patch(url, 0, pieces(chunk.data[:50_000]))  # type: ignore[arg-type]
    assert (r.status_code, r.headers["Upload-Offset"]) == (204, "50000")
    # Past Upload-Length without a Content-Length: nothing of this PATCH is stored.
    r = client.patch(url, 50_000, pieces(chunk.data[50_000:] + b"overflow"))  # type: ignore[arg-type]
    assert (r.status_code, r.json()["error"]) == (400, "length_exceeded")
    assert client.head(url).headers["Upload-Offset"] == "50000"
    r = client.patch(url, 50_000, pieces(chunk.data[50_000:]))  # type: ignore[arg-type]
    assert r.status_code == 204
    assert stored_bytes(shared_server, url) == chunk.data
    assert client.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_error_code_header_on_every_error(client: Client) -> None:
    r = client.head(client.tus + "f" * 32)
    assert (r.status_code, r.headers["LogMeets-Error"]) == (404, "not_found")
    r = client.http.post(client.tus, headers={"Tus-Resumable": "1.0.0"})
    assert (r.status_code, r.headers["LogMeets-Error"]) == (401, "unauthorized")


@pytest.mark.slow
def test_a_stalled_request_head_is_dropped(client: Client) -> None:
    # The shared server runs with --body-timeout 3, which also bounds the request head; the
    # cluster's HAProxy answers 408 to a head stalled for 10 s (`timeout http-request`).
    parts = urlsplit(client.server.url)
    ctx = ssl.create_default_context(cafile=str(client.server.ca))
    for head in (b"", b"PATCH /files/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "):
        raw = socket.create_connection((parts.hostname, parts.port), timeout=30)
        sock = ctx.wrap_socket(raw, server_hostname=parts.hostname)
        sock.sendall(head)
        start = time.monotonic()
        with contextlib.suppress(ConnectionError, ssl.SSLError):  # an abort may be a reset
            answer = sock.recv(100)
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer
        assert time.monotonic() - start < 25, "the server kept a stalled head open"
        sock.close()
    # Ordinary requests on the same server still work.
    assert client.http.options(client.tus).status_code == 204


def test_concurrent_creations_of_one_chunk_give_one_upload(client: Client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    chunk = Chunk(random_bytes(1000))
    with ThreadPoolExecutor(16) as pool:
        replies = list(pool.map(lambda _: client.create(chunk), range(32)))
    assert {r.status_code for r in replies} == {201}
    assert len({r.headers["Location"] for r in replies}) == 1


def test_concurrent_patches_at_one_offset_store_the_bytes_once(
    client: Client, shared_server: Server
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    chunk = Chunk(random_bytes(2_000_000))
    url = client.create(chunk).headers["Location"]
    with ThreadPoolExecutor(8) as pool:
        replies = list(pool.map(lambda _: client.patch(url, 0, chunk.data), range(8)))
    codes = sorted(r.status_code for r in replies)
    assert codes.count(204) == 1, codes
    assert set(codes) <= {204, 409, 423}, codes
    assert stored_bytes(shared_server, url) == chunk.data
    assert client.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_concurrent_creations_with_upload_all_get_201(client: Client) -> None:
    from concurrent.futures import ThreadPoolExecutor

    chunk = Chunk(random_bytes(1_000_000))
    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: client.create(chunk, body=chunk.data), range(6)))
    assert {r.status_code for r in replies} == {201}, [r.text for r in replies]
    assert len({r.headers["Location"] for r in replies}) == 1
    assert client.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


@pytest.mark.slow
def test_a_silent_lock_holder_is_taken_over(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--lock-steal-after", "1", "--body-timeout", "60")
    c = Client(s)
    c.login()
    chunk = Chunk(random_bytes(200_000))
    url = c.create(chunk).headers["Location"]
    raw = RawPatch(c, url, 0, len(chunk.data))
    raw.send(chunk.data[:10_000])  # then silence, connection left open (a vanished client)
    wait_locked(c, url, raw)
    time.sleep(1.5)
    # The resuming client does not know about those bytes yet: 409 tells it the offset.
    r = c.patch(url, 0, chunk.data)
    assert (r.status_code, r.headers.get("Upload-Offset")) == (409, "10000"), r.text
    assert c.patch(url, 10_000, chunk.data[10_000:]).status_code == 204
    assert stored_bytes(s, url) == chunk.data
    status, rest = raw.read_response(timeout=30)  # the old request was ended, not left hanging
    assert status == 423 and b"took this upload over" in rest
