"""Compressed responses: pages, callback answers, the JS bundles and the assets.

`Dash(compress=True)` hands every response to Flask-Compress. The files under assets/ are sent
as file streams, and a compressed stream leaves its file open (a ResourceWarning per asset);
`init_compression` reads such a file into memory first, so it is compressed whole and closed.
"""

from __future__ import annotations

from flask import Flask, Response


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
