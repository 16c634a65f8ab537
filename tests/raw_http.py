"""A bare HTTP/1.1 client on one socket: what a keep-alive client sees, byte for byte, and when
the server drops the connection."""

import socket
from dataclasses import dataclass


class Dropped(ConnectionError):
    """The server closed the connection before a whole response arrived."""


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes


def request_head(
    method: str, path: str, length: int | None = None, headers: dict[str, str] | None = None
) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class RawConnection:
    def __init__(self, port: int, timeout: float = 10):
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self._buffer = b""

    def send(self, data: bytes) -> None:
        self.socket.sendall(data)

    def response(self) -> RawResponse:
        head = self._until(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        body = self._exactly(int(headers.get("content-length", "0")))
        return RawResponse(int(status_line.split(" ")[1]), headers, body)

    def close(self) -> None:
        self.socket.close()

    def _receive(self) -> None:
        try:
            chunk = self.socket.recv(65536)
        except ConnectionResetError:
            chunk = b""
        if not chunk:
            raise Dropped("the server closed the connection")
        self._buffer += chunk

    def _until(self, marker: bytes) -> bytes:
        while marker not in self._buffer:
            self._receive()
        head, self._buffer = self._buffer.split(marker, 1)
        return head

    def _exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._receive()
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data
