"""Links that keep the current filters: pagination and facet links on list pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request


def query_with(request: Request, **changes: Any) -> str:
    """The current path and query with some parameters replaced (None removes one)."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    for key, value in changes.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            pairs.extend((key, str(v)) for v in value)
        else:
            pairs.append((key, str(value)))
    query = urlencode(pairs)
    return f"{request.url.path}?{query}" if query else request.url.path
