"""OpenAPI: the error body every route shares, and a helper naming a route's error statuses."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar.openapi import ResponseSpec

_DESCRIPTIONS = {
    400: "Malformed request (the parser's reason is in `detail`)",
    401: "Not signed in, or wrong credentials",
    403: "Signed in but not allowed, or CSRF token missing",
    404: "No such record",
    409: "Conflict with the current state",
    413: "Request body too large",
    422: "Input breaks a rule; `extra.fields` names the fields",
    429: "Too many attempts; retry after the `Retry-After` seconds",
    503: "The database is unreachable",
}


class ErrorBody(msgspec.Struct):
    status_code: int
    detail: str
    extra: dict[str, Any] | None = None


def responses(*statuses: int) -> dict[int, ResponseSpec]:
    return {
        status: ResponseSpec(data_container=ErrorBody, description=_DESCRIPTIONS[status])
        for status in statuses
    }
