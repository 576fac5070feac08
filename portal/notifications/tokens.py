"""Signed unsubscribe links: one per person and kind, unforgeable without the secret key."""

from __future__ import annotations

import base64
import hashlib
import hmac

from portal.notifications.config import current


def unsubscribe_token(user_id: int, kind: str) -> str:
    digest = hmac.new(
        current().secret.encode(), f"unsubscribe:{user_id}:{kind}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode().rstrip("=")


def valid(user_id: int, kind: str, token: str) -> bool:
    return hmac.compare_digest(unsubscribe_token(user_id, kind), token)


def unsubscribe_url(user_id: int, kind: str) -> str:
    return f"{current().base_url}/avregistrera/{user_id}/{kind}/{unsubscribe_token(user_id, kind)}"
