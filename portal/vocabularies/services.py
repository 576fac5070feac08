"""Controlled vocabularies: looked up, validated against, and edited by admins."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from portal.accounts.roles import Role
from portal.accounts.schemas import CurrentUser
from portal.audit import services as audit
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAllowed, NotFound
from portal.i18n import current_locale
from portal.i18n import gettext as _
from portal.vocabularies.kinds import Vocabulary
from portal.vocabularies.reference import reference_terms
from portal.vocabularies.schemas import TermCreate, TermRead, TermUpdate
from portal.vocabularies.tables import VocabularyTerm


def _read(row: dict) -> TermRead:
    name = row["name_en"] if current_locale.get() == "en" else row["name_sv"]
    return TermRead(
        code=row["code"],
        name=name,
        name_sv=row["name_sv"],
        name_en=row["name_en"],
        active=row["active"],
    )


async def list_terms(vocabulary: Vocabulary, *, include_inactive: bool = False) -> list[TermRead]:
    query = VocabularyTerm.select(
        VocabularyTerm.code, VocabularyTerm.name_sv, VocabularyTerm.name_en, VocabularyTerm.active
    ).where(VocabularyTerm.vocabulary == vocabulary.value)
    if not include_inactive:
        query = query.where(VocabularyTerm.active.eq(True))
    rows = await query.order_by(VocabularyTerm.position).order_by(VocabularyTerm.code)
    return [_read(row) for row in rows]


async def names(vocabulary: Vocabulary) -> dict[str, str]:
    """Code → name in the current language, inactive terms included (old records use them)."""
    return {t.code: t.name for t in await list_terms(vocabulary, include_inactive=True)}


async def check_codes(vocabulary: Vocabulary, codes: Iterable[str], field: str) -> None:
    """Refuse codes that are not active terms of ``vocabulary``, naming the field."""
    wanted = set(codes)
    if not wanted:
        return
    rows = await VocabularyTerm.select(VocabularyTerm.code).where(
        VocabularyTerm.vocabulary == vocabulary.value,
        VocabularyTerm.code.is_in(list(wanted)),
        VocabularyTerm.active.eq(True),
    )
    unknown = sorted(wanted - {row["code"] for row in rows})
    if unknown:
        message = _("Okänd kod: %(codes)s.", codes=", ".join(unknown))
        raise Invalid(message, fields={field: message})


def _require_admin(user: CurrentUser) -> None:
    if not user.has_role(Role.admin):
        raise NotAllowed(_("Bara administratörer kan ändra vokabulärerna."))


async def add_term(user: CurrentUser, vocabulary: Vocabulary, data: TermCreate) -> TermRead:
    _require_admin(user)
    async with atomic():
        exists = await VocabularyTerm.exists().where(
            VocabularyTerm.vocabulary == vocabulary.value, VocabularyTerm.code == data.code
        )
        if exists:
            message = _("Koden finns redan.")
            raise Invalid(message, fields={"code": message})
        term = VocabularyTerm(
            vocabulary=vocabulary.value, code=data.code, name_sv=data.name_sv, name_en=data.name_en
        )
        await term.save()
        await audit.record(
            actor_id=user.id,
            action="vocabulary.add",
            entity_type=f"vocabulary.{vocabulary.value}",
            entity_id=data.code,
            changes={"name_sv": data.name_sv, "name_en": data.name_en},
        )
    return _read(term.to_dict())


async def update_term(
    user: CurrentUser, vocabulary: Vocabulary, code: str, data: TermUpdate
) -> TermRead:
    _require_admin(user)
    async with atomic():
        row = await (
            VocabularyTerm.select()
            .where(VocabularyTerm.vocabulary == vocabulary.value, VocabularyTerm.code == code)
            .first()
        )
        if row is None:
            raise NotFound(_("Termen finns inte."))
        changes = {
            name: value
            for name, value in (
                ("name_sv", data.name_sv),
                ("name_en", data.name_en),
                ("active", data.active),
            )
            if value is not msgspec.UNSET
        }
        if changes:
            await VocabularyTerm.update(
                {getattr(VocabularyTerm, k): v for k, v in changes.items()}
            ).where(VocabularyTerm.id == row["id"])
            await audit.record(
                actor_id=user.id,
                action="vocabulary.update",
                entity_type=f"vocabulary.{vocabulary.value}",
                entity_id=code,
                changes=audit.diff(row, changes),
            )
        row.update(changes)
    return _read(row)


async def seed_vocabularies() -> int:
    """Insert missing reference terms; existing ones (maybe edited by admins) are kept."""
    existing = {
        (row["vocabulary"], row["code"])
        for row in await VocabularyTerm.select(VocabularyTerm.vocabulary, VocabularyTerm.code)
    }
    new = [
        VocabularyTerm(
            vocabulary=term.vocabulary.value,
            code=term.code,
            name_sv=term.name_sv,
            name_en=term.name_en,
            position=term.position,
        )
        for term in reference_terms()
        if (term.vocabulary.value, term.code) not in existing
    ]
    if new:
        await VocabularyTerm.insert(*new)
    return len(new)
