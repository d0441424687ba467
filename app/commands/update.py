"""`logmeets update check [--json]`: the current and the newest available version (through TUF,
over the uploads' TLS rules). `logmeets update apply`: downloads the new version if it is not
staged yet, verifies it and installs it in place of this bundle, unless LogMeets is running on
this data dir (a recording may be open); the new version runs from the next start."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from app.core.updates import cache_dir, install_mode, running_bundle, update_config
from updates import UpdateClient, UpdateError, apply_staged, staged

if TYPE_CHECKING:
    from app.context import Context

NAME = "update"
HELP = "check for a new version (check [--json]) or install it (apply)"


def configure(parser: argparse.ArgumentParser) -> None:
    """Adds the `check` and `apply` actions."""
    actions = parser.add_subparsers(dest="action", required=True)
    check = actions.add_parser("check", help="print the current and the available version")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    apply = actions.add_parser("apply", help="download, verify and install the new version")
    for sub in (check, apply):
        # The folder to update instead of the running bundle's (tests, IT scripts).
        sub.add_argument("--install-dir", type=Path, default=None, help=argparse.SUPPRESS)


def run(args: argparse.Namespace, ctx: Context) -> int:
    """Runs `check` or `apply`; refusals are UpdateError (or the uploader's network errors)."""
    install = args.install_dir or running_bundle()
    if args.action == "check":
        return _check(args, ctx, install)
    return _apply(ctx, install)


def _check(args: argparse.Namespace, ctx: Context, install: Path | None) -> int:
    if ctx.settings.updates == "off" and args.json:
        off = {"current": __version__, "available": None, "updates": "off"}
        print(json.dumps(off), file=ctx.out)
        return 0
    info = UpdateClient(update_config(ctx)).check()
    mode = install_mode(install)
    if args.json:
        print(json.dumps({**info.as_json(), "updates": "on", "install": mode}), file=ctx.out)
        return 0
    print(f"current version: {info.current}", file=ctx.out)
    if info.available is None:
        print("LogMeets is up to date.", file=ctx.out)
        return 0
    how = "patch" if info.patch else "full archive"
    print(f"available: {info.available} ({info.download_bytes} bytes, {how})", file=ctx.out)
    if info.notes:
        print(f"release notes: {info.notes}", file=ctx.out)
    if mode == "in_place":
        print("Run `logmeets update apply` to install it.", file=ctx.out)
    elif mode == "package_manager":
        print("Install it through your package manager (apt on Linux).", file=ctx.out)
    return 0


def _apply(ctx: Context, install: Path | None) -> int:
    config = update_config(ctx)
    if install is None or install_mode(install) != "in_place":
        where = str(install) if install else "this Python environment"
        raise UpdateError(
            "not a bundle this user can replace", code="update_not_installable", path=where
        )
    if staged(cache_dir(ctx)) is None and UpdateClient(config).download() is None:
        raise UpdateError("nothing newer", code="update_nothing_staged")
    version = apply_staged(cache_dir(ctx), install, ctx.data_dir, __version__)
    print(f"LogMeets {version} is installed in {install}; start LogMeets again.", file=ctx.out)
    return 0
