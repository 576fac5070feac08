"""Domain errors raised by services; ``portal.web.errors`` maps them to HTTP once."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of every error a service raises on purpose. ``message`` is for people."""

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFound(DomainError):
    pass


class NotAllowed(DomainError):
    """The user may not do this (403), or is not signed in when ``anonymous`` (401)."""


class NotAuthenticated(DomainError):
    pass


class Conflict(DomainError):
    pass


class Invalid(DomainError):
    """Input that passed the schema but breaks a rule; ``fields`` maps field → message."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message, fields=fields or {})
        self.fields = fields or {}


class TooManyAttempts(DomainError):
    pass
