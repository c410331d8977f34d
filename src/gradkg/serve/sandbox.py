"""What a query worker may do: a memory ceiling, and no network of its own.

A query is code from a stranger. Each worker caps its address space (``RLIMIT_AS``) and writes no
core file (``RLIMIT_CORE``), so an
``ORDER BY`` over a cartesian product fails its allocation and ends that worker instead of the
machine; and installs a seccomp filter that refuses to create internet sockets, so neither
``SERVICE`` nor anything the scanner missed can reach another host. The workers talk to the
server over pipes, which the filter leaves alone.
"""

from __future__ import annotations

import errno
import resource
import socket


def address_space() -> int:
    """Bytes of address space this process holds now (VmSize)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise OSError("VmSize missing from /proc/self/status")


def limit_memory(extra_bytes: int) -> int:
    """Cap the address space at what is held now plus ``extra_bytes``, and write no core file; returns the cap.

    A crashed worker would otherwise dump its memory, other clients' queries included, into the
    server's working folder.
    """
    cap = address_space() + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return cap


def forbid_network() -> None:
    """Refuse every new IPv4 and IPv6 socket in this process from now on (EACCES)."""
    import pyseccomp as seccomp

    rules = seccomp.SyscallFilter(seccomp.ALLOW)
    for family in (socket.AF_INET, socket.AF_INET6, socket.AF_PACKET):
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.EQ, family))
    rules.load()
