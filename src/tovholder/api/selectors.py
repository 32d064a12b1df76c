"""Every read of the API app. Citizen data is read only through the citizen gate
(`citizens.selectors.open_citizen`, which logs the read in the client's name) or the need-to-know list
(`Citizen.objects.known_to` + `record_list_access`); what follows from an opened citizen is read through
its relations, one page at a time (cursor: the last id seen)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from tovholder.accounts.principals import Actor, require_perm
from tovholder.audit.services import record_list_access
from tovholder.citizens.cpr import clean_cpr
from tovholder.citizens.models import Citizen
from tovholder.citizens.selectors import open_citizen
from tovholder.forecast import selectors as forecast_selectors
from tovholder.outcomes.models import Measurement
from tovholder.plans.selectors import plan_of
from tovholder.visitation import selectors as visitation_selectors
from tovholder.visitation.models import Decision

from .models import ApiClient, ApiToken
from .services import MANAGE, digest

WHAT = "API ({what})"


@dataclass
class Page:
    items: list
    next_after: int | None


def _page(qs: QuerySet, after: int, limit: int) -> Page:
    rows = list(qs.filter(pk__gt=after).order_by("pk")[:limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, rows[-1].pk if more else None)


# -- tokens and clients --------------------------------------------------------------------------
def token_for(raw: str) -> ApiToken | None:
    """The live token (not expired, not revoked, its client active) for a bearer token, else None."""
    if not raw.startswith("tvh_") or len(raw) > 100:
        return None
    return (ApiToken.objects.select_related("client__user").filter(
        digest=digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now(), client__active=True).first())


def clients(user: Actor) -> list[ApiClient]:
    principal = require_perm(user, MANAGE)
    return list(ApiClient.objects.filter(municipality_id=principal.municipality_id)
                .select_related("user").prefetch_related("units", "user__groups").order_by("name"))


def client(user: Actor, client_id: int | None) -> ApiClient:
    principal = require_perm(user, MANAGE)
    if client_id is None:
        raise Http404("Klienten findes ikke.")
    found = (ApiClient.objects.filter(municipality_id=principal.municipality_id, pk=client_id)
             .select_related("user").prefetch_related("units", "user__groups").first())
    if found is None:
        raise Http404("Klienten findes ikke.")
    return found


def tokens_of(client: ApiClient) -> list[ApiToken]:
    return list(client.tokens.order_by("-created_at", "-pk"))


def token_of(client: ApiClient, token_id: int | None) -> ApiToken:
    found = client.tokens.filter(pk=token_id).first() if token_id is not None else None
    if found is None:
        raise Http404("Nøglen findes ikke.")
    return found


# -- citizen data ------------------------------------------------------------------------------
def citizens(user: Actor, *, cpr: str | None, after: int, limit: int) -> Page:
    """The citizens the client knows (by CPR when given: a malformed number is a Danish ValidationError)."""
    qs = Citizen.objects.known_to(user)
    if cpr:
        qs = qs.filter(cpr=clean_cpr(cpr))
    page = _page(qs, after, limit)
    record_list_access(actor=user, citizens=page.items, what=WHAT.format(what="borgere"))
    return page


def citizen(user: Actor, citizen_id: int, *, what: str = "borger") -> Citizen:
    """One citizen inside the client's need to know (another municipality's or none: 404; outside: 403);
    the read is logged in the client's name."""
    found, _grant = open_citizen(user, citizen_id, what=WHAT.format(what=what))
    return found


def cases(user: Actor, citizen_id: int, *, after: int, limit: int) -> Page:
    return _page(citizen(user, citizen_id, what="sager").cases.all(), after, limit)


def decisions(user: Actor, citizen_id: int, *, after: int, limit: int, efforts: bool = False) -> Page:
    found = citizen(user, citizen_id, what="indsatser" if efforts else "afgørelser")
    qs = found.decisions.select_related("offer", "case")
    if efforts:  # an effort (FFB "indsats") is a granted decision, with its services and follow-ups
        S = Decision.Status  # noqa: N806
        qs = qs.filter(status__in=[S.GRANTED, S.ORDERED, S.ACTIVE, S.ENDED]).prefetch_related("follow_ups")
    return _page(qs, after, limit)


def plan(user: Actor, citizen_id: int):
    """The citizen's plan and its goals (None when the citizen has no plan yet)."""
    found = citizen(user, citizen_id, what="plan og mål")
    the_plan = plan_of(found)
    goals = list(found.goals.order_by("pk")) if the_plan is not None else []
    return the_plan, goals


def appointments(user: Actor, citizen_id: int, *, after: int, limit: int) -> Page:
    found = citizen(user, citizen_id, what="aftaler")
    return _page(found.participations.select_related("occasion", "offer"), after, limit)


def measurements(user: Actor, citizen_id: int, *, after: int, limit: int) -> Page:
    found = citizen(user, citizen_id, what="målinger")
    qs = (Measurement.objects.filter(municipality_id=found.municipality_id, citizen=found)
          .select_related("version__instrument").prefetch_related("scores"))
    return _page(qs, after, limit)


# -- the municipality's figures (no names) ------------------------------------------------------
def waitlists(user: Actor):
    return visitation_selectors.waitlists(user)


def forecasts(user: Actor, *, after: int, limit: int) -> Page:
    return _page(forecast_selectors.finished_runs(user), after, limit)


def forecast(user: Actor, run_id: int):
    return forecast_selectors.run(user, run_id)
