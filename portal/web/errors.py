"""Domain errors and HTTP exceptions become JSON for the API and pages for people.

Nothing here ever shows a stack trace: unexpected errors are logged and answered with a
plain 500 page.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from portal.errors import (
    Conflict,
    DomainError,
    Invalid,
    NotAllowed,
    NotAuthenticated,
    NotFound,
    TooManyAttempts,
)
from portal.i18n import gettext as _
from portal.validation import describe, field_of

log = logging.getLogger("portal.errors")

DOMAIN_STATUS: dict[type[DomainError], int] = {
    NotFound: HTTP_404_NOT_FOUND,
    NotAllowed: HTTP_403_FORBIDDEN,
    NotAuthenticated: HTTP_401_UNAUTHORIZED,
    Conflict: HTTP_409_CONFLICT,
    Invalid: HTTP_422_UNPROCESSABLE_ENTITY,
    TooManyAttempts: HTTP_429_TOO_MANY_REQUESTS,
}


def _status_titles() -> dict[int, str]:
    return {
        400: _("Felaktig begäran"),
        401: _("Du behöver logga in"),
        403: _("Åtkomst nekad"),
        404: _("Sidan finns inte"),
        405: _("Metoden stöds inte"),
        409: _("Konflikt"),
        413: _("För stor begäran"),
        422: _("Uppgifterna kunde inte godtas"),
        429: _("För många försök"),
        500: _("Något gick fel"),
        503: _("Tjänsten är inte tillgänglig"),
    }


def wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/") or request.url.path == "/healthz":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _respond(
    request: Request, status: int, detail: str, extra: dict[str, Any] | None = None
) -> Response:
    headers = {"retry-after": "60"} if status == HTTP_429_TOO_MANY_REQUESTS else None
    if wants_json(request):
        body: dict[str, Any] = {"status_code": status, "detail": detail}
        if extra:
            body["extra"] = extra
        return Response(body, status_code=status, headers=headers)
    title = _status_titles().get(status, _("Något gick fel"))
    return Template(
        "errors/error.html",
        context={"status": status, "title": title, "detail": detail},
        status_code=status,
        headers=headers,
    )


def handle_domain_error(request: Request, exc: DomainError) -> Response:
    status = next(
        (code for cls, code in DOMAIN_STATUS.items() if isinstance(exc, cls)),
        HTTP_422_UNPROCESSABLE_ENTITY,
    )
    extra = {"fields": exc.fields} if isinstance(exc, Invalid) and exc.fields else exc.extra
    return _respond(request, status, exc.message, extra or None)


def handle_http_exception(request: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    if status == HTTP_401_UNAUTHORIZED and request.method == "GET" and not wants_json(request):
        # People who follow a link to a page that needs an account are sent to sign in first.
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return Redirect(f"/logga-in?{urlencode({'next': target})}", status_code=303)
    if status >= 500:
        log.error("HTTP %s on %s: %s", status, request.url.path, exc.detail)
        return _respond(request, status, _status_titles().get(status, _("Något gick fel")))
    detail = exc.detail
    # Litestar's own English phrases for common statuses read better in the user's language.
    if detail in {"Not Found", "Unauthorized", "Forbidden", "Method Not Allowed"}:
        detail = _status_titles()[status]
    if isinstance(exc, ValidationException):
        body_fields = _body_field_errors(exc)
        if body_fields:
            # Well-formed JSON that breaks the schema is 422; unparseable JSON stays 400.
            detail = _("Uppgifterna kunde inte godtas.")
            return _respond(request, HTTP_422_UNPROCESSABLE_ENTITY, detail, {"fields": body_fields})
        if isinstance(exc.extra, list) and exc.extra:
            return _respond(request, status, detail, {"errors": exc.extra})
    return _respond(request, status, detail)


def _body_field_errors(exc: ValidationException) -> dict[str, str]:
    errors = exc.extra if isinstance(exc.extra, list) else []
    if not errors or not all(isinstance(e, dict) and e.get("source") == "body" for e in errors):
        return {}
    fields: dict[str, str] = {}
    for error in errors:
        message = str(error.get("message", ""))
        key = str(error.get("key", "data"))
        path = "$" if key == "data" else f"$.{key}"
        fields[field_of(message, path)] = describe(message)
    return fields


def handle_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return _respond(
        request,
        HTTP_500_INTERNAL_SERVER_ERROR,
        _("Ett oväntat fel inträffade. Försök igen om en stund."),
    )


EXCEPTION_HANDLERS = {
    DomainError: handle_domain_error,
    HTTPException: handle_http_exception,
    Exception: handle_unexpected,
}
