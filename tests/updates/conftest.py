"""Fixtures for the update tests: a real TUF repository with 0.1.0 published, served over real
HTTPS on loopback; 0.1.0 installed in a bundle-shaped folder; a client configured like the app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from updhelp import StaticHTTPS, World, make_bundle, release_repo


@pytest.fixture()
def world(tmp_path: Path) -> Iterator[World]:
    repo = release_repo(tmp_path)
    trusted = repo.init().read_bytes()
    repo.add_release(make_bundle(tmp_path / "b0.1.0", "0.1.0"), "0.1.0")
    old = tmp_path / "old-metadata"
    shutil.copytree(repo.metadata_dir, old)
    install = make_bundle(tmp_path / "install" / "LogMeets", "0.1.0")
    server = StaticHTTPS(repo.repo_dir, tmp_path / "tls")
    try:
        yield World(tmp_path, repo, server, install, tmp_path / "data", trusted, old)
    finally:
        server.close()
