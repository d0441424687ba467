"""Each attack TUF defends against, played over real HTTPS against real metadata: the update is
refused with its own code, nothing is staged, and the installed version stays (threat model §8).
"""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from updhelp import World, new_key, resign

from updates import UpdateError, staged
from uploader import UploadError


def _refused(world: World, code: str) -> UpdateError:
    client = world.client()
    with pytest.raises(UpdateError) as err:
        client.download()
    assert err.value.code == code, repr(err.value)
    assert staged(world.cache) is None
    assert world.installed() == "0.1.0"
    return err.value


def _keys(world: World, *names: str) -> list[Path]:
    return [world.repo.keys_dir / n for n in names]


def test_flipped_byte_in_the_target(world: World) -> None:
    world.publish("0.1.1")
    archive = world.repo.targets_dir / "logmeets-0.1.1.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    err = _refused(world, "update_tampered")
    assert err.fields["target"] == "logmeets-0.1.1.tar.gz"
    assert not (world.cache / "targets" / "logmeets-0.1.1.tar.gz").exists()


def test_metadata_signed_by_a_key_that_is_not_trusted(world: World) -> None:
    world.publish("0.1.1")
    intruder = new_key(world.tmp / "intruder", "timestamp")
    resign(world.repo.metadata_dir / "timestamp.json", [intruder])
    err = _refused(world, "update_untrusted")
    assert err.fields["role"] == "timestamp"


def test_rollback_to_metadata_older_than_seen(world: World) -> None:
    world.publish("0.1.1")
    assert world.client().check().available == "0.1.1"  # the client has seen the new state
    # The attacker replays the older, validly signed metadata (0.1.0 the newest).
    shutil.rmtree(world.repo.metadata_dir)
    shutil.copytree(world.old_metadata, world.repo.metadata_dir)
    err = _refused(world, "update_rollback")
    assert err.fields["role"] == "timestamp"


def test_expired_timestamp_is_a_freeze(world: World) -> None:
    world.publish("0.1.1")

    def expire(signed: Any) -> None:
        signed.version += 1
        signed.expires = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=1)

    resign(world.repo.metadata_dir / "timestamp.json", _keys(world, "timestamp"), expire)
    err = _refused(world, "update_expired")
    assert err.fields["role"] == "timestamp"


def test_snapshot_that_does_not_match_targets(world: World) -> None:
    world.publish("0.1.1")
    # New timestamp and snapshot, the old targets.json: mix-and-match.
    shutil.copy(world.old_metadata / "targets.json", world.repo.metadata_dir / "targets.json")
    err = _refused(world, "update_inconsistent")
    assert err.fields["role"] == "targets"


def _endless() -> Iterator[bytes]:
    # Bounded so that a broken cap ends the test instead of filling the disk (64 MiB).
    return itertools.islice(itertools.repeat(b"\0" * 65536), 1024)


def test_endless_metadata_stream_is_cut_at_its_cap(world: World) -> None:
    world.server.override = lambda path: _endless() if path.endswith("timestamp.json") else None
    err = _refused(world, "update_too_large")
    assert err.fields["what"] == "timestamp"


def test_endless_target_stream_is_cut_at_its_length(world: World) -> None:
    world.publish("0.1.1")
    world.server.override = lambda path: _endless() if path.endswith(".tar.gz") else None
    err = _refused(world, "update_too_large")
    assert err.fields["what"] == "logmeets-0.1.1.tar.gz"
    sent = [p for p in world.server.requests if p.endswith(".tar.gz")]
    assert sent == ["/targets/logmeets-0.1.1.tar.gz"]


def test_root_rotation_signed_by_the_old_threshold_is_followed(world: World) -> None:
    world.repo.rotate_key("root1", "root4")
    world.repo.rotate_key("timestamp", "timestamp2")
    world.publish("0.1.1")
    assert world.client().check().available == "0.1.1"
    cached = (world.cache / "metadata" / "root.json").read_text(encoding="utf-8")
    assert '"version": 3' in cached


def test_root_rotation_without_the_old_threshold_is_refused(world: World) -> None:
    # One old root key (stolen) plus the attacker's own: one of the two old signatures needed.
    intruder = new_key(world.tmp / "intruder", "root")
    new_root = world.repo.metadata_dir / "2.root.json"
    shutil.copy(world.repo.metadata_dir / "root.json", new_root)

    def take_over(signed: Any) -> None:
        signed.version = 2

    resign(new_root, [*_keys(world, "root1"), intruder], take_over)
    err = _refused(world, "update_untrusted")
    assert err.fields["role"] == "root"


def test_tls_rules_are_the_uploads_rules(world: World) -> None:
    client = world.client(ca_file=None)  # the OS trust store does not know the test CA
    with pytest.raises(UploadError) as err:
        client.check()
    assert err.value.code == "tls_untrusted"
    pinned = world.client(spki_pin="sha256/" + "A" * 43 + "=")
    with pytest.raises(UploadError) as err:
        pinned.check()
    assert err.value.code == "tls_pin_mismatch"
    plain = world.client(url=world.server.url.replace("https://127.0.0.1", "http://example.org"))
    with pytest.raises(UploadError) as err:
        plain.check()
    assert err.value.code == "insecure_url"
