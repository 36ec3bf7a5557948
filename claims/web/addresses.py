"""Internal addresses: what a fetch the user did not ask for by name may not reach.

A feed decides the links `claims watch run` and `ingest --feed` fetch, and any server decides
where it redirects: left alone, a feed on the internet could have the desk fetch this machine's
services (127.0.0.1), the office network (10.x, 192.168.x) or a cloud's metadata service
(169.254.169.254) and store what they answer as an article. So every request of a guarded
client (`claims.web.fetch.make_client`) has its host resolved and is refused when an address
it resolves to is loopback, private (RFC 1918, fc00::/7), link-local (169.254/16, fe80::/10),
unspecified, multicast or reserved. The host of a URL the user typed (`ingest URL`,
`watch add URL`, `ingest --feed URL`) is theirs to choose and is not refused, nor are its
redirects that stay on it; `[web] allow_private_addresses = true` allows every host.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from claims.web.limits import FetchError

_typed_host: ContextVar[str | None] = ContextVar("claims_typed_host", default=None)


class InternalAddress(FetchError):
    """A request refused because its host is internal; `url` is the URL refused."""

    def __init__(self, url: str, why: str) -> None:
        self.url, self.why = url, why
        super().__init__(f"{url}: refused: {why}")


@contextmanager
def typed_by_user(host: str | None) -> Iterator[None]:
    """Requests in the block to `host` (the host of a URL the user gave) are not refused."""
    token = _typed_host.set(host.lower() if host else None)
    try:
        yield
    finally:
        _typed_host.reset(token)


Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _kind(address: Address) -> str | None:
    """What makes `address` internal ('loopback', 'private', ...), or None for a public one."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
        address = mapped
    for kind in ("loopback", "link_local", "unspecified", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None


def _resolved(host: str, port: int) -> list[Address]:
    """The addresses `host` resolves to; none when it resolves to none (the connection then
    fails by itself, as 'cannot connect')."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]


def internal_reason(host: str, port: int) -> str | None:
    """Why `host` is an internal address ('localhost resolves to 127.0.0.1, a loopback
    address'), or None when every address it resolves to is public."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    for address in [literal] if literal else _resolved(host, port):
        kind = _kind(address)
        if kind is not None:
            said = f"{host} is" if literal else f"{host} resolves to {address},"
            return f"{said} {'an' if kind[0] in 'aeiou' else 'a'} {kind} address"
    return None


def check_request(url: str, host: str, port: int) -> None:
    """Raise InternalAddress when the request to `url` (its host and port) may not be sent."""
    if host.lower() == _typed_host.get():
        return
    why = internal_reason(host, port)
    if why is not None:
        raise InternalAddress(url, f"{why} (set [web] allow_private_addresses = true to fetch it)")
