"""Conformance: session endpoints (docs/protocol.md §3) against the real server over HTTPS."""

from __future__ import annotations

import time

import requests
from serverkit import DEMO, Chunk, Client, Server, random_bytes, stored_metadata


def test_login_returns_the_documented_fields(shared_server: Server) -> None:
    c = Client(shared_server)
    r = c.login()
    assert r.status_code == 201
    body = r.json()
    for key in (
        "access_token",
        "refresh_token",
        "expires_in",
        "user_id",
        "org_recipient",
        "tus_endpoint",
        "token_type",
        "session_id",
        "refresh_expires_in",
    ):
        assert key in body, key
    assert body["user_id"] == DEMO[0]
    assert body["org_recipient"].startswith("age1")
    assert body["tus_endpoint"] == f"{shared_server.url}/files/"
    assert body["expires_in"] == 900
    assert r.headers["LogMeets-API-Version"] == "1"
    assert "device_proof" in body
    # Demo mode: the identity is kept beside the data directory, never in it.
    org = shared_server.demo_identity.read_text()
    assert f"# public key: {body['org_recipient']}" in org


def test_wrong_password_and_unknown_user_are_the_same_401(shared_server: Server) -> None:
    c = Client(shared_server)
    for user, pw in ((DEMO[0], "wrong"), ("nobody", "x")):
        r = c.login(user, pw)
        assert r.status_code == 401
        assert r.json()["error"] == "invalid_credentials"
        assert r.json()["message"]


def test_malformed_login_bodies_get_400_415_413(shared_server: Server) -> None:
    c = Client(shared_server)
    url = c.api("session")
    r = c.http.post(url, data=b"{not json", headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]) == (400, "bad_request")
    r = c.http.post(url, json=["a", "list"])
    assert (r.status_code, r.json()["error"]) == (400, "bad_request")
    r = c.http.post(url, json={"password": "x", "device_id": "d", "client_version": "1"})
    assert (r.status_code, r.json()["error"], r.json()["field"]) == (400, "invalid_field", "user")
    r = c.login(device_id="bad id with spaces")
    assert (r.status_code, r.json()["field"]) == (400, "device_id")
    r = c.login(user=123)
    assert (r.status_code, r.json()["field"]) == (400, "user")
    r = c.login(device_name="x" * 129)
    assert (r.status_code, r.json()["field"]) == (400, "device_name")
    r = c.http.post(url, data=b"user=demo", headers={"Content-Type": "text/plain"})
    assert (r.status_code, r.json()["error"]) == (415, "unsupported_media_type")
    r = c.http.post(url, json={"user": "demo", "pad": "x" * (1024 * 1024 + 10)})
    assert (r.status_code, r.json()["error"]) == (413, "request_too_large")


def test_too_many_failed_logins_get_429_with_retry_after(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    c = Client(s)
    for _ in range(5):
        assert c.login(DEMO[0], "wrong").status_code == 401
    r = c.login(DEMO[0], "wrong")
    assert (r.status_code, r.json()["error"]) == (429, "too_many_requests")
    assert int(r.headers["Retry-After"]) >= 1
    # Even the right password waits: the limit is per account, not per guess.
    assert c.login().status_code == 429


def test_requests_without_a_valid_token_get_401(shared_server: Server) -> None:
    c = Client(shared_server)
    r = c.http.get(c.api("session"))
    assert (r.status_code, r.json()["error"]) == (401, "unauthorized")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    for token in ("garbage", "a.b", "0" * 32 + ".x", ""):
        r = c.http.get(c.api("session"), headers={"Authorization": f"Bearer {token}"})
        assert (r.status_code, r.json()["error"]) == (401, "unauthorized"), token
    c.login()
    sid, secret = c.token.split(".")
    forged = f"{sid}.{secret[:-1]}{'A' if secret[-1] != 'A' else 'B'}"
    r = c.http.get(c.api("session"), headers={"Authorization": f"Bearer {forged}"})
    assert (r.status_code, r.json()["error"]) == (401, "unauthorized")


def test_tokens_are_stored_hashed(shared_server: Server) -> None:
    c = Client(shared_server)
    c.login()
    stored = stored_metadata(shared_server, "sessions")
    assert c.token.split(".")[0] in stored  # the session id is there, in clear
    for token in (c.token, c.login_body["refresh_token"]):
        assert token.split(".")[1] not in stored
    users = stored_metadata(shared_server, "users")
    assert DEMO[0] in users
    assert DEMO[1] not in users


def test_whoami_and_refresh_rotation(shared_server: Server) -> None:
    c = Client(shared_server)
    c.login()
    r = c.http.get(c.api("session"), headers=c.headers())
    assert r.status_code == 200
    assert r.json()["user_id"] == DEMO[0]
    old_refresh = c.login_body["refresh_token"]
    old_access = c.token
    r = c.http.post(c.api("session/refresh"), json={"refresh_token": old_refresh})
    assert r.status_code == 200
    new = r.json()
    assert new["refresh_token"] != old_refresh and new["access_token"] != old_access
    assert new["tus_endpoint"] == c.tus
    r = c.http.get(c.api("session"), headers={"Authorization": f"Bearer {new['access_token']}"})
    assert r.status_code == 200
    # The old refresh token is single use.
    r = c.http.post(c.api("session/refresh"), json={"refresh_token": old_refresh})
    assert (r.status_code, r.json()["error"]) == (401, "invalid_refresh_token")
    r = c.http.post(c.api("session/refresh"), json={"refresh_token": "nope"})
    assert (r.status_code, r.json()["error"]) == (401, "invalid_refresh_token")
    r = c.http.post(c.api("session/refresh"), json={})
    assert (r.status_code, r.json()["field"]) == (400, "refresh_token")


def test_logout_ends_the_session(shared_server: Server) -> None:
    c = Client(shared_server)
    c.login()
    refresh = c.login_body["refresh_token"]
    r = c.http.delete(c.api("session"), headers=c.headers())
    assert r.status_code == 204
    r = c.http.get(c.api("session"), headers=c.headers())
    assert (r.status_code, r.json()["error"]) == (401, "session_ended")
    r = c.http.post(c.api("session/refresh"), json={"refresh_token": refresh})
    assert (r.status_code, r.json()["error"]) == (401, "session_ended")


def test_new_login_supersedes_the_old_session(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server()
    first, second = Client(s), Client(s)
    first.login(device_id="laptop-a")
    chunk = Chunk(random_bytes(50_000))
    r = first.create(chunk)
    url = r.headers["Location"]
    assert first.patch(url, 0, chunk.data[:20_000]).status_code == 204

    assert second.login(device_id="laptop-b").status_code == 201
    for call in (
        lambda: first.http.get(first.api("session"), headers=first.headers()),
        lambda: first.head(url),
        lambda: first.patch(url, 20_000, chunk.data[20_000:]),
        lambda: first.receipt(chunk.chunk_id),
        lambda: first.http.post(
            first.api("session/refresh"), json={"refresh_token": first.login_body["refresh_token"]}
        ),
    ):
        r = call()
        assert r.status_code == 401
        assert r.headers["LogMeets-Error"] == "session_superseded"  # HEAD included
        if r.request.method != "HEAD":
            assert r.json()["error"] == "session_superseded"
    # Uploads belong to the account: the new session resumes at the same URL.
    assert int(second.head(url).headers["Upload-Offset"]) == 20_000
    assert second.patch(url, 20_000, chunk.data[20_000:]).status_code == 204
    assert second.receipt(chunk.chunk_id).json()["sha256"] == chunk.sha256


def test_access_token_expires_and_refresh_renews_it(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server("--access-ttl", "1")
    c = Client(s)
    c.login()
    assert c.http.get(c.api("session"), headers=c.headers()).status_code == 200
    time.sleep(1.5)
    r = c.http.get(c.api("session"), headers=c.headers())
    assert (r.status_code, r.json()["error"]) == (401, "token_expired")
    r = c.http.post(c.api("session/refresh"), json={"refresh_token": c.login_body["refresh_token"]})
    assert r.status_code == 200
    c.login_body = r.json()
    assert c.http.get(c.api("session"), headers=c.headers()).status_code == 200


def test_sessions_survive_a_restart(start_server) -> None:  # type: ignore[no-untyped-def]
    s = start_server(name="restart")
    c = Client(s)
    c.login()
    assert s.stop() == 0
    s2 = start_server(name="restart")
    c.server = s2
    r = c.http.get(c.api("session"), headers=c.headers())
    assert r.status_code == 200, r.text


def test_unknown_route_and_method_are_json_404_405(shared_server: Server) -> None:
    c = Client(shared_server)
    r = c.http.get(c.api("nothing-here"))
    assert (r.status_code, r.json()["error"]) == (404, "not_found")
    r = c.http.put(c.api("session"), json={})
    assert (r.status_code, r.json()["error"]) == (405, "method_not_allowed")


def test_oversized_request_head_is_refused_before_the_app(shared_server: Server) -> None:
    c = Client(shared_server)
    try:
        r = c.http.get(c.api("session"), headers={"X-Big": "a" * 100_000})
    except requests.ConnectionError:
        return  # the server closed the connection: refused as well
    assert 400 <= r.status_code < 500


def test_deeply_nested_json_is_400_not_500(shared_server: Server) -> None:
    c = Client(shared_server)
    deep = b"[" * 200_000 + b"]" * 200_000
    r = c.http.post(c.api("session"), data=deep, headers={"Content-Type": "application/json"})
    assert (r.status_code, r.json()["error"]) == (400, "bad_request")


def test_concurrent_logins_leave_exactly_one_live_session(start_server) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    s = start_server()
    clients = [Client(s) for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda c: c.login().status_code, clients))
    assert codes == [201] * 8
    answers = [c.http.get(c.api("session"), headers=c.headers()) for c in clients]
    live = [r for r in answers if r.status_code == 200]
    assert len(live) == 1
    assert all(r.json()["error"] == "session_superseded" for r in answers if r.status_code != 200)
