"""One way to hand a stored file to the browser: always as a download, never sniffed."""

from __future__ import annotations

from pathlib import Path

from litestar.response import File


def download(filename: str, media_type: str, path: Path) -> File:
    return File(
        path=path,
        filename=filename,
        media_type=media_type,
        content_disposition_type="attachment",
        headers={"x-content-type-options": "nosniff"},
    )
