"""`logmeets-server`: the reference implementation of the LogMeets upload API v1
(docs/protocol.md). Imports `crypto` only. Its third-party dependencies are the `server` extra.

Modules, one job each:
- `cli`: the command line (serve, adduser, export); `app`: the Starlette app factory, error
  handlers and the test fault hook; `http`: uvicorn's h11 protocol with a request-head timeout.
- `api`: session, receipt and recording endpoints; `tus`: the tus 1.0.0 endpoint.
- `sessions`: tokens (hashed, constant-time compared, one live session per account);
  `users`: accounts with scrypt password hashes; `services`: shared objects, auth, login limits.
- `uploads`: upload storage, idempotent creation, locking, durable offsets, receipts;
  `body`: streamed request bodies with idle timeouts; `recordings`: manifests.
- `orgkey`: the organisation's age identity; `tls`: the self-signed CA and certificate;
  `export`: decrypt and join a recording; `lock`: one server per data directory;
  `storage`: atomic durable file writes; `validate`: field checks; `errors`: `ServerError`.
"""
