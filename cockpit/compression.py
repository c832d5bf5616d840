"""Compressed responses, and how long browsers keep the static files.

`Dash(compress=True)` hands every response to Flask-Compress. The files under assets/ are sent
as file streams, and a compressed stream leaves its file open (a ResourceWarning per asset);
`init_compression` reads such a file into memory first, so it is compressed whole and closed.

Static files are compressed once per worker and kept (Flask-Compress's cache, for static paths
only): Dash answers a revalidation of its lazily loaded chunks by sending the whole file again,
since the browser's ETag carries Flask-Compress's suffix, so without the cache every page load
zstd-compressed the 4.8 MB plotly.min.js anew. Browsers keep a static file whose URL names its
version (Dash's fingerprint, the assets' `?m=` stamp) for a year and revalidate the others
(plotly.min.js, async-graph.js …) after an hour instead of on every page load.
"""

from __future__ import annotations

import threading

from flask import Flask, Request, Response, request

from cockpit.signin import serves_static

VERSIONED_MAX_AGE = 365 * 24 * 3600
UNVERSIONED_MAX_AGE = 3600
_NOT_STATIC = "\0not-static"


class StaticFileCache:
    """Flask-Compress's cache backend: compressed bytes of static files by encoding and URL, for
    the life of the worker (a few MB); every other response is compressed afresh."""

    def __init__(self) -> None:
        self._compressed: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._compressed.get(key)

    def set(self, key: str, value: bytes) -> None:
        if not key.endswith(_NOT_STATIC):
            with self._lock:
                self._compressed[key] = value


def static_cache_key(req: Request) -> str:
    return req.full_path if serves_static(req.path) else _NOT_STATIC


def configure_compression(server: Flask) -> None:
    """Before `Dash(server=server, compress=True)`: Flask-Compress reads its cache when set up."""
    server.config.update(COMPRESS_CACHE_BACKEND=StaticFileCache, COMPRESS_CACHE_KEY=static_cache_key)


def init_compression(server: Flask) -> None:
    """Register after `Dash(compress=True)` built the app (Flask runs later hooks first)."""
    server.config["COMPRESS_STREAMS"] = False
    compressible = set(server.config.get("COMPRESS_MIMETYPES", ()))

    @server.after_request
    def _whole_file(response: Response) -> Response:
        if response.direct_passthrough and response.mimetype in compressible:
            response.direct_passthrough = False
            response.make_sequence()  # reads the file and closes it
        return response

    @server.after_request
    def _static_max_age(response: Response) -> Response:
        if serves_static(request.path) and response.status_code in (200, 304) and not response.cache_control.max_age:
            versioned = request.path.startswith("/assets/") and "m" in request.args
            response.cache_control.no_cache = None
            response.cache_control.max_age = VERSIONED_MAX_AGE if versioned else UNVERSIONED_MAX_AGE
        return response
