"""The repository side (updates.repo, `logmeets-release`): separate keys per role, root 2 of 3,
a release with its patch, a fresh timestamp, a key rotation that old clients can follow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tuf.api.metadata import Metadata
from updhelp import make_bundle, release_repo

from updates import UpdateError

REPO = Path(__file__).resolve().parents[2]


def _meta(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_init_release_timestamp_and_rotation(tmp_path: Path) -> None:
    repo = release_repo(tmp_path)
    trusted = repo.init()
    root = _meta(trusted)["signed"]
    assert root["roles"]["root"]["threshold"] == 2
    assert len(root["roles"]["root"]["keyids"]) == 3
    ids = {role: tuple(root["roles"][role]["keyids"]) for role in root["roles"]}
    assert len(set(ids.values())) == 4, "each role has keys of its own"
    # No private key inside what the update server publishes.
    for f in repo.repo_dir.rglob("*"):
        assert not (f.is_file() and b"PRIVATE" in f.read_bytes().upper()[:200]), f

    repo.add_release(make_bundle(tmp_path / "b010", "0.1.0"), "0.1.0")
    added = repo.add_release(make_bundle(tmp_path / "b011", "0.1.1"), "0.1.1", notes="Fixes")
    assert sorted(p.name for p in added) == ["logmeets-0.1.1.patch", "logmeets-0.1.1.tar.gz"]
    targets = _meta(repo.metadata_dir / "targets.json")["signed"]["targets"]
    assert targets["logmeets-0.1.1.tar.gz"]["custom"]["user"] == {"notes": "Fixes"}
    with pytest.raises(UpdateError) as err:
        repo.add_release(make_bundle(tmp_path / "b009", "0.0.9"), "0.0.9")
    assert err.value.code == "release_not_newer"

    before = _meta(repo.metadata_dir / "timestamp.json")["signed"]["version"]
    assert repo.resign_timestamp() == before + 1

    old_root = Metadata.from_file(str(repo.metadata_dir / "1.root.json"))
    repo.rotate_key("root1", "root4")
    new_root = Metadata.from_file(str(repo.metadata_dir / "2.root.json"))
    # A client that trusts version 1 accepts version 2: the old threshold signed it, and so
    # did the new one.
    old_root.verify_delegate("root", new_root)
    new_root.verify_delegate("root", new_root)
    assert (repo.keys_dir / "root4.pub").exists()
    assert _meta(repo.metadata_dir / "root.json")["signed"]["version"] == 2


def test_release_command_takes_key_paths_from_the_environment(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    cmd = [sys.executable, "-m", "updates.release_cli", "init"]
    inside = {
        **env,
        "LOGMEETS_RELEASE_REPO": str(tmp_path / "r"),
        "LOGMEETS_RELEASE_KEYS": str(tmp_path / "r" / "keys"),
    }
    out = subprocess.run(cmd, env=inside, capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode != 0 and "outside the repository" in out.stderr
    ok = {
        **env,
        "LOGMEETS_RELEASE_REPO": str(tmp_path / "r"),
        "LOGMEETS_RELEASE_KEYS": str(tmp_path / "k"),
    }
    out = subprocess.run(cmd, env=ok, capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "k" / "timestamp").exists()
    assert not list(tmp_path.glob(".tufup*")), "no config file left in the working directory"
