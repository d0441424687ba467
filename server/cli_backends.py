"""The `logmeets-server` options and commands of shared backends (docs/deploy.md):
`--database`, `--store`, `--tenant`, `--sweep-interval` for serve, adduser and export, and
`tenant` (create a tenant or change its recipient), `copy-store` (backups)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from server.config import ServerConfig

if TYPE_CHECKING:
    from server.export import ExportSource


def _positive(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def _url(text: str) -> str:
    # An empty URL (an unset shell variable) must not fall back to the data dir unnoticed.
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give the URL, or leave the option out")
    return text


def add_backend_args(p: argparse.ArgumentParser, *, serve: bool, tenant: bool = True) -> None:
    """The options that choose the backends; with `tenant`, `--tenant` of new accounts too."""
    p.add_argument(
        "--database",
        metavar="URL",
        type=_url,
        help="metadata database: sqlite:///PATH or postgresql://USER:PW@HOST:PORT/DB",
    )
    p.add_argument(
        "--store",
        metavar="URL",
        type=_url,
        help="blob store: dir:///PATH or s3://BUCKET?endpoint=URL (keys: AWS_ACCESS_KEY_ID, "
        "AWS_SECRET_ACCESS_KEY)",
    )
    if tenant:
        p.add_argument("--tenant", default="default", help="the tenant of new accounts")
    if serve:
        p.add_argument(
            "--sweep-interval",
            type=_positive,
            default=300.0,
            help="seconds between two sweeps of expired uploads",
        )
        p.add_argument(
            "--db-pool", type=int, default=10, help="database connections of this replica"
        )


def backend_config(args: argparse.Namespace) -> dict[str, Any]:
    """The `ServerConfig` fields of those options."""
    env = tuple((k, v) for k, v in os.environ.items() if k.startswith("AWS_"))
    return {
        "database": args.database,
        "store": args.store,
        "tenant": args.tenant,
        "sweep_interval": getattr(args, "sweep_interval", 300.0),
        "db_pool": getattr(args, "db_pool", 10),
        "store_env": env,
    }


def add_tenant_command(sub: Any) -> None:
    """`tenant ID --recipient age1…`: create a tenant or change its recipient."""
    t = sub.add_parser("tenant", help="create a tenant (shared backends) or set its recipient")
    t.add_argument("tenant_id")
    t.add_argument("--recipient", required=True, metavar="AGE1…")
    t.add_argument("--prefix", help="object key prefix (default: the tenant id)")
    t.add_argument("--data", type=Path, required=True)
    add_backend_args(t, serve=False)


def tenant_command(args: argparse.Namespace) -> int:
    """Run `tenant`."""
    from server import orgkey
    from server.db import Database
    from server.shared_accounts import Tenants
    from server.shared_services import database_url

    recipient = orgkey.parse_recipient(args.recipient, "--recipient")
    config = ServerConfig(data_dir=args.data, **backend_config(args))
    t = Tenants(Database(database_url(config), pool_size=1)).put(
        args.tenant_id, recipient, args.prefix
    )
    print(f"tenant {t.tenant_id}: recipient {t.recipient}, key prefix {t.prefix}/")
    return 0


def adduser_shared(args: argparse.Namespace, password: str) -> int:
    """`adduser` on shared backends: the account goes to `--tenant`, which must exist."""
    from server.db import Database
    from server.errors import ServerError
    from server.shared_accounts import SharedUsers, Tenants
    from server.shared_services import database_url

    config = ServerConfig(data_dir=args.data, **backend_config(args))
    db = Database(database_url(config), pool_size=1)
    if Tenants(db).get(args.tenant) is None:
        raise ServerError(
            f"There is no tenant {args.tenant!r}: create it first with "
            f"`logmeets-server tenant {args.tenant} --recipient age1…`.",
            code="no_such_tenant",
        )
    SharedUsers(db, scrypt_n=config.scrypt_n, tenant=args.tenant).set_password(args.name, password)
    print(f"user {args.name} saved in tenant {args.tenant}")
    return 0


def add_purge_command(sub: Any) -> None:
    """`purge-tenant ID`: delete a tenant's objects and rows (contract end)."""
    t = sub.add_parser("purge-tenant", help="delete every object and record of a tenant")
    t.add_argument("tenant_id")
    t.add_argument("--data", type=Path, required=True)
    t.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    add_backend_args(t, serve=False)


def purge_command(args: argparse.Namespace) -> int:
    """Run `purge-tenant`."""
    from server.blobs import open_store
    from server.db import Database
    from server.errors import ServerError
    from server.purge import purge_tenant
    from server.shared_services import database_url, store_url

    if not args.yes:
        raise ServerError(
            f"This deletes every recording of tenant {args.tenant_id!r} for good: add --yes.",
            code="confirmation_needed",
        )
    config = ServerConfig(data_dir=args.data, **backend_config(args))
    db = Database(database_url(config), pool_size=1)
    done = purge_tenant(db, open_store(store_url(config), dict(config.store_env)), args.tenant_id)
    print(
        f"tenant {args.tenant_id} purged: {done.objects} objects, {done.users} accounts, "
        f"{done.uploads} uploads"
    )
    return 0


def export_source(args: argparse.Namespace) -> ExportSource:
    """`export` on shared backends: the database and store of `--database`/`--store`, read
    only (a missing bucket is not created)."""
    from server.blobs import open_store
    from server.db import Database
    from server.export_shared import SharedSource
    from server.shared_services import database_url, store_url

    config = ServerConfig(data_dir=args.data, **{**backend_config(args), "tenant": "default"})
    db = Database(database_url(config), pool_size=1, migrate=False)
    store = open_store(store_url(config), dict(config.store_env), create_bucket=False)
    return SharedSource(db, store, tenant=args.tenant)


def add_copy_command(sub: Any) -> None:
    """`copy-store FROM TO`: copy a blob store's objects (backups, restore drill)."""
    t = sub.add_parser("copy-store", help="copy every object of one --store URL to another")
    t.add_argument("source", metavar="FROM", help="the store to read (a --store URL)")
    t.add_argument("target", metavar="TO", help="the store to write (an S3 bucket is created)")
    t.add_argument("--prefix", default="", help="only the keys under this prefix (TENANT/)")


def copy_command(args: argparse.Namespace) -> int:
    """Run `copy-store`."""
    import time

    from server.blobs import open_store
    from server.copy_store import copy_store

    env = {k: v for k, v in os.environ.items() if k.startswith("AWS_")}
    started = time.monotonic()
    src = open_store(args.source, env, create_bucket=False)
    done = copy_store(src, open_store(args.target, env), args.prefix)
    print(
        f"copied {done.objects} objects, {done.bytes} bytes in {time.monotonic() - started:.2f} s"
    )
    return 0
