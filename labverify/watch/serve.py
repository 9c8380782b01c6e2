"""Serving a watch's folder to a browser on this computer only (``--serve PORT``).

The server binds 127.0.0.1, never every interface: the page names students and their grades.
It serves the folder's files as they are (the watch rewrites them atomically, so a request
gets a whole old file or a whole new one) and logs nothing.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

HOST = "127.0.0.1"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class FolderServer:
    """``with FolderServer(folder, port) as server: server.url``"""

    def __init__(self, folder: Path, port: int = 0) -> None:
        handler = functools.partial(_Quiet, directory=str(folder))
        self._server = ThreadingHTTPServer((HOST, port), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="labverify-watch-serve")

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> FolderServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
