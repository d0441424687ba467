"""The one door from both front ends (the `logmeets` commands and the Qt window) into the core.

Nothing here imports Qt (Anki's pylib/aqt split): the CLI calls these methods directly, the
window through `app.gui.tasks.TaskManager`, never on the GUI thread. Writes return a `Changes`
value (Anki's `OpChanges`) saying what the window must refresh.

Which worker runs what (the GUI's promise, checked by tests/gui): everything that touches the
outbox or the OS keyring runs on the serial worker; only `devices`, `log_in` and `end_session`
(PortAudio and the network) run on the pool, and they touch neither. Sign-in and sign-out are
therefore split in two or three steps; the keyring writes of the network step wait in a
`StagedKeyStore` until the serial step commits them.
"""

from app.core.account import AccountAndSync, LoggedIn, SignOut, StagedKeyStore
from app.core.errors import CoreError
from app.core.facade import MIC_TEST_BLOCK_SECONDS, Core
from app.core.results import (
    NOTHING,
    AuditCheck,
    Changes,
    Outcome,
    Snapshot,
    forgettable,
    removable_from_history,
)

__all__ = [
    "MIC_TEST_BLOCK_SECONDS",
    "NOTHING",
    "AccountAndSync",
    "AuditCheck",
    "Changes",
    "Core",
    "CoreError",
    "LoggedIn",
    "Outcome",
    "SignOut",
    "Snapshot",
    "StagedKeyStore",
    "forgettable",
    "removable_from_history",
]
