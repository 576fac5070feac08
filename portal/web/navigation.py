from __future__ import annotations

from urllib.parse import urlsplit

from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER


def see_other(path: str) -> Redirect:
    """After a form's POST: the browser GETs the next page (no resubmission on reload)."""
    return Redirect(path, status_code=HTTP_303_SEE_OTHER)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths may be redirect targets after sign-in or a language switch."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
