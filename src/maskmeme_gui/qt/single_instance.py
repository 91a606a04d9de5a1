"""One maskmeme at a time: a second start hands its files to the window already open and
exits, so two windows never race on the same library, index and autosave folder.

The first window listens on a local socket named for the user's data folder (so a test, or a
second data folder, gets its own); a second start connects, writes its files as one JSON line
and quits. A socket left behind by a crash refuses connections and is replaced.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from maskmeme_gui.config.paths import data_dir
from maskmeme_gui.fileio.side_files import DamagedJson, is_path_text, parse_json

HANDOVER_TIMEOUT_MS = 2000


def server_name() -> str:
    folder = str(data_dir().resolve())
    return f"maskmeme-{getpass.getuser()}-{hashlib.sha1(folder.encode()).hexdigest()[:12]}"


def hand_over(paths: list[Path]) -> bool:
    """Give `paths` to the maskmeme already running (which then comes to the front); False
    when none is running."""
    socket = QLocalSocket()
    socket.connectToServer(server_name())
    if not socket.waitForConnected(HANDOVER_TIMEOUT_MS):
        return False
    line = json.dumps([str(path.resolve()) for path in paths]) + "\n"
    socket.write(line.encode("utf-8"))
    written = socket.waitForBytesWritten(HANDOVER_TIMEOUT_MS)
    socket.disconnectFromServer()
    return written


class FirstInstance(QObject):
    """Listens for later starts; `files_handed_over` carries each one's files (maybe none)."""

    files_handed_over = Signal(list)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        name = server_name()
        if not self._server.listen(name):
            # A crashed maskmeme's socket: nobody answers on it (hand_over found no one).
            QLocalServer.removeServer(name)
            self._server.listen(name)
        self._server.newConnection.connect(self._accept)
        self._buffers: dict[QLocalSocket, bytes] = {}

    @property
    def is_listening(self) -> bool:
        return self._server.isListening()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._done(s))

    def _read(self, socket: QLocalSocket) -> None:
        self._buffers[socket] = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if b"\n" in self._buffers[socket]:
            self._done(socket)

    def _done(self, socket: QLocalSocket) -> None:
        data = self._buffers.pop(socket, None)
        if data is None:
            return
        data += bytes(socket.readAll().data())  # what came with the disconnection
        socket.deleteLater()
        try:
            items = parse_json(data.split(b"\n", 1)[0])
        except DamagedJson:
            return  # not a maskmeme: ignore it
        if isinstance(items, list) and all(is_path_text(item) for item in items):
            self.files_handed_over.emit([Path(item) for item in items])
