"""0.1.0 installed, 0.1.1 published: check, download (a patch when the current archive is at
hand), verify, stage, apply; the new version runs. Over real HTTPS with real TUF metadata."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from updhelp import World

from updates import UpdateError, apply_staged, staged


def test_check_download_apply_runs_the_new_version(world: World) -> None:
    assert world.client().check().available is None
    world.publish("0.1.1", notes="Fixes the level meter")
    client = world.client()
    info = client.check()
    assert (info.current, info.available) == ("0.1.0", "0.1.1")
    assert info.notes == "Fixes the level meter"
    assert not info.patch and info.download_bytes == info.full_bytes > 0
    got = client.download()
    assert got is not None and got.version == "0.1.1"
    assert world.installed() == "0.1.0", "staging does not touch the install folder"
    assert staged(world.cache) == got

    assert apply_staged(world.cache, world.install, world.data, "0.1.0") == "0.1.1"
    assert world.installed() == "0.1.1"
    out = subprocess.run([str(world.install / "LogMeets")], capture_output=True, text=True)
    assert out.stdout.strip() == "LogMeets 0.1.1"
    assert staged(world.cache) is None
    assert not world.install.with_name("LogMeets.old").exists()
    # The next check from 0.1.1 finds nothing newer.
    assert world.client().check().available is None


def test_patch_download_is_a_fraction_of_the_archive(world: World) -> None:
    # The archive of the running version is kept after each update; the next one is a patch.
    world.cache.joinpath("targets").mkdir(parents=True)
    shutil.copy(world.repo.targets_dir / "logmeets-0.1.0.tar.gz", world.cache / "targets")
    world.publish("0.1.1")
    client = world.client()
    info = client.check()
    assert info.patch
    ratio = info.download_bytes / info.full_bytes
    print(f"patch {info.download_bytes} B of a {info.full_bytes} B archive: {ratio:.1%}")
    assert ratio <= 0.15
    client.download()
    assert apply_staged(world.cache, world.install, world.data, "0.1.0") == "0.1.1"
    assert world.installed() == "0.1.1"


def test_apply_waits_while_logmeets_holds_the_data_dir(world: World) -> None:
    from outbox import INSTANCE_LOCK_NAME, InstanceLock

    world.publish("0.1.1")
    world.client().download()
    with InstanceLock(world.data / INSTANCE_LOCK_NAME), pytest.raises(UpdateError) as err:
        apply_staged(world.cache, world.install, world.data, "0.1.0")
    assert err.value.code == "update_while_recording"
    assert world.installed() == "0.1.0"
    assert apply_staged(world.cache, world.install, world.data, "0.1.0") == "0.1.1"


@pytest.mark.parametrize("damage", ["changed", "removed", "added"])
def test_a_stage_changed_after_its_check_is_dropped_not_installed(
    world: World, damage: str
) -> None:
    world.publish("0.1.1")
    got = world.client().download()
    assert got is not None
    launcher = got.folder / "LogMeets"
    if damage == "changed":
        launcher.write_text(launcher.read_text() + "echo tampered\n")
    elif damage == "removed":
        launcher.unlink()
    else:
        (got.folder / "extra.so").write_bytes(b"not from the release")
    with pytest.raises(UpdateError) as err:
        apply_staged(world.cache, world.install, world.data, "0.1.0")
    assert err.value.code == "update_stage_damaged"
    assert err.value.fields["reason"] == "changed since it was verified"
    assert world.installed() == "0.1.0"
    assert not world.install.with_name("LogMeets.new").exists()
    assert staged(world.cache) is None
    # The verified archive is still cached: the next download stages a good copy again.
    assert world.client().download() is not None
    assert apply_staged(world.cache, world.install, world.data, "0.1.0") == "0.1.1"
    assert world.installed() == "0.1.1"


def test_beta_channel_sees_betas_and_stable_does_not(world: World) -> None:
    world.publish("0.2.0b1")
    assert world.client().check().available is None
    assert world.client(channel="beta").check().available == "0.2.0b1"
