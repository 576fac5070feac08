"""Users, sign-in and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

import msgspec

from portal.accounts.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password
from portal.accounts.roles import Language, Role
from portal.accounts.schemas import CurrentUser, TokenCreated, TokenRead, UserRead
from portal.accounts.tables import ApiToken, UserAccount
from portal.audit import services as audit
from portal.db.transactions import atomic
from portal.errors import Invalid, NotAuthenticated, NotFound
from portal.i18n import gettext as _
from portal.organisations import services as organisations
from portal.organisations.schemas import OrganisationRef
from portal.organisations.tables import Organisation

TOKEN_PREFIX = "svp_"  # noqa: S105 - a public prefix, not a secret

_CURRENT_USER_COLUMNS = (
    UserAccount.id,
    UserAccount.email,
    UserAccount.name,
    UserAccount.roles,
    UserAccount.language,
    UserAccount.organisation.as_alias("organisation_id"),
    UserAccount.organisation.code.as_alias("organisation_code"),
    UserAccount.organisation.name.as_alias("organisation_name"),
    UserAccount.organisation.county_code.as_alias("county_code"),
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(
            _("Lösenordet måste ha minst %(n)s tecken.", n=MIN_LENGTH),
            fields={"password": _("För kort lösenord.")},
        )


async def create_user(
    *,
    email: str,
    name: str,
    organisation_code: str,
    roles: list[Role],
    password: str,
    language: Language = Language.sv,
    actor_id: int | None = None,
) -> UserRead:
    email = normalise_email(email)
    if "@" not in email:
        raise Invalid(_("Ogiltig e-postadress."), fields={"email": _("Ogiltig e-postadress.")})
    if not name.strip():
        raise Invalid(_("Namnet saknas."), fields={"name": _("Ange ett namn.")})
    if not roles:
        raise Invalid(_("Ange minst en roll."), fields={"roles": _("Ange minst en roll.")})
    _check_password(password)
    organisation_id = await organisations.id_for_code(organisation_code)
    async with atomic():
        if await UserAccount.exists().where(UserAccount.email == email):
            raise Invalid(
                _("Det finns redan ett konto med den e-postadressen."),
                fields={"email": _("Upptagen.")},
            )
        user = UserAccount(
            email=email,
            name=name.strip(),
            password_hash=hash_password(password),
            organisation=organisation_id,
            roles=sorted({role.value for role in roles}),
            language=language.value,
        )
        await user.save()
        await audit.record(
            actor_id=actor_id,
            actor_kind="user" if actor_id else "system",
            action="user.create",
            entity_type="user",
            entity_id=user.id,
            organisation_code=organisation_code,
            changes={"email": email, "name": user.name, "roles": user.roles},
        )
    return await get_user(user.id)


async def set_password(email: str, password: str, *, actor_id: int | None = None) -> None:
    _check_password(password)
    email = normalise_email(email)
    async with atomic():
        row = await UserAccount.select(UserAccount.id).where(UserAccount.email == email).first()
        if row is None:
            raise NotFound(_("Det finns inget konto med den e-postadressen."))
        await UserAccount.update({UserAccount.password_hash: hash_password(password)}).where(
            UserAccount.id == row["id"]
        )
        await audit.record(
            actor_id=actor_id,
            actor_kind="user" if actor_id else "system",
            action="user.set_password",
            entity_type="user",
            entity_id=row["id"],
        )


async def authenticate(email: str, password: str) -> CurrentUser:
    """Check a sign-in; unknown e-mail and wrong password fail alike."""
    row = await (
        UserAccount.select(UserAccount.id, UserAccount.password_hash, UserAccount.active)
        .where(UserAccount.email == normalise_email(email))
        .first()
    )
    password_hash = row["password_hash"] if row and row["active"] else None
    if not verify_password(password_hash, password):
        raise NotAuthenticated(_("Fel e-postadress eller lösenord."))
    assert row is not None and password_hash is not None
    async with atomic():
        changes: dict = {UserAccount.last_login_at: datetime.now(UTC)}
        if needs_rehash(password_hash):
            changes[UserAccount.password_hash] = hash_password(password)
        await UserAccount.update(changes).where(UserAccount.id == row["id"])
        await audit.record(
            actor_id=row["id"], action="user.sign_in", entity_type="user", entity_id=row["id"]
        )
    user = await current_user_by_id(row["id"])
    assert user is not None
    return user


async def current_user_by_id(user_id: int) -> CurrentUser | None:
    row = await (
        UserAccount.select(*_CURRENT_USER_COLUMNS)
        .where(UserAccount.id == user_id, UserAccount.active.eq(True))
        .first()
    )
    return msgspec.convert(row, CurrentUser) if row else None


async def get_user(user_id: int) -> UserRead:
    row = (
        await UserAccount.select(
            UserAccount.id,
            UserAccount.email,
            UserAccount.name,
            UserAccount.roles,
            UserAccount.language,
            UserAccount.organisation.code,
            UserAccount.organisation.name,
            UserAccount.organisation.kind,
        )
        .where(UserAccount.id == user_id)
        .first()
    )
    if row is None:
        raise NotFound(_("Användaren finns inte."))
    return UserRead(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        roles=[Role(r) for r in row["roles"]],
        language=Language(row["language"]),
        organisation=OrganisationRef(
            code=row["organisation.code"],
            name=row["organisation.name"],
            kind=row["organisation.kind"],
        ),
    )


async def set_language(user: CurrentUser, language: Language) -> None:
    async with atomic():
        await UserAccount.update({UserAccount.language: language.value}).where(
            UserAccount.id == user.id
        )
        await audit.record(
            actor_id=user.id,
            action="user.set_language",
            entity_type="user",
            entity_id=user.id,
            changes={"language": [user.language.value, language.value]},
        )


# --- personal API tokens --------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_token(user: CurrentUser, name: str) -> TokenCreated:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with atomic():
        row = ApiToken(
            user=user.id, name=name.strip(), token_hash=_token_hash(token), prefix=token[:12]
        )
        await row.save()
        await audit.record(
            actor_id=user.id,
            action="token.create",
            entity_type="api_token",
            entity_id=row.id,
            changes={"name": row.name, "prefix": row.prefix},
        )
    return TokenCreated(id=row.id, name=row.name, token=token)


async def list_tokens(user: CurrentUser) -> list[TokenRead]:
    rows = await (
        ApiToken.select(
            ApiToken.id,
            ApiToken.name,
            ApiToken.prefix,
            ApiToken.created_at,
            ApiToken.last_used_at,
            ApiToken.revoked_at,
        )
        .where(ApiToken.user == user.id)
        .order_by(ApiToken.created_at, ascending=False)
    )
    return msgspec.convert(rows, list[TokenRead])


async def revoke_token(user: CurrentUser, token_id: int) -> None:
    async with atomic():
        updated = await (
            ApiToken.update({ApiToken.revoked_at: datetime.now(UTC)})
            .where(
                ApiToken.id == token_id,
                ApiToken.user == user.id,
                ApiToken.revoked_at.is_null(),
            )
            .returning(ApiToken.id)
        )
        if not updated:
            raise NotFound(_("Nyckeln finns inte eller är redan återkallad."))
        await audit.record(
            actor_id=user.id, action="token.revoke", entity_type="api_token", entity_id=token_id
        )


async def user_for_token(token: str) -> CurrentUser | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = await (
        ApiToken.select(ApiToken.id, ApiToken.user)
        .where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_null())
        .first()
    )
    if row is None:
        return None
    await ApiToken.update({ApiToken.last_used_at: datetime.now(UTC)}).where(
        ApiToken.id == row["id"]
    )
    return await current_user_by_id(row["user"])


async def organisation_exists(code: str) -> bool:
    return await Organisation.exists().where(Organisation.code == code)
