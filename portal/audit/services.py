"""The audit log: every write records who, what, which record and the change."""

from __future__ import annotations

from typing import Any

from portal.audit.tables import AuditEvent


async def record(
    *,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int | str,
    changes: dict[str, Any] | None = None,
    organisation_code: str | None = None,
    actor_kind: str = "user",
) -> None:
    """Write one audit event. Call inside the transaction of the change it describes."""
    await AuditEvent.insert(
        AuditEvent(
            actor=actor_id,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            changes=changes or {},
            organisation_code=organisation_code,
            actor_kind=actor_kind,
        )
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The fields that changed, as ``{field: [old, new]}``; secrets are never recorded."""
    return {
        key: [before.get(key), value]
        for key, value in after.items()
        if before.get(key) != value and "password" not in key and "token" not in key
    }
