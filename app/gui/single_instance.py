"""One app per user and data folder: a second launch hands over to the first and exits.

The first instance listens on a local socket (`QLocalServer`: a Unix socket, a named pipe on
Windows) named after the user and the data folder, so two users, or one user with two data
folders (`LOGMEETS_HOME`), never meet. A later launch connects, says `show` (or `hidden` when it
was started at login) and exits 0; the first brings its window forward. Only the owner may
connect (`UserAccessOption`), and a message is one short word: nothing else is read from it.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SHOW, HIDDEN, ACK = b"show", b"hidden", b"ok\n"
MAX_LINE = 16  # the longest message plus room; longer lines are dropped unread
HAND_OVER_MS = 1000


def server_name(data_dir: Path) -> str:
    """The socket's name for this user and data folder (a digest: no path in /tmp or a pipe)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the user database
        user = str(Path.home())
    key = f"{user}\0{data_dir.resolve()}".encode()
    return "logmeets-" + hashlib.sha256(key).hexdigest()[:24]


def hand_over(name: str, *, hidden: bool, timeout_ms: int = HAND_OVER_MS) -> bool:
    """Tells a running instance to show its window (or, `hidden`, only that someone launched
    again). True if one answered: this launch should exit."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write((HIDDEN if hidden else SHOW) + b"\n")
    sock.waitForBytesWritten(timeout_ms)
    # The answer says the first instance read the message before this process goes away.
    answered = sock.waitForReadyRead(timeout_ms) and bytes(sock.readAll().data()) == ACK
    sock.disconnectFromServer()
    if not answered:
        log.warning("a running instance accepted the connection but did not answer")
    return True


def _answers(name: str) -> bool:
    """True if an instance listens on `name` (connects and leaves without a message)."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    found = sock.waitForConnected(200)
    sock.abort()
    return found


class InstanceServer(QObject):
    """Listens for later launches; `activated(show)` fires on the GUI thread for each one."""

    activated = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_new_connection)
        self._clients: list[QLocalSocket] = []

    def listen(self) -> bool:
        """Starts listening. A socket file left by a crashed instance (Unix) is removed, but only
        once nobody answers on it: removing a live one would make two instances."""
        if self.server.listen(self.name):
            return True
        if _answers(self.name):
            return False  # another instance started since our hand-over was tried
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        """Stops listening (at quit)."""
        self.server.close()

    def _on_new_connection(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            self._clients.append(sock)
            sock.readyRead.connect(self._on_ready_read)
            sock.disconnected.connect(self._forget_closed)

    def _on_ready_read(self) -> None:
        for sock in list(self._clients):
            if sock.canReadLine():
                line = bytes(sock.readLine(MAX_LINE).data()).strip()
                sock.write(ACK)
                sock.flush()
                if line in (SHOW, HIDDEN):
                    log.info("another launch for this data folder: %s", line.decode())
                    self.activated.emit(line == SHOW)
            elif sock.bytesAvailable() > MAX_LINE:
                sock.abort()

    def _forget_closed(self) -> None:
        for sock in list(self._clients):
            if sock.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._clients.remove(sock)
                sock.deleteLater()
