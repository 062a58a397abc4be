"""Fetching URLs with httpx: timeouts, a size cap, checked redirects, and no private addresses.

Every hop of a redirect chain is checked before it is requested: only http(s), and (unless
`allow_private` is set) only hosts whose every address is public, so a page cannot steer newsgraph
into a private network, the loopback interface or a cloud metadata endpoint. Bodies are streamed and
cut off at the size cap and at a total deadline, so an endless or trickling body cannot hang a batch.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from newsgraph.ingest.errors import IngestError
from newsgraph.settings import FetchSettings

REDIRECTS = {301, 302, 303, 307, 308}


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str | None


def _refuse_private(host: str, address: str) -> None:
    ip = ipaddress.ip_address(address.split("%")[0])
    if not ip.is_global or ip.is_multicast:
        raise IngestError(
            f"refused: {host} resolves to the non-public address {ip} "
            "(use --allow-private to fetch from private, loopback or link-local hosts)", "fetch")


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise IngestError(f"cannot resolve host {host}: {exc.strerror}", "fetch") from exc
    return [str(info[4][0]) for info in infos]


def check_address(url: str, allow_private: bool) -> None:
    """Refuse what newsgraph never fetches: other schemes, and (unless allowed) non-public hosts."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"unsupported URL scheme {parts.scheme!r} (only http and https)", "fetch")
    host = parts.hostname
    if not host:
        raise IngestError("URL has no host", "fetch")
    if allow_private:
        return
    for address in _resolve(host, parts.port or (443 if parts.scheme == "https" else 80)):
        _refuse_private(host, address)


class _PublicOnlyBackend(httpcore.SyncBackend):
    """Connects only to public addresses, checked at connect time: a DNS answer that changes between
    the check and the connection (DNS rebinding) cannot lead into a private network."""

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        addresses = _resolve(host, port)
        for address in addresses:
            _refuse_private(host, address)
        return super().connect_tcp(addresses[0], port, timeout, local_address, socket_options)


def _transport(allow_private: bool) -> httpx.BaseTransport:
    transport = httpx.HTTPTransport()
    if not allow_private:
        # httpx has no public hook for the network backend; its pool is rebuilt with ours
        transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                                  network_backend=_PublicOnlyBackend())
    return transport


class Fetcher:
    def __init__(self, settings: FetchSettings, max_bytes: int, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        self.max_bytes = max_bytes
        timeout = httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False,
                                    transport=transport or _transport(settings.allow_private),
                                    headers={"User-Agent": settings.user_agent})

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        deadline = time.monotonic() + self.settings.total_timeout
        seen: set[str] = set()
        for _hop in range(self.settings.max_redirects + 1):
            if url in seen:
                raise IngestError(f"redirect loop back to {url}", "fetch")
            seen.add(url)
            check_address(url, self.settings.allow_private)
            try:
                with self._client.stream("GET", url) as response:
                    if response.status_code in REDIRECTS and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code >= 400:
                        raise IngestError(f"HTTP {response.status_code} {response.reason_phrase}".strip(),
                                          "fetch")
                    content = self._read(response, deadline)
                    content_type = response.headers.get("content-type", "")
                    return Fetched(str(response.url), content, content_type.split(";")[0].strip().lower(),
                                   response.charset_encoding)
            except httpx.TimeoutException as exc:
                raise IngestError(f"timed out ({type(exc).__name__})", "fetch") from exc
            except httpx.HTTPError as exc:
                raise IngestError(f"request failed: {exc}", "fetch") from exc
        raise IngestError(f"more than {self.settings.max_redirects} redirects", "fetch")

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise IngestError(f"response is {int(declared):,} bytes, over the limit of {self.max_bytes:,}",
                              "fetch")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise IngestError(f"response body exceeds the limit of {self.max_bytes:,} bytes", "fetch")
            if time.monotonic() > deadline:
                raise IngestError(f"response took longer than {self.settings.total_timeout:g} s", "fetch")
            chunks.append(chunk)
        return b"".join(chunks)
