"""The vendor's side of updates: a TUF repository of release archives, made with tufup.

Keys (docs/release.md, "Updates"): root is offline, three keys of which any two sign a new root;
targets, snapshot and timestamp are online, one key each, timestamp with the shortest expiry.
Private keys live where the environment says (`release_cli`), never in the repository, which
holds only `metadata/` and `targets/` (what the update server publishes). Which key belongs to
which role is read back from the root metadata itself, so a rotation needs no config file.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from securesystemslib.interface import import_ed25519_publickey_from_file
from tuf.api.metadata import Metadata
from tufup.common import TargetMeta
from tufup.repo import Keys, Repository

from updates.errors import UpdateError

log = logging.getLogger(__name__)

APP_NAME = "logmeets"
ROOT_KEYS = ("root1", "root2", "root3")
#: Days until each role's metadata expires. The timestamp is re-signed daily by the release
#: host; a client that sees no fresh one within a day refuses it (freeze attack).
EXPIRY_DAYS: dict[str, int] = {"root": 365, "targets": 90, "snapshot": 7, "timestamp": 1}
THRESHOLDS: dict[str, int] = {"root": 2, "targets": 1, "snapshot": 1, "timestamp": 1}
ROLES = ("root", "targets", "snapshot", "timestamp")


class _Repository(Repository):  # type: ignore[misc]  # tufup has no type hints
    """tufup's Repository without its config file in the working directory: our configuration
    is this module plus the key folders from the environment."""

    def save_config(self) -> None:
        return None

    @classmethod
    def load_config(cls) -> dict[str, Any]:
        return {}


@dataclass
class ReleaseRepository:
    """One update repository (`repo_dir`: metadata/ and targets/) and its keys.

    `keys_dir` holds every public key (`<name>.pub`) and the online private keys; the offline
    root private keys are found in `keys_dir` or in any of `offline_dirs` (one removable medium
    each, mounted for the ceremony)."""

    repo_dir: Path
    keys_dir: Path
    offline_dirs: Sequence[Path] = field(default_factory=tuple)

    @property
    def metadata_dir(self) -> Path:
        """What clients fetch metadata from (`<update_url>/metadata/`)."""
        return self.repo_dir / "metadata"

    @property
    def targets_dir(self) -> Path:
        """What clients fetch archives and patches from (`<update_url>/targets/`)."""
        return self.repo_dir / "targets"

    def _key_dirs(self) -> list[Path]:
        return [self.keys_dir, *[d for d in self.offline_dirs if d.is_dir()]]

    def _key_map(self) -> dict[str, list[str]]:
        """Role -> key names, read from root.json and the public keys of `keys_dir`."""
        root_file = self.metadata_dir / "root.json"
        if not root_file.exists():
            return {"root": list(ROOT_KEYS), **{r: [r] for r in ROLES[1:]}}
        root: Any = Metadata.from_file(str(root_file)).signed
        by_id = {}
        for pub in sorted(self.keys_dir.glob("*.pub")):
            by_id[import_ed25519_publickey_from_file(str(pub))["keyid"]] = pub.stem
        out: dict[str, list[str]] = {}
        for role in ROLES:
            ids = root.roles[role].keyids
            missing = [k for k in ids if k not in by_id]
            if missing:
                raise UpdateError(
                    f"no public key in {self.keys_dir} for {role} key {missing[0][:12]}",
                    code="release_key_missing",
                    role=role,
                    path=str(self.keys_dir),
                )
            out[role] = sorted(by_id[k] for k in ids)
        return out

    def _open(self) -> Any:
        for d in (self.repo_dir, self.keys_dir, self.metadata_dir, self.targets_dir):
            d.mkdir(parents=True, exist_ok=True)  # tufup asks on stdin otherwise
        repo = _Repository(
            app_name=APP_NAME,
            repo_dir=self.repo_dir,
            keys_dir=self.keys_dir,
            key_map=self._key_map(),
            expiration_days=dict(EXPIRY_DAYS),
            thresholds=dict(THRESHOLDS),
        )
        return repo

    def init(self) -> Path:
        """Creates the keys that do not exist yet and the first signed metadata; returns the
        root.json that ships inside the app (app/resources/update-root.json)."""
        if (self.metadata_dir / "root.json").exists():
            raise UpdateError(
                f"{self.repo_dir} is already a repository",
                code="release_exists",
                path=str(self.repo_dir),
            )
        self.keys_dir.mkdir(parents=True, exist_ok=True)
        repo = self._open()
        repo.initialize(extra_key_dirs=self._key_dirs()[1:])
        # initialize() signs root only; the other roles get their first signed versions here.
        repo.publish_changes(private_key_dirs=self._key_dirs())
        return self.metadata_dir / "root.json"

    def add_release(
        self, bundle_dir: Path, version: str, *, notes: str = "", patch: bool = True
    ) -> list[Path]:
        """Archives `bundle_dir` as `version` (plus a binary patch from the newest archive
        before it), signs targets, snapshot and timestamp; returns the new target files."""
        archive = self.targets_dir / TargetMeta.compose_filename(APP_NAME, version, True)
        if archive.exists():
            raise UpdateError(
                f"{archive.name} is already published", code="release_exists", path=str(archive)
            )
        repo = self._open()
        repo._load_keys_and_roles()
        latest = repo.roles.get_latest_archive()
        if latest is not None and not latest.version < TargetMeta(archive.name).version:
            raise UpdateError(
                f"{version} is not newer than {latest.version}",
                code="release_not_newer",
                version=version,
                latest=str(latest.version),
            )
        before = set(self.targets_dir.iterdir())
        repo.add_bundle(
            new_bundle_dir=bundle_dir,
            new_version=version,
            skip_patch=not patch,
            custom_metadata={"notes": notes} if notes else None,
        )
        repo.publish_changes(private_key_dirs=self._key_dirs())
        return sorted(set(self.targets_dir.iterdir()) - before)

    def resign_timestamp(self, days: int | None = None) -> int:
        """A new timestamp version with a fresh expiry (run daily by the release host);
        returns its version."""
        repo = self._open()
        repo._load_keys_and_roles()
        repo.refresh_expiration_date("timestamp", days=days or EXPIRY_DAYS["timestamp"])
        # A new version even within the same second as the last one (expiry alone would not
        # differ, and tufup would then see no change).
        repo.roles.timestamp.signed.version += 1
        repo.publish_changes(private_key_dirs=self._key_dirs())
        return int(repo.roles.timestamp.signed.version)

    def rotate_key(self, old_name: str, new_name: str) -> Path:
        """Replaces key `old_name` (any role) by a new key pair `new_name` created in
        `keys_dir`. The new root is signed by the old root keys found and the new one, so
        clients that trust the old root accept it. Returns the new public key's path."""
        new_private = self.keys_dir / new_name
        if new_private.with_suffix(".pub").exists():
            raise UpdateError(
                f"a key named {new_name} exists", code="release_exists", path=str(new_private)
            )
        repo = self._open()
        repo._load_keys_and_roles()
        if not any(old_name in names for names in repo.key_map.values()):
            raise UpdateError(
                f"no role uses a key named {old_name}",
                code="release_key_missing",
                role="?",
                path=str(self.keys_dir),
            )
        public = Keys.create_key_pair(private_key_path=new_private, encrypted=False)
        repo.replace_key(old_name, public, new_private_key_encrypted=False)
        repo.publish_changes(private_key_dirs=self._key_dirs())
        return Path(public)

    def export_root(self, dest: Path) -> None:
        """Copies the newest root.json to `dest` (the app's trusted root for the next build)."""
        shutil.copyfile(self.metadata_dir / "root.json", dest)
