"""One-time messages shown on the next page ("Behovet är sparat."), kept in the session."""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context
from litestar.connection import ASGIConnection

_KEY = "_flashes"


def flash(connection: ASGIConnection, message: str, category: str = "success") -> None:
    connection.session.setdefault(_KEY, []).append({"message": message, "category": category})


@pass_context
def pop_flashes(context: Any) -> list[dict[str, str]]:
    """For templates; pages outside the session middleware (the router's 404) have none."""
    request = context.get("request")
    if request is None or not isinstance(request.scope.get("session"), dict):
        return []
    return request.scope["session"].pop(_KEY, [])
