"""English texts for `outbox.errors.OutboxError` codes (see outbox.errors.CODES) and for the
problems that `logmeets verify` reports (`verify.<problem>`) and the coded findings of
`logmeets audit verify` (`audit.<code>`).

Each text says what happened and what the user can do; `{field}` placeholders are filled from
the error's fields. Every text is marked for the translation catalogues (app.messages.marker).
"""

from __future__ import annotations

from app.messages.marker import QT_TRANSLATE_NOOP

MESSAGES: dict[str, str] = {
    "outbox_error": QT_TRANSLATE_NOOP(
        "Messages",
        "The local recording store failed. Restart LogMeets Recorder; if it happens "
        "again, contact your IT support. Nothing recorded has been deleted.",
    ),
    "already_running": QT_TRANSLATE_NOOP(
        "Messages",
        "Another LogMeets Recorder (the app, or `logmeets record` / `logmeets sync`) is already "
        "using the data folder {path}. Close it first, or wait until it finishes, then try again.",
    ),
    "illegal_transition": QT_TRANSLATE_NOOP(
        "Messages",
        "LogMeets tried to move {kind} {item_id} from {current} to {target}, "
        "which is not allowed; nothing was changed. Please report this to your IT support.",
    ),
    "unknown_recording": QT_TRANSLATE_NOOP(
        "Messages",
        "There is no recording {recording_id} on this computer. `logmeets list` "
        "shows the recordings that are.",
    ),
    "unknown_chunk": QT_TRANSLATE_NOOP(
        "Messages",
        "There is no chunk {chunk_id} on this computer. `logmeets list` shows the chunks that are.",
    ),
    "chunk_exists": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {index} of recording {recording_id} is already saved; it was not "
        "saved twice. Restart the recording if this keeps happening.",
    ),
    "recording_closed": QT_TRANSLATE_NOOP(
        "Messages",
        "Recording {recording_id} is already {state}; no audio can be added to "
        "it. Start a new recording.",
    ),
    "receipt_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "The server's copy of chunk {chunk_id} differs from the one on this "
        "computer ({actual_size} bytes received, {expected_size} sent). The local copy is kept and "
        "will be uploaded again.",
    ),
    "chunk_file_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The file of chunk {chunk_id} ({path}) is missing. The chunk has been "
        "set aside; if you have a backup of the data folder, restore that file from it.",
    ),
    "index_too_new": QT_TRANSLATE_NOOP(
        "Messages",
        "The recordings index {path} was written by a newer LogMeets Recorder "
        "(format {version}; this one reads up to {supported}). Update LogMeets Recorder.",
    ),
    "index_corrupt": QT_TRANSLATE_NOOP(
        "Messages",
        "The recordings index {path} cannot be opened ({reason}). Close other "
        "programs using it, or restore the data folder from a backup; chunk files are not touched.",
    ),
    "nothing_to_export": QT_TRANSLATE_NOOP(
        "Messages",
        "No audio of recording {recording_id} is left on this computer (it was uploaded and "
        "erased, or set aside as damaged). Download it from the LogMeets service instead.",
    ),
    "export_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {index} of recording {recording_id} has a different audio format "
        "({reason}) from the rest, so it cannot be joined into one file. Contact your IT support.",
    ),
    "export_chunk_unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {index} of recording {recording_id} cannot be read "
        "({reason}). Run `logmeets verify` to set it aside, then export again.",
    ),
    "export_chunk_misplaced": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {index} of recording {recording_id} was saved for another place ({reason}): "
        "the recording's files were moved or replaced, so no file was exported. Run "
        "`logmeets verify` to set such chunks aside, export again, and tell your IT support.",
    ),
    "audit_write_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "The audit log {path} cannot be written ({reason}). Free some disk "
        "space or check the folder's permissions; LogMeets stops until it can record what it does.",
    ),
    "audit_key_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The audit log {path} cannot be checked: its key is no longer in this computer's key "
        "store (it was deleted, or the key store was reset). The log itself may be intact; do "
        "not delete it. Restore the key store from a backup, or contact your IT support.",
    ),
    "read_only": QT_TRANSLATE_NOOP(
        "Messages",
        "This command only reads the data folder {path} and cannot change it. Close "
        "other LogMeets windows and use the app (or `logmeets record` / `logmeets sync`) instead.",
    ),
    "index_path_invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "The recordings index names a file outside LogMeets' chunk folder for recording "
        "{recording_id} ({reason}). LogMeets did not read or delete that file and set the entry "
        "aside. The index may have been edited: leave the data folder as it is and contact your "
        "IT support.",
    ),
    "reseal_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "Chunk {chunk_id} could not be sealed to your organisation's key ({reason}), so it was "
        "not uploaded and is kept on this computer. Run logmeets verify, and contact your IT "
        "support if this stays.",
    ),
    "history_unreadable": QT_TRANSLATE_NOOP(
        "Messages",
        "The history of uploaded recordings ({path}) cannot be read ({reason}). Their titles "
        "are not shown; recording and uploading work as before. If the keyring was reset, the "
        "history starts again with the next upload.",
    ),
    "history_not_removable": QT_TRANSLATE_NOOP(
        "Messages",
        "Recording {recording_id} is {state}: only a recording that is uploaded and erased from "
        "this computer can be removed from the history. Wait until it is uploaded.",
    ),
    # Problems reported by `logmeets verify` (outbox.model.VerifyResult.problem).
    "verify.file_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "the chunk's file is missing. If you have a backup of the data "
        "folder, restore it from there; otherwise this part of the recording is lost locally.",
    ),
    "verify.hash_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "the chunk's file was changed or damaged after it was saved. Restore "
        "it from a backup of the data folder if you have one; contact your IT support otherwise.",
    ),
    "verify.key_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "the recording's key is no longer in the system key store, so this "
        "chunk cannot be opened on this computer. Restore the key store from a backup, or contact "
        "your IT support.",
    ),
    "verify.decrypt_failed": QT_TRANSLATE_NOOP(
        "Messages",
        "the chunk cannot be decrypted (it is damaged). Restore it from a backup of the data "
        "folder, or contact your IT support, who can try with the organisation's key.",
    ),
    "verify.not_flac": QT_TRANSLATE_NOOP(
        "Messages", "the chunk decrypts but is not valid audio. Contact your IT support."
    ),
    "verify.chunk_misplaced": QT_TRANSLATE_NOOP(
        "Messages",
        "the chunk was saved for another place in this or another recording ({detail}): its "
        "file was moved, copied or swapped. It is set aside; leave the data folder as it is "
        "and tell your IT support.",
    ),
    "verify.index_path_invalid": QT_TRANSLATE_NOOP(
        "Messages",
        "the recordings index names a file outside LogMeets' chunk folder for this chunk "
        "({detail}). That file was not read or deleted, and the chunk is set aside. The index "
        "may have been edited: leave the data folder as it is and contact your IT support.",
    ),
    "verify.quarantined": QT_TRANSLATE_NOOP(
        "Messages",
        "the chunk was set aside earlier ({detail}). It is kept, and will not "
        "be uploaded or deleted; contact your IT support.",
    ),
    # Findings of `logmeets audit verify` that carry a code (outbox.AuditProblem.code).
    "audit.audit_truncated": QT_TRANSLATE_NOOP(
        "Messages",
        "Entries were removed from the end of the audit log, or an older copy of it was put "
        "back. Leave the data folder as it is and tell your IT support.",
    ),
    "audit.audit_head_missing": QT_TRANSLATE_NOOP(
        "Messages",
        "The key store holds no record of where the audit log ends (the log was last written "
        "by an older version, or the record was deleted), so a cut at the end cannot be ruled "
        "out. The next entry records it again; if this stays, tell your IT support.",
    ),
    "audit.audit_head_mismatch": QT_TRANSLATE_NOOP(
        "Messages",
        "The audit log does not match the key store's record of it: it was replaced by "
        "another copy, or the record was damaged. Leave the data folder as it is and tell "
        "your IT support.",
    ),
}
