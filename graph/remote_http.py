"""HTTP for the SPARQL 1.1 protocols: auth, retries with backoff, Graph Store GET/PUT.

Standard library only (urllib): digest or basic auth (whichever the server
asks for), https with certificate checks, retries on transient failures (5xx,
a reset or dropped connection). Credentials live in a `Credentials` object
whose repr hides the password; no message built here contains it, and a URL
carrying `user:password@` is refused before any request is made.
"""
from __future__ import annotations

import http.client
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from graph.errors import ActorgraphError

TRANSIENT_STATUS = (500, 502, 503, 504)
TRANSIENT_ERRORS = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.RemoteDisconnected)
RETRIES, BACKOFF, TIMEOUT = 4, 0.5, 120.0
MAX_DETAIL = 300


class RemoteError(ActorgraphError):
    """A SPARQL server refused a request or could not be reached."""


@dataclass(frozen=True)
class Credentials:
    """A user name and password for a server; the password never appears in repr or messages."""

    user: str
    password: str = field(repr=False)

    @classmethod
    def from_env(cls, user: str | None, variable: str | None) -> "Credentials | None":
        """Credentials from --user and the environment variable named by --password-env."""
        if user is None and variable is None:
            return None
        if not user or not variable:
            raise RemoteError("give both --user USER and --password-env VARIABLE (the variable holds the password)")
        if variable not in os.environ:
            raise RemoteError(f"environment variable {variable} is not set (it should hold the password of {user})")
        return cls(user, os.environ[variable])


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes


def check_url(url: str) -> str:
    """Accept http(s) URLs without credentials in them."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteError(f"{url!r} is not an http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise RemoteError("the URL contains a user name or password: give the user with --user and the "
                          "password in an environment variable named by --password-env")
    return url


def with_params(url: str, **params) -> str:
    """`url` with query parameters added (e.g. graph=IRI for the Graph Store protocol)."""
    sep = "&" if urllib.parse.urlsplit(url).query else "?"
    return url + sep + urllib.parse.urlencode(params)


def _opener(url: str, creds: Credentials | None):
    handlers = []
    if creds is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, creds.user, creds.password)
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), urllib.request.HTTPBasicAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _detail(body: bytes) -> str:
    """The first words of a server's error page, as one line without markup."""
    import re
    text = re.sub(r"<[^>]*>", " ", body.decode("utf-8", "replace"))
    text = " ".join(text.split())
    return text if len(text) <= MAX_DETAIL else text[:MAX_DETAIL - 1] + "…"


def request(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None, *,
            creds: Credentials | None = None, timeout: float = TIMEOUT, retries: int = RETRIES,
            backoff: float = BACKOFF, ok=(200, 201, 204), sleep=time.sleep) -> Response:
    """One HTTP exchange, retried with exponential backoff on 5xx and dropped connections.

    Statuses in `ok` are returned; any other raises RemoteError naming the method, URL and status."""
    check_url(url)
    opener = _opener(url, creds)
    for attempt in range(retries + 1):
        req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
        try:
            with opener.open(req, timeout=timeout) as r:
                return Response(r.status, r.headers.get("Content-Type", ""), r.read())
        except urllib.error.HTTPError as e:
            body = e.read() if e.fp else b""
            if e.code in ok:
                return Response(e.code, e.headers.get("Content-Type", ""), body)
            if e.code not in TRANSIENT_STATUS or attempt == retries:
                hint = " (check --user and --password-env)" if e.code in (401, 403) else ""
                raise RemoteError(f"{method} {url}: HTTP {e.code} {e.reason}{hint}: {_detail(body)}".rstrip(": "))
        except urllib.error.URLError as e:
            if not isinstance(e.reason, TRANSIENT_ERRORS) or attempt == retries:
                raise RemoteError(f"{method} {url}: cannot reach the server: {e.reason}") from None
        except TRANSIENT_ERRORS as e:
            if attempt == retries:
                raise RemoteError(f"{method} {url}: the connection failed: {type(e).__name__}") from None
        except TimeoutError:
            raise RemoteError(f"{method} {url}: no answer within {timeout:g} s") from None
        sleep(backoff * 2 ** attempt)
    raise AssertionError("unreachable")


def gsp_get(store_url: str, graph: str, creds=None, **kw) -> bytes | None:
    """A named graph as N-Triples (or Turtle, which the caller parses alike); None when it does not exist."""
    r = request(with_params(store_url, graph=graph), headers={"Accept": "application/n-triples, text/turtle;q=0.9"},
                creds=creds, ok=(200, 404), **kw)
    return None if r.status == 404 else r.body


def gsp_put(store_url: str, graph: str, ntriples: bytes, creds=None, **kw) -> int:
    """Replace one named graph (the server swaps it atomically); returns the HTTP status (201 new, 200/204)."""
    return request(with_params(store_url, graph=graph), "PUT", ntriples,
                   {"Content-Type": "application/n-triples; charset=utf-8"}, creds=creds, **kw).status
