"""A stand-in ESC/POS network printer on a free loopback port (raw TCP, like port 9100).

It answers ``DLE EOT 1/2/4`` real-time status requests from its current ``state`` and keeps
every other byte it receives. ``state`` is one of "ok", "paper_out", "cover_open", "offline",
"paper_near_end", or "silent" (accepts connections and never answers nor reads on purpose).
Used to test the printer code's status handling and deadlines; the bytes it collects are the
real print job.
"""

from __future__ import annotations

import contextlib
import socket
import threading

DLE_EOT = b"\x10\x04"
BASE = 0x12


def status_byte(state: str, request: int) -> int:
    if request == 1:
        return BASE | (0x08 if state in ("paper_out", "cover_open", "offline") else 0)
    if request == 2:
        return BASE | (0x04 if state == "cover_open" else 0) | (0x20 if state == "paper_out" else 0)
    if request == 4:
        return (
            BASE
            | (0x60 if state == "paper_out" else 0)
            | (0x0C if state == "paper_near_end" else 0)
        )
    return BASE


class FakeEscposPrinter:
    def __init__(self, state: str = "ok") -> None:
        self.state = state
        self.jobs: list[bytes] = []
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(8)
        self.port = self._server.getsockname()[1]
        self._closing = False
        self._connections: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._closing:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            self._connections.append(connection)
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection: socket.socket) -> None:
        if self.state == "silent":
            return  # keep the connection open, never read, never answer
        received = b""
        with connection:
            while True:
                try:
                    chunk = connection.recv(65536)
                except OSError:
                    break
                if not chunk:
                    break
                if len(chunk) == 3 and chunk.startswith(DLE_EOT):
                    connection.sendall(bytes((status_byte(self.state, chunk[2]),)))
                    continue
                received += chunk
        if received:
            self.jobs.append(received)

    def close(self) -> None:
        self._closing = True
        self._server.close()
        for connection in self._connections:
            with contextlib.suppress(OSError):
                connection.close()


class ByteCollector:
    """A TCP server that accepts one connection at a time and keeps what each one sent."""

    def __init__(self) -> None:
        self.received: list[bytes] = []
        self.event = threading.Event()
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(4)
        self.port = self._server.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            data = b""
            with connection:
                while chunk := connection.recv(65536):
                    data += chunk
            self.received.append(data)
            self.event.set()

    def close(self) -> None:
        self._server.close()
