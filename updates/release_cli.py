"""`logmeets-release`: the release host's update repository (docs/release.md, "Updates").

    LOGMEETS_RELEASE_KEYS=/secure/keys LOGMEETS_RELEASE_REPO=/srv/updates logmeets-release init
    logmeets-release add dist/LogMeets 0.1.1 --notes "Fixes ..."
    logmeets-release timestamp            # daily, from a timer on the release host
    logmeets-release rotate timestamp timestamp-2026

Key folders come from the environment only, so no key path is ever written into the repository
or a script in it: LOGMEETS_RELEASE_KEYS (public keys and the online private keys) and
LOGMEETS_RELEASE_OFFLINE_KEYS (folders of the offline root keys, separated by the OS's path
separator; needed for init and for changes to root).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from updates.errors import UpdateError
from updates.repo import ReleaseRepository


def repository(environ: dict[str, str] | None = None) -> ReleaseRepository:
    """The repository and key folders named by the environment."""
    env = os.environ if environ is None else environ
    keys = env.get("LOGMEETS_RELEASE_KEYS")
    repo = env.get("LOGMEETS_RELEASE_REPO")
    if not keys or not repo:
        raise SystemExit("logmeets-release: set LOGMEETS_RELEASE_KEYS and LOGMEETS_RELEASE_REPO")
    keys_dir, repo_dir = Path(keys).resolve(), Path(repo).resolve()
    if keys_dir.is_relative_to(repo_dir):
        raise SystemExit("logmeets-release: the keys folder must be outside the repository")
    offline = [Path(p) for p in env.get("LOGMEETS_RELEASE_OFFLINE_KEYS", "").split(os.pathsep) if p]
    return ReleaseRepository(repo_dir, keys_dir, offline)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one repository operation; prints what it wrote."""
    parser = argparse.ArgumentParser(prog="logmeets-release", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create the keys and the first signed metadata")
    add = sub.add_parser("add", help="publish a bundle folder as a new version")
    add.add_argument("bundle", type=Path)
    add.add_argument("version")
    add.add_argument("--notes", default="", help="release notes (the target's custom metadata)")
    add.add_argument("--no-patch", action="store_true", help="publish the full archive only")
    ts = sub.add_parser("timestamp", help="re-sign the timestamp with a fresh expiry")
    ts.add_argument("--days", type=int, default=None)
    rot = sub.add_parser("rotate", help="replace a key by a new one")
    rot.add_argument("old")
    rot.add_argument("new")
    exp = sub.add_parser("export-root", help="copy root.json for the app's next build")
    exp.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    repo = repository()
    try:
        if args.command == "init":
            print(f"repository created; the app's trusted root: {repo.init()}")
        elif args.command == "add":
            for path in repo.add_release(
                args.bundle, args.version, notes=args.notes, patch=not args.no_patch
            ):
                print(f"published {path.name} ({path.stat().st_size} bytes)")
        elif args.command == "timestamp":
            print(f"timestamp version {repo.resign_timestamp(args.days)}")
        elif args.command == "rotate":
            print(f"new key {repo.rotate_key(args.old, args.new)}; root re-signed")
        else:
            repo.export_root(args.dest)
            print(f"root.json copied to {args.dest}")
    except UpdateError as e:
        print(f"logmeets-release: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
