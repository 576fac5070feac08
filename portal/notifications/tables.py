from __future__ import annotations

from piccolo.columns import (
    JSONB,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check, Unique
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount

_KINDS = (
    "kind IN ('match_proposed', 'match_accepted', 'match_declined', 'match_completed', "
    "'match_cancelled', 'offer_request', 'offer_request_answered', 'procurement_phase', "
    "'procurement_deadline', 'message', 'saved_search')"
)
_FREQUENCIES = "frequency IN ('immediately', 'daily', 'weekly', 'never')"


class Notification(Table, tablename="notification"):
    """One event for one person. ``params`` carry what the title is written from, so it is
    rendered in the reader's language when read; ``mail_frequency`` is fixed at creation."""

    recipient = ForeignKey(UserAccount, null=False, on_delete=OnDelete.cascade, index=True)
    kind = Varchar(length=40)
    params = JSONB(default={})
    link = Varchar(length=500)
    # Repeated events (a deadline reminder, a saved-search hit) are recorded once per person.
    dedupe_key = Varchar(length=200, null=True, default=None)
    mail_frequency = Varchar(length=20, default="immediately")
    created_at = Timestamptz(default=TimestamptzNow())
    read_at = Timestamptz(null=True, default=None)
    mailed_at = Timestamptz(null=True, default=None)

    kind_is_known = Check(_KINDS)
    frequency_is_known = Check(_FREQUENCIES.replace("frequency", "mail_frequency"))
    once_per_person = Unique([recipient, dedupe_key])


class NotificationPreference(Table, tablename="notification_preference"):
    user = ForeignKey(UserAccount, null=False, on_delete=OnDelete.cascade)
    kind = Varchar(length=40)
    frequency = Varchar(length=20)

    kind_is_known = Check(_KINDS)
    frequency_is_known = Check(_FREQUENCIES)
    one_per_kind = Unique([user, kind])


class OutboundMail(Table, tablename="outbound_mail"):
    """The outbox: a mail is written here in the transaction of its event and sent by a job.

    Status: pending (waiting or retrying), sent, kept (development without SMTP: shown on the
    developer mail page instead), failed (the address was refused for good)."""

    recipient = ForeignKey(UserAccount, null=True, on_delete=OnDelete.set_null, index=True)
    to_address = Varchar(length=254)
    subject = Varchar(length=300)
    text_body = Text()
    html_body = Text()
    kind = Varchar(length=40)
    status = Varchar(length=20, default="pending")
    attempts = Integer(default=0)
    last_error = Text(default="")
    created_at = Timestamptz(default=TimestamptzNow())
    sent_at = Timestamptz(null=True, default=None)

    status_is_known = Check("status IN ('pending', 'sent', 'kept', 'failed')")
