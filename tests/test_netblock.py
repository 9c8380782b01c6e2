from __future__ import annotations

import socket

import pytest

from labverify.recording import netblock


def test_blocked_connections_are_refused_with_a_clear_error() -> None:
    with netblock.blocked():
        with pytest.raises(netblock.NetworkBlocked, match="blocked while replaying"):
            socket.create_connection(("management.azure.com", 443), timeout=1)
        with pytest.raises(netblock.NetworkBlocked):
            socket.getaddrinfo("login.microsoftonline.com", 443)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        with pytest.raises(netblock.NetworkBlocked):
            sock.connect(("10.0.0.1", 443))
        sock.close()


def test_loopback_is_refused_unless_allowed(loopback_only_network: None) -> None:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    try:
        with netblock.blocked():
            # The autouse fixture allows loopback for the verifier's own tests.
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            saved = netblock._loopback["allowed"]
            netblock._loopback["allowed"] = 0
            try:
                with pytest.raises(netblock.NetworkBlocked):
                    socket.create_connection(("127.0.0.1", port), timeout=1)
            finally:
                netblock._loopback["allowed"] = saved
    finally:
        server.close()


def test_a_replay_run_is_blocked_from_configure_to_the_end() -> None:
    # This very run replays, so the plugin blocked sockets before any fixture ran;
    # a nested block must not lift the run's own when it ends.
    assert netblock.is_installed()
    with netblock.blocked():
        pass
    assert netblock.is_installed()
    with pytest.raises(netblock.NetworkBlocked):
        socket.getaddrinfo("example.com", 443)
