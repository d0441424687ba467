"""Conformance: receipts (docs/protocol.md §6) and recording manifests (§7)."""

from __future__ import annotations

import uuid
from typing import Any

from serverkit import Chunk, Client, random_bytes


def manifest(rid: str, chunks: list[Chunk], **extra: Any) -> dict[str, Any]:
    return {
        "recording_id": rid,
        "title": "Weekly sync 週次",
        "started_at": 1795000000.0,
        "ended_at": 1795000090.0,
        "sample_rate": 48000,
        "channels": 1,
        "subtype": "PCM_16",
        "chunks": [
            {
                "chunk_id": c.chunk_id,
                "index": c.index,
                "sha256": c.sha256,
                "size": len(c.data),
                "duration": 30.0,
                "started_at": 1795000000.0 + 30 * c.index,
                "recovered": False,
            }
            for c in chunks
        ],
        "markers": [{"at": 12.5, "label": "decision"}],
        "gaps": [{"start": 40.0, "end": 41.5, "reason": "device_lost"}],
        **extra,
    }


def test_receipt_errors(client: Client) -> None:
    r = client.receipt(str(uuid.uuid4()))
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = client.receipt("../../etc/passwd")
    assert r.status_code in (400, 404)
    r = client.receipt("not-a-uuid")
    assert (r.status_code, r.json()["error"], r.json()["field"]) == (
        400,
        "invalid_field",
        "chunk_id",
    )
    r = client.http.get(client.api(f"chunks/{uuid.uuid4()}"))
    assert (r.status_code, r.json()["error"]) == (401, "unauthorized")


def test_manifest_missing_then_complete_then_repeat(client: Client) -> None:
    rid = str(uuid.uuid4())
    chunks = [Chunk(random_bytes(5000 + i), recording_id=rid, index=i) for i in range(3)]
    client.upload(chunks[0])
    partial = client.create(chunks[1]).headers["Location"]
    client.patch(partial, 0, chunks[1].data[:100])
    url = client.api(f"recordings/{rid}")
    r = client.http.put(url, json=manifest(rid, chunks), headers=client.headers())
    assert r.status_code == 409
    body = r.json()
    assert body["error"] == "missing_chunks"
    assert body["missing"] == [chunks[1].chunk_id, chunks[2].chunk_id]
    assert body["mismatched"] == []
    r = client.http.get(url, headers=client.headers())
    assert (r.status_code, r.json()["error"]) == (404, "not_found")

    client.patch(partial, 100, chunks[1].data[100:])
    client.upload(chunks[2])
    r = client.http.put(url, json=manifest(rid, chunks), headers=client.headers())
    assert r.status_code == 201, r.text
    assert r.json() == {
        "recording_id": rid,
        "complete": True,
        "chunks": 3,
        "size": sum(len(c.data) for c in chunks),
    }
    r = client.http.put(url, json=manifest(rid, chunks, title="renamed"), headers=client.headers())
    assert r.status_code == 200
    r = client.http.get(url, headers=client.headers())
    assert r.status_code == 200
    got = r.json()["manifest"]
    assert got["title"] == "renamed"
    assert [c["chunk_id"] for c in got["chunks"]] == [c.chunk_id for c in chunks]
    assert got["markers"] == [{"at": 12.5, "label": "decision"}]
    assert got["silences"] == []  # an older client sends none


def test_manifest_silences_are_kept_and_checked(client: Client) -> None:
    rid = str(uuid.uuid4())
    c = Chunk(random_bytes(100), recording_id=rid)
    client.upload(c)
    url = client.api(f"recordings/{rid}")
    doc = {**manifest(rid, [c]), "silences": [[0, 12.5], [40.0, 52.25]]}
    r = client.http.put(url, json=doc, headers=client.headers())
    assert r.status_code == 201, r.text
    got = client.http.get(url, headers=client.headers()).json()["manifest"]
    assert got["silences"] == [[0.0, 12.5], [40.0, 52.25]]
    for bad in ("x", [[1.0]], [[5.0, 1.0]], [[-1.0, 2.0]], [[True, 2.0]], [{"start": 1}]):
        r = client.http.put(url, json={**doc, "silences": bad}, headers=client.headers())
        assert (r.status_code, r.json()["error"], r.json()["field"]) == (
            400,
            "invalid_field",
            "silences",
        ), bad


def test_manifest_reports_mismatched_chunks(client: Client) -> None:
    rid = str(uuid.uuid4())
    good = Chunk(random_bytes(1000), recording_id=rid, index=0)
    elsewhere = Chunk(random_bytes(1000), index=1)  # uploaded under another recording id
    client.upload(good)
    client.upload(elsewhere)
    doc = manifest(rid, [good, elsewhere])
    doc["chunks"][0]["sha256"] = "0" * 64
    r = client.http.put(client.api(f"recordings/{rid}"), json=doc, headers=client.headers())
    assert r.status_code == 409
    assert r.json()["missing"] == []
    assert sorted(r.json()["mismatched"]) == sorted([good.chunk_id, elsewhere.chunk_id])


def test_long_manifest_is_checked_in_every_lookup_batch(client: Client) -> None:
    # 1 201 chunks: the database looks them up 500 at a time; one held chunk in each part.
    rid = str(uuid.uuid4())
    chunks = [Chunk(b"%d" % i, recording_id=rid, index=i) for i in range(1201)]
    held = [chunks[0], chunks[500], chunks[1200]]
    for c in held:
        client.upload(c)
    url = client.api(f"recordings/{rid}")
    doc = manifest(rid, chunks)
    doc["chunks"][500]["sha256"] = "0" * 64
    r = client.http.put(url, json=doc, headers=client.headers(), timeout=60)
    assert r.status_code == 409, r.text
    assert r.json()["missing"] == [c.chunk_id for c in chunks if c not in held]
    assert r.json()["mismatched"] == [chunks[500].chunk_id]


def test_manifest_validation(client: Client) -> None:
    rid = str(uuid.uuid4())
    c = Chunk(random_bytes(10), recording_id=rid)
    url = client.api(f"recordings/{rid}")

    def put(doc: Any) -> tuple[int, str, str | None]:
        r = client.http.put(url, json=doc, headers=client.headers())
        return r.status_code, r.json()["error"], r.json().get("field")

    ok = manifest(rid, [c])
    assert put({**ok, "recording_id": str(uuid.uuid4())}) == (400, "invalid_field", "recording_id")
    assert put({**ok, "chunks": []}) == (400, "invalid_field", "chunks")
    assert put({**ok, "chunks": "x"}) == (400, "invalid_field", "chunks")
    assert put({**ok, "ended_at": 1.0}) == (400, "invalid_field", "ended_at")
    assert put({**ok, "title": 5}) == (400, "invalid_field", "title")
    assert put({**ok, "title": "x" * 513}) == (400, "invalid_field", "title")
    assert put({**ok, "channels": 0}) == (400, "invalid_field", "channels")
    bad_chunks = [
        ({"chunk_id": "x"}, "chunks.chunk_id"),
        ({"index": -1}, "index"),
        ({"sha256": "zz"}, "chunks.sha256"),
        ({"size": 0}, "size"),
        ({"size": True}, "size"),
        ({"recovered": "yes"}, "chunks.recovered"),
    ]
    for change, field in bad_chunks:
        doc = manifest(rid, [c])
        doc["chunks"][0].update(change)
        assert put(doc) == (400, "invalid_field", field), change
    dup = manifest(rid, [c])
    dup["chunks"].append(dict(dup["chunks"][0]))
    assert put(dup)[:2] == (400, "invalid_field")
    assert put({**ok, "markers": [{"at": "soon"}]}) == (400, "invalid_field", "at")
    assert put({**ok, "gaps": [{"start": 5.0, "end": 1.0, "reason": "x"}]}) == (
        400,
        "invalid_field",
        "gaps.end",
    )
    r = client.http.put(client.api("recordings/not-a-uuid"), json=ok, headers=client.headers())
    assert (r.status_code, r.json()["field"]) == (400, "recording_id")
    r = client.http.put(url, data=b"[]", headers=client.headers(**{"Content-Type": "text/plain"}))
    assert r.status_code == 415
    r = client.http.put(url, json=ok)
    assert r.status_code == 401
