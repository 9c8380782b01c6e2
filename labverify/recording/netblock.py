"""Blocks every outgoing network connection for a whole run.

pytest-recording's ``--block-network`` is per test and misses calls made while session
fixtures are set up; this patch is installed at configure time and covers all of them.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class NetworkBlocked(RuntimeError):
    """A connection was attempted while replaying, where recorded sessions are the only source."""


_saved: dict[str, Any] = {}
_loopback = {"allowed": 0}
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def _is_loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    return _loopback["allowed"] > 0 and (host in LOOPBACK_HOSTS or str(host).startswith("127."))


def _refuse(address: Any) -> None:
    raise NetworkBlocked(
        f"network access to {address!r} is blocked while replaying a recorded session; "
        "every Azure response must come from the session's cassettes"
    )


def _connect(self: socket.socket, address: Any) -> None:
    if self.family == getattr(socket, "AF_UNIX", None) or _is_loopback(address):
        return _saved["connect"](self, address)
    _refuse(address)


def _connect_ex(self: socket.socket, address: Any) -> int:
    if self.family == getattr(socket, "AF_UNIX", None) or _is_loopback(address):
        return _saved["connect_ex"](self, address)
    _refuse(address)
    return 1  # unreachable: _refuse raises


def _create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
    if _is_loopback(address):
        return _saved["create_connection"](address, *args, **kwargs)
    _refuse(address)
    raise AssertionError("unreachable")


def _getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if _is_loopback(host):
        return _saved["getaddrinfo"](host, *args, **kwargs)
    _refuse(host)


def install() -> None:
    if _saved:
        return
    _saved.update(connect=socket.socket.connect, connect_ex=socket.socket.connect_ex,
                  create_connection=socket.create_connection, getaddrinfo=socket.getaddrinfo)
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    socket.create_connection = _create_connection  # type: ignore[assignment]
    socket.getaddrinfo = _getaddrinfo  # type: ignore[assignment]


def uninstall() -> None:
    if not _saved:
        return
    socket.socket.connect = _saved["connect"]  # type: ignore[method-assign]
    socket.socket.connect_ex = _saved["connect_ex"]  # type: ignore[method-assign]
    socket.create_connection = _saved["create_connection"]
    socket.getaddrinfo = _saved["getaddrinfo"]
    _saved.clear()


def is_installed() -> bool:
    return bool(_saved)


@contextmanager
def blocked() -> Iterator[None]:
    already = is_installed()
    install()
    try:
        yield
    finally:
        if not already:
            uninstall()


@contextmanager
def loopback_allowed() -> Iterator[None]:
    """Let connections to this machine's loopback through, e.g. to the local Azure double."""
    _loopback["allowed"] += 1
    try:
        yield
    finally:
        _loopback["allowed"] -= 1
