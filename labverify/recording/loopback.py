"""Bringing this network namespace's own loopback interface up, for the local Azure double.

A fresh namespace (``unshare -rn``, some CI sandboxes) has only ``lo``, and it starts down;
the double listens on 127.0.0.1, so its tests need it up. This reaches nothing beyond the
machine: loopback is the only interface such a namespace has.
"""

from __future__ import annotations

import errno
import socket
import struct
import sys

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1


def loopback_reachable() -> bool:
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("127.0.0.1", 9))
        return True
    except OSError as exc:
        return exc.errno not in (errno.ENETUNREACH, errno.EADDRNOTAVAIL)
    finally:
        probe.close()


def ensure_loopback_up() -> bool:
    """True when 127.0.0.1 is usable, after raising ``lo`` if it was down and we may."""
    if loopback_reachable():
        return True
    if not sys.platform.startswith("linux"):
        return False
    import fcntl  # Linux only

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH14s", fcntl.ioctl(sock, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14s", b"lo", flags | IFF_UP, b""))
    except OSError:
        return False
    finally:
        sock.close()
    return loopback_reachable()
