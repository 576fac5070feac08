from __future__ import annotations

from piccolo.columns import Array, Boolean, ForeignKey, OnDelete, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.roles import Language
from portal.organisations.tables import Organisation


class UserAccount(Table, tablename="user_account"):
    """A person who signs in. E-mail is stored lower-cased; the hash is argon2id."""

    email = Varchar(length=254, unique=True, index=True)
    name = Varchar(length=200)
    password_hash = Varchar(length=255, secret=True)
    organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict)
    roles = Array(base_column=Varchar(length=20), default=list)
    language = Varchar(length=2, choices=Language, default=Language.sv)
    active = Boolean(default=True)
    created_at = Timestamptz(default=TimestamptzNow())
    last_login_at = Timestamptz(null=True, default=None)
    # Set when the mail server refused the address for good; shown to admins.
    mail_failed_at = Timestamptz(null=True, default=None)
    mail_failure = Varchar(length=500, default="")

    email_is_lower_case = Check("email = lower(email)")
    roles_are_known = Check("roles <@ ARRAY['member', 'expert', 'coordinator', 'admin']::varchar[]")
    language_is_known = Check("language IN ('sv', 'en')")


class ApiToken(Table, tablename="api_token"):
    """A personal bearer token. Only a SHA-256 of the token is kept."""

    user = ForeignKey(UserAccount, null=False, index=True)
    name = Varchar(length=100)
    token_hash = Varchar(length=64, unique=True, secret=True)
    prefix = Varchar(length=12)
    created_at = Timestamptz(default=TimestamptzNow())
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)
