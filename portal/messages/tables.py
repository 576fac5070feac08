"""The messages of private threads.

A thread is named by its subject (``subject_type`` and ``subject_id``: a need, an offer
request, a match or a joint procurement) and, for procurements, by the organisation whose
private line to the lead it is (``organisation``). There is no foreign key to the subject,
since it is one of four tables; the service checks that it exists before anyone writes.
"""

from __future__ import annotations

from piccolo.columns import ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.constraints import Check
from piccolo.table import Table

import portal.db  # noqa: F401  (sets PICCOLO_CONF before the table binds its engine)
from portal.accounts.tables import UserAccount
from portal.organisations.tables import Organisation

MAX_BODY = 5000


class ThreadMessage(Table, tablename="thread_message"):
    """One message; the author's organisation is kept as it was when it was written."""

    subject_type = Varchar(length=20)
    subject_id = Integer()
    organisation = ForeignKey(Organisation, null=True, on_delete=OnDelete.restrict)
    author = ForeignKey(UserAccount, null=False, on_delete=OnDelete.restrict, index=True)
    author_organisation = ForeignKey(Organisation, null=False, on_delete=OnDelete.restrict)
    body = Text()
    created_at = Timestamptz(default=TimestamptzNow())

    subject_is_known = Check("subject_type IN ('need', 'offer_request', 'match', 'procurement')")
    organisation_only_on_procurements = Check(
        "(subject_type = 'procurement') = (organisation IS NOT NULL)"
    )
    body_in_range = Check(f"length(btrim(body)) > 0 AND length(body) <= {MAX_BODY}")
