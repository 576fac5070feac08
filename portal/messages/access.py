"""Who takes part in which thread: the one place those rules are written.

- A need: the need's organisation (and its libraries), the county's coordinators, and the
  providers with a live match on the need (the expert, or the offering organisation).
- An offer request: the requesting and the offering organisation (and the coordinators).
- A match: the need's organisation and the provider side, as on the match's own page.
- A procurement: one private thread per organisation of the county, between that
  organisation and the lead (the lead's staff and the county's coordinators, who read
  every thread of the procurement).

A record the reader may not see at all answers 404; a public record (a need that is out, a
procurement) whose thread is not theirs answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from portal.accounts.permissions import may_act_for
from portal.accounts.schemas import CurrentUser
from portal.db.raw import fetch
from portal.errors import Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.messages.schemas import SubjectType
from portal.needs.status import PUBLIC
from portal.notifications.services import members_of
from portal.organisations.schemas import OrganisationRef
from portal.procurements import access as procurement_access
from portal.procurements import services as procurements

# Matches whose provider still takes part in the need's thread.
LIVE_MATCHES = ("proposed", "accepted", "in_progress", "completed")

_NEED_SQL = """
SELECT n.id, n.title, n.status, n.created_by, n.contact,
       o.code AS org_code, o.county_code AS org_county
FROM need n JOIN organisation o ON o.id = n.organisation WHERE n.id = $1
"""

_NEED_PROVIDERS_SQL = """
SELECT x.provider_type, e."user" AS expert_user, r.created_by AS offer_creator,
       po.code AS org_code, po.county_code AS org_county
FROM match x
LEFT JOIN expert_profile e ON e.id = x.expert
LEFT JOIN resource_offer r ON r.id = x.offer
LEFT JOIN organisation po ON po.id = x.provider_organisation
WHERE x.need = $1 AND x.status = ANY($2::varchar[])
"""

_REQUEST_SQL = """
SELECT q.id, q.offer, q.requested_by, q.decided_by, r.title, r.created_by AS offer_creator,
       o.code AS org_code, o.county_code AS org_county,
       ro.code AS offer_org_code, ro.county_code AS offer_org_county
FROM offer_request q
JOIN resource_offer r ON r.id = q.offer
JOIN organisation ro ON ro.id = r.organisation
JOIN organisation o ON o.id = q.organisation
WHERE q.id = $1
"""

_MATCH_SQL = """
SELECT x.id, x.provider_type, x.proposed_by, n.title, n.created_by, n.contact,
       no.code AS need_org_code, no.county_code AS need_org_county,
       e."user" AS expert_user, r.created_by AS offer_creator,
       po.code AS prov_org_code, po.county_code AS prov_org_county
FROM match x
JOIN need n ON n.id = x.need
JOIN organisation no ON no.id = n.organisation
LEFT JOIN expert_profile e ON e.id = x.expert
LEFT JOIN resource_offer r ON r.id = x.offer
LEFT JOIN organisation po ON po.id = x.provider_organisation
WHERE x.id = $1
"""

_ORGANISATION_SQL = "SELECT id, code, name, kind, county_code FROM organisation WHERE code = $1"


@dataclass
class Subject:
    """A thread's record, who takes part in it, and who hears of a new message."""

    type: SubjectType
    id: int
    title: str
    link: str
    # Organisations (code, county) whose people take part, and people who take part in
    # person (an expert on a match).
    organisations: list[tuple[str, str]] = field(default_factory=list)
    people: set[int] = field(default_factory=set)
    # The record's primary people, told of every new message.
    primary: list[int | None] = field(default_factory=list)
    # Procurement threads: the organisation whose private line it is.
    organisation: OrganisationRef | None = None
    organisation_id: int | None = None
    # A record anyone signed in may read (a need that is out): 403 rather than 404.
    public: bool = False

    def takes_part(self, user: CurrentUser) -> bool:
        return user.id in self.people or any(
            may_act_for(user, code, county) for code, county in self.organisations
        )

    @property
    def anchor(self) -> str:
        return f"messages-{self.type.value}-{self.id}"


def _subject_type(value: str) -> SubjectType:
    try:
        return SubjectType(value)
    except ValueError:
        raise NotFound(_("Tråden finns inte.")) from None


async def _need(need_id: int) -> Subject:
    rows = await fetch(_NEED_SQL, need_id)
    if not rows:
        raise NotFound(_("Behovet finns inte."))
    row = rows[0]
    subject = Subject(
        type=SubjectType.need,
        id=need_id,
        title=row["title"],
        link=f"/behov/{need_id}",
        organisations=[(row["org_code"], row["org_county"])],
        primary=[row["created_by"], row["contact"]],
        public=row["status"] in PUBLIC,
    )
    for provider in await fetch(_NEED_PROVIDERS_SQL, need_id, list(LIVE_MATCHES)):
        if provider["provider_type"] == "expert":
            if provider["expert_user"]:
                subject.people.add(provider["expert_user"])
                subject.primary.append(provider["expert_user"])
        elif provider["org_code"]:
            subject.organisations.append((provider["org_code"], provider["org_county"]))
            subject.primary.append(provider["offer_creator"])
    return subject


async def _offer_request(request_id: int) -> Subject:
    rows = await fetch(_REQUEST_SQL, request_id)
    if not rows:
        raise NotFound(_("Förfrågan finns inte."))
    row = rows[0]
    return Subject(
        type=SubjectType.offer_request,
        id=request_id,
        title=row["title"],
        link=f"/erbjudanden/{row['offer']}",
        organisations=[
            (row["org_code"], row["org_county"]),
            (row["offer_org_code"], row["offer_org_county"]),
        ],
        primary=[row["requested_by"], row["offer_creator"], row["decided_by"]],
    )


async def _match(match_id: int) -> Subject:
    rows = await fetch(_MATCH_SQL, match_id)
    if not rows:
        raise NotFound(_("Matchningen finns inte."))
    row = rows[0]
    subject = Subject(
        type=SubjectType.match,
        id=match_id,
        title=row["title"],
        link=f"/matchningar/{match_id}",
        organisations=[(row["need_org_code"], row["need_org_county"])],
        primary=[row["created_by"], row["contact"], row["proposed_by"]],
    )
    if row["provider_type"] == "expert":
        if row["expert_user"]:
            subject.people.add(row["expert_user"])
            subject.primary.append(row["expert_user"])
    elif row["prov_org_code"]:
        subject.organisations.append((row["prov_org_code"], row["prov_org_county"]))
        subject.primary.append(row["offer_creator"])
    return subject


async def _organisation(code: str) -> dict[str, Any]:
    rows = await fetch(_ORGANISATION_SQL, code)
    if not rows:
        raise NotFound(_("Organisationen finns inte."))
    return rows[0]


async def _coordinators(county_code: str) -> list[int]:
    rows = await fetch(
        "SELECT u.id FROM user_account u JOIN organisation o ON o.id = u.organisation "
        "WHERE u.active AND o.county_code = $1 AND 'coordinator' = ANY(u.roles) ORDER BY u.id",
        county_code,
    )
    return [row["id"] for row in rows]


def lead_side(user: CurrentUser, row: dict[str, Any]) -> bool:
    """The lead's staff and the county's coordinators: they read every private thread."""
    return may_act_for(user, row["lead_code"], row["county_code"])


async def procurement_row(user: CurrentUser, procurement_id: int) -> dict[str, Any]:
    """The procurement, if the user may see it and belongs to its county."""
    row = await procurements.visible_row(user, procurement_id)
    if not procurement_access.may_see_participants(user, row["county_code"]):
        raise NotAllowed(_("Bara användare i länet kan skriva till regionbiblioteket."))
    return row


async def _procurement(user: CurrentUser, procurement_id: int, organisation: str | None) -> Subject:
    row = await procurement_row(user, procurement_id)
    if organisation is None:
        if lead_side(user, row):
            message = _("Välj vilken organisations tråd du vill läsa eller skriva i.")
            raise Invalid(message, fields={"organisation": message})
        organisation = user.organisation_code
    org = await _organisation(organisation)
    if org["county_code"] != row["county_code"] or org["code"] == row["lead_code"]:
        raise NotFound(_("Organisationen har ingen tråd i den här upphandlingen."))
    participation = await fetch(
        "SELECT contact FROM procurement_participation WHERE procurement = $1 "
        "AND organisation = $2",
        procurement_id,
        org["id"],
    )
    contact = participation[0]["contact"] if participation else None
    # Each side hears of a message: its named person, else all of its people.
    organisation_side = [contact] if contact else await members_of(org["code"])
    lead = [row["created_by"]] if row["created_by"] else await _coordinators(row["county_code"])
    return Subject(
        type=SubjectType.procurement,
        id=procurement_id,
        title=row["title"],
        link=f"/upphandlingar/{procurement_id}?organisation={org['code']}",
        organisations=[
            (org["code"], org["county_code"]),
            (row["lead_code"], row["county_code"]),
        ],
        primary=[*organisation_side, *lead],
        organisation=OrganisationRef(code=org["code"], name=org["name"], kind=org["kind"]),
        organisation_id=org["id"],
    )


async def subject_for(
    user: CurrentUser, subject_type: str, subject_id: int, organisation: str | None = None
) -> Subject:
    """The thread's subject, if ``user`` takes part in it; else 404 or 403."""
    kind = _subject_type(subject_type)
    if kind is SubjectType.procurement:
        subject = await _procurement(user, subject_id, organisation)
        if not subject.takes_part(user):
            raise NotAllowed(_("Tråden är privat mellan organisationen och regionbiblioteket."))
        return subject
    if kind is SubjectType.need:
        subject = await _need(subject_id)
        if not subject.takes_part(user):
            if subject.public:
                raise NotAllowed(
                    _("Bara behovets organisation och de som föreslagits för det deltar i tråden.")
                )
            raise NotFound(_("Behovet finns inte."))
        return subject
    subject = await (_offer_request if kind is SubjectType.offer_request else _match)(subject_id)
    if not subject.takes_part(user):
        raise NotFound(
            _("Förfrågan finns inte.")
            if kind is SubjectType.offer_request
            else _("Matchningen finns inte.")
        )
    return subject
