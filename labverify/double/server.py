"""The Azure double: HTTPS listeners on loopback for ARM and each account's data plane."""

from __future__ import annotations

import shutil
import socket
import ssl
import struct
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import trustme

from ..recording.loopback import ensure_loopback_up
from .dispatch import Dispatcher
from .state import State
from .wire import Request, Response
from .world import World

ARM_HOST = "management.azure.com"
_IDLE_SECONDS = 30  # a keep-alive connection left idle this long is closed


class RequestLog(NamedTuple):
    """One request the double answered. ``status`` is 0 when the connection was reset."""

    method: str
    path: str
    query: dict[str, str]
    status: int


class _Listener(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, double: AzureDouble, account: str | None, context: ssl.SSLContext,
                 ) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.double = double
        self.account = account
        self.context = context
        self.base_url = f"https://127.0.0.1:{self.server_address[1]}"
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that give up (timeouts, resets) are part of the tests; stay quiet.
        pass

    def close_connections(self) -> None:
        with self.connections_lock:
            for connection in list(self.connections):
                try:
                    connection.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = _IDLE_SECONDS
    server: _Listener

    def setup(self) -> None:
        # The TLS handshake runs here, in the connection's own thread, not in the accept loop.
        self.request = self.server.context.wrap_socket(self.request, server_side=True)
        with self.server.connections_lock:
            self.server.connections.add(self.request)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.connections.discard(self.request)
            try:
                self.request.close()
            except OSError:
                pass

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_GET

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        body = self._read_body()
        parts = urlsplit(self.path)
        request = Request(
            method=self.command, path=parts.path,
            query=parse_qs(parts.query, keep_blank_values=True),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body, base_url=self.server.base_url)
        response = self.server.double._dispatch(request, self.server.account)
        delay = response.delay + self.server.double.world.latency_seconds
        if delay:
            time.sleep(delay)
        if response.reset:
            self._reset()
            return
        self.send_response_only(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def _reset(self) -> None:
        # SO_LINGER 0 makes close() send a TCP RST: the client sees a reset, not a response.
        self.close_connection = True
        try:
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.request.close()
        except OSError:
            pass


class AzureDouble:
    """Serves a world over HTTPS on 127.0.0.1: one listener for ARM, one per account."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._state = State.from_world(world)
        self._dispatcher = Dispatcher(self._state)
        self._log: list[RequestLog] = []
        self._log_lock = threading.Lock()
        self._listeners: list[_Listener] = []
        self._threads: list[threading.Thread] = []
        self._dataplane: dict[str, _Listener] = {}
        self._arm: _Listener | None = None
        self._tempdir: Path | None = None
        self.ca_pem: Path = Path()
        self.host_map: dict[str, str] = {}

    def __enter__(self) -> AzureDouble:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        # A fresh network namespace (``unshare -rn``) starts with its own loopback down; the
        # double listens there and nowhere else.
        ensure_loopback_up()
        ca = trustme.CA()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        self._tempdir = Path(tempfile.mkdtemp(prefix="labverify-double-"))
        self.ca_pem = self._tempdir / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_pem))

        self._arm = self._listen(None, context)
        self.host_map = {self._netloc(self._arm): ARM_HOST}
        for account in self.world.accounts:
            listener = self._listen(account.name, context)
            self._dataplane[account.name.lower()] = listener
            self.host_map[self._netloc(listener)] = account.host

    def stop(self) -> None:
        for listener in self._listeners:
            listener.shutdown()
            listener.close_connections()
            listener.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listeners.clear()
        self._threads.clear()
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    @property
    def arm_url(self) -> str:
        """Stands in for https://management.azure.com."""
        if self._arm is None:
            raise RuntimeError("the Azure double is not running")
        return self._arm.base_url

    def dataplane_url(self, account_name: str) -> str:
        """Stands in for the account's endpoint (https://<name>.openai.azure.com)."""
        listener = self._dataplane.get(account_name.lower())
        if listener is None:
            known = ", ".join(a.name for a in self.world.accounts) or "none"
            raise KeyError(f"the world has no account named '{account_name}' (accounts: {known})")
        return listener.base_url

    @property
    def requests(self) -> list[RequestLog]:
        with self._log_lock:
            return list(self._log)

    def _listen(self, account: str | None, context: ssl.SSLContext) -> _Listener:
        listener = _Listener(self, account, context)
        thread = threading.Thread(target=listener.serve_forever, kwargs={"poll_interval": 0.05},
                                  name=f"azure-double-{account or 'arm'}", daemon=True)
        thread.start()
        self._listeners.append(listener)
        self._threads.append(thread)
        return listener

    @staticmethod
    def _netloc(listener: _Listener) -> str:
        return f"127.0.0.1:{listener.server_address[1]}"

    def _dispatch(self, request: Request, account: str | None) -> Response:
        _, response = self._dispatcher.handle(request, account)
        query = {key: values[0] for key, values in request.query.items() if values}
        with self._log_lock:
            self._log.append(RequestLog(request.method, request.path, query,
                                        0 if response.reset else response.status))
        return response
