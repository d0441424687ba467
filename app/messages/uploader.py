"""English texts for `uploader.errors.UploadError` codes.

Each text says what happened and what the user can do. Nothing recorded is ever deleted because
of these errors: chunks stay on this computer until the server has confirmed them. Every text
is marked for the translation catalogues (app.messages.marker)."""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "upload_error": QT_TRANSLATE_NOOP(
        "Messages",
        "Uploading failed ({message}). Your recordings are kept on this computer and "
        "will be sent later.",
    ),
    "offline": QT_TRANSLATE_NOOP(
        "Messages",
        "The server cannot be reached. Check your network connection; recordings are kept "
        "on this computer and upload automatically when the server is reachable again.",
    ),
    "timeout": QT_TRANSLATE_NOOP(
        "Messages",
        "The server did not answer in time. Uploading will be retried automatically; your "
        "recordings are kept on this computer.",
    ),
    "connection_lost": QT_TRANSLATE_NOOP(
        "Messages",
        "The connection to the server was lost. Uploading resumes automatically where it stopped.",
    ),
    "client_too_old": QT_TRANSLATE_NOOP(
        "Messages",
        "Update required: the server no longer accepts this version of LogMeets. Recording "
        "goes on and every recording is kept on this computer; update LogMeets (Restart to "
        "update, or logmeets update apply) and uploading resumes.",
    ),
    "tls_untrusted": QT_TRANSLATE_NOOP(
        "Messages",
        "The server's certificate is not trusted, so nothing was sent. If your "
        "organisation uses its own certificate authority, sign in again with its CA file "
        "(logmeets login --ca-file F), or ask your IT support.",
    ),
    "tls_pin_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "The server's key does not match the key pinned in your settings, so "
        "nothing was sent. This can mean the connection is being intercepted: contact your IT "
        "support before changing the pin.",
    ),
    "ca_file_unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "The CA certificate file {path} cannot be read or is not a PEM "
        "certificate. Check the path (logmeets login --ca-file F) or ask your IT support for the "
        "right file.",
    ),
    "proxy_auth_needed": QT_TRANSLATE_NOOP(
        "Messages",
        "The proxy {proxy} asks for a user name and password. Sign in to it (in the window, "
        "or logmeets proxy login); your recordings are kept on this computer until then.",
    ),
    "proxy_pac_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "The proxy configuration file (PAC) {url} cannot be downloaded. Check its address in "
        "Settings > Proxy, or ask your IT support; recordings are kept on this computer.",
    ),
    "proxy_pac_invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "The proxy configuration file (PAC) {url} is not a working script. Ask your IT "
        "support to fix it, or choose another proxy setting in Settings > Proxy.",
    ),
    "proxy_pac_timeout": QT_TRANSLATE_NOOP(
        "Messages",
        "The proxy configuration file (PAC) {url} did not answer within {seconds} seconds and "
        "was stopped. Ask your IT support to fix it, or choose another proxy setting in "
        "Settings > Proxy.",
    ),
    "insecure_url": QT_TRANSLATE_NOOP(
        "Messages",
        "{url} is not an https:// address. LogMeets only sends recordings over HTTPS; "
        "use the https:// address of your server.",
    ),
    "invalid_url": QT_TRANSLATE_NOOP(
        "Messages", "{url} is not a valid server address. Check the address and try again."
    ),
    "insecure_location": QT_TRANSLATE_NOOP(
        "Messages",
        "The server asked to receive a recording over plain http at {location}, "
        "which LogMeets refuses. Ask your IT support to fix the server's address configuration.",
    ),
    "http_status": QT_TRANSLATE_NOOP(
        "Messages",
        "The server answered with an error (HTTP {status}). Uploading will be retried; "
        "if this keeps happening, contact your IT support.",
    ),
    "auth_needed": QT_TRANSLATE_NOOP(
        "Messages",
        "Sign in to upload your recordings (logmeets login, or Sign in in the app). "
        "They are kept on this computer until then.",
    ),
    "bad_credentials": QT_TRANSLATE_NOOP(
        "Messages", "The user name or password for {user} is wrong. Check them and try again."
    ),
    "session_superseded": QT_TRANSLATE_NOOP(
        "Messages",
        "Your account signed in on another device, so uploading from this "
        "computer stopped. Nothing was deleted: sign in again here to continue uploading.",
    ),
    "protocol_error": QT_TRANSLATE_NOOP(
        "Messages",
        "The server answered in a way LogMeets does not understand ({message}). "
        "Uploading will be retried; if this keeps happening, contact your IT support.",
    ),
    "sync_incomplete": QT_TRANSLATE_NOOP(
        "Messages",
        "{pending} chunk(s) could not be uploaded yet ({reason}). They are kept on "
        "this computer; run logmeets sync again later.",
    ),
    "no_server": QT_TRANSLATE_NOOP(
        "Messages",
        "No server is configured. Sign in first (logmeets login --server URL --user "
        "NAME), or set tus_endpoint in config.toml.",
    ),
    "upload_too_large": QT_TRANSLATE_NOOP(
        "Messages",
        "A chunk of {size} bytes is larger than the server accepts ({max_size} bytes). Record "
        "with shorter chunks (chunk_seconds) or ask your IT support to raise the limit.",
    ),
    "stopped": QT_TRANSLATE_NOOP(
        "Messages", "Uploading was stopped. It resumes where it stopped next time."
    ),
    "local_chunk_damaged": QT_TRANSLATE_NOOP(
        "Messages",
        "A recorded chunk was damaged on this computer and has been put aside "
        "(quarantined) instead of being uploaded. Run logmeets verify for details.",
    ),
    "receipt_lost": QT_TRANSLATE_NOOP(
        "Messages",
        "The server no longer confirms a chunk it had accepted. The chunk is kept on "
        "this computer; contact your IT support.",
    ),
    "not_confirmed": QT_TRANSLATE_NOOP(
        "Messages",
        "The server did not confirm a chunk after several tries. It is kept on this "
        "computer and will be sent again later.",
    ),
    "upload_gone": QT_TRANSLATE_NOOP(
        "Messages", "The server discarded an unfinished upload; it is being sent again."
    ),
    "conflict": QT_TRANSLATE_NOOP(
        "Messages",
        "The server's idea of an upload differed from ours; uploading resumes from the "
        "server's position.",
    ),
    "org_recipient_unknown": QT_TRANSLATE_NOOP(
        "Messages",
        "Your organisation's encryption key is not known yet, so nothing was uploaded: your "
        "recordings are kept on this computer. Sign in to your organisation's server "
        "(logmeets login), or ask your IT support to set org_recipient.",
    ),
    "org_recipient_changed": QT_TRANSLATE_NOOP(
        "Messages",
        "The server announces another organisation key than the one your administrator set, so "
        "nothing was signed in or uploaded: your recordings are kept on this computer. This "
        "server may not be your organisation's; contact your IT support.",
    ),
    "checksum_mismatch": QT_TRANSLATE_NOOP(
        "Messages", "A piece of a chunk arrived damaged at the server and is being sent again."
    ),
    "foreign_location": QT_TRANSLATE_NOOP(
        "Messages",
        "The server asked to receive a recording at {location}, which is not the upload "
        "address it announced at sign-in, so nothing was sent there and the recording is kept "
        "on this computer. Ask your IT support to fix the server's address configuration.",
    ),
    "foreign_upload_url": QT_TRANSLATE_NOOP(
        "Messages",
        "A chunk's saved upload address is not on your server's upload address, so LogMeets "
        "did not contact it. The chunk is kept on this computer; contact your IT support.",
    ),
    "foreign_origin": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets refused to send a request to {url}, which is not your server's upload "
        "address. Nothing was sent there; your recordings are kept on this computer.",
    ),
    "answer_too_large": QT_TRANSLATE_NOOP(
        "Messages",
        "The server sent an answer larger than LogMeets reads ({limit} bytes), so it was "
        "ignored. Uploading will be retried; if this keeps happening, contact your IT support.",
    ),
}
