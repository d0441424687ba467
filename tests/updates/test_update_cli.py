"""`logmeets update check [--json]` and `logmeets update apply` through the CLI's entry point,
against the real repository over HTTPS; refusals are coded sentences, never tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from updhelp import World

import app.core.updates
from app.cli import main
from app.context import Context
from app.core.updates import apply_at_start, update_config
from app.settings import SettingsError, dump_toml, save_user_settings
from updates import UpdateClient, UpdateError, apply_staged


@pytest.fixture()
def home(world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("LOGMEETS_HOME", str(home))
    settings = {"update_url": world.server.url, "ca_file": str(world.server.ca)}
    (home / "config.toml").write_text(dump_toml(settings), encoding="utf-8")
    # The root shipped in a release build (app/resources/update-root.json) is this repository's.
    monkeypatch.setattr(app.core.updates, "shipped_root", lambda: world.trusted_root)
    return home


def _cli(*args: str, world: World) -> list[str]:
    return ["update", *args, "--install-dir", str(world.install)]


def test_check_json_then_apply(
    world: World, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world.publish("0.1.1", notes="Better sound")
    assert main(_cli("check", "--json", world=world)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["current"] == "0.1.0" and out["available"] == "0.1.1"
    assert out["notes"] == "Better sound" and out["install"] == "in_place"
    assert main(_cli("apply", world=world)) == 0
    assert "LogMeets 0.1.1 is installed" in capsys.readouterr().out
    assert world.installed() == "0.1.1"
    assert (home / "updates" / "targets" / "logmeets-0.1.1.tar.gz").exists()


def test_refusal_is_a_sentence_and_the_version_stays(
    world: World, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    world.publish("0.1.1")
    archive = world.repo.targets_dir / "logmeets-0.1.1.tar.gz"
    data = archive.read_bytes()
    archive.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    assert main(_cli("apply", world=world)) == 1
    err = capsys.readouterr().err
    assert "does not match its signed size and hash" in err and "Traceback" not in err
    assert world.installed() == "0.1.0"


def test_updates_off_in_the_settings(
    world: World, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (home / "config.toml").write_text(
        dump_toml({"update_url": world.server.url, "updates": "off"}), encoding="utf-8"
    )
    assert main(_cli("check", "--json", world=world)) == 0
    assert json.loads(capsys.readouterr().out)["updates"] == "off"
    assert main(_cli("apply", world=world)) == 1
    assert "Updates are turned off" in capsys.readouterr().err
    assert world.server.requests == []


def test_a_staged_version_is_applied_at_start_unless_updates_are_off(
    world: World, home: Path
) -> None:

    world.publish("0.1.1")
    assert main(_cli("check", world=world)) == 0
    ctx = Context.create(data_dir=home, managed=home / "managed.toml")

    assert UpdateClient(update_config(ctx)).download() is not None
    (home / "managed.toml").write_text(dump_toml({"updates": "off"}), encoding="utf-8")
    off = Context.create(data_dir=home, managed=home / "managed.toml")
    assert apply_at_start(off, world.install) is None
    assert world.installed() == "0.1.0"
    assert apply_at_start(ctx, world.install) == "0.1.1"
    assert world.installed() == "0.1.1"
    # Nothing staged any more: the next start runs as it is.
    assert apply_at_start(ctx, world.install) is None


def test_a_stale_stage_is_never_a_downgrade(world: World, home: Path) -> None:

    world.publish("0.1.1")
    ctx = Context.create(data_dir=home, managed=home / "managed.toml")

    UpdateClient(update_config(ctx)).download()
    # The user installed 0.1.1 (or newer) by hand meanwhile; the stage is not newer than it.

    with pytest.raises(UpdateError) as err:
        apply_staged(home / "updates", world.install, home, "0.1.1")
    assert err.value.code == "update_nothing_staged"
    assert world.installed() == "0.1.0"
    assert apply_at_start(ctx, world.install) is None


def test_the_windows_background_check_stages_or_reports(world: World, home: Path) -> None:
    from app.core.updates import UpdateStatus, check_and_stage

    ctx = Context.create(data_dir=home, managed=home / "managed.toml")
    assert check_and_stage(ctx, world.install) == UpdateStatus(mode="in_place")
    world.publish("0.1.1", notes="Quieter fans")
    # From source (no bundle to replace): the version is only reported.
    assert check_and_stage(ctx) == UpdateStatus(
        available="0.1.1", notes="Quieter fans", mode="none"
    )
    staged_status = check_and_stage(ctx, world.install)
    assert staged_status.staged == "0.1.1" and staged_status.mode == "in_place"
    assert world.installed() == "0.1.0", "applied only at the next start"
    # The next check finds it staged without asking the server again.
    asked = len(world.server.requests)
    assert check_and_stage(ctx, world.install).staged == "0.1.1"
    assert len(world.server.requests) == asked


def test_update_settings_are_locked_by_the_managed_file(home: Path) -> None:
    managed = home / "managed.toml"
    managed.write_text(
        dump_toml(
            {"updates": "off", "update_channel": "stable", "update_url": "https://u.example"}
        ),
        encoding="utf-8",
    )
    ctx = Context.create(data_dir=home, managed=managed)
    assert ctx.settings.updates == "off"
    assert {"updates", "update_channel", "update_url"} <= set(ctx.settings.locked)
    for key, value in (("updates", "on"), ("update_channel", "beta")):
        with pytest.raises(SettingsError) as err:
            save_user_settings(home, managed, **{key: value})
        assert err.value.key == key
    with pytest.raises(SettingsError):
        save_user_settings(home, home / "absent.toml", update_channel="nightly")  # no such channel
