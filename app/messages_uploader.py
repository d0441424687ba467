"""User-facing English text for `uploader.errors.UploadError` codes (merged into app.messages).

Each text says what happened and what the user can do. Nothing recorded is ever deleted because
of these errors: chunks stay on this computer until the server has confirmed them."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "upload_error": "Uploading failed ({message}). Your recordings are kept on this computer and "
    "will be sent later.",
    "offline": "The server cannot be reached. Check your network connection; recordings are kept "
    "on this computer and upload automatically when the server is reachable again.",
    "timeout": "The server did not answer in time. Uploading will be retried automatically; your "
    "recordings are kept on this computer.",
    "connection_lost": "The connection to the server was lost. Uploading resumes automatically "
    "where it stopped.",
    "tls_untrusted": "The server's certificate is not trusted, so nothing was sent. If your "
    "organisation uses its own certificate authority, sign in again with its CA file "
    "(logmeets login --ca-file F), or ask your IT support.",
    "tls_pin_mismatch": "The server's key does not match the key pinned in your settings, so "
    "nothing was sent. This can mean the connection is being intercepted: contact your IT "
    "support before changing the pin.",
    "ca_file_unreadable": "The CA certificate file {path} cannot be read or is not a PEM "
    "certificate. Check the path (logmeets login --ca-file F) or ask your IT support for the "
    "right file.",
    "insecure_url": "{url} is not an https:// address. LogMeets only sends recordings over HTTPS; "
    "use the https:// address of your server.",
    "invalid_url": "{url} is not a valid server address. Check the address and try again.",
    "insecure_location": "The server asked to receive a recording over plain http at {location}, "
    "which LogMeets refuses. Ask your IT support to fix the server's address configuration.",
    "http_status": "The server answered with an error (HTTP {status}). Uploading will be retried; "
    "if this keeps happening, contact your IT support.",
    "auth_needed": "Sign in to upload your recordings (logmeets login, or Sign in in the app). "
    "They are kept on this computer until then.",
    "bad_credentials": "The user name or password for {user} is wrong. Check them and try again.",
    "session_superseded": "Your account signed in on another device, so uploading from this "
    "computer stopped. Nothing was deleted: sign in again here to continue uploading.",
    "protocol_error": "The server answered in a way LogMeets does not understand ({message}). "
    "Uploading will be retried; if this keeps happening, contact your IT support.",
    "sync_incomplete": "{pending} chunk(s) could not be uploaded yet ({reason}). They are kept on "
    "this computer; run logmeets sync again later.",
    "no_server": "No server is configured. Sign in first (logmeets login --server URL --user "
    "NAME), or set tus_endpoint in config.toml.",
    "upload_too_large": "A chunk of {size} bytes is larger than the server accepts ({max_size} "
    "bytes). Record with shorter chunks (chunk_seconds) or ask your IT support to raise the limit.",
    "stopped": "Uploading was stopped. It resumes where it stopped next time.",
    "local_chunk_damaged": "A recorded chunk was damaged on this computer and has been put aside "
    "(quarantined) instead of being uploaded. Run logmeets verify for details.",
    "receipt_lost": "The server no longer confirms a chunk it had accepted. The chunk is kept on "
    "this computer; contact your IT support.",
    "not_confirmed": "The server did not confirm a chunk after several tries. It is kept on this "
    "computer and will be sent again later.",
    "upload_gone": "The server discarded an unfinished upload; it is being sent again.",
    "conflict": "The server's idea of an upload differed from ours; uploading resumes from the "
    "server's position.",
    "checksum_mismatch": "A piece of a chunk arrived damaged at the server and is being sent "
    "again.",
}
