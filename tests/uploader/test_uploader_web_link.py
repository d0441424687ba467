"""The manifest's answer may link the recording's page on the server's site (`web_url`,
docs/protocol.md §7): the real server started with `--web-url-base` sends it, the client keeps it
in the sealed history, where it outlives crypto-erase; a link a hostile server sends elsewhere is
refused with a log line and nothing is kept."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from faultproxy import Fault, FaultProxy, on
from uphelp import Box, ServerProc, make_scheduler, run_until_drained

from outbox import HISTORY_NAME, RecordingState
from uploader.web_link import MAX_WEB_URL, checked_web_url


def test_the_servers_link_is_kept_in_the_history_after_erase(
    server_factory: Callable[..., ServerProc], box: Box
) -> None:
    server = server_factory("--web-url-base", "https://127.0.0.1/r/")
    rec = box.add_recording(2, 300_000)
    run_until_drained(make_scheduler(box, server.url, server.ca), box)
    [info] = box.outbox.recordings()
    assert info.state is RecordingState.ERASED and info.in_history and info.title == "test"
    assert info.web_url == f"https://127.0.0.1/r/{rec}"
    assert box.outbox.history.entries()[rec].web_url == info.web_url
    # Sealed: neither the link nor the id appears in the file as plaintext.
    sealed = (box.outbox.data_dir / HISTORY_NAME).read_bytes()
    assert rec.encode() not in sealed and b"/r/" not in sealed


def test_without_web_url_base_there_is_no_link(server: ServerProc, box: Box) -> None:
    rec = box.add_recording(1, 100_000)
    run_until_drained(make_scheduler(box, server.url, server.ca), box)
    [info] = box.outbox.recordings()
    assert info.manifest_sent and info.in_history and info.web_url is None
    assert box.outbox.history.entries()[rec].web_url is None


HOSTILE = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "https://evil.example/r/x",
    "https://127.0.0.1.evil.example/r/x",
    "http://evil.example/r/x",
    "https://user:pw@127.0.0.1/r/x",
    "https://127.0.0.1/r/" + "a" * MAX_WEB_URL,
    "https://127.0.0.1/r/x\nSet-Cookie: a=b",
    42,
]


@pytest.mark.parametrize("link", HOSTILE, ids=lambda v: repr(v)[:30])
def test_a_hostile_link_is_refused_and_nothing_is_kept(
    proxy: FaultProxy, box: Box, caplog: pytest.LogCaptureFixture, link: object
) -> None:
    rec = box.add_recording(1, 100_000)
    answer = {"recording_id": rec, "complete": True, "chunks": 1, "size": 1, "web_url": link}
    body = json.dumps(answer).encode()
    headers = {"Content-Type": "application/json"}
    # The real server behind the proxy; the proxy answers the manifest itself (the hostile part).
    fault = proxy.add(Fault(on("PUT", "/api/v1/recordings/"), respond=(201, headers, body)))
    with caplog.at_level(logging.WARNING, logger="uploader.web_link"):
        run_until_drained(make_scheduler(box, proxy.url, proxy.ca_file), box)
    assert fault.hits == 1
    [info] = box.outbox.recordings()
    assert info.manifest_sent and info.web_url is None
    assert box.outbox.history.entries()[rec].web_url is None
    refused = [r.getMessage() for r in caplog.records if "web_url refused" in r.getMessage()]
    assert refused and rec in refused[0]


@pytest.mark.parametrize(
    ("link", "server_url"),
    [
        ("https://logmeets.example/r/1", "https://logmeets.example"),
        ("https://LogMeets.Example:8443/r/1", "https://logmeets.example"),
        ("http://127.0.0.1:9/r/1", "http://127.0.0.1:8"),
    ],
)
def test_a_link_on_the_servers_host_is_accepted(link: str, server_url: str) -> None:
    assert checked_web_url(link, server_url, "rid") == link


def test_http_is_refused_off_loopback_and_a_missing_link_is_quiet(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING):
        assert checked_web_url(None, "https://a.example", "rid") is None
        assert not caplog.records
        assert checked_web_url("http://a.example/r", "https://a.example", "rid") is None
    assert "scheme 'http' is not https" in caplog.records[0].getMessage()
