"""Erase: the overwrite-and-unlink defence in depth, and the crypto-erase guarantee (issue 3):
a byte copy of the data directory taken before the erase opens with no key left on the device."""

from __future__ import annotations

import base64
import contextlib
import os
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage
import pytest

from crypto.container import seal, unseal
from crypto.erase import overwrite_and_unlink
from crypto.errors import CryptoError
from crypto.files import write_atomic
from crypto.journal import JournalWriter, read_journal
from crypto.keys import DeviceKeys
from crypto.keystore import KeyStore

Entries = Callable[[str], dict[str, str]]


def test_overwrite_reaches_the_same_inode(tmp_path: Path) -> None:
    # A hard link shares the inode: after the erase it shows what became of the file's bytes.
    path = tmp_path / "0.flac.age"
    original = b"age-encryption.org/v1\n" + bytes(range(256)) * 4000
    path.write_bytes(original)
    witness = tmp_path / "witness"
    os.link(path, witness)
    overwrite_and_unlink(path)
    assert not path.exists()
    after = witness.read_bytes()
    assert len(after) == len(original)
    assert after != original
    assert sum(a == b for a, b in zip(after, original, strict=True)) < len(original) // 64


def test_missing_file_is_not_an_error(tmp_path: Path) -> None:
    overwrite_and_unlink(tmp_path / "gone.flac.age")
    overwrite_and_unlink(str(tmp_path / "gone.flac.age"))
    assert not (tmp_path / "gone.flac.age").exists()


def test_symlink_is_removed_without_touching_its_target(tmp_path: Path) -> None:
    target = tmp_path / "outside"
    target.write_bytes(b"keep me")
    link = tmp_path / "link"
    link.symlink_to(target)
    overwrite_and_unlink(link)
    assert not link.is_symlink()
    assert target.read_bytes() == b"keep me"


def test_unlink_failure_is_a_crypto_error(tmp_path: Path) -> None:
    sub = tmp_path / "d"
    sub.mkdir()
    with pytest.raises(CryptoError) as info:
        overwrite_and_unlink(sub)  # a directory cannot be unlinked as a file
    assert info.value.code == "erase_failed"


def test_write_atomic_leaves_no_part_and_replaces(tmp_path: Path) -> None:
    path = tmp_path / "a.bin"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin"]
    with pytest.raises(CryptoError) as info:
        write_atomic(tmp_path / "missing-dir" / "a.bin", b"x")
    assert info.value.code == "file_write_failed"


# -- the crypto-erase guarantee on the real keyring ----------------------------------------------


def _make_recording(keys: DeviceKeys, root: Path, org: str | None) -> str:
    rid = str(uuid.uuid4())
    recipient = keys.new_recording_identity(rid)
    folder = root / rid
    folder.mkdir()
    for index in range(3):
        recipients = [recipient] + ([org] if org else [])
        write_atomic(folder / f"{index}.flac.age", seal(b"fLaC" + os.urandom(3000), recipients))
    with JournalWriter.create(
        folder / "3.journal",
        keys.journal_key(rid),
        recording_id=rid,
        chunk_index=3,
        sample_rate=48000,
        channels=1,
        sample_width=2,
    ) as journal:
        journal.append(os.urandom(960))
    return rid


def _every_key_left(values: dict[str, str], rids: list[str]) -> tuple[list[Any], list[bytes]]:
    """Every identity and every 32-byte key obtainable from what the keyring still holds."""
    identities: list[Any] = []
    raw: list[bytes] = []
    for value in values.values():
        with contextlib.suppress(Exception):
            identities.append(pyrage.x25519.Identity.from_str(value))
        raw.append(value.encode())
        with contextlib.suppress(ValueError):
            raw.append(base64.b64decode(value, validate=True))
    store_keys = []
    for identity in identities:
        # journal_key is derived from an identity: derive it for every recording id we know.
        temp = DeviceKeys(_OneIdentity(identity, rids))
        store_keys += [temp.journal_key(r) for r in rids]
    return identities, [k for k in raw + store_keys if len(k) == 32]


class _OneIdentity(KeyStore):
    """Offers one identity under every recording id (to derive journal keys by DeviceKeys' rule)."""

    def __init__(self, identity: Any, rids: list[str]) -> None:
        self._value = str(identity)
        self._service = "x"

    def _get(self, name: str) -> str | None:
        return self._value

    def _set(self, name: str, value: str) -> None:
        raise AssertionError("read only")

    def _delete(self, name: str) -> None:
        raise AssertionError("read only")


@pytest.mark.realkeyring
@pytest.mark.parametrize("with_org", [False, True], ids=["device-only", "with-org"])
def test_copy_taken_before_erase_opens_with_no_key_left(
    tmp_path: Path, real_store: KeyStore, service_name: str, ss_entries: Entries, with_org: bool
) -> None:
    org = pyrage.x25519.Identity.generate()  # held by the organisation, never by the device
    keys = DeviceKeys(real_store)
    keys.audit_key()
    real_store.set("uploader/refresh-token", "tok")
    data = tmp_path / "data"
    data.mkdir()
    org_recipient = str(org.to_public()) if with_org else None
    erased = _make_recording(keys, data, org_recipient)
    kept = _make_recording(keys, data, org_recipient)

    copy = tmp_path / "copy-before-erase"
    shutil.copytree(data, copy)
    for chunk in (data / erased).glob("*"):
        overwrite_and_unlink(chunk)
    keys.forget_recording(erased)

    left = ss_entries(service_name)  # read from the Secret Service itself, not our cache
    assert f"recording/{erased}" not in left and f"recording/{kept}" in left
    identities, raw_keys = _every_key_left(left, [erased, kept])
    assert identities and raw_keys

    erased_files = sorted((copy / erased).iterdir())
    assert len(erased_files) == 4
    for f in erased_files:
        blob = f.read_bytes()
        if f.suffix == ".age":
            with pytest.raises(CryptoError):
                unseal(blob, identities)
        else:
            for k in raw_keys:
                with pytest.raises(CryptoError):
                    read_journal(f, k, recording_id=erased)
    # The control: the same procedure does open the recording that was not erased, so the
    # assertions above could fail.
    for f in sorted((copy / kept).glob("*.age")):
        assert unseal(f.read_bytes(), identities).startswith(b"fLaC")
    assert any(
        read_journal(copy / kept / "3.journal", k, recording_id=kept).records
        for k in raw_keys
        if _opens(copy / kept / "3.journal", k, kept)
    )
    if with_org:  # the organisation's copy is unaffected by the device's erase
        for f in erased_files:
            if f.suffix == ".age":
                assert unseal(f.read_bytes(), [org]).startswith(b"fLaC")


def _opens(path: Path, key: bytes, rid: str) -> bool:
    try:
        return bool(read_journal(path, key, recording_id=rid).records)
    except CryptoError:
        return False
