"""`logmeets-server`: the reference implementation of the LogMeets upload API v1
(docs/protocol.md). Imports `crypto` only. Its third-party dependencies are the `server` extra.

Modules, one job each:
- `cli`: the command line (serve, adduser, export; `cli_backends`: the shared-backend
  options and commands); `app`: the Starlette app factory, error
  handlers and the test fault hook; `http`: uvicorn's h11 protocol with a paced request head
  and a cap on connections per address; `pace`: the deadline and minimum rate of heads and
  JSON bodies.
- `api`: session, receipt and recording endpoints; `tus`: the tus 1.0.0 endpoint.
- `sessions`: the session rules (`Sessions`: tokens hashed, constant-time compared, one live
  session per account) over `SessionRows`, and their JSON table (`SessionStore`); `users`:
  the account rules (`Accounts`: scrypt password hashes, upgraded at sign-in) over `UserRows`,
  and their JSON table (`UserStore`); `throttle`: sign-in limits per account, address and
  known device; `devices`: the device proofs; `services`: shared objects, auth.
- `upload_rules`: the upload rules both stores follow (`UploadRules`: lookups, expiry answers,
  idempotent creation; `UploadLimits`); `uploads`: the single server's upload storage
  (`UploadStore`): durable offsets, expiry, completion; `upload_record`: the `Upload` record
  and its JSON form; `append`: a PATCH body
  into the upload's file (kept or cut off, hashes carried from PATCH to PATCH); `sink`: its
  writes and hashing in a worker thread; `upload_locks`: one PATCH/DELETE per upload, with
  take-over of a silent holder; `quota`: per-account limits and promised space; `body`:
  streamed request bodies (idle timeout, or paced for JSON); `recordings`: manifests.
- Replicas on shared backends (`--database`, `--store`): `db` and `schema`: the metadata
  database and its migrations; `blobs`: directory and S3 stores; `shared_services`: the
  objects of a replica; `shared_accounts`: tenants, and the session, account, device-proof
  and throttle rows in the database; `shared_uploads`: upload storage (`SharedUploadStore`)
  with `shared_upload_row` (the row), `shared_upload_lease` (one writer per upload across
  replicas) and `shared_upload_pieces` (PATCH pieces as multipart parts and pending objects);
  `shared_recordings`: manifests; `purge`: a tenant's data at contract end.
- `orgkey`: the organisation's recipient for `serve`, its identity for `export` only;
  `tls`: the self-signed CA and certificate;
  `export`: decrypt and join a recording (one pipeline; its `DirSource` reads a data
  directory, `export_shared` the database and blob store of replicas); `copy_store`: a blob
  store's objects copied to another (backups); `lock`: one server per data directory;
  `storage`: atomic durable file writes; `validate`: field checks; `errors`: `ServerError`.
"""
