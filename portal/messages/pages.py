"""Private threads on the pages of needs, offers, matches and procurements.

The record pages put a thread in their context with :func:`thread_view` (``None`` for those
who do not take part) and include ``messages/_thread.html``; its form posts here, and the
answer goes back to the record's page with a flash message.
"""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Controller, Request, post
from litestar.params import FromPath
from litestar.response import Redirect
from litestar.status_codes import HTTP_303_SEE_OTHER

from portal.accounts.schemas import CurrentUser
from portal.errors import DomainError, Invalid, NotAllowed, NotFound
from portal.i18n import gettext as _
from portal.messages import services
from portal.messages.access import Subject, subject_for
from portal.messages.schemas import MessageCreate, MessageRead, SubjectType, ThreadSummary
from portal.messages.tables import MAX_BODY
from portal.organisations.schemas import OrganisationRef
from portal.search.schemas import Page
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user
from portal.web.navigation import safe_next


@dataclass(frozen=True)
class ThreadView:
    """What ``messages/_thread.html`` shows."""

    subject_type: str
    subject_id: int
    heading: str
    audience: str
    anchor: str
    messages: Page[MessageRead]
    back: str
    organisation: OrganisationRef | None = None
    max_length: int = MAX_BODY

    @property
    def page_param(self) -> str:
        return f"sida-{self.anchor}"


def _audience(subject: Subject) -> str:
    if subject.type is SubjectType.need:
        return _(
            "Tråden är privat. Den syns för behovets organisation, de experter och "
            "organisationer som föreslagits för behovet och regionens samordnare."
        )
    if subject.type is SubjectType.offer_request:
        return _(
            "Tråden är privat. Den syns för organisationen som frågar, organisationen som "
            "erbjuder och regionens samordnare."
        )
    if subject.type is SubjectType.match:
        return _(
            "Tråden är privat. Den syns för behovets organisation, den föreslagna parten "
            "och regionens samordnare."
        )
    return _(
        "Tråden är privat mellan %(organisation)s och regionbiblioteket. Regionens "
        "samordnare läser alla organisationers trådar.",
        organisation=subject.organisation.name if subject.organisation else "",
    )


def _heading(subject: Subject, heading: str | None) -> str:
    if heading:
        return heading
    if subject.type is SubjectType.procurement and subject.organisation:
        return _("Meddelanden med %(organisation)s", organisation=subject.organisation.name)
    return _("Meddelanden")


async def thread_view(
    request: Request,
    subject_type: SubjectType,
    subject_id: int,
    *,
    organisation: str | None = None,
    heading: str | None = None,
) -> ThreadView | None:
    """The thread for a record's page, or ``None`` when the reader does not take part."""
    user: CurrentUser | None = request.user
    if user is None:
        return None
    try:
        subject = await subject_for(user, subject_type, subject_id, organisation)
    except (NotAllowed, NotFound, Invalid):
        return None
    raw_page = request.query_params.get(f"sida-{subject.anchor}")
    page = int(raw_page) if raw_page and raw_page.isdigit() else None
    return ThreadView(
        subject_type=subject.type.value,
        subject_id=subject.id,
        heading=_heading(subject, heading),
        audience=_audience(subject),
        anchor=subject.anchor,
        messages=await services.messages_of(subject, page=page),
        back=subject.link,
        organisation=subject.organisation,
    )


async def procurement_threads(
    request: Request, procurement_id: int
) -> tuple[list[ThreadSummary] | None, ThreadView | None]:
    """The procurement page's threads: for the lead and the county's coordinators, the
    index of every organisation's thread and the one chosen with ``?organisation=``; for
    members, their own organisation's thread."""
    user: CurrentUser | None = request.user
    if user is None:
        return None, None
    chosen = request.query_params.get("organisation") or None
    try:
        index = await services.procurement_threads(user, procurement_id)
    except DomainError:
        index = None
    if index is not None and chosen is None:
        return index, None
    return index, await thread_view(
        request, SubjectType.procurement, procurement_id, organisation=chosen
    )


class MessagePageController(Controller):
    path = "/meddelanden"
    include_in_schema = False
    guards = [requires_user]

    @post("/{subject_type:str}/{subject_id:int}", name="messages.post")
    async def post_message(
        self, request: Request, subject_type: FromPath[str], subject_id: FromPath[int]
    ) -> Redirect:
        form = await request.form()
        organisation = formdata.text(form, "organisation")
        # Someone outside the thread gets the error page, and nothing is stored.
        subject = await subject_for(request.user, subject_type, subject_id, organisation)
        back = f"{safe_next(formdata.text(form, 'next')) or subject.link}#{subject.anchor}"
        body = form.get("body")
        try:
            data = convert({"body": "" if body is None else str(body)}, MessageCreate)
            await services.post_message(
                request.user, subject_type, subject_id, data, organisation=organisation
            )
        except Invalid as error:
            problem = error.fields.get("body")
            flash(
                request,
                _("Meddelandet skickades inte: %(problem)s", problem=problem)
                if problem
                else error.message,
                "error",
            )
        else:
            flash(request, _("Meddelandet är skickat."), "success")
        return Redirect(back, status_code=HTTP_303_SEE_OTHER)
