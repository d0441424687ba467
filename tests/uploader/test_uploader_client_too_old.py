"""`logmeets-server serve --min-client-version X`: an older client is answered 426 client_too_old
at sign-in and on every upload; it keeps its chunks (and goes on recording), says "update
required", and uploads everything once it is updated (docs/protocol.md §8)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from uphelp import Box, ServerProc, make_scheduler, run_until_drained

from app.messages import describe, describe_code
from outbox import ChunkState
from uploader import ClientTooOld, SyncState, SyncStatus


def test_login_of_an_older_client_is_refused_with_the_minimum(
    server_factory: Callable[..., ServerProc], box: Box
) -> None:
    server = server_factory("--min-client-version", "0.2.0")
    with pytest.raises(ClientTooOld) as err:
        make_scheduler(box, server.url, server.ca, client_version="0.1.0")
    assert (err.value.code, err.value.fields["min_version"]) == ("client_too_old", "0.2.0")
    assert describe(err.value).startswith("Update required: the server no longer accepts")
    # The sync indicator shows the code alone (no fields): the text needs none.
    assert "{" not in describe_code("client_too_old")
    make_scheduler(box, server.url, server.ca, client_version="0.2.0")  # a current one may


def test_an_older_client_keeps_its_chunks_until_it_is_updated(
    server_factory: Callable[..., ServerProc], box: Box
) -> None:
    server = server_factory()
    old = make_scheduler(box, server.url, server.ca, client_version="0.1.0")  # signed in
    # The server is restarted with a minimum above this client's version.
    server.stop()
    server.extra += ["--min-client-version", "0.2.0"]
    server.start()
    box.add_recording(2, 50_000)
    summary = old.run_once()
    assert set(summary.failures.values()) == {"client_too_old"}
    assert summary.pending == 2
    assert all(box.state(c) is ChunkState.SEALED for c in box.ciphertexts)
    assert all(box.outbox.chunk(c).path is not None for c in box.ciphertexts)
    last = box.events_of(SyncStatus)[-1]
    assert (last.state, last.reason) == (SyncState.waiting, "client_too_old")
    # Recording goes on meanwhile: the outbox takes new chunks.
    box.add_recording(1, 50_000)
    # Updated (same data dir, same outbox): signed in as the new version, everything goes.
    new = make_scheduler(box, server.url, server.ca, client_version="0.2.0")
    run_until_drained(new, box)
    assert all(box.state(c) is ChunkState.ERASED for c in box.ciphertexts)
