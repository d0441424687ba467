"""`serve --min-client-version X` (docs/protocol.md §8): 426 client_too_old, with the minimum in
the body and a header, at login, on API and tus requests, and before a refresh rotates."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from serverkit import Chunk, Client, ServerProc, launch, random_bytes


@pytest.fixture()
def strict(tmp_path: Path) -> Iterator[ServerProc]:
    server = launch(tmp_path / "data", "--min-client-version", "0.2.0")
    yield server
    server.stop()


def _too_old(r: requests.Response) -> None:
    assert r.status_code == 426
    assert r.headers["LogMeets-Min-Client-Version"] == "0.2.0"
    if r.request.method != "HEAD":
        assert r.json()["error"] == "client_too_old"
        assert r.json()["min_version"] == "0.2.0"


def test_older_login_is_426_and_a_current_one_signs_in(strict: ServerProc) -> None:
    _too_old(Client(strict).login(client_version="0.1.9"))
    assert Client(strict).login(client_version="0.2.0").status_code == 201
    assert Client(strict).login(client_version="1.0.0rc1").status_code == 201


def test_header_decides_on_every_request(strict: ServerProc) -> None:
    c = Client(strict)
    assert c.login(client_version="0.2.0").status_code == 201
    chunk = Chunk(random_bytes(1000))
    url = c.upload(chunk)  # no header: the version signed in with (0.2.0) counts
    old = {"LogMeets-Client-Version": "0.1.0"}
    _too_old(c.http.head(url, headers=c.headers(**old), timeout=30))
    _too_old(c.http.get(c.api("session"), headers=c.headers(**old), timeout=30))
    # A refused refresh leaves the refresh token usable by the updated app.
    refresh = {"refresh_token": c.login_body["refresh_token"]}
    _too_old(c.http.post(c.api("session/refresh"), json=refresh, headers=old, timeout=30))
    fresh = {"LogMeets-Client-Version": "0.2.1"}
    r = c.http.post(c.api("session/refresh"), json=refresh, headers=fresh, timeout=30)
    assert r.status_code == 200


def test_a_minimum_that_is_not_a_version_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="not a version"):
        launch(tmp_path / "data", "--min-client-version", "latest!")
