"""The app's side of updates: check, download, verify through TUF (tufup's client on
python-tuf), stage. Applying a staged version is `updates.install`.

Layout under `cache_dir` (the data dir's `updates/`, outside the install folder):
`metadata/` TUF's trusted metadata (seeded from the root.json shipped in the bundle),
`targets/` verified archives and patches (the current archive is kept: the next patch applies to
it), `staged/<version>/` the verified, extracted new version and `staged/staged.json` naming it
with the SHA-256 of each of its files, checked again when it is applied (`updates.install`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tufup.client import Client
from tufup.common import Patcher, TargetMeta

from crypto.files import write_atomic
from updates.errors import UpdateError
from updates.fetcher import TrustedFetcher
from updates.refusals import refusal
from uploader import Proxies

log = logging.getLogger(__name__)

APP_NAME = "logmeets"
#: update_channel -> the pre-releases tufup accepts ("b": betas and release candidates).
CHANNELS: dict[str, str | None] = {"stable": None, "beta": "b"}
STAGED_NAME = "staged.json"


@dataclass(frozen=True)
class UpdateConfig:
    """Where to look and what to trust. `url` serves `metadata/` and `targets/`."""

    url: str
    cache_dir: Path
    current_version: str
    #: The root.json shipped in the bundle: the start of every chain of trust.
    trusted_root: bytes
    channel: str = "stable"
    ca_file: Path | None = None
    spki_pin: str | None = None
    #: The proxy resolver uploads use (`uploader.ProxyResolver`); None: the environment's.
    proxy: Proxies | None = None


@dataclass(frozen=True)
class UpdateInfo:
    """What a check found. `available` is None when the current version is the newest."""

    current: str
    available: str | None = None
    notes: str = ""
    #: Bytes to download: the patch(es) when they apply, else the full archive.
    download_bytes: int = 0
    full_bytes: int = 0
    patch: bool = False

    def as_json(self) -> dict[str, Any]:
        """The fields as `logmeets update check --json` prints them."""
        return asdict(self)


@dataclass(frozen=True)
class Staged:
    """A verified, extracted version waiting to be applied."""

    version: str
    folder: Path
    #: Path relative to `folder` (POSIX separators) -> SHA-256 hex, or "link:<target>".
    files: dict[str, str]


def file_hashes(folder: Path) -> dict[str, str]:
    """Every file and link below `folder`, by relative path, with its SHA-256 (or link target)."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            digest = hashlib.sha256()
            with path.open("rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    digest.update(block)
            found[rel] = digest.hexdigest()
    return found


class _Client(Client):  # type: ignore[misc]  # tufup has no type hints
    """tufup's client whose refresh runs once: we call it first to see its errors (tufup's
    check_for_updates would log them and carry on), then tufup's check reuses the result."""

    _refreshed = False

    def refresh(self) -> None:
        if not self._refreshed:
            super().refresh()
            self._refreshed = True


def _root_version(data: bytes) -> int:
    try:
        return int(json.loads(data)["signed"]["version"])
    except (ValueError, KeyError, TypeError):
        return 0


class UpdateClient:
    """One check (and maybe one download) against the update repository."""

    def __init__(self, config: UpdateConfig) -> None:
        if config.channel not in CHANNELS:
            raise ValueError(f"unknown update channel {config.channel!r}")
        self.config = config
        self.metadata_dir = config.cache_dir / "metadata"
        self.targets_dir = config.cache_dir / "targets"
        self.staged_dir = config.cache_dir / "staged"
        self._client: _Client | None = None
        self._found: TargetMeta | None = None

    def _seed_root(self) -> None:
        """The bundle's root.json, unless the cache already trusts a newer root (a rotation
        followed since this bundle was built)."""
        self.metadata_dir.mkdir(parents=True, exist_ok=True)
        cached = self.metadata_dir / "root.json"
        bundled = self.config.trusted_root
        if not cached.exists() or _root_version(cached.read_bytes()) < _root_version(bundled):
            write_atomic(cached, bundled)

    def check(self) -> UpdateInfo:
        """Refreshes the metadata through TUF and finds the newest version for the channel.

        Raises UpdateError (a refused repository: untrusted, rolled back, expired, mixed,
        too large) or the uploader's network and TLS errors."""
        self._seed_root()
        self.targets_dir.mkdir(parents=True, exist_ok=True)
        base = self.config.url.rstrip("/")
        fetcher = TrustedFetcher(self.config.ca_file, self.config.spki_pin, proxy=self.config.proxy)
        try:
            client = _Client(
                app_name=APP_NAME,
                app_install_dir=self.config.cache_dir,  # not used: install is ours
                current_version=self.config.current_version,
                metadata_dir=self.metadata_dir,
                metadata_base_url=f"{base}/metadata/",
                target_dir=self.targets_dir,
                target_base_url=f"{base}/targets/",
            )
            client._fetcher = fetcher
            client.refresh()
        except UpdateError:
            raise
        except Exception as exc:
            raise refusal(exc, fetching=fetcher.last_name) from exc
        self._client = client
        found = client.check_for_updates(pre=CHANNELS[self.config.channel])
        self._found = found
        current = self.config.current_version
        if found is None:
            return UpdateInfo(current=current)
        targets = client.new_targets or {}
        user = found.custom if isinstance(found.custom, dict) else {}
        return UpdateInfo(
            current=current,
            available=str(found.version),
            notes=str(user.get("notes", "")),
            download_bytes=sum(int(t.length) for t in targets.values()),
            full_bytes=int(client.new_archive_info.length),
            patch=bool(targets) and all(m.is_patch for m in targets),
        )

    def download(self) -> Staged | None:
        """Checks (if not done yet), downloads what the check chose, verifies it, and stages
        the new version; None when there is nothing newer."""
        if self._client is None:
            self.check()
        client, found = self._client, self._found
        if client is None or found is None:
            return None
        downloaded: dict[TargetMeta, Path] = {}
        for meta, info in (client.new_targets or {}).items():
            try:
                path = client.find_cached_target(info) or client.download_target(info)
            except Exception as exc:
                raise refusal(exc, target=str(info.path)) from exc
            downloaded[meta] = Path(path)
        archive = Path(client.new_archive_local_path)
        if not all(m.is_archive for m in downloaded):
            try:
                Patcher.patch_and_verify(
                    src_path=client.current_archive_local_path,
                    dst_path=archive,
                    patch_targets=downloaded,
                )
            except Exception as exc:
                archive.unlink(missing_ok=True)
                raise UpdateError(str(exc), code="update_tampered", target=archive.name) from exc
        staged = self._stage(str(found.version), archive)
        self._drop_old_archives(keep={archive.name})
        return staged

    def _stage(self, version: str, archive: Path) -> Staged:
        folder = self.staged_dir / version
        part = self.staged_dir / f"{version}.part"
        for leftover in (folder, part):
            shutil.rmtree(leftover, ignore_errors=True)
        part.mkdir(parents=True)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                # The archive is verified, but "data" still refuses links and paths that leave
                # the folder: a mistake on the release host must not write outside it.
                tar.extractall(part, filter="data")
        except (OSError, tarfile.TarError) as exc:
            shutil.rmtree(part, ignore_errors=True)
            raise UpdateError(
                f"cannot unpack {archive.name}: {exc}",
                code="update_stage_damaged",
                path=str(archive),
                reason=str(exc),
            ) from exc
        files = file_hashes(part)
        part.rename(folder)
        marker = {"version": version, "folder": folder.name, "files": files}
        write_atomic(self.staged_dir / STAGED_NAME, json.dumps(marker).encode("utf-8"))
        log.info("update %s verified and staged", version)
        return Staged(version, folder, files)

    def _drop_old_archives(self, keep: set[str]) -> None:
        for path in self.targets_dir.iterdir():
            if path.is_file() and path.name not in keep:
                path.unlink(missing_ok=True)


def staged(cache_dir: Path) -> Staged | None:
    """The staged version under `cache_dir`, or None."""
    marker = cache_dir / "staged" / STAGED_NAME
    try:
        data = json.loads(marker.read_bytes())
        folder = cache_dir / "staged" / str(data["folder"])
        version = str(data["version"])
        files = {str(k): str(v) for k, v in dict(data["files"]).items()}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UpdateError(
            f"{marker}: {exc}", code="update_stage_damaged", path=str(marker), reason=str(exc)
        ) from exc
    if not folder.is_dir() or folder.name in ("", ".", ".."):
        raise UpdateError(
            f"{folder} is missing", code="update_stage_damaged", path=str(folder), reason="gone"
        )
    return Staged(version, folder, files)
