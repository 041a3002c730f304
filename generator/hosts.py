"""Which hosts are public: records may link only to them, and the link checker connects only to them.

A record's address is published and asked by the weekly link check (`generator links`, run in CI);
one that names this machine, the CI runner's network or a cloud's metadata service
(169.254.169.254) would make the check ask internal services and print what they answer. So
records refuse hosts that are not public by their form, and the checker also refuses every host
that resolves to a non-public address (see generator/authoring/links.py).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

#: Names that only mean something inside one machine or network (RFC 6761, 6762, 8375 and common use).
LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def ip_problem(address: IPAddress) -> str | None:
    """Why an IP address is not a public one (loopback, private, link-local, reserved...), or None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind, test in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("reserved", address.is_reserved),
        ("non-public", not address.is_global),
    ):
        if test:
            return f"{address} is a {kind} address, not a public host"
    return None


def host_problem(host: str) -> str | None:
    """Why a host (a name or an IP literal, as in an address) is not a public one, or None."""
    name = host.lower().strip("[]").rstrip(".")
    try:
        return ip_problem(ipaddress.ip_address(name))
    except ValueError:
        pass
    if name == "localhost" or name.endswith(LOCAL_SUFFIXES):
        return f"'{name}' is a name of a local machine or network, not a public host"
    if "." not in name:
        return f"'{name}' has no domain (a single label), so it names a host of a local network, not a public one"
    if name.rsplit(".", 1)[1].isdigit() or name.rsplit(".", 1)[1].startswith("0x"):
        return f"'{name}' is an IP address written another way; write a public host name"
    return None


def address_host_problem(url: str) -> str | None:
    """Why an http(s) address's host is not public (None when it is, or when it names no host)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None  # the address's form is checked elsewhere
    return host_problem(host) if host else None
