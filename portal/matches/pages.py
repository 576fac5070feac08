"""HTML pages for matching: proposals and their steps, the scoring explained, region-wide
runs for coordinators, and the hours ledger."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from portal.accounts.permissions import may_coordinate
from portal.errors import Conflict, DomainError, Invalid
from portal.i18n import gettext as _
from portal.matches import ledger as ledgers
from portal.matches import runs, services, weights
from portal.matches.labels import criterion_explanations, criterion_labels, status_labels
from portal.matches.schemas import MatchCreate, MatchFilters, RunCreate
from portal.matches.status import MatchStatus
from portal.matching.criteria import DEFAULT_HORIZON_WEEKS, FULL_SLACK_DAYS
from portal.messages.pages import thread_view
from portal.messages.schemas import SubjectType
from portal.organisations import services as organisations
from portal.validation import convert
from portal.web import formdata
from portal.web.flash import flash
from portal.web.guards import requires_user
from portal.web.navigation import see_other


class MatchPageController(Controller):
    path = "/matchningar"
    include_in_schema = False
    guards = [requires_user]

    @get("/", name="matches.list")
    async def list_page(
        self,
        request: Request,
        status: FromQuery[list[MatchStatus] | None] = None,
        page: FromQuery[int] = 1,
    ) -> Template:
        filters = MatchFilters(mine=True, status=status or [], page=max(1, min(page, 100_000)))
        result = await services.list_matches(request.user, filters)
        return Template(
            "matches/list.html",
            context={
                "result": result,
                "chosen": [s.value for s in filters.status],
                "statuses": list(MatchStatus),
                "status_labels": status_labels(),
                "may_coordinate": may_coordinate(request.user, request.user.county_code),
            },
        )

    @post("/", name="matches.create")
    async def create(self, request: Request) -> Redirect:
        form = await request.form()
        need_id = formdata.text(form, "need_id") or "0"
        data = {
            "need_id": need_id,
            "provider": {
                "type": formdata.text(form, "provider_type") or "",
                "id": formdata.text(form, "provider_id") or "0",
            },
            "hours": formdata.text(form, "hours"),
            "comment": formdata.text(form, "comment") or "",
        }
        try:
            match = await services.propose(
                request.user, convert(formdata.drop_none(data), MatchCreate)
            )
        except (Invalid, Conflict) as error:
            flash(request, error.message, "error")
            return see_other(f"/behov/{int(need_id) if need_id.isdigit() else 0}")
        flash(request, _("Förslaget är skickat."), "success")
        return see_other(f"/matchningar/{match.id}")

    @get("/{match_id:int}", name="matches.detail")
    async def detail(self, request: Request, match_id: FromPath[int]) -> Template:
        match = await services.get_match(request.user, match_id)
        return Template(
            "matches/detail.html",
            context={
                "match": match,
                "status_labels": status_labels(),
                "criterion_labels": criterion_labels(),
                "thread": await thread_view(request, SubjectType.match, match.id),
            },
        )

    @get("/{match_id:int}/avbryt", name="matches.confirm_cancel")
    async def confirm_cancel(self, request: Request, match_id: FromPath[int]) -> Template:
        match = await services.get_match(request.user, match_id)
        return Template("matches/confirm_cancel.html", context={"match": match, "errors": {}})

    @post("/{match_id:int}/{action:str}", name="matches.act")
    async def act(self, request: Request, match_id: FromPath[int], action: FromPath[str]) -> Any:
        form = await request.form()
        comment = formdata.text(form, "comment") or ""
        user = request.user
        try:
            if action == "accept":
                await services.accept(user, match_id, comment)
                flash(request, _("Du har accepterat förslaget."), "success")
            elif action == "decline":
                reason = formdata.text(form, "reason")
                if not reason:
                    raise Invalid(
                        _("Skriv varför du avböjer."), fields={"reason": _("Måste fyllas i.")}
                    )
                await services.decline(user, match_id, reason[:2000])
                flash(request, _("Du har avböjt förslaget."), "success")
            elif action == "start":
                await services.start(user, match_id, comment)
                flash(request, _("Arbetet är markerat som påbörjat."), "success")
            elif action == "complete":
                hours = formdata.text(form, "hours_logged")
                try:
                    logged = float(hours.replace(",", ".")) if hours else None
                except ValueError:
                    logged = None
                if logged is not None and not 0 < logged <= 10_000:
                    raise Invalid(
                        _("Ange timmar mellan 0 och 10 000."),
                        fields={"hours_logged": _("Ange timmar mellan 0 och 10 000.")},
                    )
                await services.complete(user, match_id, logged, comment)
                flash(request, _("Uppdraget är slutfört. Tack!"), "success")
            elif action == "cancel":
                reason = formdata.text(form, "reason")
                if not reason:
                    match = await services.get_match(user, match_id)
                    return Template(
                        "matches/confirm_cancel.html",
                        context={"match": match, "errors": {"reason": _("Måste fyllas i.")}},
                        status_code=422,
                    )
                await services.cancel(user, match_id, reason[:2000])
                flash(request, _("Matchningen är avbruten."), "success")
            else:
                flash(request, _("Okänd åtgärd."), "error")
        except (Invalid, Conflict) as error:
            flash(request, error.message, "error")
        return see_other(f"/matchningar/{match_id}")


class MatchingPageController(Controller):
    path = "/matchning"
    include_in_schema = False

    @get("/poang", name="matching.scoring")
    async def scoring(self, request: Request) -> Template:
        user = request.user
        return Template(
            "matches/scoring.html",
            context={
                "weights": await weights.current_weights(),
                "labels": criterion_labels(),
                "explanations": criterion_explanations(),
                "may_edit": user is not None and may_coordinate(user, user.county_code),
                "horizon_weeks": DEFAULT_HORIZON_WEEKS,
                "slack_weeks": FULL_SLACK_DAYS // 7,
                "errors": {},
            },
        )

    @post("/poang", name="matching.save_weights", guards=[requires_user])
    async def save_weights(self, request: Request) -> Template | Redirect:
        form = await request.form()
        current = await weights.current_weights()
        values, errors = {}, {}
        for name in current:
            raw = (formdata.text(form, name) or "").replace(",", ".")
            try:
                values[name] = float(raw)
            except ValueError:
                errors[name] = _("Ange ett tal.")
        try:
            if errors:
                raise Invalid(_("Kontrollera vikterna."), fields=errors)
            await weights.save_weights(request.user, values)
        except Invalid as error:
            return Template(
                "matches/scoring.html",
                context={
                    "weights": {**current, **values},
                    "labels": criterion_labels(),
                    "explanations": criterion_explanations(),
                    "may_edit": True,
                    "horizon_weeks": DEFAULT_HORIZON_WEEKS,
                    "slack_weeks": FULL_SLACK_DAYS // 7,
                    "errors": error.fields or {"form": error.message},
                    "error_message": error.message,
                },
                status_code=422,
            )
        flash(request, _("Viktningen är sparad."), "success")
        return see_other("/matchning/poang")

    @get("/korningar", name="matching.runs", guards=[requires_user])
    async def runs_page(self, request: Request) -> Template:
        return Template(
            "matches/runs.html",
            context={"runs": await runs.recent_runs(request.user), "errors": {}},
        )

    @post("/korningar", name="matching.start_run", guards=[requires_user])
    async def start_run(self, request: Request) -> Redirect:
        form = await request.form()
        data = {"horizon_weeks": formdata.text(form, "horizon_weeks") or "4"}
        try:
            run_id = await runs.start_run(request.user, convert(data, RunCreate))
        except Conflict as error:
            flash(request, error.message, "error")
            return see_other(f"/matchning/korningar/{error.extra['run_id']}")
        except Invalid as error:
            flash(request, error.message, "error")
            return see_other("/matchning/korningar")
        flash(request, _("Matchningen har startat."), "success")
        return see_other(f"/matchning/korningar/{run_id}")

    @get("/korningar/{run_id:int}", name="matching.run", guards=[requires_user])
    async def run_page(self, request: Request, run_id: FromPath[int]) -> Template:
        run = await runs.get_run(request.user, run_id)
        titles, providers = await _run_labels(run)
        return Template(
            "matches/run.html",
            context={"run": run, "need_titles": titles, "provider_labels": providers},
        )

    @post("/korningar/{run_id:int}/forslag", name="matching.run_proposals", guards=[requires_user])
    async def run_proposals(self, request: Request, run_id: FromPath[int]) -> Redirect:
        form = await request.form()
        chosen = formdata.values(form, "chosen")
        if not chosen:
            flash(request, _("Välj minst en tilldelning."), "error")
            return see_other(f"/matchning/korningar/{run_id}")
        try:
            created, failed = await runs.propose_from_run(request.user, run_id, chosen[:5000])
        except DomainError as error:
            flash(request, error.message, "error")
            return see_other(f"/matchning/korningar/{run_id}")
        flash(request, _("%(n)s förslag skickade.", n=len(created)), "success")
        for key, message in list(failed.items())[:10]:
            flash(request, f"{key}: {message}", "error")
        return see_other(f"/matchning/korningar/{run_id}")


async def _run_labels(run) -> tuple[dict[int, str], dict[str, str]]:
    """Need titles and provider names for the run page's table."""
    from portal.db.raw import fetch

    if not run.assignments:
        return {}, {}
    need_ids = sorted({a.need_id for a in run.assignments})
    experts = sorted({a.provider.id for a in run.assignments if a.provider.type == "expert"})
    offers = sorted({a.provider.id for a in run.assignments if a.provider.type == "offer"})
    titles = {
        r["id"]: r["title"]
        for r in await fetch("SELECT id, title FROM need WHERE id = ANY($1)", need_ids)
    }
    labels = {
        f"expert:{r['id']}": r["headline"]
        for r in await fetch("SELECT id, headline FROM expert_profile WHERE id = ANY($1)", experts)
    }
    labels |= {
        f"offer:{r['id']}": r["title"]
        for r in await fetch("SELECT id, title FROM resource_offer WHERE id = ANY($1)", offers)
    }
    return titles, labels


class LedgerPageController(Controller):
    path = "/timmar"
    include_in_schema = False
    guards = [requires_user]

    @get("/", name="ledger.region")
    async def region(self, request: Request) -> Template:
        ledger = await ledgers.ledger(request.user, request.user.county_code)
        return Template("matches/ledger.html", context={"ledger": ledger, "organisation": None})

    @get("/{code:str}", name="ledger.organisation")
    async def organisation(self, request: Request, code: FromPath[str]) -> Template:
        organisation = await organisations.get_organisation(code)
        ledger = await ledgers.ledger(request.user, organisation.county_code, code)
        return Template(
            "matches/ledger.html", context={"ledger": ledger, "organisation": organisation}
        )
