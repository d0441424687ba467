"""Data deletion at contract end (docs/deploy.md §7): `logmeets-server purge-tenant ID` deletes
every object under the tenant's key prefix, then every row of its accounts, sessions, device
proofs, uploads and manifests, then the tenant."""

from __future__ import annotations

from dataclasses import dataclass

from server.blobs import BlobStore
from server.db import Database
from server.errors import ServerError
from server.shared_accounts import Tenants


@dataclass(frozen=True)
class Purged:
    """What a purge removed."""

    objects: int
    users: int
    uploads: int


def purge_tenant(db: Database, blobs: BlobStore, tenant_id: str) -> Purged:
    """Delete the tenant's bytes, then its metadata. Objects first: a purge cut short is run
    again and finds the rows that still name what is left."""
    tenant = Tenants(db).get(tenant_id)
    if tenant is None:
        raise ServerError(f"There is no tenant {tenant_id!r}.", code="no_such_tenant")
    keys = blobs.keys(f"{tenant.prefix}/")
    for key in keys:
        blobs.delete(key)
    for key, mpu in db.query(
        "SELECT object_key, mpu_id FROM uploads WHERE tenant_id = ? AND mpu_id IS NOT NULL",
        (tenant_id,),
    ):
        blobs.abort(key, mpu)
    for key, part in db.query(
        "SELECT object_key, pending_part FROM uploads WHERE tenant_id = ? "
        "AND pending_part IS NOT NULL",
        (tenant_id,),
    ):
        blobs.delete(f".uploads/{key}.pending.{part}")
    with db.transaction() as tx:
        users = tx.execute("DELETE FROM users WHERE tenant_id = ?", (tenant_id,))
        uploads = tx.execute("DELETE FROM uploads WHERE tenant_id = ?", (tenant_id,))
        tx.execute("DELETE FROM recordings WHERE tenant_id = ?", (tenant_id,))
        tx.execute("DELETE FROM sessions WHERE tenant_id = ?", (tenant_id,))
        tx.execute(
            "DELETE FROM devices WHERE user_id NOT IN (SELECT user_id FROM users)",
        )
        tx.execute("DELETE FROM tenants WHERE tenant_id = ?", (tenant_id,))
    return Purged(len(keys), users, uploads)
