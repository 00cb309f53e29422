"""Fetching an article the user named by URL, and nothing else.

A URL given to `build` is fetched with `requests`, under rules that keep a hostile page (or a
hostile link in a batch) from turning claimgraph against the user's own network:

- only http and https; credentials in the URL (`user:password@`) are dropped, never sent or stored;
- the host is resolved first and every address it resolves to must be public: loopback,
  private (RFC 1918, ULA), link-local (cloud metadata at 169.254.169.254), multicast, reserved
  and unspecified addresses are refused (`allow_private` lets loopback and private networks
  through, for an intranet; link-local and the rest stay refused);
- redirects are followed by hand, at most `MAX_REDIRECTS`, and every hop is checked again;
- one deadline for the whole fetch (connect, redirects, body), a size cap, and only
  text/html, application/xhtml+xml and text/plain bodies are read;
- no proxy, `.netrc` or other setting is taken from the environment.

The address check runs before `requests` connects; `requests` resolves the name again, so a DNS
server that answers differently the second time (DNS rebinding) is not defeated: see SECURITY.md.
"""
from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from .errors import IngestError

MAX_FETCH_BYTES = 5 * 1024 * 1024
DEADLINE = 30.0  # seconds for the whole fetch
CONNECT_TIMEOUT = 5.0
MAX_REDIRECTS = 5
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
USER_AGENT = "claimgraph (+https://github.com/claimgraph)"


@dataclass(frozen=True)
class Page:
    url: str  # the final URL, after redirects, without credentials
    body: bytes
    media_type: str  # text/html or text/plain
    encoding: str | None  # the charset the server declared, if any


def strip_credentials(url: str) -> str:
    """The URL without `user:password@`."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def refused_address(address: str, allow_private: bool = False) -> str | None:
    """Why claimgraph will not connect to `address` (an IP address), or None."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_loopback:
        return None if allow_private else "a loopback address"
    if ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return "a reserved address"
    if ip.is_private or not ip.is_global:
        return None if allow_private else "a private address"
    return None


def check_url(url: str, allow_private: bool = False) -> None:
    """Raise `IngestError` unless `url` is http(s) and its host resolves to addresses that may be reached."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"{url}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise IngestError(f"{url}: no host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise IngestError(f"{url}: cannot resolve {host!r}: {exc}") from exc
    for info in infos:
        address = info[4][0]
        why = refused_address(address, allow_private)
        if why:
            hint = "" if allow_private or why in ("a link-local address", "a reserved address") else \
                " (--allow-private to fetch from your own network)"
            raise IngestError(f"{url}: refused, {host} is {why} ({address}){hint}")


def fetch(url: str, *, allow_private: bool = False, deadline: float = DEADLINE,
          max_bytes: int = MAX_FETCH_BYTES) -> Page:
    """The page at `url` under the rules above; `IngestError` says why it was not read."""
    import requests

    started = time.monotonic()
    url = strip_credentials(url)
    session = requests.Session()
    session.trust_env = False  # no proxies, no .netrc from the environment
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url, allow_private)
            left = deadline - (time.monotonic() - started)
            if left <= 0:
                raise IngestError(f"{url}: not fetched within {deadline:g} s")
            with session.get(url, stream=True, allow_redirects=False, timeout=(min(CONNECT_TIMEOUT, left), left),
                             headers={"User-Agent": USER_AGENT, "Accept": ", ".join(ACCEPTED_TYPES)}) as response:
                if response.is_redirect:
                    url = strip_credentials(urljoin(url, response.headers["Location"]))
                    continue
                if response.status_code >= 400:
                    raise IngestError(f"{url}: the server answered {response.status_code} {response.reason}")
                content_type = response.headers.get("Content-Type", "")
                media_type = content_type.split(";", 1)[0].strip().lower()
                if media_type not in ACCEPTED_TYPES:
                    raise IngestError(f"{url}: content type {media_type or '(none)'} is not an article "
                                      f"({', '.join(ACCEPTED_TYPES)}); not read")
                declared = int(response.headers.get("Content-Length") or 0)
                if declared > max_bytes:
                    raise IngestError(f"{url}: page larger than {max_bytes // (1024 * 1024)} MiB; not read")
                body = bytearray()
                while chunk := response.raw.read1(65536, decode_content=True):  # what has arrived, not 64 KiB
                    body.extend(chunk)
                    if len(body) > max_bytes:
                        raise IngestError(f"{url}: page larger than {max_bytes // (1024 * 1024)} MiB; not read")
                    if time.monotonic() - started > deadline:
                        raise IngestError(f"{url}: not fetched within {deadline:g} s")
                encoding = response.encoding if "charset" in content_type.lower() else None
                return Page(url, bytes(body), "text/plain" if media_type == "text/plain" else "text/html", encoding)
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except requests.RequestException as exc:
        raise IngestError(f"could not fetch {url}: {exc}") from exc
    finally:
        session.close()
