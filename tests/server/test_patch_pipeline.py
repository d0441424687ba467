"""PATCH bodies of several write batches (server/sink.py: written and hashed in a worker thread)
and the file's running sha256 that completion uses instead of reading the file back: it must
give the same receipt as a re-read through cuts, 460s, lock take-overs and restarts, and still
catch a declared sha256 that the stored bytes do not have."""

from __future__ import annotations

import hashlib

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

from server.sink import BATCH

BIG = 5 * BATCH + 12_345  # several batches and a partial one


def _receipt_ok(client: Client, chunk: Chunk) -> None:
    body = client.receipt(chunk.chunk_id).json()
    assert (body["complete"], body["size"], body["sha256"]) == (
        True,
        len(chunk.data),
        chunk.sha256,
    )


def test_cut_body_of_several_batches_keeps_every_byte_received(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(BIG))
    url = client.create(chunk).headers["Location"]
    sent = 2 * BATCH + 777  # two whole batches and some of the third: all must stay
    raw = RawPatch(client, url, 0, len(chunk.data))
    raw.send(chunk.data[:sent])
    wait_locked(client, url, raw)
    raw.close()
    offset = wait_offset(client, url)
    check_cut_offset(shared_server, offset, sent)
    assert offset > BATCH  # whole batches written and hashed in the worker, then kept
    assert stored_bytes(shared_server, url) == chunk.data[:offset]
    rest = chunk.data[offset:]
    r = client.patch(url, offset, rest, **{"Upload-Checksum": checksum("sha256", rest)})
    assert r.status_code == 204, r.text
    assert stored_bytes(shared_server, url) == chunk.data
    _receipt_ok(client, chunk)


def test_460_of_several_batches_keeps_nothing_and_the_receipt_stays_right(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(BIG))
    data = chunk.data
    url = client.create(chunk).headers["Location"]
    a, b = BATCH + 1, 4 * BATCH
    r = client.patch(url, 0, data[:a], **{"Upload-Checksum": checksum("sha256", data[:a])})
    assert r.status_code == 204
    bad = data[a:b]
    wrong = checksum("sha256", bad[:-1] + bytes([bad[-1] ^ 1]))
    r = client.patch(url, a, bad, **{"Upload-Checksum": wrong})
    assert (r.status_code, r.json()["error"]) == (460, "checksum_mismatch")
    assert client.head(url).headers["Upload-Offset"] == str(a)
    assert stored_bytes(shared_server, url) == data[:a]
    # A checksummed body cut mid-way is dropped whole as well.
    raw = RawPatch(client, url, a, b - a, **{"Upload-Checksum": checksum("sha1", bad)})
    raw.send(bad[: 2 * BATCH])
    wait_locked(client, url, raw)
    raw.close()
    assert wait_offset(client, url) == a
    r = client.patch(url, a, bad, **{"Upload-Checksum": checksum("sha1", bad)})
    assert r.status_code == 204
    r = client.patch(url, b, data[b:])
    assert r.status_code == 204, r.text
    assert stored_bytes(shared_server, url) == data
    _receipt_ok(client, chunk)


def test_a_declared_sha256_the_bytes_lack_is_still_422_with_the_true_hash(
    client: Client,
) -> None:
    chunk = Chunk(random_bytes(3 * BATCH))
    lie = hashlib.sha256(b"not these bytes").hexdigest()
    r = client.create(chunk, **{"Upload-Metadata": chunk.metadata(sha256=lie)})
    url = r.headers["Location"]
    half = len(chunk.data) // 2
    assert client.patch(url, 0, chunk.data[:half]).status_code == 204
    r = client.patch(url, half, chunk.data[half:])
    assert r.status_code == 422
    assert (r.json()["expected"], r.json()["actual"]) == (lie, chunk.sha256)


def test_creation_with_upload_then_patches_gives_the_true_receipt(
    client: Client, shared_server: Server
) -> None:
    chunk = Chunk(random_bytes(BIG))
    first = chunk.data[: 2 * BATCH]
    r = client.create(chunk, body=first, **{"Upload-Checksum": checksum("sha256", first)})
    assert (r.status_code, r.headers["Upload-Offset"]) == (201, str(len(first)))
    url = r.headers["Location"]
    r = client.patch(url, len(first), chunk.data[len(first) :])
    assert r.status_code == 204
    _receipt_ok(client, chunk)


def test_restart_mid_upload_reads_the_file_back_for_the_receipt(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server(name="restart")
    c = Client(s)
    c.login()
    good = Chunk(random_bytes(3 * BATCH))
    liar = Chunk(random_bytes(3 * BATCH))
    lie = hashlib.sha256(b"not these bytes").hexdigest()
    url = c.create(good).headers["Location"]
    url_liar = c.create(liar, **{"Upload-Metadata": liar.metadata(sha256=lie)}).headers["Location"]
    assert c.patch(url, 0, good.data[:BATCH]).status_code == 204
    assert c.patch(url_liar, 0, liar.data[:BATCH]).status_code == 204
    assert s.stop() == 0
    s2 = start_server(name="restart")
    c.server = s2
    c.http.verify = str(s2.ca)
    c.login()
    url, url_liar = url.replace(s.url, s2.url), url_liar.replace(s.url, s2.url)
    assert c.patch(url, BATCH, good.data[BATCH:]).status_code == 204
    _receipt_ok(c, good)
    r = c.patch(url_liar, BATCH, liar.data[BATCH:])
    assert r.status_code == 422
    assert r.json()["actual"] == liar.sha256
