"""`serve --web-url-base URL` (docs/protocol.md §7, §10): the manifest's answer links the
recording's page, `URL + recording_id`; a base that is not an https URL is refused at start."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverkit import Chunk, Client, ServerProc, launch, random_bytes
from test_recordings import manifest

BASE = "https://logmeets.example/r/"


@pytest.fixture()
def linked(tmp_path: Path) -> Iterator[ServerProc]:
    server = launch(tmp_path / "data", "--web-url-base", BASE)
    yield server
    server.stop()


def test_the_manifest_answer_links_the_recording(linked: ServerProc) -> None:
    client = Client(linked)
    assert client.login().status_code == 201
    rid = str(uuid.uuid4())
    chunk = Chunk(random_bytes(3000), recording_id=rid, index=0)
    client.upload(chunk)
    url = client.api(f"recordings/{rid}")
    for status in (201, 200):  # the first time and a repeat
        r = client.http.put(url, json=manifest(rid, [chunk]), headers=client.headers())
        assert r.status_code == status, r.text
        assert r.json()["web_url"] == BASE + rid


@pytest.mark.parametrize(
    "base", ["javascript:alert(1)//", "http://logmeets.example/r/", "https://u:p@x.example/"]
)
def test_a_base_that_is_not_an_https_url_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(AssertionError, match="is not an https URL"):
        launch(tmp_path / "data", "--web-url-base", base)
