"""`logmeets-server`: the reference implementation of the LogMeets upload API v1
(docs/protocol.md). Imports `crypto` only. Its third-party dependencies are the `server` extra.

Modules, one job each:
- `cli`: the command line (serve, adduser, export; `cli_backends`: the shared-backend
  options and commands); `app`: the Starlette app factory, error
  handlers and the test fault hook; `http`: uvicorn's h11 protocol with a paced request head
  and a cap on connections per address; `pace`: the deadline and minimum rate of heads and
  JSON bodies.
- `api`: session, receipt and recording endpoints; `tus`: the tus 1.0.0 endpoint.
- `sessions`: tokens (hashed, constant-time compared, one live session per account);
  `users`: accounts with scrypt password hashes (upgraded at sign-in); `throttle`: sign-in
  limits per account, address and known device; `devices`: the device proofs;
  `services`: shared objects, auth.
- `uploads`: upload storage (`UploadStore`): idempotent creation, durable offsets, expiry,
  completion; `upload_record`: the `Upload` record and its JSON form; `append`: a PATCH body
  into the upload's file (kept or cut off, hashes carried from PATCH to PATCH); `sink`: its
  writes and hashing in a worker thread; `upload_locks`: one PATCH/DELETE per upload, with
  take-over of a silent holder; `quota`: per-account limits and promised space; `body`:
  streamed request bodies (idle timeout, or paced for JSON); `recordings`: manifests.
- `orgkey`: the organisation's recipient for `serve`, its identity for `export` only;
  `tls`: the self-signed CA and certificate;
  `export`: decrypt and join a recording (one pipeline; its `DirSource` reads a data
  directory, `export_shared` the database and blob store of replicas); `copy_store`: a blob
  store's objects copied to another (backups); `lock`: one server per data directory;
  `storage`: atomic durable file writes; `validate`: field checks; `errors`: `ServerError`.
"""
