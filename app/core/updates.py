"""The app's side of updates (Qt-free, for the CLI and the GUI): the settings turned into an
`updates.UpdateConfig`, the trusted root shipped in the bundle, the install folder of the running
bundle, and applying a staged version when LogMeets starts (docs/release.md, "Updates")."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import Version

from app import __version__
from app.resources import resources_dir
from updates import UpdateClient, UpdateConfig, UpdateError, apply_staged, can_install, staged

if TYPE_CHECKING:
    from app.context import Context

log = logging.getLogger(__name__)

#: The trusted root metadata, package data of app.resources (`logmeets-release export-root`
#: writes it before a release build); without it this copy has no updates.
ROOT_RESOURCE = "update-root.json"
#: Under the data dir: TUF's metadata, the downloads, the staged version.
CACHE_NAME = "updates"


def shipped_root() -> bytes | None:
    """The root.json this build trusts, or None when the build has none."""
    path = resources_dir() / ROOT_RESOURCE
    return path.read_bytes() if path.is_file() else None


def running_bundle() -> Path | None:
    """The install folder of the running frozen bundle (the .app on macOS); None when running
    from source or a Python install, which update through pip or the package manager."""
    if not getattr(sys, "frozen", False):
        return None
    exe = Path(sys.executable).resolve()
    if sys.platform == "darwin":
        return next((p for p in exe.parents if p.suffix == ".app"), exe.parent)
    return exe.parent


def cache_dir(ctx: Context) -> Path:
    """Where this data dir keeps update metadata, downloads and the staged version."""
    return ctx.data_dir / CACHE_NAME


def update_config(ctx: Context) -> UpdateConfig:
    """The client's configuration from the settings. Raises UpdateError update_off or
    update_not_configured."""
    settings = ctx.settings
    if settings.updates == "off":
        raise UpdateError("updates are off", code="update_off")
    root = shipped_root()
    if not settings.update_url or root is None:
        raise UpdateError("no update_url or no trusted root", code="update_not_configured")
    return UpdateConfig(
        url=settings.update_url,
        cache_dir=cache_dir(ctx),
        current_version=__version__,
        trusted_root=root,
        channel=settings.update_channel,
        ca_file=Path(settings.ca_file) if settings.ca_file else None,
        spki_pin=settings.update_spki_pin,
        proxy=ctx.proxy(),  # the same proxy as uploads
    )


def install_mode(install_dir: Path | None) -> str:
    """How this copy gets a new version: "in_place" (a per-user bundle), "package_manager"
    (a bundle this user may not replace, e.g. the .deb's /opt), or "none" (from source)."""
    if install_dir is None:
        return "none"
    return "in_place" if can_install(install_dir) else "package_manager"


def apply_at_start(ctx: Context, install_dir: Path | None = None) -> str | None:
    """Applies a staged version before anything else runs (no recording can be open yet);
    returns the version applied, for the caller to start it, or None. Never raises: an update
    that cannot be applied leaves the installed version to start as it is."""
    install = install_dir or running_bundle()
    if install is None or ctx.settings.updates == "off":
        return None
    cache = cache_dir(ctx)
    try:
        if staged(cache) is None or not can_install(install):
            return None
        return apply_staged(cache, install, ctx.data_dir, __version__)
    except (UpdateError, OSError) as exc:
        log.warning("staged update not applied: %s", getattr(exc, "code", type(exc).__name__))
        return None


@dataclass(frozen=True)
class UpdateStatus:
    """What the window shows: a version to install by hand or IT (`available`), or one staged
    and applied at the next start (`staged`)."""

    available: str | None = None
    staged: str | None = None
    notes: str = ""
    mode: str = "none"


def check_and_stage(ctx: Context, install_dir: Path | None = None) -> UpdateStatus:
    """The background check of the app (at start and every few hours, on the network pool):
    checks, and for a per-user install downloads and stages the new version. Quiet (an empty
    status) when updates are off or not set up; refusals raise UpdateError or the uploader's
    network errors."""
    install = install_dir or running_bundle()
    mode = install_mode(install)
    try:
        config = update_config(ctx)
    except UpdateError as exc:
        log.info("no update check: %s", exc.code)
        return UpdateStatus(mode=mode)
    already = staged(config.cache_dir)
    if already is not None and Version(already.version) > Version(__version__):
        return UpdateStatus(staged=already.version, mode=mode)
    client = UpdateClient(config)
    info = client.check()
    if info.available is None:
        return UpdateStatus(mode=mode)
    if mode != "in_place":
        return UpdateStatus(available=info.available, notes=info.notes, mode=mode)
    ready = client.download()
    version = ready.version if ready is not None else None
    return UpdateStatus(staged=version, notes=info.notes, mode=mode)
