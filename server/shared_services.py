"""The shared objects of a replica on shared backends (`--database`, `--store`): the metadata
database, the blob store, and the stores over them (docs/deploy.md)."""

from __future__ import annotations

from server.blobs import object_key, open_store
from server.config import ServerConfig
from server.db import Database
from server.services import Services
from server.shared_accounts import (
    DbThrottle,
    SharedDevices,
    SharedSessions,
    SharedUsers,
    Tenants,
)
from server.shared_recordings import SharedRecordings
from server.shared_uploads import SharedUploadStore
from server.upload_record import NewUpload
from server.upload_rules import UploadLimits


def database_url(config: ServerConfig) -> str:
    """`--database`, or SQLite in the data dir when only `--store` was given."""
    return config.database or f"sqlite:///{(config.data_dir / 'meta.db').resolve()}"


def store_url(config: ServerConfig) -> str:
    """`--store`, or the data dir's `objects/` when only `--database` was given."""
    return config.store or f"dir://{(config.data_dir / 'objects').resolve()}"


def shared_services(config: ServerConfig, org_recipient: str) -> Services:
    """`Services` over the database and blob store the config names. The configured tenant
    is created with `org_recipient` if it does not exist yet."""
    db = Database(database_url(config), pool_size=config.db_pool)
    blobs = open_store(store_url(config), dict(config.store_env))
    tenants = Tenants(db)
    if tenants.get(config.tenant) is None:
        tenants.put(config.tenant, org_recipient)

    def key_of(user_id: str, new: NewUpload) -> tuple[str, str]:
        t = tenants.of_user(user_id)
        return t.tenant_id, object_key(t.prefix, user_id, new.recording_id, new.index, new.chunk_id)

    uploads = SharedUploadStore(
        db,
        blobs,
        UploadLimits.of(config),
        key_of=key_of,
        spool_dir=config.data_dir / "spool",
    )
    return Services(
        config=config,
        users=SharedUsers(db, scrypt_n=config.scrypt_n, tenant=config.tenant),
        sessions=SharedSessions(db, access_ttl=config.access_ttl, refresh_ttl=config.refresh_ttl),
        uploads=uploads,
        recordings=SharedRecordings(db, uploads),
        org_recipient=org_recipient,
        throttle=DbThrottle(
            db,
            account_failures=config.login_failures_allowed,
            address_failures=config.login_failures_per_address,
            base_delay=config.login_failure_window,
        ),
        devices=SharedDevices(db, ttl=config.device_proof_ttl),
        tenants=tenants,
    )
