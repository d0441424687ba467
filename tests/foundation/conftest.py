"""Fixtures of the foundation tests (helpers they import: corehelp.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from corehelp import logmeets_server


@pytest.fixture()
def server_options() -> tuple[str, ...]:
    """More options for `server_url`'s server (a test module overrides it)."""
    return ()


@pytest.fixture()
def server_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, server_options: tuple[str, ...]
) -> Iterator[tuple[str, Path]]:
    """A `logmeets-server` over HTTPS on loopback, data in tmp_path/server: (url, its CA file)."""
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    with logmeets_server(tmp_path / "server", *server_options) as served:
        yield served
